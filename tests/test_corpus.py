"""The public benchmark in corpus_broken/ holds the targets the issues set."""

import json
from pathlib import Path

import pytest
from conftest import require_kiwi

from textfix.bench import accuracy, load_cases

CORPUS = Path(__file__).resolve().parent.parent / "corpus_broken"


@pytest.fixture(scope="module", params=["builtin", "kiwi"])
def result(request):
    """The targets hold with the built-in scorer, and with kiwi (textfix[korean]) too."""
    if request.param == "kiwi":
        require_kiwi()
    cases = load_cases(CORPUS)
    assert len(cases) > 2000
    return accuracy(cases, scorer=request.param)


def test_reversed_runs_recall(result):
    kinds = result["kinds"]
    assert kinds["reversed-runs-paragraph"]["recall"] >= 0.98
    assert kinds["reversed-runs-sentence"]["recall"] >= 0.90
    # A whole line applies by default only where its reversal reads clean (a number read two
    # ways, a Latin word cut, or markup with shapes left is a suggestion: 0.86-0.90 right on
    # the open-world tune damage), and where the space put back at its first join is of a
    # class measured sure or not measured wrong (textfix/data/first_joins.json: 1-2% wrong
    # on clean catalogue lines for ``AI 시대``/``합성synthesis`` and the like, so these are
    # suggestions, 0.71 exact here); the rest are suggestions, so exact is below recall.
    assert kinds["reversed-runs-paragraph"]["exact"] >= 0.70


def test_clean_texts_are_unchanged_in_every_language(result):
    for lang, ratio in result["clean_unchanged"].items():
        ok, n = map(int, ratio.split("/"))
        assert ok == n, (lang, ratio)
    assert set(result["clean_unchanged"]) >= {"ko", "he", "ar", "en"}


def test_no_false_positives_of_the_layout_and_dropped_rules(result):
    for kind in ("reversed-runs", "visual-rtl", "dropped-run", "missing-opening-quote", "mojibake-cp949"):
        assert result["precision"].get(kind, 1.0) == 1.0, kind


def test_dropped_text_is_found_and_restored_with_a_reference(result):
    kinds = result["kinds"]
    dropped = ("dropped-quote", "dropped-run", "empty-brackets", "separator-run")
    found = sum(kinds[k]["recall"] * kinds[k]["cases"] for k in dropped)
    assert found / sum(kinds[k]["cases"] for k in dropped) >= 0.90
    assert kinds["dropped-quote"]["exact"] == 1.0
    assert kinds["dropped-run"]["exact"] == 1.0


def test_lossless_damage_is_undone(result):
    for kind in ("mojibake", "hangul-nfd", "invisible-in-word", "bidi-control", "hangul-jamo-spelled"):
        assert result["kinds"][kind]["exact"] == 1.0, kind
    assert result["kinds"]["mojibake-cp949"]["exact"] >= 0.98


def test_every_case_says_where_it_comes_from():
    for line in (CORPUS / "cases.jsonl").open(encoding="utf-8"):
        c = json.loads(line)
        assert c["provenance"] and c["expect"] in ("exact", "flag", "unchanged")
