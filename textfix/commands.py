"""The commands behind ``textfix repair``, ``detect``, ``rules``, ``bench`` and ``serve``.

Each takes the parsed arguments and returns the exit code; :mod:`textfix.cli` parses and
dispatches.  ``repair`` and ``detect`` share the run: a :class:`~textfix.plan.Plan` resolved
once, :func:`textfix.run.results_of` for the files, one :class:`~textfix.report.Report` for the
counts, the errors at the end and the exit code.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Any

from textfix import records_command, run
from textfix.config import Config, check_rule_names
from textfix.formats import FindingWriter, finding_rows
from textfix.plan import Plan, plan
from textfix.report import Report, UsageError, WriteBack, plural, shown
from textfix.run import FileResult, results_of
from textfix.terminal import make_console, use_color

__all__ = ["cmd_bench", "cmd_detect", "cmd_repair", "cmd_rules", "cmd_serve", "finding_rows"]


def _code_note(report: Report, res: FileResult, config: Config) -> bool:
    """Under the ``report`` code policy, say that a code file with findings is left alone."""
    assert res.repair is not None
    if res.syntax is None or config.code != "report" or not res.repair.findings:
        return False
    report.note(f"left alone: {shown(res.path)} is {res.syntax} code; "
                f"{plural(len(res.repair.findings), 'finding')} in its comments and strings reported, "
                "not repaired (--code fix repairs them)")
    return True


#: Terminal width from which ``--view auto`` lays before and after side by side.
SPLIT_WIDTH = 120


def _view(args: argparse.Namespace, color: bool, width: int) -> str:
    """The ``--diff`` layout: ``auto`` is split (:data:`SPLIT_WIDTH` columns or more) or
    inline on a colour terminal, unified elsewhere; inline without colour is the word diff."""
    view = args.view
    if view == "auto":
        return ("split" if width >= SPLIT_WIDTH else "inline") if color else "unified"
    return "words" if view == "inline" and not color else view


def _is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _show_diff(console, res: FileResult, name: str, view: str, args: argparse.Namespace,
               report: Report) -> None:
    """One file's change in the chosen layout (a patch in the file's own bytes off a terminal)."""
    from rich.text import Text

    from textfix.diff import inline_view, split_view, words_diff
    from textfix.formats import diff_for_people, unified_diff

    assert res.repair is not None
    if view == "unified" and not _is_tty(sys.stdout):
        try:
            sys.stdout.buffer.write(unified_diff(res.repair, res.path, res.encoding, res.bom))
        except UnicodeEncodeError as err:
            report.failed(res.path, f"the repair needs characters {res.encoding} cannot encode "
                          f"(U+{ord(err.object[err.start]):04X}); no patch for it")
        sys.stdout.buffer.flush()
    elif view == "unified":
        for style, line in diff_for_people(res.repair, res.path):
            console.print(Text(line, style=style))
    elif view == "words":
        sys.stdout.write(words_diff(res.repair, name))
        sys.stdout.flush()
    elif view == "split":
        console.print(split_view(res.repair, name, ascii_only=args.ascii))
    else:
        for row in inline_view(res.repair, name, console.width):
            console.print(row)


def model_note() -> str:
    """Whether this process loaded the Korean language model (kiwi), for ``-v``."""
    kiwi = sys.modules.get("textfix.scoring.kiwi")
    try:
        loaded = bool(kiwi is not None and kiwi._kiwi.cache_info().currsize)
    except AttributeError:
        return "whether the Korean language model was loaded is not known"
    if loaded:
        return "the Korean language model (kiwi) was loaded: a suspect span needed it"
    return "the Korean language model (kiwi) was not loaded: no text needed it"


def _repair_records(args: argparse.Namespace, fmt: str) -> int:
    if fmt != "text" and not args.check:
        raise UsageError("repair --field: --output-format goes with --check")
    return records_command.run(args, "check" if args.check else "repair")


def _repair_plan(args: argparse.Namespace, write_back: WriteBack, fmt: str) -> Plan:
    """The plan of ``repair``: with ``--write`` or ``--check`` (neither shows the text), big
    plain-text files stream in flat memory (:data:`textfix.run.STREAM_BYTES`)."""
    p = plan(args, write_back, check=write_back.checks)
    if write_back in (WriteBack.WRITE, WriteBack.CHECK) and fmt == "text":
        p.job = dataclasses.replace(p.job, stream_bytes=run.STREAM_BYTES)
    return p


def cmd_repair(args: argparse.Namespace) -> int:
    write_back = WriteBack.from_flags(check=args.check, diff=args.diff, write=args.write)
    fmt = args.output_format or "text"
    if records_command.wanted(args):
        return _repair_records(args, fmt)
    if args.output or args.findings_field or args.record_format:
        raise UsageError("-o/--output, --findings-field and --record-format go with --field (record files)")
    if fmt != "text" and write_back is not WriteBack.CHECK:
        raise UsageError("repair: --output-format goes with --check alone (not with --diff or --write); "
                         "detect --output-format lists every finding")
    p = _repair_plan(args, write_back, fmt)
    report = p.report
    if write_back is WriteBack.PRINT and len(p.sources) != 1:
        raise UsageError("repair: give one file (or -) to print its repair, or use --diff, --check "
                         "or --write for several files and folders")
    console = make_console(args)
    view = _view(args, use_color(args, sys.stdout), console.width)
    writer = FindingWriter(fmt, sys.stdout.buffer) if fmt != "text" else None
    try:
        for res in results_of(p, args):
            if res.output is not None:
                sys.stdout.buffer.write(res.output)
                sys.stdout.flush()
            assert res.repair is not None
            code = _code_note(report, res, p.job.config)
            report.done(res.path, res.repair.changed, code=res.syntax if code else None)
            if not res.repair.changed:
                continue
            name = shown(res.path)
            if res.written:
                report.note(f"repaired {name}")
            if writer is not None:
                writer.add(finding_rows(res.path, res.repair, only_applied=True))
            elif write_back.shows_diff:
                _show_diff(console, res, name, view, args, report)
            elif write_back.checks and not args.quiet:
                print(f"would repair {name}", file=sys.stderr)
    finally:
        if writer is not None:
            writer.close()
        report.print_errors()
    _model_note(args, report)
    if write_back is not WriteBack.PRINT:
        report.say(report.summary("repaired" if write_back.writes else "would be repaired"))
    return report.return_code


def _model_note(args: argparse.Namespace, report: Report) -> None:
    if args.jobs in (None, 1):
        report.note(model_note())
    else:
        report.note("with -j, each worker process loads the Korean language model only when "
                    "one of its files needs it")


def _print_finding(console, row: dict[str, Any], name: str, syntax: str | None, config: Config,
                   explain: bool) -> None:
    """One finding for people (and, with ``explain``, why and what the fix would do)."""
    from rich.text import Text

    from textfix.diff import visible
    from textfix.rules import RULES

    t = Text()
    t.append(f"{name}:{row['line']}:{row['column']}: ", style="bold")
    t.append(f"{row['code']} ", style="bold red" if row["applied"] else "bold yellow")
    t.append(f"{row['kind']} ({row['confidence']:.2f}) ", style="cyan")
    t.append(repr(visible(row["text"]))[:200])
    if row["replacement"] is not None:
        t.append(f" -> {repr(visible(row['replacement']))[:200]}", style="green")
    if not explain:
        t.append(f"  {visible(row['message'])}", style="dim")
    console.print(t)
    if not explain:
        return
    rule = RULES.get(row["code"])
    if row["applied"]:
        how = "applied"
    elif row["replacement"] is None:
        how = "flag only"
    elif syntax is not None:
        how = f"suggested, not applied (in {syntax} code; --code fix repairs comments and strings)"
    else:
        how = "suggested (below --min-confidence)"
    console.print(Text(f"    why: {visible(row['message'])}", style="dim"))
    if rule:
        console.print(Text(f"    rule: {rule.summary} [{rule.fix}]", style="dim"))
    console.print(Text(f"    fix: {how}, {row['applicability']}, confidence "
                       f"{row['confidence']:.2f} (threshold {config.min_confidence})", style="dim"))


def cmd_detect(args: argparse.Namespace) -> int:
    fmt = args.output_format or ("jsonl" if args.json else "text")
    if args.json and fmt != "jsonl":
        raise UsageError(f"detect: --json is --output-format jsonl; it cannot go with --output-format {fmt}")
    if records_command.wanted(args):
        return records_command.run(args, "detect")
    if args.record_format:
        raise UsageError("--record-format goes with --field (record files)")
    p = plan(args, WriteBack.CHECK, check=True)
    report, config = p.report, p.job.config
    console = make_console(args)
    writer = FindingWriter(fmt, sys.stdout.buffer) if fmt != "text" else None
    applied = suggested = flagged = 0
    try:
        for res in results_of(p, args):
            assert res.repair is not None
            rows = finding_rows(res.path, res.repair)
            code = _code_note(report, res, config)
            report.done(res.path, res.repair.changed, code=res.syntax if code else None, findings=len(rows))
            if writer is not None:
                writer.add(rows)
                continue
            name = shown(res.path)
            for row in rows:
                applied += row["applied"]
                suggested += not row["applied"] and row["replacement"] is not None
                flagged += row["replacement"] is None
                _print_finding(console, row, name, res.syntax, config, args.explain)
            sys.stdout.flush()
    finally:
        if writer is not None:
            writer.close()
        report.print_errors()
    _model_note(args, report)
    if writer is None:
        parts = [f"{plural(report.findings, 'finding')} ({applied} applied by repair, "
                 f"{plural(suggested, 'suggestion')}, {plural(flagged, 'flag')}) in "
                 f"{plural(report.changed + report.unchanged, 'file')}"]
        if report.skipped:
            parts.append(f"{report.skipped} skipped")
        if report.errors:
            parts.append(plural(len(report.errors), "error"))
        report.say(", ".join(parts))
    return report.return_code


def cmd_rules(args: argparse.Namespace) -> int:
    from textfix.rules import RULES, lookup

    if getattr(args, "name", None):
        found = lookup(args.name)
        if not found:
            check_rule_names([args.name], "rules")
        for rule in found:
            print(rule.doc().rstrip("\n"))
            print(f"\nSwitch it off: --ignore {rule.code} (or {rule.kind}) for a run, "
                  f"ignore = [\"{rule.code}\"] in [tool.textfix], or `textfix: ignore[{rule.code}]` "
                  "on a line.\n")
        return 0
    for code, rule in RULES.items():
        print(f"{code}  {rule.kind:24s} {rule.fix:6s} {rule.summary}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from textfix.bench import main as bench_main

    return bench_main(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from textfix.web.server import serve

    return serve(args)
