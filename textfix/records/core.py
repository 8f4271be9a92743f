"""What every record format shares: the job, one value's repair, reports, ordered parallel
chunks and outputs (a stream, a path, or the input replaced atomically).

A *chunk* is a run of whole records as the file holds them (bytes): a worker turns it into
the output bytes and the reports, so the main process only reads, hands out and writes,
keeping at most :data:`IN_FLIGHT_PER_JOB` chunks a worker in memory (constant memory, the
output in input order).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from textfix.model import Finding
from textfix.repairer import Repairer, finding_record

MODES = ("repair", "check", "detect")
#: Bytes of records a chunk holds (what a worker gets at once): large enough that handing
#: it over costs little next to repairing it, small enough that memory stays flat.
CHUNK_BYTES = 1 << 20
#: ... and with worker processes: smaller, so that the workers' last chunks end close
#: together (40 MB of JSON Lines, one record in ten damaged, three runs: -j 2 took 13.7-14.1
#: s with 1 MB chunks, 12.6-13.7 s with 256 KB, against 25.1-26.0 s at -j 1).
PARALLEL_CHUNK_BYTES = 1 << 18
#: Chunks a worker may have queued or finished but not yet written: enough that a slow
#: chunk (Hebrew, Arabic, damaged records) does not leave the other workers idle while the
#: output waits for it in order (the open-world tune split's 166,684 distinct texts, 25 MB,
#: -j 2: 11.0-12.8 s with 3, 9.0-9.8 with 8, 9.1 with 16, 8.6-9.1 with 32; -j 1 13.3-15.4 s);
#: at 256 KB a chunk, a few MB held.
IN_FLIGHT_PER_JOB = 16
#: ... and bytes of chunks in flight past one a worker: a file of records longer than a
#: chunk (each chunk then one record) holds no more than this many in memory.
IN_FLIGHT_BYTES = 32 << 20


class RecordsError(ValueError):
    """A records file textfix cannot read as its format says (the message names where)."""


@dataclass(frozen=True)
class Job:
    """What to do with each record: the repairer, the fields to read, the mode and where
    findings go.  Picklable: workers get it once."""

    repairer: Repairer
    fields: tuple[str, ...]
    mode: str = "repair"
    findings_field: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            msg = f"mode must be one of {', '.join(MODES)}, got {self.mode!r}"
            raise ValueError(msg)
        if not self.fields:
            msg = "name at least one field to repair"
            raise ValueError(msg)
        if len(set(self.fields)) != len(self.fields):
            msg = f"a field is named twice: {', '.join(map(repr, self.fields))}"
            raise ValueError(msg)
        if self.findings_field is not None and self.findings_field in self.fields:
            msg = (f"the findings field {self.findings_field!r} is also a field to repair: "
                   "give the findings a name of their own")
            raise ValueError(msg)

    @property
    def writes(self) -> bool:
        """Whether records are written out (repair mode)."""
        return self.mode == "repair"

    def value(self, text: str) -> tuple[str, list[Finding] | None]:
        """The repaired value and, when the job needs them, its findings (else None)."""
        if self.mode == "repair" and self.findings_field is None:
            return self.repairer.fix(text), None
        if self.mode == "check":
            fixed = self.repairer.fix(text)
            if fixed == text:
                return text, None
        r = self.repairer.repair(text)
        return r.text, r.findings


@dataclass(frozen=True)
class RecordReport:
    """One field of one record that changed (``check``) or has findings (``detect``):
    ``record`` counts data records from 1 (a header is not one), ``line`` is the line of
    the file where the record starts (Parquet: the row number)."""

    record: int
    line: int
    field: str
    original: str
    repaired: str
    findings: tuple[Finding, ...]

    @property
    def changed(self) -> bool:
        return self.repaired != self.original


@dataclass
class Counts:
    """What a chunk (and the whole run) did."""

    records: int = 0
    changed_records: int = 0
    changed_fields: int = 0
    findings: int = 0
    missing: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: The fields found as text in some record (JSON Lines names no fields up front).
    present: set[str] = field(default_factory=set)

    def add(self, other: Counts) -> None:
        self.records += other.records
        self.changed_records += other.changed_records
        self.changed_fields += other.changed_fields
        self.findings += other.findings
        self.missing += other.missing
        self.errors.extend(other.errors)
        self.present |= other.present


@dataclass
class Chunk:
    """A worker's answer for one chunk."""

    data: bytes
    counts: Counts
    reports: list[RecordReport]
    lines: int = 0


def findings_value(per_field: list[tuple[str, list[Finding]]]) -> list[dict[str, Any]]:
    """The findings field's value for one record: every finding of every field, each a
    :func:`textfix.repairer.finding_record` with the field it is in."""
    return [{"field": name, **finding_record(f)} for name, found in per_field for f in found]


def report_for(job: Job, record: int, line: int, name: str, old: str, new: str,
               found: list[Finding] | None) -> RecordReport | None:
    """The report of one field for ``check`` (it changed) and ``detect`` (it has findings)."""
    if job.mode == "check" and new != old:
        return RecordReport(record, line, name, old, new, tuple(found or ()))
    if job.mode == "detect" and found:
        return RecordReport(record, line, name, old, new, tuple(found))
    return None


# ----------------------------------------------------------------------------- running chunks


class Workers:
    """``jobs`` worker processes for one job (none for ``jobs`` <= 1: the work runs here);
    the job is sent to each worker once.  A context manager."""

    def __init__(self, job: Job, jobs: int) -> None:
        self.job, self.jobs = job, jobs
        self.pool = _pool(jobs, job) if jobs > 1 else None

    def map(self, work: Callable[..., Any], items: Iterable[tuple]) -> Iterator[Any]:
        """``work(job, *item)`` for each of ``items``, in order, at most
        :data:`IN_FLIGHT_PER_JOB` items a worker in flight, and, of items that open with
        bytes (chunks of records), at most :data:`IN_FLIGHT_BYTES` of them beyond one a worker
        (memory stays flat however many items there are, and however long a record)."""
        if self.pool is None:
            for item in items:
                yield work(self.job, *item)
            return
        pending: deque = deque()
        held = 0
        try:
            for item in items:
                size = len(item[0]) if item and isinstance(item[0], bytes | bytearray) else 0
                pending.append((self.pool.submit(_work_in_worker, work, item), size))
                held += size
                while len(pending) >= self.jobs * IN_FLIGHT_PER_JOB or (
                        held > IN_FLIGHT_BYTES and len(pending) > self.jobs):
                    future, size = pending.popleft()
                    held -= size
                    yield future.result()
            while pending:
                yield pending.popleft()[0].result()
        finally:
            for f, _ in pending:
                f.cancel()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=exc[0] is None, cancel_futures=True)


_JOB: Job | None = None


def _init_worker(job: Job) -> None:  # pragma: no cover - runs in worker processes
    import signal

    global _JOB
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _JOB = job


def _work_in_worker(work: Callable[..., Any], item: tuple) -> Any:  # pragma: no cover - in workers
    assert _JOB is not None
    return work(_JOB, *item)


def _pool(jobs: int, job: Job):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(job,))


# --------------------------------------------------------------------------------- outputs


@contextmanager
def output_stream(output: str | os.PathLike | IO[bytes] | None, source: str | os.PathLike | None,
                  write: bool, break_hardlinks: bool = False, write_readonly: bool = False
                  ) -> Iterator[IO[bytes] | None]:
    """Where records go: ``output`` (a binary stream, used as it is, or a path, written
    through a temporary file renamed into place), the input itself with ``write`` (replaced
    atomically, keeping its permissions; ``break_hardlinks``, ``write_readonly``: as
    ``repair --write`` takes them), or nowhere (None)."""
    if write:
        if source is None:
            msg = "write=True needs a path to write back to"
            raise ValueError(msg)
        if output is not None:
            msg = "give either output or write=True, not both"
            raise ValueError(msg)
        with atomic_file(source, replace_existing=True, break_hardlinks=break_hardlinks,
                         write_readonly=write_readonly) as fh:
            yield fh
        return
    if output is None:
        yield None
        return
    if hasattr(output, "write"):
        yield output  # type: ignore[misc]
        return
    with atomic_file(output, replace_existing=False) as fh:
        yield fh


@contextmanager
def atomic_file(path: str | os.PathLike, replace_existing: bool, break_hardlinks: bool = False,
                write_readonly: bool = False) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``path`` only when the block ends without an error:
    written to a temporary file in the same folder (``textfix.io``'s naming, removed by the
    next run if this one is killed), fsynced and renamed over ``path``.  With
    ``replace_existing`` the file must exist and keeps its owner, permissions and extended
    attributes (the rules of ``textfix repair --write``)."""
    from textfix import io as tio

    target = Path(os.path.realpath(path))
    st = None
    if replace_existing:
        st = target.stat()
        tio._check_writable(target, st, None, break_hardlinks, write_readonly)
    tio.sweep_stale_temps(target.parent)
    fd, tmp = tio._open_temp(target.parent, target.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if st is not None:
                tio._copy_metadata(st, target, fh.fileno())
            else:
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tio._LIVE_TEMPS.discard(tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        tio._LIVE_TEMPS.discard(tmp)
        raise
    tio._fsync_folder(target.parent)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
