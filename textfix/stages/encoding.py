# textfix: ignore-file[TF1]  (this module's docs show the damage it repairs)
"""Stage 1: encoding repair.

Rules:

- ``TF101 mojibake``: UTF-8 (and other) text decoded with a Latin single-byte code
  page; repaired by ftfy, used as a library with its encoding steps only (no quote
  uncurling, width folding, NFKC, line-break rewriting or HTML unescaping).
- ``TF102 mojibake-cp949`` and ``TF105 mojibake-codepage``: legacy code-page bytes read
  as Latin-1, cp1252 or cp437 (``¾È³çÇÏ¼¼¿ä`` for ``안녕하세요``, ``¸ÃÌáÐÑ`` for ``该提醒``,
  ``ÑÅÊÐÅÒ`` for ``СЕКРЕТ``): one design for every chain (:mod:`textfix.stages.codepages`),
  Korean CP949 being one case of it (with HTML extraction's dropped soft hyphens and
  no-break spaces put back, and CP949 read as UTF-8 with a Latin-1 fallback); checked
  before ftfy, which cannot read these and would damage them for good.
- ``TF103 mojibake-utf8-as-cp949``: UTF-8 bytes read as CP949 (``寃쎄린`` for ``경기``),
  repaired where no byte was lost.
- ``TF106 mojibake-utf8-as-cp949-lossy``: the same with replacement characters where bytes
  were lost (``\ufffd떆\ufffd뒗`` for ``시는``): the lost bytes rebuilt under UTF-8's and
  the decoder's constraints (:mod:`textfix.korean.lossy`), each syllable written only when
  the search is sure of it, else left as U+FFFD (and flagged).
- ``TF104 lost-text``: replacement characters and their mojibake (``占쏙옙``): the text
  was already gone; flagged, never "fixed".

Cheap scans (:data:`SUSPECT_RE`, :data:`textfix.stages.codepages.SUSPECT_RE`) decide per
line whether any of this can apply, so clean text never reaches ftfy or a model.

>>> from textfix.context import Context
>>> from textfix.config import Config
>>> [e.replacement for d in run("¹®ÀÚ ±úÁü Å×½ºÆ®", Context(Config())) for e in d.edits]
['문자 깨짐 테스트']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import ftfy
import ftfy.bad_codecs

from textfix.encodings.chains import KS_HANGUL_LEADS, KS_HANJA_LEADS, KS_TRAILS, LATIN
from textfix.encodings.model import char_class
from textfix.korean import is_hanja, is_syllable, korean_plausibility, lossy
from textfix.lines import lines_matching
from textfix.model import Detection, Edit, smallest_edit
from textfix.rules import RULES
from textfix.script import HANGUL, HANJA
from textfix.script import HANGUL_RE as _HANGUL_RE
from textfix.stages import codepages

# Code pages ftfy knows how to undo; every character that a high byte (0x80-0xFF)
# decodes to in one of them can be part of mojibake.
_CODEPAGES = (
    "latin-1", "sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250",
    "sloppy-windows-1253", "sloppy-windows-1254", "sloppy-windows-1257", "iso-8859-2",
    "macroman", "cp437",
)


def _decoded(first: int, last: int) -> str:
    """Every character that a byte in first..last decodes to in one of the code pages."""
    chars: set[str] = set()
    for cp in _CODEPAGES:
        chars.update(bytes(range(first, last + 1)).decode(cp, errors="ignore"))
    return "".join(sorted(chars))


def _char_class(chars: str) -> str:
    return "".join(re.escape(c) for c in chars)


# Mac Roman and cp437 put curly quotes, dashes, the ellipsis and the middle dot on UTF-8
# lead bytes; Korean (and most) text is full of them, so they count as a lead only
# before a continuation character that is not common punctuation itself.
_COMMON = frozenset("“”‘’…–—·•«»‹›°©®™§¶")
_LEAD_ALL = set(_decoded(0xC2, 0xF4))  # UTF-8 lead bytes as a code page shows them
_CONT_ALL = set(_decoded(0x80, 0xBF))  # UTF-8 continuation bytes
_LEAD = _char_class("".join(sorted(_LEAD_ALL - _COMMON)))
_LEAD_COMMON = _char_class("".join(sorted(_LEAD_ALL & _COMMON)))
_CONT = _char_class("".join(sorted(_CONT_ALL)))
_CONT_RARE = _char_class("".join(sorted(_CONT_ALL - _COMMON)))
#: The cheap scan.  UTF-8 mojibake needs a lead byte's character followed by a
#: continuation byte's (or by a space: a 0xA0 that became one); CP949 mojibake shows a
#: Hangul lead byte (0xB0-0xC8) before a trail byte (0xA1-0xFE) as Latin-1; plus C1
#: controls and replacement characters.
SUSPECT_SPEC = re.compile(
    f"[\\x80-\\x9f]|[{_LEAD}][{_CONT} ]|[{_LEAD_COMMON}][{_CONT_RARE}]"
    "|[\\xb0-\\xc8][\\xa1-\\xfe]|\\ufffd"
)
# The same matches, opening with one class of every first character: a pattern that opens
# with alternatives is tried at every position, one that opens with a class is scanned for
# it (three times faster on long clean text; tests/test_patterns.py holds it to the spec).
SUSPECT_RE = re.compile(
    f"[\\x80-\\x9f{_LEAD}{_LEAD_COMMON}\\xb0-\\xc8\\ufffd]"
    f"(?:(?<=[\\x80-\\x9f])|(?<=[{_LEAD}])[{_CONT} ]|(?<=[{_LEAD_COMMON}])[{_CONT_RARE}]"
    "|(?<=[\\xb0-\\xc8])[\\xa1-\\xfe]|(?<=\\ufffd))"
)

# CP949 read as Latin-1/cp1252: lead bytes 0x81-0xFE, trail bytes 0x41-0xFE.
_CP_HIGH = "".join(sorted(set(bytes(range(0x81, 0xFF)).decode("latin-1"))
                          | set(bytes(range(0x81, 0xFF)).decode("sloppy-windows-1252"))))
_CP_HIGH_SET = frozenset(_CP_HIGH)
_H = f"[{_char_class(_CP_HIGH)}]"
_PAIR = f"{_H}[{_char_class(_CP_HIGH)}A-Za-z]"
_FILLER = r"[ -@\[-`{-~]"
CP949_RUN_RE = re.compile(f"(?:{_PAIR})+(?:{_FILLER}+(?:{_PAIR})+)*")

#: CP949 verdicts: the decoded syllables must be this common (share of the shipped
#: syllable statistics), stricter for short runs, which symbols can spell by chance.
PLAUSIBLE_SHORT, PLAUSIBLE_MEDIUM, PLAUSIBLE_LONG = 0.99, 0.75, 0.7
#: One decoded syllable is never evidence of CP949 (any two Latin-1 signs can spell one).
MIN_CP949_SYLLABLES = 2
#: TF102's confidence grows with the syllables decoded: 0.8 + 0.02 each, at most 0.99.
CP949_BASE, CP949_PER_SYLLABLE, CP949_MAX = 0.8, 0.02, 0.99
#: TF103: the exact round trip of the line's runs is the evidence; the result must read
#: as common Hangul (with Hanja, ASCII and common punctuation, nothing odd besides).
UTF8_AS_CP949_PLAUSIBLE = 0.6
_ODD_DECODED_RE = re.compile(f"[^{HANGUL}{HANJA}\\u0020-\\u007e\\u00b7\\u2018-\\u201d\\u2026\\u3001-\\u3011]")
#: The re-decoding is exact and round-trips; the verdicts above make it sure.
UTF8_AS_CP949_CONFIDENCE = 0.95
#: ftfy's own badness measure decides; its test cases pass 151/151.
FTFY_CONFIDENCE = 0.95
#: A replacement character is always lost text: the flag is certain, but it fixes nothing.
LOST_TEXT_CONFIDENCE = 0.6
#: preset="ftfy" is the user's explicit request.
PRESET_CONFIDENCE = 1.0
#: A repair that brings a new script into a line must make at least this many letters of
#: it: one lone Hebrew or Greek letter among Korean words is a symbol pair, not mojibake.
MIN_NEW_SCRIPT_LETTERS = 2
#: Characters one 2-byte UTF-8 letter takes as single-layer mojibake (``×¡`` for ``ס``).
TWO_BYTE_PAIR = 2
#: An ftfy repair that leaves this many code-page characters in a row, apart from any Latin
#: word and not UTF-8 mojibake themselves, repaired a byte pair that a legacy code page
#: spelled by chance (``Ã¶`` in CP949's ``Ã¶·û´ÜÁö``, 철륜단지) and left the rest: it is not
#: applied.  UTF-8 mojibake leaves no such run (what ftfy leaves is UTF-8 still, a layer it
#: did not undo); accented letters stand inside Latin words.
LEFT_LEGACY_RUN = 2
_LEFT_LEGACY_RUN_RE = re.compile(f"(?<![A-Za-z]){_H}{{{LEFT_LEGACY_RUN},}}(?![A-Za-z])")
#: When ftfy's only step is ``fix_c1_controls`` (C1 controls read as cp1252's signs, the
#: line as a whole no mojibake), the controls must stand in text: a C1 control in a run of
#: at least this many invisible characters (C1 and C0 controls, spaces other than U+0020,
#: format characters) is a table of characters (the Big List of Naughty Strings' C1 row,
#: a list of whitespace holding NEL), not a quote, dash or ellipsis of a Windows text
#: (``\x93좋다\x94``, ``wait\x85``, ``\xa0\x96``: at most two together).
C1_TABLE_RUN = 3
_INVISIBLE_RUN_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
    f"{{{C1_TABLE_RUN},}}")
_C1_RE = re.compile("[\x80-\x9f]")
#: A C1 control that cp1252 reads as a quote or a bullet, glued on both sides, one side a
#: letter of a script no single-byte code page writes: in ``기본ꮀ\x92입니다`` and
#: ``포\x95¨할`` (Korean catalogue strings, a red-team run) bytes of a character were lost,
#: and reading the control as ``’`` or ``•`` hid the loss.  A quote that pairs on the line
#: (``“좋다\x94고``) is a quote.
_C1_IN_WORD_RE = re.compile("(?<=[^\\s\x00-\u024f])[\x91-\x95](?=\\S)"
                            "|(?<=\\S)[\x91-\x95](?=[^\\s\x00-\u024f])")
_C1_ANY_RE = re.compile("[\x91-\x95]")
#: Confidence of the TF104 flag on such a control (a character lost, most likely).
C1_IN_WORD_CONFIDENCE = 0.45


def _is_letter(c: str) -> bool:
    """A letter of a script (ª º µ are Latin-1 signs here), or a sign of the scripts that
    2-byte UTF-8 decodes to (Greek to NKo: ``׳``)."""
    return (c.isalpha() and not "\u00a0" <= c < "\u00c0") or "\u0370" <= c <= "\u07ff"


def _words(text: str) -> list[str]:
    """Runs of letters with their combining marks (Devanagari vowel signs stay inside); the
    signs of the scripts that 2-byte UTF-8 decodes to (Greek to NKo: ``׳``) count as letters."""
    out, word = [], ""
    for c in text:
        if _is_letter(c) or (word and unicodedata.category(c).startswith("M")):
            word += c
        else:
            if word:
                out.append(word)
            word = ""
    return [*out, word] if word else out
#: A line that already holds Hangul was decoded right; Latin-1 symbols in it (``§13·§22``)
#: are its own unless they decode to at least this many syllables.
MIN_SYLLABLES_BESIDE_HANGUL = 6

# UTF-8 read as CP949: runs of Hangul and Hanja that contain at least one Hanja.
_CJK_RUN_RE = re.compile("[^\\x00-\\x7f\\s][^\\x00-\\x7f\\s]+")  # CP949's two-byte characters, any kind
_MOJIBAKE_CORE_RE = re.compile(f"[{HANGUL}{HANJA}]")
_HANJA_RE = re.compile("[\u4e00-\u9fff\uf900-\ufaff]")
# The mojibake of U+FFFD U+FFFD read back as CP949, and U+FFFD runs.
_LOST_RE = re.compile("(?:占쏙옙)+|\ufffd+")


def _decode_cp949_run(run: str) -> tuple[str, bool] | None:
    """``run`` re-decoded as CP949 if it reads as CP949 Hangul, and whether it is also UTF-8."""
    for codec in ("latin-1", "sloppy-windows-1252"):
        try:
            raw = run.encode(codec)
        except UnicodeEncodeError:
            continue
        try:
            raw.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        try:
            decoded = raw.decode("cp949")
        except UnicodeDecodeError:
            continue
        syllables = sum(map(is_syllable, decoded))
        # KS X 1001 also holds symbols (①, ※, ·): a few among the syllables are fine
        others = sum(ord(c) > 0x7F and not is_syllable(c) and not is_hanja(c) for c in decoded)
        if syllables and others <= syllables // 5:
            return decoded, utf8
    return None


def _cp949_findings(line: str, offset: int) -> list[Detection]:
    """Runs of one line are judged together: short runs count with their neighbours.

    A run that is also valid UTF-8 (``Ã¹`` is both ``첫`` and ``ù``) is ftfy's case unless
    the rest of the line is clearly CP949.
    """
    runs = []
    for m in CP949_RUN_RE.finditer(line):
        before = line[m.start() - 1] if m.start() else " "
        after = line[m.end()] if m.end() < len(line) else " "
        latin_before = before.isascii() and before.isalpha()
        latin_after = after.isascii() and after.isalpha()
        if latin_before and latin_after:
            continue  # glued into a Latin word on both sides (HÅØYA): not a Korean word
        if before in _CP_HIGH_SET or after in _CP_HIGH_SET:
            continue  # an odd number of high characters: not a run of 2-byte characters
        decoded = _decode_cp949_run(m.group())
        if decoded is None:
            continue
        if decoded[1] and (latin_before or latin_after):
            continue  # valid UTF-8 glued to a Latin word (cafÃ©): Latin mojibake, ftfy's case
        runs.append((m, *decoded))
    sure = "".join(d for _, d, utf8 in runs if not utf8)
    syllables = sum(map(is_syllable, sure))
    threshold = PLAUSIBLE_SHORT if syllables < 4 else PLAUSIBLE_MEDIUM if syllables < 8 else PLAUSIBLE_LONG
    if syllables < MIN_CP949_SYLLABLES or korean_plausibility(sure) < threshold:
        return []
    if _HANGUL_RE.search(line):
        # a line already decoded as Korean rarely holds CP949 mojibake as well: only runs
        # with Latin-1 letters in them count (half of CP949's bytes show as letters; runs of
        # symbols alone, such as §·°, are the line's own punctuation)
        lettered = "".join(d for m, d, utf8 in runs
                           if not utf8 and any(c >= "\u00c0" and c.isalpha() for c in m.group()))
        if sum(map(is_syllable, lettered)) < MIN_SYLLABLES_BESIDE_HANGUL:
            return []
    conf = min(CP949_MAX, CP949_BASE + CP949_PER_SYLLABLE * syllables)
    return [
        RULES["TF102"].detect(offset + m.start(), offset + m.end(),
                "CP949/EUC-KR bytes were decoded as Latin-1/cp1252; re-decoded as CP949",
                conf, (Edit(offset + m.start(), offset + m.end(), decoded),))
        for m, decoded, _ in runs
    ]


def _utf8_as_cp949_findings(line: str, offset: int) -> list[Detection]:
    """UTF-8 read as CP949, judged on the whole line: every mojibake run re-decodes, or none
    does (a half-converted line is worse to read than either).  A run that mixes Hangul and
    Hanja but does not re-decode lost bytes: then the line is flagged, not converted.  Runs
    of Hanja alone that do not re-decode are the text's own (大韓民國).  A line without a
    Hangul syllable is never this mojibake (:func:`utf8_as_cp949_lines`)."""
    if not _HANGUL_RE.search(line):
        return []
    decoded: list[tuple[int, int, str]] = []
    lost = False
    for m in _CJK_RUN_RE.finditer(line):
        if not _HANJA_RE.search(m.group()):
            continue
        found = _redecoded(line, m.start(), m.end())
        if found is not None:
            decoded.append(found)
        elif _HANGUL_RE.search(m.group()):
            lost = True
    text = "".join(d for _, _, d in decoded)
    syllables = sum(map(is_syllable, text))
    if (syllables < MIN_CP949_SYLLABLES or _ODD_DECODED_RE.search(text) is not None
            or korean_plausibility(text) < UTF8_AS_CP949_PLAUSIBLE):
        return []
    rule = RULES["TF103"]
    if lost:
        return [rule.detect(offset + a, offset + b,
                            "UTF-8 bytes read as CP949, but part of the line lost bytes and cannot be "
                            "re-decoded: left as it is rather than half converted", UTF8_AS_CP949_CONFIDENCE)
                for a, b, _ in decoded]
    return [rule.detect(offset + a, offset + b,
                        "UTF-8 bytes were decoded as CP949; re-decoded as UTF-8", UTF8_AS_CP949_CONFIDENCE,
                        (Edit(offset + a, offset + b, d),))
            for a, b, d in decoded]


def utf8_as_cp949_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of the lines that may be UTF-8 read as CP949: Hanja and a Hangul
    syllable on the same line.  CP949 reads the last byte of a UTF-8 character (0x80-0xBF)
    with the lead byte of the next as a syllable of its extension, so this mojibake holds
    both; Chinese and Japanese text holds no Hangul (measured: leaving Hangul-less lines out
    changed no result on the corpus, the code-page benchmark or the open-world damage).

    >>> [line for _, line in utf8_as_cp949_lines("移댄뀒怨좊━\\n大韓民國 憲法\\n카테고리")]
    ['移댄뀒怨좊━']
    """
    if not _HANJA_RE.search(text):
        return []
    return [(o, line) for o, line in lines_matching(text, _HANJA_RE) if _HANGUL_RE.search(line)]


def _redecoded(line: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The run ``line[start:end]`` (or the run without punctuation at its edges, which is
    often the text's own: ``寃쎄린”``) as UTF-8 again, if its CP949 bytes are UTF-8."""
    a, b = start, end
    while a < b and not _MOJIBAKE_CORE_RE.match(line[a]):
        a += 1
    while b > a and not _MOJIBAKE_CORE_RE.match(line[b - 1]):
        b -= 1
    for lo, hi in ((start, end), (a, b)):
        try:
            return lo, hi, line[lo:hi].encode("cp949").decode("utf-8")
        except UnicodeError:
            continue
    return None


def _syllables_after(found: list[Detection]) -> int:
    """How many Hangul syllables the findings' edits would produce."""
    return sum(is_syllable(c) for f in found for e in f.edits for c in e.replacement)


@lru_cache(maxsize=8192)  # (asked of every letter of a line; a text has few distinct ones)
def _script(ch: str) -> str:
    """The script of a letter, as the first word of its Unicode name (LATIN, HEBREW, ...)."""
    return unicodedata.name(ch, "?").split(" ")[0]


@lru_cache(maxsize=8192)
def _letter_script(ch: str) -> str | None:
    """None for a character Unicode does not assign, the script of a letter
    (:func:`_is_letter`, :func:`_script`), "" for anything else."""
    if unicodedata.category(ch) == "Cn":
        return None
    return _script(ch) if _is_letter(ch) else ""


def _implausible_repair(line: str, edit: Edit, offset: int) -> bool:
    """Whether ``edit`` makes characters Unicode does not assign, or brings in a script seen
    nowhere else on the line as lone letters (``가 ×¡`` -> ``가 ס``; ``ÇÏ¼¼`` -> ``Çϼ¼`` in
    CP949 mojibake): a symbol pair, not mojibake.  A lone letter stays a repair when it is
    glued into an ASCII word (``IL2RÎ³cKO`` -> ``IL2RγcKO``) or came from a long stretch
    (double encoding)."""
    kinds = {c: _letter_script(c) for c in set(edit.replacement)}
    if None in kinds.values():
        return True
    letters = {c: script for c, script in kinds.items() if script}
    if not letters:
        return False
    scripts = set(letters.values())
    in_runs: set[str] = set()  # the scripts of which the repair writes a run long enough
    run, before = 0, ""
    for c in edit.replacement:
        script = letters.get(c, "")
        run = run + 1 if script and script == before else 1 if script else 0
        if run >= MIN_NEW_SCRIPT_LETTERS:
            in_runs.add(script)
            if len(in_runs) == len(scripts):
                return False  # every script it writes comes in a run: no lone letter, new or not
        before = script
    start, end = edit.start - offset, edit.end - offset
    rest = line[:start] + line[end:]
    seen = {_script(c) for word in _words(rest) for c in word}
    new = {script for script in scripts if script not in seen}
    if not new or not new.isdisjoint(in_runs):
        return False  # no new script, or a run of one
    glued = any(c.isascii() and c.isalpha() for c in (line[start - 1:start], line[end:end + 1]) if c)
    return not glued and end - start <= TWO_BYTE_PAIR * len(edit.replacement)


def _ftfy_findings(line: str, offset: int) -> list[Detection]:
    fixed = ftfy.fix_encoding_and_explain(line)
    if fixed.text == line or _partial_repair(line, fixed.text) or _c1_table(line, fixed.explanation):
        return []
    if _c1_in_word(line, fixed.explanation):
        return []  # (a TF104 flag: _lost_findings)
    edit = smallest_edit(line, fixed.text, offset)
    if _implausible_repair(line, edit, offset):
        return []
    plan = ", ".join(f"{a} {p}" for a, p in (fixed.explanation or []))
    return [RULES["TF101"].detect(edit.start, edit.end,
        f"mojibake repaired by ftfy ({plan})", FTFY_CONFIDENCE, (edit,)
    )]


def _c1_table(line: str, plan) -> bool:
    """Whether ftfy's repair only read C1 controls as cp1252's signs (``fix_c1_controls``)
    and one of them stands among invisible characters (:data:`C1_TABLE_RUN`): a table of
    characters, not a Windows text's punctuation.

    >>> table = "".join(map(chr, range(0x80, 0xA0)))
    >>> _c1_table(table, ftfy.fix_encoding_and_explain(table).explanation)
    True
    >>> line = "그는 \x93좋다\x94고 했다\x85"
    >>> ftfy.fix_encoding(line), _c1_table(line, ftfy.fix_encoding_and_explain(line).explanation)
    ('그는 “좋다”고 했다…', False)
    """
    return _only_c1_controls(plan) and any(_C1_RE.search(m.group()) for m in _INVISIBLE_RUN_RE.finditer(line))


def _only_c1_controls(plan) -> bool:
    """Whether ftfy's only step was reading C1 controls as cp1252's signs."""
    return bool(plan) and all(step == ("transcode", "fix_c1_controls") for step in plan)


def _c1_in_word(line: str, plan) -> bool:
    """Whether ftfy's only step reads C1 controls as cp1252's signs and one of them stands
    inside a word of another script (:func:`_c1_lost`).

    >>> line = "이 옵션이 기본ꮀ\x92입니다."
    >>> _c1_in_word(line, ftfy.fix_encoding_and_explain(line).explanation)
    True
    """
    return _only_c1_controls(plan) and bool(_c1_lost(line))


def _c1_lost(line: str) -> list[int]:
    """Where C1 controls stand inside a word of another script (:data:`_C1_IN_WORD_RE`),
    but for a quote that its partner pairs on the line.

    >>> _c1_lost("옵션이 기본ꮀ\x92입니다. 필드에 포\x95¨할"), _c1_lost("그는 \x93좋다\x94고 했다\x85")
    ([7, 18], [])
    """
    out = []
    for m in _C1_IN_WORD_RE.finditer(line):
        i, ch = m.start(), m.group()
        where = line[:i] if ch in "\x92\x94" else line[i + 1:]
        if not any(p in where for p in _C1_PAIRS.get(ch, "")):
            out.append(i)
    return out


#: Each C1 quote's partners (as C1 and as the quote): what pairs it.
_C1_PAIRS = {"\x91": "\x92’", "\x92": "\x91‘", "\x93": "\x94”", "\x94": "\x93“"}


def _partial_repair(line: str, fixed: str) -> bool:
    """Whether ftfy's repair of ``line`` (``fixed``) left as it was a run of code-page
    characters apart from any Latin word, whose bytes are not UTF-8 (:data:`LEFT_LEGACY_RUN`):
    that part of the line is a legacy code page's, and so is the pair ftfy repaired.

    >>> line = "Ã¶·û´ÜÁö:ôÑ×Ç´ÜÁö:"  # CP949 read as Latin-1: 철륜단지:鐵輪단지:
    >>> ftfy.fix_encoding(line)[:3], _partial_repair(line, ftfy.fix_encoding(line))
    ('ö·û', True)
    >>> line = "Ä¶¸®Æ÷´Ï¾Æ¸äÅä³¢"  # 캘리포니아멧토끼: ftfy reads Ä¶ as UTF-8, leaves the rest
    >>> ftfy.fix_encoding(line)[:2], _partial_repair(line, ftfy.fix_encoding(line))
    ('\u034f®', True)
    >>> line = "cafÃ© au lait, Ã©tÃ© Â±2Â°, Ærø fæði ±5° ··· â€” ÃƒÂ©"
    >>> _partial_repair(line, ftfy.fix_encoding(line))
    False
    """
    # (the runs of what ftfy left: a run of the line it repaired in part is no longer whole)
    for m in _LEFT_LEGACY_RUN_RE.finditer(fixed):
        run = m.group()
        if run in line and run.count(run[0]) < len(run) and not all(codepages.utf8_cover(LATIN.encode(run))):
            return True
    return False


def _lost_findings(line: str, offset: int) -> list[Detection]:
    return [
        RULES["TF104"].detect(offset + m.start(), offset + m.end(),
                "text was replaced before it was stored (replacement characters); "
                "it cannot be recovered from this copy", LOST_TEXT_CONFIDENCE)
        for m in _LOST_RE.finditer(line)
    ] + [
        RULES["TF104"].detect(offset + i, offset + i + 1,
            f"C1 control U+{ord(line[i]):04X} inside a word of another script: bytes of a character "
            "were lost (it is no Windows quote or bullet); left as it is", C1_IN_WORD_CONFIDENCE)
        for i in (_c1_lost(line) if _C1_ANY_RE.search(line) else ())
    ]


def _script_letters(found: list[Detection], lang: str) -> int:
    """How many letters of ``lang``'s script the findings' edits would produce."""
    letters = codepages.LETTERS[lang]
    return sum(char_class(c) in letters for f in found for e in f.edits for c in e.replacement)


#: Latin letters that 2-byte UTF-8 spells from CP949's Hangul lead bytes (0xC4-0xCA: ĸ Ű Ƚ ɳ).
_LATIN_EXTENDED_RE = re.compile("[\u0100-\u02af]")
_LETTERS_RE = re.compile(r"[^\W\d_][^\W\d_]*")  # (opens with a class: see textfix.lines)
#: Hangul syllables the CP949 reading of a lone-letter ftfy repair must give, every pair of
#: the stretch a syllable or a Hanja of KS X 1001 (what Korean text is written in).
KOREAN_INSTEAD = 1


def _korean_instead(line: str, edit: Edit, offset: int) -> str | None:
    """The CP949 reading of the stretch ftfy's ``edit`` repairs, when that reads as Hangul
    syllables and Hanja of KS X 1001 only and ftfy's letters stand apart from every Latin
    word, one of them of Latin Extended or IPA: short CP949 mojibake whose bytes are UTF-8
    by chance (캡처 is ``Ä¸Ã³``, and ``ĸó`` as UTF-8; 키 is ``Å°``, ``Ű``).  A Latin word
    holds ASCII letters beside its accents (Łódź), so ftfy's repairs of Latin text are
    never taken for it.

    >>> line = "캡처".encode("cp949").decode("latin-1")
    >>> _korean_instead(line, _ftfy_findings(line, 0)[0].edits[0], 0)
    '캡처'
    >>> line = "Łódź".encode("utf-8").decode("latin-1")
    >>> _korean_instead(line, _ftfy_findings(line, 0)[0].edits[0], 0) is None
    True
    """
    start, end = edit.start - offset, edit.end - offset
    fixed = line[:start] + edit.replacement + line[end:]
    if _LATIN_EXTENDED_RE.search(fixed) is None:
        return None  # (the common case, scanned once: no word can hold such a letter)
    lo, hi = start, start + len(edit.replacement)
    extended = False
    for m in _LETTERS_RE.finditer(fixed):
        if m.end() <= lo or m.start() >= hi:
            continue
        if any(c.isascii() for c in m.group()):
            return None  # a Latin word
        extended = extended or _LATIN_EXTENDED_RE.search(m.group()) is not None
    if not extended:
        return None
    while start > 0 and not line[start - 1].isascii():  # the whole stretch, read as CP949 pairs
        start -= 1
    while end < len(line) and not line[end].isascii():
        end += 1
    try:
        raw = LATIN.encode(line[start:end])
    except KeyError:
        return None
    i = syllables = 0
    while i < len(raw):
        if raw[i] < 0x80:
            i += 1
            continue
        lead, trail = raw[i], raw[i + 1] if i + 1 < len(raw) else 0
        hangul = lead in KS_HANGUL_LEADS
        if not ((hangul or lead in KS_HANJA_LEADS) and trail in KS_TRAILS):
            return None  # not a syllable or Hanja of KS X 1001 (Vietnamese đ is 0xC4 0x91 as UTF-8)
        syllables += hangul
        i += 2
    return raw.decode("cp949") if syllables >= KOREAN_INSTEAD else None


def _disputed_with_korean(edit: Edit, korean: str) -> Detection:
    """TF105's flag on a repair ftfy would make where the same bytes read as Korean."""
    return RULES["TF105"].detect(edit.start, edit.end,
        f"looks like mojibake, but UTF-8 reads it as {edit.replacement!r} (ftfy) and CP949 as {korean!r}; "
        "not repaired, a reader can tell", codepages.DISPUTED_CONFIDENCE)


def _mojibake_findings(line: str, offset: int) -> list[Detection]:
    """Legacy code pages (one design for every chain, CP949 included) or ftfy's UTF-8 repair:
    the code page wins where ftfy would make fewer letters of its script (ftfy cannot read
    CP949, GBK or cp1251 mojibake and would damage it for good)."""
    legacy = codepages.findings(line, offset)
    utf8 = _ftfy_findings(line, offset) if SUSPECT_RE.search(line) else []
    if utf8 and not (legacy and legacy[0].edits) and (
            korean := _korean_instead(line, utf8[0].edits[0], offset)):
        return [_disputed_with_korean(utf8[0].edits[0], korean)]
    if legacy and not legacy[0].edits:  # code pages disputed: flagged, unless ftfy repairs it
        return utf8 or legacy
    if legacy:
        lang = codepages.chain_of(legacy[0]).lang
        if _script_letters(utf8, lang) < _script_letters(legacy, lang):
            return legacy + _ftfy_between(line, offset, legacy)
    return utf8


def _ftfy_between(line: str, offset: int, legacy: list[Detection]) -> list[Detection]:
    """ftfy's repairs of the parts of a line that the code-page findings leave alone
    (``¾È³çÇÏ¼¼¿ä,cafÃ©``: CP949 and UTF-8 mojibake on one line)."""
    out, pos = [], 0
    for d in [*sorted(legacy, key=lambda d: d.start), None]:
        end = d.start - offset if d is not None else len(line)
        piece = line[pos:end]
        if SUSPECT_RE.search(piece):
            out.extend(f for f in _ftfy_findings(piece, offset + pos)
                       if not _korean_instead(piece, f.edits[0], offset + pos))
        if d is not None:
            pos = d.end - offset
    return out


#: A rebuilt syllable is written when the search's mass agrees with it at least this much,
#: below it stays U+FFFD and is flagged; the key says whether a language model has read it
#: (:meth:`textfix.korean.lossy.Recovery.rerank`).  Measured on the tune split of
#: cases-encoding.jsonl (CPython's one byte per U+FFFD), with the character model's counts
#: of each case's own string left out: 0.999 with the character model alone; 0.999 once
#: kiwi has read every rebuilt character (no wrong syllable written of 2,900, 69 strings in
#: 100 exact, against 4 wrong and 66 exact at 0.995 when kiwi read only the unsure ones).
#: Kiwi now reads up to eight characters the bytes can make at each gap (not only those the
#: search's beam kept), in two rounds; the open-world tune split (catalogue strings, not in
#: the character model's counts) gives 0.9937 of written syllables right with kiwi, 0.9974
#: without: no threshold on its posterior reaches 0.999 there, as kiwi is sure of its
#: misreadings (가수 for 갯수).
#: A browser's U+FFFD loses two bytes: no threshold reaches 0.999 there (0.993 at best),
#: so its syllables are never written, only the bytes that survived.
LOSSY_APPLY = {("python", False): 0.999, ("python", True): 0.999, ("browser", False): 2.0,
               ("browser", True): 2.0}
#: Rounds of reading: the second reads again every character whose neighbours the first
#: round changed (open-world tune split: 4 more strings of 300 exact, 31 fewer U+FFFD left,
#: no more wrong).
LM_PASSES = 2
#: Characters of a stretch searched at once (cut after a space): keeps each search small.
LOSSY_CHUNK = 120
#: Characters the lossy search may still read in one repair: past it, lost text is flagged.
LOSSY_BUDGET_BASE, LOSSY_BUDGET_PER_CHAR = 20_000, 2


def _cp949_stretches(line: str) -> list[tuple[int, str]]:
    """(offset, text) of the stretches of ``line`` CP949 can write (U+FFFD included), trimmed
    of spaces: what a CP949 decoder may have produced."""
    out, start = [], None
    for i, ch in enumerate(line + "\n"):
        if ch != "\n" and (ch == "\ufffd" or ch.isascii() or _cp949_char(ch)):
            if start is None:
                start = i
            continue
        if start is not None:
            piece = line[start:i]
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, piece.strip()))
            start = None
    return [(i, p) for i, p in out if p]


@lru_cache(maxsize=65536)
def _cp949_char(ch: str) -> bool:
    try:
        ch.encode("cp949")
    except UnicodeEncodeError:
        return False
    return True


def _lossy_findings(line: str, offset: int, ctx) -> list[Detection]:
    """UTF-8 Korean read as CP949 with replacement characters (:mod:`textfix.korean.lossy`):
    each stretch is rebuilt chunk by chunk (a space is a boundary in both encodings), the
    syllables the search is sure of written, the rest left as one U+FFFD each and flagged;
    nothing when a chunk's known bytes are not UTF-8 (never half a stretch converted)."""
    out: list[Detection] = []
    budget = ctx.budget("lossy-korean", LOSSY_BUDGET_BASE + LOSSY_BUDGET_PER_CHAR * ctx.size) if ctx else None
    runs: list[tuple[int, str, lossy.Recovery]] = []
    for start_in_line, run in _cp949_stretches(line):
        if "\ufffd" not in run or not _MOJIBAKE_CORE_RE.search(run):
            continue
        if budget is not None and not budget.spend(len(run)):
            break  # past the budget: the replacement characters are flagged as lost
        chunks = [(a, c) for a, c in _chunks(run) if _MOJIBAKE_CORE_RE.search(c) or "\ufffd" in c]
        found = [lossy.recover(c) for _, c in chunks]
        if not found or any(f is None for f in found):
            continue
        runs += [(offset + start_in_line + a, chunk, rec)
                 for (a, chunk), rec in zip(chunks, found, strict=True) if rec is not None]
    # a reading can only change what is written where a read syllable may be written: never
    # in a browser's style (LOSSY_APPLY above 1), whose rebuilt syllables all stay U+FFFD
    readable = [rec for _, _, rec in runs if LOSSY_APPLY[rec.style, True] <= 1.0]
    scorer = (ctx.language_model() if ctx is not None and readable else None) or None
    if scorer is not None:  # the unsure syllables of every chunk first: where kiwi's budget matters
        for again in range(LM_PASSES):
            for rec in readable if again else ():
                rec.read = [False] * len(rec.restored)  # read again (unchanged contexts are skipped)
            for group in ("unsure", "sure"):
                for rec in readable:
                    rec.rerank(scorer, group=group)
    for start, chunk, rec in runs:
        d = _lossy_detection(chunk, rec, start)
        if d is not None:
            out.append(d)
    return out


def _chunks(run: str) -> list[tuple[int, str]]:
    """(offset, text) of pieces of ``run`` of about :data:`LOSSY_CHUNK` characters, cut after
    spaces (no CP949 or UTF-8 character spans a space): each is searched on its own."""
    out, start = [], 0
    while start < len(run):
        end = len(run) if len(run) - start <= LOSSY_CHUNK else run.rfind(" ", start, start + LOSSY_CHUNK) + 1
        if end <= start:
            end = run.find(" ", start + LOSSY_CHUNK) + 1 or len(run)
        out.append((start, run[start:end]))
        start = end
    return out


def _lossy_detection(run: str, found: lossy.Recovery, start: int) -> Detection | None:
    """The TF106 finding of one rebuilt chunk (None when it changes nothing worth it)."""
    read = found.read or [False] * len(found.restored)
    text = list(found.text)
    sure = []
    for i, conf, by_lm in zip(found.restored, found.confidence, read, strict=True):
        if conf >= LOSSY_APPLY[found.style, by_lm]:
            sure.append(conf)
        else:
            text[i] = "\ufffd"
    fixed = "".join(text)
    if fixed == run or (not sum(map(is_syllable, fixed)) and "\ufffd" not in run):
        return None
    end = start + len(run.rstrip())
    fixed = fixed.rstrip()
    left = len(found.restored) - len(sure)
    how = f"{found.style} style: one U+FFFD per {'byte' if found.style == 'python' else 'invalid pair'}"
    msg = (f"UTF-8 bytes read as CP949 with replacement characters ({how}); the lost bytes rebuilt "
           f"under UTF-8's constraints: {len(sure)} syllable(s) restored")
    if left:
        msg += f", {left} left as U+FFFD (too uncertain)"
    conf = min(sure, default=UTF8_AS_CP949_CONFIDENCE)
    return RULES["TF106"].detect(start, end, msg, round(conf, 3), (Edit(start, end, fixed),))


def run(text: str, ctx) -> list[Detection]:
    """Findings of the encoding stage on ``text``."""
    if text.isascii():
        return []
    findings: list[Detection] = []
    suspect = lines_matching(text, SUSPECT_RE) + lines_matching(text, codepages.SUSPECT_RE)
    hanja = utf8_as_cp949_lines(text)
    lost = lines_matching(text, _LOST_RE) if "占쏙옙" in text else []
    for offset, line in sorted(set(suspect + hanja + lost)):
        if "\ufffd" in line and _MOJIBAKE_CORE_RE.search(line):
            found = _lossy_findings(line, offset, ctx)
            if found:
                findings.extend(found)
                continue
        if _HANJA_RE.search(line):
            found = _utf8_as_cp949_findings(line, offset)
            if found:
                findings.extend(found)
                continue
        if SUSPECT_RE.search(line) or codepages.SUSPECT_RE.search(line):
            findings.extend(_mojibake_findings(line, offset))
        findings.extend(_lost_findings(line, offset))
    return findings


def run_ftfy_preset(text: str, ctx) -> list[Detection]:
    """``preset="ftfy"``: ftfy's default ``fix_text`` normalizations on top."""
    fixed = ftfy.fix_text(text)
    if fixed == text:
        return []
    edit = smallest_edit(text, fixed, 0)
    return [RULES["TF190"].detect(edit.start, edit.end,
                    "ftfy's default normalizations (preset='ftfy')", PRESET_CONFIDENCE, (edit,))]
