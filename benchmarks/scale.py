#!/usr/bin/env python3
"""Corpus scale, side by side with ftfy in the same process (figures are printed, never asserted).

- ``short``: documents per second on 100,000 short documents (100-300 characters) in Korean,
  English and mixed (every language of the open-world tune split in equal shares; and Korean
  with English), ``Repairer.fix`` next to ``ftfy.fix_text``; with kiwi installed and with it
  blocked (a second process), and whether kiwi was loaded.
- ``languages``: per language, microseconds a short document never seen before costs
  (the other half of the language's documents warmed up on) next to ftfy, and seen again.
- ``medium``: MB/s on documents of 2,500 to 12,000 characters (a web page's size: the tune
  split's paragraphs of one language joined), ko, en and mixed, next to ftfy.  Texts past
  ``pipeline.GATED_CHARS`` skip the stages' gates: every stage reads them.
- ``big``: MB/s on one big clean Korean text and on damaged text (the corpus's broken cases).
- ``damaged``: milliseconds a short damaged document costs at first sight (the tune split's
  short Korean documents, CP949 read as Latin-1 and UTF-8 read as cp1252, as the ``jsonl``
  file damages one record in ten), next to ftfy, and how many come back exact.
- ``jsonl``: a JSON Lines file of ``--jsonl-mb`` (1 GB by default) generated in /tmp and
  deleted after: ``textfix.records.process`` peak RSS and MB/s at ``-j 1`` and ``-j 2`` (and
  the command, ``textfix repair --field text``, once it has the option).
- ``spark``: ``textfix.spark.repair_column`` in local mode on 1 and 2 cores: documents per
  second per core.
- ``text``: the command on a big plain-text file (``--text-mb``, 100 MB by default):
  ``repair --check`` (streamed in windows) next to ``--diff`` (read whole), peak RSS and MB/s.

Texts: the open-world tune split (``/work/data/openworld/cache/units.jsonl`` or
``$TEXTFIX_OPENWORLD``; never its held-out split) and ``../shared/anchors/korean-clean``.

Usage: python benchmarks/scale.py [short languages medium big damaged jsonl text spark] [--docs N]
       [--jsonl-mb N] [--text-mb N] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS = Path(os.environ.get("TEXTFIX_OPENWORLD", "/work/data/openworld/cache")) / "units.jsonl"
ANCHORS = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared")) / "anchors" / "korean-clean"
#: Units that are data-file lines (dictionaries, tables), not text people write.
DATA_UNITS = ("line", "file")
LANGS = ("ko", "en", "ja", "zh", "he", "ar")


def pack(pieces, lo: int = 100, hi: int = 300, sep: str = "\n") -> list[str]:
    """Documents of ``lo``-``hi`` characters: each piece that long on its own, shorter
    consecutive pieces joined by ``sep`` (a list of strings, one a line), longer ones cut
    at sentence ends."""
    out, buf = [], ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if len(p) > hi:
            sentences = re.split(r"(?<=[.!?]) ", p)
            if len(sentences) > 1:
                out += pack(sentences, lo, hi, " ")
            continue
        buf = f"{buf}{sep}{p}" if buf else p
        if len(buf) >= lo:
            if len(buf) <= hi:
                out.append(buf)
            buf = ""
    return out


def tune_units() -> dict[str, list[list[str]]]:
    """The tune split's clean strings per language, grouped by source (never held-out)."""
    by: dict[str, dict[str, list[str]]] = {lang: {} for lang in LANGS}
    with open(UNITS, encoding="utf-8") as fh:
        for line in fh:
            u = json.loads(line)
            if u["split"] != "tune" or u["lang"] not in by or u["unit"] in DATA_UNITS or u.get("damaged"):
                continue
            by[u["lang"]].setdefault(u["source"], []).append(u["text"])
    return {lang: list(sources.values()) for lang, sources in by.items()}


def anchor_prose() -> list[str]:
    """Korean paragraphs of the korean-clean anchors: the constitution's articles, the bills'
    paragraphs (their hard-wrapped lines joined), kiwipiepy's documentation lines."""
    paras: list[str] = []
    for path in sorted(ANCHORS.glob("konlpy-*/*.txt")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        paras += [" ".join(ln.strip() for ln in p.split("\n")) for p in re.split(r"\n\s*\n", text)]
    paras += (ANCHORS / "kiwipiepy-documentation-ko.txt").read_text(encoding="utf-8").splitlines()
    return paras


def short_documents(n: int) -> dict[str, list[str]]:
    """Up to ``n`` distinct documents per set: ko, en, mixed (all six languages in turn),
    ko+en.  (Never a document twice: textfix remembers what it has read, and a set cycled
    to fill ``n`` would time its second sight of most documents.)"""
    units = tune_units()
    docs = {lang: [d for group in units[lang] for d in pack(group)] for lang in LANGS}
    docs["ko"] += pack(anchor_prose(), sep=" ")  # paragraphs of prose
    ko_en = []
    for name in ("django-ko.jsonl", "sphinx-ko.jsonl", "jupyterlab-ko.jsonl"):
        for x in (ANCHORS / name).read_text(encoding="utf-8").splitlines():
            pair = json.loads(x)
            ko_en.append(f"{pair['ko']} ({pair['en']})")
    sets = {"ko": docs["ko"], "en": docs["en"],
            "mixed": [d for row in itertools.zip_longest(*(docs[lang] for lang in LANGS)) for d in row if d],
            "ko+en": pack(ko_en)}
    return {name: list(dict.fromkeys(ds))[:n] for name, ds in sets.items()}


# ---------------------------------------------------------------------------------- short


def run_short(n: int, repeat: int, block_kiwi: bool) -> dict:
    if block_kiwi:
        sys.modules["kiwipiepy"] = None  # type: ignore[assignment]
    from textfix.repairer import compare_with_ftfy

    out = {}
    for name, docs in short_documents(n).items():
        found = compare_with_ftfy(docs, repeat)
        out[name] = found
        print(f"  {name:6s} {int(found['docs']):>7} docs, {found['chars'] / found['docs']:.0f} chars avg: "
              f"first sight: textfix {found['textfix_first_docs_per_s']:>8,.0f} docs/s, ftfy "
              f"{found['ftfy_first_docs_per_s']:>7,.0f} docs/s, {found['first_ratio']:.2f}x; "
              f"best of {repeat}: {found['ratio']:.2f}x  (kiwi loaded: {bool(found['kiwi_loaded'])})",
              flush=True)
    return out


def short(args) -> dict:
    out = {}
    for label, block in (("kiwi installed", False), ("kiwi blocked", True)):
        print(f"short documents, {label}:", flush=True)
        cmd = [sys.executable, __file__, "--inner-short", str(args.docs), "--repeat", str(args.repeat)]
        if block:
            cmd.append("--block-kiwi")
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        sys.stdout.write(done.stdout.split("\nJSON ")[0] + "\n")
        out[label] = json.loads(done.stdout.split("\nJSON ")[1])
    return out


def languages(args) -> dict:
    """Per language of the tune split: the cost of a short document never seen before (the
    other half of the language's documents warmed up on), next to ftfy's, and of the same
    documents seen again (the best of the later passes)."""
    import random

    from textfix.repairer import compare_with_ftfy

    out = {}
    units = tune_units()
    for lang in LANGS:
        docs = list(dict.fromkeys(d for group in units[lang] for d in pack(group)))
        random.Random(1).shuffle(docs)
        warm, timed = docs[:len(docs) // 2], docs[len(docs) // 2:]
        found = compare_with_ftfy(timed, max(2, args.repeat), warm=warm)
        keys = ("textfix_first_docs_per_s", "ftfy_first_docs_per_s", "textfix_docs_per_s")
        first, ftfy_first, again = (1e6 / found[k] for k in keys)
        out[lang] = {"docs": len(timed), "first_us": first, "ftfy_us": ftfy_first, "again_us": again}
        print(f"  {lang}: {len(timed)} documents never seen: textfix {first:.0f} us a document, "
              f"ftfy {ftfy_first:.0f} us, {found['first_ratio']:.2f}x; seen again {again:.0f} us", flush=True)
    return out


# --------------------------------------------------------------------------------- medium


def medium_documents(per_set: int = 150, seed: int = 5) -> dict[str, list[str]]:
    """Documents of 2,500 to 12,000 characters: paragraphs of one language of the tune split
    (shuffled, never held-out) joined by blank lines; ``mixed`` takes each language in turn."""
    import random

    rng = random.Random(seed)
    units = tune_units()
    by_lang: dict[str, list[str]] = {}
    for lang in LANGS:
        paragraphs = [p for group in units[lang] for p in group]
        rng.shuffle(paragraphs)
        docs, buf = [], []
        for p in paragraphs:
            buf.append(p)
            if sum(map(len, buf)) > rng.choice([2500, 5000, 12000]):
                docs.append("\n\n".join(buf))
                buf = []
        by_lang[lang] = docs
    mixed = [d for row in itertools.zip_longest(*by_lang.values()) for d in row if d]
    return {"ko": by_lang["ko"][:per_set], "en": by_lang["en"][:per_set], "mixed": mixed[:per_set]}


#: Medium documents timed per set, and documents (of the same set, never timed) warmed up on.
MEDIUM_DOCS, MEDIUM_WARM = 150, 10


def medium(args) -> dict:
    from textfix.repairer import compare_with_ftfy

    out = {}
    for name, docs in medium_documents(MEDIUM_DOCS + MEDIUM_WARM).items():
        # warmed up on documents of their own, the others timed (first sight, and best of N)
        docs, warm = docs[:-MEDIUM_WARM], docs[-MEDIUM_WARM:]
        mb = sum(len(d.encode()) for d in docs) / 1e6
        found = compare_with_ftfy(docs, args.repeat, warm=warm)
        tf, ft, tf1, ft1 = (mb * found[f"{k}docs_per_s"] / found["docs"]
                            for k in ("textfix_", "ftfy_", "textfix_first_", "ftfy_first_"))
        out[name] = {"docs": len(docs), "mb": mb, "textfix_mb_s": tf, "ftfy_mb_s": ft,
                     "ratio": found["ratio"], "textfix_first_mb_s": tf1, "ftfy_first_mb_s": ft1,
                     "first_ratio": found["first_ratio"]}
        print(f"  {name:6s} {len(docs)} docs, {found['chars'] / found['docs']:,.0f} chars avg, {mb:.2f} MB: "
              f"first sight: textfix {tf1:.2f} MB/s, ftfy {ft1:.2f} MB/s, {found['first_ratio']:.2f}x; "
              f"best of {args.repeat}: textfix {tf:.2f} MB/s, ftfy {ft:.2f} MB/s, {found['ratio']:.2f}x",
              flush=True)
    return out


# ------------------------------------------------------------------------------------ big


def big(args) -> dict:
    import ftfy

    import textfix
    from textfix.stream import repair_stream

    clean = "\n\n".join(anchor_prose() + [d for g in tune_units()["ko"] for d in g])
    times = max(1, int(args.big_mb * 1e6 / len(clean.encode())))
    clean = (clean + "\n\n") * times
    damaged_cases = [json.loads(x)["broken"] for p in sorted((ROOT / "corpus_broken").glob("cases*.jsonl"))
                     for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    damaged = "\n\n".join(damaged_cases)
    out = {}
    for name, text in (("clean Korean", clean), ("damaged (corpus cases)", damaged)):
        mb = len(text.encode()) / 1e6
        r = textfix.Repairer().setup()
        r.fix(text[:20_000])  # warm both up (lazy tables) on a piece, so that the pass times the text
        ftfy.fix_text(text[:20_000])
        t0 = time.perf_counter()
        r.fix(text)
        t_tf = time.perf_counter() - t0
        t0 = time.perf_counter()
        ftfy.fix_text(text)
        t_ftfy = time.perf_counter() - t0
        t0 = time.perf_counter()
        repair_stream([text], lambda s: None, suggest=False)  # as Repairer.fix: no suggestions
        t_stream = time.perf_counter() - t0
        out[name] = {"mb": mb, "textfix_mb_s": mb / t_tf, "stream_mb_s": mb / t_stream,
                     "ftfy_mb_s": mb / t_ftfy,
                     "ratio": t_ftfy / t_tf}
        print(f"  {name}: {mb:.1f} MB: textfix {mb / t_tf:.2f} MB/s (stream {mb / t_stream:.2f}), "
              f"ftfy {mb / t_ftfy:.2f} MB/s, {t_ftfy / t_tf:.2f}x", flush=True)
    return out


def damaged(args) -> dict:
    from textfix import Repairer
    from textfix.damage import cp949_as, utf8_as_cp1252
    from textfix.repairer import compare_with_ftfy

    ko = short_documents(args.docs)["ko"]
    out = {}
    for name, damage in (("CP949 as Latin-1", lambda t: cp949_as(t, "latin-1")),
                         ("UTF-8 as cp1252", utf8_as_cp1252)):
        pairs = [(d, hit[0]) for d in ko if (hit := damage(d)) is not None and hit[0] != d]
        found = compare_with_ftfy([broken for _, broken in pairs], repeat=1)
        r = Repairer()
        exact = sum(r.fix(broken) == gold for gold, broken in pairs[100:])
        first, ftfy_first = (1e3 / found[k] for k in ("textfix_first_docs_per_s", "ftfy_first_docs_per_s"))
        out[name] = {"docs": found["docs"], "first_ms": first, "ftfy_ms": ftfy_first, "exact": exact}
        print(f"  {name}: {int(found['docs'])} documents at first sight: textfix {first:.2f} ms a document, "
              f"ftfy {ftfy_first:.2f} ms, {found['first_ratio']:.2f}x; exact {exact}", flush=True)
    return out


# ---------------------------------------------------------------------------------- jsonl


def make_jsonl(path: Path, megabytes: float) -> int:
    """A JSON Lines file of about ``megabytes`` MB: short documents, one in ten damaged."""
    from textfix.damage import cp949_as, utf8_as_cp1252

    docs = short_documents(5000)
    pool = docs["mixed"] + docs["ko"]
    target = int(megabytes * 1e6)
    size, n = 0, 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in itertools.count():
            text = pool[i % len(pool)]
            if i % 10 == 0:  # one in ten damaged: CP949 or UTF-8 read as Latin-1/cp1252
                text = (cp949_as(text, "latin-1") or utf8_as_cp1252(text))[0]
            record = {"id": i, "url": f"https://example.org/{i}", "text": text}
            line = json.dumps(record, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode())
            n += 1
            if size >= target:
                return n
    return n  # pragma: no cover


def measure_child(code: str) -> dict:
    """Run ``code`` in a fresh interpreter: its seconds and peak RSS (MB)."""
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "peak_rss_mb": max(peak, before) / 1024, "stdout": done.stdout.strip()}


def jsonl(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="textfix-scale-", dir="/tmp"))
    src, dst = tmp / "big.jsonl", tmp / "out.jsonl"
    out: dict = {}
    try:
        records = make_jsonl(src, args.jsonl_mb)
        mb = src.stat().st_size / 1e6
        print(f"  generated {mb:.0f} MB, {records:,} records", flush=True)
        for jobs in args.jobs_list:
            code = (f"import textfix.records as tr; s = tr.process({str(src)!r}, ['text'], "
                    f"output={str(dst)!r}, jobs={jobs}); print(s.records, s.changed_records)")
            # RUSAGE_CHILDREN keeps the largest child ever: measure each run in its own shell
            got = measure_child("import subprocess, sys, resource; "
                                f"subprocess.run([sys.executable, '-c', {code!r}], check=True); "
                                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            peak = int(got["stdout"].split()[-1]) / 1024
            out[f"library -j {jobs}"] = {"seconds": got["seconds"], "mb_s": mb / got["seconds"],
                                         "peak_rss_mb": peak}
            print(f"  library -j {jobs}: {got['seconds']:.1f} s, {mb / got['seconds']:.2f} MB/s, "
                  f"peak RSS {peak:.0f} MB (the largest process)", flush=True)
        if "library -j 1" in out and "library -j 2" in out:
            scale = out["library -j 1"]["seconds"] / out["library -j 2"]["seconds"]
            out["scaling -j 2 / -j 1"] = scale
            print(f"  -j 2 is {scale:.2f}x -j 1", flush=True)
        helped = subprocess.run([sys.executable, "-m", "textfix", "repair", "--help"], capture_output=True,
                                text=True)
        if "--field" in helped.stdout:
            for jobs in args.jobs_list:
                code = ("import subprocess, sys, resource; "
                        "subprocess.run([sys.executable, '-m', 'textfix', 'repair', "
                        f"'--field', 'text', {str(src)!r}, '-o', {str(dst)!r}, '-j', '{jobs}'], check=True); "
                        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
                got = measure_child(code)
                peak = int(got["stdout"].split()[-1]) / 1024
                out[f"command -j {jobs}"] = {"seconds": got["seconds"], "mb_s": mb / got["seconds"],
                                             "peak_rss_mb": peak}
                print(f"  command -j {jobs}: {got['seconds']:.1f} s, {mb / got['seconds']:.2f} MB/s, "
                      f"peak RSS {peak:.0f} MB", flush=True)
        else:
            print("  (the command has no --field yet: only the library stream is measured)")
        out["mb"] = mb
    finally:
        for p in (src, dst):
            p.unlink(missing_ok=True)
        tmp.rmdir()
    return out


# ----------------------------------------------------------------------------------- text


def text(args) -> dict:
    """``textfix repair --check`` on a big plain-text file (streamed from
    ``textfix.run.STREAM_BYTES`` on) next to ``--diff`` (which reads it whole): seconds,
    MB/s and peak RSS of each."""
    from textfix.damage import cp949_as, utf8_as_cp1252

    tmp = Path(tempfile.mkdtemp(prefix="textfix-scale-", dir="/tmp"))
    src = tmp / "big.txt"
    out: dict = {}
    try:
        pool = short_documents(5000)["ko"]
        target = int(args.text_mb * 1e6)
        size = 0
        with open(src, "w", encoding="utf-8") as fh:
            for i in itertools.count():
                para = pool[i % len(pool)]
                if i % 10 == 0:  # one paragraph in ten damaged, as in 'jsonl'
                    para = (cp949_as(para, "latin-1") or utf8_as_cp1252(para))[0]
                fh.write(para + "\n\n")
                size += len(para.encode()) + 2
                if size >= target:
                    break
        mb = src.stat().st_size / 1e6
        print(f"  generated {mb:.0f} MB of Korean paragraphs", flush=True)
        for mode in ("--check", "--diff"):
            code = ("import subprocess, sys, resource; "
                    f"subprocess.run([sys.executable, '-m', 'textfix', 'repair', {mode!r}, {str(src)!r}], "
                    "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
                    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            got = measure_child(code)
            peak = int(got["stdout"].split()[-1]) / 1024
            out[mode] = {"seconds": got["seconds"], "mb_s": mb / got["seconds"], "peak_rss_mb": peak}
            print(f"  command {mode}: {got['seconds']:.1f} s, {mb / got['seconds']:.2f} MB/s, "
                  f"peak RSS {peak:.0f} MB ({'streamed' if mode == '--check' else 'read whole'})", flush=True)
        out["mb"] = mb
    finally:
        src.unlink(missing_ok=True)
        tmp.rmdir()
    return out


# ---------------------------------------------------------------------------------- spark


def spark(args) -> dict:
    code = f"""
import itertools, os, sys, time, json
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
sys.path.insert(0, {str(Path(__file__).parent)!r})
from scale import short_documents
from pyspark.sql import SparkSession
from textfix.spark import repair_column
docs = list(itertools.islice(itertools.cycle(short_documents({args.spark_docs})["mixed"]), {args.spark_docs}))
out = {{}}
for cores in (1, 2):
    s = (SparkSession.builder.master(f"local[{{cores}}]").config("spark.ui.enabled", "false")
         .config("spark.pyspark.python", sys.executable).config("spark.driver.memory", "2g").getOrCreate())
    s.sparkContext.setLogLevel("ERROR")
    df = s.createDataFrame(list(enumerate(docs)), "id long, text string").repartition(cores * 4).cache()
    df.count()
    repair_column(df, "text").write.format("noop").mode("overwrite").save()  # warm the workers
    t0 = time.perf_counter()
    repair_column(df, "text").write.format("noop").mode("overwrite").save()
    seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    df.selectExpr("id", "upper(text)").write.format("noop").mode("overwrite").save()
    base = time.perf_counter() - t0
    out[cores] = {{"seconds": seconds, "docs_s": len(docs) / seconds, "per_core": len(docs) / seconds / cores,
                  "baseline_seconds": base}}
    s.stop()
print("JSON " + json.dumps(out))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode:
        print("  spark failed:", done.stderr[-1500:])
        return {}
    found = json.loads(done.stdout.split("JSON ")[-1])
    for cores, r in found.items():
        print(f"  local[{cores}]: {args.spark_docs:,} mixed docs in {r['seconds']:.1f} s: "
              f"{r['docs_s']:,.0f} docs/s, "
              f"{r['per_core']:,.0f} docs/s per core (a built-in SQL function over the same rows: "
              f"{r['baseline_seconds']:.1f} s)", flush=True)
    return found


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sections", nargs="*", default=["short", "languages", "medium", "big", "jsonl", "spark"],
                   help="short, languages, medium, big, damaged, jsonl (includes the -j scaling), text, "
                        "spark")
    p.add_argument("--docs", type=int, default=100_000, help="short documents per set")
    p.add_argument("--repeat", type=int, default=3, help="timed passes (the best counts)")
    p.add_argument("--big-mb", type=float, default=8.0, help="MB of clean Korean text for 'big'")
    p.add_argument("--jsonl-mb", type=float, default=1000.0, help="MB of JSON Lines for 'jsonl'")
    p.add_argument("--text-mb", type=float, default=100.0, help="MB of plain text for 'text'")
    p.add_argument("--jobs", dest="jobs_list", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2],
                   help="worker counts for 'jsonl' (default 1,2)")
    p.add_argument("--spark-docs", type=int, default=100_000)
    p.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    p.add_argument("--inner-short", type=int, help=argparse.SUPPRESS)
    p.add_argument("--block-kiwi", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.inner_short:
        found = run_short(args.inner_short, args.repeat, args.block_kiwi)
        print("JSON " + json.dumps(found))
        return 0
    results = {}
    for section in args.sections:
        print(f"== {section}", flush=True)
        results[section] = {"short": short, "languages": languages, "medium": medium, "big": big,
                            "damaged": damaged, "jsonl": jsonl, "text": text, "spark": spark}[section](args)
        gc.collect()
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
