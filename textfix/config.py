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
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

PRESETS = ("default", "ftfy")
#: What happens to source code (``Config.syntax`` set): ``report`` finds and reports
#: damage in comments and strings but applies nothing; ``fix`` applies safe fixes there.
CODE_POLICIES = ("report", "fix")
#: Word lists for right-to-left text (``Config.word_lists``).
WORD_LISTS = ("auto", "builtin")


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
    #: Word lists for right-to-left text: ``auto`` also asks wordfreq's (textfix[rtl]), when
    #: installed, about a line that looks visual but not surely; ``builtin``, only the lists
    #: textfix ships (the same results with or without wordfreq).
    word_lists: str = "auto"
    max_passes: int = 4
    #: The text's syntax: ``None`` for prose and plain data, or a name from
    #: :data:`textfix.syntax.SYNTAXES` (``"python"``, ``"c"``, ``"shell"``, ...).  In code
    #: only comments, docstrings and string literals are read as prose.
    syntax: str | None = None
    #: What to do with code (see :data:`CODE_POLICIES`).
    code: str = "report"
    #: Whether flags below the threshold may ask the language model for the text they
    #: suggest (a dropped counter or particle).  Nothing applied depends on it; the
    #: ``repair`` command, which shows only what it applies, turns it off and so never
    #: loads the model for a suggestion nobody sees.
    suggest: bool = True
    #: Whether only the repaired text is wanted (:meth:`textfix.Repairer.fix`, and the batch
    #: and engine calls built on it): with no suggestions asked for and no reference copy,
    #: the dropped-text flags are looked for only where a line may be restored from an
    #: intact copy elsewhere in the text (they are its signs of damage), and so is the gate
    #: that opens for them.  The text comes out the same; findings that change nothing are
    #: missing.
    text_only: bool = False

    def __post_init__(self) -> None:
        # select/ignore: any iterable of strings, or one name (``ignore="TF302"``, not its
        # letters; commas part names), held as a frozenset (read once: an iterator too)
        for name in ("select", "ignore"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, frozenset(v.strip() for v in value.split(",") if v.strip()))
            elif value is not None and not isinstance(value, frozenset) and hasattr(value, "__iter__"):
                object.__setattr__(self, name, frozenset(value))
        self._check_types()
        if self.preset not in PRESETS:
            msg = f"unknown preset {self.preset!r}; choose one of {', '.join(PRESETS)}"
            raise ValueError(msg)
        if not 0.0 <= self.min_confidence <= 1.0:
            msg = f"min_confidence must lie in 0..1, got {self.min_confidence}"
            raise ValueError(msg)
        if self.scorer not in ("auto", "builtin", "kiwi"):
            msg = f"scorer must be 'auto', 'builtin' or 'kiwi', got {self.scorer!r}"
            raise ValueError(msg)
        if self.word_lists not in WORD_LISTS:
            msg = f"word_lists must be 'auto' or 'builtin', got {self.word_lists!r}"
            raise ValueError(msg)
        if self.code not in CODE_POLICIES:
            msg = f"code must be one of {', '.join(CODE_POLICIES)}, got {self.code!r}"
            raise ValueError(msg)
        if self.max_passes < 1:
            msg = f"max_passes must be 1 or more, got {self.max_passes}"
            raise ValueError(msg)
        if self.syntax is not None:
            from textfix.syntax import SYNTAXES

            if self.syntax not in SYNTAXES:
                msg = f"unknown syntax {self.syntax!r}; choose one of {', '.join(sorted(SYNTAXES))}"
                raise ValueError(msg)

    def _check_types(self) -> None:
        """Options of the wrong type are named here, not by the first text they meet."""
        def bad(name: str, want: str) -> TypeError:
            value = getattr(self, name)
            return TypeError(f"{name} must be {want}, got {type(value).__name__} {value!r}")

        for name in ("fix_encoding", "normalize", "fix_layout", "fix_dropped", "suggest", "text_only"):
            if not isinstance(getattr(self, name), bool):
                raise bad(name, "True or False")
        if isinstance(self.min_confidence, bool) or not isinstance(self.min_confidence, int | float):
            raise bad("min_confidence", "a number from 0 to 1")
        if isinstance(self.max_passes, bool) or not isinstance(self.max_passes, int):
            raise bad("max_passes", "a whole number")
        for name in ("preset", "scorer", "word_lists", "code"):
            if not isinstance(getattr(self, name), str):
                raise bad(name, "a string")
        if self.syntax is not None and not isinstance(self.syntax, str):
            raise bad("syntax", "a syntax's name or None")
        for name in ("select", "ignore"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, frozenset)
                                          and all(isinstance(v, str) for v in value)):
                raise bad(name, "rule codes or kinds (strings)")

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


class ConfigError(ValueError):
    """A ``[tool.textfix]`` table (or a flag) textfix cannot use; the message names the file
    and the key."""


#: ``[tool.textfix]`` keys and what each holds (kebab-case, as ruff and black spell them).
_RULE_LIST, _STR_LIST, _NUMBER, _BOOL, _INT, _GLOB_TABLE = (
    "a list of rule codes, code prefixes or kinds", "a list of strings (globs)", "a number",
    "true or false", "a whole number", "a table of globs to lists of rule codes, prefixes or kinds",
)
SCHEMA: dict[str, str | tuple[str, ...]] = {
    "min-confidence": _NUMBER,
    "select": _RULE_LIST,
    "ignore": _RULE_LIST,
    "per-file-ignores": _GLOB_TABLE,
    "preset": PRESETS,
    "scorer": ("auto", "builtin", "kiwi"),
    "word-lists": WORD_LISTS,
    "code": CODE_POLICIES,
    "include": _STR_LIST,
    "exclude": _STR_LIST,
    "extend-exclude": _STR_LIST,
    "fix-encoding": _BOOL,
    "normalize": _BOOL,
    "fix-layout": _BOOL,
    "fix-dropped": _BOOL,
    "max-passes": _INT,
}
#: Keys that set a :class:`Config` field (the rest are for the command line).
_CONFIG_KEYS = ("min-confidence", "select", "ignore", "preset", "scorer", "word-lists", "code",
                "fix-encoding", "normalize", "fix-layout", "fix-dropped", "max-passes")


def unknown_rule_names(names: Iterable[str]) -> list[str]:
    """The names among ``names`` that match no rule by code, code prefix or kind.

    >>> unknown_rule_names(["TF1", "visual-rtl", "TF999", "mojibak"])
    ['TF999', 'mojibak']
    """
    from textfix.rules import lookup

    return [n for n in names if not lookup(n)]


def _rule_hint(name: str) -> str:
    from difflib import get_close_matches

    from textfix.rules import KINDS, RULES

    close = get_close_matches(name, [*RULES, *KINDS], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_rule_names(names: Iterable[str], where: str) -> frozenset[str]:
    """``names`` as a frozenset; :class:`ConfigError` naming ``where`` when one matches no
    rule (see ``textfix rules``)."""
    names = frozenset(names)
    bad = unknown_rule_names(sorted(names))
    if bad:
        msg = (f"{where}: {bad[0]!r} matches no rule code, code prefix or kind{_rule_hint(bad[0])}; "
               "`textfix rules` lists them")
        raise ConfigError(msg)
    return names


@dataclass(frozen=True)
class Settings:
    """``[tool.textfix]`` of the project, validated: ``overrides`` for :class:`Config` and
    the keys the command line uses."""

    source: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()


def _check_scalar(kind: str, key: str, value: Any, at: str) -> Any:
    if kind == _NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{at} must be {kind}, got {value!r}")
        if key == "min-confidence" and not 0.0 <= value <= 1.0:
            raise ConfigError(f"{at} must lie in 0..1, got {value!r}")
        return float(value)
    if kind == _BOOL:
        if not isinstance(value, bool):
            raise ConfigError(f"{at} must be {kind}, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{at} must be {kind} (1 or more), got {value!r}")
    return value


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check(key: str, value: Any, where: str) -> Any:
    """``value`` of ``key`` checked against :data:`SCHEMA` (converted where needed)."""
    kind = SCHEMA[key]
    at = f"{where}: [tool.textfix] {key}"
    if isinstance(kind, tuple):
        if not isinstance(value, str) or value not in kind:
            raise ConfigError(f"{at} must be one of {', '.join(map(repr, kind))}, got {value!r}")
        return value
    if kind in (_NUMBER, _BOOL, _INT):
        return _check_scalar(kind, key, value, at)
    if kind == _RULE_LIST:
        if not _is_str_list(value):
            raise ConfigError(f"{at} must be {kind}, e.g. [\"TF202\"], got {value!r}")
        return check_rule_names(value, at)
    if kind == _STR_LIST:
        if not _is_str_list(value):
            raise ConfigError(f"{at} must be {kind}, got {value!r}")
        return tuple(value)
    if not isinstance(value, dict):  # per-file-ignores
        raise ConfigError(f"{at} must be {kind}, e.g. {{ \"tests/*\" = [\"TF101\"] }}, got {value!r}")
    out = []
    for glob, names in value.items():
        if not _is_str_list(names):
            raise ConfigError(f"{at} {glob!r} must be {_RULE_LIST}, got {names!r}")
        out.append((glob, check_rule_names(names, f"{at} {glob!r}")))
    return tuple(out)


def read_toml(file: Path) -> dict[str, Any]:
    """The ``[tool.textfix]`` table of ``file``; :class:`ConfigError` naming the file when
    it cannot be read or parsed."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with open(file, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as err:
        raise ConfigError(f"{file}: cannot read: {err.strerror or err}") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"{file}: not valid TOML: {err}") from err
    table = data.get("tool", {}).get("textfix", {}) if isinstance(data.get("tool"), dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{file}: [tool.textfix] must be a table")
    return dict(table)


def parse_settings(table: dict[str, Any], source: Path | str = "pyproject.toml") -> Settings:
    """Validate a raw ``[tool.textfix]`` table; :class:`ConfigError` names the file and the
    key of the first problem (unknown or misspelled keys, wrong types, unknown rules).

    >>> parse_settings({"min-confidence": 0.8, "ignore": ["TF206"]}).overrides["ignore"]
    frozenset({'TF206'})
    >>> parse_settings({"min_confidence": 0.8})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    textfix.config.ConfigError: ... has no key 'min_confidence' (did you mean 'min-confidence'?)
    """
    from difflib import get_close_matches

    where = str(source)
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in SCHEMA:
            close = get_close_matches(key.replace("_", "-"), list(SCHEMA), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known keys: {', '.join(SCHEMA)}"
            raise ConfigError(f"{where}: [tool.textfix] has no key {key!r}{hint}")
        values[key] = _check(key, value, where)
    overrides = {k.replace("-", "_"): values[k] for k in _CONFIG_KEYS if k in values}
    return Settings(Path(source), overrides, values.get("include", ()), values.get("exclude", ()),
                    values.get("extend-exclude", ()), values.get("per-file-ignores", ()))


def load_settings(root: str | Path) -> Settings:
    """The validated ``[tool.textfix]`` of ``root/pyproject.toml`` (empty without one)."""
    file = Path(root) / "pyproject.toml"
    if not file.is_file():
        return Settings()
    return parse_settings(read_toml(file), file)


def find_pyproject(path: str | Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``path``."""
    start = Path(path or ".").resolve()
    if start.is_file():
        start = start.parent
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_pyproject_table(path: str | Path | None = None) -> dict[str, Any]:
    """The raw ``[tool.textfix]`` table of the nearest ``pyproject.toml`` above ``path``."""
    file = find_pyproject(path)
    return read_toml(file) if file is not None else {}


def load_pyproject(path: str | Path | None = None) -> dict[str, Any]:
    """``[tool.textfix]`` of the nearest ``pyproject.toml`` above ``path``, validated, as
    keyword overrides for :class:`Config` (``min-confidence`` becomes ``min_confidence``;
    keys for the command line only, such as ``include``, are left to it)."""
    file = find_pyproject(path)
    return dict(parse_settings(read_toml(file), file).overrides) if file is not None else {}
