"""A confidence is a measured precision: each rule that applies fixes by default must keep
the precision the registry publishes (``textfix.rules.CALIBRATION``) on ``corpus_broken/``,
and every rule that applies a fix on that corpus must be calibrated."""

import json
from collections import Counter

import pytest
from conftest import ROOT

import textfix
from textfix.rules import CALIBRATION, RULES

#: Below the published figure by at most this much (rounding of the published figure).
TOLERANCE = 0.001


@pytest.fixture(scope="module")
def corpus_precision() -> dict[str, tuple[int, float]]:
    applied, right = Counter(), Counter()
    for line in (ROOT / "corpus_broken" / "cases.jsonl").open(encoding="utf-8"):
        case = json.loads(line)
        r = textfix.repair(case["broken"], reference=case.get("reference"), scorer="builtin")
        exact = r.text == case["gold"]
        for f in r.applied:
            applied[f.code] += 1
            right[f.code] += exact
    return {code: (n, right[code] / n) for code, n in applied.items()}


def test_every_rule_that_applies_fixes_is_calibrated(corpus_precision):
    assert set(corpus_precision) <= set(CALIBRATION), set(corpus_precision) - set(CALIBRATION)
    for code in CALIBRATION:
        assert RULES[code].fixes[0].value in ("safe", "guess")


@pytest.mark.parametrize("code", list(CALIBRATION))
def test_measured_precision_does_not_drop_below_the_published_one(code, corpus_precision):
    published = CALIBRATION[code].corpus
    n, precision = corpus_precision.get(code, (0, 1.0))
    assert n >= published.applied * 0.9, f"{code} applied {n} times, published {published.applied}"
    assert precision >= published.precision - TOLERANCE, f"{code}: {precision:.4f} < {published.precision}"


def test_readme_publishes_the_calibration_table():
    from textfix.rules import calibration_table

    assert calibration_table() in (ROOT / "README.md").read_text(encoding="utf-8")
