#!/usr/bin/env python3
"""Open-world precision: run textfix.repair (library defaults) on clean text nobody chose.

Every unit of ``units.jsonl`` (made by ``fetch.py``) is clean, so every change and every
finding at confidence 0.5 or more is a false alarm.  A unit passes when it comes out
unchanged and has no finding at 0.5 or more.

Code files are repaired with ``syntax=textfix.syntax.syntax_for_path(path, first_line)``
when that module exists (prose otherwise, and the report says so), and a second time with
``code="fix"`` (the strict case, reported apart).

The held-out split is for measuring only: for it the runner prints counts, never text,
unless ``--show N`` is given.  For the tune split every failing unit goes, with its
findings, to ``failures-tune.jsonl`` beside the units file (``--failures`` to change).

Usage: python benchmarks/openworld/run.py [--split tune|heldout|all|fresh-tune|fresh-heldout]
       [--units FILE] [--show N] [--json] [-j N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fetch import cache_dir

CONF = 0.5
SPLITS = ("tune", "heldout", "all", "fresh-tune", "fresh-heldout")
#: the splits whose text may be shown and written out (fresh.py builds the fresh ones)
LOOKABLE = ("tune", "fresh-tune")
_SYNTAX = None


def syntax_module():
    """``textfix.syntax.syntax_for_path`` or None when textfix has no such module yet."""
    global _SYNTAX
    if _SYNTAX is None:
        try:
            found = importlib.util.find_spec("textfix.syntax") is not None
        except ModuleNotFoundError:
            found = False
        fn = None
        if found:
            mod = importlib.import_module("textfix.syntax")
            fn = getattr(mod, "syntax_for_path", None)
        _SYNTAX = fn or False
    return _SYNTAX or None


def is_code(u: dict) -> bool:
    return u["lang"] == "code" or u["lang"].startswith("code-")


def _finding(f, text: str) -> dict:
    a, b = max(0, f.start - 40), min(len(text), f.end + 40)
    return {"code": f.code, "kind": f.kind, "confidence": round(f.confidence, 3), "applied": f.applied,
            "start": f.start, "end": f.end, "before": f.before, "after": f.after,
            "message": f.message, "context": text[a:b]}


def check(job: tuple[dict, str]) -> dict:
    """Repair one unit in one mode (``default`` or ``code-fix``) and describe the outcome."""
    import textfix

    u, mode = job
    text = u["text"]
    kw: dict = {}
    syntax = None
    fn = syntax_module()
    if is_code(u) and fn is not None:
        first = text.split("\n", 1)[0]
        syntax = fn(u.get("path") or "", first)
        kw["syntax"] = syntax
    if mode == "code-fix":
        kw["code"] = "fix"
    t0 = time.perf_counter()
    error = None
    try:
        r = textfix.repair(text, **kw)
        changed = r.changed
        findings = [f for f in r.findings if f.applied or f.confidence >= CONF]
    except Exception as e:  # a crash is a failure too, and must not stop the run
        changed, findings, error = False, [], f"{type(e).__name__}: {e}"
    dt = time.perf_counter() - t0
    return {"id": u["id"], "mode": mode, "syntax": syntax, "changed": changed, "seconds": dt,
            "error": error, "findings": [_finding(f, text) for f in findings]}


def load(path: Path, split: str) -> list[dict]:
    units = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            u = json.loads(line)
            if split == "all" or u["split"] == split:
                units.append(u)
    return units


def failed(res: dict) -> bool:
    return bool(res["changed"] or res["error"] or any(f["confidence"] >= CONF for f in res["findings"]))


def evaluate(units: list[dict], jobs: int) -> tuple[list[tuple[dict, dict]], float]:
    # code="fix" differs from the default only where code is read as code (Config.syntax)
    strict = [(u, "code-fix") for u in units if is_code(u)] if syntax_module() else []
    work = [(u, "default") for u in units] + strict
    # big files first, so that the workers finish together
    work.sort(key=lambda j: -len(j[0]["text"]))
    t0 = time.perf_counter()
    if jobs > 1:
        with Pool(jobs) as pool:
            results = list(pool.imap(check, work, chunksize=16))
    else:
        results = [check(j) for j in work]
    return list(zip([u for u, _ in work], results, strict=True)), time.perf_counter() - t0


def summarize(pairs: list[tuple[dict, dict]], wall: float) -> dict:
    langs: dict = defaultdict(Counter)
    rules: dict = defaultdict(Counter)
    modes: dict = defaultdict(Counter)
    errors: Counter = Counter()
    for u, r in pairs:
        if r["error"]:
            errors[r["error"][:200]] += 1
        size = len(u["text"].encode("utf-8", "surrogatepass"))
        key = u["lang"] if r["mode"] == "default" else f"{u['lang']} [code=fix]"
        if u.get("damaged"):  # not clean at the source: counted apart, never passed or failed
            d = langs["(damaged at source)" + ("" if r["mode"] == "default" else " [code=fix]")]
            d["units"] += 1
            d["chars"] += len(u["text"])
            d["changed"] += r["changed"]
            d["finding>=0.5"] += any(f["confidence"] >= CONF for f in r["findings"])
            continue
        row = langs[key]
        row["units"] += 1
        row["chars"] += len(u["text"])
        row["bytes"] += size
        row["changed"] += r["changed"]
        row["finding>=0.5"] += any(f["confidence"] >= CONF for f in r["findings"])
        row["files changed"] += r["changed"] and u["unit"] == "file"
        row["errors"] += bool(r["error"])
        row["failed"] += failed(r)
        m = modes[r["mode"]]
        m["units"] += 1
        m["bytes"] += size
        m["seconds"] += r["seconds"]
        m["failed"] += failed(r)
        m["passed"] += not failed(r)
        m[f"unit:{u['unit']}:bytes"] += size
        m[f"unit:{u['unit']}:seconds"] += r["seconds"]
        seen = set()
        for f in r["findings"]:
            rr = rules[(r["mode"], f["code"])]
            rr["findings"] += 1
            rr["applied"] += f["applied"]
            if f["code"] not in seen:
                seen.add(f["code"])
                rr["units"] += 1
                rr["units>=0.5"] += f["confidence"] >= CONF
                rr["units changed"] += r["changed"] and f["applied"]
                rr["files"] += u["unit"] == "file"
                rr[f"lang:{u['lang']}"] += 1
    return {"languages": {k: dict(v) for k, v in sorted(langs.items())},
            "rules": {f"{m} {c}": dict(v) for (m, c), v in sorted(rules.items())},
            "modes": {k: dict(v) for k, v in modes.items()}, "wall_seconds": wall,
            "errors": dict(errors.most_common(5))}


def print_report(s: dict, split: str, note: str) -> None:
    print(f"openworld precision, split {split}; {note}")
    for e, n in s["errors"].items():
        print(f"WARNING: {n} units raised {e}")
    print(f"\n{'language':22s} {'units':>8s} {'chars':>11s} {'changed':>8s} {'find>=.5':>8s} "
          f"{'files chg':>9s} {'failed':>7s} {'pass %':>7s}")
    for lang, r in s["languages"].items():
        pct = f"{100 * (1 - r.get('failed', 0) / r['units']):7.2f}"
        failed_ = f"{r.get('failed', 0):7d}"
        if lang.startswith("(damaged"):
            failed_, pct = f"{'-':>7s}", f"{'-':>7s}"
        print(f"{lang:22s} {r['units']:8d} {r['chars']:11d} {r.get('changed', 0):8d} "
              f"{r.get('finding>=0.5', 0):8d} {r.get('files changed', 0):9d} {failed_} {pct}")
    print(f"\n{'mode rule':22s} {'units':>8s} {'u>=.5':>8s} {'changed':>8s} {'files':>7s} {'applied':>8s}  "
          "languages")
    for key, r in s["rules"].items():
        ls = ", ".join(f"{k[5:]} {v}" for k, v in sorted(r.items(), key=lambda kv: -kv[1])
                       if k.startswith("lang:"))
        print(f"{key:22s} {r['units']:8d} {r.get('units>=0.5', 0):8d} {r.get('units changed', 0):8d} "
              f"{r.get('files', 0):7d} {r.get('applied', 0):8d}  {ls}")
    print()
    for mode, m in s["modes"].items():
        mbs = m["bytes"] / 1e6 / max(m["seconds"], 1e-9)
        per = "; ".join(
            f"{k.split(':')[1]} {m[k] / 1e6 / max(m[k.replace(':bytes', ':seconds')], 1e-9):.2f} MB/s"
            for k in sorted(m) if k.endswith(":bytes"))
        print(f"timing {mode}: {m['bytes'] / 1e6:.2f} MB in {m['seconds']:.1f} s of one core = "
              f"{mbs:.2f} MB/s ({per})")
    print(f"wall clock {s['wall_seconds']:.1f} s")


def examples(pairs, show: int, out: Path | None) -> None:
    """Failing units grouped by rule, ``show`` examples each; all of them to ``out``."""
    by_rule: dict = defaultdict(list)
    fh = out.open("w", encoding="utf-8") if out else None
    for u, r in pairs:
        if not failed(r) or u.get("damaged"):
            continue
        rec = {"id": u["id"], "source": u["source"], "lang": u["lang"], "unit": u["unit"],
               "path": u.get("path"), "mode": r["mode"], "syntax": r["syntax"], "changed": r["changed"],
               "error": r["error"], "findings": r["findings"]}
        if u["unit"] != "file":
            rec["text"] = u["text"]
        if fh:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        codes = sorted({f["code"] for f in r["findings"] if f["applied"] or f["confidence"] >= CONF})
        for c in codes or ["ERROR" if r["error"] else "UNEXPLAINED-CHANGE"]:
            by_rule[(r["mode"], c)].append((u, r))
    if fh:
        fh.close()
    if show <= 0 or not by_rule:
        return
    print("\nfailures by rule (examples)")
    for (mode, code), items in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== {code} [{mode}]: {len(items)} units")
        for u, r in items[:show]:
            fs = [f for f in r["findings"] if f["code"] == code] or r["findings"]
            syn = f", syntax {r['syntax']}" if r["syntax"] else ""
            print(f"  {u['id']} ({u['lang']}, {u['unit']}{syn})")
            if r["error"]:
                print(f"    error: {r['error']}")
            for f in fs[:2]:
                state = "applied" if f["applied"] else "flag/suggestion"
                print(f"    {f['code']} {f['confidence']:.2f} {state}: {f['before']!r} -> {f['after']!r}")
                print(f"      context: {f['context']!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=SPLITS, default="tune")
    ap.add_argument("--units", type=Path, help="units file (default CACHE/units.jsonl)")
    ap.add_argument("--cache", help="cache folder (default $TEXTFIX_OPENWORLD or /work/data/openworld/cache)")
    ap.add_argument("--show", type=int, help="examples per rule (default 3 on tune; held-out text only "
                    "with --show)")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    ap.add_argument("--failures", type=Path, help="where the tune failures go "
                    "(default failures-tune.jsonl beside the cache)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=int, help="only the first N units (a quick look)")
    args = ap.parse_args(argv)
    cache = cache_dir(args.cache)
    units_file = args.units or cache / "units.jsonl"
    if not units_file.exists():
        print(f"{units_file} not found: run benchmarks/openworld/fetch.py first", file=sys.stderr)
        return 2
    units = load(units_file, args.split)
    if args.limit:
        units = units[: args.limit]
    note = ("code files with syntax=textfix.syntax.syntax_for_path(path, first_line), and again with "
            "code='fix'" if syntax_module() else "textfix.syntax.syntax_for_path not found: code files "
            "repaired as prose, and no code='fix' run (it would be the same)")
    pairs, wall = evaluate(units, args.jobs)
    s = summarize(pairs, wall)
    # held-out text is shown only on request: by default examples come from tune units
    show = args.show if args.show is not None else 3
    shown = pairs if args.show is not None else [(u, r) for u, r in pairs if u["split"] in LOOKABLE]
    failures = None
    if args.split in LOOKABLE:
        failures = args.failures or cache.parent / f"failures-{args.split}.jsonl"
    if args.json:
        print(json.dumps({"split": args.split, "note": note, **s}, ensure_ascii=False, indent=1))
        examples(shown, 0, failures)
    else:
        print_report(s, args.split, note)
        examples(shown, show, failures)
        if failures:
            print(f"\nevery failing tune unit, with its findings: {failures}")
    d = s["modes"].get("default", {})
    f = s["modes"].get("code-fix")
    if f:
        print(f"openworld-clean-code-fix: {f.get('passed', 0)} passed, {f.get('failed', 0)} failed")
    print(f"openworld-clean: {d.get('passed', 0)} passed, {d.get('failed', 0)} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
