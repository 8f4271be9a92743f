"""Throughput of ``textfix.repair`` next to ``ftfy.fix_text`` on the same clean text.

The corpus: every clean text found in ``corpus_broken/`` (files named ``*.clean.txt`` or
the clean seed page) and, when present, ``../shared/anchors/korean-clean``; cut into
documents of about 5 KB at line boundaries and repeated to the requested size.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

SEARCH = ("corpus_broken", "../shared/anchors/korean-clean")


def clean_texts(roots: list[Path]) -> list[str]:
    texts = []
    for root in roots:
        if not root.is_dir():
            continue
        for p in sorted(root.rglob("*")):
            if not p.is_file() or "cpython-cjkencodings" in p.parts:
                continue
            if p.suffix == ".jsonl":
                texts.extend(json.loads(line)["ko"] for line in p.open(encoding="utf-8"))
            elif p.suffix == ".txt" and (p.name.startswith("000_") or ".clean." in p.name
                                         or "korean-clean" in str(p)):
                texts.append(p.read_text(encoding="utf-8"))
    return texts


def documents(texts: list[str], megabytes: float, size: int = 5000) -> list[str]:
    lines = [line for t in texts for line in t.splitlines(keepends=True)]
    if not lines:
        return []
    docs, cur, total, i = [], [], 0, 0
    target = megabytes * 1e6
    while total < target:
        line = lines[i % len(lines)]
        i += 1
        cur.append(line)
        if sum(map(len, cur)) >= size:
            doc = "".join(cur)
            docs.append(doc)
            total += len(doc.encode("utf-8"))
            cur = []
    return docs


def measure(fn, docs: list[str], repeat: int) -> float:
    """Median MB/s of ``fn`` over ``docs``."""
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    rates = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
        rates.append(size / (time.perf_counter() - t0))
    return statistics.median(rates)


def main(args) -> int:
    import ftfy

    import textfix

    roots = [Path(p) for p in SEARCH]
    docs = documents(clean_texts(roots), args.megabytes)
    if not docs:
        print("textfix bench: no clean corpus found (looked in corpus_broken/ and "
              "../shared/anchors/korean-clean)", file=sys.stderr)
        return 2
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    unchanged = sum(textfix.repair(d).text == d for d in docs)
    tf = measure(lambda d: textfix.repair(d).text, docs, args.repeat)
    ff = measure(ftfy.fix_text, docs, args.repeat)
    result = {
        "corpus_mb": round(size, 2), "documents": len(docs),
        "textfix_mb_s": round(tf, 2), "ftfy_mb_s": round(ff, 2), "ratio": round(tf / ff, 2),
        "unchanged": f"{unchanged}/{len(docs)}",
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"clean Korean corpus: {size:.2f} MB in {len(docs)} documents of ~5,000 characters "
              f"({result['unchanged']} unchanged by textfix)")
        print(f"textfix.repair : {tf:7.2f} MB/s")
        print(f"ftfy.fix_text  : {ff:7.2f} MB/s")
        print(f"ratio          : {tf / ff:7.2f}x")
    return 0
