"""Records: repair fields of JSON Lines, CSV/TSV and Parquet files, record by record.

>>> import io, textfix.records as tr
>>> src = io.BytesIO('{"id": 1, "text": "¹®ÀÚ ±úÁü"}\\n{"id": 2, "text": "ok"}\\n'.encode())
>>> out = io.BytesIO()
>>> s = tr.process(src, ["text"], format="jsonl", output=out, findings_field="fixes")
>>> first, second = out.getvalue().decode().splitlines()
>>> first[:47], second
('{"id": 1, "text": "문자 깨짐", "fixes": [{"field": ', '{"id": 2, "text": "ok", "fixes": []}')
>>> s.records, s.changed_records, s.findings
(2, 1, 1)

The input streams through in chunks of whole records (constant memory: a chunk is about
1 MB, 256 KB with workers; Parquet goes a row group at a time), in input order, ``jobs``
worker processes repairing chunks side by side.  Every field but the ones named (and the findings field) is
kept byte for byte in JSON Lines and CSV/TSV (see :mod:`textfix.records.jsonl` and
:mod:`textfix.records.delimited`); Parquet keeps the values and the schema.  Modes:
``repair`` writes the records to ``output`` (a path, or a binary stream) or back over the
input (``write=True``, atomically); ``check`` and ``detect`` write nothing and hand each
field that would change (``check``) or has findings (``detect``) to ``report`` as a
:class:`RecordReport` with its record number, line and field.  A line that is not a JSON
object (or a record that does not parse) is kept as it is and counted in
``Summary.errors`` with its line.
"""

from __future__ import annotations

import gzip
import io
import os
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from textfix.config import Config
from textfix.records import delimited, jsonl
from textfix.records.core import (
    CHUNK_BYTES,
    MODES,
    PARALLEL_CHUNK_BYTES,
    Counts,
    Job,
    RecordReport,
    RecordsError,
    Workers,
    output_stream,
)
from textfix.repairer import Repairer

__all__ = ["FORMATS", "MODES", "Progress", "RecordReport", "RecordsError", "Summary", "detect_format",
           "process"]

FORMATS = ("jsonl", "csv", "tsv", "parquet")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".csv": "csv", ".tsv": "tsv",
             ".tab": "tsv", ".parquet": "parquet", ".pq": "parquet"}
#: Gzip level for compressed output: zlib's default, several times faster than 9 for a few
#: percent more bytes.
GZIP_LEVEL = 6


@dataclass(frozen=True)
class Progress:
    """How far a run is: input bytes read (compressed bytes for ``.gz``; Parquet: the row
    groups' uncompressed bytes) of ``bytes_total`` (0 when unknown), and records done."""

    bytes_done: int
    bytes_total: int
    records: int


@dataclass
class Summary:
    """What :func:`process` did."""

    source: str
    format: str
    mode: str
    records: int = 0
    changed_records: int = 0
    changed_fields: int = 0
    findings: int = 0
    #: Field values that were absent, null or not strings.
    missing: int = 0
    #: (line, reason) of records kept as they were because they could not be read.
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: JSON Lines: the fields named that no record holds as text (a misspelt name?).
    absent: tuple[str, ...] = ()
    bytes_read: int = 0
    bytes_written: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """Whether any record changed (or, in ``check`` mode, would change)."""
        return self.changed_records > 0


def detect_format(name: str | os.PathLike) -> tuple[str, bool]:
    """(format, gzip-compressed) from a file name.

    >>> detect_format("data.jsonl.gz"), detect_format("x.TSV"), detect_format("a.parquet")
    (('jsonl', True), ('tsv', False), ('parquet', False))
    """
    path = Path(name)
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    fmt = _SUFFIXES.get(suffixes[-1]) if suffixes else None
    if fmt is None or (compressed and fmt == "parquet"):
        msg = (f"{os.fspath(name)}: cannot tell the record format from the name; give format= "
               f"(one of {', '.join(FORMATS)})")
        raise RecordsError(msg)
    return fmt, compressed


def process(source: str | os.PathLike | IO[bytes], fields: Sequence[str], *, mode: str = "repair",  # noqa: PLR0913
            output: str | os.PathLike | IO[bytes] | None = None, write: bool = False,
            findings_field: str | None = None, jobs: int = 1,
            progress: Callable[[Progress], None] | None = None,
            report: Callable[[RecordReport], None] | None = None, format: str | None = None,
            compressed: bool | None = None, delimiter: str | None = None, encoding: str = "utf-8",
            chunk_bytes: int | None = None, config: Config | None = None, break_hardlinks: bool = False,
            write_readonly: bool = False, **options: Any) -> Summary:
    """Repair (or check, or detect) the ``fields`` of every record of ``source`` (a path,
    or a binary stream with ``format``).

    ``output``: a path (written through a temporary file renamed into place; ``.gz``
    compresses) or a binary stream (JSON Lines for Parquet input); ``write=True`` replaces
    the input atomically instead.  ``findings_field`` adds each record's findings (a list
    of objects: field, rule, kind, start, end, confidence, message, applied; offsets in code
    points of the field's value).  ``jobs``: worker processes (0: one per CPU);
    ``chunk_bytes``: the size of the chunks handed to them (default :data:`CHUNK_BYTES`,
    with workers :data:`PARALLEL_CHUNK_BYTES`).  ``break_hardlinks`` and ``write_readonly``
    let ``write=True`` replace a file with other names or without write permission (else
    :class:`textfix.io.WriteRefused`).  The other keywords are :func:`textfix.repair`'s
    options (``min_confidence=0.8``, ...).  A file that cannot be read as its format says
    (a damaged ``.gz`` or Parquet file, a quote that never closes) raises
    :class:`RecordsError` naming it.
    """
    started = time.perf_counter()
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if mode == "repair" and output is None and not write:
        raise ValueError("repair mode writes records: give output= (a path or a binary stream) or write=True")
    if mode != "repair" and (output is not None or write):
        raise ValueError(f"{mode} mode writes nothing: drop output= and write=")
    path = None if hasattr(source, "read") else Path(source)  # type: ignore[arg-type]
    if (path is not None and output is not None and not hasattr(output, "write")
            and os.path.realpath(output) == os.path.realpath(path)):
        raise ValueError(f"{path}: the output is the input itself; give write=True to replace it")
    if format is None:
        if path is None:
            raise ValueError("give format= for a stream")
        format, found_gz = detect_format(path)
        compressed = found_gz if compressed is None else compressed
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    _check_options(format, encoding, output)
    job = Job(Repairer(config, **options), tuple(fields), mode, findings_field)
    jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
    if chunk_bytes is None:
        chunk_bytes = CHUNK_BYTES if jobs == 1 else PARALLEL_CHUNK_BYTES
    summary = Summary(str(path) if path is not None else "<stream>", format, mode)
    try:
        counts, total, written = _run(job, format, source, path, compressed, output, write, jobs=jobs,
                                      progress=progress, report=report, chunk_bytes=chunk_bytes,
                                      delimiter=delimiter, encoding=encoding,
                                      flags=(break_hardlinks, write_readonly))
    except (EOFError, zlib.error) as err:  # (gzip's own errors are OSErrors, named by the caller)
        raise RecordsError(f"{summary.source}: the compressed data is damaged ({err})") from err
    summary.records, summary.changed_records = counts.records, counts.changed_records
    summary.changed_fields, summary.findings = counts.changed_fields, counts.findings
    summary.missing, summary.errors = counts.missing, counts.errors
    if format == "jsonl" and counts.records > len(counts.errors):  # (some record was read)
        summary.absent = tuple(name for name in job.fields if name not in counts.present)
    summary.bytes_read = total
    summary.bytes_written = written
    summary.seconds = time.perf_counter() - started
    return summary


def _check_options(format: str, encoding: str, output: Any) -> None:
    """:func:`process`'s refusals: an encoding for a UTF-8 format, an output named for
    another format than the records are written in."""
    import codecs

    try:
        codec = codecs.lookup(encoding).name
    except LookupError as err:
        raise ValueError(f"unknown encoding {encoding!r}") from err
    if codec != "utf-8" and format not in {"csv", "tsv"}:
        raise ValueError(f"{format} is UTF-8: an encoding ({encoding!r}) is for CSV and TSV files")
    if output is not None and not hasattr(output, "write"):
        named, compressed = _named_format(output)
        if named is not None and named != format and not (format == "parquet" and named == "jsonl"
                                                          and not compressed):
            raise ValueError(f"{os.fspath(output)}: its name says {named}, but the records are written "
                             f"as they came, {format}")


def _named_format(name: str | os.PathLike) -> tuple[str | None, bool]:
    """(the record format its name says, or None; gzip-compressed), as
    :func:`detect_format` reads a name, without refusing one it cannot tell."""
    try:
        return detect_format(name)
    except RecordsError:
        return None, str(name).lower().endswith(".gz")


def _run(job: Job, format: str, source: Any, path: Path | None, compressed: bool | None,  # noqa: PLR0913
         output: Any, write: bool, *, jobs: int, progress: Callable[[Progress], None] | None,
         report: Callable[[RecordReport], None] | None, chunk_bytes: int, delimiter: str | None,
         encoding: str, flags: tuple[bool, bool]) -> tuple[Counts, int, int]:
    """:func:`process`'s run: (counts, input bytes, output bytes)."""
    with ExitStack() as stack:
        raw = source if path is None else stack.enter_context(open(path, "rb"))  # type: ignore[arg-type]
        if path is None and format == "parquet" and not _seekable(raw):
            raw = stack.enter_context(_spooled(raw))  # (Parquet's footer is read first)
        if path is None and compressed is None and format != "parquet":
            compressed = _starts_gzip(raw)
        stream = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        total = os.fstat(raw.fileno()).st_size if path is not None else 0
        sink = stack.enter_context(output_stream(output, path, write, *flags))
        workers = stack.enter_context(Workers(job, jobs))
        counter = _Counter(sink) if sink is not None else None
        if counter is not None and _gzip_output(output, write, compressed, format):
            out: Any = stack.enter_context(gzip.GzipFile(fileobj=counter, mode="wb", compresslevel=GZIP_LEVEL,
                                                         mtime=0))
        else:
            out = counter
        if format == "parquet":
            counts = _parquet(job, raw, out, workers, output, write, progress, report)
        else:
            counts = _text(job, format, stream, raw, total, out, workers, progress, report,
                           chunk_bytes, delimiter, encoding)
    return counts, total if path is not None else 0, counter.written if counter is not None else 0


#: The first bytes of a gzip stream.
_GZIP_MAGIC = b"\x1f\x8b"


def _starts_gzip(stream: IO[bytes]) -> bool:
    """Whether a stream (standard input) opens with gzip's magic bytes, read without
    consuming them (peeked, or read and sought back); False when neither can be done.

    >>> _starts_gzip(io.BytesIO(gzip.compress(b"{}"))), _starts_gzip(io.BytesIO(b"{}"))
    (True, False)
    """
    if hasattr(stream, "peek"):
        return stream.peek(2)[:2] == _GZIP_MAGIC
    if _seekable(stream):
        at = stream.tell()
        head = stream.read(2)
        stream.seek(at)
        return head == _GZIP_MAGIC
    return False


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, ValueError, OSError):
        return False


@contextmanager
def _spooled(stream: IO[bytes]) -> Iterator[IO[bytes]]:
    """A stream that cannot seek (a pipe) copied to a temporary file, which is removed
    after: Parquet is read from its end."""
    import shutil
    import tempfile

    with tempfile.TemporaryFile() as fh:
        shutil.copyfileobj(stream, fh, 1 << 20)
        fh.seek(0)
        yield fh


def _gzip_output(output: Any, write: bool, compressed: bool | None, fmt: str) -> bool:
    if fmt == "parquet":
        return False
    if write:
        return bool(compressed)
    return not hasattr(output, "write") and str(output).lower().endswith(".gz")


class _Counter(io.RawIOBase):
    """A binary stream that counts the bytes written through it (closing it leaves the
    stream under it open)."""

    def __init__(self, sink: IO[bytes]) -> None:
        super().__init__()
        self.sink, self.written = sink, 0

    def write(self, data: Any) -> int:
        self.written += len(data)
        self.sink.write(data)
        return len(data)

    def flush(self) -> None:
        self.sink.flush()

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.written


def _text(job: Job, fmt: str, stream: IO[bytes], raw: IO[bytes], total: int,  # noqa: PLR0913, PLR0917
          out: Any,
          workers: Workers, progress: Callable[[Progress], None] | None,
          report: Callable[[RecordReport], None] | None, chunk_bytes: int, delimiter: str | None,
          encoding: str) -> Counts:
    """JSON Lines or CSV/TSV, chunk by chunk."""
    counts = Counts()
    positions: deque[int] = deque()
    if fmt == "jsonl":
        items: Iterator[tuple] = _track(jsonl.chunks(stream, chunk_bytes), raw, positions)
        work: Any = jsonl.process_chunk
    else:
        dialect = delimited.Dialect(delimiter or ("\t" if fmt == "tsv" else ","), encoding)
        header, rest = _first_record(dialect, stream, chunk_bytes)
        try:
            header_text = header.decode(encoding)
        except UnicodeDecodeError as err:
            raise RecordsError(f"the header is not {encoding} (byte {err.start})") from err
        lay = delimited.layout(dialect, header_text, job)
        if out is not None and job.writes:
            out.write(delimited.header_out(dialect, header_text, lay, job).encode(encoding))
        items = ((data, record, line, dialect, lay) for data, record, line in
                 _track(_delimited_chunks(dialect, stream, rest, chunk_bytes, 1 + header.count(b"\n")),
                        raw, positions))
        work = delimited.process_chunk
    for chunk in workers.map(work, items):
        counts.add(chunk.counts)
        if out is not None and job.writes:
            out.write(chunk.data)
        for rep in chunk.reports if report is not None else ():
            report(rep)
        done = positions.popleft()
        if progress is not None:
            progress(Progress(done, total, counts.records))
    return counts


def _track(items: Iterator[tuple], raw: IO[bytes], positions: deque[int]) -> Iterator[tuple]:
    """``items``, noting the input's position after each (for progress, in order)."""
    seekable = raw.seekable()
    for item in items:
        positions.append(raw.tell() if seekable else 0)  # a pipe: no position to tell
        yield item


def _first_record(dialect: delimited.Dialect, stream: IO[bytes], size: int) -> tuple[bytes, bytes]:
    """The header record and the bytes read past it."""
    data = b""
    while True:
        block = stream.read(max(size, len(data)))  # (doubling: linear however long the record)
        data += block
        end, count, _ = dialect.records(data, final=not block, limit=1)
        if count or not block:
            return data[:end], data[end:]
        _check_record_size(data, 1)


#: Bytes a CSV/TSV record may take (a quote that never closes makes the rest of the file one
#: record: past this the file is refused, as Python's csv module refuses a field past its
#: limit, rather than read whole into memory).
MAX_RECORD_BYTES = 64 << 20


def _check_record_size(data: bytes, line: int) -> None:
    if len(data) > MAX_RECORD_BYTES:
        msg = (f"line {line}: a record longer than {MAX_RECORD_BYTES >> 20} MB (a quote that never "
               "closes?); nothing after it was read")
        raise RecordsError(msg)


def _delimited_chunks(dialect: delimited.Dialect, stream: IO[bytes], rest: bytes, size: int,
                      first_line: int) -> Iterator[tuple[bytes, int, int]]:
    """(data, first record, first line) of whole-record chunks of about ``size`` bytes."""
    record, line, data, eof = 1, first_line, rest, False
    while True:
        while not eof and len(data) < size:
            block = stream.read(size)
            eof = not block
            data += block
        if not data:
            return
        end, count, blank = dialect.records(data, final=eof)
        if not count:  # one record longer than a chunk: read on (doubling: linear however long)
            _check_record_size(data, line)
            block = stream.read(max(size, len(data)))
            eof = not block
            data += block
            continue
        chunk, data = data[:end], data[end:]
        yield chunk, record, line
        record += count - blank  # (blank lines are no records)
        line += chunk.count(b"\n")


def _parquet(job: Job, raw: IO[bytes], out: Any, workers: Workers, output: Any, write: bool,
             progress: Callable[[Progress], None] | None,
             report: Callable[[RecordReport], None] | None) -> Counts:
    from textfix.records import parquet

    def tell(done: int, total: int, rows: int) -> None:
        if progress is not None:
            progress(Progress(done, total, rows))

    # Parquet back as Parquet, or as JSON Lines on a stream or under a JSON Lines name
    as_parquet = write or (output is not None and not hasattr(output, "write")
                           and _named_format(output)[0] != "jsonl")
    pa, _ = parquet._pa()
    try:
        return parquet.process(job, raw, out if job.writes else None, as_parquet, workers, tell, report)
    except pa.ArrowException as err:  # (ArrowInvalid is a ValueError: not the caller's mistake)
        raise RecordsError(f"cannot read it as Parquet ({err})") from err
