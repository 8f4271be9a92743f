"""A configured repairer for corpora: set up once, reused for millions of documents, picklable.

:class:`Repairer` holds an immutable :class:`~textfix.config.Config`; everything else it
needs (compiled patterns, the stages' gates, character statistics) is module state built
once per process, and the Korean language model loads only when a suspect span asks for it
(once per process).  Pickling carries the configuration alone, so the same object works
under ``multiprocessing``, ``datasets.map(num_proc=N)``, Spark, datatrove and Ray: each
worker rebuilds what it needs on first use (:meth:`Repairer.setup` does it up front).

Most clean documents never reach a stage: the gates (:mod:`textfix.gates`) show in a few
character-class scans that no stage can find anything, and the text comes back as it is.

>>> r = Repairer()
>>> r.fix("¹®ÀÚ ±úÁü Å×½ºÆ®"), r.fix("깨끗한 문장")
('문자 깨짐 테스트', '깨끗한 문장')
>>> r.repair_batch(["ㅎㅏㄴㄱㅡㄹ", None, float("nan")])[:2]
['한글', None]
>>> [(s.start, s.end, s.type, s.score > 0.5) for s in r.detect("x ¹®ÀÚ ±úÁü")]
[(2, 11, 'mojibake-cp949', True)]
>>> import pickle; pickle.loads(pickle.dumps(Repairer(min_confidence=0.8))) == Repairer(min_confidence=0.8)
True
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from textfix.config import Config
from textfix.model import Finding, Repair

__all__ = ["Repairer", "Span", "compare_with_ftfy", "finding_record", "is_missing"]


class Span(NamedTuple):
    """A scored span, as span taggers report them (dolma's ``Span(start, end, type, score)``):
    offsets into the text in code points, the rule's kind and code, its confidence, and
    whether :meth:`Repairer.repair` applies it."""

    start: int
    end: int
    type: str
    score: float
    code: str
    applied: bool


def is_missing(value: object) -> bool:
    """Whether ``value`` is a missing value that batches pass through: None, a float NaN
    (Python's or numpy's), pandas' ``NA`` and ``NaT``, a null Arrow scalar.

    >>> is_missing(None), is_missing(float("nan")), is_missing(""), is_missing(0)
    (True, True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    kind = type(value)
    if kind.__name__ in _MISSING_TYPES:
        return True
    if kind.__module__.startswith("numpy") and kind.__name__.startswith("float"):
        return math.isnan(float(value))  # type: ignore[arg-type]
    return kind.__module__.startswith("pyarrow") and getattr(value, "is_valid", True) is False


#: pandas' missing values (``pd.NA``, ``pd.NaT``), by type name (pandas is not imported for them).
_MISSING_TYPES = frozenset({"NAType", "NaTType"})


def _as_text(value: Any) -> Any:
    """An Arrow string scalar as its ``str`` (Arrow arrays iterate as scalars); anything
    else as it is."""
    if type(value).__module__.startswith("pyarrow") and hasattr(value, "as_py"):
        return value.as_py()
    return value


def _batch_of_texts(texts: Any, what: str) -> None:
    """A batch method's check that it got a batch, not one text."""
    if isinstance(texts, str | bytes):
        msg = (f"{what} takes a batch of texts (a list, a pandas Series, an Arrow array), not one "
               f"{type(texts).__name__}: use fix() for one text, and batched=True with datasets' map")
        raise TypeError(msg)


def findings_arrow_type() -> Any:
    """The Arrow type of a findings column (a list of :func:`finding_record` structs), the
    type Spark's ``textfix.spark.FINDINGS_DDL`` names; pyarrow is imported for it."""
    import pyarrow as pa

    return pa.list_(pa.struct([("rule", pa.string()), ("kind", pa.string()), ("start", pa.int32()),
                               ("end", pa.int32()), ("confidence", pa.float64()), ("message", pa.string()),
                               ("applied", pa.bool_())]))


def finding_record(f: Finding) -> dict[str, Any]:
    """A finding as a findings field holds it (JSON-ready; offsets in code points of the
    field's original value; the confidence rounded to three places).

    >>> from textfix.model import Finding
    >>> r = finding_record(Finding("TF404", "unpaired-quote", 3, 4, "lone quote", 0.4512))
    >>> r["rule"], r["start"], r["end"], r["confidence"], r["applied"]
    ('TF404', 3, 4, 0.451, False)
    """
    return {"rule": f.code, "kind": f.kind, "start": f.start, "end": f.end,
            "confidence": round(float(f.confidence), 3), "message": f.message, "applied": f.applied}


def _pipeline():
    """:mod:`textfix.pipeline`, imported on first use (importing textfix stays light) and
    kept: an import statement per document costs about a microsecond."""
    global _PIPELINE
    if _PIPELINE is None:
        from textfix import pipeline

        _PIPELINE = pipeline
    return _PIPELINE


_PIPELINE = None


class Repairer:
    """Repairs text with one configuration (``Repairer(min_confidence=0.8, ignore={"TF206"})``
    takes the keyword arguments of :func:`textfix.repair`, or ``config=Config(...)``).

    Immutable and picklable; equal when their configurations are equal.
    """

    __slots__ = ("_names", "_quiet_config", "config")

    def __init__(self, config: Config | None = None, **options: Any) -> None:
        if config is not None and not isinstance(config, Config):
            msg = (f"config must be a textfix Config (or None), got {type(config).__name__}; "
                   "options go as keywords: Repairer(min_confidence=0.8)")
            raise TypeError(msg)
        base = config if config is not None else Config()
        object.__setattr__(self, "config", base.replace(**options) if options else base)
        object.__setattr__(self, "_names", None)
        object.__setattr__(self, "_quiet_config", None)

    @property
    def _fix_config(self) -> Config:
        """The configuration ``fix`` repairs with: the same, without suggestions (nobody
        sees them, so the language model is never loaded for them) and without the work
        that can only flag (``text_only``: nobody sees the flags either)."""
        if self._quiet_config is None:
            object.__setattr__(self, "_quiet_config", self.config.replace(suggest=False, text_only=True))
        return self._quiet_config

    def __setattr__(self, name: str, value: object) -> None:
        msg = "a Repairer is immutable: make another one (Repairer(config=..., **options))"
        raise AttributeError(msg)

    def __getstate__(self) -> dict[str, Config]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Config]) -> None:
        object.__setattr__(self, "config", state["config"])
        object.__setattr__(self, "_names", None)
        object.__setattr__(self, "_quiet_config", None)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Repairer) and other.config == self.config

    def __hash__(self) -> int:
        return hash(self.config)

    def __repr__(self) -> str:
        changed = {k: v for k, v in vars_of(self.config).items() if v != vars_of(_DEFAULT)[k]}
        return "Repairer(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"

    def setup(self) -> Repairer:
        """Build this process's shared state now rather than on the first document (for a
        per-worker ``setup()`` hook): the patterns, the code pages' character models and the
        right-to-left word lists (and wordfreq's, when installed and ``word_lists`` is
        ``"auto"``: about 1 s and 110 MB, which the first Hebrew or Arabic line in doubt
        would otherwise pay), the reversal's first-join table; the language model still
        loads only when a suspect span needs it.  Returns the repairer."""
        from textfix import pipeline
        from textfix.encodings.chains import CHAINS
        from textfix.encodings.model import model
        from textfix.stages import layout, rtl

        pipeline.run("setup ¹®ÀÚ ㅎㅏㄴ", self.config)
        for lang in {"latin", *(chain.lang for chain in CHAINS.values())}:
            model(lang)
        for script in ("he", "ar"):
            rtl.word_llr("שלום" if script == "he" else "سلام", script)  # (the lexicon and its table)
            if self.config.word_lists == "auto":
                rtl.word_frequencies(script)  # (None without wordfreq)
        layout.measured_first_joins()
        return self

    # -- one document ---------------------------------------------------------------------

    def repair(self, text: str, *, reference: str | None = None) -> Repair:
        """The :class:`~textfix.model.Repair` of ``text``, as :func:`textfix.repair` gives it."""
        from textfix import _check_text, pipeline

        return pipeline.run(_check_text(text, "repair"), self.config,
                            None if reference is None else _check_text(reference, "repair"))

    def fix(self, text: str, *, reference: str | None = None) -> str:
        """The repaired text alone (``repair(text).text``); clean text is returned as it is,
        without building a :class:`~textfix.model.Repair`."""
        if type(text) is not str or (reference is not None and type(reference) is not str):
            from textfix import _check_text  # (a subclass of str passes; anything else is named)

            text = _check_text(text, "fix")
            reference = None if reference is None else _check_text(reference, "fix")
        # pipeline.run answers clean text from the gates alone, without building a Repair
        return _pipeline().repaired_text(text, self._fix_config, reference)

    __call__ = fix

    def detect(self, text: str, *, reference: str | None = None) -> list[Span]:
        """The scored spans of ``text`` (every finding, applied or not), for span taggers."""
        return [Span(f.start, f.end, f.kind, f.confidence, f.code, f.applied)
                for f in self.repair(text, reference=reference).findings]

    # -- batches --------------------------------------------------------------------------

    def repair_batch(self, texts: Any) -> Any:
        """``fix`` over ``texts``, missing values (:func:`is_missing`) passed through: a list
        for an iterable, a pandas Series (same index and name) for a Series."""
        _batch_of_texts(texts, "repair_batch")
        if _is_series(texts):  # same index, name and dtype (a category's values change: object)
            dtype = object if str(texts.dtype) == "category" else texts.dtype
            return type(texts)([self._fix_or_missing(t) for t in texts], index=texts.index, name=texts.name,
                               dtype=dtype)
        return [self._fix_or_missing(t) for t in texts]

    def detect_batch(self, texts: Iterable[Any]) -> list[list[Span] | None]:
        """``detect`` over ``texts`` (None for a missing value)."""
        _batch_of_texts(texts, "detect_batch")
        return [None if is_missing(t) else self.detect(_as_text(t)) for t in texts]

    def map_batch(self, batch: Mapping[str, list], column: str = "text", output: str | None = None,
                  findings: str | None = None) -> dict[str, list]:
        """For Hugging Face ``datasets``: ``ds.map(repairer.map_batch, batched=True, num_proc=N)``.

        Repairs ``batch[column]`` into ``output`` (default: the column itself) and, with
        ``findings``, adds that column: per row a list of finding records
        (:func:`finding_record`; None for a missing value).  Other columns are returned
        unchanged.  Pass options with ``fn_kwargs={"column": "body"}``.

        An Arrow table (``ds.with_format("arrow")``; Ray's ``batch_format="pyarrow"``) comes
        back as one, the findings column of a fixed type (:func:`findings_arrow_type`, as
        Spark's): a findings column built from Python lists takes its type from its first
        batch, and a first batch of clean rows types it as a list of nulls.
        """
        if type(batch).__name__ == "Table" and type(batch).__module__.startswith("pyarrow"):
            return self._map_arrow(batch, column, output, findings)
        if isinstance(batch, str) or not hasattr(batch, "keys"):
            msg = (f"map_batch takes a batch (columns of values), not a {type(batch).__name__}: "
                   "use datasets' map with batched=True")
            raise TypeError(msg)
        if column not in batch:
            msg = (f"the batch has no column {column!r} (it has {', '.join(map(repr, batch.keys()))}); "
                   "name it with fn_kwargs={'column': ...}")
            raise KeyError(msg)
        values = batch[column]
        _batch_of_texts(values, "map_batch")
        out = dict(batch)
        if findings is None:
            out[output or column] = [self._fix_or_missing(v) for v in values]
            return out
        out[output or column], out[findings] = self.repair_records(values)
        return out

    def _map_arrow(self, table: Any, column: str, output: str | None, findings: str | None) -> Any:
        """:meth:`map_batch` of an Arrow table."""
        import pyarrow as pa

        if column not in table.column_names:
            msg = f"the batch has no column {column!r} (it has {', '.join(map(repr, table.column_names))})"
            raise KeyError(msg)
        values = table.column(column).to_pylist()
        target = output or column
        if findings is None:
            fixed, found = [self._fix_or_missing(v) for v in values], None
        else:
            fixed, found = self.repair_records(values)
        columns = {name: table.column(name) for name in table.column_names}
        columns[target] = pa.array(fixed, type=pa.string())
        if findings is not None:
            columns[findings] = pa.array(found, type=findings_arrow_type())
        return pa.table(columns)

    def repair_records(self, values: Iterable[Any]) -> tuple[list[Any], list[list[dict] | None]]:
        """The repaired texts of ``values`` and, for each, its findings as records
        (:func:`finding_record`); a missing value stays as it is, with None for findings.

        >>> Repairer().repair_records(["ㅎㅏㄴㄱㅡㄹ", None])[0]
        ['한글', None]
        """
        repaired: list[Any] = []
        found: list[list[dict] | None] = []
        for v in values:
            if is_missing(v):
                repaired.append(v)
                found.append(None)
                continue
            r = self.repair(_as_text(v))
            repaired.append(r.text)
            found.append([finding_record(f) for f in r.findings])
        return repaired, found

    def _fix_or_missing(self, value: Any) -> Any:
        if is_missing(value):  # (an Arrow null as None: the batch is a list)
            return None if type(value).__module__.startswith("pyarrow") else value
        return self.fix(_as_text(value))


def compare_with_ftfy(docs: Sequence[str], repeat: int = 3, warm: Sequence[str] | None = None,
                      **options: Any) -> dict[str, float]:
    """Documents per second of :meth:`Repairer.fix` and of ``ftfy.fix_text`` on ``docs``, in
    this process, the two alternating so that both see the same machine; for ``textfix
    bench`` and ``benchmarks/scale.py``.  Also whether the Korean language model was loaded
    by the end (clean documents never load it).

    Both are warmed up first (lazy tables, caches) on ``warm``, by default the first 100 of
    ``docs``, which are then not timed.  The first pass over the timed documents is each
    one's first sight (``*_first_docs_per_s``, ``first_ratio``): textfix remembers the words
    and lines it has read, so the best of ``repeat`` passes (``*_docs_per_s``, ``ratio``)
    is what a corpus that repeats itself costs, and the first pass what new text costs."""
    import time

    import ftfy

    if warm is None:
        warm, docs = docs[:100], docs[100:] if len(docs) > 100 else docs
    repairer = Repairer(**options).setup()
    for d in warm:
        repairer.fix(d)
        ftfy.fix_text(d)
    best = {"textfix": float("inf"), "ftfy": float("inf")}
    first: dict[str, float] = {}
    for _ in range(max(1, repeat)):
        for name, fn in (("ftfy", ftfy.fix_text), ("textfix", repairer.fix)):
            start = time.perf_counter()
            for d in docs:
                fn(d)
            took = time.perf_counter() - start
            first.setdefault(name, took)
            best[name] = min(best[name], took)
    kiwi = sys.modules.get("textfix.scoring.kiwi")
    loaded = bool(kiwi is not None and kiwi._kiwi.cache_info().currsize)
    n = len(docs)
    return {"docs": float(n), "chars": float(sum(map(len, docs))),
            "textfix_docs_per_s": n / best["textfix"], "ftfy_docs_per_s": n / best["ftfy"],
            "ratio": best["ftfy"] / best["textfix"],
            "textfix_first_docs_per_s": n / first["textfix"], "ftfy_first_docs_per_s": n / first["ftfy"],
            "first_ratio": first["ftfy"] / first["textfix"], "kiwi_loaded": float(loaded)}


def _is_series(value: object) -> bool:
    """A pandas Series (duck-typed: pandas is not imported for it)."""
    return type(value).__name__ == "Series" and type(value).__module__.startswith("pandas")


def vars_of(config: Config) -> dict[str, Any]:
    """A configuration's fields by name."""
    from dataclasses import fields

    return {f.name: getattr(config, f.name) for f in fields(config)}


_DEFAULT = Config()
