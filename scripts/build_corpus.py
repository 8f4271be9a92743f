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
import json
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401 - sloppy-windows-1252
from bidi import get_display

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix.korean.jamo import spell_out  # noqa: E402
from textfix.model import smallest_edit  # noqa: E402
from textfix.stages.layout import reverse_runs, tokenize  # noqa: E402

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


def changed_span(a: str, b: str) -> tuple[int, int]:
    """The span of ``a`` that differs from ``b``."""
    e = smallest_edit(a, b)
    return e.start, e.end


def generate(rng: random.Random, ko: list[tuple[str, str]], pdf: list[tuple[str, str]], dj: dict,
             per_kind: int) -> list[dict]:
    out: list[dict] = []

    def sample(pool, n):
        return rng.sample(pool, min(n, len(pool)))

    multi = [(w, t) for w, t in ko if len(SENTENCE_END.split(t)) >= 2 and len(t) >= 30]
    prose = [(w, t) for w, t in multi if _is_prose(t)]
    fragments = [(w, t) for w, t in multi if not _is_prose(t)]
    for kind, pool in (("reversed-runs-paragraph", prose), ("reversed-runs-fragment", fragments)):
        for where, t in sample(pool, per_kind):
            broken = reverse_runs(t).strip()
            if broken != t:
                out.append(case(kind, "exact", broken, t, where,
                                "runs of the paragraph written in reverse order, line stripped",
                                (0, len(broken))))
    for where, t in sample(multi, per_kind):
        sents = SENTENCE_END.split(t)
        k = rng.randrange(len(sents))
        if sum(not c.isspace() for c in sents[k]) < 20 or sents[k][-1] not in ".!?":
            continue
        rev = reverse_runs(sents[k]).strip()
        before = " ".join(sents[:k]) + " " if k else ""
        broken = before + rev + ("" if k == len(sents) - 1 else " " + " ".join(sents[k + 1:]))
        out.append(case("reversed-runs-sentence", "exact", broken, t, where,
                        "runs of one sentence written in reverse order",
                        (len(before), len(before) + len(rev))))
    for where, t in sample(ko, per_kind):
        codec = rng.choice(["latin-1", "sloppy-windows-1252"])
        try:
            broken = t.encode("cp949").decode(codec)
        except UnicodeError:
            continue
        out.append(case("mojibake-cp949", "exact", broken, t, where,
                        f"CP949 bytes decoded as {codec}", changed_span(broken, t)))
    for where, t in sample(ko, per_kind):
        times = rng.choice([1, 1, 2])
        broken = t
        for _ in range(times):
            broken = broken.encode("utf-8").decode("sloppy-windows-1252")
        out.append(case("mojibake", "exact", broken, t, where,
                        f"UTF-8 bytes decoded as windows-1252 ({times}x)", changed_span(broken, t)))
    for where, t in sample(ko, per_kind):
        try:
            broken = t.encode("utf-8").decode("cp949")
        except UnicodeError:
            continue
        out.append(case("mojibake-utf8-as-cp949", "exact", broken, t, where,
                        "UTF-8 bytes decoded as CP949", changed_span(broken, t)))
    for where, t in sample(ko, per_kind):
        broken = unicodedata.normalize("NFD", t)
        out.append(case("hangul-nfd", "exact", broken, t, where, "NFD", changed_span(broken, t)))
    for where, t in sample(ko, per_kind):
        pairs = [m.start() + 1 for m in re.finditer("[가-힣](?=[가-힣])", t)]
        if not pairs:
            continue
        i = rng.choice(pairs)
        ch = rng.choice(["\u200b", "\u3164", "\ufeff", "\u200c", "\u2060"])
        broken = t[:i] + ch + t[i:]
        out.append(case("invisible-in-word", "exact", broken, t, where,
                        f"U+{ord(ch):04X} inserted inside a word", (i, i + 1)))
    for where, t in sample(ko, per_kind):
        words = [m for m in re.finditer("[가-힣]{2,}", t)]
        if not words:
            continue
        m = rng.choice(words)
        broken = t[: m.start()] + "\u202e" + m.group() + "\u202c" + t[m.end():]
        out.append(case("bidi-control", "exact", broken, t, where, "RLO ... PDF around a word",
                        (m.start(), m.end() + 2)))
    for where, t in sample(ko, per_kind):
        words = [m for m in re.finditer("(?<![가-힣])[가-힣]{2,4}(?![가-힣])", t)]
        if not words:
            continue
        m = rng.choice(words)
        spelled = spell_out(m.group())
        broken = t[: m.start()] + spelled + t[m.end():]
        out.append(case("hangul-jamo-spelled", "exact", broken, t, where,
                        "a word spelled out in compatibility jamo", (m.start(), m.start() + len(spelled))))
    quoted = [(w, t) for w, t in ko + pdf if re.search("[‘“「][^’”」]{2,30}[’”」]", t)]
    for where, t in sample(quoted, per_kind):
        m = rng.choice(list(re.finditer("[‘“「](?=[^’”」]{2,30}[’”」])", t)))
        broken = t[: m.start()] + t[m.end():]
        out.append(case("dropped-quote", "exact", broken, t, where,
                        "an opening quote dropped; the intact text given as reference",
                        (m.start(), m.start() + 1), reference=t))
    for where, t in sample(ko, per_kind):
        toks = tokenize(t)
        short = [k for k, tok in enumerate(toks[1:-1], 1) if 1 <= len(tok.text.strip()) <= 3]
        if not short:
            continue
        k = rng.choice(short)
        start = sum(len(x.text) for x in toks[:k])
        broken = t[:start] + t[start + len(toks[k].text):]
        out.append(case("dropped-run", "exact", broken, t, where,
                        f"the run {toks[k].text!r} dropped; the intact text given as reference",
                        (max(0, start - 1), start + 1), reference=t))
    # flag-only damage: a run dropped inside its punctuation (no evidence to restore it)
    for kind, present, dropped, damage in (
        ("empty-brackets", "[가-힣]\\([^()]{1,4}\\)", "(?<=[가-힣]\\()[^()]{1,4}(?=\\))",
         "the text in brackets dropped"),
        ("separator-run", "[가-힣]+·[가-힣]+·[가-힣]+", "(?<=·)[가-힣]+(?=·)",
         "a list item between middle dots dropped"),
    ):
        pool = [(w, t) for w, t in ko + pdf if re.search(present, t)]
        for where, t in sample(pool, per_kind):
            m = rng.choice(list(re.finditer(dropped, t)))
            broken = t[: m.start()] + t[m.end():]
            out.append(case(kind, "flag", broken, t, where, damage, (m.start() - 1, m.start() + 1)))
    for lang in ("he", "ar"):
        pool = [(w, t) for w, t in dj[lang] if len(t.split()) >= 4 and RTL.search(t)
                and "%" not in t and "{" not in t]
        for where, t in sample(pool, per_kind):
            broken = get_display(t, base_dir="R")
            if broken != t:
                out.append(case("visual-rtl", "exact", broken, t, where,
                                "displayed right-to-left and stored in visual order", (0, len(broken))))
    clean = [("ko", w, t) for w, t in sample(ko, 3 * per_kind)]
    clean += [(lang, w, t) for lang in ("he", "ar", "en") for w, t in sample(dj[lang], per_kind)]
    for lang, where, t in clean:
        out.append({"id": "", "kind": "clean", "expect": "unchanged", "broken": t, "gold": t,
                    "provenance": f"clean ({lang}): {where}"})
    return out


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
