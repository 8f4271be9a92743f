"""Character-bigram plausibility models, one per script family (``ko``, ``zh``, ``ja``,
``ru``, ``el``, and ``latin`` for text as a Western single-byte code page shows it).

A model gives the log-probability of a string, character by character, from the counts of
``textfix/data/charstats-LANG.json``: interpolated (Witten-Bell) bigrams over unigrams,
which back off to the character's class (Han, kana, Hangul, Cyrillic, box drawing, ...)
shared out over the class's size.  For Japanese and Korean, a Han character not seen in
their own counts backs off to its Chinese frequency: a kanji common in Chinese is likelier
than a rare one.  Only differences of log-probabilities between readings of the same bytes
are ever used, so the models need not be calibrated as probabilities.

>>> zh = model("zh")
>>> zh.per_char("该提醒已经发出") > zh.per_char("该鍉醒已经發岀")
True
>>> model("latin").per_char("café crème") > model("latin").per_char("¸ÃÌáÐÑÒÑ")
True
"""

from __future__ import annotations

import json
import math
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from itertools import chain
from operator import add

#: Character classes: (name, first, last, size).  A character not in any is ``other``.
_CLASSES = (
    ("space", 0x20, 0x20, 1), ("digit", 0x30, 0x39, 10), ("ascii-letter", 0x41, 0x5A, 26),
    ("ascii-letter", 0x61, 0x7A, 26), ("ascii", 0x21, 0x7E, 32), ("control", 0x00, 0x1F, 32),
    ("control", 0x7F, 0x9F, 33), ("latin1-sign", 0xA0, 0xBF, 32), ("latin1-sign", 0xD7, 0xD7, 1),
    ("latin1-sign", 0xF7, 0xF7, 1), ("latin-letter", 0xC0, 0x24F, 400),
    ("latin-letter", 0x1E00, 0x1EFF, 256), ("greek", 0x370, 0x3FF, 120), ("greek", 0x1F00, 0x1FFF, 230),
    ("cyrillic", 0x400, 0x4FF, 256), ("punct", 0x2000, 0x206F, 100), ("symbol", 0x2070, 0x24FF, 1100),
    ("box", 0x2500, 0x25FF, 256), ("symbol", 0x2600, 0x2BFF, 2000), ("cjk-punct", 0x3000, 0x303F, 64),
    ("kana", 0x3040, 0x30FF, 190), ("jamo", 0x3130, 0x318F, 94), ("jamo", 0x1100, 0x11FF, 256),
    ("cjk-symbol", 0x3190, 0x33FF, 600), ("han", 0x3400, 0x4DBF, 6592), ("han", 0x4E00, 0x9FFF, 20992),
    ("hangul", 0xAC00, 0xD7A3, 11172), ("private", 0xE000, 0xF8FF, 6400), ("han", 0xF900, 0xFAFF, 512),
    ("fullwidth", 0xFF01, 0xFF60, 96), ("halfwidth-kana", 0xFF61, 0xFF9F, 63),
    ("fullwidth", 0xFFA0, 0xFFEF, 80),
)
_OTHER_SIZE = 50_000
#: Pseudo-counts of each class among unseen characters, so that no class is impossible.
CLASS_PSEUDO = 0.5
#: Weight of the Chinese frequencies for Han characters that a Japanese or Korean model
#: never saw (the rest is uniform over the Han blocks).
HAN_FROM_ZH = 0.9
#: ... and how much a Han character's probability there owes to its Chinese frequency (the
#: rest to the model's own counts), at the rate Han is written in the language, at least
#: :data:`MIN_HAN_RATE` (Korean text holds Hanja, though the shipped counts hold few).
HAN_FROM_ZH_MIX = 0.5
MIN_HAN_RATE = 0.1
#: Character pairs whose log-probability a model remembers (about 5 MB a model at most;
#: seven models).
MAX_REMEMBERED_PAIRS = 50_000
#: The boundary: a string starts and ends with it in the counts.
BOUNDARY = "\n"


@lru_cache(maxsize=4096)
def char_class(ch: str) -> str:
    """The class of a character (see :data:`_CLASSES`).

    >>> char_class("한"), char_class("ж"), char_class("╡"), char_class("é")
    ('hangul', 'cyrillic', 'box', 'latin-letter')
    """
    cp = ord(ch)
    if ch == "\n":
        return "newline"
    for name, first, last, _ in _CLASSES:
        if first <= cp <= last:
            return name
    return "other"


_SIZES: dict[str, int] = {"newline": 1, "other": _OTHER_SIZE}
for _name, _first, _last, _size in _CLASSES:
    _SIZES[_name] = _SIZES.get(_name, 0) + _size


class CharModel:
    """A character-bigram model of one script family, from shipped counts."""

    def __init__(self, data: dict, han_backoff: CharModel | None = None) -> None:
        self.lang: str = data["lang"]
        self.uni: dict[str, int] = data["unigrams"]
        self.total = sum(self.uni.values())
        self.types = len(self.uni)
        self.bi: dict[str, int] = data["bigrams"]
        self.after: dict[str, tuple[int, int]] = {}  # first char -> (count of its bigrams, distinct)
        for pair, n in self.bi.items():
            c, d = self.after.get(pair[0], (0, 0))
            self.after[pair[0]] = (c + n, d + 1)
        types: dict[str, float] = {}
        for ch in self.uni:
            cls = char_class(ch)
            types[cls] = types.get(cls, 0) + 1
        total_types = sum(types.values()) + CLASS_PSEUDO * len(_SIZES)
        self.class_p = {cls: (types.get(cls, 0) + CLASS_PSEUDO) / total_types for cls in _SIZES}
        self.han = han_backoff
        han = sum(n for c, n in self.uni.items() if char_class(c) == "han")
        self.han_rate = max(MIN_HAN_RATE, han / max(1, self.total))
        self._uni_cache: dict[str, float] = {}
        self._log_cache: dict[str, float] = {}

    def _backoff(self, ch: str) -> float:
        """Probability of ``ch`` as a new character: its class's share, spread over the class."""
        cls = char_class(ch)
        p = self.class_p[cls] / _SIZES[cls]
        if cls == "han" and self.han is not None:
            p = self.class_p[cls] * (HAN_FROM_ZH * self.han.han_share(ch) + (1 - HAN_FROM_ZH) / _SIZES[cls])
        return p

    def han_share(self, ch: str) -> float:
        """The share of Han characters that ``ch`` makes up in this model's counts."""
        if not hasattr(self, "_han_total"):
            self._han_total = sum(n for c, n in self.uni.items() if char_class(c) == "han") or 1
        return (self.uni.get(ch, 0) + 0.5) / (self._han_total + 0.5 * _SIZES["han"])

    def unigram(self, ch: str) -> float:
        """P(ch), interpolated with the class backoff (Witten-Bell); a Han character of a
        Japanese or Korean model half from its own counts, half from its Chinese frequency
        at the rate Han characters are written in the language."""
        p = self._uni_cache.get(ch)
        if p is None:
            p = (self.uni.get(ch, 0) + self.types * self._backoff(ch)) / (self.total + self.types)
            if self.han is not None and char_class(ch) == "han":
                p = (1 - HAN_FROM_ZH_MIX) * p + HAN_FROM_ZH_MIX * self.han_rate * self.han.han_share(ch)
            if len(self._uni_cache) < 100_000:
                self._uni_cache[ch] = p
        return p

    def bigram(self, prev: str, ch: str) -> float:
        """P(ch | prev), interpolated with the unigram (Witten-Bell)."""
        count, distinct = self.after.get(prev, (0, 0))
        if not count:
            return self.unigram(ch)
        return (self.bi.get(prev + ch, 0) + distinct * self.unigram(ch)) / (count + distinct)

    def bigram_log(self, prev: str, ch: str) -> float:
        """log P(ch | prev) (remembered: the code-page search asks the same pairs again and
        again, and this is most of its time)."""
        pair = prev + ch
        lp = self._log_cache.get(pair)
        if lp is None:
            lp = math.log(self.bigram(prev, ch))
            if len(self._log_cache) < MAX_REMEMBERED_PAIRS:
                self._log_cache[pair] = lp
        return lp

    def logprob(self, text: str, before: str = BOUNDARY, after: str | None = None) -> float:
        """Natural log-probability of ``text`` after ``before`` (and of ``after`` following it,
        when given), character by character."""
        prev = before or BOUNDARY
        total = 0.0
        remembered, log_of = self._log_cache.get, self.bigram_log
        known = list(map(remembered, map(add, chain((prev,), text), text)))
        if None in known:  # a pair not remembered yet
            for ch in text:
                lp = remembered(prev + ch)
                total += log_of(prev, ch) if lp is None else lp
                prev = ch
        else:  # the same sum, in the same order
            for lp in known:
                total += lp
            prev = text[-1] if text else prev
        if after is not None:
            total += log_of(prev, after or BOUNDARY)
        return total

    def per_char(self, text: str) -> float:
        """Mean log-probability per character of ``text`` as a whole string."""
        text = unicodedata.normalize("NFC", text)
        return self.logprob(text, BOUNDARY, BOUNDARY) / (len(text) + 1)


@cache
def model(lang: str) -> CharModel:
    """The shipped model of ``lang`` (``ko``, ``zh``, ``ja``, ``ru``, ``el``, ``latin``)."""
    data = json.loads(resources.files("textfix.data").joinpath(f"charstats-{lang}.json").read_text("utf-8"))
    return CharModel(data, han_backoff=model("zh") if lang in ("ja", "ko") else None)
