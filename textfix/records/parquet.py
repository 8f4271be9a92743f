"""Parquet (``pip install 'textfix[parquet]'``: pyarrow): read and written one row group at
a time, the string columns named repaired (dictionary-encoded ones too, as pandas writes a
``category``: written back so), every other column passed through as Arrow data (the
values, types, schema metadata and the file's row-group sizes and compression are kept;
Parquet re-encodes the pages, so the file's bytes are new).  The findings column is a
list of structs.  To a stream, records go out as JSON Lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, Any

from textfix.model import Finding
from textfix.records.core import Counts, Job, RecordReport, RecordsError, Workers, findings_value, report_for
from textfix.records.jsonl import separators_escaped

#: Values a worker repairs at once.
BATCH_VALUES = 2000


def _pa():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:  # pragma: no cover - depends on the install
        msg = "Parquet needs pyarrow: pip install 'textfix[parquet]'"
        raise RecordsError(msg) from err
    return pa, pq


def findings_type():
    """The Arrow type of the findings column."""
    pa, _ = _pa()
    return pa.list_(pa.struct([
        ("field", pa.string()), ("rule", pa.string()), ("kind", pa.string()), ("start", pa.int64()),
        ("end", pa.int64()), ("confidence", pa.float64()), ("message", pa.string()), ("applied", pa.bool_()),
    ]))


def repair_values(job: Job, values: list[Any]) -> list[tuple[Any, list[Finding] | None]]:
    """Each value repaired (missing and non-string values passed through), with its
    findings when the job needs them."""
    out: list[tuple[Any, list[Finding] | None]] = []
    for v in values:
        out.append(job.value(v) if isinstance(v, str) else (v, None))
    return out


def process(job: Job, source: Any, sink: IO[bytes] | None, as_parquet: bool, workers: Workers,
            progress: Callable[[int, int, int], None] | None,
            report: Callable[[RecordReport], None] | None) -> Counts:
    """Repair the Parquet file ``source`` into ``sink``: a Parquet file (``as_parquet``), or
    JSON Lines, or nothing (None); ``progress(bytes done, bytes in all, rows done)`` after
    each row group (bytes uncompressed, as the file's metadata counts them)."""
    _, pq = _pa()
    pf = pq.ParquetFile(source)
    schema = pf.schema_arrow
    for name in job.fields:
        if name not in schema.names:
            msg = f"no column named {name!r} (the file has {', '.join(map(repr, schema.names))})"
            raise RecordsError(msg)
        if not _strings(schema.field(name).type):
            msg = f"column {name!r} holds {schema.field(name).type}, not strings"
            raise RecordsError(msg)
    counts = Counts()
    meta = pf.metadata
    total = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    done_bytes, row0 = 0, 0
    writer = None
    out_schema = _out_schema(schema, job)
    try:
        for i in range(meta.num_row_groups):
            table = pf.read_row_group(i)
            table, group_counts, group_reports = _group(job, table, row0, workers)
            counts.add(group_counts)
            for rep in group_reports if report is not None else ():
                report(rep)
            if sink is not None and job.writes:
                if as_parquet:
                    if writer is None:
                        writer = pq.ParquetWriter(sink, out_schema, compression=_compression(meta))
                    writer.write_table(table.cast(out_schema), row_group_size=max(1, table.num_rows))
                else:
                    for row in table.to_pylist():
                        line = json.dumps(_jsonable(row), ensure_ascii=False, allow_nan=False, default=str)
                        sink.write(separators_escaped(line).encode("utf-8") + b"\n")
            row0 += table.num_rows
            done_bytes += meta.row_group(i).total_byte_size
            if progress is not None:
                progress(done_bytes, total, row0)
        if as_parquet and writer is None and job.writes:
            writer = pq.ParquetWriter(sink, out_schema, compression=_compression(meta))
    finally:
        if writer is not None:
            writer.close()
    return counts


def _strings(kind) -> bool:
    """Whether a column of Arrow type ``kind`` holds strings: plain, large, or dictionary
    encoded (what pandas writes for a ``category`` column, kept so when written back)."""
    pa, _ = _pa()
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _compression(meta) -> str:
    if meta.num_row_groups and meta.row_group(0).num_columns:
        codec = meta.row_group(0).column(0).compression
        return "none" if codec == "UNCOMPRESSED" else codec.lower()
    return "snappy"


def _out_schema(schema, job: Job):
    if job.findings_field is None:
        return schema
    pa, _ = _pa()
    kind = findings_type()
    if job.findings_field in schema.names:
        return schema.set(schema.get_field_index(job.findings_field), pa.field(job.findings_field, kind))
    return schema.append(pa.field(job.findings_field, kind))


def _group(job: Job, table, row0: int, workers: Workers):
    """One row group repaired: the new table, its counts and reports."""
    pa, _ = _pa()
    counts = Counts(records=table.num_rows)
    reports: list[RecordReport] = []
    per_row: list[list[tuple[str, list[Finding]]]] = [[] for _ in range(table.num_rows)]
    changed_rows: set[int] = set()
    for name in job.fields:
        column = table.column(name)
        values = column.to_pylist()
        batches = [values[k:k + BATCH_VALUES] for k in range(0, len(values), BATCH_VALUES)]
        results = [r for batch in workers.map(repair_values, ((b,) for b in batches)) for r in batch]
        new_values = []
        for row, (old, (new, found)) in enumerate(zip(values, results, strict=True)):
            new_values.append(new)
            if not isinstance(old, str):
                counts.missing += 1
                continue
            if found:
                per_row[row].append((name, found))
                counts.findings += len(found)
            if new != old:
                counts.changed_fields += 1
                changed_rows.add(row)
            rep = report_for(job, row0 + row + 1, row0 + row + 1, name, old, new, found)
            if rep is not None:
                reports.append(rep)
        if job.writes:
            table = table.set_column(table.schema.get_field_index(name), table.schema.field(name),
                                     pa.array(new_values, type=column.type))
    counts.changed_records = len(changed_rows)
    if job.writes and job.findings_field is not None:
        column = pa.array([findings_value(p) for p in per_row], type=findings_type())
        if job.findings_field in table.schema.names:
            index = table.schema.get_field_index(job.findings_field)
            table = table.set_column(index, pa.field(job.findings_field, column.type), column)
        else:
            table = table.append_column(pa.field(job.findings_field, column.type), column)
    return table, counts, reports


def _jsonable(value: Any) -> Any:
    """A Parquet value as JSON can hold it (as pandas' ``to_json`` and BigQuery's export write
    them): NaN and infinities as null, bytes in base64, dates and times in ISO 8601.

    >>> import datetime
    >>> _jsonable({"x": [float("nan"), 1.5], "b": b"\\xff", "t": datetime.date(2026, 12, 7)})
    {'x': [None, 1.5], 'b': '/w==', 't': '2026-12-07'}
    """
    import base64
    import math

    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
