import re

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import korean_sentence

import textfix


def test_in_document_copy_restores_short_dropped_runs():
    intact = "[기자] 박주민 의원(서울 은평갑, 3선)이 21일 ‘서울 한강 AI’ 구상을 발표했다. 서울의 대학이..."
    damaged = "박주민 의원(서울 은평갑, 3)21서울 한강 AI’ 구상을 발표했다. 서울의 대학이 참여한다."
    r = textfix.repair(f"{damaged}\n\n{intact}")
    assert r.text.split("\n")[0] == "박주민 의원(서울 은평갑, 3선)이 21일 ‘서울 한강 AI’ 구상을 발표했다. 서울의 대학이 참여한다."
    assert {f.code for f in r.applied} == {"TF401"}


def test_missing_opening_quote_restored_from_a_quoted_copy_and_from_recurrence():
    text = ("그는 ‘서울 한강 AI’를 말했다.\n"
            "시는 서울 한강 AI’ 모델을 만든다.\n"
            "미국의 뉴욕 엠파이어 AI’를 넘는다. 뉴욕 엠파이어 AI 사업은 크다.")
    out = textfix.repair(text).text.split("\n")
    assert out[1] == "시는 ‘서울 한강 AI’ 모델을 만든다."
    assert out[2] == "미국의 ‘뉴욕 엠파이어 AI’를 넘는다. 뉴욕 엠파이어 AI 사업은 크다."


def test_mis_oriented_opening_quote():
    assert textfix.repair("정부의 ’K-방산 육성’ 과제").text == "정부의 ‘K-방산 육성’ 과제"
    assert textfix.repair("정부의 ’K-방산 육성 과제").text == "정부의 ‘K-방산 육성 과제"


def test_flags_without_evidence_change_nothing():
    text = "미국 최초 주() 정부가 초···대학을 지원하고 (WeGO)‘WeGO AI’로 바꾼다. 서울 한강 AIAI시대 유산”"
    r = textfix.repair(text)
    assert r.text == text
    kinds = {f.kind for f in r.findings}
    assert {"empty-brackets", "separator-run", "doubled-token", "missing-particle", "unpaired-quote"} <= kinds
    assert all(not f.applied for f in r.findings)


def test_apostrophes_code_and_markup_are_not_quotes():
    for clean in ["don’t stop", "<a href=\"x\">링크</a>", "함수 f() 호출", "`'a'` 문자", "5'10\" 키"]:
        assert textfix.repair(clean).text == clean


QUOTES = [("‘", "’"), ("“", "”"), ("「", "」")]


@st.composite
def quoted_text(draw):
    o, c = draw(st.sampled_from(QUOTES))
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        s = draw(korean_sentence())
        words = s.split(" ")
        k = draw(st.integers(0, max(0, len(words) - 2)))
        words[k] = f"{o}{words[k]}{c}"
        parts.append(" ".join(words))
    return " ".join(parts)


@settings(max_examples=80, deadline=None)
@given(quoted_text(), st.data())
def test_dropped_opening_quotes_come_back_from_a_reference(x, data):
    openers = [m.start() for m in re.finditer("[‘“「]", x)]
    drop = data.draw(st.sampled_from(openers))
    damaged = x[:drop] + x[drop + 1:]
    r = textfix.repair(damaged, reference=x)
    assert r.text == x


@settings(max_examples=80, deadline=None)
@given(quoted_text())
def test_nothing_is_restored_without_evidence_and_clean_text_stays(x):
    assert textfix.repair(x).text == x
    damaged = re.sub("[‘“「]", "", x, count=1)
    r = textfix.repair(damaged)
    for f in r.applied:  # anything applied must rest on evidence inside the document
        assert f.code in ("TF403", "TF401") and ("document" in f.message)


def test_seed_page_is_repaired_as_the_gold_says():
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "corpus_broken" / "seeds"
    broken = (seeds / "003_da324db061911ce7.txt").read_text("utf-8").split("\n")
    gold = (seeds / "003_da324db061911ce7.gold.txt").read_text("utf-8").split("\n")
    out = textfix.repair("\n".join(broken)).text.split("\n")
    for n in (33, 41, 98):
        assert out[n - 1] == gold[n - 1]
    assert out[50] in (gold[50], gold[50].replace("AI는 AI", "AIAI"))
    assert out[34] == gold[34].replace("주(州)", "주()")
    assert out[42] == gold[42].replace("(WeGO)를 ‘", "(WeGO)‘")
    changed = {i + 1 for i, (a, b) in enumerate(zip(out, broken, strict=False)) if a != b}
    assert changed == {33, 35, 41, 43, 51, 98}


def test_seed_check_tool():
    import subprocess
    import sys

    from conftest import shared_path

    tool = shared_path("tools", "seed_check.py")
    out = subprocess.run([sys.executable, str(tool)], capture_output=True, text=True, timeout=300)
    assert out.stdout.strip().splitlines()[-1].endswith(" 0 failed"), out.stdout[-2000:]


def test_language_model_suggests_a_particle_where_one_was_lost():
    import os

    import pytest

    from textfix.scoring import kiwi

    if not kiwi.available():
        if os.environ.get("TEXTFIX_REQUIRE_KIWI"):
            pytest.fail("kiwipiepy is not installed")
        pytest.skip("kiwipiepy is not installed (pip install '.[korean]')")
    text = "서울 한강 AIAI시대의 서울을 새롭게 열어갈 것이다."
    r = textfix.repair(text, scorer="kiwi")
    assert r.text == text  # a suggestion, not applied by default
    (f,) = [f for f in r.findings if f.kind == "doubled-token"]
    assert f.edits and f.after.startswith("AI") and f.after.endswith("AI") and len(f.after) > 4
    assert not f.applied and f.confidence < 0.5
    assert textfix.repair(text, scorer="builtin").findings[0].is_flag


@settings(max_examples=80, deadline=None)
@given(quoted_text(), st.data())
def test_dropped_short_runs_come_back_from_a_reference(x, data):
    from textfix.stages.layout import tokenize

    toks = tokenize(x)
    short = [k for k, t in enumerate(toks[1:-1], 1) if 1 <= len(t.text.strip()) <= 3]
    if not short:
        return
    k = data.draw(st.sampled_from(short))
    start = sum(len(t.text) for t in toks[:k])
    damaged = x[:start] + x[start + len(toks[k].text):]
    assert textfix.repair(damaged, reference=x).text == x


@settings(max_examples=80, deadline=None)
@given(quoted_text(), st.data())
def test_a_repair_never_changes_text_outside_its_findings(x, data):
    openers = [m.start() for m in re.finditer("[‘“「]", x)]
    drop = data.draw(st.sampled_from(openers))
    damaged = x[:drop] + x[drop + 1:] + "\n" + x  # evidence in the same document
    r = textfix.repair(damaged)
    for e in r.edits:
        assert any(f.applied and f.start <= e.start and e.end <= f.end for f in r.findings), e
