"""The ``textfix`` command: argument parsing -> Config -> library calls.

Exit codes: 0 nothing to do or done; 1 changes or findings pending (``--check``,
``detect``); 2 usage or input/output errors (the run goes on past a bad file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textfix import __version__, repair
from textfix.config import Config, load_pyproject
from textfix.io import Decoded, InputError, decode_bytes, read_file, write_atomic
from textfix.model import Repair, line_col


@dataclass
class Outcome:
    errors: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    findings: int = 0


def _split(values: list[str] | None) -> frozenset[str] | None:
    if not values:
        return None
    return frozenset(v.strip() for item in values for v in item.split(",") if v.strip())


def build_config(args: argparse.Namespace) -> Config:
    """pyproject's ``[tool.textfix]`` first, command-line flags over it."""
    overrides: dict[str, Any] = load_pyproject(Path.cwd())
    if args.min_confidence is not None:
        overrides["min_confidence"] = args.min_confidence
    if _split(args.select) is not None:
        overrides["select"] = _split(args.select)
    if _split(args.ignore) is not None:
        overrides["ignore"] = _split(args.ignore)
    if args.preset:
        overrides["preset"] = args.preset
    if getattr(args, "scorer", None):
        overrides["scorer"] = args.scorer
    return Config().replace(**overrides)


def _console(args: argparse.Namespace, stream=None):
    from rich.console import Console

    color = getattr(args, "color", "auto")
    force = {"always": True, "never": False}.get(color)
    return Console(
        file=stream or sys.stdout,
        force_terminal=force,
        no_color=(color == "never"),
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=True,
    )


def _read(path: str, encoding: str | None) -> tuple[Decoded, os.stat_result | None]:
    if path == "-":
        data = sys.stdin.buffer.read()
        return decode_bytes(data, encoding, "<stdin>"), None
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a folder (folders are not supported yet; name the files)")
    st = p.stat() if p.exists() else None
    return read_file(p, encoding), st


def _use_color(args: argparse.Namespace) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def cmd_repair(args: argparse.Namespace) -> int:
    from textfix.diff import plain_diff, rich_diff

    config = build_config(args)
    reference = _reference(args)
    outcome = Outcome()
    filter_mode = not (args.diff or args.check or args.write)
    if filter_mode and len(args.paths) != 1:
        print("textfix repair: give one file (or -) to print its repair, or use "
              "--diff, --check or --write", file=sys.stderr)
        return 2
    console = _console(args)
    for path in args.paths:
        try:
            decoded, st = _read(path, args.encoding)
        except (InputError, OSError) as err:
            outcome.errors.append(str(err))
            continue
        result = repair(decoded.text, reference=reference, config=config)
        if filter_mode:
            out = decoded.encode(result.text) if path == "-" else result.text.encode("utf-8")
            sys.stdout.buffer.write(out)
            sys.stdout.flush()
            continue
        if result.changed:
            outcome.changed.append(path)
        if args.diff and result.changed:
            if _use_color(args):
                for row in rich_diff(result, path):
                    console.print(row)
            else:
                sys.stdout.write("".join(f"{path}:{line}" for line in
                                         plain_diff(result).splitlines(keepends=True)))
        if args.write and result.changed and path != "-":
            try:
                write_atomic(path, decoded.encode(result.text), st)
            except (InputError, OSError) as err:
                outcome.errors.append(str(err))
                continue
        elif args.write and path == "-":
            sys.stdout.buffer.write(decoded.encode(result.text))
    for err in outcome.errors:
        print(f"textfix: error: {err}", file=sys.stderr)
    if args.check or args.write:
        verb = "repaired" if args.write else "would be repaired"
        n = len(outcome.changed)
        print(f"{n} file{'s' if n != 1 else ''} {verb}, "
              f"{len(args.paths) - n - len(outcome.errors)} unchanged"
              + (f", {len(outcome.errors)} error(s)" if outcome.errors else ""), file=sys.stderr)
    if outcome.errors:
        return 2
    if args.check and outcome.changed:
        return 1
    return 0


def _reference(args: argparse.Namespace) -> str | None:
    if not getattr(args, "reference", None):
        return None
    try:
        return read_file(args.reference, args.encoding).text
    except InputError as err:
        print(f"textfix: error: {err}", file=sys.stderr)
        raise SystemExit(2) from err


def _finding_rows(path: str, result: Repair) -> list[dict[str, Any]]:
    rows = []
    for f in result.findings:
        line, col = line_col(result.original, f.start)
        rows.append({
            "path": path, "line": line, "column": col, "start": f.start, "end": f.end,
            "code": f.code, "kind": f.kind, "confidence": round(f.confidence, 3),
            "applied": f.applied, "message": f.message, "text": f.before,
            "replacement": f.after,
        })
    return rows


def cmd_detect(args: argparse.Namespace) -> int:
    from textfix.diff import visible

    config = build_config(args)
    reference = _reference(args)
    errors = []
    total = pending = 0
    console = _console(args)
    for path in args.paths:
        try:
            decoded, _ = _read(path, args.encoding)
        except (InputError, OSError) as err:
            errors.append(str(err))
            continue
        result = repair(decoded.text, reference=reference, config=config)
        for row in _finding_rows(path, result):
            total += 1
            if row["confidence"] >= config.min_confidence or row["applied"]:
                pending += 1
            if args.json:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                from rich.text import Text

                t = Text()
                t.append(f"{row['path']}:{row['line']}:{row['column']}: ", style="bold")
                t.append(f"{row['code']} ", style="bold red" if row["applied"] else "bold yellow")
                t.append(f"{row['kind']} ({row['confidence']:.2f}) ", style="cyan")
                t.append(f"{visible(row['text'])!r}")
                if row["replacement"] is not None:
                    t.append(f" -> {visible(row['replacement'])!r}", style="green")
                t.append(f"  {row['message']}", style="dim")
                console.print(t)
    for err in errors:
        print(f"textfix: error: {err}", file=sys.stderr)
    if not args.json:
        print(f"{total} finding(s), {pending} at or above confidence {config.min_confidence}",
              file=sys.stderr)
    if errors:
        return 2
    return 1 if pending else 0


def cmd_bench(args: argparse.Namespace) -> int:
    from textfix.bench import main as bench_main

    return bench_main(args)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files to read, or - for stdin")
    p.add_argument("--min-confidence", type=float, default=None,
                   help="apply guesses at or above this confidence (default 0.9)")
    p.add_argument("--select", action="append", help="only these rule codes or kinds (comma-separated)")
    p.add_argument("--ignore", action="append", help="switch off these rule codes or kinds")
    p.add_argument("--preset", choices=["default", "ftfy"], help="ftfy: ftfy's normalizations on top")
    p.add_argument("--reference", metavar="FILE", help="another copy of the same content, as evidence")
    p.add_argument("--encoding", help="decode input with this encoding instead of detecting it")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.add_argument("--scorer", choices=["auto", "builtin", "kiwi"],
                   help="plausibility scorer: built-in rules, or kiwi (textfix[korean]); "
                   "auto: kiwi if installed")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textfix",
        description="Repair broken text: mojibake (incl. CP949/EUC-KR), Hangul normalization, "
        "reversed layout and dropped text. Every change is explained.",
    )
    parser.add_argument("--version", action="version", version=f"textfix {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("repair", help="repair files (print, --diff, --check or --write)")
    _common(p)
    p.add_argument("--diff", action="store_true", help="show what would change; write nothing")
    p.add_argument("--check", action="store_true", help="exit 1 if anything would change")
    p.add_argument("-w", "--write", action="store_true", help="repair the files in place")
    p.set_defaults(func=cmd_repair)
    p = sub.add_parser("detect", help="list findings (damage, with spans and confidence)")
    _common(p)
    p.add_argument("--json", action="store_true", help="JSON Lines, one finding per line")
    p.set_defaults(func=cmd_detect)
    p = sub.add_parser("bench", help="accuracy on the broken corpus, throughput next to ftfy")
    p.add_argument("dir", nargs="?", default="corpus_broken", metavar="DIR",
                   help="a corpus folder with cases.jsonl (default: corpus_broken)")
    p.add_argument("--megabytes", type=float, default=4.0,
                   help="size of the clean text for the throughput run (0: skip it)")
    p.add_argument("--speed-only", action="store_true", help="only the throughput run")
    p.add_argument("--scorer", choices=["auto", "builtin", "kiwi"], default="auto",
                   help="plausibility scorer for the accuracy run")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (ValueError, TypeError) as err:
        print(f"textfix: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
