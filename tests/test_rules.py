"""The rule registry is the source of truth: every rule's example does what its entry
says, stages emit nothing the registry does not declare, and the docs follow it."""

import re

import pytest
from conftest import ROOT

import textfix
from textfix import rules
from textfix.model import Applicability
from textfix.rules import RULES


@pytest.mark.parametrize("code", list(RULES))
def test_the_rules_example_is_what_repair_does(code):
    rule = RULES[code]
    before, after = rule.example
    r = textfix.repair(before, scorer="builtin", preset="ftfy" if rule.family == "preset" else "default")
    found = [f for f in r.findings if f.code == code]
    assert found, f"{code}'s example raises no {code} finding: {[f.code for f in r.findings]}"
    assert r.text == after
    for f in found:
        assert f.kind == rule.kind
        assert f.applicability in rule.fixes
        if f.applied:
            assert before != after and f.applicability is not Applicability.FLAG


def test_every_finding_on_the_corpus_is_declared_by_its_rule():
    import json

    seen = set()
    texts = [json.loads(line)["broken"] for line in (ROOT / "corpus_broken" / "cases.jsonl").open(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "corpus_broken" / "seeds").glob("*.txt")]
    for text in texts[::7]:
        for f in textfix.detect(text, scorer="builtin"):
            rule = RULES[f.code]
            assert f.kind == rule.kind and f.applicability in rule.fixes, f
            assert f.is_flag == (f.applicability is Applicability.FLAG)
            seen.add(f.code)
    assert len(seen) >= 12


def test_a_stage_cannot_emit_what_its_rule_does_not_declare():
    with pytest.raises(ValueError, match="declares flag"):
        RULES["TF404"].detect(0, 1, "lone quote", 0.9, (textfix.Edit(0, 0, "‘"),))


def test_readme_rules_table_is_generated_from_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules.markdown_table() in readme, "README's rules table drifted: run scripts/sync_readme.py"


def test_rule_doc_has_every_part():
    doc = RULES["TF301"].doc()
    for part in ("TF301 reversed-runs", "What:", "Why:", "Example:", "Never:", "Confidence:"):
        assert part in doc
    assert RULES["TF301"].example[0] in doc


def test_lookup_names_rules_by_code_prefix_and_kind():
    assert [r.code for r in rules.lookup("TF10")] == ["TF101", "TF102", "TF103", "TF104", "TF105", "TF106"]
    assert rules.lookup("unpaired-quote") == [RULES["TF404"]]
    assert rules.lookup("TF999") == [] and rules.lookup("nonsense") == []
    assert all(re.fullmatch("TF[0-9]{3}", c) for c in RULES)
