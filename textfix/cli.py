"""The ``textfix`` command: argument parsing -> Config -> library calls.

``textfix repair PATH… | -``   print the repair of one file (a filter), or with
                               ``--diff`` preview, ``--check`` verify, ``--write`` repair in place
``textfix detect PATH… | -``   list findings (``--json`` for JSON Lines, ``--explain`` for why)
``textfix rules [CODE]``       the rules, or one rule's documentation
``textfix bench [DIR]``        accuracy on a broken corpus and throughput next to ftfy

Shaped like black: the paths given decide the project root (:func:`textfix.files.find_project_root`),
whose ``pyproject.toml`` is read and validated once; ``repair`` runs in one
:class:`~textfix.report.WriteBack` mode; one :class:`~textfix.report.Report` counts, names
the errors at the end and decides the exit code, for ``repair`` and ``detect`` alike.

Exit codes: 0 nothing to do, or done; 1 changes or findings pending (``--check``,
``detect``); 2 usage or input/output errors (the run goes on past a bad file and
reports it at the end); 130 and 143 when interrupted (SIGINT, SIGTERM).
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textfix import __version__, repair
from textfix.config import (
    CODE_POLICIES,
    Config,
    ConfigError,
    Settings,
    check_rule_names,
    load_settings,
)
from textfix.files import Source, WalkError, discover, find_project_root, glob_matches, relative_to_root
from textfix.io import InputError, decode_bytes, read_file, read_path, remove_temps, write_atomic
from textfix.model import Repair, line_col
from textfix.report import Report, UsageError, WriteBack, plural, shown
from textfix.syntax import DOCUMENT_SYNTAXES, syntax_for_path

BIG_RUN_FILES = 20
BIG_RUN_BYTES = 5_000_000


class Interrupted(BaseException):
    """SIGTERM (or SIGINT) received: unwind, clean up, exit ``128 + signal``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = 128 + signum


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


@dataclass
class Job:
    """What to do with each file: picklable, so worker processes get it whole."""

    config: Config
    reference: str | None = None
    encoding: str | None = None
    write_back: WriteBack = WriteBack.CHECK
    root: Path | None = None
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    break_hardlinks: bool = False
    write_readonly: bool = False


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


def process(source: Source | str, job: Job) -> FileResult:
    """Read, repair and (with ``--write``) rewrite one file; never raises for bad input."""
    if isinstance(source, str):
        source = Source(source, named=True, stdin=source == "-")
    path = source.path
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
    out = FileResult(path, repair=result, syntax=code)
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


# --- configuration ----------------------------------------------------------------------


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def build_config(args: argparse.Namespace, settings: Settings | None = None) -> Config:
    """``[tool.textfix]`` of the project root first (validated), command-line flags over it."""
    if settings is None:
        settings = load_settings(project_root(getattr(args, "paths", None) or ["."])[0])
    overrides: dict[str, Any] = dict(settings.overrides)
    if args.min_confidence is not None:
        if not 0.0 <= args.min_confidence <= 1.0:
            raise UsageError(f"--min-confidence must lie in 0..1, got {args.min_confidence}")
        overrides["min_confidence"] = args.min_confidence
    if _split(args.select):
        overrides["select"] = check_rule_names(_split(args.select), "--select")
    if _split(args.ignore):
        overrides["ignore"] = check_rule_names(_split(args.ignore), "--ignore")
    if args.preset:
        overrides["preset"] = args.preset
    if getattr(args, "scorer", None):
        overrides["scorer"] = args.scorer
    if getattr(args, "code", None):
        overrides["code"] = args.code
    return Config().replace(**overrides)


def project_root(paths: list[str]) -> tuple[Path, str]:
    try:
        return find_project_root(paths)
    except FileNotFoundError as err:
        raise UsageError("the working folder no longer exists (deleted?); cd to an existing folder") from err
    except OSError as err:
        raise UsageError(f"cannot find the project root: {err.strerror or err}") from err


@dataclass
class Plan:
    """Everything resolved before the first file is read: once per run."""

    sources: list[Source]
    job: Job
    report: Report
    settings: Settings
    root: Path


def plan(args: argparse.Namespace, write_back: WriteBack, *, check: bool) -> Plan:
    """Resolve the project root and its configuration once, validate the flags, and list
    the inputs."""
    report = Report(check=check, quiet=args.quiet, verbose=args.verbose)
    if args.encoding:
        try:
            codecs.lookup(args.encoding)
        except LookupError as err:
            raise UsageError(f"--encoding: unknown encoding {args.encoding!r}") from err
    if args.jobs is not None and args.jobs < 0:
        raise UsageError(f"-j/--jobs must be 0 (one per CPU) or more, got {args.jobs}")
    root, marker = project_root(args.paths)
    settings = load_settings(root)
    report.note(f"project root {shown(str(root))} ({marker})"
                + (f", configuration {shown(str(settings.source))}" if settings.source else ""))
    config = build_config(args, settings)
    include = tuple(_split(args.include)) or settings.include
    exclude = tuple(_split(args.exclude)) + settings.exclude + settings.extend_exclude
    try:
        sources = list(discover(args.paths, include, exclude, gitignore=not args.no_gitignore,
                                root=root, force_exclude=args.force_exclude))
    except WalkError as err:
        raise UsageError(str(err)) from err
    except FileNotFoundError as err:
        raise UsageError("the working folder no longer exists (deleted?); cd to an existing folder") from err
    job = Job(config, _reference(args), args.encoding, write_back, root, settings.per_file_ignores,
              break_hardlinks=getattr(args, "break_hardlinks", False),
              write_readonly=getattr(args, "write_readonly", False))
    return Plan(sources, job, report, settings, root)


def _reference(args: argparse.Namespace) -> str | None:
    if not getattr(args, "reference", None):
        return None
    try:
        return read_file(args.reference, args.encoding).text
    except InputError as err:
        raise UsageError(f"--reference {shown(err.path)}: {err.reason}") from err


# --- output -----------------------------------------------------------------------------


def _use_color(args: argparse.Namespace, stream) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(stream=None) -> int | None:
    """The width to lay the preview out in: ``COLUMNS`` when it makes sense, else the
    terminal's, else None (let rich decide); nonsense (``COLUMNS=0``, ``abc``) counts as
    unknown, with 80 as the fallback."""
    raw = os.environ.get("COLUMNS")
    if raw is None:
        return None
    try:
        cols = int(raw)
    except ValueError:
        cols = 0
    if 10 <= cols <= 10_000:
        return cols
    try:
        size = os.get_terminal_size((stream or sys.stdout).fileno()).columns
    except (OSError, AttributeError, ValueError):
        size = 0
    return size if 10 <= size <= 10_000 else 80


def _console(args: argparse.Namespace, stream=None):
    from rich.console import Console

    stream = stream or sys.stdout
    color = _use_color(args, stream)
    return Console(file=stream, force_terminal=color, no_color=not color, markup=False,
                   emoji=False, highlight=False, soft_wrap=True, width=terminal_width(stream))


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --- worker processes -------------------------------------------------------------------


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
                          transient=True, console=_console(args, sys.stderr)) as progress:
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


def _results(plan_: Plan, args: argparse.Namespace) -> Iterator[FileResult]:
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


def _code_note(report: Report, res: FileResult, config: Config) -> bool:
    """Under the ``report`` code policy, say that a code file with findings is left alone."""
    assert res.repair is not None
    if res.syntax is None or config.code != "report" or not res.repair.findings:
        return False
    report.note(f"left alone: {shown(res.path)} is {res.syntax} code; "
                f"{plural(len(res.repair.findings), 'finding')} in its comments and strings reported, "
                "not repaired (--code fix repairs them)")
    return True


# --- commands ---------------------------------------------------------------------------


def cmd_repair(args: argparse.Namespace) -> int:
    from textfix.diff import inline_view, plain_diff, split_view

    write_back = WriteBack.from_flags(check=args.check, diff=args.diff, write=args.write)
    p = plan(args, write_back, check=write_back.checks)
    report = p.report
    if write_back is WriteBack.PRINT and len(p.sources) != 1:
        raise UsageError("repair: give one file (or -) to print its repair, or use --diff, --check "
                         "or --write for several files and folders")
    console = _console(args)
    color = _use_color(args, sys.stdout)
    view = args.view
    if view == "auto":
        view = "split" if color and console.width >= 120 else "inline"
    try:
        for res in _results(p, args):
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
    console = _console(args)
    applied = suggested = flagged = 0
    try:
        for res in _results(p, args):
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


# --- the parser -------------------------------------------------------------------------


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders, or - for standard input")
    p.add_argument("--min-confidence", type=float, default=None,
                   help="apply guesses at or above this confidence (default 0.9)")
    p.add_argument("--select", action="append",
                   help="only these rule codes, prefixes or kinds (comma-separated)")
    p.add_argument("--ignore", action="append", help="switch off these rule codes, prefixes or kinds")
    p.add_argument("--preset", choices=["default", "ftfy"], help="ftfy: ftfy's normalizations on top")
    p.add_argument("--code", choices=CODE_POLICIES, default=None,
                   help="source code (by extension or shebang): report (default) finds damage in "
                   "comments and strings and changes nothing; fix repairs it there (safe fixes only)")
    p.add_argument("--reference", metavar="FILE", help="another copy of the same content, as evidence")
    p.add_argument("--encoding", help="decode input with this encoding instead of detecting it")
    p.add_argument("--include", action="append", metavar="GLOB", help="in folders, only files matching")
    p.add_argument("--exclude", action="append", metavar="GLOB",
                   help="in folders, skip files and folders matching (added to the configuration's)")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply the exclude globs to files named on the command line too")
    p.add_argument("--no-gitignore", action="store_true", help="do not read .gitignore files")
    p.add_argument("-j", "--jobs", type=int, default=1,
                   help="worker processes (default 1; 0: one per CPU; capped at the CPUs available)")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto",
                   help="colour the output (auto: on a terminal, unless NO_COLOR is set)")
    p.add_argument("--scorer", choices=["auto", "builtin", "kiwi"],
                   help="plausibility scorer: built-in rules, or kiwi (textfix[korean]); "
                   "auto: kiwi if installed")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress bar")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also say what was skipped or left alone and why, the project root and -j capping")


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
    p.add_argument("--break-hardlinks", action="store_true",
                   help="with --write, also replace files that have other hard links (those names "
                   "keep the old text); refused by default")
    p.add_argument("--write-readonly", action="store_true",
                   help="with --write, also replace read-only files (they stay read-only); "
                   "refused by default")
    p.add_argument("--view", choices=["auto", "inline", "split"], default="auto",
                   help="diff layout (auto: split on a wide terminal)")
    p.add_argument("--ascii", action="store_true", help="ASCII table borders in the split view")
    p.set_defaults(func=cmd_repair)
    p = sub.add_parser("detect", help="list findings: damage with spans, kinds and confidence")
    _common(p)
    p.add_argument("--json", action="store_true", help="JSON Lines, one finding per line")
    p.add_argument("--explain", action="store_true", help="say why, which rule, and what the fix would do")
    p.set_defaults(func=cmd_detect)
    p = sub.add_parser("rules", help="list the rules, or print one rule's documentation")
    p.add_argument("name", nargs="?", metavar="CODE", help="a rule code, code prefix or kind to document")
    p.set_defaults(func=cmd_rules)
    p = sub.add_parser("bench", help="accuracy on the broken corpus, throughput next to ftfy")
    p.add_argument("dir", nargs="?", default="corpus_broken", metavar="DIR",
                   help="a corpus folder with cases.jsonl (default: corpus_broken)")
    p.add_argument("--megabytes", type=float, default=4.0,
                   help="size of the clean text for the throughput run (0: skip it)")
    p.add_argument("--repeat", type=int, default=3,
                   help="timed runs over the clean text; the median is reported (default 3)")
    p.add_argument("--speed-only", action="store_true", help="only the throughput run")
    p.add_argument("--scorer", choices=["auto", "builtin", "kiwi"], default="auto",
                   help="plausibility scorer for the accuracy run")
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.set_defaults(func=cmd_bench)
    return parser


def _on_signal(signum, frame) -> None:
    raise Interrupted(signum)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_signal)
    try:
        return int(args.func(args))
    except (UsageError, ConfigError, WalkError) as err:
        print(f"textfix: error: {err}", file=sys.stderr)
        return 2
    except (ValueError, TypeError, ImportError) as err:
        print(f"textfix: error: {err}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Interrupted) as err:
        remove_temps()
        code = err.code if isinstance(err, Interrupted) else 130
        try:
            print("textfix: interrupted; files not yet written were left as they were", file=sys.stderr)
        except (OSError, ValueError):
            pass
        return code
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    raise SystemExit(main())
