"""Script knowledge shared by every stage, defined once: ranges, quote pairs, placeholders.

Ranges are given as the inside of a regular-expression character class (``HANGUL``), so
that stages compose them into their own patterns; the compiled forms most stages need
are here too.

>>> bool(RTL_RE.search("abc שלום")), bool(RTL_RE.search("한국어"))
(True, False)
>>> PLACEHOLDER_RE.findall("%(name)s and {0} and %d")
['%(name)s', '{0}', '%d']
"""

from __future__ import annotations

import re

#: Precomposed Hangul syllables.
HANGUL = "\uac00-\ud7a3"
#: Hangul compatibility jamo (ㄱ..ㆎ).
COMPAT_JAMO = "\u3131-\u318e"
#: Conjoining jamo (the letters NFD decomposes syllables into, and old Hangul).
CONJOINING_JAMO = "\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff"
#: CJK ideographs as Korean uses them (Hanja), with the compatibility block.
HANJA = "\u4e00-\u9fff\uf900-\ufaff"
#: Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their
#: presentation forms (not U+FEFF, the byte-order mark), and the historic RTL planes.
RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff"
RTL_RE = re.compile(f"[{RTL}]")
HANGUL_RE = re.compile(f"[{HANGUL}]")
#: Latin letters, with the accented ones of Latin-1 and Latin Extended-A/B.
LATIN = "A-Za-z\u00c0-\u024f"
#: What a Korean "word" run is made of: syllables, jamo and Hanja.
WORD = f"{HANGUL}{COMPAT_JAMO}{CONJOINING_JAMO}{HANJA}"
_WORD_CHAR_RE = re.compile(f"[{WORD}]")
_LATIN_CHAR_RE = re.compile(f"[{LATIN}]")


def char_class(ch: str) -> str:
    """The run class of one character: ``word`` (Hangul, Hanja), ``latin``, ``num``,
    ``space``, ``punct``, or ``edge`` for none (the same classes as :data:`RUN_RE`).

    >>> [char_class(c) for c in "한A1 ."], char_class("")
    (['word', 'latin', 'num', 'space', 'punct'], 'edge')
    """
    if not ch:
        return "edge"
    if ch.isspace():
        return "space"
    if _WORD_CHAR_RE.match(ch):
        return "word"
    if ch.isdigit():
        return "num"
    if _LATIN_CHAR_RE.match(ch) or ch.isalpha():
        return "latin"
    return "punct"


#: A text's runs: a number (with its separators), a Latin phrase, a stretch of Korean
#: words with the spaces between them, or one punctuation mark; each with the spaces after it.
RUN_RE = re.compile(
    f"(?P<num>[0-9]+(?:[.,:/][0-9]+)*)[ \t]*"
    f"|(?P<latin>[{LATIN}]+(?:[-'’.&][{LATIN}]+)*(?: (?=[{LATIN}])[{LATIN}]+(?:[-'’.&][{LATIN}]+)*)*)[ \t]*"
    f"|(?P<word>[{WORD}]+(?:[ \t]+(?=[{WORD}])[{WORD}]+)*)[ \t]*"
    "|(?P<punct>[^ \t])[ \t]*"
)

#: Opening quote -> closing quote, for the curly and CJK pairs (straight quotes pair with
#: themselves and are handled apart, since one character both opens and closes).
CURLY_QUOTES = {"‘": "’", "“": "”", "「": "」", "『": "』"}
CLOSING_QUOTES = {v: k for k, v in CURLY_QUOTES.items()}

#: Format placeholders and markup that are atoms: never reordered inside, never evidence.
#: printf-style (``%(name)s``, ``%s``, ``%1$s``), brace-style (``{0}``, ``{name}``), shell
#: and regex backreferences (``$1``, ``${name}``), and tags (``<b>``, ``</a>``).
PLACEHOLDER_RE = re.compile(
    "%(?:\\([^)\\n]{1,40}\\))?[-#0 +]*[0-9]*(?:\\.[0-9]+)?[sdifrxXoeEgGcu%]"
    "|%[0-9]+\\$[sd]"
    "|\\{[^{}\\n]{0,40}\\}"
    "|\\$(?:[0-9]|\\{[^}\\n]{1,40}\\})"
    "|</?[A-Za-z][A-Za-z0-9]*(?:\\s[^<>\\n]{0,200})?/?>"
)
