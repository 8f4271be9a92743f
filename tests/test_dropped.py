import json
import re
from pathlib import Path

import pytest
from conftest import require_kiwi
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


def test_a_quote_opened_gnu_style_by_a_backtick_is_not_missing_its_opener():
    # `like this' (GNU and TeX messages): the backtick opens, even where the same phrase
    # is quoted 'like this' elsewhere in the document
    text = "명령은 'popd -0'과 같습니다.\n예를 들어 `popd -0' 명령은 마지막 항목을 제거합니다."
    r = textfix.repair(text)
    assert r.text == text and not r.findings
    # without the backtick the opener was lost, and the copy brings it back
    assert textfix.repair(text.replace("`", "")).text.endswith("예를 들어 'popd -0' 명령은 마지막 항목을 제거합니다.")


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
    require_kiwi()
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


# --- issue 12: quote orientation in every pair, flags for dropped counters and particles ---

def between(text: str, broken: str, gold: str) -> bool:
    """Whether each quote of ``text`` is as ``broken`` or as ``gold`` has it: the default
    turns a quote right, or leaves it (with a suggestion); never a third way."""
    return len(text) == len(broken) == len(gold) and all(t in (b, g) for t, b, g in zip(text, broken, gold, strict=True))


def suggested(broken: str, gold: str) -> None:
    """The default leaves ``broken`` as it is, with TF402 suggestions that give ``gold``."""
    r = textfix.repair(broken)
    assert r.text == broken and r.findings and not r.applied
    assert {f.code for f in r.findings} == {"TF402"}
    assert r.choose(accept=list(range(len(r.findings)))).text == gold, broken
    assert textfix.repair(broken, min_confidence=0.85).text == gold


def test_the_long_standing_turn_applies():
    assert textfix.repair("정부는 ’K-방산 수출’이 늘었다.").text == "정부는 ‘K-방산 수출’이 늘었다."
    assert textfix.repair("’서울 한강 AI’를 발표했다.").text == "‘서울 한강 AI’를 발표했다."


def test_an_opening_quote_that_closes_before_a_quotative_ending_is_suggested():
    suggested("그는 “좋은 결과가 있다“며 웃었다.", "그는 “좋은 결과가 있다”며 웃었다.")
    suggested("‘서울 한강 AI‘를 발표했다.", "‘서울 한강 AI’를 발표했다.")
    suggested("“끝났다.“ 그는 말했다.", "“끝났다.” 그는 말했다.")


def test_a_closing_quote_before_a_number_opens_when_its_partner_closes():
    suggested("통계청은 ’2025년 인구주택총조사’ 결과를 발표했다.", "통계청은 ‘2025년 인구주택총조사’ 결과를 발표했다.")
    suggested("정부는 ’25년 예산안’을 냈다.", "정부는 ‘25년 예산안’을 냈다.")
    suggested("”%1” 파일을 지웠습니다.", "“%1” 파일을 지웠습니다.")


def test_every_pair_style_and_both_quotes_turned():
    for o, c in (("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』")):
        gold = f"이 법은 {o}국가재정법{c}에 따라 {o}예산이 늘었다{c}며 시행한다."
        for broken in (gold.replace(o, c, 1), gold.replace(c, o)[::-1].replace(o, c, 1)[::-1],
                       f"이 법은 {c}국가재정법{o}에 따라 {o}예산이 늘었다{c}며 시행한다."):
            assert between(textfix.repair(broken).text, broken, gold), broken
            assert textfix.repair(broken, min_confidence=0.85).text == gold, broken


def test_elided_years_apostrophes_and_other_conventions_stay():
    for clean in ("○  ’10. 11 외교부,  기획재정부 협의 ○  ’10. 12 국무회의",
                  "’88 서울올림픽은 ‘평화’를 말했다.",
                  "rock ’n’ roll", "Han sa ”hej” till mig.", "그는 “이번엔 ‘좋다’고” 말했다.",
                  "문서 “안내”와 「약관」, 『토지』를 읽었다."):
        r = textfix.repair(clean)
        assert r.text == clean, clean
        assert all(f.confidence < 0.5 for f in r.findings), (clean, r.findings)


def test_bare_numbers_and_glued_acronyms_are_flagged_not_changed():
    examples = ["작가 30 이 참여했다.", "만 65 이상 어르신에게 지급한다.", "전년(44)보다 늘었다.",
                "사업은 2027 이후 추진한다.", "정부는 3 전략산업을 육성한다.", "52 2천여 명이 모였다.",
                "19 도쿄돔에서 공연한다.", "OECD올해 성장률 전망을 낮췄다."]
    for text in examples:
        r = textfix.repair(text, scorer="builtin")
        assert r.text == text
        kinds = {f.kind for f in r.findings}
        assert kinds & {"dropped-counter", "dropped-particle"}, text
        assert all(f.confidence < 0.5 and f.is_flag for f in r.findings), text
    r = textfix.repair("만 65 이상 어르신, OECD올해", scorer="builtin")
    assert sorted(f.confidence for f in r.findings) == [0.45, 0.45]


def test_counted_numbers_names_and_versions_are_not_flagged():
    for clean in ("작가 30 명이 참여했다.", "만 65세 이상 어르신", "Python 3 이상이 필요합니다.",
                  "국회재적의원 3분의 1 이상의 찬성", "GNU GPL 버전 3 이상", "부적절한 0 길이 파일 이름",
                  "OECD는 올해 전망을 낮췄다.", "URL로도 접근할 수 없습니다.", "2010. 11. 9 국무회의"):
        kinds = {f.kind for f in textfix.repair(clean, scorer="builtin").findings}
        assert not kinds & {"dropped-counter", "dropped-particle"}, clean


def test_the_language_model_suggests_a_counter_and_a_particle():
    require_kiwi()
    text = "만 65 이상 어르신에게 지급하고, OECD올해 전망을 낮췄다."
    r = textfix.repair(text, scorer="kiwi")
    assert r.text == text  # suggestions, not applied by default
    found = {f.kind: f for f in r.findings}
    counter, particle = found["dropped-counter"], found["dropped-particle"]
    assert counter.edits and counter.after.startswith("65") and len(counter.after) > len(counter.before)
    assert particle.edits and particle.after.startswith("OECD") and " " in particle.after
    assert max(counter.confidence, particle.confidence) < 0.5
    applied = textfix.repair(text, scorer="kiwi", min_confidence=0.4).text
    assert re.match("만 65[가-힣]+ 이상 어르신에게 지급하고, OECD[가-힣]+ 올해", applied), applied


def test_the_dropped_corpus_meets_the_issue_targets_on_its_report_split():
    from textfix.bench import accuracy, load_cases

    corpus = Path(__file__).resolve().parent.parent / "corpus_broken"
    cases = [c for c in load_cases(corpus, "report") if c["kind"] in
             ("misoriented-quote", "dropped-counter", "dropped-particle")]
    assert {c["split"] for c in cases} == {"report"} and len(cases) > 250
    kinds = accuracy(cases, scorer="builtin")["kinds"]
    assert kinds["misoriented-quote"]["recall"] >= 0.95
    quotes = [c for c in cases if c["kind"] == "misoriented-quote"]
    taken = sum(textfix.repair(c["broken"], scorer="builtin", min_confidence=0.85).text == c["gold"] for c in quotes)
    assert taken / len(quotes) >= 0.95  # the suggestions, taken, are right
    assert kinds["dropped-counter"]["recall"] >= 0.8
    assert kinds["dropped-particle"]["recall"] >= 0.8


def test_the_flags_stay_below_half_on_the_clean_anchors():
    from conftest import shared_path

    folder = shared_path("anchors", "korean-clean")
    texts = [p.read_text("utf-8") for p in sorted(folder.rglob("*.txt")) if "cpython-cjkencodings" not in p.parts]
    texts += [json.loads(line)["ko"] for p in sorted(folder.glob("*.jsonl")) for line in p.open(encoding="utf-8")]
    for text in texts:
        for f in textfix.detect(text, scorer="builtin"):
            assert f.confidence < 0.5 or f.code not in ("TF402", "TF412", "TF413"), (f, text[f.start - 20:f.end + 20])


@st.composite
def quoted_korean(draw):
    """Korean sentences with a quotation in one of the four pair styles."""
    o, c = draw(st.sampled_from([("‘", "’"), ("“", "”"), ("「", "」"), ("『", "』")]))
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        words = draw(korean_sentence()).split(" ")
        k = draw(st.integers(0, max(0, len(words) - 2)))
        j = draw(st.integers(k, max(k, len(words) - 2)))
        words[k] = o + words[k]
        words[j] = words[j] + c
        parts.append(" ".join(words))
    return " ".join(parts)


@settings(max_examples=120, deadline=None)
@given(quoted_korean(), st.data())
def test_a_misoriented_quote_comes_back_and_clean_quotes_stay(x, data):
    import random

    from textfix.damage.dropped import misorient_quote

    assert textfix.repair(x, scorer="builtin").text == x
    broken, (a, b) = misorient_quote(x, random.Random(data.draw(st.integers(0, 2**16))))
    assert len(broken) == len(x) and 1 <= sum(p != q for p, q in zip(broken, x, strict=True)) <= 2
    assert between(textfix.repair(broken, scorer="builtin").text, broken, x)  # or left with a suggestion
    r = textfix.repair(broken, scorer="builtin", min_confidence=0.85)
    assert r.text == x
    assert all(a <= f.start < b for f in r.applied)


COUNTED = ["년", "명", "개", "세", "대", "건", "월", "일", "개국", "억원"]


@st.composite
def counted_sentence(draw):
    """A Korean sentence with a number and its counter, followed by a word or a particle."""
    words = draw(korean_sentence()).split(" ")
    number = str(draw(st.integers(1, 2030)))
    counter = draw(st.sampled_from(COUNTED))
    after = draw(st.sampled_from(["이상", "이후", "만에", "이", "을", "의"]))
    # after a Korean word (after a Latin one, a number is a name or a version: Python 3)
    k = draw(st.sampled_from([i for i in range(1, len(words)) if re.search("[가-힣]$", words[i - 1])]))
    glued = after in ("이", "을", "의")
    words.insert(k, f"{number}{counter}{after}" if glued else f"{number}{counter} {after}")
    return " ".join(words)


@settings(max_examples=120, deadline=None)
@given(counted_sentence(), st.data())
def test_a_dropped_counter_is_flagged_and_nothing_changes(x, data):
    import random

    from textfix.damage.dropped import drop_counter

    found = drop_counter(x, random.Random(data.draw(st.integers(0, 2**16))))
    assert found is not None
    broken, (a, b) = found
    r = textfix.repair(broken, scorer="builtin")
    assert r.text == broken
    hits = [f for f in r.findings if f.kind in ("dropped-counter", "glued-number") and f.start <= b and f.end >= a]
    assert hits and all(f.confidence < 0.5 for f in r.findings)


@settings(max_examples=80, deadline=None)
@given(korean_sentence(), st.sampled_from(["OECD", "API", "URL", "EPUB3", "K-POP"]),
       st.sampled_from(["는", "를", "의", "와", "에서", "로"]))
def test_a_particle_dropped_after_capitals_is_flagged(x, latin, particle):
    from hypothesis import assume

    from textfix.damage.dropped import drop_particle_at, latin_particles
    from textfix.stages.dropped.counters import is_ending_chain

    words = x.split(" ")
    assume(re.match("[가-힣]+", words[1]) and not is_ending_chain(re.match("[가-힣]+", words[1]).group()))
    gold = " ".join([words[0], f"{latin}{particle}", *words[1:]])
    broken, (a, b) = drop_particle_at(gold, latin_particles(gold)[0])
    assert broken == gold.replace(f"{latin}{particle} ", latin, 1)
    r = textfix.repair(broken, scorer="builtin")
    assert r.text == broken
    assert any(f.kind == "dropped-particle" and f.start <= b and f.end >= a for f in r.findings)
    assert not [f for f in textfix.repair(gold, scorer="builtin").findings if f.kind == "dropped-particle"
                and f.start <= b and f.end >= a]


def test_hostile_runs_of_endings_and_quotes_finish():
    from textfix.stages.dropped.counters import counter_flags, is_ending_chain, particle_flags

    assert not is_ending_chain("이나" * 5000 + "X")
    text = "3 " + "이나" * 5000 + " OECD" + "이나" * 5000 + "다"
    assert counter_flags(text) and particle_flags(text)
    line = "’12 " * 3000 + "“있다“며 " * 3000
    assert textfix.repair(line, scorer="builtin", min_confidence=0.85).text.count("”며") == 3000


@pytest.mark.parametrize("line", ["重复(_P)“%s”", "复制(_C)“%s”", "Open (AIAI)“file”", "ファイル(_F)“%s”"])
def test_no_korean_particle_is_looked_for_in_a_line_without_hangul(line):
    # a menu label with its access key in brackets before a quotation: nothing Korean was lost
    # (and the language model is not asked: it costs seconds to load)
    assert not [f for f in textfix.detect(line) if f.code in ("TF408", "TF409")]
    assert [f.code for f in textfix.detect(f"서울 한강 {line} 사진")].count("TF409") == line.count(")“")


FLAG_PIECES = st.sampled_from([*"가을는 \n,.()[]‘’“”·0123AIOEC", "AIAI", "OECD", "올해", "명", "이상", "서울시는",
                               "30 명", "65 이상", "52 2천", ")‘", ", 를 ", "()", "3)21서울", "30가"])


@given(st.lists(FLAG_PIECES, max_size=50).map("".join), st.sampled_from([0.0, 0.25, 0.3, 0.4, 0.45, 0.5]))
@settings(max_examples=500, deadline=None)
def test_the_flags_above_a_floor_are_those_of_all_flags_above_it(text, floor):
    # a caller that wants only the text asks only the signs (SIGNAL_CONFIDENCE): the scans
    # of flags below the floor are skipped, and what is left is what all flags give above it
    from textfix.stages.dropped.flags import flags

    def key(ds):
        return [(d.code, d.start, d.end, d.confidence, d.message) for d in ds]

    assert key(flags(text, floor=floor)) == key([d for d in flags(text) if d.confidence >= floor])


def test_the_flags_above_a_floor_do_hold_flags():
    # (the property above holds of a flags() that never flags: these must be found)
    from textfix.stages.dropped.flags import flags

    found = {d.code for d in flags("서울시는 작가 65 이상 OECD올해 AIAI 주() 3)21서울 (함께", floor=0.4)}
    assert {"TF412", "TF413", "TF408", "TF405", "TF407"} <= found
    assert "TF411" not in found and "TF411" in {d.code for d in flags("서울시는 (함께")}


@given(st.lists(st.sampled_from([*"AIOBXYabc 가\n", "AIAI", "OECDOECD", "YYYY", "ABCABCABCABCABCABCABCABC",
                                 "ABCDEFGHIJKLMABCDEFGHIJKLM"]), max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_doubled_acronyms_are_the_runs_of_capitals_that_are_one_half_twice(text):
    # TF408 scans only the runs its doubled-capitals pattern matches: the runs of four
    # capitals or more that are one half twice, as the flag was first written
    from textfix.stages.dropped import flags

    spec = []
    for m in re.finditer("[A-Z]{4,}", text):
        run, half = m.group(), len(m.group()) // 2
        if len(run) % 2 == 0 and half <= flags.MAX_DOUBLED and run[:half] == run[half:] and len(set(run)) > 1 \
                and not (m.start() and text[m.start() - 1].isalpha()) and flags._in_korean_line(text, m.start()):
            spec.append((m.start(), m.end()))
    assert [(d.start, d.end) for d in flags._particle_gaps(text, None) if d.code == "TF408"] == spec


def _sources_as_specified(index, lines, reference):
    # every candidate line read at its stride, each gram looked up among the probes
    from textfix.stages.dropped.restore import MAX_GRAM_LINES

    hits = [{} for _ in index._windows]
    seen = {}
    candidates = [*lines, *reference]
    for number, line in enumerate(candidates):
        for i in range(0, len(line) - index.k + 1, index.stride):
            gram = line[i:i + index.k]
            if gram not in index._probes or seen.get(gram, 0) >= MAX_GRAM_LINES:
                continue
            seen[gram] = seen.get(gram, 0) + 1
            for wid in index._probes[gram]:
                if number != index._windows[wid][1]:
                    hits[wid][number] = hits[wid].get(number, 0) + 1
    return [[(n, candidates[number]) for number, n in h.items()] for h in hits]


@given(st.lists(st.lists(st.sampled_from(["서울시는 ", "한강 ", "구상을 ", "밝혔다. ", "20일 ", "AI "]), max_size=12)
                .map("".join), min_size=1, max_size=80), st.data())
@settings(max_examples=200, deadline=None)
def test_copy_sources_read_in_blocks_are_those_read_line_by_line(lines, data):
    # the candidate lines are looked up SOURCE_BLOCK at a time and only a block with a probe
    # is read line by line: the sources (and their order) are those of reading every line
    from textfix.stages.dropped.restore import CopyIndex

    index = CopyIndex(k=8, stride=4)
    for number in data.draw(st.lists(st.integers(0, len(lines) - 1), max_size=5)):
        index.add_window(lines[number], number)
    reference = data.draw(st.lists(st.sampled_from(lines), max_size=3))
    found = index.sources(lines, reference)
    assert found == _sources_as_specified(index, lines, reference)


def test_copy_sources_find_a_copy_far_away():
    from textfix.stages.dropped.restore import CopyIndex

    lines = ["서울시는 20일 한강 구상을 밝혔다."] + ["다른 문장입니다."] * 100 + ["서울시는 한강 구상을 밝혔다"]
    index = CopyIndex(k=8, stride=4)
    index.add_window(lines[-1], len(lines) - 1)
    assert [n for n, _ in index.sources(lines, [])[0]] and index.sources(lines, []) == \
        _sources_as_specified(index, lines, [])


@given(st.lists(st.sampled_from([*"()[]「」『』“”‘’가a \n", "주()", "(()"]), max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_empty_brackets_are_found_where_the_pattern_finds_them(text):
    # each pair is found by itself (str.find): the same places as the alternation _EMPTY_RE,
    # after a Korean word (right after it or after a space)
    from textfix.stages.dropped import flags

    def korean_before(at):
        before = text[at - 1] if at else ""
        before = (text[at - 2] if at >= 2 else "") if before == " " else before
        return "가" <= before <= "힣" or before == "주"

    spec = [(m.start(), m.end()) for m in flags._EMPTY_RE.finditer(text) if korean_before(m.start())]
    assert [(d.start, d.end) for d in flags.flags(text) if d.code == "TF405"] == spec


@given(st.sampled_from(["xsltCopy", "before", "async", "emitter.on", "f"]), st.sampled_from(["()", " ()"]),
       st.sampled_from(["Once", "Each", "List", "Ns"]))
@settings(max_examples=60, deadline=None)
def test_a_name_next_to_its_longer_twin_in_code_examples_is_left_alone(name, call, extra):
    # API documentation (GNU's "xsltCopy ()", Node's "async () =>") passed to repair()
    # without syntax=: the empty brackets of a call are no sign that a run was dropped,
    # and a name is not restored from its longer twin on the next line
    text = (f"{name}{call} runs the handler once the document is ready.\n"
            f"{name}{extra}{call} runs the handler once the document is ready.\n")
    r = textfix.repair(text)
    assert r.text == text and not any(f.code == "TF405" for f in r.findings)


@pytest.mark.parametrize("clean", [
    "TYPL to „old” (stary), „new” (nowy) albo „unchanged” (nie zmieniony).\nTYPG to TYPL albo „changed” (zmieniony).",
    "On powiedział ‚tak’ i wyszedł, a ona „nie”.",
])
def test_low_nine_quotes_open_a_quotation(clean):
    # „…” (Polish, Czech, Romanian): read as nothing, each ” lacked an opener, a strong sign
    # of damage, and a word of the line above was "restored" (a red-team run)
    r = textfix.repair(clean)
    assert r.text == clean and not any(f.code == "TF404" for f in r.findings)


@given(st.sampled_from(["{0}", "%s", "설정", "Kiwi"]), st.sampled_from([("'", "’"), ("‘", "'"), ('"', "”"), ("“", '"')]),
       korean_sentence())
@settings(max_examples=80, deadline=None)
def test_a_straight_quote_and_a_curly_one_of_a_family_are_a_pair(phrase, pair, sentence):
    # TypeScript's Korean diagnostics: '{0}’ (the source's straight quote kept, the closer
    # typed curly) read as a lone closer, and an opening ‘ was "restored" before the '
    opener, closer = pair
    text = f"{opener}{phrase}{closer} {sentence}\n'{phrase}' {sentence}\n“{phrase}” {sentence}"
    r = textfix.repair(text)
    assert r.text == text and not any(f.code in ("TF403", "TF404") for f in r.findings)


def test_a_copy_elsewhere_restores_gaps_only_in_korean_lines(monkeypatch):
    # a POS-tagged Chinese corpus (a red-team run on source trees new to the project): a
    # longer token elsewhere ("包扶") is no sign that "包" lost a character after a lone quote
    from textfix.stages.dropped import restore

    text = ("重/v  “/w  包/v  ”/w  轻/a  ”/w  扶/v\n"
            "使/v  “/w  包扶/v  ”/w  更/d  富有/v  成效/n  ，/w  就/d  应/v  看到/v  ，/w  “/w  包/v")
    assert textfix.repair(text).text == text
    monkeypatch.setattr(restore, "IN_DOCUMENT_MIN_HANGUL", 0)  # any line: the copy is taken
    assert "包扶/v  ”/w  轻" in textfix.repair(text).text
