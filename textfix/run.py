"""The per-file job, and running it over a plan's inputs.

:func:`file_config` decides one file's configuration (its syntax, ``per-file-ignores``);
:func:`process` reads, repairs and (with ``--write``) rewrites one file and never raises for
bad input; :func:`results_of` runs a :class:`~textfix.plan.Plan` in order, in worker processes
with ``-j`` (which die with the parent and remove their temporary file on SIGTERM), with a
progress bar on a terminal for big runs, and records errors and skips in the report.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from textfix import repair
from textfix.config import Config
from textfix.files import Source, glob_matches, relative_to_root
from textfix.io import InputError, decode_bytes, read_path, remove_temps, write_atomic
from textfix.model import Repair
from textfix.plan import Job, Plan
from textfix.report import Report, WriteBack
from textfix.syntax import DOCUMENT_SYNTAXES, syntax_for_path
from textfix.terminal import make_console

BIG_RUN_FILES = 20
BIG_RUN_BYTES = 5_000_000


@dataclass
class FileResult:
    """What happened to one file (sent back from worker processes)."""

    path: str
    repair: Repair | None = None
    error: str | None = None  #: why it failed (the path is printed apart)
    skipped: str | None = None
    written: bool = False
    output: bytes | None = None
    syntax: str | None = None  #: the file's syntax when it is code (not a document)
    encoding: str = "utf-8"  #: how the file was decoded (a unified diff is in its bytes)
    bom: bytes = b""


def file_config(path: str, text: str, job: Job) -> Config:
    """The configuration for one file: its syntax, and ``per-file-ignores`` added to ignore."""
    first = text.find("\n", 0, 4096)
    syntax = syntax_for_path("" if path == "-" else path, text[: first if first >= 0 else 4096])
    extra: set[str] = set()
    if job.per_file_ignores and path != "-":
        rel = relative_to_root(path, job.root) if job.root is not None else None
        for glob, names in job.per_file_ignores:
            if glob_matches(rel if rel is not None else path, [glob]):
                extra |= names
    config = job.config
    if syntax is not None:
        config = config.replace(syntax=syntax)
    if extra:
        config = config.replace(ignore=config.ignore | extra)
    return config


def process(source: Source | str, job: Job) -> FileResult:
    """Read, repair and (with ``--write``) rewrite one file; never raises for bad input."""
    if isinstance(source, str):
        source = Source(source, named=True, stdin=source == "-")
    path = source.path
    try:
        if source.stdin:
            data = sys.stdin.buffer.read()
            decoded, st = decode_bytes(data, job.encoding, "<stdin>"), None
        else:
            decoded, st = read_path(path, job.encoding)
    except InputError as err:
        if err.skippable and not source.named:
            return FileResult(path, skipped=err.reason)  # found by walking a folder: skip it
        return FileResult(path, error=err.reason)
    config = file_config(path, decoded.text, job)
    result = repair(decoded.text, reference=job.reference, config=config)
    code = config.syntax if config.syntax not in DOCUMENT_SYNTAXES else None
    out = FileResult(path, repair=result, syntax=code, encoding=decoded.encoding, bom=decoded.bom)
    try:
        if job.write_back is WriteBack.PRINT or (source.stdin and job.write_back is WriteBack.WRITE):
            out.output = decoded.encode(result.text, path)  # a filter keeps the file's encoding
        elif job.write_back is WriteBack.WRITE and result.changed:
            write_atomic(path, decoded.encode(result.text, path), st,
                         break_hardlinks=job.break_hardlinks, write_readonly=job.write_readonly)
            out.written = True
    except InputError as err:
        out.error = err.reason
    return out


# --- worker processes -------------------------------------------------------------------


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _worker_signal(signum, frame) -> None:  # pragma: no cover - runs in worker processes
    remove_temps()
    os._exit(128 + signum)


def _worker_init(parent: int) -> None:  # pragma: no cover - runs in worker processes
    """Workers die with the parent: SIGTERM on its death (Linux), and a check that it is
    still there; Ctrl-C is the parent's to handle; a SIGTERM removes the temporary file
    being written."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_signal)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the line above took effect
    if not sys.platform.startswith("linux"):
        def watch() -> None:
            import time

            while os.getppid() == parent:
                time.sleep(0.5)
            remove_temps()
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


def _pool(jobs: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init,
                               initargs=(os.getpid(),))


def _stop_pool(pool) -> None:
    """Terminate the workers (each removes its temporary file) and wait for them."""
    procs = list(getattr(pool, "_processes", {}).values())
    for p in procs:
        try:
            p.terminate()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.join(5)
        except (OSError, AssertionError):
            pass


def _run(sources: list[Source], job: Job, args: argparse.Namespace, report: Report) -> Iterator[FileResult]:
    """Process ``sources`` (in worker processes with ``-j``), yielding results in order,
    with a progress bar on stderr for big runs on a terminal.  What the walk could not
    take comes back as skipped or failed without being read."""
    todo = [s for s in sources if not (s.skipped or s.error)]
    size = sum(os.path.getsize(s.path) for s in todo if not s.stdin and os.path.isfile(s.path))
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    show = tty and not args.quiet and (len(todo) > BIG_RUN_FILES or size > BIG_RUN_BYTES)
    requested = args.jobs if args.jobs is not None else 1
    cpus = _cpu_count()
    jobs = cpus if requested == 0 else requested
    if jobs > cpus:
        report.note(f"-j {jobs} capped at {cpus} (the CPUs available)")
        jobs = cpus
    jobs = max(1, min(jobs, len(todo)))
    pool = None
    if jobs > 1 and not any(s.stdin for s in todo):
        pool = _pool(jobs)
        results = iter(pool.map(process, todo, [job] * len(todo), chunksize=1 if len(todo) < 64 else 4))
    else:
        results = (process(s, job) for s in todo)

    def merged() -> Iterator[FileResult]:
        for s in sources:
            if s.error:
                yield FileResult(s.path, error=s.error)
            elif s.skipped:
                yield FileResult(s.path, skipped=s.skipped)
            else:
                yield next(results)

    ok = False
    try:
        if not show:
            yield from merged()
        else:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            with Progress(TextColumn("textfix"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          transient=True, console=make_console(args, sys.stderr)) as progress:
                task = progress.add_task("files", total=len(sources))
                for r in merged():
                    progress.advance(task)
                    yield r
        ok = True
    finally:
        if pool is not None:
            if ok:
                pool.shutdown()
            else:
                _stop_pool(pool)


def results_of(plan_: Plan, args: argparse.Namespace) -> Iterator[FileResult]:
    """The results, with errors and skips recorded in the report; a dead worker is an error."""
    from concurrent.futures.process import BrokenProcessPool

    report = plan_.report
    try:
        for res in _run(plan_.sources, plan_.job, args, report):
            if res.error:
                report.failed(res.path, res.error)
            elif res.skipped:
                report.skip(res.path, res.skipped)
            else:
                yield res
    except BrokenProcessPool:
        report.failed("-j", "a worker process died (killed, or out of memory); the run stopped")
