#!/usr/bin/env python3
"""Per-chain exact rates of textfix next to ftfy on the encoding family's cases.

Reads ``corpus_broken/cases-encoding.jsonl`` (written by ``scripts/build_corpus_encoding.py``)
and, for every damage kind (one per code-page chain, plus the lossy Korean chains and the
clean strings), prints how many cases ``textfix.repair`` and ``ftfy.fix_text`` bring back
exactly, how many each leaves unchanged, and how many each makes worse (changed, and
further from the gold by character edits); for lost text (``expect: flag``), the share left
as it is with a flag on it.  For the lossy chains it also counts the lost
syllables restored exactly.  The default split is ``report`` (strings the models and
thresholds never saw).

Usage: python benchmarks/codepages.py [--split report|tune|all] [--show N] [--kind KIND]
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import defaultdict
from pathlib import Path

import ftfy

import textfix
from textfix.damage.encoding import cp949_replace

ROOT = Path(__file__).resolve().parent.parent


def edits(a: str, b: str) -> int:
    """Character edits between ``a`` and ``b``."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal")


def lost_syllables(kind: str, gold: str, out: str) -> tuple[int, int]:
    """(restored exactly, lost) characters of a lossy case: the gold's characters whose UTF-8
    bytes the damage replaced (in part or whole), compared position by position with the
    output (none restored when the output's length differs)."""
    style = "browser" if kind.endswith("browser") else "python"
    lost_bytes = cp949_replace(gold.encode("utf-8"), style)[1]
    lost, pos = [], 0
    for i, ch in enumerate(gold):
        n = len(ch.encode("utf-8"))
        if lost_bytes.intersection(range(pos, pos + n)):
            lost.append(i)
        pos += n
    if len(out) != len(gold):
        return 0, len(lost)
    return sum(out[i] == gold[i] for i in lost), len(lost)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=Path, default=ROOT / "corpus_broken" / "cases-encoding.jsonl")
    ap.add_argument("--split", default="report", choices=("report", "tune", "all"))
    ap.add_argument("--kind", help="only this damage kind")
    ap.add_argument("--show", type=int, default=0, help="print N failures a kind (tune split only)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--scorer", default="auto", choices=("auto", "builtin", "kiwi"))
    args = ap.parse_args()
    if args.show and args.split != "tune":
        ap.error("--show prints texts: only for --split tune")
    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = [c for c in cases if args.split == "all" or c.get("split") == args.split]
    if args.kind:
        cases = [c for c in cases if c["kind"] == args.kind]
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    shown: dict[str, int] = defaultdict(int)
    for c in cases:
        kind = c["kind"] if c["kind"] != "clean" else "clean " + c["provenance"].split("(")[1].split(")")[0]
        s = stats[kind]
        s["n"] += 1
        broken, gold = c["broken"], c["gold"]
        before = edits(broken, gold)
        repaired = textfix.repair(broken, scorer=args.scorer)
        fixed = repaired.text
        if c["expect"] == "flag":  # lost text: flagged (on its span) and left as it is
            a, b = c.get("span", (0, len(broken)))
            flagged = any(f.is_flag and f.start <= b and f.end >= a for f in repaired.findings)
            s["textfix_exact"] += fixed == broken and flagged
            s["ftfy_exact"] += 0
            s["textfix_unchanged"] += fixed == broken
            s["ftfy_unchanged"] += ftfy.fix_text(broken) == broken
            continue
        for name, out in (("textfix", fixed), ("ftfy", ftfy.fix_text(broken))):
            s[f"{name}_exact"] += out == gold
            s[f"{name}_unchanged"] += out == broken
            s[f"{name}_worse"] += out != broken and edits(out, gold) > before
            if "lossy" in kind and name == "textfix":
                ok, lost = lost_syllables(kind, gold, out)
                s["syll_ok"] += ok
                s["syll_lost"] += lost
            if name == "textfix" and out != gold and shown[kind] < args.show:
                shown[kind] += 1
                print(f"--- {kind} {c['id']}\n  broken {broken!r}\n  gold   {gold!r}\n  out    {out!r}")
    if args.json:
        print(json.dumps(stats))
        return 0
    print(f"split: {args.split}")
    head = (f"{'damage kind':40s} {'cases':>5s} {'textfix':>8s} {'ftfy':>7s} {'tf same':>8s} "
            f"{'tf worse':>8s} {'ftfy worse':>10s}")
    print(head)
    for kind in sorted(stats):
        s = stats[kind]
        n = s["n"]
        extra = ""
        if s["syll_lost"]:
            ok, lost = s["syll_ok"], s["syll_lost"]
            extra = f"  lost syllables exact {ok}/{lost} ({ok / lost:.1%})"
        print(f"{kind:40s} {n:5d} {s['textfix_exact'] / n:8.1%} {s['ftfy_exact'] / n:7.1%} "
              f"{s['textfix_unchanged'] / n:8.1%} {s['textfix_worse']:8d} {s['ftfy_worse']:10d}{extra}")
    total = sum(s["n"] for s in stats.values())
    ok = sum(s["textfix_exact"] for s in stats.values())
    print(f"encodings: {ok} passed, {total - ok} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
