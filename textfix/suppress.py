"""Suppression comments, as linters have them.

- ``textfix: ignore`` on a line: no finding on that line (none is applied or reported).
- ``textfix: ignore[TF302, TF4, visual-rtl]``: only those rules (codes, code prefixes or
  kinds) on that line.
- ``textfix: ignore-file`` anywhere (``textfix: ignore-file[TF1]``): the whole text.

The marker is found anywhere on the line, so it works in any comment syntax (``#``,
``//``, ``<!-- -->``) and in plain text.

>>> s = Suppressions.parse("ok\\nbad ‘x  # textfix: ignore[TF4]\\n")
>>> s.hides(5, "TF404", "unpaired-quote"), s.hides(5, "TF101", "mojibake"), s.hides(0, "TF404", "x")
(True, False, False)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from textfix.config import rule_matches

MARKER = "textfix:"
_DIRECTIVE_RE = re.compile("textfix:[ \\t]*ignore(-file)?(?:\\[([^\\]\\n]*)\\])?")


def _names(group: str | None) -> frozenset[str] | None:
    """The rule names in ``[...]``, or None for every rule."""
    if group is None:
        return None
    return frozenset(n.strip() for n in group.split(",") if n.strip())


@dataclass(frozen=True)
class Suppressions:
    """The suppressed lines of one text (input offsets) and its file-wide suppressions."""

    starts: tuple[int, ...]
    lines: tuple[tuple[int, int, frozenset[str] | None], ...]
    #: ``ignore-file`` with no names: every rule, everywhere.
    file_all: bool
    #: The names of every ``ignore-file[...]``, merged once.
    file_names: frozenset[str]
    #: Rule code -> whether ``file_names`` names it (there are few rules, so each is asked once).
    _file_rules: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> Suppressions | None:
        """The suppressions of ``text``, or None when it has none (the fast path)."""
        if MARKER not in text:
            return None
        lines: list[tuple[int, int, frozenset[str] | None]] = []
        file_names: list[frozenset[str] | None] = []
        for m in _DIRECTIVE_RE.finditer(text):
            names = _names(m.group(2))
            if m.group(1):
                file_names.append(names)
                continue
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            lines.append((start, len(text) if end < 0 else end, names))
        if not lines and not file_names:
            return None
        merged = frozenset(n for names in file_names if names is not None for n in names)
        return cls(tuple(s for s, _, _ in lines), tuple(lines), None in file_names, merged)

    def whole_file(self, code: str | None, kind: str | None) -> bool:
        """Whether the whole text is suppressed for this rule (None, None: for every rule)."""
        if self.file_all:
            return True
        if code is None or kind is None or not self.file_names:
            return False
        if code not in self._file_rules:
            self._file_rules[code] = rule_matches(self.file_names, code, kind)
        return self._file_rules[code]

    def hides(self, offset: int, code: str, kind: str) -> bool:
        """Whether a finding of ``code``/``kind`` starting at input ``offset`` is suppressed."""
        if self.file_names and self.whole_file(code, kind):
            return True
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return False
        start, end, names = self.lines[i]
        return start <= offset <= end and (names is None or rule_matches(names, code, kind))
