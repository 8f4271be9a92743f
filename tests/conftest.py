import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEXTFIX_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path in the external conformance data; skip (or fail under CI) when absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        reason = f"external conformance data not found: {p} (set TEXTFIX_SHARED)"
        if os.environ.get("TEXTFIX_REQUIRE_ANCHORS"):
            pytest.fail(reason)
        pytest.skip(reason)
    return p


def require_kiwi() -> None:
    """Skip (or fail when ``TEXTFIX_REQUIRE_KIWI`` is set, as in CI) without kiwipiepy."""
    from textfix.scoring import kiwi

    if not kiwi.available():
        if os.environ.get("TEXTFIX_REQUIRE_KIWI"):
            pytest.fail("kiwipiepy is not installed (pip install '.[korean]')")
        pytest.skip("kiwipiepy is not installed (pip install '.[korean]')")


def require_wordfreq() -> None:
    """Skip (or fail under CI, whose install has every extra) without wordfreq."""
    from textfix.stages import rtl

    if not rtl.has_word_frequencies():
        reason = "wordfreq is not installed (pip install '.[rtl]')"
        if os.environ.get("TEXTFIX_REQUIRE_KIWI") or os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


# CI runs the same examples every time (a red CI then means a change broke something);
# local runs draw new ones and may find new counterexamples.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None)
# an hour of fuzzing, run by hand: pytest --hypothesis-profile long tests/test_fuzz.py
settings.register_profile("long", max_examples=250_000, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
