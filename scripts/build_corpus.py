#!/usr/bin/env python3
"""Regenerate the generated cases of ``corpus_broken/cases.jsonl`` from clean sources.

Sources (each licence allows redistribution; attribution in corpus_broken/README.md):

- Korean: the clean texts of ``../shared/anchors/korean-clean`` -- the Constitution of Korea
  (public domain), the kiwipiepy documentation (Apache-2.0), and the Jupyter, Sphinx and
  Django Korean UI strings (BSD).
- Hebrew and Arabic: Django's ``he`` and ``ar`` translation catalogues (BSD-3-Clause), read
  from the Django wheel (``--django-wheel``, or downloaded from PyPI with pip).
- English: the same Django catalogues' ``msgid`` strings.

Every damage is applied by code in this script to a clean text, so the gold is the clean
text itself.  The output is deterministic for a given seed.

Usage: python scripts/build_corpus.py [--anchors DIR] [--django-wheel WHL] [--per-kind N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401 - sloppy-windows-1252

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix import damage  # noqa: E402
from textfix.damage import reverse_runs  # noqa: E402

HANGUL = re.compile("[가-힣]")
SENTENCE_END = re.compile("(?<=[.!?])\\s+(?=\\S)")
RTL = re.compile("[\u0590-\u08ff]")


def korean_sources(anchors: Path, pdf: bool = False) -> list[tuple[str, str]]:
    """Korean lines; ``pdf``: the bills' PDF lines (hard-wrapped: not whole paragraphs)."""
    out = []
    for p in sorted(anchors.rglob("*.txt")):
        if "cpython-cjkencodings" in p.parts or (p.parent.name == "konlpy-kobill") != pdf:
            continue
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines()):
            line = line.strip()
            if len(line) >= 20 and HANGUL.search(line):
                out.append((f"{p.name}:{i + 1}", line))
    for p in sorted(anchors.glob("*.jsonl")) if not pdf else ():
        for i, raw in enumerate(p.open(encoding="utf-8")):
            text = json.loads(raw)["ko"].strip()
            if "\n" not in text and len(text) >= 12 and HANGUL.search(text):
                out.append((f"{p.name}:{i}", text))
    return out


def po_strings(data: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .po file (single strings, no plurals)."""
    pairs = []
    for m in re.finditer(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', data, re.M):
        def join(block: str) -> str:
            return "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"').replace("\\n", "\n")
        msgid, msgstr = join(m.group(1)), join(m.group(2))
        if msgid and msgstr and "\n" not in msgstr:
            pairs.append((msgid, msgstr))
    return pairs


def django_sources(wheel: Path | None) -> dict[str, list[tuple[str, str]]]:
    if wheel is None:
        tmp = Path(tempfile.mkdtemp())
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "django==5.2.19",
                        "-d", str(tmp)], check=True)
        wheel = next(tmp.glob("Django-*.whl"), None) or next(tmp.glob("django-*.whl"))
    out: dict[str, list[tuple[str, str]]] = {"he": [], "ar": [], "en": []}
    with zipfile.ZipFile(wheel) as z:
        for name in sorted(z.namelist()):
            m = re.search(r"locale/(he|ar)/LC_MESSAGES/(django|djangojs)\.po$", name)
            if not m:
                continue
            for k, (msgid, msgstr) in enumerate(po_strings(z.read(name).decode("utf-8"))):
                where = f"{name}:{k}"
                out[m.group(1)].append((where, msgstr))
                if m.group(1) == "he":
                    out["en"].append((where + ":msgid", msgid))
    return out


def _is_prose(text: str) -> bool:
    """Two or more written sentences: each with eight syllables or more, ending in . ! ?"""
    sents = SENTENCE_END.split(text)
    return len(sents) >= 2 and all(
        len(HANGUL.findall(s)) >= 8 and s.rstrip("\"'”’)").endswith((".", "!", "?")) for s in sents)


def case(kind: str, expect: str, broken: str, gold: str, source: str, damage: str,
         span: tuple[int, int] | None = None, reference: str | None = None) -> dict:
    c = {"id": "", "kind": kind, "expect": expect, "broken": broken, "gold": gold,
         "provenance": f"generated: {damage} applied to {source}"}
    if span is not None:
        c["span"] = list(span)
    if reference is not None:
        c["reference"] = reference
    return c


def split_of(where: str) -> str:
    """``tune`` or ``report``, fixed by the source (``file:line`` or the string itself; a
    hash: the same source, the same split, whatever it is damaged into)."""
    return "tune" if hashlib.sha1(where.encode("utf-8")).digest()[0] % 2 == 0 else "report"


def write_cases(path: Path, cases: list[dict]) -> None:
    """Write ``cases`` as JSON Lines, each given an id (its kind and a running number), and
    say how many of each kind and split."""
    counts: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as fh:
        for x in cases:
            counts[x["kind"]] = counts.get(x["kind"], 0) + 1
            x["id"] = f"{x['kind']}-{counts[x['kind']]:04d}"
            fh.write(json.dumps(x, ensure_ascii=False) + "\n")
    splits = {s: sum(x["split"] == s for x in cases) for s in ("tune", "report")}
    print(f"wrote {len(cases)} cases to {path}: " + ", ".join(f"{k} {n}" for k, n in counts.items())
          + f" ({splits['tune']} tune, {splits['report']} report)")


class Cases:
    """The cases being generated, with the random source every choice is drawn from."""

    def __init__(self, rng: random.Random, per_kind: int) -> None:
        self.rng, self.per_kind, self.out = rng, per_kind, []

    def sample(self, pool: list, n: int | None = None) -> list:
        return self.rng.sample(pool, min(self.per_kind if n is None else n, len(pool)))

    def add(self, kind: str, found: damage.Damage | None, gold: str, where: str, what: str,
            expect: str = "exact", reference: str | None = None) -> None:
        if found is not None:
            self.out.append(case(kind, expect, found[0], gold, where, what, found[1], reference=reference))


def layout_cases(c: Cases, ko: list[tuple[str, str]]) -> None:
    """Paragraphs, fragments and single sentences with their runs reversed."""
    multi = [(w, t) for w, t in ko if len(SENTENCE_END.split(t)) >= 2 and len(t) >= 30]
    prose = [(w, t) for w, t in multi if _is_prose(t)]
    fragments = [(w, t) for w, t in multi if not _is_prose(t)]
    for kind, pool in (("reversed-runs-paragraph", prose), ("reversed-runs-fragment", fragments)):
        for where, t in c.sample(pool):
            broken = reverse_runs(t).strip()
            if broken != t:
                c.out.append(case(kind, "exact", broken, t, where,
                                  "runs of the paragraph written in reverse order, line stripped",
                                  (0, len(broken))))
    for where, t in c.sample(multi):
        sents = SENTENCE_END.split(t)
        k = c.rng.randrange(len(sents))
        if sum(not ch.isspace() for ch in sents[k]) < 20 or sents[k][-1] not in ".!?":
            continue
        rev = reverse_runs(sents[k]).strip()
        before = " ".join(sents[:k]) + " " if k else ""
        broken = before + rev + ("" if k == len(sents) - 1 else " " + " ".join(sents[k + 1:]))
        c.out.append(case("reversed-runs-sentence", "exact", broken, t, where,
                          "runs of one sentence written in reverse order",
                          (len(before), len(before) + len(rev))))


def encoding_cases(c: Cases, ko: list[tuple[str, str]]) -> None:
    """Korean through the wrong code pages."""
    for where, t in c.sample(ko):
        codec = c.rng.choice(["latin-1", "sloppy-windows-1252"])
        c.add("mojibake-cp949", damage.cp949_as(t, codec), t, where, f"CP949 bytes decoded as {codec}")
    for where, t in c.sample(ko):
        times = c.rng.choice([1, 1, 2])
        c.add("mojibake", damage.utf8_as_cp1252(t, times), t, where,
              f"UTF-8 bytes decoded as windows-1252 ({times}x)")
    for where, t in c.sample(ko):
        c.add("mojibake-utf8-as-cp949", damage.utf8_as_cp949(t), t, where, "UTF-8 bytes decoded as CP949")


def normalization_cases(c: Cases, ko: list[tuple[str, str]]) -> None:
    """Decomposed Hangul, invisible characters, bidi overrides, spelled-out jamo."""
    for where, t in c.sample(ko):
        c.add("hangul-nfd", damage.nfd(t), t, where, "NFD")
    for where, t in c.sample(ko):
        found = damage.invisible_in_word(t, c.rng)
        what = f"U+{ord(found[0][found[1][0]]):04X} inserted inside a word" if found else ""
        c.add("invisible-in-word", found, t, where, what)
    for where, t in c.sample(ko):
        c.add("bidi-control", damage.bidi_override(t, c.rng), t, where, "RLO ... PDF around a word")
    for where, t in c.sample(ko):
        c.add("hangul-jamo-spelled", damage.jamo_spelled(t, c.rng), t, where,
              "a word spelled out in compatibility jamo")


def dropped_cases(c: Cases, ko: list[tuple[str, str]], pdf: list[tuple[str, str]]) -> None:
    """Dropped quotes and runs (with a reference copy), and dropped runs to flag."""
    quoted = [(w, t) for w, t in ko + pdf if re.search("[‘“「][^’”」]{2,30}[’”」]", t)]
    for where, t in c.sample(quoted):
        c.add("dropped-quote", damage.drop_opening_quote(t, c.rng), t, where,
              "an opening quote dropped; the intact text given as reference", reference=t)
    for where, t in c.sample(ko):
        found = damage.drop_short_run(t, c.rng)
        what = ""
        if found:
            gone = t[found[1][0] + 1:found[1][0] + 1 + len(t) - len(found[0])]
            what = f"the run {gone!r} dropped; the intact text given as reference"
        c.add("dropped-run", found, t, where, what, reference=t)
    # flag-only damage: a run dropped inside its punctuation (no evidence to restore it)
    for kind, present, dropped, what in (
        ("empty-brackets", "[가-힣]\\([^()]{1,4}\\)", "(?<=[가-힣]\\()[^()]{1,4}(?=\\))",
         "the text in brackets dropped"),
        ("separator-run", "[가-힣]+·[가-힣]+·[가-힣]+", "(?<=·)[가-힣]+(?=·)",
         "a list item between middle dots dropped"),
    ):
        pool = [(w, t) for w, t in ko + pdf if re.search(present, t)]
        for where, t in c.sample(pool):
            c.add(kind, damage.drop_inside(t, c.rng, dropped), t, where, what, expect="flag")


def rtl_and_clean_cases(c: Cases, ko: list[tuple[str, str]], dj: dict) -> None:
    """Visual-order Hebrew and Arabic, and clean texts that must come out unchanged."""
    for lang in ("he", "ar"):
        pool = [(w, t) for w, t in dj[lang] if len(t.split()) >= 4 and RTL.search(t)
                and "%" not in t and "{" not in t]
        for where, t in c.sample(pool):
            found = damage.visual_order(t)
            if found[0] != t:
                c.add("visual-rtl", found, t, where, "displayed right-to-left and stored in visual order")
    clean = [("ko", w, t) for w, t in c.sample(ko, 3 * c.per_kind)]
    clean += [(lang, w, t) for lang in ("he", "ar", "en") for w, t in c.sample(dj[lang])]
    for lang, where, t in clean:
        c.out.append({"id": "", "kind": "clean", "expect": "unchanged", "broken": t, "gold": t,
                      "provenance": f"clean ({lang}): {where}"})


def generate(rng: random.Random, ko: list[tuple[str, str]], pdf: list[tuple[str, str]], dj: dict,
             per_kind: int) -> list[dict]:
    c = Cases(rng, per_kind)
    layout_cases(c, ko)
    encoding_cases(c, ko)
    normalization_cases(c, ko)
    dropped_cases(c, ko, pdf)
    rtl_and_clean_cases(c, ko, dj)
    return c.out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--anchors", type=Path, default=ROOT.parent / "shared" / "anchors" / "korean-clean")
    ap.add_argument("--django-wheel", type=Path)
    ap.add_argument("--per-kind", type=int, default=150)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=ROOT / "corpus_broken" / "cases.jsonl")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cases = generate(rng, korean_sources(args.anchors), korean_sources(args.anchors, pdf=True),
                     django_sources(args.django_wheel), args.per_kind)
    counts: dict[str, int] = {}
    with args.out.open("w", encoding="utf-8") as fh:
        for c in cases:
            counts[c["kind"]] = counts.get(c["kind"], 0) + 1
            c["id"] = f"{c['kind']}-{counts[c['kind']]:04d}"
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {args.out}: " + ", ".join(f"{k} {n}" for k, n in counts.items()))


if __name__ == "__main__":
    main()
