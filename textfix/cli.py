"""The ``textfix`` command: argument parsing -> Config -> library calls.

``textfix repair PATH… | -``   print the repair of one file (a filter), or with
                               ``--diff`` preview, ``--check`` verify, ``--write`` repair in place
``textfix detect PATH… | -``   list findings (``--output-format`` json, jsonl, github, sarif;
                               ``--explain`` for why)
``textfix rules [CODE]``       the rules, or one rule's documentation
``textfix bench [DIR]``        accuracy on a broken corpus and throughput next to ftfy
``textfix serve``              a local web page (127.0.0.1) to repair pasted or dropped files

Shaped like black: the paths given decide the project root (:func:`textfix.files.find_project_root`),
whose ``pyproject.toml`` is read and validated once; ``repair`` runs in one
:class:`~textfix.report.WriteBack` mode; one :class:`~textfix.report.Report` counts, names
the errors at the end and decides the exit code, for ``repair`` and ``detect`` alike.

Here: the parser and :func:`main` (exit codes, interrupts).  The commands are in
:mod:`textfix.commands`, the once-per-run plan in :mod:`textfix.plan`, the per-file job and
worker processes in :mod:`textfix.run`, colour and width in :mod:`textfix.terminal`.

Exit codes: 0 nothing to do, or done; 1 changes or findings pending (``--check``,
``detect``); 2 usage or input/output errors (the run goes on past a bad file and
reports it at the end); 130 and 143 when interrupted (SIGINT, SIGTERM).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from textfix import __version__
from textfix.commands import cmd_bench, cmd_detect, cmd_repair, cmd_rules, cmd_serve
from textfix.config import CODE_POLICIES, ConfigError
from textfix.files import WalkError
from textfix.formats import FORMATS
from textfix.io import remove_temps
from textfix.report import UsageError


class Interrupted(BaseException):
    """SIGTERM (or SIGINT) received: unwind, clean up, exit ``128 + signal``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = 128 + signum


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
    p.add_argument("--field", action="append", metavar="NAME",
                   help="the paths are record files (JSON Lines, CSV, TSV, .gz, Parquet): repair or check "
                   "this field of every record (repeat for several); every other field is kept as it is")
    p.add_argument("--record-format", choices=["jsonl", "csv", "tsv", "parquet"],
                   help="with --field: the record format when the file name does not tell (standard "
                   "input: jsonl)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress bar")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also say what was skipped or left alone and why, the project root, -j capping and "
                   "whether the Korean language model was loaded")


#: ``--view`` choices: ``auto`` is split or inline on a colour terminal, unified elsewhere.
VIEWS = ("auto", "inline", "split", "words", "unified")


def _repair_parser(sub) -> None:
    p = sub.add_parser("repair", help="repair files: print one, or --diff, --check, --write")
    _common(p)
    mode = p.add_argument_group("what to do (none: print the repaired text of one file; --check and --diff "
                                 "go together, --write alone)")
    mode.add_argument("--diff", action="store_true", help="show what would change; write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything would change")
    mode.add_argument("-w", "--write", action="store_true", help="repair the files in place")
    writes = p.add_argument_group("writing")
    writes.add_argument("--break-hardlinks", action="store_true",
                        help="with --write, also replace files that have other hard links (those names "
                        "keep the old text); refused by default")
    writes.add_argument("--write-readonly", action="store_true",
                        help="with --write, also replace read-only files (they stay read-only); "
                        "refused by default")
    shown = p.add_argument_group("output")
    shown.add_argument("--view", choices=VIEWS, default="auto",
                       help="--diff layout: inline (coloured, one row per change), split (side by side), "
                       "words ([-old-]{+new+}), unified (a patch git apply and patch -p1 accept); "
                       "auto: split or inline on a colour terminal, unified elsewhere")
    shown.add_argument("--ascii", action="store_true", help="ASCII table borders in the split view")
    shown.add_argument("-o", "--output", metavar="OUT",
                       help="with --field: write the records to OUT (.gz compresses; .parquet for Parquet "
                       "input) instead of standard output")
    shown.add_argument("--findings-field", metavar="NAME",
                       help="with --field: add each record's findings to it, as a list of objects in "
                       "field NAME")
    _output_format(shown, "with --check: the changes pending, for CI (text: a line per file on stderr)")
    p.set_defaults(func=cmd_repair, suggest=False)


def _output_format(p, what: str) -> None:
    p.add_argument("--output-format", choices=FORMATS, default=None, metavar="FORMAT",
                   help=f"{' | '.join(FORMATS)}: json is one array, jsonl one finding a line, github "
                   f"workflow commands (annotations), sarif SARIF 2.1.0 for code scanning; {what}")


def _detect_parser(sub) -> None:
    p = sub.add_parser("detect", help="list findings: damage with spans, kinds and confidence")
    _common(p)
    _output_format(p, "default text")
    p.add_argument("--json", action="store_true", help="JSON Lines, one finding per line "
                   "(the same as --output-format jsonl)")
    p.add_argument("--explain", action="store_true", help="say why, which rule, and what the fix would do")
    p.set_defaults(func=cmd_detect)


def _bench_parser(sub) -> None:
    p = sub.add_parser("bench", help="accuracy on the broken corpus, throughput next to ftfy")
    p.add_argument("dir", nargs="?", default="corpus_broken", metavar="DIR",
                   help="a corpus folder with cases.jsonl and cases-*.jsonl (default: corpus_broken; "
                   "it comes with textfix's source repository, not with the package)")
    p.add_argument("--split", choices=["report", "tune", "all"], default="report",
                   help="which cases to measure: report (default: those the figures come from), "
                        "tune (those the rules were tuned on) or all")
    p.add_argument("--megabytes", type=float, default=4.0,
                   help="size of the clean text for the throughput run (0: skip it)")
    p.add_argument("--repeat", type=int, default=3,
                   help="timed runs over the clean text; the median is reported (default 3)")
    p.add_argument("--speed-only", action="store_true", help="only the throughput run")
    p.add_argument("--scorer", choices=["auto", "builtin", "kiwi"], default="auto",
                   help="plausibility scorer for the accuracy run")
    p.add_argument("--json", action="store_true", help="print the results as one JSON object")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_bench)


def _serve_parser(sub) -> None:
    p = sub.add_parser("serve", help="a local web page: paste or drop a file, see and choose the repairs, "
                       "download the result")
    p.add_argument("--port", type=int, default=8765,
                   help="port on 127.0.0.1 (default 8765; 0 picks a free one); only this machine can connect")
    p.add_argument("--open", action="store_true", help="open the page in the default web browser")
    p.add_argument("--scorer", choices=["auto", "builtin", "kiwi"], default=None,
                   help="plausibility scorer (auto: kiwi if installed)")
    p.add_argument("-q", "--quiet", action="store_true", help="no request log on stderr")
    p.set_defaults(func=cmd_serve)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="textfix",
        description="Repair broken text: mojibake (incl. CP949/EUC-KR), Hangul normalization, "
        "reversed layout, visual-order RTL text and dropped text. Every change is explained.",
    )
    parser.add_argument("--version", action="version", version=f"textfix {__version__}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                help="repair, detect, rules, bench or serve (each has --help)")
    _repair_parser(sub)
    _detect_parser(sub)
    p = sub.add_parser("rules", help="list the rules, or print one rule's documentation")
    p.add_argument("name", nargs="?", metavar="CODE", help="a rule code, code prefix or kind to document")
    p.set_defaults(func=cmd_rules)
    _bench_parser(sub)
    _serve_parser(sub)
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
            print("textfix serve: stopped" if args.command == "serve" else
                  "textfix: interrupted; files not yet written were left as they were", file=sys.stderr)
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
