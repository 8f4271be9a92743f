"""Doubling the input at most doubles the work: counted in steps, not timed.

The work counter (:func:`steps`) installs a ``sys.setprofile`` callback during
``textfix.repair(text, reference=..., scorer="builtin")`` and counts two kinds of event:

- ``call``: every Python-level function call, including each resumption of a generator
  or generator expression (``all(x for x in run)`` counts one step per element);
- ``c_call``: every call of a C function or method (``str.find``, ``Pattern.search``,
  ``len``, ``list.append``, ``dict.get``, ``unicodedata.name`` ...).

What it does not see:

- the cost *inside* one C call: ``text.find(x)``, ``text.rfind("(", 0, i)``,
  ``pattern.search(text)``, ``pattern.sub("", line)`` or ``text.count(c)`` count one step
  whatever length they scan, so a C call repeated per item over the whole text (an
  ``rfind`` per match, a regex whose backtracking rescans the line from every ``{``) is
  quadratic in time but linear in steps.  Such paths show only in
  ``benchmarks/adversarial.py`` (timed);
- operators and indexing that make no call (``a == b`` on strings, ``(x,) * k``, slicing,
  ``s[i:j][::-1]``, ``while old[p] == new[p]``): a Python loop is seen through the calls it
  makes, and a loop that makes none is invisible;
- anything in C extensions below their entry point (ftfy's helpers are Python and are
  counted; python-bidi's ``get_display`` and kiwi are one step each).

So a failure here is certain (the Python-level work really grows faster than the input),
and a pass is necessary, not sufficient: the benchmark's timings are the other half.

The bound: work = fixed + linear (+ any superlinear part).  Fixed costs (warm caches,
per-repair setup, budgets that cap a search) make small inputs look *sub*linear:
``(a + 2bn) / (a + bn) <= 2`` for every ``a >= 0``; nothing linear ever exceeds 2.  2.3
leaves room for sorting the findings (n log n: ``2 * (1 + 1 / log2 n)`` is about 2.15 at
these sizes) and for the generators' rounding (a piece more or less), while a quadratic
part that is 15% of the work at ``n`` already gives ``2 * 0.85 + 4 * 0.15 = 2.3``.

The generators are the benchmark's (``benchmarks/adversarial.py``, their one home), kept
small here (2 to 20 KB) so that each test takes a few seconds under the counter.  On a
failure the message names the functions whose calls grew most beyond double: that is the
path to fix.  Run::

    .venv/bin/pytest tests/test_linear.py -q
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

import textfix

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from adversarial import CASES

MAX_GROWTH = 2.3
DEFAULT_SIZE = 5_000
#: Per-case n (bytes), where the default would take too long under the counter or is too
#: small to leave the fixed costs behind.
SIZES = {
    "bidi-overrides-in-rtl-one-line": 1_000,
    "rtl-visual-long-neutral-run": 1_000,
    "rtl-visual-neutral-run-mixed": 500,
    "damaged-korean-document": 8_000,
    "suppress-ignore-file-many": 3_000,
    "dropped-run-signal-lines": 4_000,
    "signals-spread-one-line": 20_000,
    "damaged-korean-one-line": 8_000,
    "reversed-signature-lines": 4_000,
    "glued-stops-no-spaces": 2_000,
    "sentence-signatures-dense": 2_000,
    "reversed-sentences-one-line": 4_000,
    "reference-seed": 8_000,
    "reference-synthetic-lines": 8_000,
    "reference-one-line": 8_000,
    "reference-disjoint-prefix": 8_000,
    "clean-korean-one-string": 10_000,
    "clean-korean-one-line": 10_000,
    "synthetic-korean-document": 10_000,
    "english-document": 10_000,
    "english-one-line": 10_000,
    "prose-one-line": 10_000,
    "long-line-no-spaces": 10_000,
}


def _counting(text: str, reference: str | None, on_call, on_line) -> None:
    """Run one repair with ``on_call(frame, event, arg)`` as the profile hook and
    ``on_line()`` called for every line event; the previous hooks are restored after."""
    def tracer(frame, event, arg):
        if event == "line":
            on_line()
        return tracer

    def global_tracer(frame, event, arg):
        return tracer

    old_profile, old_trace = sys.getprofile(), sys.gettrace()
    sys.setprofile(on_call)
    sys.settrace(global_tracer)
    try:
        textfix.repair(text, reference=reference, scorer="builtin")
    finally:
        sys.settrace(old_trace)
        sys.setprofile(old_profile)


def steps(text: str, reference: str | None = None) -> int:
    """Python calls, C calls and Python line events of one repair (see the module docstring)."""
    n = 0

    def on_call(frame, event, arg):
        nonlocal n
        if event in {"call", "c_call"}:
            n += 1

    def on_line():
        nonlocal n
        n += 1

    _counting(text, reference, on_call, on_line)
    return n


def steps_by_function(text: str, reference: str | None = None) -> Counter:
    """The same count, per function (slower: only for the failure message)."""
    counts: Counter = Counter()

    def where(code) -> str:
        return f"{Path(code.co_filename).name}:{code.co_firstlineno} {code.co_qualname}"

    def on_call(frame, event, arg):
        if event == "call":
            counts[where(frame.f_code)] += 1
        elif event == "c_call":  # the C function, and the Python line that called it
            counts[f"{getattr(arg, '__qualname__', arg)} (C) from {where(frame.f_code)}"
                   f" line {frame.f_lineno}"] += 1

    def on_line():
        frame = sys._getframe(2)  # the traced frame: on_line <- tracer <- frame
        counts[f"lines of {where(frame.f_code)} line {frame.f_lineno}"] += 1

    _counting(text, reference, on_call, on_line)
    return counts


def _excess(small: tuple[str, str | None], large: tuple[str, str | None], top: int = 8) -> str:
    a, b = steps_by_function(*small), steps_by_function(*large)
    excess = sorted(((b[k] - 2 * a.get(k, 0), k) for k in b), reverse=True)[:top]
    return "\n".join(f"  {d:+10d}  {k}  ({a.get(k, 0)} -> {b[k]})" for d, k in excess if d > 0)


def _size(text: str, reference: str | None) -> int:
    return len(text.encode("utf-8")) + len((reference or "").encode("utf-8"))


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.test])
def test_doubling_the_input_at_most_doubles_the_work(name: str) -> None:
    make = CASES[name].make
    n = SIZES.get(name, DEFAULT_SIZE)
    small, large = make(n), make(2 * n)
    size_ratio = _size(*large) / _size(*small)
    assert 1.7 <= size_ratio <= 2.4, f"the generator does not double: {size_ratio:.2f}"
    textfix.repair(small[0], reference=small[1], scorer="builtin")  # warm caches and imports
    s, t = steps(*small), steps(*large)
    growth = t / s
    # normalised to an exact doubling of the input (the generators round to whole pieces)
    bound = MAX_GROWTH * size_ratio / 2
    assert growth <= bound, (
        f"{name}: {_size(*small)} -> {_size(*large)} bytes took {s} -> {t} steps "
        f"(x{growth:.2f}, bound x{bound:.2f}); calls that grew most beyond double:\n"
        + _excess(small, large)
    )


def test_the_counter_sees_quadratic_python_work() -> None:
    """The counter itself: a Python-level quadratic loop fails the bound, a linear one passes."""
    def quadratic(text: str) -> None:
        for i in range(len(text)):
            any(c == "x" for c in text[i:])

    def counted(fn, arg) -> int:
        n = 0

        def count(frame, event, a):
            nonlocal n
            n += event in ("call", "c_call")

        sys.setprofile(count)
        try:
            fn(arg)
        finally:
            sys.setprofile(None)
        return n

    assert counted(quadratic, "a" * 200) / counted(quadratic, "a" * 100) > 3.5
    assert counted(lambda t: [c.isalpha() for c in t], "a" * 200) / counted(
        lambda t: [c.isalpha() for c in t], "a" * 100) <= MAX_GROWTH
