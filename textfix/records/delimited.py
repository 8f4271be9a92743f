"""CSV and TSV: records repaired field by field, every other byte kept.

The dialect is the common one (RFC 4180 as Python's ``csv`` module reads it): fields split
by the delimiter (``,`` for CSV, a tab for TSV), a field that starts with ``"`` quoted,
``""`` inside it a quote, newlines allowed inside quotes.  Only a changed field is written
again, quoted as it was (and quoted when its new text needs it); the findings column is
added at the end of the header and of every record, or replaces that column when the
header already has it.

>>> d = Dialect(",")
>>> rec = 'id,"say ""¹®ÀÚ"" now",x\\r\\n'
>>> [(a, b, v) for a, b, v, _ in d.fields(rec)]
[(0, 2, 'id'), (3, 21, 'say "¹®ÀÚ" now'), (22, 23, 'x')]
>>> d.token('문자 "a" 등', quoted=False), d.token("문자", quoted=False)
('"문자 ""a"" 등"', '문자')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from textfix.model import Finding
from textfix.records.core import Chunk, Counts, Job, RecordReport, RecordsError, findings_value, report_for

_BOM = "\ufeff"


@dataclass(frozen=True)
class Dialect:
    """The delimiter (``,`` or a tab) and the text encoding of a delimited file."""

    delimiter: str
    encoding: str = "utf-8"
    _field: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _record: re.Pattern[bytes] = field(init=False, repr=False, compare=False)
    _record_text: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.delimiter) != 1 or self.delimiter in '"\r\n':
            msg = f"a delimiter is one character other than a quote or a newline, got {self.delimiter!r}"
            raise ValueError(msg)
        d = re.escape(self.delimiter)
        # a quoted field closes at a quote that no quote follows: never inside a doubled one
        # (which the engine would otherwise backtrack to when the data read so far ends
        # before the real closing quote, splitting the record); its text is read as runs
        # between doubled quotes (read a character at a time, the engine kept a state for
        # each: 2.6 GB for a quote that never closes in 21 MB)
        object.__setattr__(self, "_field", re.compile(
            f'"([^"]*(?:""[^"]*)*)"(?!")([^{d}\\n]*)|([^{d}\\n]*)', re.DOTALL))
        # one whole record, its newline included (a newline inside quotes is the field's)
        one = f'(?:"[^"]*(?:""[^"]*)*"(?!")[^{d}\\n]*|[^"{d}\\n][^{d}\\n]*|)'
        record = f"{one}(?:{d}{one})*\\n"
        object.__setattr__(self, "_record_text", re.compile(record))
        object.__setattr__(self, "_record", re.compile(record.encode("ascii")))

    def fields(self, record: str) -> list[tuple[int, int, str, bool]]:
        """(start, end, value, quoted) of each field of ``record`` (one record, with its
        line ending); ``RecordsError`` for a quote that never closes."""
        out = []
        pos, n = 0, len(record)
        body_end = n - (2 if record.endswith("\r\n") else 1 if record.endswith("\n") else 0)
        while True:
            m = self._field.match(record, pos)
            assert m is not None  # the last alternative matches anything, even nothing
            if m.group(1) is not None:
                if m.group(2).strip("\r"):
                    # ("x" she said: a TSV that does not quote, or a CSV field written wrong;
                    # which text it holds is not sure, so it is not rewritten)
                    raise RecordsError("a quoted field has text after its closing quote")
                value, quoted = m.group(1).replace('""', '"') + m.group(2), True
                end = m.end()
            else:
                end = min(m.end(), body_end)
                if record.startswith('"', pos):
                    raise RecordsError("a quoted field never closes")
                value, quoted = record[pos:end], False
            if quoted and end > body_end:  # the line ending is not part of the value
                value = value[:len(value) - (end - body_end)]
                end = body_end
            out.append((pos, end, value, quoted))
            if end >= body_end or record[end] != self.delimiter:
                if end < body_end and record[end] not in "\r\n":
                    raise RecordsError("a field does not end at a delimiter")  # pragma: no cover
                return out
            pos = end + 1

    def token(self, value: str, quoted: bool) -> str:
        """``value`` as a field: quoted when the field was, or when it must be."""
        if quoted or any(c in value for c in (self.delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    def records(self, data: bytes, final: bool, limit: int | None = None) -> tuple[int, int, int]:
        """(length, count, blank) of the whole records at the start of ``data`` (at most
        ``limit``), ``blank`` of them blank lines (no record, as Python's ``csv`` reads them);
        when ``final``, what is left at the end counts as the last record (it may lack its
        newline, or its closing quote).

        >>> Dialect(",").records(b"a,b\\n\\n\\r\\nc,d\\ne", final=False)
        (11, 4, 2)
        """
        pos, count, blank, n = 0, 0, 0, len(data)
        match = self._record.match
        while pos < n and (limit is None or count < limit):
            m = match(data, pos)
            if m is None:
                return (n, count + 1, blank) if final else (pos, count, blank)
            blank += _blank(data[pos:m.end()])
            pos = m.end()
            count += 1
        return pos, count, blank


@dataclass(frozen=True)
class Layout:
    """Where the job's fields are in each record (from the header), and the findings
    column's index (an existing column, or one past the last)."""

    columns: tuple[str, ...]
    indices: tuple[tuple[str, int], ...]
    findings_index: int | None


def layout(dialect: Dialect, header: str, job: Job) -> Layout:
    """The layout of records under ``header`` (its first record); ``RecordsError`` names a
    field the header lacks."""
    names = [v for _, _, v, _ in dialect.fields(header)]
    if names and names[0].startswith(_BOM):
        names[0] = names[0][1:]
    indices = []
    for name in job.fields:
        if name not in names:
            msg = f"no column named {name!r} (the header has {', '.join(map(repr, names))})"
            raise RecordsError(msg)
        indices.append((name, names.index(name)))
    findings = None
    if job.findings_field is not None:
        findings = names.index(job.findings_field) if job.findings_field in names else len(names)
    return Layout(tuple(names), tuple(indices), findings)


def header_out(dialect: Dialect, header: str, lay: Layout, job: Job) -> str:
    """The header as written: with the findings column's name added when it is new."""
    if job.findings_field is None or lay.findings_index is None or lay.findings_index < len(lay.columns):
        return header
    body, ending = _split_ending(header)
    return body + dialect.delimiter + dialect.token(job.findings_field, False) + ending


def _split_ending(record: str) -> tuple[str, str]:
    if record.endswith("\r\n"):
        return record[:-2], "\r\n"
    if record.endswith("\n"):
        return record[:-1], "\n"
    return record, ""


def process_chunk(job: Job, data: bytes, first_record: int, first_line: int,
                  dialect: Dialect, lay: Layout) -> Chunk:
    """Repair the whole records of ``data``."""
    counts, reports, out = Counts(), [], []
    try:
        text = data.decode(dialect.encoding)
    except UnicodeDecodeError:
        return _chunk_by_record(job, data, first_record, first_line, dialect, lay)
    line, record = first_line, first_record
    for rec in _split(dialect._record_text, text):
        new = _record(job, rec, record, line, dialect, lay, counts, reports)
        out.append(rec if new is None else new)
        line += rec.count("\n")
        record += not _blank(rec)
    body = "".join(out).encode(dialect.encoding) if job.writes else b""
    return Chunk(body, counts, reports)


def _blank(rec: Any) -> bool:
    """Whether a record (text or bytes) is a blank line."""
    return len(rec) <= 2 and not rec.strip("\r\n" if isinstance(rec, str) else b"\r\n")


def _split(record: re.Pattern, data: Any) -> Iterator[Any]:
    """The records of ``data`` (text or bytes, whole records: what is left at the end is
    the last one)."""
    pos = 0
    while pos < len(data):
        m = record.match(data, pos)
        end = len(data) if m is None else m.end()
        yield data[pos:end]
        pos = end


def _chunk_by_record(job: Job, data: bytes, first_record: int, first_line: int,
                     dialect: Dialect, lay: Layout) -> Chunk:
    """:func:`process_chunk` of a chunk that does not decode as a whole: each record decoded
    on its own, one that does not decode kept as it is and named by its line."""
    counts, reports, out = Counts(), [], []
    line, record = first_line, first_record
    for raw in _split(dialect._record, data):
        try:
            rec = raw.decode(dialect.encoding)
        except UnicodeDecodeError as err:
            counts.records += 1  # (a blank line always decodes)
            counts.errors.append((line, f"not {dialect.encoding} (byte {err.start} of the record); "
                                        "the record is kept as it is"))
            new = None
        else:
            new = _record(job, rec, record, line, dialect, lay, counts, reports)
        out.append(raw if new is None else new.encode(dialect.encoding))
        line += raw.count(b"\n")
        record += not _blank(raw)
    return Chunk(b"".join(out) if job.writes else b"", counts, reports)


def _record(job: Job, rec: str, record: int, line: int, dialect: Dialect, lay: Layout,
            counts: Counts, reports: list[RecordReport]) -> str | None:
    if _blank(rec):
        return None  # a blank line: kept, and no record (Python's csv skips it)
    counts.records += 1
    try:
        fields = dialect.fields(rec)
    except RecordsError as err:
        counts.errors.append((line, f"{err}; the record is kept as it is"))
        return None
    edits: list[tuple[int, int, str]] = []
    per_field: list[tuple[str, list[Finding]]] = []
    for name, index in lay.indices:
        if index >= len(fields):
            counts.missing += 1
            continue
        start, end, old, quoted = fields[index]
        fixed, found = job.value(old)
        if found:
            per_field.append((name, found))
            counts.findings += len(found)
        if fixed != old:
            edits.append((start, end, dialect.token(fixed, quoted)))
            counts.changed_fields += 1
        rep = report_for(job, record, line, name, old, fixed, found)
        if rep is not None:
            reports.append(rep)
    counts.changed_records += bool(edits)
    if not job.writes or (not edits and job.findings_field is None):
        return None
    if job.findings_field is not None and lay.findings_index is not None:
        token = dialect.token(json.dumps(findings_value(per_field), ensure_ascii=False), False)
        if lay.findings_index < len(fields):
            start, end, _, _ = fields[lay.findings_index]
            edits.append((start, end, token))
        else:
            at = fields[-1][1]
            edits.append((at, at, dialect.delimiter * (lay.findings_index - len(fields) + 1) + token))
    for start, end, token in sorted(edits, reverse=True):
        rec = rec[:start] + token + rec[end:]
    return rec
