#!/usr/bin/env python3
"""Build the compact Korean statistics shipped in ``textfix/data/hangul_stats.json``.

Sources: the permissively licensed clean Korean texts in ``../shared/anchors/korean-clean``
(the Constitution and National Assembly bills: public domain under Korean Copyright Act
Art. 7; Jupyter/Sphinx/Django UI strings: BSD; kiwipiepy documentation: Apache-2.0).
Only aggregate counts are kept (the syllables in order of frequency), no text.  They
tell the encoding stage whether re-decoded bytes read as real Korean.

Usage: python scripts/build_stats.py [ANCHORS_DIR]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "anchors" / "korean-clean"
HANGUL_WORD = re.compile("[\uac00-\ud7a3]+")


def texts(folder: Path):
    for p in sorted(folder.rglob("*.txt")):
        if "cpython-cjkencodings" in p.parts:
            continue  # deliberately rare syllables
        yield p.read_text(encoding="utf-8")
    for p in sorted(folder.glob("*.jsonl")):
        for line in p.open(encoding="utf-8"):
            yield json.loads(line)["ko"]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    syllables: Counter[str] = Counter()
    for t in texts(folder):
        for w in HANGUL_WORD.findall(t):
            syllables.update(w)
    stats = {
        "source": "korean-clean anchors (public domain / BSD / Apache-2.0 texts), aggregate counts only",
        "syllables": "".join(s for s, _ in syllables.most_common(1600)),
    }
    out = ROOT / "textfix" / "data" / "hangul_stats.json"
    out.write_text(json.dumps(stats, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(stats['syllables'])} syllables by frequency")


if __name__ == "__main__":
    main()
