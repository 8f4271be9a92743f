#!/usr/bin/env python3
"""Open-world damage precision: damage clean units with the project's own damage generators
(``textfix.damage``, shared with ``scripts/build_corpus.py``), repair them, and count what came back.

Per damage kind: cases, exact (the repair gives the clean text back), unchanged, partial
(lost text left as U+FFFD where it was too uncertain to rebuild, nothing else differs),
changed but wrong.  Per rule code: findings applied, and precision = applied findings in
cases that came out exact or partial / all applied findings (on the clean cases, which are
in the mix, every applied finding is wrong).  Per rule and confidence band (0.5-0.7,
0.7-0.9, 0.9-0.95, 0.95-0.99, >=0.99) the same precision, measured in a second run with
``min_confidence=0.5`` so that guesses below the default threshold are applied and judged
too.

Cases are drawn from the clean units (strings and lines; never units marked damaged at the
source) of one split, deterministically for a seed.  The held-out split prints counts only
unless ``--show N`` is given; for the tune split every case that did not come out exact is
written to ``damage-tune.jsonl`` beside the cache.

Usage: python benchmarks/openworld/damage.py [--split tune|heldout|all|fresh-tune|fresh-heldout]
       [--per-kind N] [--seed S] [--show N] [--json] [-j N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fetch import cache_dir
from run import LOOKABLE, SPLITS, load

from textfix import damage as dmg
from textfix.damage import encoding as dmg_encoding

HANGUL = re.compile("[가-힣]")
RTL = re.compile("[\u0590-\u08ff]")
SENTENCE_END = re.compile("(?<=[.!?])\\s+(?=\\S)")
#: Hangul syllables a unit needs to be damaged as lossy Korean (as the corpus's prose cases).
LOSSY_MIN_SYLLABLES = 20
BANDS = ((0.5, 0.7), (0.7, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.01))


def band(c: float) -> str | None:
    for lo, hi in BANDS:
        if lo <= c < hi:
            return f">={lo}" if hi > 1 else f"{lo}-{hi}"
    return None


def pools(units: list[dict]) -> dict[str, list[dict]]:
    """Clean strings and lines by language, each one line, long enough to carry evidence."""
    out: dict[str, list[dict]] = defaultdict(list)
    for u in units:
        t = u["text"]
        if u["unit"] == "file" or u.get("damaged") or "\n" in t or len(t.strip()) < 8:
            continue
        if u["lang"] == "ko" and len(HANGUL.findall(t)) < 4:
            continue
        if u["lang"] in ("he", "ar") and not RTL.search(t):
            continue
        out[u["lang"]].append(u)
    return out


class Cases:
    """Collects damaged/gold cases; every choice comes from a generator seeded per kind."""

    def __init__(self, per_kind: int, seed: int) -> None:
        self.per_kind, self.seed = per_kind, seed
        self.cases: list[dict] = []

    def rng(self, kind: str) -> random.Random:
        return random.Random(f"{self.seed}:{kind}")

    def sample(self, kind: str, pool: list[dict], n: int | None = None) -> list[dict]:
        return self.rng(kind).sample(pool, min(n or self.per_kind, len(pool)))

    def add(self, kind: str, u: dict, broken: str, reference: str | None = None, damage: str = "") -> None:
        if broken != u["text"] or kind == "clean":
            self.cases.append({"kind": kind, "id": u["id"], "split": u["split"], "lang": u["lang"],
                               "broken": broken, "gold": u["text"], "reference": reference,
                               "damage": damage})

    def each(self, kind: str, pool: list[dict], fn, n: int | None = None, reference: bool = False) -> int:
        """Damage ``n`` units of ``pool`` with ``fn(text)`` (None: not applicable, skipped)."""
        made = 0
        for u in self.sample(kind, pool, n):
            out = fn(u["text"])
            if out is not None:
                self.add(kind, u, out[0], reference=u["text"] if reference else None)
                made += 1
        return made


def _encoding_cases(c: Cases, p: dict[str, list[dict]]) -> None:
    ko = p["ko"]
    r1 = c.rng("mojibake-cp949-codec")
    c.each("mojibake-cp949", ko, lambda t: dmg.cp949_as(t, r1.choice(["latin-1", "sloppy-windows-1252"])))
    multi = [u for lang in ("ko", "ja", "zh", "he", "ar") for u in p[lang]]
    r2 = c.rng("mojibake-times")
    c.each("mojibake", multi, lambda t: dmg.utf8_as_cp1252(t, r2.choice([1, 1, 2])), 2 * c.per_kind)
    # most UTF-8 does not decode as CP949: go through the whole pool until enough do
    found = 0
    for u in c.sample("mojibake-utf8-as-cp949", ko, len(ko)):
        out = dmg.utf8_as_cp949(u["text"])
        if out is not None and found < c.per_kind:
            c.add("mojibake-utf8-as-cp949", u, out[0])
            found += 1
    # lossy Korean (issue 11): UTF-8 read as CP949 with one U+FFFD per lost byte (CPython's
    # errors="replace"), on Korean units long enough to read as prose
    prose = [u for u in ko if len(HANGUL.findall(u["text"])) >= LOSSY_MIN_SYLLABLES]
    c.each("mojibake-utf8-as-cp949-lossy", prose, lambda t: dmg_encoding.utf8_as_cp949_lossy(t, "python"))


def _korean_cases(c: Cases, ko: list[dict]) -> None:
    c.each("hangul-nfd", ko, dmg.nfd)
    for kind, fn in (("hangul-jamo-spelled", dmg.jamo_spelled), ("invisible-in-word", dmg.invisible_in_word),
                     ("bidi-control", dmg.bidi_override)):
        r = c.rng(kind + "-choice")
        c.each(kind, ko, lambda t, fn=fn, r=r: fn(t, r))


def _reversed_sentence(text: str, r: random.Random) -> tuple[str, None] | None:
    sents = SENTENCE_END.split(text)
    k = r.randrange(len(sents))
    if sum(not ch.isspace() for ch in sents[k]) < 20 or sents[k][-1] not in ".!?":
        return None
    before = " ".join(sents[:k]) + " " if k else ""
    after = "" if k == len(sents) - 1 else " " + " ".join(sents[k + 1:])
    return before + dmg.reverse_runs(sents[k]).strip() + after, None


def _layout_cases(c: Cases, p: dict[str, list[dict]]) -> None:
    ko = p["ko"]
    multi_ko = [u for u in ko if len(u["text"]) >= 30 and len(SENTENCE_END.split(u["text"])) >= 2]
    long_ko = [u for u in ko if len(u["text"]) >= 20 and u["text"].rstrip()[-1:] in ".!?다요"]
    c.each("reversed-runs", multi_ko or long_ko, lambda t: (dmg.reverse_runs(t).strip(), None))
    r = c.rng("reversed-runs-sentence-choice")
    c.each("reversed-runs-sentence", multi_ko, lambda t: _reversed_sentence(t, r))
    rtl = [u for lang in ("he", "ar") for u in p[lang]
           if len(u["text"].split()) >= 4 and "%" not in u["text"] and "{" not in u["text"]]
    c.each("visual-rtl", rtl, dmg.visual_order, 2 * c.per_kind)


def _dropped_cases(c: Cases, p: dict[str, list[dict]]) -> None:
    quoted = [u for lang in sorted(p) for u in p[lang] if re.search("[‘“「][^’”」]{2,30}[’”」]", u["text"])]
    r6 = c.rng("dropped-quote-choice")
    c.each("dropped-quote", quoted, lambda t: dmg.drop_opening_quote(t, r6), reference=True)
    r7 = c.rng("dropped-run-choice")
    c.each("dropped-run", p["ko"], lambda t: dmg.drop_short_run(t, r7), reference=True)


def generate(units: list[dict], per_kind: int, seed: int) -> list[dict]:
    """Damaged/gold cases; deterministic for ``seed`` and the units given."""
    p = pools(units)
    c = Cases(per_kind, seed)
    _encoding_cases(c, p)
    _korean_cases(c, p["ko"])
    _layout_cases(c, p)
    _dropped_cases(c, p)
    for lang in sorted(p):
        for u in c.sample(f"clean-{lang}", p[lang], per_kind // 2 if lang != "ko" else per_kind):
            c.add("clean", u, u["text"])
    return c.cases


def repair_case(c: dict) -> dict:
    import textfix

    out = {}
    for name, kw in (("default", {}), ("low", {"min_confidence": 0.5})):
        t0 = time.perf_counter()
        try:
            r = textfix.repair(c["broken"], reference=c["reference"], **kw)
            text = r.text
            applied = [(f.code, round(f.confidence, 3), f.before, f.after) for f in r.findings if f.applied]
            error = None
        except Exception as e:  # a crash counts as a wrong repair
            text, applied, error = c["broken"], [], f"{type(e).__name__}: {e}"
        out[name] = {"text": text, "applied": applied, "error": error,
                     "seconds": time.perf_counter() - t0}
    return out


def outcome(c: dict, res: dict) -> str:
    """``exact``, ``unchanged``, ``partial`` (changed, and every character that differs
    from the gold is a U+FFFD left where lost bytes were too uncertain to rebuild: nothing
    written wrong) or ``wrong``."""
    text, gold = res["text"], c["gold"]
    if text == gold:
        return "exact"
    if text == c["broken"]:
        return "unchanged"
    if len(text) == len(gold) and all(a in (b, "\ufffd") for a, b in zip(text, gold, strict=True)):
        return "partial"
    return "wrong"


def summarize(cases: list[dict], results: list[dict]) -> dict:
    kinds: dict = defaultdict(Counter)
    rules: dict = defaultdict(Counter)
    bands: dict = defaultdict(Counter)
    errors: Counter = Counter()
    seconds = 0.0
    for c, res in zip(cases, results, strict=True):
        d = res["default"]
        o = outcome(c, d)
        kinds[c["kind"]]["cases"] += 1
        kinds[c["kind"]][o] += 1
        if d["error"]:
            kinds[c["kind"]]["errors"] += 1
            errors[d["error"][:200]] += 1
        seconds += d["seconds"]
        good = o in ("exact", "partial") and c["kind"] != "clean"
        for code, _conf, _b, _a in d["applied"]:
            rules[code]["applied"] += 1
            rules[code]["correct"] += good
            rules[code][f"on {c['kind']}"] += 1
        low = res["low"]
        good_low = outcome(c, low) in ("exact", "partial") and c["kind"] != "clean"
        for code, conf, _b, _a in low["applied"]:
            b = band(conf)
            if b:
                bands[(code, b)]["applied"] += 1
                bands[(code, b)]["correct"] += good_low
    for r in rules.values():
        r["precision"] = round(r["correct"] / r["applied"], 4) if r["applied"] else None
    band_out: dict = defaultdict(dict)
    for (code, b), v in sorted(bands.items()):
        band_out[code][b] = {"applied": v["applied"], "correct": v["correct"],
                             "precision": round(v["correct"] / v["applied"], 4)}
    return {"kinds": {k: dict(v) for k, v in sorted(kinds.items())},
            "rules": {k: dict(v) for k, v in sorted(rules.items())}, "bands": dict(band_out),
            "cases": len(cases), "seconds": round(seconds, 2), "errors": dict(errors.most_common(5))}


def print_report(s: dict, split: str) -> None:
    print(f"openworld damage precision, split {split}: {s['cases']} cases, "
          f"{s['seconds']:.1f} s of repair (defaults)")
    for e, n in s["errors"].items():
        print(f"WARNING: {n} cases raised {e}")
    print(f"\n{'damage kind':24s} {'cases':>6s} {'exact':>6s} {'unchgd':>6s} {'partial':>7s} {'wrong':>6s} "
          f"{'exact %':>8s}")
    for k, v in s["kinds"].items():
        n = v["cases"]
        print(f"{k:24s} {n:6d} {v.get('exact', 0):6d} {v.get('unchanged', 0):6d} {v.get('partial', 0):7d} "
              f"{v.get('wrong', 0):6d} {100 * v.get('exact', 0) / n:8.1f}")
    print(f"\n{'rule':8s} {'applied':>8s} {'correct':>8s} {'precision':>9s}  applied on")
    for code, v in s["rules"].items():
        on = ", ".join(f"{k[3:]} {n}" for k, n in sorted(v.items(), key=lambda kv: -kv[1])
                       if k.startswith("on "))
        print(f"{code:8s} {v['applied']:8d} {v['correct']:8d} {v['precision']:9.3f}  {on}")
    names = [f"{lo}-{hi}" if hi <= 1 else f">={lo}" for lo, hi in BANDS]
    print("\nprecision per confidence band (all findings >= 0.5 applied; applied/precision)")
    print(f"{'rule':8s} " + " ".join(f"{n:>16s}" for n in names))
    for code, bs in s["bands"].items():
        cells = []
        for n in names:
            b = bs.get(n)
            cells.append(f"{b['applied']:6d} / {b['precision']:.3f}" if b else f"{'-':>16s}")
        print(f"{code:8s} " + " ".join(f"{c:>16s}" for c in cells))


def show_examples(cases, results, show: int, out: Path | None) -> None:
    bad: dict = defaultdict(list)
    fh = out.open("w", encoding="utf-8") if out else None
    for c, res in zip(cases, results, strict=True):
        o = outcome(c, res["default"])
        if o == "exact":
            continue
        bad[(c["kind"], o)].append((c, res["default"]))
        if fh:
            fh.write(json.dumps({**c, "outcome": o, "output": res["default"]["text"],
                                 "applied": res["default"]["applied"], "error": res["default"]["error"]},
                                ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    if show <= 0 or not bad:
        return
    print("\ncases that did not come out exact (examples)")
    for (kind, o), items in sorted(bad.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== {kind}: {o} ({len(items)})")
        for c, d in items[:show]:
            print(f"  {c['id']} ({c['lang']}) {c['damage']}")
            print(f"    broken: {c['broken'][:140]!r}")
            print(f"    gold:   {c['gold'][:140]!r}")
            if o == "wrong":
                print(f"    output: {d['text'][:140]!r}")
            print(f"    applied: {[(a[0], a[1]) for a in d['applied']][:6]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=SPLITS, default="tune")
    ap.add_argument("--units", type=Path)
    ap.add_argument("--cache")
    ap.add_argument("--per-kind", type=int, default=300)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--show", type=int, help="examples per kind (default 3 on tune; held-out text only "
                    "with --show)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    cache = cache_dir(args.cache)
    units_file = args.units or cache / "units.jsonl"
    if not units_file.exists():
        print(f"{units_file} not found: run benchmarks/openworld/fetch.py first", file=sys.stderr)
        return 2
    cases = generate(load(units_file, args.split), args.per_kind, args.seed)
    if args.jobs > 1:
        with Pool(args.jobs) as pool:
            results = list(pool.imap(repair_case, cases, chunksize=32))
    else:
        results = [repair_case(c) for c in cases]
    s = summarize(cases, results)
    out = cache.parent / f"damage-{args.split}.jsonl" if args.split in LOOKABLE else None
    shown = [(c, r) for c, r in zip(cases, results, strict=True)
             if args.show is not None or c["split"] in LOOKABLE]
    show = args.show if args.show is not None else 3
    if args.json:
        print(json.dumps({"split": args.split, "per_kind": args.per_kind, "seed": args.seed, **s},
                         ensure_ascii=False, indent=1))
        show = 0
    else:
        print_report(s, args.split)
    show_examples([c for c, _ in shown], [r for _, r in shown], show, out)
    if out:
        print(f"\nevery tune case that did not come out exact: {out}", file=sys.stderr)
    exact = sum(v.get("exact", 0) for v in s["kinds"].values())
    print(f"openworld-damage: {exact} passed, {s['cases'] - exact} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
