// The review site's only script: no library, no network. Sorting for every table.sortable,
// filters on the index (also read from and written to the address, e.g. #q=inria&org=Inria&sort=published&dir=desc),
// label toggles on document pages, and corrections: a reviewer marks an entity wrong or a span missing,
// the marks are kept in this browser's localStorage (every document's, under one key) and exported as
// corrections.jsonl, a file the browser saves (no server). Without the script the pages still show everything.
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

  // Corrections: [{kind: "wrong" | "missing", doc_id, path, label, start, end, text, source?}], in marking order.
  const STORE = "press-pipeline-review-corrections";
  const corrections = {
    all() {
      try {
        const marks = JSON.parse(localStorage.getItem(STORE) || "[]");
        return Array.isArray(marks) ? marks : [];
      } catch (e) {
        return [];
      }
    },
    save(marks) {
      try {
        localStorage.setItem(STORE, JSON.stringify(marks));
      } catch (e) {
        // Storage refused (private mode, quota): the marks stay for this page only.
      }
      memory = marks;
    },
    add(mark) {
      const marks = this.list();
      const same = (m) => m.doc_id === mark.doc_id && m.kind === mark.kind && m.start === mark.start && m.end === mark.end;
      if (!marks.some(same)) marks.push(mark);
      this.save(marks);
    },
    remove(index) {
      const marks = this.list();
      marks.splice(index, 1);
      this.save(marks);
    },
    list() {
      return memory || this.all();
    },
    lines() {
      return this.list().map((m) => JSON.stringify(m) + "\n").join("");
    },
    exportFile() {
      const blob = new Blob([this.lines()], { type: "application/x-ndjson" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "corrections.jsonl";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    },
  };
  let memory = null;
  window.reviewCorrections = corrections;

  function showCount() {
    const n = corrections.list().length;
    document.querySelectorAll(".corrections-count").forEach((el) => (el.textContent = String(n)));
    const button = document.getElementById("export-corrections");
    if (button && document.body.classList.contains("index-page")) button.hidden = n === 0;
  }

  // The characters of the record's text in a fragment of the drawn text: text nodes as they are, a line
  // break (displaCy draws "\n" as <br>) as "\n", an entity's label and value left out.
  function textOf(root) {
    let text = "";
    root.childNodes.forEach((node) => {
      if (node.nodeType === Node.TEXT_NODE) text += node.data;
      else if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.tagName === "BR") text += "\n";
        else if (!node.matches(".entity-label, .entity-value")) text += textOf(node);
      }
    });
    return text;
  }

  // The offset into the record's text of a point of the page, inside `run` (a .text-run, data-start its offset).
  function offsetOf(run, node, offset) {
    const range = document.createRange();
    range.setStart(run, 0);
    range.setEnd(node, offset);
    return Number(run.dataset.start) + textOf(range.cloneContents()).length;
  }

  function selectedSpan() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return { error: "Select the text first." };
    const range = selection.getRangeAt(0);
    const element = (n) => (n.nodeType === Node.ELEMENT_NODE ? n : n.parentElement);
    const run = element(range.startContainer).closest(".text-run");
    if (!run || element(range.endContainer).closest(".text-run") !== run) {
      return { error: "Select text within one page of the document's text." };
    }
    let start = offsetOf(run, range.startContainer, range.startOffset);
    let text = textOf(range.cloneContents());
    const lead = text.length - text.trimStart().length;
    text = text.trim();
    start += lead;
    if (!text) return { error: "The selection holds no text." };
    return { start: start, end: start + text.length, text: text };
  }

  function setUpCorrections() {
    const body = document.body;
    const doc = { doc_id: body.dataset.docId, path: body.dataset.path };
    const list = document.getElementById("corrections-list");
    const message = document.getElementById("review-message");
    document.querySelectorAll(".review-tools, #corrections, .review-only").forEach((el) => (el.hidden = false));

    function draw() {
      list.textContent = "";
      corrections.list().forEach((m, index) => {
        if (m.doc_id !== doc.doc_id) return;
        const item = document.createElement("li");
        item.className = "correction correction-" + m.kind;
        item.textContent = m.kind + " " + m.label + " " + m.start + "–" + m.end + ": “" + m.text + "” ";
        const remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "Remove";
        remove.addEventListener("click", () => {
          corrections.remove(index);
          draw();
        });
        item.appendChild(remove);
        list.appendChild(item);
      });
      document.querySelectorAll("button.mark-wrong").forEach((button) => {
        const marked = corrections
          .list()
          .some((m) => m.doc_id === doc.doc_id && m.kind === "wrong" && String(m.start) === button.dataset.start && String(m.end) === button.dataset.end);
        button.setAttribute("aria-pressed", String(marked));
        button.closest("tr").classList.toggle("marked-wrong", marked);
      });
      showCount();
    }

    document.querySelectorAll("button.mark-wrong").forEach((button) => {
      button.addEventListener("click", () => {
        const d = button.dataset;
        corrections.add({
          kind: "wrong", doc_id: doc.doc_id, path: doc.path, label: d.label,
          start: Number(d.start), end: Number(d.end), text: d.text, source: d.source,
        });
        draw();
      });
    });
    document.getElementById("mark-missing").addEventListener("click", () => {
      const span = selectedSpan();
      if (span.error) {
        message.textContent = span.error;
        return;
      }
      const label = document.getElementById("missing-label").value;
      corrections.add({ kind: "missing", doc_id: doc.doc_id, path: doc.path, label: label, start: span.start, end: span.end, text: span.text });
      message.textContent = "Marked “" + span.text + "” as a missing " + label + ".";
      window.getSelection().removeAllRanges();
      draw();
    });
    document.getElementById("clear-corrections").addEventListener("click", () => {
      corrections.save(corrections.list().filter((m) => m.doc_id !== doc.doc_id));
      draw();
    });
    document.getElementById("export-corrections").addEventListener("click", () => corrections.exportFile());
    const values = document.getElementById("toggle-values");
    values.addEventListener("click", () => {
      const on = values.getAttribute("aria-pressed") !== "true";
      values.setAttribute("aria-pressed", String(on));
      values.textContent = on ? "Values shown" : "Values hidden";
      body.classList.toggle("values-hidden", !on);
    });
    window.addEventListener("storage", () => {
      memory = null;
      draw();
    });
    draw();
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
    document.getElementById("export-corrections").addEventListener("click", () => corrections.exportFile());
    showCount();
  }

  function setUpDocument() {
    document.querySelectorAll("table.sortable").forEach((t) => makeSortable(t));
    setUpCorrections();
    document.querySelectorAll("button.label-toggle").forEach((button) => {
      button.addEventListener("click", () => {
        const on = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", String(on));
        const label = CSS.escape(button.dataset.label);
        document.querySelectorAll('mark.entity[data-label="' + label + '"], a.box[data-label="' + label + '"]').forEach((m) => {
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
