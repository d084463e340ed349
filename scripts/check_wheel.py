"""Build the wheel, install it in a fresh virtual environment, and process a small folder with it.

    python scripts/check_wheel.py [--keep DIR]

What a user of `pip install press-pipeline` gets, checked away from this checkout: the wheel must carry
the code, the schemas and the rule data (`pipeline/models/`), and its `press-pipeline` command must turn
two invented releases into valid records with entities and no error line. Run by CI (`.ci/run`); it
installs the pinned dependencies from the package index into the new environment (pip's cache makes
that quick after `make install`). Exit status 0 when everything holds, 1 with the reason otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RELEASES = {
    "2026-03_lausanne-fonds-innovation.txt": (
        "Communiqué de presse\n\nLausanne, le 12 mars 2026\n\n"
        "La Ville de Lausanne crée un fonds pour l'innovation\n\n"
        "La Municipalité de Lausanne consacre 4,5 millions de francs à un fonds destiné aux jeunes "
        "entreprises du canton de Vaud. Les premiers projets seront choisis d'ici juin 2026.\n"
    ),
    "2026-04_dakar-forum-numerique.md": (
        "# Forum du numérique de Dakar\n\n"
        "Dakar, le 2 avril 2026. L'Agence de l'informatique de l'État organise du 18 au 20 mai 2026 "
        "un forum doté d'un budget de 300 millions de FCFA, soit une hausse de 12 % par rapport à 2025.\n"
    ),
}


def run(*cmd, **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.run(list(map(str, cmd)), check=True, **kwargs)


def check(base: Path) -> list[str]:
    """Build, install and run in `base`; the problems found (none when the wheel works)."""
    dist, env, raw, out = base / "dist", base / "venv", base / "raw", base / "out"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, ROOT)
    (wheel,) = dist.glob("press_pipeline-*.whl")
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel)
    raw.mkdir()
    for name, text in RELEASES.items():
        (raw / name).write_text(text, encoding="utf-8")
    # Away from the checkout, with no PYTHONPATH: only the installed package can answer.
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIPELINE_MODELS")}
    where = run(
        python, "-c", "import pipeline; print(pipeline.__file__)", cwd=base, env=clean, capture_output=True, text=True
    )
    problems = []
    if str(ROOT) in where.stdout:
        problems.append(f"the package was imported from the checkout: {where.stdout.strip()}")
    result = subprocess.run(
        [env / "bin" / "press-pipeline", "run", "--raw", raw, "--out", out, "--workers", "1"],
        cwd=base,
        env=clean,
        capture_output=True,
        text=True,
    )
    print(result.stderr, end="")
    if result.returncode != 0:
        return [*problems, f"press-pipeline run exited {result.returncode}"]
    records = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    if errors:
        problems.append(f"{len(errors)} error line(s): {errors}")
    if sorted(r["source"]["path"] for r in records) != sorted(RELEASES):
        problems.append(f"records for {[r['source']['path'] for r in records]}, not {sorted(RELEASES)}")
    for record in records:
        labels = {e["label"] for e in record["entities"]}
        if not {"MONEY", "DATE"} <= labels:  # amounts and dates come from the rule data in pipeline/models/
            problems.append(f"{record['source']['path']}: no MONEY or DATE entity ({sorted(labels)})")
    api = "import pipeline; print(len(pipeline.annotate_text('Genève, le 3 mai 2026. Budget : 2 M€.')['entities']))"
    if run(python, "-c", api, cwd=base, env=clean, capture_output=True, text=True).stdout.strip() == "0":
        problems.append("annotate_text found no entity")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        problems = check(args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="wheel-check-") as base:
            problems = check(Path(base))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print("wheel check: " + ("failed" if problems else "the installed wheel processed the sample folder"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
