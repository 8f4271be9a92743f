"""The Korean language-model scorer: kiwipiepy's morpheme-path log-probability.

Installed with ``pip install 'textfix[korean]'`` (kiwipiepy and its model, Apache-2.0).  The
model loads on first use (about 1-2 s, 0.5 GB), and only text that a cheap rule already
flagged is ever scored.  Kiwi separates reversed run order from written order by about
0.8 nats per character, and ranks candidates at a known gap well; it is blind to quotes
and to what stands between Latin words, which the rules handle.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

_PLACEHOLDER = re.compile("%(?:\\([^)]*\\))?[sdifr]|%[0-9]|\\{[^}]*\\}")

#: Particles tried at a gap after a word (allomorphs chosen by kiwi's ``join``).
PARTICLES = (("은", "JX"), ("이", "JKS"), ("을", "JKO"), ("의", "JKG"), ("와", "JC"), ("로", "JKB"),
             ("에", "JKB"), ("도", "JX"))


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return Kiwi(num_workers=0)


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether kiwipiepy and its model are installed: found on the path, not imported (the
    import alone takes about 45 ms, which the first suspect line of a process would pay
    even where no span is ever scored; the model loads on first use, :func:`usable`).
    Asked once per process.

    >>> isinstance(available(), bool)
    True
    """
    from importlib.util import find_spec

    try:
        return find_spec("kiwipiepy") is not None and find_spec("kiwipiepy_model") is not None
    except (ImportError, ValueError):  # (a parent package that fails, a module set to None)
        return False


#: Set once kiwipiepy, found on the path, failed to import or load (:func:`usable`).
_BROKEN: list[str] = []


def usable() -> bool:
    """Whether the model is loaded, loading it on the first call (about 1-2 s, 0.5 GB): False
    for an install :func:`available` found but that fails to import or load (a broken
    wheel), which then leaves the built-in rules to decide, as without kiwi."""
    if _BROKEN:
        return False
    try:
        _kiwi()
    except (ImportError, OSError, RuntimeError) as e:
        _BROKEN.append(f"{type(e).__name__}: {e}")
        return False
    return True


class KiwiScorer:
    """Log-probability per character (higher is better) of Korean text."""

    name = "kiwi"

    def ready(self) -> bool:
        """Whether the model can score (:func:`usable`: loaded on the first call)."""
        return usable()

    def per_char(self, text: str) -> float:
        text = _PLACEHOLDER.sub("X", text.strip())
        if not text:
            return 0.0
        return _kiwi().analyze(text, top_n=1)[0][1] / len(text)

    def preference(self, current: str, candidate: str) -> float:
        """How much better ``candidate`` reads than ``current``, in nats per character."""
        return self.per_char(candidate) - self.per_char(current)

    def attach(self, word: str, particle: tuple[str, str]) -> str:
        """``word`` with ``particle`` in the allomorph that fits (AI + 은 -> AI는)."""
        kiwi = _kiwi()
        tokens = kiwi.tokenize(word)
        return kiwi.join([*((t.form, t.tag) for t in tokens), particle])
