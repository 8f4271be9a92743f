"""Stage 1: encoding repair.

Rules:

- ``TF101 mojibake``: UTF-8 (and other) text decoded with a Latin single-byte code
  page; repaired by ftfy, used as a library with its encoding steps only (no quote
  uncurling, width folding, NFKC, line-break rewriting or HTML unescaping).
- ``TF102 mojibake-cp949``: CP949/EUC-KR bytes read as Latin-1 or cp1252
  (``¾È³çÇÏ¼¼¿ä`` for ``안녕하세요``), which ftfy cannot fix and even makes worse;
  checked before ftfy runs.
- ``TF103 mojibake-utf8-as-cp949``: UTF-8 bytes read as CP949 (``寃쎄린`` for ``경기``),
  repaired where no byte was lost.
- ``TF104 lost-text``: replacement characters and their mojibake (``占쏙옙``): the text
  was already gone; flagged, never "fixed".

A cheap scan (:data:`SUSPECT_RE`) decides per line whether any of this can apply, so
clean text never reaches ftfy.

>>> from textfix.pipeline import Context
>>> from textfix.config import Config
>>> [f.after for f in run("¹®ÀÚ ±úÁü Å×½ºÆ®", Context(Config()))]
['문자 깨짐 테스트']
"""

from __future__ import annotations

import re

import ftfy
import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-* codecs

from textfix.korean import is_hanja, is_syllable, korean_plausibility
from textfix.model import Applicability, Edit, Finding

# Code pages ftfy knows how to undo; every character that a high byte (0x80-0xFF)
# decodes to in one of them can be part of mojibake.
_CODEPAGES = (
    "latin-1", "sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250",
    "sloppy-windows-1253", "sloppy-windows-1254", "sloppy-windows-1257", "iso-8859-2",
    "macroman", "cp437",
)


def _high_chars() -> str:
    chars: set[str] = set()
    for cp in _CODEPAGES:
        chars.update(bytes(range(0x80, 0x100)).decode(cp, errors="ignore"))
    return "".join(sorted(chars))


def _char_class(chars: str) -> str:
    return "".join(re.escape(c) for c in chars)


_HIGH = _char_class(_high_chars())
#: Mojibake needs two high characters in a row (a lead and a continuation byte),
#: a C1 control, or a high character before a space (a 0xA0 that became a space).
SUSPECT_RE = re.compile(f"[\x80-\x9f]|[{_HIGH}][{_HIGH} ]|\ufffd")

# CP949 read as Latin-1/cp1252: lead bytes 0x81-0xFE, trail bytes 0x41-0xFE.
_CP_HIGH = "".join(sorted(set(bytes(range(0x81, 0xFF)).decode("latin-1"))
                          | set(bytes(range(0x81, 0xFF)).decode("sloppy-windows-1252"))))
_H = f"[{_char_class(_CP_HIGH)}]"
_PAIR = f"{_H}[{_char_class(_CP_HIGH)}A-Za-z]"
_FILLER = r"[ -@\[-`{-~]"
CP949_RUN_RE = re.compile(f"(?:{_PAIR})+(?:{_FILLER}+(?:{_PAIR})+)*")

# UTF-8 read as CP949: runs of Hangul and Hanja that contain at least one Hanja.
_CJK_RUN_RE = re.compile("[\uac00-\ud7a3\u4e00-\u9fff\uf900-\ufaff]{2,}")
_HANJA_RE = re.compile("[\u4e00-\u9fff\uf900-\ufaff]")
# The mojibake of U+FFFD U+FFFD read back as CP949, and U+FFFD runs.
_LOST_RE = re.compile("(?:占쏙옙)+|\ufffd+")


def _lines(text: str):
    """Yield (offset, line without its newline) for each line."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _trim_edit(old: str, new: str, offset: int) -> Edit:
    """The smallest single edit turning ``old`` into ``new`` (shared prefix/suffix kept)."""
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return Edit(offset + p, offset + len(old) - s, new[p : len(new) - s])


def _decode_cp949_run(run: str) -> str | None:
    """Re-decode ``run`` as CP949 if it is Latin-1/cp1252-read CP949 and clearly Korean."""
    for codec in ("latin-1", "sloppy-windows-1252"):
        try:
            raw = run.encode(codec)
        except UnicodeEncodeError:
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return None  # valid UTF-8: ftfy's case, not ours
        try:
            decoded = raw.decode("cp949")
        except UnicodeDecodeError:
            continue
        syllables = sum(1 for c in decoded if is_syllable(c))
        others = sum(1 for c in decoded if ord(c) > 0x7F and not is_syllable(c) and not is_hanja(c))
        if syllables < 2 or others:
            continue
        if korean_plausibility(decoded) >= (0.99 if syllables < 4 else 0.8):
            return decoded
    return None


def _cp949_findings(line: str, offset: int) -> list[Finding]:
    out = []
    for m in CP949_RUN_RE.finditer(line):
        decoded = _decode_cp949_run(m.group())
        if decoded is None:
            continue
        conf = min(0.99, 0.8 + 0.02 * sum(map(is_syllable, decoded)))
        out.append(Finding(
            "TF102", "mojibake-cp949", offset + m.start(), offset + m.end(),
            "CP949/EUC-KR bytes were decoded as Latin-1/cp1252; re-decoded as CP949",
            conf, (Edit(offset + m.start(), offset + m.end(), decoded),), Applicability.SAFE,
        ))
    return out


def _utf8_as_cp949_findings(line: str, offset: int) -> list[Finding]:
    out = []
    for m in _CJK_RUN_RE.finditer(line):
        run = m.group()
        if not _HANJA_RE.search(run):
            continue
        try:
            decoded = run.encode("cp949").decode("utf-8")
        except UnicodeError:
            continue
        syllables = sum(1 for c in decoded if is_syllable(c))
        if syllables < 2 or syllables < 0.6 * len(decoded) or korean_plausibility(decoded) < 0.6:
            continue
        out.append(Finding(
            "TF103", "mojibake-utf8-as-cp949", offset + m.start(), offset + m.end(),
            "UTF-8 bytes were decoded as CP949; re-decoded as UTF-8", 0.95,
            (Edit(offset + m.start(), offset + m.end(), decoded),), Applicability.SAFE,
        ))
    return out


def _ftfy_findings(line: str, offset: int) -> list[Finding]:
    fixed = ftfy.fix_encoding_and_explain(line)
    if fixed.text == line:
        return []
    edit = _trim_edit(line, fixed.text, offset)
    plan = ", ".join(f"{a} {p}" for a, p in (fixed.explanation or []))
    return [Finding(
        "TF101", "mojibake", edit.start, edit.end,
        f"mojibake repaired by ftfy ({plan})", 0.95, (edit,), Applicability.SAFE,
    )]


def _lost_findings(line: str, offset: int) -> list[Finding]:
    return [
        Finding("TF104", "lost-text", offset + m.start(), offset + m.end(),
                "text was replaced before it was stored (replacement characters); "
                "it cannot be recovered from this copy", 0.6)
        for m in _LOST_RE.finditer(line)
    ]


def run(text: str, ctx) -> list[Finding]:
    """Findings of the encoding stage on ``text``."""
    if text.isascii():
        return []
    findings: list[Finding] = []
    has_cjk = _HANJA_RE.search(text) is not None
    has_lost = "占쏙옙" in text or "\ufffd" in text
    for offset, line in _lines(text):
        if line.isascii():
            continue
        if has_cjk and _HANJA_RE.search(line):
            found = _utf8_as_cp949_findings(line, offset)
            if found:
                findings.extend(found)
                continue
        if SUSPECT_RE.search(line):
            found = _cp949_findings(line, offset)
            if found:
                findings.extend(found)
                continue  # ftfy would damage the rest of this line: next pass
            findings.extend(_ftfy_findings(line, offset))
        if has_lost:
            findings.extend(_lost_findings(line, offset))
    return findings


def run_ftfy_preset(text: str, ctx) -> list[Finding]:
    """``preset="ftfy"``: ftfy's default ``fix_text`` normalizations on top."""
    fixed = ftfy.fix_text(text)
    if fixed == text:
        return []
    edit = _trim_edit(text, fixed, 0)
    return [Finding("TF190", "ftfy-normalization", edit.start, edit.end,
                    "ftfy's default normalizations (preset='ftfy')", 1.0, (edit,),
                    Applicability.SAFE)]
