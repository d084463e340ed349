"""Make one stage of `pipeline.process` fail, in this process or in the CLI's spawned workers.

`install(names)` replaces each named stage (any name of `STAGE_NAMES`) with one that raises
`RuntimeError` (a bug, not a `DocumentError`) for the files whose name starts with `<stage>-`, and
runs the real stage for the others. `sitecustomize(folder)` writes a `sitecustomize.py` that calls
it at the start of every interpreter given `PYTHONPATH=folder:<repository>`, so that the workers the
CLI spawns fail too: nothing in the package knows about it.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import process

ROOT = Path(__file__).resolve().parent.parent
# The stages that are not in `process.STAGES`, and the names under which `process` calls them.
OUTSIDE = {"read": "read_document", "record": "build_record"}


def failing(name: str, stage):
    """`stage`, raising for the documents whose file name starts with `name-`."""

    def run(doc, *args, **kwargs):
        if Path(doc.rel_path).name.startswith(f"{name}-"):
            raise RuntimeError(f"injected failure in {name}")
        return stage(doc, *args, **kwargs)

    run.__name__ = stage.__name__
    return run


def install(names=process.STAGE_NAMES) -> None:
    """Make each stage of `names` fail for its own files; every name must be a stage `process` runs."""
    for name in names:
        if name in OUTSIDE:
            setattr(process, OUTSIDE[name], failing(name, getattr(process, OUTSIDE[name])))
        else:
            (index,) = [i for i, stage in enumerate(process.STAGES) if process.stage_name(stage) == name]
            stages = list(process.STAGES)
            stages[index] = failing(name, stages[index])
            process.STAGES = tuple(stages)


def sitecustomize(folder: Path) -> dict:
    """A `sitecustomize.py` in `folder` that installs the failures; returns the environment that loads it."""
    import os

    (folder / "sitecustomize.py").write_text("import tests.inject\n\ntests.inject.install()\n", encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)])}
