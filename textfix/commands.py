"""The commands behind ``textfix repair``, ``detect``, ``rules`` and ``bench``.

Each takes the parsed arguments and returns the exit code; :mod:`textfix.cli` parses and
dispatches.  ``repair`` and ``detect`` share the run: a :class:`~textfix.plan.Plan` resolved
once, :func:`textfix.run.results_of` for the files, one :class:`~textfix.report.Report` for the
counts, the errors at the end and the exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from textfix.config import Config, check_rule_names
from textfix.model import Repair, line_col
from textfix.plan import plan
from textfix.report import Report, UsageError, WriteBack, plural, shown
from textfix.run import FileResult, results_of
from textfix.terminal import make_console, use_color


def _code_note(report: Report, res: FileResult, config: Config) -> bool:
    """Under the ``report`` code policy, say that a code file with findings is left alone."""
    assert res.repair is not None
    if res.syntax is None or config.code != "report" or not res.repair.findings:
        return False
    report.note(f"left alone: {shown(res.path)} is {res.syntax} code; "
                f"{plural(len(res.repair.findings), 'finding')} in its comments and strings reported, "
                "not repaired (--code fix repairs them)")
    return True


def cmd_repair(args: argparse.Namespace) -> int:
    from textfix.diff import inline_view, plain_diff, split_view

    write_back = WriteBack.from_flags(check=args.check, diff=args.diff, write=args.write)
    p = plan(args, write_back, check=write_back.checks)
    report = p.report
    if write_back is WriteBack.PRINT and len(p.sources) != 1:
        raise UsageError("repair: give one file (or -) to print its repair, or use --diff, --check "
                         "or --write for several files and folders")
    console = make_console(args)
    color = use_color(args, sys.stdout)
    view = args.view
    if view == "auto":
        view = "split" if color and console.width >= 120 else "inline"
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
            if write_back.shows_diff:
                if not color:
                    sys.stdout.write(plain_diff(res.repair, name))
                elif view == "split":
                    console.print(split_view(res.repair, name, ascii_only=args.ascii))
                else:
                    for row in inline_view(res.repair, name):
                        console.print(row)
            elif write_back.checks and not args.quiet:
                print(f"would repair {name}", file=sys.stderr)
    finally:
        report.print_errors()
    if write_back is not WriteBack.PRINT:
        report.say(report.summary("repaired" if write_back.writes else "would be repaired"))
    return report.return_code


def finding_rows(path: str, result: Repair) -> list[dict[str, Any]]:
    """The findings of one file as JSON-ready records."""
    rows = []
    for f in result.findings:
        line, col = line_col(result.original, f.start)
        rows.append({
            "path": path, "code": f.code, "kind": f.kind, "start": f.start, "end": f.end,
            "line": line, "column": col, "confidence": round(f.confidence, 3),
            "applicability": f.applicability.value, "applied": f.applied, "message": f.message,
            "text": f.before, "replacement": f.after,
        })
    return rows


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
    from textfix.diff import json_safe

    p = plan(args, WriteBack.CHECK, check=True)
    report, config = p.report, p.job.config
    console = make_console(args)
    applied = suggested = flagged = 0
    try:
        for res in results_of(p, args):
            assert res.repair is not None
            rows = finding_rows(res.path, res.repair)
            code = _code_note(report, res, config)
            report.done(res.path, res.repair.changed, code=res.syntax if code else None, findings=len(rows))
            name = shown(res.path)
            for row in rows:
                applied += row["applied"]
                suggested += not row["applied"] and row["replacement"] is not None
                flagged += row["replacement"] is None
                if args.json:
                    line = json_safe(json.dumps(row, ensure_ascii=False)) + "\n"
                    sys.stdout.buffer.write(line.encode("utf-8"))
                    continue
                _print_finding(console, row, name, res.syntax, config, args.explain)
            sys.stdout.flush()
    finally:
        report.print_errors()
    if not args.json:
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
            print(rule.doc())
        return 0
    for code, rule in RULES.items():
        print(f"{code}  {rule.kind:24s} {rule.fix:6s} {rule.summary}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from textfix.bench import main as bench_main

    return bench_main(args)
