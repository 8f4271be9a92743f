#!/usr/bin/env python3
"""Regenerate ``textfix/data/rtl_words.json``: how often each Hebrew and each Arabic-script
word occurs in clean, permissively licensed translation catalogues (counts only).

Rule TF302 (``textfix.bidi``) reads a right-to-left word both ways: a word that is frequent
as written is evidence for logical order, one that is frequent reversed for visual order, and
a character model built from the same counts reads the words that are not listed.

Sources (pinned wheels from PyPI; each licence allows redistribution of derived counts):

- pretix 2026.8.0 (Apache-2.0): ``he``, ``ar`` catalogues;
- django-oscar 4.2.1 (BSD-3-Clause): ``he``, ``ar``, ``fa``;
- Trac 1.6 (BSD-3-Clause): ``he``, ``ar``, ``fa``;
- django-cms 5.1.3 (BSD-3-Clause): ``he``, ``ar``, ``ar_SA``, ``fa``, ``fa_IR``;
- jupyterlab-language-pack-he-il and -ar-sa 4.5.post3 (BSD-3-Clause);
- djangorestframework 3.18.3 (BSD-3-Clause): ``ar``, ``fa``, ``fa_IR``;
- Sphinx 9.0.4 (BSD-2-Clause), WTForms 3.2.2 (BSD-3-Clause), humanize 4.16.0 (MIT):
  ``he``, ``ar``, ``fa``;
- Flask-AppBuilder 5.3.0 (BSD-3-Clause): ``fa``;
- pretalx 2025.2.2 (Apache-2.0): ``ar``;
- apache-airflow-core 3.3.2 (Apache-2.0): the ``he`` and ``ar`` locales of its web UI.

Not used: Django (the corpus of ``scripts/build_corpus_rtl.py`` is made of its catalogues,
and the figures there must be on text the lists never saw) and every package of the
open-world benchmark (``benchmarks/openworld``).  Only ``msgstr`` strings are read; a
Hebrew catalogue with more final letters at word starts than at word ends (stored in visual
order) is left out.  Persian is counted with Arabic: one list per script.

The file also holds the calibration of each class of word (two letters, listed, not listed):
how much a word's reading says, measured on clean logical text of the tune side only -- the
``tune`` split of ``corpus_broken/cases-rtl.jsonl`` and, with ``--units``, the Hebrew and
Arabic strings of the open-world benchmark's ``tune`` split (never ``heldout``) -- and, for
words of three letters or more, on the catalogues' own words, each read by the lists
without it (one occurrence left out: a word seen once is then unlisted and out of the
character model), which is how a word of new text meets the lists.  Only the tables
(RAW_CLIP + 1 numbers a class) are kept, no text.  Last, the few listed words that read
better reversed than as written (``reads_better_reversed``): every other listed word is
known to be no evidence of visual order without being read.

Usage: python scripts/build_rtl_words.py [--wheels DIR] [--min-count N] [--units UNITS.jsonl]
       (wheels not found in DIR are downloaded there with ``pip download``)
       python scripts/build_rtl_words.py --calibrate-only [--units UNITS.jsonl]
       (the counts of the existing file kept, its calibration made again)
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_corpus import po_strings  # noqa: E402

from textfix.stages.rtl import (  # noqa: E402
    _END,
    _START,
    MAX_WORD,
    ORDER,
    Lexicon,
    calibrate,
    listed_reading_better_reversed,
    raw_llr,
    rtl_words,
)

#: (distribution, version, licence, wheel file name prefix)
WHEELS = (
    ("pretix", "2026.8.0", "Apache-2.0", "pretix-"),
    ("django-oscar", "4.2.1", "BSD-3-Clause", "django_oscar-"),
    ("trac", "1.6", "BSD-3-Clause", "Trac-"),
    ("django-cms", "5.1.3", "BSD-3-Clause", "django_cms-"),
    ("jupyterlab-language-pack-he-il", "4.5.post3", "BSD-3-Clause", "jupyterlab_language_pack_he_il-"),
    ("jupyterlab-language-pack-ar-sa", "4.5.post3", "BSD-3-Clause", "jupyterlab_language_pack_ar_sa-"),
    ("djangorestframework", "3.18.3", "BSD-3-Clause", "djangorestframework-"),
    ("sphinx", "9.0.4", "BSD-2-Clause", "sphinx-"),
    ("wtforms", "3.2.2", "BSD-3-Clause", "wtforms-"),
    ("humanize", "4.16.0", "MIT", "humanize-"),
    ("flask-appbuilder", "5.3.0", "BSD-3-Clause", "flask_appbuilder-"),
    ("pretalx", "2025.2.2", "Apache-2.0", "pretalx-"),
    ("apache-airflow-core", "3.3.2", "Apache-2.0", "apache_airflow_core-"),
)
#: A catalogue's language, from its path: locale/<lang>[_REGION]/LC_MESSAGES/<domain>.<ext>
_CATALOGUE_RE = re.compile("(?:^|/)(he|iw|ar|fa)(?:_[A-Za-z]+)?/LC_MESSAGES/[^/]+\\.(po|mo|json)$"
                           "|/i18n/locales/(he|ar|fa)/[^/]+\\.json$")
#: Hebrew final letters, and the letters they are the final forms of.
_FINALS = "ךםןףץ"


def wheel(folder: Path, dist: str, version: str, prefix: str) -> Path:
    """The wheel of ``dist`` in ``folder``, downloaded there when missing."""
    found = sorted(folder.glob(f"{prefix}{version}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", f"{dist}=={version}",
                        "-d", str(folder)], check=True)
        found = sorted(folder.glob(f"{prefix}{version}-*.whl"))
    return found[0]


def mo_strings(data: bytes) -> list[str]:
    """The translations of a compiled catalogue (.mo), plural forms split."""
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _, n, _, trans = struct.unpack(order + "4I", data[4:20])
    out = []
    for i in range(1, n):  # entry 0 is the header
        length, offset = struct.unpack(order + "2I", data[trans + 8 * i:trans + 8 * i + 8])
        out += data[offset:offset + length].decode("utf-8", "replace").split("\x00")
    return out


def json_strings(data: bytes) -> list[str]:
    """The translations of a JSON catalogue: a JupyterLab language pack's (msgid ->
    [msgstr, ...]) or a web UI's (nested keys -> strings)."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k:  # the empty key holds a catalogue's header
                    walk(v)

    walk(json.loads(data))
    return out


def catalogues(path: Path) -> dict[tuple[str, str], list[str]]:
    """(script, catalogue name) -> its translated strings; a .po file wins over its .mo."""
    out: dict[tuple[str, str], list[str]] = {}
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        for name in sorted(names):
            m = _CATALOGUE_RE.search(name)
            if not m or (name.endswith(".mo") and name[:-3] + ".po" in names):
                continue
            data = z.read(name)
            if name.endswith(".po"):
                strings = [s for _, s in po_strings(data.decode("utf-8", "replace"))]
            elif name.endswith(".mo"):
                strings = mo_strings(data)
            else:
                strings = json_strings(data)
            script = "he" if (m.group(1) or m.group(3)) in ("he", "iw") else "ar"
            out[(script, name)] = strings
    return out


def visual_hebrew(words: Counter) -> bool:
    """Whether a Hebrew catalogue is stored in visual order: final letters open more words
    than they close."""
    starts = sum(n for w, n in words.items() if len(w) > 1 and w[0] in _FINALS)
    ends = sum(n for w, n in words.items() if len(w) > 1 and w[-1] in _FINALS)
    return starts > ends


def clean_lines(cases: Path, units: Path | None) -> list[str]:
    """Clean logical Hebrew and Arabic of the tune side: the golds of the corpus's tune cases
    (not the shaped ones, whose gold repeats another case's) and the open-world tune strings."""
    out = set()
    for line in cases.open(encoding="utf-8") if cases.exists() else ():
        x = json.loads(line)
        if x["split"] == "tune":
            out.add(x["gold"])
    for line in units.open(encoding="utf-8") if units else ():
        u = json.loads(line)
        if (u["split"] == "tune" and u["lang"] in ("he", "ar") and u["unit"] == "string"
                and not u.get("damaged")):
            out.add(u["text"])
    return sorted(out)


def _grams(word: str) -> list[str]:
    """The character n-grams :class:`Lexicon` counts for ``word``."""
    s = _START * (ORDER - 1) + word + _END
    return [s[i - k:i + 1] for i in range(ORDER - 1, len(s)) for k in range(ORDER)]


def _drop(lex: Lexicon, word: str, sign: int) -> None:
    """Take ``word`` out of ``lex``'s character model (``sign`` -1), or put it back (+1)."""
    for gram in _grams(word):
        entry = lex.ctx.setdefault(gram[:-1], [0, 0])
        if sign > 0 and not lex.grams.get(gram):
            entry[1] += 1
        lex.grams[gram] = lex.grams.get(gram, 0) + sign
        entry[0] += sign
        if sign < 0 and not lex.grams[gram]:
            entry[1] -= 1
        if not entry[0]:
            del lex.ctx[gram[:-1]]  # a context no word has any more reads as unseen
    lex.forget()


def held_out(counts: dict[str, int], script: str) -> dict[str, list[float]]:
    """Per class, the raw scores of the lists' own words of three letters or more, each read
    with one of its occurrences left out (a word seen once leaves the list and the character
    model), once per occurrence."""
    lex = Lexicon(dict(counts))
    lex.tabled = False  # its counts change word by word (_drop): read them, not a table
    out: dict[str, list[float]] = {"known": [], "unknown": []}
    for word, n in counts.items():
        if not 2 < len(word) <= MAX_WORD:
            continue
        if n > 1:
            lex.counts[word] = n - 1
            out[lex.word_class(word)] += [raw_llr(word, script, lex)] * n
        else:
            del lex.counts[word]
            _drop(lex, word, -1)
            out[lex.word_class(word)].append(raw_llr(word, script, lex))
            _drop(lex, word, 1)
        lex.counts[word] = n
    return out


def calibration(counts: dict[str, Counter], clean: list[str]) -> dict:
    """Per script and class of word, the table :func:`textfix.stages.rtl.calibrate` makes
    from the raw scores of the words of ``clean`` and (three letters or more) of the lists'
    own words, each held out (:func:`held_out`)."""
    out: dict = {}
    for script, c in counts.items():
        lex = Lexicon(dict(c))
        raws: dict[str, list[float]] = {"short": [], "known": [], "unknown": []}
        for text in clean:
            for w in rtl_words(text, whole=True)[script]:
                if len(w) > 1:
                    raws[lex.word_class(w)].append(raw_llr(w, script, lex))
        for cls, values in held_out(dict(c), script).items():
            raws[cls] += values
        out[script] = {k: calibrate(v) for k, v in raws.items()}
        print(f"calibration {script}: " + ", ".join(f"{k} {len(v)} words" for k, v in raws.items()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheels", type=Path, help="folder holding (or to receive) the wheels")
    ap.add_argument("--min-count", type=int, default=1, help="words seen fewer times are left out")
    ap.add_argument("--out", type=Path, default=ROOT / "textfix" / "data" / "rtl_words.json")
    ap.add_argument("--cases", type=Path, default=ROOT / "corpus_broken" / "cases-rtl.jsonl",
                    help="the corpus whose tune split's golds calibrate the words")
    ap.add_argument("--units", type=Path, help="the open-world units.jsonl: its tune split's Hebrew and "
                    "Arabic strings calibrate the words too")
    ap.add_argument("--calibrate-only", action="store_true",
                    help="keep the counts of --out and make its calibration again")
    args = ap.parse_args()
    if args.calibrate_only:
        data = json.loads(args.out.read_text(encoding="utf-8"))
        counts = {script: Counter(data[script]) for script in ("he", "ar")}
        data["calibration"] = calibration(counts, clean_lines(args.cases, args.units))
        data["reads_better_reversed"] = {s: listed_reading_better_reversed(data, s) for s in ("he", "ar")}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}: calibration only")
        return
    folder = args.wheels or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    counts = {"he": Counter(), "ar": Counter()}
    sources = []
    for dist, version, licence, prefix in WHEELS:
        used = Counter()
        for (script, _), strings in catalogues(wheel(folder, dist, version, prefix)).items():
            words = Counter(w for s in strings for w in rtl_words(s)[script])
            if not words or (script == "he" and visual_hebrew(words)):
                continue
            counts[script].update(words)
            used[script] += sum(words.values())
        sources.append({"package": f"{dist}=={version}", "licence": licence,
                        "words": {k: v for k, v in sorted(used.items())}})
        print(f"{dist} {version}: " + ", ".join(f"{k} {v} words" for k, v in sorted(used.items())))
    data = {
        "about": "Hebrew (he) and Arabic-script (ar: Arabic and Persian) words and how often each occurs "
                 "in the translated strings of the catalogues below; made by scripts/build_rtl_words.py.",
        "sources": sources,
        "calibration": calibration(counts, clean_lines(args.cases, args.units)),
        **{script: dict(sorted(((w, n) for w, n in c.items() if n >= args.min_count),
                               key=lambda kv: (-kv[1], kv[0])))
           for script, c in counts.items()},
    }
    data["reads_better_reversed"] = {s: listed_reading_better_reversed(data, s) for s in ("he", "ar")}
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: " + ", ".join(f"{s} {len(data[s])} words ({sum(counts[s].values())} seen)"
                                           for s in counts))


if __name__ == "__main__":
    main()
