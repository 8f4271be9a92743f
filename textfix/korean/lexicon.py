"""Closed classes of Korean: particles (josa) and endings that cannot open a phrase.

In logical text these attach to the word before them; a run that *opens* with one of
them after a space or a comma is a sign that runs were reordered or lost.
"""

from __future__ import annotations

#: Particles and endings that never stand alone as a word.
STRONG = frozenset({
    "은", "는", "을", "를", "의", "에", "에서", "에게", "께서", "으로", "로", "와", "과", "이랑",
    "이라고", "라고", "이라며", "라며", "이라는", "라는", "이라면", "이라면서", "라면서", "이었다",
    "였다", "이다", "이며", "이고", "이란", "에도", "에는", "으로는", "로는", "까지", "부터",
    "보다", "처럼", "만큼", "조차", "마저", "입니다", "이에요", "예요",
})
#: Also ordinary words (이 "this", 가 "edge", 도 "province"): weaker evidence.
WEAK = frozenset({"이", "가", "도", "만", "고", "며", "인", "랑"})

#: Quotative endings: in logical text they follow a closing quote (것"이라며 "서울).
QUOTATIVE = frozenset({"이라며", "라며", "이라고", "라고", "이라는", "라는", "이라면서", "라면서"})

#: Particles seen opening a phrase after a comma when their word was dropped ("얻으며, 를").
ORPHAN_PARTICLES = ("을", "를", "은", "는", "의", "에서", "으로", "이라고", "라고", "이라며", "라며")

#: Syllables that end a sentence before its final punctuation (했다. 합니다. 까?)
SENTENCE_FINAL = frozenset("다요죠까오라네군나자냐음함됨임")


def particle_weight(word: str) -> float:
    """How surely ``word`` is a particle or ending that cannot open a phrase.

    >>> particle_weight("를"), particle_weight("이"), particle_weight("이번")
    (1.0, 0.5, 0.0)
    """
    if word in STRONG:
        return 1.0
    if word in WEAK:
        return 0.5
    return 0.0


def syllables() -> str:
    """Every syllable of the closed classes (common by construction)."""
    return "".join(sorted({c for w in STRONG | WEAK | QUOTATIVE for c in w}))


#: Counters and units written right after an Arabic numeral (2027년, 65세, 3대, 52개국,
#: 512바이트): what a number counts.  A word made of them (and a particle) after a number
#: is its counter, spaced or not (``30 명이``); a counter dropped leaves the number bare.
COUNTERS = frozenset({
    # time
    "년", "년도", "년대", "년간", "개년", "년생", "월", "개월", "일", "일간", "주", "주간", "주년",
    "주일", "시", "시간", "분", "초", "세기", "분기", "반기", "박", "교시", "학년", "학기", "차", "회",
    "회차", "번", "번째", "째", "세", "살", "기", "연대", "연승", "연패", "연속",
    # people, places, things
    "개", "개국", "개사", "개소", "개교", "곳", "명", "인", "가구", "세대", "마리", "대", "척", "권",
    "편", "장", "건", "채", "동", "호", "호선", "층", "칸", "줄", "행", "열", "쪽", "면", "페이지", "부",
    "통", "벌", "쌍", "판", "잔", "병", "포기", "송이", "그루", "자루", "점", "표", "석", "위", "등",
    "승", "패", "무", "골", "타", "안타", "홈런", "이닝", "라운드", "경기", "선", "가지", "종", "종류",
    "단계", "배", "배수", "차례", "항", "조", "관", "절", "강", "국", "인분", "차선", "코어",
    # measures
    "퍼센트", "프로", "포인트", "자리", "글자", "자", "단어", "문자", "음절", "바이트", "비트",
    "킬로바이트", "메가바이트", "기가바이트", "테라바이트", "픽셀", "도", "톤", "톤급", "킬로그램", "그램",
    "킬로", "킬로미터", "미터", "센티미터", "밀리미터", "리터", "평", "제곱미터", "헥타르", "인치",
    "배속", "진수", "진법", "원", "달러", "엔", "위안", "유로", "파운드", "만", "억", "천", "백", "십",
    "여",
})
#: Number words that stand between a number and its counter (10억원, 5천만 명, 2천여 명).
NUMBER_WORDS = "십백천만억조여"

#: Bound words that follow a counted number (65세 이상, 2027년 이후, 3년 만에): after a bare
#: number they mean that its counter was probably dropped.
AFTER_COUNT = frozenset({
    "이상", "이하", "이후", "이전", "미만", "초과", "이내", "내외", "가량", "정도", "안팎", "남짓",
    "만에", "동안", "전", "후", "간", "대비", "만", "째", "씩", "당", "쯤", "여",
})

#: What follows a closing quote in written Korean: quotative endings (“…있다”며, “…것”이라고)
#: and particles (‘서울 한강 AI’를).  An opening quote followed by one of these, after the
#: quoted words, is a closing quote written the wrong way round.
QUOTE_FOLLOWERS = frozenset({
    "라고", "이라고", "라며", "이라며", "라면서", "이라면서", "라는", "이라는", "란", "이란", "며", "고",
    "면서", "하고", "하며", "라", "이라", "냐고", "냐며", "자고", "자며", "다고", "다며", "다는",
    "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에는", "에서는", "에도", "로", "으로",
    "로는", "으로는", "와", "과", "도", "만", "까지", "부터", "처럼", "보다", "에게", "이나", "나",
    "이다", "이며", "이고", "와의", "과의", "에서의", "으로의", "로의", "조차",
    "마저", "이야", "야", "등", "등의", "같은",
})
#: Of :data:`QUOTE_FOLLOWERS`, those that are also ordinary words or open many words
#: (이 "this", 고 "the late", 라 "la"): weaker evidence alone.
QUOTE_FOLLOWERS_WEAK = frozenset({"이", "가", "고", "라", "나", "야", "등", "같은", "도", "만"})

#: Particles a scraper drops after a Latin word (OECD는 올해 -> OECD올해), both forms of each
#: pair (은/는: which one follows a Latin word depends on how its last letter is read).
LATIN_PARTICLES = ("은", "는", "이", "가", "을", "를", "의", "와", "과", "에", "에서", "로", "으로",
                   "도", "만", "에게", "까지", "부터", "보다", "처럼")

#: Particles, the copula and its endings: what attaches to a noun (or a number) with no space
#: (OECD는, 0으로, 1이면, URL입니다).  A word made only of these is that noun's ending.
NOUN_ENDINGS = frozenset({
    "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "에게서", "한테", "께", "께서", "로",
    "으로", "로서", "으로서", "로써", "으로써", "와", "과", "도", "만", "까지", "부터", "보다", "처럼",
    "만큼", "조차", "마저", "뿐", "나", "이나", "든", "이든", "랑", "이랑", "하고", "요", "야", "이야",
    "이다", "입니다", "이며", "이고", "이면", "면", "이지만", "지만", "인", "일", "임", "이라", "라",
    "이라고", "라고", "이라는", "라는", "이란", "란", "이었다", "였다", "이어야", "여야", "이어서",
    "여서", "이므로", "므로", "이에요", "예요", "이죠", "죠", "용", "씩", "째", "당", "쯤", "경",
})

#: Counters a language model is asked to choose from after a bare number (the most frequent
#: after numbers in written Korean).
SUGGESTED_COUNTERS = ("년", "월", "일", "명", "개", "세", "원", "억", "만", "대", "건", "번", "회", "위",
                      "차", "개국", "개월", "시", "분", "배", "곳", "호", "인")
