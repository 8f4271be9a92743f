"""``textfix repair --field`` and ``textfix detect --field``: records, not files.

With ``--field NAME`` (several allowed) the paths are record files (JSON Lines, CSV, TSV,
``.gz`` for the text formats, Parquet with ``textfix[parquet]``) and the named fields of
every record are repaired as texts, through :func:`textfix.records.process`: record by
record in constant memory, input order kept, every other field kept byte for byte.

* ``repair`` prints the records (JSON Lines for Parquet input) on standard output, or
  writes them to ``-o OUT``, or back over each input with ``--write`` (atomic);
* ``repair --check`` and ``detect`` write nothing and report each field by record number,
  line and field name, in any ``--output-format``;
* ``--findings-field NAME`` adds each record's findings to the records written;
* ``-j N`` repairs batches of records of one file in N worker processes;
* progress counts the input's bytes and records (on a terminal, not with ``-q``).

A finding's ``start`` and ``end`` are code points of the field's value; its ``line`` is
the line of the file where the record starts, and ``column`` is 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from textfix.formats import FindingWriter, finding_rows
from textfix.io import InputError
from textfix.model import Repair
from textfix.plan import build_config, project_root
from textfix.report import Report, UsageError, plural, shown

#: Unreadable records listed one by one (the rest are counted).
MAX_LISTED = 20


def wanted(args: argparse.Namespace) -> bool:
    """Whether the command works on record fields (``--field`` given)."""
    return bool(getattr(args, "field", None))


def _check_flags(args: argparse.Namespace, mode: str) -> None:
    if getattr(args, "diff", False):
        raise UsageError("--field: --diff shows files; for records use --check (with --output-format) "
                         "or detect")
    if getattr(args, "reference", None):
        raise UsageError("--field: --reference is for files (a record has no reference copy)")
    if args.include or args.exclude:
        raise UsageError("--field: give record files, not folders (--include and --exclude do not apply)")
    if args.jobs is not None and args.jobs < 0:
        raise UsageError(f"-j/--jobs must be 0 (one per CPU) or more, got {args.jobs}")
    output = getattr(args, "output", None)
    if output and (mode != "repair" or getattr(args, "write", False)):
        raise UsageError("-o/--output goes with repair alone (not with --check or --write)")
    if output and len(args.paths) != 1:
        raise UsageError("-o/--output takes the records of one input file")
    if mode == "repair" and not getattr(args, "write", False) and len(args.paths) != 1:
        raise UsageError("repair --field: give one file to print (or -o OUT), or --write or --check "
                         "for several")
    if getattr(args, "findings_field", None) and mode != "repair":
        raise UsageError("--findings-field adds findings to the records written: it goes with repair")
    if "-" in args.paths and (getattr(args, "write", False) or len(args.paths) != 1):
        raise UsageError("-: standard input is one stream, and cannot be written back")


@contextmanager
def _progress(args: argparse.Namespace, name: str) -> Iterator[Callable[[Any], None] | None]:
    """A bar of input bytes (and records) on a terminal; nothing elsewhere or with ``-q``."""
    if args.quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(name, markup=False), BarColumn(), DownloadColumn(),
               TextColumn("{task.fields[records]} records", markup=False), TimeRemainingColumn())
    with Progress(*columns, transient=True, console=Console(file=sys.stderr)) as bar:
        task = bar.add_task(name, total=None, records=0)

        def step(p: Any) -> None:
            bar.update(task, completed=p.bytes_done, total=p.bytes_total or None, records=f"{p.records:,}")

        yield step


def _rows(path: str, rep: Any) -> list[dict[str, Any]]:
    """Finding rows of one field (offsets in the value, the line where the record starts)."""
    rows = finding_rows(path, Repair(original=rep.original, text=rep.repaired, findings=list(rep.findings)))
    for row in rows:
        row.update(line=rep.line, column=1, end_line=rep.line, end_column=1, record=rep.record,
                   field=rep.field)
        for e in row["edits"]:
            e["range"] = [rep.line, 1, rep.line, 1]
    return rows


def _teller(args: argparse.Namespace, mode: str, path: str, writer: FindingWriter | None
            ) -> Callable[[Any], None]:
    """What to do with each field reported (``check``: changed; ``detect``: with findings)."""
    name = shown(path)

    def tell(rep: Any) -> None:
        if mode == "check" and not rep.changed:
            return
        rows = [r for r in _rows(path, rep) if mode == "detect" or r["applied"]]
        where = f"{name}:{rep.line}: record {rep.record} field {rep.field!r}"
        if writer is not None:
            writer.add(rows)
        elif mode == "check":
            if not args.quiet:
                print(f"would repair {where}", file=sys.stderr)
        else:
            for row in rows:
                how = "applied by repair" if row["applied"] else (
                    "suggestion" if row["replacement"] is not None else "flag")
                print(f"{where}: {row['code']} {row['kind']} ({row['confidence']:.2f}, {how}) "
                      f"{row['message']}")
            sys.stdout.flush()

    return tell


def _one(args: argparse.Namespace, mode: str, path: str, config: Any, report: Report,
         writer: FindingWriter | None) -> None:
    """One record file: processed, its unreadable records named, its summary said."""
    import textfix.records as tr

    name = shown(path)
    write = bool(getattr(args, "write", False))
    output: Any = (args.output or sys.stdout.buffer) if mode == "repair" and not write else None
    try:
        with _progress(args, name) as progress:
            summary = tr.process(
                sys.stdin.buffer if path == "-" else path, args.field, mode=mode, output=output,
                write=write, findings_field=getattr(args, "findings_field", None),
                jobs=1 if args.jobs is None else args.jobs,
                progress=progress, report=_teller(args, mode, path, writer) if mode != "repair" else None,
                format=args.record_format or ("jsonl" if path == "-" else None), config=config,
                encoding=getattr(args, "encoding", None) or "utf-8",
                break_hardlinks=bool(getattr(args, "break_hardlinks", False)),
                write_readonly=bool(getattr(args, "write_readonly", False)))
    except tr.RecordsError as err:
        reason = str(err).removeprefix(f"{path}: ")
        report.failed(path, reason.replace("give format=", "give --record-format"))
        return
    except BrokenPipeError:
        raise  # (the reader of the records stopped reading: the command stops, as for files)
    except InputError as err:  # (a write refused: read-only, hard links)
        report.failed(path, err.reason)
        return
    except OSError as err:
        where = f" ({shown(err.filename)})" if err.filename and err.filename != path else ""
        report.failed(path, (err.strerror or str(err)) + where)
        return
    except ValueError as err:
        raise UsageError(str(err)) from err
    for name_absent in summary.absent:
        report.failed(path, f"no record has a text field named {name_absent!r}")
    for line, reason in summary.errors[:MAX_LISTED]:
        report.say(f"textfix: {name}:{line}: {reason}")
    if summary.errors:
        n = len(summary.errors)
        report.failed(path, f"{plural(n, 'record')} could not be read and {'were' if n > 1 else 'was'} kept "
                      f"as written (first at line {summary.errors[0][0]})")
    counted = plural(summary.records, "record")
    if mode == "repair":
        report.done(path, summary.changed)
        verb = "repaired" if output is not sys.stdout.buffer else "repaired (printed)"
        report.say(f"{name}: {counted}, {summary.changed_records} {verb}, "
                   f"{summary.missing} fields missing or not text ({summary.seconds:.1f} s)")
    elif mode == "check":
        report.done(path, summary.changed)
        report.say(f"{name}: {counted}, {summary.changed_records} would be repaired")
    else:
        report.done(path, False, findings=summary.findings)
        report.say(f"{name}: {counted}, {plural(summary.findings, 'finding')}")


def run(args: argparse.Namespace, mode: str) -> int:
    """``repair`` (mode ``repair`` or ``check``) or ``detect`` over record files."""
    _check_flags(args, mode)
    report = Report(check=mode != "repair", quiet=args.quiet, verbose=args.verbose)
    root, _ = project_root(args.paths)
    config = build_config(args)
    report.note(f"project root {shown(str(root))}; fields {', '.join(args.field)}")
    fmt = getattr(args, "output_format", None) or ("jsonl" if getattr(args, "json", False) else "text")
    writer = FindingWriter(fmt, sys.stdout.buffer) if fmt != "text" and mode != "repair" else None
    try:
        for path in args.paths:
            _one(args, mode, path, config, report, writer)
    finally:
        if writer is not None:
            writer.close()
        report.print_errors()
    return report.return_code
