"""Every rule: its code, kind, what it finds and what its fix is (``textfix rules``)."""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    kind: str
    fix: str  # safe, guess or flag
    summary: str


RULES: dict[str, Rule] = {
    "TF101": Rule("mojibake", "safe", "UTF-8 (and other) text decoded through a Latin code page; ftfy's encoding repair"),
    "TF102": Rule("mojibake-cp949", "safe", "CP949/EUC-KR bytes read as Latin-1/cp1252, re-decoded as CP949"),
    "TF103": Rule("mojibake-utf8-as-cp949", "safe", "UTF-8 bytes read as CP949, re-decoded where no byte was lost"),
    "TF104": Rule("lost-text", "flag", "replacement characters (and 占쏙옙): text lost before it was stored"),
    "TF190": Rule("ftfy-normalization", "safe", "preset='ftfy': ftfy's fix_text normalizations on top"),
    "TF201": Rule("hangul-nfd", "safe", "decomposed Hangul composed, as NFC composes Hangul and nothing else"),
    "TF202": Rule("hangul-jamo-spelled", "safe", "compatibility jamo spelled out letter by letter, composed as typed"),
    "TF203": Rule("hangul-filler-sequence", "safe", "KS X 1001 8-byte syllables (ㅤㅂㅞㄺ) composed"),
    "TF204": Rule("halfwidth-jamo", "safe", "halfwidth jamo mapped to compatibility jamo"),
    "TF205": Rule("invisible-in-word", "safe", "Hangul fillers and zero-width characters inside Hangul words removed"),
    "TF206": Rule("bidi-control", "safe", "bidi controls removed where no right-to-left script is; flagged elsewhere"),
    "TF301": Rule("reversed-runs", "guess", "a paragraph or sentence whose runs are in reverse order, reordered"),
    "TF302": Rule("visual-rtl", "guess", "Hebrew or Arabic stored in visual order, back in logical order"),
    "TF401": Rule("dropped-run", "guess", "short runs dropped by a scraper, restored from an intact copy"),
    "TF402": Rule("quote-orientation", "guess", "a closing quote used to open a quotation, turned"),
    "TF403": Rule("missing-opening-quote", "guess", "a lone closing quote; its opener restored where the phrase is known"),
    "TF404": Rule("unpaired-quote", "flag", "a lone quote with no evidence where its partner goes"),
    "TF405": Rule("empty-brackets", "flag", "brackets whose content was dropped"),
    "TF406": Rule("separator-run", "flag", "separators in a row: list items between them dropped"),
    "TF407": Rule("glued-number", "flag", "a number runs into the next word: a counter or particle dropped"),
    "TF408": Rule("doubled-token", "flag", "the same Latin token twice in a row: a particle between them dropped"),
    "TF409": Rule("missing-particle", "flag", "a closing bracket runs into a quotation: a particle dropped"),
    "TF410": Rule("orphan-particle", "flag", "a particle opens a phrase after a comma: its word was dropped"),
    "TF411": Rule("unbalanced-bracket", "flag", "a bracket that never closes, or closes without opening"),
}
