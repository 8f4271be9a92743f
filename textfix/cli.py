"""The ``textfix`` command: argument parsing -> Config -> library calls.

``textfix repair PATH… | -``   print the repair of one file (a filter), or with
                               ``--diff`` preview, ``--check`` verify, ``--write`` repair in place
``textfix detect PATH… | -``   list findings (``--json`` for JSON Lines, ``--explain`` for why)
``textfix bench [DIR]``        accuracy on a broken corpus and throughput next to ftfy

Exit codes: 0 nothing to do, or done; 1 changes or findings pending (``--check``,
``detect``); 2 usage or input/output errors (the run goes on past a bad file and
reports it at the end).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textfix import __version__, repair
from textfix.config import Config, load_pyproject, load_pyproject_table
from textfix.io import InputError, decode_bytes, read_file, write_atomic
from textfix.model import Repair, line_col

BIG_RUN_FILES = 20
BIG_RUN_BYTES = 5_000_000


@dataclass
class FileResult:
    """What happened to one file (sent back from worker processes)."""

    path: str
    repair: Repair | None = None
    error: str | None = None
    skipped: str | None = None
    written: bool = False
    output: bytes | None = None


@dataclass
class Job:
    """What to do with each file: picklable, so worker processes get it whole."""

    config: Config
    reference: str | None = None
    encoding: str | None = None
    write: bool = False
    filter_output: bool = False
    explicit: frozenset[str] = field(default_factory=frozenset)


def process(path: str, job: Job) -> FileResult:
    """Read, repair and (with ``--write``) rewrite one file; never raises for bad input."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            decoded, st = decode_bytes(data, job.encoding, "<stdin>"), None
        else:
            p = Path(path)
            if p.is_dir():
                return FileResult(path, error=f"{path}: is a folder")
            st = p.stat()
            decoded = read_file(p, job.encoding)
    except InputError as err:
        message = str(err)
        if path not in job.explicit and ("binary" in message or "not UTF-8" in message):
            return FileResult(path, skipped=message)  # found by walking a folder: skip it
        return FileResult(path, error=message)
    except OSError as err:
        return FileResult(path, error=f"{path}: cannot read: {err.strerror or err}")
    result = repair(decoded.text, reference=job.reference, config=job.config)
    out = FileResult(path, repair=result)
    if job.filter_output:
        out.output = decoded.encode(result.text) if path == "-" else result.text.encode("utf-8")
    elif job.write and result.changed:
        if path == "-":
            out.output = decoded.encode(result.text)
        else:
            try:
                write_atomic(path, decoded.encode(result.text), st)
                out.written = True
            except (InputError, OSError) as err:
                out.error = str(err)
    return out


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def build_config(args: argparse.Namespace) -> Config:
    """``[tool.textfix]`` of the nearest pyproject.toml first, command-line flags over it."""
    overrides: dict[str, Any] = load_pyproject(Path.cwd())
    if args.min_confidence is not None:
        overrides["min_confidence"] = args.min_confidence
    if _split(args.select):
        overrides["select"] = frozenset(_split(args.select))
    if _split(args.ignore):
        overrides["ignore"] = frozenset(_split(args.ignore))
    if args.preset:
        overrides["preset"] = args.preset
    if getattr(args, "scorer", None):
        overrides["scorer"] = args.scorer
    return Config().replace(**overrides)


def _use_color(args: argparse.Namespace, stream) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def _console(args: argparse.Namespace, stream=None):
    from rich.console import Console

    stream = stream or sys.stdout
    color = _use_color(args, stream)
    return Console(file=stream, force_terminal=color, no_color=not color, markup=False,
                   emoji=False, highlight=False, soft_wrap=True)


def _files(args: argparse.Namespace) -> list[str]:
    from textfix.files import discover

    table = load_pyproject_table(Path.cwd())
    include = tuple(_split(args.include)) or tuple(table.get("include", ()))
    exclude = tuple(_split(args.exclude)) + tuple(table.get("exclude", ()))
    return list(discover(args.paths, include, exclude, gitignore=not args.no_gitignore))


def _run(files: list[str], job: Job, args: argparse.Namespace):
    """Process ``files`` (in worker processes with ``-j``), yielding results in order,
    with a progress bar on stderr for big runs on a terminal."""
    size = sum(os.path.getsize(f) for f in files if f != "-" and os.path.isfile(f))
    show = sys.stderr.isatty() and not args.quiet and (len(files) > BIG_RUN_FILES or size > BIG_RUN_BYTES)
    jobs = max(1, args.jobs or 1)
    if jobs > 1 and "-" not in files and len(files) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        results = pool.map(process, files, [job] * len(files), chunksize=4)
    else:
        pool = None
        results = (process(f, job) for f in files)
    try:
        if not show:
            yield from results
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("textfix"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      transient=True, console=_console(args, sys.stderr)) as progress:
            task = progress.add_task("files", total=len(files))
            for r in results:
                progress.advance(task)
                yield r
    finally:
        if pool is not None:
            pool.shutdown()


def _reference(args: argparse.Namespace) -> str | None:
    if not getattr(args, "reference", None):
        return None
    try:
        return read_file(args.reference, args.encoding).text
    except InputError as err:
        print(f"textfix: error: {err}", file=sys.stderr)
        raise SystemExit(2) from err


def _report_errors(errors: list[str]) -> None:
    for err in errors:
        print(f"textfix: error: {err}", file=sys.stderr)


def cmd_repair(args: argparse.Namespace) -> int:
    from textfix.diff import inline_view, plain_diff, split_view

    filter_mode = not (args.diff or args.check or args.write)
    files = _files(args)
    if filter_mode and len(files) != 1:
        print("textfix repair: give one file (or -) to print its repair, or use --diff, --check "
              "or --write for several files and folders", file=sys.stderr)
        return 2
    job = Job(build_config(args), _reference(args), args.encoding, write=args.write,
              filter_output=filter_mode, explicit=frozenset(args.paths))
    console = _console(args)
    color = _use_color(args, sys.stdout)
    view = args.view
    if view == "auto":
        view = "split" if color and console.width >= 120 else "inline"
    errors: list[str] = []
    changed = skipped = unchanged = 0
    for res in _run(files, job, args):
        if res.error:
            errors.append(res.error)
            continue
        if res.skipped:
            skipped += 1
            if args.verbose:
                print(f"textfix: skipped {res.skipped}", file=sys.stderr)
            continue
        if res.output is not None:
            sys.stdout.buffer.write(res.output)
            sys.stdout.flush()
        assert res.repair is not None
        if not res.repair.changed:
            unchanged += 1
            continue
        changed += 1
        if args.diff:
            if not color:
                sys.stdout.write(plain_diff(res.repair, res.path))
            elif view == "split":
                console.print(split_view(res.repair, res.path, ascii_only=args.ascii))
            else:
                for row in inline_view(res.repair, res.path):
                    console.print(row)
        elif args.check and not args.quiet:
            print(f"would repair {res.path}", file=sys.stderr)
    _report_errors(errors)
    if not filter_mode and not args.quiet:
        verb = "repaired" if args.write else "would be repaired"
        parts = [f"{changed} file{'s' if changed != 1 else ''} {verb}", f"{unchanged} unchanged"]
        if skipped:
            parts.append(f"{skipped} skipped (binary or undecodable)")
        if errors:
            parts.append(f"{len(errors)} error{'s' if len(errors) != 1 else ''}")
        print(", ".join(parts), file=sys.stderr)
    if errors:
        return 2
    return 1 if args.check and changed else 0


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


def cmd_detect(args: argparse.Namespace) -> int:
    from rich.text import Text

    from textfix.diff import visible
    from textfix.rules import RULES

    config = build_config(args)
    job = Job(config, _reference(args), args.encoding, explicit=frozenset(args.paths))
    console = _console(args)
    errors: list[str] = []
    total = pending = 0
    for res in _run(_files(args), job, args):
        if res.error:
            errors.append(res.error)
            continue
        if res.skipped or res.repair is None:
            continue
        for row in finding_rows(res.path, res.repair):
            total += 1
            if row["applied"] or row["confidence"] >= config.min_confidence:
                pending += 1
            if args.json:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
                continue
            t = Text()
            t.append(f"{row['path']}:{row['line']}:{row['column']}: ", style="bold")
            t.append(f"{row['code']} ", style="bold red" if row["applied"] else "bold yellow")
            t.append(f"{row['kind']} ({row['confidence']:.2f}) ", style="cyan")
            t.append(repr(visible(row["text"]))[:200])
            if row["replacement"] is not None:
                t.append(f" -> {repr(visible(row['replacement']))[:200]}", style="green")
            if not args.explain:
                t.append(f"  {row['message']}", style="dim")
            console.print(t)
            if args.explain:
                rule = RULES.get(row["code"])
                how = "applied" if row["applied"] else (
                    "suggested (below --min-confidence)" if row["replacement"] is not None else "flag only")
                console.print(Text(f"    why: {row['message']}", style="dim"))
                if rule:
                    console.print(Text(f"    rule: {rule.summary} [{rule.fix}]", style="dim"))
                console.print(Text(f"    fix: {how}, {row['applicability']}, confidence "
                                   f"{row['confidence']:.2f} (threshold {config.min_confidence})",
                                   style="dim"))
    _report_errors(errors)
    if not args.json and not args.quiet:
        print(f"{total} finding{'s' if total != 1 else ''}, {pending} at or above confidence "
              f"{config.min_confidence} or applied by repair", file=sys.stderr)
    if errors:
        return 2
    return 1 if pending else 0


def cmd_rules(args: argparse.Namespace) -> int:
    from textfix.rules import RULES

    for code, rule in RULES.items():
        print(f"{code}  {rule.kind:24s} {rule.fix:6s} {rule.summary}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from textfix.bench import main as bench_main

    return bench_main(args)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders, or - for standard input")
    p.add_argument("--min-confidence", type=float, default=None,
                   help="apply guesses at or above this confidence (default 0.9)")
    p.add_argument("--select", action="append",
                   help="only these rule codes, prefixes or kinds (comma-separated)")
    p.add_argument("--ignore", action="append", help="switch off these rule codes, prefixes or kinds")
    p.add_argument("--preset", choices=["default", "ftfy"], help="ftfy: ftfy's normalizations on top")
    p.add_argument("--reference", metavar="FILE", help="another copy of the same content, as evidence")
    p.add_argument("--encoding", help="decode input with this encoding instead of detecting it")
    p.add_argument("--include", action="append", metavar="GLOB", help="in folders, only files matching")
    p.add_argument("--exclude", action="append", metavar="GLOB", help="in folders, skip files matching")
    p.add_argument("--no-gitignore", action="store_true", help="do not read .gitignore files")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.add_argument("--scorer", choices=["auto", "builtin", "kiwi"],
                   help="plausibility scorer: built-in rules, or kiwi (textfix[korean]); "
                   "auto: kiwi if installed")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress bar")
    p.add_argument("-v", "--verbose", action="store_true", help="also report skipped files")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textfix",
        description="Repair broken text: mojibake (incl. CP949/EUC-KR), Hangul normalization, "
        "reversed layout, visual-order RTL text and dropped text. Every change is explained.",
    )
    parser.add_argument("--version", action="version", version=f"textfix {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("repair", help="repair files: print one, or --diff, --check, --write")
    _common(p)
    p.add_argument("--diff", action="store_true", help="show what would change; write nothing")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything would change")
    p.add_argument("-w", "--write", action="store_true", help="repair the files in place")
    p.add_argument("--view", choices=["auto", "inline", "split"], default="auto",
                   help="diff layout (auto: split on a wide terminal)")
    p.add_argument("--ascii", action="store_true", help="ASCII table borders in the split view")
    p.set_defaults(func=cmd_repair)
    p = sub.add_parser("detect", help="list findings: damage with spans, kinds and confidence")
    _common(p)
    p.add_argument("--json", action="store_true", help="JSON Lines, one finding per line")
    p.add_argument("--explain", action="store_true", help="say why, which rule, and what the fix would do")
    p.set_defaults(func=cmd_detect)
    p = sub.add_parser("rules", help="list the rules")
    p.set_defaults(func=cmd_rules)
    p = sub.add_parser("bench", help="accuracy on the broken corpus, throughput next to ftfy")
    p.add_argument("dir", nargs="?", default="corpus_broken", metavar="DIR",
                   help="a corpus folder with cases.jsonl (default: corpus_broken)")
    p.add_argument("--megabytes", type=float, default=4.0,
                   help="size of the clean text for the throughput run (0: skip it)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--speed-only", action="store_true", help="only the throughput run")
    p.add_argument("--scorer", choices=["auto", "builtin", "kiwi"], default="auto",
                   help="plausibility scorer for the accuracy run")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (ValueError, TypeError, ImportError) as err:
        print(f"textfix: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
