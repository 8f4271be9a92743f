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
#: Right-to-left script, or the marks only right-to-left authors write (RLM, ALM, RLE): a
#: text with either is written for a right-to-left context, even a string with no RTL letters.
RTL_INTENT_RE = re.compile(f"[{RTL}\u200f\u061c\u202b]")
HANGUL_RE = re.compile(f"[{HANGUL}]")
#: Latin letters, with the accented ones of Latin-1 and Latin Extended-A/B.
LATIN = "A-Za-z\u00c0-\u024f"
#: What a Korean "word" run is made of: syllables, jamo and Hanja.
WORD = f"{HANGUL}{COMPAT_JAMO}{CONJOINING_JAMO}{HANJA}"
_WORD_CHAR_RE = re.compile(f"[{WORD}]")
_LATIN_CHAR_RE = re.compile(f"[{LATIN}]")


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a surrogate code point (half of a UTF-16 pair: no codec writes
    one).  Asked of UTF-16's encoder, which refuses them at copying speed: ten times faster
    than a regular expression's scan of a long text.

    >>> has_surrogate("한글 \\U0001F600"), has_surrogate("한\\ud83d글")
    (False, True)
    """
    try:
        text.encode("utf-16-le")
    except UnicodeEncodeError:
        return True
    return False


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

#: Atoms of a line that no reversal of runs splits: markup tags with their attributes
#: (``<a href="%(url)s">``; Korean tag names too, ``<코드>``), autolinks (``<https://…>``),
#: entities (``&amp;``, ``&#8230;``), placeholders (printf ``%(name)s`` ``%s`` ``%1$s``, and
#: Mozilla's and Apple's ``%S`` ``%1$S`` ``%@``, Qt-style ``%1``, brace ``{0}`` ``{name}``,
#: Fluent ``{ $name }`` ``{ -brand-name }``, shell ``$1`` ``${name}``: not after a letter or
#: before a percent sign, where it is a piece of ``%1$S`` reversed, ``S$1%``), URLs, e-mail
#: addresses and inline code in backticks.  Every repetition is bounded (linear scans).
ATOM = (
    "</?[A-Za-z][A-Za-z0-9:-]{0,30}(?:\\s[^<>\\n]{0,300})?/?>"
    f"|</?[{HANGUL}]{{1,10}}>"
    "|<(?:https?|ftp|mailto):[^\\s<>]{1,300}>"
    "|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
    "|(?<!%)%\\([^)\\n]{1,40}\\)[-#0+]?[0-9]{0,3}(?:\\.[0-9]{1,3})?[sdifrxXoeEgGcu]"
    "|(?<!%)%[-#0+]?[0-9]{0,3}(?:\\.[0-9]{1,3})?[sdifrxXoeEgGcuS@]"  # after %%, a % is literal
    "|(?<!%)%[0-9]{1,2}\\$[sdifSD@]|(?<!%)%[1-9](?![0-9$]|[.,][0-9])"  # not 25% or 5.5% reversed
    "|\\{[^{}\\s]{0,40}\\}|\\{ [$-][A-Za-z][\\w.-]{0,40} \\}"
    "|(?<![A-Za-z])\\$(?:[0-9](?!%)|\\{[A-Za-z_][^}\\s]{0,39}\\})"
    "|(?:https?|ftp)://[-A-Za-z0-9._~:/?#@!$&*+,;=%]{0,300}[-A-Za-z0-9_~/#=&+%]"
    "|[A-Za-z0-9][A-Za-z0-9._+-]{0,63}@[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}"
    "|``[^`\\n]{1,200}``|`[^`\\n]{1,200}`"
)
ATOM_RE = re.compile(ATOM)

#: How a number's separators hold it together (the damage generators' choices, and the
#: readings TF301 weighs): ``split`` digits only (``3.25`` is three runs), ``whole`` with
#: ``.,:/`` (as :data:`RUN_RE`), ``ranges`` also with range and hyphen marks (``7~8``, ``8-3``).
NUMBER_SPLIT, NUMBER_WHOLE, NUMBER_RANGES = "split", "whole", "ranges"
NUMBER_PATTERNS = {
    NUMBER_SPLIT: "[0-9]+",
    NUMBER_WHOLE: "[0-9]+(?:[.,:/][0-9]+)*",
    NUMBER_RANGES: "[0-9]+(?:[.,:/~\u223c\uff5e\u2013-][0-9]+)*",
}
_LATIN_WORD = f"[{LATIN}]+(?:[-'’.&][{LATIN}]+)*"
_ATOM_AHEAD = "(?:https?|ftp)://|[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9]"


def run_re(atoms: bool = True, numbers: str = NUMBER_RANGES) -> re.Pattern[str]:
    """A text's runs as :data:`RUN_RE` cuts them, with :data:`ATOM` runs first (``atoms``)
    and numbers held together as ``numbers`` says (:data:`NUMBER_PATTERNS`).

    >>> [m.group() for m in run_re().finditer("<b>%(n)s</b>명 7~8월")]
    ['<b>', '%(n)s', '</b>', '명 ', '7~8', '월']
    >>> run_re(False, NUMBER_WHOLE).pattern == RUN_RE.pattern
    True
    """
    return _run_re(atoms, numbers)


_RUN_RES: dict[tuple[bool, str], re.Pattern[str]] = {}


def _run_re(atoms: bool, numbers: str) -> re.Pattern[str]:
    key = (atoms, numbers)
    if key not in _RUN_RES:
        if not atoms and numbers == NUMBER_WHOLE:
            _RUN_RES[key] = RUN_RE
        else:
            latin = (f"{_LATIN_WORD}(?: (?=[{LATIN}])(?!{_ATOM_AHEAD}){_LATIN_WORD})*" if atoms else
                     f"{_LATIN_WORD}(?: (?=[{LATIN}]){_LATIN_WORD})*")
            _RUN_RES[key] = re.compile(
                (f"(?P<atom>{ATOM})[ \t]*|" if atoms else "")
                + f"(?P<num>{NUMBER_PATTERNS[numbers]})[ \t]*"
                f"|(?P<latin>{latin})[ \t]*"
                f"|(?P<word>[{WORD}]+(?:[ \t]+(?=[{WORD}])[{WORD}]+)*)[ \t]*"
                "|(?P<punct>[^ \t])[ \t]*"
            )
    return _RUN_RES[key]
