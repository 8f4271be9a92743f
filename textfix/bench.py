"""``textfix bench``: accuracy on the broken corpus and throughput next to ftfy.

Accuracy, per damage kind of ``corpus_broken/cases.jsonl`` (see its README): the exact-restore
rate, detection recall (a finding of the expected kind on the damaged span), the character
error rate before and after repair; per finding kind, precision (applied
findings that sit on damage of their kind); on the clean cases, the unchanged rate.

Throughput: ``textfix.repair`` and ``ftfy.fix_text`` in one process on the same clean Korean
text (the corpus's clean Korean cases and seed page, plus ``../shared/anchors/korean-clean``
when present), cut into documents of about 5,000 characters and repeated to the requested size.
"""

from __future__ import annotations

import difflib
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

#: Which finding kinds count as detecting each damage kind.
DETECTS = {
    "reversed-runs-paragraph": {"reversed-runs"},
    "reversed-runs-sentence": {"reversed-runs"},
    "reversed-runs-fragment": {"reversed-runs"},
    "mojibake-cp949": {"mojibake-cp949"},
    "mojibake": {"mojibake"},
    "mojibake-utf8-as-cp949": {"mojibake-utf8-as-cp949"},
    "hangul-nfd": {"hangul-nfd"},
    "invisible-in-word": {"invisible-in-word"},
    "bidi-control": {"bidi-control"},
    "hangul-jamo-spelled": {"hangul-jamo-spelled"},
    "dropped-quote": {"dropped-run", "missing-opening-quote", "unpaired-quote"},
    "dropped-run": {"dropped-run", "glued-number", "doubled-token", "missing-particle",
                    "unpaired-quote", "missing-opening-quote", "empty-brackets", "separator-run",
                    "orphan-particle", "unbalanced-bracket"},
    "empty-brackets": {"empty-brackets"},
    "separator-run": {"separator-run"},
    "visual-rtl": {"visual-rtl"},
}
ANCHORS = Path("../shared/anchors/korean-clean")


#: The keys every case of ``cases.jsonl`` must have.
REQUIRED = ("kind", "broken", "gold", "expect")


class BenchError(ValueError):
    """A benchmark corpus textfix cannot read; the message names the file and the line."""


def _case(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        case = json.loads(line)
    except json.JSONDecodeError as err:
        raise BenchError(f"{path}:{number}: not JSON: {err.msg} (column {err.colno})") from err
    if not isinstance(case, dict):
        raise BenchError(f"{path}:{number}: not a JSON object")
    missing = [k for k in REQUIRED if k not in case]
    if missing:
        raise BenchError(f"{path}:{number}: missing {', '.join(map(repr, missing))} "
                         f"(each case needs {', '.join(REQUIRED)})")
    bad = [k for k in ("broken", "gold", "kind") if not isinstance(case[k], str)]
    if bad or not isinstance(case.get("reference", ""), (str, type(None))):
        raise BenchError(f"{path}:{number}: {', '.join(bad) or 'reference'} must be a string")
    return case


def load_cases(folder: Path, split: str | None = None) -> list[dict[str, Any]]:
    """The cases of ``folder/cases.jsonl`` and of every ``folder/cases-*.jsonl`` (one file per
    family of damage; none without them); :class:`BenchError` names the file and the line of
    a malformed case.  A case may carry ``split`` (``tune``: the strings a rule was tuned
    on; ``report``: the ones its figures come from); with ``split``, only cases of that
    split (or with none) are kept.  A case may carry ``detects``, the finding kinds that
    count as detecting it (else :data:`DETECTS` by its kind).
    """
    folder = Path(folder)
    paths = [p for p in [folder / "cases.jsonl", *sorted(folder.glob("cases-*.jsonl"))] if p.is_file()]
    out: list[dict[str, Any]] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise BenchError(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from err
        except OSError as err:
            raise BenchError(f"{path}: cannot read: {err.strerror or err}") from err
        out += [_case(path, n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if split is not None:
        out = [c for c in out if c.get("split", split) == split]
    return out


def edits(a: str, b: str) -> int:
    """Character edits between ``a`` and ``b`` (from difflib's alignment)."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal")


def _counts(f) -> bool:
    """Whether a finding counts for precision: the repair applied it (the library decides)."""
    return f.applied


class Progress:
    """Progress on stderr: a bar with cases per second on a terminal, a plain line every
    :data:`PLAIN_EVERY` seconds elsewhere (a CI log), nothing when ``quiet``."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        try:
            self.tty = self.stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False

    @contextmanager
    def task(self, label: str, total: int, unit: str) -> Iterator[Callable[[], None]]:
        """A task of ``total`` steps; the context gives the function to call after each."""
        if self.quiet or total <= 0:
            yield lambda: None
            return
        if self.tty:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            columns = (TextColumn(f"bench: {label}", markup=False), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[rate]}", markup=False), TimeRemainingColumn())
            with Progress(*columns, transient=True, console=Console(file=self.stream, markup=False)) as bar:
                task = bar.add_task(label, total=total, rate="")
                start, done = time.perf_counter(), [0]

                def step() -> None:
                    done[0] += 1
                    rate = done[0] / max(1e-9, time.perf_counter() - start)
                    bar.update(task, advance=1, rate=f"{rate:,.0f} {unit}/s")

                yield step
            return
        start = last = time.perf_counter()
        done = [0]

        def plain_step() -> None:
            nonlocal last
            done[0] += 1
            now = time.perf_counter()
            if now - last >= PLAIN_EVERY or done[0] == total:
                last = now
                print(f"bench: {label} {done[0]}/{total} {unit} "
                      f"({done[0] / max(1e-9, now - start):,.0f} {unit}/s)", file=self.stream, flush=True)

        yield plain_step


#: Seconds between two progress lines when stderr is not a terminal.
PLAIN_EVERY = 5.0


def accuracy(cases: list[dict[str, Any]], scorer: str = "auto", progress: Progress | None = None
             ) -> dict[str, Any]:
    """The accuracy figures of ``repair`` (with ``scorer``) on ``cases``."""
    with (progress or Progress(quiet=True)).task("accuracy", len(cases), "cases") as step:
        return _accuracy(cases, scorer, step)


def _accuracy(cases: list[dict[str, Any]], scorer: str, step: Callable[[], None]) -> dict[str, Any]:
    import textfix

    per: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    clean = defaultdict(lambda: [0, 0])
    for c in cases:
        r = textfix.repair(c["broken"], reference=c.get("reference"), scorer=scorer)
        step()
        kind = c["kind"]
        if kind == "clean":
            provenance = str(c.get("provenance", ""))
            lang = provenance.split("(")[1].split(")")[0] if "(" in provenance else "?"
            clean[lang][0] += r.text == c["gold"]
            clean[lang][1] += 1
            for f in r.findings:
                if _counts(f):
                    fp[f.kind] += 1
            continue
        expected = set(c.get("detects") or DETECTS.get(kind, ()))
        a, b = c.get("span", (0, len(c["broken"])))
        hit = False
        for f in r.findings:
            on_span = f.start <= b + 2 and f.end >= a - 2
            if f.kind in expected and on_span:
                hit = True
                if _counts(f):
                    tp[f.kind] += 1
            elif _counts(f):
                fp[f.kind] += 1
        s = per[kind]
        s["n"] += 1
        s["detected"] += hit
        if c["expect"] == "exact":
            s["exact_n"] += 1
            s["exact"] += r.text == c["gold"]
        s["edits_before"] += edits(c["broken"], c["gold"])
        s["edits_after"] += edits(r.text, c["gold"])
        s["chars"] += len(c["gold"])
    kinds = {}
    for kind, s in per.items():
        kinds[kind] = {
            "cases": int(s["n"]),
            "exact": round(s["exact"] / s["exact_n"], 4) if s["exact_n"] else None,
            "recall": round(s["detected"] / s["n"], 4),
            "cer_before": round(s["edits_before"] / max(1, s["chars"]), 4),
            "cer_after": round(s["edits_after"] / max(1, s["chars"]), 4),
        }
    precision = {k: round(tp[k] / (tp[k] + fp[k]), 4) for k in sorted(set(tp) | set(fp))}
    unchanged = {lang: f"{ok}/{n}" for lang, (ok, n) in sorted(clean.items())}
    return {"kinds": kinds, "precision": precision, "clean_unchanged": unchanged}


def clean_korean(folder: Path, cases: list[dict[str, Any]]) -> list[str]:
    texts = [c["gold"] for c in cases if c["kind"] == "clean" and "(ko)" in str(c.get("provenance", ""))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("000_*.txt"))]
    if ANCHORS.is_dir():
        for p in sorted(ANCHORS.rglob("*.txt")):
            if "cpython-cjkencodings" not in p.parts:
                texts.append(p.read_text(encoding="utf-8"))
        for p in sorted(ANCHORS.glob("*.jsonl")):
            texts.extend(json.loads(line)["ko"] for line in p.open(encoding="utf-8"))
    return texts


def documents(texts: list[str], megabytes: float, size: int = 5000) -> list[str]:
    lines = [line if line.endswith("\n") else line + "\n"  # texts do not run into each other
             for t in texts for line in t.splitlines(keepends=True)]
    if not lines:
        return []
    docs: list[str] = []
    cur: list[str] = []
    cur_len = total = i = 0
    while total < megabytes * 1e6:
        line = lines[i % len(lines)]
        i += 1
        cur.append(line)
        cur_len += len(line)
        if cur_len >= size:
            doc = "".join(cur)
            docs.append(doc)
            total += len(doc.encode("utf-8"))
            cur, cur_len = [], 0
    return docs


def measure(fn, docs: list[str], repeat: int, step: Callable[[], None] = lambda: None) -> float:
    """Median MB/s of ``fn`` over ``docs`` (``step`` called after each document)."""
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    rates = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for d in docs:
            fn(d)
            step()
        rates.append(size / (time.perf_counter() - t0))
    return statistics.median(rates)


def throughput(texts: list[str], megabytes: float, repeat: int, progress: Progress | None = None
               ) -> dict[str, Any]:
    import ftfy

    import textfix

    progress = progress or Progress(quiet=True)
    docs = documents(texts, megabytes)
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    unchanged = 0
    with progress.task("clean text", len(docs), "documents") as step:
        for d in docs:
            unchanged += textfix.repair(d).text == d
            step()
    with progress.task("timing textfix", len(docs) * repeat, "documents") as step:
        tf = measure(lambda d: textfix.repair(d).text, docs, repeat, step)
    with progress.task("timing ftfy", len(docs) * repeat, "documents") as step:
        ff = measure(ftfy.fix_text, docs, repeat, step)
    return {"corpus_mb": round(size, 2), "documents": len(docs), "unchanged": f"{unchanged}/{len(docs)}",
            "textfix_mb_s": round(tf, 2), "ftfy_mb_s": round(ff, 2), "ratio": round(tf / ff, 2)}


#: What to do when the corpus is not there (it is not part of the package).
NO_CORPUS = (
    "textfix bench: no benchmark corpus in {folder} (cases.jsonl, cases-*.jsonl).\n"
    "The corpus comes with textfix's source repository, not with the installed package, and bench\n"
    "downloads nothing. Get it with a clone of the repository, then name its folder:\n"
    "    git clone <textfix repository> && textfix bench textfix/corpus_broken\n"
    "or build it in a clone: python scripts/build_corpus.py (and scripts/build_corpus_*.py,\n"
    "one per family of damage)."
)


def main(args) -> int:
    folder = Path(getattr(args, "dir", None) or "corpus_broken")
    if not any(p.is_file() for p in [folder / "cases.jsonl", *folder.glob("cases-*.jsonl")]):
        print(NO_CORPUS.format(folder=folder), file=sys.stderr)
        return 2
    progress = Progress(quiet=getattr(args, "quiet", False) or False)
    try:
        split = getattr(args, "split", "report")
        cases = load_cases(folder, None if split == "all" else split)
        texts = clean_korean(folder, cases)
    except (BenchError, OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError) as err:
        print(f"textfix bench: error: {err}", file=sys.stderr)
        return 2
    if not cases and not texts:
        print(f"textfix bench: no corpus found in {folder} (cases.jsonl) or {ANCHORS}", file=sys.stderr)
        return 2
    result: dict[str, Any] = {}
    if cases and not getattr(args, "speed_only", False):
        result["accuracy"] = accuracy(cases, getattr(args, "scorer", "auto"), progress)
    if texts and args.megabytes > 0:
        result["throughput"] = throughput(texts, args.megabytes, args.repeat, progress)
    elif args.megabytes > 0:
        print(f"textfix bench: no clean Korean text in {folder} (clean cases, 000_*.txt pages) to time; "
              "throughput skipped", file=sys.stderr)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    acc = result.get("accuracy")
    if acc:
        head = ("damage kind", "cases", "exact", "recall", "CER before", "after")
        print(f"{head[0]:26s} {head[1]:>5s} {head[2]:>7s} {head[3]:>7s} {head[4]:>10s} {head[5]:>7s}")
        for kind, s in sorted(acc["kinds"].items()):
            exact = f"{s['exact']:.1%}" if s["exact"] is not None else "-"
            print(f"{kind:26s} {s['cases']:5d} {exact:>7s} {s['recall']:7.1%} {s['cer_before']:10.2%} "
                  f"{s['cer_after']:7.2%}")
        print("precision by finding kind: " + ", ".join(f"{k} {v:.1%}" for k, v in acc["precision"].items()))
        print("clean texts unchanged: " + ", ".join(f"{k} {v}" for k, v in acc["clean_unchanged"].items()))
    tp = result.get("throughput")
    if tp:
        print(f"throughput on clean Korean ({tp['corpus_mb']} MB in {tp['documents']} documents of "
              f"~5,000 characters, {tp['unchanged']} unchanged): textfix.repair {tp['textfix_mb_s']} MB/s, "
              f"ftfy.fix_text {tp['ftfy_mb_s']} MB/s, ratio {tp['ratio']}x")
    return 0
