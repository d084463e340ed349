// The review site's only script: no library, no network. Sorting for every table.sortable,
// filters on the index (also read from and written to the address, e.g. #q=inria&sort=published&dir=desc),
// and label toggles on document pages. Without it the pages still show everything.
"use strict";

(function () {
  const collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });

  function cellValue(row, index) {
    const cell = row.cells[index];
    if (!cell) return "";
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  }

  // Sort `table` by the column of header `th`; empty values stay last in both directions.
  function sortTable(table, th, direction) {
    const index = Array.prototype.indexOf.call(th.parentNode.children, th);
    const numeric = th.dataset.type === "number";
    const body = table.tBodies[0];
    const rows = Array.from(body.rows).filter((r) => !r.classList.contains("empty"));
    const sign = direction === "descending" ? -1 : 1;
    rows.sort((a, b) => {
      const x = cellValue(a, index), y = cellValue(b, index);
      if (x === "" || y === "") return (x === "") - (y === "");
      return sign * (numeric ? parseFloat(x) - parseFloat(y) : collator.compare(x, y));
    });
    rows.forEach((r) => body.appendChild(r));
    table.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", direction);
  }

  function makeSortable(table, onSort) {
    table.querySelectorAll("thead th").forEach((th) => {
      th.tabIndex = 0;
      if (!th.title) th.title = "Sort by this column";
      const toggle = () => {
        const direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortTable(table, th, direction);
        if (onSort) onSort(th, direction);
      };
      th.addEventListener("click", toggle);
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle();
        }
      });
    });
  }

  function setUpIndex() {
    const documents = document.getElementById("documents-table");
    const errors = document.getElementById("errors-table");
    const controls = {
      q: document.getElementById("filter-q"),
      org: document.getElementById("filter-org"),
      status: document.getElementById("filter-status"),
      language: document.getElementById("filter-language"),
      format: document.getElementById("filter-format"),
      warnings: document.getElementById("filter-warnings"),
    };
    const shown = document.getElementById("shown");
    let sort = null; // {key, dir}

    function filter() {
      const words = controls.q.value.toLocaleLowerCase("fr").split(/\s+/).filter(Boolean);
      // The row's text, and (data-search) every entity's text and every organisation's names and aliases.
      const matches = (row) => {
        const text = (row.textContent + "\n" + (row.dataset.search || "")).toLocaleLowerCase("fr");
        return words.every((w) => text.includes(w));
      };
      const org = controls.org.value.trim().toLocaleLowerCase("fr");
      const named = (row) =>
        !org || (row.dataset.orgs || "").split("\n").some((name) => name.toLocaleLowerCase("fr") === org);
      const rows = Array.from(documents.tBodies[0].rows).filter((r) => !r.classList.contains("empty"));
      let count = 0;
      rows.forEach((row) => {
        const ok =
          matches(row) &&
          named(row) &&
          (!controls.status.value || row.dataset.status === controls.status.value) &&
          (!controls.language.value || row.dataset.language === controls.language.value) &&
          (!controls.format.value || row.dataset.format === controls.format.value) &&
          (!controls.warnings.checked || row.dataset.warnings !== "0");
        row.hidden = !ok;
        if (ok) count += 1;
      });
      Array.from(errors.tBodies[0].rows).forEach((row) => {
        if (!row.classList.contains("empty")) row.hidden = !matches(row) || Boolean(org);
      });
      shown.textContent = count + " of " + rows.length + " documents";
    }

    function save() {
      const params = new URLSearchParams();
      ["q", "org", "status", "language", "format"].forEach((k) => {
        if (controls[k].value) params.set(k, controls[k].value);
      });
      if (controls.warnings.checked) params.set("warnings", "1");
      if (sort) {
        params.set("sort", sort.key);
        params.set("dir", sort.dir);
      }
      const hash = params.toString();
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    }

    function load() {
      const params = new URLSearchParams(location.hash.slice(1));
      ["q", "org", "status", "language", "format"].forEach((k) => {
        controls[k].value = params.get(k) || "";
      });
      controls.warnings.checked = params.get("warnings") === "1";
      const th = params.get("sort") && documents.querySelector('th[data-key="' + CSS.escape(params.get("sort")) + '"]');
      if (th) {
        const dir = params.get("dir") === "desc" ? "descending" : "ascending";
        sortTable(documents, th, dir);
        sort = { key: th.dataset.key, dir: dir === "descending" ? "desc" : "asc" };
      }
      filter();
    }

    makeSortable(documents, (th, direction) => {
      sort = { key: th.dataset.key, dir: direction === "descending" ? "desc" : "asc" };
      save();
    });
    makeSortable(errors);
    Object.values(controls).forEach((c) =>
      c.addEventListener("input", () => {
        filter();
        save();
      })
    );
    window.addEventListener("hashchange", load);
    load();
  }

  function setUpDocument() {
    document.querySelectorAll("table.sortable").forEach((t) => makeSortable(t));
    document.querySelectorAll("button.label-toggle").forEach((button) => {
      button.addEventListener("click", () => {
        const on = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", String(on));
        const label = CSS.escape(button.dataset.label);
        document.querySelectorAll('mark.entity[data-label="' + label + '"]').forEach((m) => {
          m.classList.toggle("muted", !on);
        });
      });
    });
  }

  function setUpOrganisations() {
    const table = document.getElementById("organisations-table");
    const input = document.getElementById("filter-org-name");
    const shown = document.getElementById("orgs-shown");
    makeSortable(table);
    function filter() {
      const words = input.value.toLocaleLowerCase("fr").split(/\s+/).filter(Boolean);
      const rows = Array.from(table.tBodies[0].rows).filter((r) => !r.classList.contains("empty"));
      let count = 0;
      rows.forEach((row) => {
        const names = (row.cells[0].textContent + "\n" + row.cells[1].textContent).toLocaleLowerCase("fr");
        row.hidden = !words.every((w) => names.includes(w));
        if (!row.hidden) count += 1;
      });
      shown.textContent = count + " of " + rows.length + " organisations";
    }
    input.addEventListener("input", () => {
      filter();
      history.replaceState(null, "", input.value ? "#q=" + encodeURIComponent(input.value) : location.pathname);
    });
    input.value = new URLSearchParams(location.hash.slice(1)).get("q") || "";
    filter();
  }

  if (document.getElementById("documents-table")) setUpIndex();
  else if (document.getElementById("organisations-table")) setUpOrganisations();
  else setUpDocument();
})();
