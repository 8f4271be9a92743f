"""The immutable configuration, presets and ``[tool.textfix]`` loading.

>>> c = Config()
>>> c.min_confidence
0.9
>>> c.replace(min_confidence=0.5).min_confidence
0.5
>>> Config().enabled("TF101", "mojibake")
True
>>> Config(ignore=frozenset({"mojibake"})).enabled("TF101", "mojibake")
False
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

PRESETS = ("default", "ftfy")
#: What happens to source code (``Config.syntax`` set): ``report`` finds and reports
#: damage in comments and strings but applies nothing; ``fix`` applies safe fixes there.
CODE_POLICIES = ("report", "fix")


@dataclass(frozen=True)
class Config:
    """What textfix repairs and how sure it must be.

    Every rule can be switched off by code (``TF101``), code prefix (``TF1``) or
    kind (``mojibake``) through ``ignore``; ``select`` keeps only the named ones.
    Guesses are applied only at or above ``min_confidence``.
    """

    fix_encoding: bool = True
    normalize: bool = True
    fix_layout: bool = True
    fix_dropped: bool = True
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    min_confidence: float = 0.9
    preset: str = "default"
    scorer: str = "auto"
    max_passes: int = 4
    #: The text's syntax: ``None`` for prose and plain data, or a name from
    #: :data:`textfix.syntax.SYNTAXES` (``"python"``, ``"c"``, ``"shell"``, ...).  In code
    #: only comments, docstrings and string literals are read as prose.
    syntax: str | None = None
    #: What to do with code (see :data:`CODE_POLICIES`).
    code: str = "report"

    def __post_init__(self) -> None:
        if self.preset not in PRESETS:
            msg = f"unknown preset {self.preset!r}; choose one of {', '.join(PRESETS)}"
            raise ValueError(msg)
        if not 0.0 <= self.min_confidence <= 1.0:
            msg = f"min_confidence must lie in 0..1, got {self.min_confidence}"
            raise ValueError(msg)
        if self.scorer not in ("auto", "builtin", "kiwi"):
            msg = f"scorer must be 'auto', 'builtin' or 'kiwi', got {self.scorer!r}"
            raise ValueError(msg)
        if self.code not in CODE_POLICIES:
            msg = f"code must be one of {', '.join(CODE_POLICIES)}, got {self.code!r}"
            raise ValueError(msg)
        # accept any iterable of strings for select/ignore
        if self.select is not None and not isinstance(self.select, frozenset):
            object.__setattr__(self, "select", frozenset(self.select))
        if not isinstance(self.ignore, frozenset):
            object.__setattr__(self, "ignore", frozenset(self.ignore))

    def replace(self, **overrides: Any) -> Config:
        """A copy with keyword overrides; unknown names raise ``TypeError``."""
        names = {f.name for f in fields(self)}
        unknown = set(overrides) - names
        if unknown:
            msg = f"unknown textfix option(s): {', '.join(sorted(unknown))}"
            raise TypeError(msg)
        return replace(self, **overrides)

    def enabled(self, code: str, kind: str) -> bool:
        """Whether the rule ``code``/``kind`` is switched on."""
        if self.select is not None and not rule_matches(self.select, code, kind):
            return False
        return not rule_matches(self.ignore, code, kind)


def rule_matches(names: frozenset[str], code: str, kind: str) -> bool:
    """Whether a rule is named in ``names`` by its kind, code or a code prefix.

    >>> rule_matches(frozenset({"TF3"}), "TF302", "visual-rtl")
    True
    """
    return kind in names or any(code.startswith(n) for n in names if n.startswith("TF"))


def load_pyproject_table(path: str | Path | None = None) -> dict[str, Any]:
    """The raw ``[tool.textfix]`` table of the nearest ``pyproject.toml`` above ``path``."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    start = Path(path or ".").resolve()
    if start.is_file():
        start = start.parent
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            with candidate.open("rb") as fh:
                return dict(tomllib.load(fh).get("tool", {}).get("textfix", {}))
    return {}


def load_pyproject(path: str | Path | None = None) -> dict[str, Any]:
    """``[tool.textfix]`` as keyword overrides for :class:`Config`.

    ``min-confidence`` becomes ``min_confidence``; lists become frozensets; keys for the
    command line only (``include``, ``exclude``) are left to it.
    """
    names = {f.name for f in fields(Config)}
    out: dict[str, Any] = {}
    for key, value in load_pyproject_table(path).items():
        name = key.replace("-", "_")
        if name in names:
            out[name] = frozenset(value) if isinstance(value, list) else value
    return out
