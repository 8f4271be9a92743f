"""Damage generators for Hebrew and Arabic stored in visual order (rule TF302).

A right-to-left string is *displayed* (put in visual order, left to right as the glyphs
stand on screen) and the display is stored as if it were the text:

- :func:`visual_order`: python-bidi's ``get_display`` (its current implementation of the
  Unicode bidi algorithm: bracket pairs resolved, nothing mirrored);
- :func:`visual_order_legacy`: python-bidi's older ``bidi.algorithm`` (no bracket pairs;
  brackets at right-to-left levels mirrored, as PDF glyph streams carry them), when the
  installed python-bidi still ships it;
- :func:`shaped_visual_order`: Arabic shaped into presentation forms first
  (``arabic_reshaper``, as a PDF's glyphs are), then displayed: what PDF extraction yields.

Each takes the logical text and returns ``(broken, span)``, or None when it cannot apply
(the display is the text itself, or the library is missing).  The paragraph direction is
right-to-left, as the strings' own languages are written.

>>> visual_order("שלום עולם")
('םלוע םולש', (0, 9))
>>> visual_order("abc") is None
True
"""

from __future__ import annotations

from typing import Any

from textfix.damage import Damage


def visual_order(text: str) -> Damage | None:
    """``text`` displayed right-to-left by python-bidi and stored in that order."""
    from bidi import get_display

    broken = get_display(text, base_dir="R")
    return None if broken == text else (broken, (0, len(broken)))


def legacy_display() -> Any | None:
    """python-bidi's legacy ``get_display`` (``bidi.algorithm``), or None when not installed."""
    try:
        from bidi.algorithm import get_display
    except ImportError:  # pragma: no cover - python-bidi without its legacy module
        return None
    return get_display


def visual_order_legacy(text: str) -> Damage | None:
    """``text`` displayed right-to-left by python-bidi's legacy algorithm (brackets mirrored,
    no bracket pairs) and stored in that order; None without the legacy module.

    >>> visual_order_legacy("שלום (abc)")[0]
    '(abc) םולש'
    """
    display = legacy_display()
    if display is None:
        return None
    broken = display(text, base_dir="R")
    return None if broken == text else (broken, (0, len(broken)))


def _reshaper() -> Any | None:
    try:
        import arabic_reshaper
    except ImportError:  # pragma: no cover - a test and benchmark dependency
        return None
    # marks (harakat) are kept, so that the original text is the gold
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


def shaped(text: str) -> str | None:
    """``text`` with its Arabic letters in presentation forms (``arabic_reshaper``), or None
    when arabic_reshaper is not installed."""
    reshaper = _reshaper()
    return None if reshaper is None else reshaper.reshape(text)


def shaped_visual_order(text: str) -> Damage | None:
    """Arabic shaped into presentation forms and displayed right-to-left, as PDF extraction
    gives it; None without arabic_reshaper or when nothing was shaped."""
    glyphs = shaped(text)
    if glyphs is None or glyphs == text:
        return None
    from bidi import get_display

    broken = get_display(glyphs, base_dir="R")
    return broken, (0, len(broken))
