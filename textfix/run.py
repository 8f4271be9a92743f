"""The per-file job, and running it over a plan's inputs.

:func:`file_config` decides one file's configuration (its syntax, ``per-file-ignores``);
:func:`process` reads, repairs and (with ``--write``) rewrites one file and never raises for
bad input; :func:`results_of` runs a :class:`~textfix.plan.Plan` in order, in worker processes
with ``-j`` (which die with the parent and remove their temporary file on SIGTERM), with a
progress bar on a terminal for big runs, and records errors and skips in the report.
"""

from __future__ import annotations

import argparse
import codecs
import io
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from textfix import repair
from textfix.config import Config
from textfix.files import Source, glob_matches, relative_to_root
from textfix.io import (
    BOMS,
    Decoded,
    InputError,
    decode_bytes,
    os_reason,
    read_path,
    remove_temps,
    write_atomic,
    write_atomic_stream,
)
from textfix.model import Repair
from textfix.plan import Job, Plan
from textfix.report import Report, WriteBack
from textfix.stream import StreamSummary, repair_stream
from textfix.syntax import DOCUMENT_SYNTAXES, syntax_for_path
from textfix.terminal import make_console

BIG_RUN_FILES = 20
BIG_RUN_BYTES = 5_000_000
#: Plain-text files from this size on are streamed by ``repair --write`` and ``--check``
#: (:func:`textfix.stream.repair_stream`): read whole, a file takes about 25 times its size
#: in memory (measured: 537 MB for 20 MB of Korean, one paragraph in ten damaged: its text
#: as lines, the repair, the findings), so 8 MB stays near 200 MB; streamed, a 54 MB file
#: took 97 MB.  Below it, evidence from anywhere in the file counts (intact copies).
STREAM_BYTES = 8 << 20
#: Bytes read from a big file to decide how to stream it (its first line, a byte-order mark,
#: NUL bytes at either end as :func:`textfix.io.decode_bytes` looks for them).
STREAM_PROBE = 65536
#: Bytes read at once when checking that a big file is UTF-8 throughout.
STREAM_READ = 1 << 20


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


@dataclass(frozen=True)
class StreamedRepair:
    """What the repair of a file streamed in windows did (its text is never held whole):
    whether it changed; its findings are not kept (``--write`` and ``--check`` print none)."""

    changed: bool
    findings: tuple = ()


def _stream_encoding(path: str, job: Job, head: bytes) -> tuple[str, bytes] | None:
    """(encoding, byte-order mark) to stream the file at ``path`` with, or None when only
    the whole-file reading decides (not UTF-8, so perhaps CP949, or NUL bytes: binary).
    Without ``--encoding`` or a byte-order mark, the file is read once through a UTF-8
    decoder first (in flat memory) so that a decoding error never stops a stream halfway.
    ``head``: the file's first :data:`STREAM_PROBE` bytes."""
    if job.encoding:
        return job.encoding, b""
    for bom, codec in BOMS:
        if head.startswith(bom):
            return codec, bom
    with open(path, "rb") as fh:
        fh.seek(max(0, os.fstat(fh.fileno()).st_size - STREAM_PROBE))
        if b"\0" in head or b"\0" in fh.read():
            return None
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for chunk in iter(lambda: fh.read(STREAM_READ), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return "utf-8", b""


def _process_streamed(source: Source, job: Job, st: os.stat_result) -> FileResult | None:
    """:func:`process` for a big plain-text file, streamed in paragraph windows
    (:func:`textfix.stream.repair_stream`) in flat memory; None when the file must be read
    whole (it is code, or its encoding needs the whole text to decide)."""
    path = source.path
    with open(path, "rb") as fh:
        head = fh.read(STREAM_PROBE)
    config = file_config(path, head.decode("utf-8", "replace"), job)
    if config.syntax is not None:
        return None
    found = _stream_encoding(path, job, head)
    if found is None:
        return None
    encoding, bom = found
    summary: list[StreamSummary] = []

    def run(write: Callable[[str], object]) -> bool:
        with open(path, "rb") as raw:
            raw.seek(len(bom))
            reader = io.TextIOWrapper(raw, encoding=encoding, newline="")
            summary.append(repair_stream(reader, write, config=config, reference=job.reference))
        return summary[0].changed

    out = FileResult(path, encoding=encoding, bom=bom)
    encoder = Decoded("", encoding)  # the byte-order mark is written once, first
    try:
        if job.write_back is WriteBack.WRITE:
            def fill(fh: BinaryIO) -> bool:
                fh.write(bom)
                return run(lambda text: fh.write(encoder.encode(text, path)))

            out.written = write_atomic_stream(path, fill, st, break_hardlinks=job.break_hardlinks,
                                              write_readonly=job.write_readonly)
        else:
            run(lambda text: None)
    except UnicodeDecodeError as err:
        out.error = f"cannot decode as {encoding}: {err}"
    except InputError as err:
        out.error = err.reason
    except OSError as err:
        out.error = f"cannot read: {os_reason(err)}"
    if summary:
        out.repair = StreamedRepair(summary[0].changed)  # type: ignore[assignment]
    return out


def process(source: Source | str, job: Job) -> FileResult:
    """Read, repair and (with ``--write``) rewrite one file; never raises for bad input.
    A plain-text file of :attr:`Job.stream_bytes` or more is streamed in windows."""
    if isinstance(source, str):
        source = Source(source, named=True, stdin=source == "-")
    path = source.path
    if job.stream_bytes and not source.stdin:
        try:
            st = os.stat(path)
            streamed = (_process_streamed(source, job, st)
                        if stat.S_ISREG(st.st_mode) and st.st_size >= job.stream_bytes else None)
        except OSError:
            streamed = None  # the whole-file reading names the error
        if streamed is not None:
            return streamed
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
