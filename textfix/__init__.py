"""textfix: repair broken text (mojibake incl. CP949/EUC-KR, Hangul normalization,
reversed layout, dropped text) and explain every change.

>>> import textfix
>>> textfix.repair("¾È³çÇÏ¼¼¿ä").text
'안녕하세요'
>>> textfix.repair("깨끗한 문장은 그대로 둡니다.").changed
False
"""

from __future__ import annotations

from typing import Any

from textfix.config import Config
from textfix.model import Applicability, Edit, Finding, Repair
from textfix.repairer import Repairer

__all__ = [
    "Applicability", "Config", "Edit", "Finding", "Repair", "Repairer", "detect", "repair",
    "repair_batch", "repair_like_ftfy", "to_logical",
]
__version__ = "0.1.0"


def _check_text(text: object, what: str) -> str:
    if isinstance(text, (bytes, bytearray, memoryview)):
        msg = (
            f"textfix.{what}() takes str, not bytes: decode first, e.g. "
            "data.decode('utf-8') (or 'cp949' for legacy Korean files), or use "
            "textfix.io.read_text(path) which detects the encoding"
        )
        raise TypeError(msg)
    if not isinstance(text, str):
        msg = f"textfix.{what}() takes str, not {type(text).__name__}"
        raise TypeError(msg)
    return text


_DEFAULT = Config()  # immutable: shared by every call that names no configuration


def _config(config: Config | None, overrides: dict[str, Any]) -> Config:
    base = config or _DEFAULT
    return base.replace(**overrides) if overrides else base


def repair(text: str, *, reference: str | None = None, config: Config | None = None,
           **overrides: Any) -> Repair:
    """Repair ``text`` and return a :class:`Repair` with the text and every finding.

    ``reference`` is another copy of the same content used as evidence for restoring
    dropped text.  Keyword overrides change single :class:`Config` fields, e.g.
    ``repair(text, min_confidence=0.7)`` or ``repair(text, preset="ftfy")``.
    """
    from textfix import pipeline

    text = _check_text(text, "repair")
    if reference is not None:
        reference = _check_text(reference, "repair")
    return pipeline.run(text, _config(config, overrides), reference)


def detect(text: str, *, reference: str | None = None, config: Config | None = None,
           **overrides: Any) -> list[Finding]:
    """The findings :func:`repair` would report, without returning a repaired text.

    ``Finding.applied`` says whether ``repair`` would apply the finding's edits.
    """
    text = _check_text(text, "detect")
    return repair(text, reference=reference, config=config, **overrides).findings


def repair_batch(texts: Any, *, config: Config | None = None, **overrides: Any) -> Any:
    """The repaired text of each of ``texts`` (a list, any iterable, or a pandas Series,
    which comes back as a Series), with ``None`` and NaN passed through; for many batches,
    make one :class:`Repairer` and call its ``repair_batch``.

    >>> repair_batch(["¾È³çÇÏ¼¼¿ä", None, "clean"])
    ['안녕하세요', None, 'clean']
    """
    return Repairer(config, **overrides).repair_batch(texts)


def to_logical(text: str, base: str = "rtl") -> str:
    """Right-to-left text stored in visual order, back in logical order (see :mod:`textfix.bidi`).

    For text you know is visual; :func:`repair` detects it by itself (rule TF302).

    >>> to_logical(".םלוע 123 םולש")
    'שלום 123 עולם.'
    """
    from textfix.bidi import to_logical as _to_logical

    return _to_logical(_check_text(text, "to_logical"), base)


def repair_like_ftfy(text: str) -> str:
    """``repair(text, preset="ftfy").text``: ftfy's default normalizations on top."""
    return repair(text, preset="ftfy").text
