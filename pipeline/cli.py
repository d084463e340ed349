"""Command line: a thin layer over `pipeline.run.run`.

python -m pipeline run --raw raw --out output

Options are never abbreviated (`--work -1` is not `--workers -1`): an option the
command does not have is refused, exit 2, with the nearest one it has
(`difflib`). Ctrl-C prints what was done, then exits 130 (128 + SIGINT, as
shells do); the documents finished are kept and the next run resumes.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import logging
import os
import sys
from pathlib import Path

from pipeline import __version__
from pipeline.names import display
from pipeline.options import MIN_MEMORY_MB, check_run_options, is_inside
from pipeline.retry import MAX_ATTEMPTS
from pipeline.retry import OPTION as RETRY_OPTION
from pipeline.settings import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S

# EXIT_USAGE is argparse's own status, used for refused option values as well (pipeline.options).
EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE, EXIT_STRICT = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT


class _Version(argparse.Action):
    """`--version`: the package, the model, Python and the optional parts found (`pipeline.about`)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from pipeline.about import version_text

        print(version_text(), flush=True)
        parser.exit()


def _refuse_unknown(unknown: list[str], parser: argparse.ArgumentParser) -> None:
    """Exit 2 naming the first unknown argument and, for an option, the nearest one `parser` has."""
    first = unknown[0]
    if not first.startswith("-"):
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    name = first.split("=", 1)[0]
    options = sorted({o for a in parser._actions for o in a.option_strings if o.startswith("--")})
    near = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    hint = f": did you mean {near[0]}?" if near else f" (options: {', '.join(options)})"
    parser.error(f"unrecognized option {name}{hint}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="press-pipeline",
        description="Turn French press releases (.txt, .md, .pdf) into JSON-lines records.",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--version",
        action=_Version,
        help=f"print the version ({__version__}), the spaCy model's, Python's and the optional parts found, and exit",
    )
    # Not `required=True`: an unknown option before the command is refused first, with its nearest option.
    commands = parser.add_subparsers(dest="command")
    run = commands.add_parser(
        "run",
        allow_abbrev=False,
        help="process a folder of press releases",
        description=(
            "Process every .txt, .md and .pdf file under RAW into OUT/documents.jsonl (one record per "
            "document), OUT/entities.jsonl (one row per entity) and OUT/errors.jsonl (one line per file "
            "that could not be processed), each also as a typed .parquet file. Only files whose bytes "
            "changed since the last run are processed."
        ),
        epilog=(
            "Exit status: 0 when the run completed, even if some files failed (see errors.jsonl); "
            "1 when the run itself could not complete (a missing folder, a full disk, a read-only output "
            "folder, another run holding the lock, worker processes that keep dying before their first "
            "document); 2 when an option has a bad value (nothing is run); "
            "3 with --strict when any file failed; 130 when interrupted (Ctrl-C), after the summary of what "
            "was done. Besides the outputs, OUT/run.json says what the run did (counts, seconds per stage, "
            "configuration hash, versions)."
        ),
    )
    run.add_argument("--raw", type=Path, default=Path("raw"), help="folder of input files (default: raw)")
    run.add_argument("--out", type=Path, default=Path("output"), help="folder for the outputs (default: output)")
    run.add_argument("--workers", type=int, default=None, help="worker processes (default: up to 2; 0 = no isolation)")
    run.add_argument("--force", action="store_true", help="reprocess every file, even unchanged ones")
    run.add_argument(
        RETRY_OPTION,  # named in the message of a failure given up: one place for the name
        action="store_true",
        help=f"reprocess every file that failed, even unchanged ones. Otherwise a time-out, a crashed worker or "
        f"running out of memory is tried on up to {MAX_ATTEMPTS} runs, then remembered with its count, and other "
        "failures at once; a remembered failure is tried again when the file changes, or, for lack of time or "
        "memory, when a run gives more --timeout or --memory-mb",
    )
    run.add_argument("--strict", action="store_true", help="exit with status 3 if any file failed")
    run.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_S, help=f"seconds per document (default: {DEFAULT_TIMEOUT_S})"
    )
    run.add_argument(
        "--memory-mb",
        type=int,
        default=DEFAULT_MEMORY_MB,
        help=f"memory limit per worker in MB (default: {DEFAULT_MEMORY_MB}; at least {MIN_MEMORY_MB}; 0 = none)",
    )
    run.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: a bar when stderr is a terminal, else a progress line every few seconds)",
    )
    run.add_argument(
        "--cluster",
        metavar="local|tcp://HOST:8786",
        help="run the documents on Dask: 'local' starts a LocalCluster of --workers processes, an address uses "
        "the workers of an existing scheduler (needs the 'cluster' extra, which make installs: "
        "pip install -e '.[cluster]' in the project's folder)",
    )
    loud = run.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print nothing but the summary line and errors")
    loud.add_argument("-v", "--verbose", action="store_true", help="also print one line per document processed")
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        _refuse_unknown(unknown, run if args.command == "run" else parser)
    if args.command is None:
        parser.error("the following arguments are required: command (run)")
    check_run_options(args, run)
    if args.cluster:
        from pipeline.dask_backend import address_problem  # imports no Dask

        if problem := address_problem(args.cluster):
            run.error(problem)
    _warnings_to_stderr()

    from pipeline.errors import RunError
    from pipeline.progress import NORMAL, QUIET, VERBOSE, Reporter
    from pipeline.review import index_path
    from pipeline.run import run as run_pipeline

    reporter = Reporter(verbosity=QUIET if args.quiet else VERBOSE if args.verbose else NORMAL, progress=args.progress)
    try:
        summary = run_pipeline(
            args.raw,
            args.out,
            workers=args.workers,
            cluster=args.cluster,
            force=args.force,
            retry_failed=args.retry_failed,
            timeout=args.timeout,
            memory_mb=args.memory_mb or None,
            reporter=reporter,
        )
    except RunError as e:
        print(f"error: {display(str(e))}", file=sys.stderr)
        return EXIT_RUN_FAILED
    except OSError as e:  # a full disk, a read-only output folder...: one line, not a traceback
        print(f"error: {os_error_line(e, args.out)}", file=sys.stderr)
        return EXIT_RUN_FAILED
    except KeyboardInterrupt as e:
        summary = getattr(e, "summary", None)
        if summary is not None:
            print(summary.line(), flush=True)
        print("interrupted: finished documents are kept and the next run resumes", file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    for s in summary.skipped:
        reporter.say(f"skipped: {display(s.rel_path)}: {display(s.reason)}")
    print(summary.line(), flush=True)
    if summary.timings:
        reporter.say(f"time per stage, all workers: {summary.stages_line()}")
        reporter.say(f"the run's time: {summary.phases_line()}")
    print(f"review: {display(str(index_path(args.out)))}", flush=True)
    return EXIT_STRICT if args.strict and summary.failures else EXIT_OK


def os_error_line(e: OSError, out: Path) -> str:
    """What failed, where, and what to do: `<path>: No space left on device; free some space...`.

    A write that fails for lack of space names no file: it was somewhere in the output folder.
    The outputs are intact either way: every file is replaced atomically, so a failed write leaves
    the previous version, and the documents already finished are kept in the cache.
    """
    path = Path(os.fsdecode(e.filename)) if e.filename else out
    line = f"{display(str(path))}: {e.strerror or e}"
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{line}; free some space and run again: finished documents are kept"
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and is_inside(path, out):
        return f"{line}; the output folder must be writable (--out)"
    return line


class _Warning(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        print(f"warning: {record.getMessage()}", file=sys.stderr)  # sys.stderr as it is now, not at set-up


def _warnings_to_stderr() -> None:
    """Warnings of the stages (`logging`, e.g. odd file names found by `discover`) as `warning:` lines."""
    logger = logging.getLogger("pipeline")
    if not any(isinstance(h, _Warning) for h in logger.handlers):
        logger.addHandler(_Warning(logging.WARNING))


if __name__ == "__main__":
    sys.exit(main())
