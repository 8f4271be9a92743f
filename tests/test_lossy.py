"""Lossy Korean mojibake: UTF-8 read as CP949 with replacement characters (TF106), its
lossless kind (TF103) and the lost text that stays flagged (TF104)."""

import pytest
from conftest import require_kiwi
from hypothesis import given, settings
from hypothesis import strategies as st

import textfix
from textfix.damage import utf8_as_cp949
from textfix.damage.encoding import cp949_replace, utf8_as_cp949_lossy
from textfix.korean import lossy

SENTENCES = ["시는 20일 시청 국회의원들과 만났다.", "카테고리 관리자 설정", "안녕하세요, 여러분.",
             "국회는 법률에 저촉되지 아니하는 범위 안에서 의사와 내부규율에 관한 규칙을 제정할 수 있다.",
             "대통령은 법률이 정하는 바에 의하여 사면·감형 또는 복권을 명할 수 있다."]


def test_the_issue_example_is_rebuilt_byte_by_byte():
    broken = "\ufffd떆\ufffd뒗 20\ufffd씪"
    r = lossy.recover(broken)
    assert r is not None and r.text == "시는 20일" and r.style == "python"
    assert len(r.restored) == 3 and min(r.confidence) > 0.9


def test_every_gap_candidate_fits_the_decoder():
    # the rebuilt bytes, decoded again as CPython does, give back the damaged text
    for s in SENTENCES:
        broken = s.encode("utf-8").decode("cp949", errors="replace")
        r = lossy.recover(broken)
        assert r is not None
        assert r.text.encode("utf-8").decode("cp949", errors="replace") == broken


@pytest.mark.parametrize("style", ["python", "browser"])
def test_repair_never_makes_a_line_worse(style):
    for s in SENTENCES:
        found = utf8_as_cp949_lossy(s, style)
        if found is None:
            continue
        out = textfix.repair(found[0], scorer="builtin").text
        # every character either restored exactly or left as U+FFFD: never a wrong syllable
        # and never a mix of rebuilt Hangul and leftover Hanja mojibake
        assert len(out) == len(s)
        assert all(a in (b, "\ufffd") for a, b in zip(out, s, strict=True)), out


def test_unsure_syllables_stay_replacement_characters_and_are_flagged():
    broken = utf8_as_cp949_lossy("국회의원들과 만났다", "browser")[0]
    r = textfix.repair(broken, scorer="builtin")
    assert "\ufffd" in r.text
    assert any(f.code == "TF104" for f in r.findings) or any(f.code == "TF106" for f in r.findings)


def test_a_clean_line_with_a_replacement_character_stays_flagged():
    r = textfix.repair("가격은 \ufffd원입니다")
    assert r.text == "가격은 \ufffd원입니다"
    assert [f.code for f in r.findings] == ["TF104"]


def test_lost_text_mojibake_is_flagged_saying_the_text_is_gone():
    r = textfix.repair("가격은 占쏙옙원")
    assert r.text == "가격은 占쏙옙원"
    assert r.findings[0].code == "TF104" and "cannot be recovered" in r.findings[0].message


def test_the_strict_kind_is_always_repaired():
    for s in ["카테고리", "관리자 설정", "국회의원"]:
        found = utf8_as_cp949(s)
        if found is not None:
            assert textfix.repair(found[0]).text == s


def test_cp949_replace_reports_the_bytes_it_took():
    text, lost = cp949_replace("시".encode(), "browser")
    assert text == "\ufffd\ufffd" and lost == {0, 1, 2}  # EC 8B is no pair; 9C alone at the end


def test_too_many_gaps_are_not_searched():
    assert lossy.recover("\ufffd" * (lossy.MAX_GAPS + 1) + "떆") is None


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(SENTENCES), st.sampled_from(["python", "browser"]))
def test_rebuilt_text_is_consistent_with_the_damage(s, style):
    found = utf8_as_cp949_lossy(s, style)
    if found is None:
        return
    r = lossy.recover(found[0])
    assert r is not None
    assert len(r.confidence) == len(r.restored)
    assert all(0.0 <= c <= 1.0 for c in r.confidence)


class _PreferScorer:
    """A language model that likes text holding ``word`` (by ``margin`` nats) and reads
    at most ``budget`` characters."""

    def __init__(self, word: str, margin: float = 20.0, budget: int = 10**9) -> None:
        self.word, self.margin, self.budget = word, margin, budget

    def affords(self, chars: int) -> bool:
        self.budget -= chars
        return self.budget >= 0

    def per_char(self, text: str) -> float:
        return (self.margin if self.word in text else 0.0) / max(1, len(text.strip()))


def _recovery_with_a_sure_gap() -> lossy.Recovery:
    # one rebuilt character the character model is sure of (0.9995), a likelier reading
    # for the language model among its alternatives
    return lossy.Recovery("되돌리 수", [2], [0.9995], "python", 0.0,
                          [[("리", 0.9995), ("릴", 0.0004), ("림", 0.0001)]])


def test_the_language_model_reads_even_the_characters_the_character_model_is_sure_of():
    r = _recovery_with_a_sure_gap()
    r.rerank(_PreferScorer("되돌릴"))
    assert r.text == "되돌릴 수" and r.read == [True] and r.confidence[0] > 0.999
    # a language model that sees no difference leaves the bytes' evidence as it was
    r = _recovery_with_a_sure_gap()
    r.rerank(_PreferScorer("없는 말"))
    assert r.text == "되돌리 수" and abs(r.confidence[0] - 0.9995) < 1e-6


def test_characters_the_language_model_could_not_afford_keep_the_character_models_bar():
    r = _recovery_with_a_sure_gap()
    r.rerank(_PreferScorer("되돌릴", budget=5))
    assert r.text == "되돌리 수" and r.read == [False]


def test_the_unsure_characters_are_read_first_when_the_budget_is_short():
    r = lossy.Recovery("되돌리 수 없다", [2, 7], [0.9995, 0.6], "python", 0.0,
                       [[("리", 0.9995), ("릴", 0.0005)], [("다", 0.6), ("는", 0.4)]])
    r.rerank(_PreferScorer("없는", budget=25))  # one character's reading
    assert r.read == [False, True] and r.text == "되돌리 수 없는"


def test_every_runs_unsure_characters_are_read_before_any_runs_sure_ones():
    sure = _recovery_with_a_sure_gap()
    unsure = lossy.Recovery("수 없다", [3], [0.6], "python", 0.0, [[("다", 0.6), ("는", 0.4)]])
    scorer = _PreferScorer("없는", budget=12)  # one character's reading
    for group in ("unsure", "sure"):
        for r in (sure, unsure):
            r.rerank(scorer, group=group)
    assert (sure.read, unsure.read) == ([False], [True]) and unsure.text == "수 없는"


#: (Not yet: a jamo whose lead byte is lost before a syllable, ``자음 ㄱ과``, still comes back
#: as ``성과``: the character model gives the jamo a millionth of the syllable's chance.)
JAMO_SENTENCES = ["받침 'ㄱ, ㄷ, ㅂ'은 대표음이다.", "ㅋㅋ 정말 재미있다"]


@pytest.mark.parametrize("s", JAMO_SENTENCES)
def test_a_lost_byte_of_a_jamo_does_not_become_a_syllable(s):
    # compatibility jamo are among the characters a lost byte may belong to: once the
    # language model has read them, they are rebuilt or left as U+FFFD, not replaced by a
    # syllable (before, ``'ㄱ, ㄷ'`` came back as ``'성, 넷'``)
    require_kiwi()
    broken = utf8_as_cp949_lossy(s)[0]
    out = textfix.repair(broken, scorer="kiwi").text
    assert len(out) == len(s)
    assert all(a in (b, "\ufffd") for a, b in zip(out, s, strict=True)), out
    assert lossy.recover(broken) is not None and set("ㄱㄷㅂㅋ") & {
        c for r in [lossy.recover(broken)] for k in range(len(r.restored))
        for c, _ in r._neighbours(k, list(r.text))}


def _gold_bytes_lost(s: str) -> list[int]:
    """Per character of ``s``, how many of its UTF-8 bytes CPython's CP949 decoder lost."""
    lost_bytes = cp949_replace(s.encode("utf-8"), "python")[1]
    out, pos = [], 0
    for ch in s:
        n = len(ch.encode("utf-8"))
        out.append(len(lost_bytes.intersection(range(pos, pos + n))))
        pos += n
    return out


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(SENTENCES + JAMO_SENTENCES + ["그 문으로 들어갈 수 없습니다.", "우리는 집으로 들어갈 수 없었다."]))
def test_the_widened_alternatives_fit_the_bytes_and_hold_the_truth(s):
    broken = utf8_as_cp949_lossy(s)[0]
    r = lossy.recover(broken)
    assert r is not None and r.slots is not None
    text = list(r.text)
    if len(text) != len(s):
        return
    # with the search's best reading around it, each rebuilt character's widened
    # alternatives all re-damage to the same bytes, and hold the true character whenever
    # its neighbours are right and it is among the likeliest (one lost byte: at most 64)
    for k, i in enumerate(r.restored):
        options = r._neighbours(k, text)
        for ch, p in options:
            assert 0 < p <= 1
            candidate = "".join(text[:i]) + ch + "".join(text[i + 1:])
            assert candidate.encode("utf-8").decode("cp949", errors="replace") == broken.strip()
        if _gold_bytes_lost(s)[i] == 1 and text[:i] == list(s[:i]) and text[i + 1:] == list(s[i + 1:]):
            widened = r._neighbours(k, text)
            lossy_all = {c for c, _ in widened}
            assert s[i] in lossy_all or len(widened) == lossy.LM_ALTERNATIVES


def test_the_widened_alternatives_hold_a_syllable_the_search_had_pruned(monkeypatch):
    # 들어가 수 / 들어갈 수: the beam keeps 가 간 각 값 개 ...; the bytes make 갈 as well
    s = "그 문으로 들어갈 수 없습니다."
    broken = utf8_as_cp949_lossy(s)[0]
    r = lossy.recover(broken)
    i = s.index("갈")
    k = r.restored.index(i)
    assert "갈" not in {c for c, _ in r.choices[k]}
    monkeypatch.setattr(lossy, "LM_ALTERNATIVES", 64)
    widened = dict(r._neighbours(k, list(r.text)))
    assert "갈" in widened and widened["가"] > widened["갈"]
    # and no character outside the bytes' reach: all share 갈's first two bytes
    assert all(c.encode()[:2] == "갈".encode()[:2] for c in widened)


def test_a_browsers_lost_syllables_are_not_read_by_the_language_model(monkeypatch):
    # a browser's U+FFFD loses two bytes and its rebuilt syllables are never written
    # (LOSSY_APPLY above 1): reading them would spend the language model's time and budget
    # on choices nothing uses (60% of the time of the corpus's damaged cases)
    from textfix import scoring

    asked: list[str] = []

    class Recording(_PreferScorer):
        def per_char(self, text: str) -> float:
            asked.append(text)
            return super().per_char(text)

    monkeypatch.setattr(scoring, "language_model", lambda name: Recording("국회"))
    from textfix.stages.encoding import LOSSY_APPLY

    assert LOSSY_APPLY["browser", True] > 1
    broken = utf8_as_cp949_lossy("국회의원들과 만났다", "browser")[0]
    r = textfix.repair(broken, scorer="kiwi")
    assert any(f.code == "TF106" and "browser" in f.message for f in r.findings)
    assert asked == []
    # CPython's style is read: the same scorer is asked there
    python = utf8_as_cp949_lossy("국회의원들과 만났다", "python")[0]
    textfix.repair(python, scorer="kiwi")
    assert asked


_SLOT = st.one_of(st.sampled_from([lossy.FIRST, 0x20, 0x41, 0x61, 0x2E]), st.integers(0x80, 0xFF),
                  st.integers(0x00, 0x7F))


@settings(max_examples=300, deadline=None)
@given(st.lists(_SLOT, min_size=1, max_size=12), st.sampled_from(["python", "browser"]), st.booleans(),
       st.one_of(st.none(), st.integers(0x80, 0xFF).map(lambda b: (b,))))
def test_the_options_of_a_window_cut_after_its_first_ascii_byte_are_the_whole_windows(slots, style, broad, pend):
    # the cache of _options_here is keyed on the window cut after its first ASCII byte (no
    # character spans one, no slot past it is read): the options must be those of the whole
    # neighbourhood, read uncut from the stream
    if style == "browser":  # a browser's U+FFFD: a first lost byte and its optional second
        slots = [x for s in slots for x in ((s, lossy.SECOND) if s == lossy.FIRST else (s,))]
    size = lossy.PYTHON_WINDOW if style == "python" else lossy.WINDOW
    for pos in range(len(slots)):
        whole = slots[pos:pos + size] + ([] if len(slots) - pos <= size else [lossy._OPEN])
        expected = [(ch, pos + step, pd, lost) for ch, step, pd, lost in lossy._options(whole, 0, pend, style, broad)]
        assert lossy._char_options(slots, pos, pend, style, broad) == expected
