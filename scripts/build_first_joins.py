#!/usr/bin/env python3
"""Regenerate ``textfix/data/first_joins.json``: how often each class of first-join decision
puts the space back right on clean Korean lines (counts only, no text).

A reversal of runs followed by line stripping loses the space after a line's first run
(``박 의원은 "서울`` comes back ``박 의원은"서울`` unless it is put back).  Rule TF301 puts it
back by :func:`textfix.stages.layout.first_join_guess`, and applies the reversal by default
only where that class of decision is measured sure (:func:`sure_first_joins`).  This script
measures it: for every clean line, the line's first run is stripped of its trailing space,
the guess is made, and the class of the decision is counted with whether the guess was right
(a run followed by two spaces or a tab counts as spaced).

Source: the Korean strings and lines (not whole files) of the open-world benchmark's two
tune halves (``benchmarks/openworld``: ``tune`` of ``units.jsonl``, made by its
``fetch.py``, and ``fresh-tune`` of ``fresh-units.jsonl``, made by ``fresh.py``), each
stripped line of 8 characters or more with 4 Hangul syllables or more, once each.  Never
the held-out halves (``heldout``, ``fresh-heldout``): their damage figures check the table.  The table must be
built again whenever the rules of ``_spaced`` or ``_join`` change: a test holds it to the
classes the code makes.

Usage: python scripts/build_first_joins.py [--units UNITS.jsonl FRESH-UNITS.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "openworld"))

from fetch import cache_dir  # noqa: E402
from run import load  # noqa: E402

from textfix.script import HANGUL_RE  # noqa: E402
from textfix.stages.layout import MIN_HANGUL, Token, first_join_guess, tokenize  # noqa: E402

OUT = ROOT / "textfix" / "data" / "first_joins.json"
MIN_CHARS = 8  # as the open-world damage pools: shorter lines carry no reversal evidence
TUNE_SPLITS = ("tune", "fresh-tune")


def measured_lines(units: list[Path]) -> list[str]:
    """The clean Korean lines of the tune halves, once each, in file order."""
    seen: dict[str, None] = {}
    for u in (u for path in units for split in TUNE_SPLITS for u in load(path, split)):
        if u["lang"] != "ko" or u.get("damaged") or u["unit"] == "file":
            continue
        for line in u["text"].split("\n"):
            line = line.strip(" \t\r")
            if len(line) >= MIN_CHARS and len(HANGUL_RE.findall(line)) >= MIN_HANGUL:
                seen.setdefault(line)
    return list(seen)


def count(lines: list[str]) -> tuple[Counter, Counter]:
    """Per class of decision: lines, and lines whose first join the guess got wrong."""
    total: Counter = Counter()
    wrong: Counter = Counter()
    for line in lines:
        tokens = tokenize(line)
        if len(tokens) < 2:
            continue
        spaced = tokens[0].text != tokens[0].core
        stripped = [Token(tokens[0].core, tokens[0].kind, tokens[0].group), *tokens[1:]]
        guess, how = first_join_guess(stripped)
        total[how] += 1
        wrong[how] += guess != spaced
    return total, wrong


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cache = cache_dir(None)
    ap.add_argument("--units", type=Path, nargs="+",
                    default=[cache / "units.jsonl", cache.parent / "fresh-units.jsonl"])
    args = ap.parse_args(argv)
    for path in args.units:
        if not path.exists():
            print(f"{path} not found: run benchmarks/openworld/fetch.py and fresh.py first", file=sys.stderr)
            return 2
    lines = measured_lines(args.units)
    total, wrong = count(lines)
    joins = [[list(how), total[how], wrong[how]] for how in sorted(total, key=lambda h: (-total[h], h))]
    head = {
        "about": "For each class of first-join decision of rule TF301 (textfix.stages.layout."
                 "first_join_guess): clean lines, and lines whose first join it got wrong; made by "
                 "scripts/build_first_joins.py.",
        "source": f"open-world benchmark, tune and fresh-tune splits: {len(lines)} distinct Korean "
                  f"lines of their strings and lines, {sum(total.values())} of them of two runs or more "
                  "(benchmarks/openworld/README.md lists the packages)",
    }
    body = ",\n".join(json.dumps(j, ensure_ascii=False) for j in joins)
    OUT.write_text(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + f',\n "joins": [\n{body}\n ]\n}}\n',
                   encoding="utf-8")
    print(f"{OUT}: {len(joins)} classes from {sum(total.values())} lines "
          f"({sum(wrong.values())} guessed wrong)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
