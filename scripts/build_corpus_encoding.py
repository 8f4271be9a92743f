#!/usr/bin/env python3
"""Write ``corpus_broken/cases-encoding.jsonl``: the encoding family's generated cases.

- one damage kind per code-page chain (``mojibake-gbk-as-cp1252``, ``mojibake-sjis-as-cp437``,
  ...; :data:`textfix.damage.encoding.CODEPAGE_CHAINS`), on strings of 6 characters or more;
- the lossy Korean chains: UTF-8 read as CP949 with replacement characters (CPython's
  ``errors="replace"`` and the browser's way), the strictly decoded kind, CP949 read as
  Latin-1 with soft hyphens and no-break spaces dropped, CP949 read as UTF-8 with a Latin-1
  fallback, and replacement characters saved as CP949 (``占쏙옙``: flagged);
- clean strings of every script (Chinese, Japanese, Russian/Ukrainian/Bulgarian, Greek,
  Korean, and Latin-script languages) that must come out unchanged.

Sources (see ``scripts/build_stats.py``): the translation catalogues of Django 5.2.19
(BSD-3-Clause), Sphinx 9.0.4 (BSD-2-Clause) and the JupyterLab 4.5.post3 language packs
(BSD-3-Clause); the korean-clean anchors (public domain / BSD / Apache-2.0) and the clean
seed page for Korean prose.  Every string belongs to the split :func:`build_stats.split_of`
gives it: ``tune`` strings are the ones the character models were counted on and the
thresholds tuned on; ``report`` strings were never seen by either.

Usage: python scripts/build_corpus_encoding.py [--sources DIR] [--per-kind N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_corpus import Cases  # noqa: E402
from build_stats import DEFAULT, LOCALES, catalogue_strings, fetch_wheels, korean_texts, split_of  # noqa: E402

from textfix.damage import encoding as damage  # noqa: E402

#: The script each source code page writes, and the languages whose strings it is tried on.
SOURCE_LANG = {"gbk": "zh", "cp932": "ja", "euc_jp": "ja", "cp1251": "ru", "koi8_r": "ru",
               "cp1253": "el", "cp949": "ko"}
#: The letters of each script (a string must hold one to count as that script's).
SCRIPT = {"zh": "[\u4e00-\u9fff]", "ja": "[\u3040-\u30ff\u4e00-\u9fff]", "ru": "[\u0400-\u04ff]",
          "el": "[\u0370-\u03ff]", "ko": "[\uac00-\ud7a3]", "latin": "[A-Za-z\u00c0-\u024f]"}
#: Strings shorter than this are not cases (the issue's goal is for 6 characters or more).
MIN_CHARS = 6
#: The finding kinds that count as detecting each family of damage.
DETECTS = {"codepage": ["mojibake-codepage"], "cp949": ["mojibake-cp949"],
           "lossy": ["mojibake-utf8-as-cp949", "mojibake-utf8-as-cp949-lossy", "lost-text"],
           "lost": ["lost-text"]}
#: A line of prose for the lossy Korean chains: this many syllables at least.
MIN_PROSE_SYLLABLES = 20
SEED = ROOT / "corpus_broken" / "seeds" / "000_373d7afc4c9add65.txt"


def pools(wheels: Path, anchors: Path) -> dict[str, list[tuple[str, str]]]:
    """(where, text) of every usable string of each language, one line each."""
    out: dict[str, list[tuple[str, str]]] = {}
    for lang in ("zh", "ja", "ru", "el", "latin"):
        seen: set[str] = set()
        items = []
        for locale in LOCALES[lang]:
            for where, s in catalogue_strings(wheels, locale):
                s = s.strip()
                if "\n" in s or len(s) < MIN_CHARS or s in seen or not re.search(SCRIPT[lang], s):
                    continue
                seen.add(s)
                items.append((where, s))
        out[lang] = items
    ko = [(f"korean-clean:{i}", t.strip()) for i, t in enumerate(korean_texts(anchors))
          if len(t.strip()) >= MIN_CHARS and re.search(SCRIPT["ko"], t)]
    out["ko"] = list(dict.fromkeys(ko))
    prose = [t for t in SEED.read_text(encoding="utf-8").splitlines()
             if len(re.findall(SCRIPT["ko"], t)) >= MIN_PROSE_SYLLABLES]
    out["ko-prose"] = [(f"{SEED.name}:{i}", t.strip()) for i, t in enumerate(prose)]
    out["ko-prose"] += [(w, t) for w, t in out["ko"]
                        if len(re.findall(SCRIPT["ko"], t)) >= MIN_PROSE_SYLLABLES
                        and t.rstrip("\"'”’)").endswith((".", "다"))]
    return out


def _add(c: Cases, kind: str, family: str, pool: list[tuple[str, str]], split: str,
         make: Callable[[str], tuple | None], what: str, expect: str = "exact") -> None:
    """Up to ``c.per_kind`` cases of ``kind`` from the strings of ``pool`` in ``split``."""
    items = [(w, t) for w, t in pool if split_of(t) == split]
    c.rng.shuffle(items)
    made = 0
    for where, t in items:
        if made >= c.per_kind:
            break
        found = make(t)
        if found is None:
            continue
        c.add(kind, found, t, where, what, expect=expect)
        c.out[-1]["split"] = split
        c.out[-1]["detects"] = DETECTS[family]
        made += 1


def generate(c: Cases, pool: dict[str, list[tuple[str, str]]]) -> None:
    for split in ("tune", "report"):
        for kind, source, display in damage.CODEPAGE_CHAINS:
            family = "cp949" if source == "cp949" else "codepage"
            _add(c, kind, family, pool[SOURCE_LANG[source]], split,
                 lambda t, s=source, d=display: damage.codepage_as(t, s, d),
                 f"{source} bytes decoded as {display}")
        prose = pool["ko-prose"]
        for style in ("python", "browser"):
            _add(c, f"mojibake-utf8-as-cp949-lossy-{style}", "lossy", prose, split,
                 lambda t, s=style: damage.utf8_as_cp949_lossy(t, s),
                 f"UTF-8 bytes decoded as CP949 with replacement characters ({style} style)")
        _add(c, "mojibake-utf8-as-cp949-strict", "lossy", pool["ko"], split,
             lambda t: (damage.utf8_as_cp949_lossy(t) is None and _strict(t)) or None,
             "UTF-8 bytes decoded as CP949 (no byte lost)")
        _add(c, "mojibake-cp949-stripped", "cp949", pool["ko"], split,
             lambda t: damage.cp949_as_latin1_stripped(t, c.rng),
             "CP949 bytes decoded as Latin-1, soft hyphens and no-break spaces dropped by HTML extraction")
        _add(c, "mojibake-cp949-as-utf8-fallback", "cp949", pool["ko"], split,
             damage.cp949_as_utf8_fallback, "CP949 bytes decoded as UTF-8 with a Latin-1 fallback")
        _add(c, "lost-text-cp949", "lost", pool["ko"], split, _lost,
             "a word replaced by U+FFFD U+FFFD, then the UTF-8 bytes read as CP949", expect="flag")
        for lang in ("zh", "ja", "ru", "el", "ko", "latin"):
            items = [(w, t) for w, t in pool[lang] if split_of(t) == split]
            for where, t in c.sample(items):
                c.out.append({"id": "", "kind": "clean", "expect": "unchanged", "broken": t, "gold": t,
                              "provenance": f"clean ({lang}): {where}", "split": split})


def _strict(text: str) -> tuple[str, tuple[int, int]] | None:
    from textfix.damage import utf8_as_cp949

    return utf8_as_cp949(text)


def _lost(text: str) -> tuple[str, tuple[int, int]] | None:
    m = re.search("[\uac00-\ud7a3]{2,}", text)
    if not m:
        return None
    broken = text[:m.start()] + "占쏙옙" + text[m.end():]
    return broken, (m.start(), m.start() + 3)


def _line(case: dict) -> str:
    """One JSON line, with the characters ``str.splitlines`` breaks on escaped (NEL, C1
    and Unicode line separators occur in mojibake)."""
    text = json.dumps(case, ensure_ascii=False)
    for ch in "\x85\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--anchors", type=Path, default=DEFAULT)
    ap.add_argument("--sources", type=Path, help="a folder of the pinned wheels (downloaded if missing)")
    ap.add_argument("--per-kind", type=int, default=100, help="cases per damage kind and split")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=ROOT / "corpus_broken" / "cases-encoding.jsonl")
    args = ap.parse_args()
    c = Cases(random.Random(args.seed), args.per_kind)
    generate(c, pools(fetch_wheels(args.sources), args.anchors))
    counts: dict[str, int] = {}
    with args.out.open("w", encoding="utf-8") as fh:
        for case in c.out:
            counts[case["kind"]] = counts.get(case["kind"], 0) + 1
            case["id"] = f"enc-{case['kind']}-{counts[case['kind']]:04d}"
            fh.write(_line(case))
    print(f"wrote {len(c.out)} cases to {args.out}: " + ", ".join(f"{k} {n}" for k, n in counts.items()))


if __name__ == "__main__":
    main()
