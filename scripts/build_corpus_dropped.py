#!/usr/bin/env python3
"""Regenerate ``corpus_broken/cases-dropped.jsonl``: misoriented quotes, dropped counters and
particles dropped after Latin capitals (issue 12), from the clean Korean sources that
``scripts/build_corpus.py`` loads (``../shared/anchors/korean-clean``).

Kinds (each case has ``split``: ``tune`` or ``report``, decided by its source line, so that
no line is in both):

- ``misoriented-quote`` (expect exact): one quote of a pair written the wrong way round
  (``textfix.damage.dropped.misorient_quote``), in every pair style (“” ‘’ 「」 『』).  The
  sources hold few curly pairs, so three kinds of quotation are damaged: the curly pairs of
  the sources as they are; the straight pairs of the sources (``"파일"을``) written as a
  curly pair, the style drawn at random; and quotations made from a clean sentence, as
  Korean quotes speech (the first sentence of a line quoted and followed by a quotative
  ending: ``“…이다”라며 …``) or names (a noun quoted before its particle: ``‘국회’의``).
- ``dropped-counter`` (expect flag): the counter after a number dropped
  (``2027년 이후`` -> ``2027 이후``), where something follows it.
- ``dropped-particle`` (expect flag): the particle after Latin capitals dropped with its
  space (``OECD는 올해`` -> ``OECD올해``).

Usage: python scripts/build_corpus_dropped.py [--anchors DIR] [--per-kind N] [--seed N]
       python scripts/build_corpus_dropped.py --measure [--units UNITS.jsonl] [--scorer kiwi]
           (the precision of each class of TF412 and TF413: their confidences come from it)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_corpus import SENTENCE_END, Cases, korean_sources, split_of, write_cases  # noqa: E402

from textfix.damage import dropped  # noqa: E402
from textfix.script import CURLY_QUOTES  # noqa: E402

#: Quote styles drawn for a straight pair or a made quotation (double quotes are the most
#: common in Korean prose, single quotes for names; corner brackets for titles and laws).
STYLES = (("“", 4), ("‘", 3), ("「", 1), ("『", 1))
#: Of the quotations made from clean text, the share quoting speech (the rest quote a noun).
SPEECH_SHARE = 0.5
#: Quotative endings after a quoted sentence (…이다”라며, …있다”고).
ENDINGS = ("라며", "라고", "며", "고")
#: Particles after a quoted noun, as (after a final consonant, after a vowel).
NOUN_PARTICLES = (("을", "를"), ("은", "는"), ("이", "가"), ("과", "와"), ("의", "의"), ("으로", "로"),
                  ("에", "에"), ("에서", "에서"), ("이라는", "라는"))
_STRAIGHT_RE = re.compile("(?<![\\w=`\\\\])([\"'])([^\\s\"'`](?:[^\"'`\\n]{0,58}[^\\s\"'`])?)\\1(?![\\w`])")
_WORD_PARTICLE_RE = re.compile("(?<![가-힣0-9A-Za-z.])([가-힣]{2,6})"
                               "(을|를|은|는|이|가|과|와|의|으로|로|에서|에|이라는|라는)(?= )")



def _style(rng: random.Random) -> str:
    return rng.choices([s for s, _ in STYLES], [w for _, w in STYLES])[0]


def curled(text: str, rng: random.Random) -> str | None:
    """``text`` with one straight quote pair written as a curly or CJK pair."""
    found = [m for m in _STRAIGHT_RE.finditer(text) if re.search("[가-힣]", text[m.end():m.end() + 3] or "x")
             or re.search("[가-힣]", m.group(2))]
    if not found:
        return None
    m = rng.choice(found)
    opener = _style(rng)
    return text[:m.start()] + opener + m.group(2) + CURLY_QUOTES[opener] + text[m.end():]


def _final_consonant(syllable: str) -> int:
    return (ord(syllable) - 0xAC00) % 28


#: Places damaged in one source line at most (each is a case of its own).
MAX_PER_LINE = 3


def quoted_sentence(text: str, rng: random.Random) -> str | None:
    """The first sentence of a line quoted as speech, a quotative ending after it:
    ``A이다. B`` -> ``“A이다”라며 B``."""
    sents = SENTENCE_END.split(text)
    if len(sents) < 2 or not re.search("[가-힣]다\\.$", sents[0]) or len(sents[0]) > 100:
        return None
    opener = rng.choice(("“", "“", "‘", "「", "『"))
    return f"{opener}{sents[0][:-1]}{CURLY_QUOTES[opener]}{rng.choice(ENDINGS)} " + " ".join(sents[1:])


def quoted_noun(text: str, rng: random.Random) -> str | None:
    """A noun quoted before its particle (``국회의`` -> ``‘국회’의``), where the particle
    agrees with the noun's last syllable (a check that it is a particle)."""
    found = []
    for m in _WORD_PARTICLE_RE.finditer(text):
        batchim = _final_consonant(m.group(1)[-1])
        pair = next(p for p in NOUN_PARTICLES if m.group(2) in p)
        if pair[0] == pair[1] or m.group(2) == pair[0 if batchim else 1]:
            if not (m.group(2) in ("으로", "로") and batchim == 8):  # ㄹ takes 로
                found.append(m)
    if not found:
        return None
    m = rng.choice(found)
    opener = _style(rng)
    return text[:m.start()] + opener + m.group(1) + CURLY_QUOTES[opener] + text[m.end(1):]


def _quotes_pair_up(text: str) -> bool:
    """Whether every curly quote of ``text`` has its partner in it (a line cut out of a
    hard-wrapped page may hold the end of a quotation that opened on the line before)."""
    return all(text.count(o) == text.count(c) for o, c in CURLY_QUOTES.items())


def quote_cases(c: Cases, ko: list[tuple[str, str]]) -> None:
    """Misoriented quotes, from every kind of quotation the sources hold or make."""
    ko = [(w, t) for w, t in ko if _quotes_pair_up(t)]
    curly = [(w, t, "a quote pair of the source") for w, t in ko if dropped.quote_pairs(t)]
    straight = [(w, t) for w, t in ko if _STRAIGHT_RE.search(t)]
    made: list[tuple[str, str, str]] = []
    for w, t in straight:
        q = curled(t, c.rng)
        if q is not None:
            made.append((w, q, "a straight quote pair of the source written as a curly pair"))
    for w, t in c.sample(ko, 4 * c.per_kind):
        speech = c.rng.random() < SPEECH_SHARE
        q = quoted_sentence(t, c.rng) if speech else quoted_noun(t, c.rng)
        if q is not None:
            made.append((w, q, "a sentence of the source quoted as speech" if speech
                         else "a noun of the source quoted"))
    pool = curly + c.sample(made, max(0, c.per_kind - len(curly)))
    for where, gold, how in pool:
        found = dropped.misorient_quote(gold, c.rng)
        if found is None:
            continue
        pair = gold[found[1][0]] + gold[found[1][1] - 1]
        c.add("misoriented-quote", found, gold, where,
              f"{how}; one quote of {pair} turned the wrong way round")


def counter_cases(c: Cases, ko: list[tuple[str, str]]) -> None:
    """Numbers that lost their counter, and Latin capitals that lost their particle: each
    place in a line is a case of its own (the sources hold few of them), at most
    :data:`MAX_PER_LINE` a line."""
    pool = [(w, t, m) for w, t in ko for m in dropped.counted_numbers(t)[:MAX_PER_LINE]
            if dropped.leaves_a_trace(t, m.end())]
    for where, t, m in c.sample(pool):
        c.add("dropped-counter", dropped.drop_counter_at(t, m), t, where,
              f"the counter {m.group(2)!r} after a number dropped", expect="flag")
    pool = [(w, t, m) for w, t in ko for m in dropped.latin_particles(t)[:MAX_PER_LINE]]
    for where, t, m in c.sample(pool):
        c.add("dropped-particle", dropped.drop_particle_at(t, m), t, where,
              f"the particle {m.group(2)!r} after Latin capitals dropped with its space", expect="flag")


DETECTS = {"misoriented-quote": ["quote-orientation"], "dropped-counter": ["dropped-counter", "glued-number"],
           "dropped-particle": ["dropped-particle"]}


def generate(rng: random.Random, ko: list[tuple[str, str]], per_kind: int) -> list[dict]:
    c = Cases(rng, per_kind)
    quote_cases(c, ko)
    counter_cases(c, ko)
    for x in c.out:
        where = x["provenance"].split(" applied to ")[-1]
        x["split"] = split_of(where)
        x["detects"] = DETECTS[x["kind"]]
    return c.out


def clean_korean(anchors: Path, units: Path | None) -> list[str]:
    """The clean Korean texts the flags are measured against: every text of the anchors (as
    the clean check reads them) and, with ``units``, the open-world benchmark's Korean units
    of the tune split (never the held-out split)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(anchors.rglob("*.txt"))
             if "cpython-cjkencodings" not in p.parts or p.name.endswith("-utf8.txt")]
    for p in sorted(anchors.glob("*.jsonl")):
        texts += [json.loads(line)["ko"] for line in p.open(encoding="utf-8")]
    seeds = anchors.parent.parent / "seeds"
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("000_*.txt"))]
    for line in units.open(encoding="utf-8") if units else ():
        u = json.loads(line)
        if u.get("split") == "tune" and u["lang"] in ("ko", "code-ko") and not u.get("damaged"):
            texts.append(u["text"])
    return texts


def measure(cases_path: Path, clean: list[str], lm) -> None:
    """Print, per class of TF412 and TF413 (and per side of the language-model threshold),
    the tune cases found, the places flagged in clean text, and the precision of the two
    mixed: the figures the confidences in ``textfix.stages.dropped.counters`` come from."""
    from collections import Counter

    from textfix.stages.dropped import counters as cn

    finders = {"dropped-counter": (cn.counter_candidates, cn.SUGGEST_GAIN),
               "dropped-particle": (cn.particle_candidates, cn.SUGGEST_GAIN)}
    found: Counter = Counter()
    right: Counter = Counter()
    flagged: Counter = Counter()
    cases = [json.loads(line) for line in cases_path.open(encoding="utf-8")]
    n = Counter()

    def key(family: str, c) -> tuple[str, str, str]:
        side = "" if c.gain is None else ("likely" if c.gain >= finders[family][1] else "unlikely")
        return family, c.kind, side

    for x in cases:
        if x["kind"] not in finders or x["split"] != "tune":
            continue
        n[x["kind"]] += 1
        a, b = x["span"]
        hits = [c for c in finders[x["kind"]][0](x["broken"], lm) if c.start <= b + 2 and c.end >= a - 2]
        if hits:
            found[key(x["kind"], hits[0])] += 1
            right[key(x["kind"], hits[0])] += hits[0].insert.strip() == x["provenance"].split("'")[1]
    for text in clean:
        for family, (finder, _) in finders.items():
            for c in finder(text, lm):
                flagged[key(family, c)] += 1
    print(f"tune cases: {dict(n)}; clean texts: {len(clean)} ({sum(map(len, clean)):,} characters)")
    print(f"{'family':18s} {'class':10s} {'lm':9s} {'found':>6s} {'clean':>6s} {'precision':>9s} "
          f"{'suggested':>9s} {'confidence':>10s}")
    for k in sorted(set(found) | set(flagged)):
        tp, fp = found[k], flagged[k]
        precision, suggested = tp / max(1, tp + fp), right[k] / max(1, tp)
        # a flag is as sure as its precision; a suggestion, as its precision times how often
        # the suggested insertion is the one dropped
        sure = precision * suggested if k[2] == "likely" else precision
        shown = f"{suggested:9.2f}" if k[2] == "likely" else f"{'-':>9s}"
        print(f"{k[0]:18s} {k[1]:10s} {k[2] or '-':9s} {tp:6d} {fp:6d} {precision:9.2f} {shown} "
              f"{min(cn.FLAG_CAP, sure):10.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--anchors", type=Path, default=ROOT.parent / "shared" / "anchors" / "korean-clean")
    ap.add_argument("--per-kind", type=int, default=400)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=ROOT / "corpus_broken" / "cases-dropped.jsonl")
    ap.add_argument("--measure", action="store_true",
                    help="measure the TF412/TF413 classes on the written cases (tune split) and clean text")
    ap.add_argument("--units", type=Path, help="the open-world units.jsonl: its tune split's Korean joins "
                    "the clean text of --measure")
    ap.add_argument("--scorer", choices=("builtin", "kiwi"), default="builtin", help="for --measure")
    args = ap.parse_args()
    if args.measure:
        lm = None
        if args.scorer == "kiwi":
            from textfix.scoring import BudgetedModel
            from textfix.scoring.kiwi import KiwiScorer
            from textfix.work import WorkBudget

            lm = BudgetedModel(KiwiScorer(), WorkBudget(10**12))
        measure(args.out, clean_korean(args.anchors, args.units), lm)
        return
    ko = korean_sources(args.anchors) + korean_sources(args.anchors, pdf=True)
    cases = generate(random.Random(args.seed), ko, args.per_kind)
    write_cases(args.out, cases)


if __name__ == "__main__":
    main()
