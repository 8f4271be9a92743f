"""The text as edits are applied to it, mapped back to the input, with the rules behind
every change.

Each applied edit is recorded with its rule's code: characters it writes remember their
writer, input characters it removes remember their remover.  The repair's edits are then
read off those records (:meth:`TextHistory.hunks`), each with the rules that made it, so no
one has to guess which rule changed what from overlapping spans.

>>> h = TextHistory("abcd")
>>> h.apply([(Edit(1, 3, "X"), "TF1")])
True
>>> h.text, [h.to_input(i) for i in range(4)]
('aXd', [0, 1, 3, 4])
>>> [(e.start, e.end, e.replacement, e.codes) for e in h.hunks()]
[(1, 3, 'X', ('TF1',))]
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from textfix.model import Edit, smallest_edit

#: Offsets are stored as 4-byte integers: texts up to 2**31 characters, a third of the
#: memory of Python ints in a list.
_OFFSET, _OFFSET_BYTES = "i", 4


class TextHistory:
    """The current text, its map to the input, and who wrote or removed what."""

    def __init__(self, original: str, *, tracked: bool = True) -> None:
        self.original = original
        self.text = original
        #: Whether offsets and writers are kept (False: the text alone, for a caller that
        #: wants neither :meth:`to_input` nor :meth:`hunks`).
        self.tracked = tracked
        self._origin: array | None = None  # input offset of each position (+ the end)
        self._source: array | None = None  # input offset copied from, or -1 - writer
        self._removed: array | None = None  # per input character: 1 + remover, or 0
        self._writers: list[str] = []

    def to_input(self, offset: int) -> int:
        """The input offset that ``offset`` of the current text corresponds to (positions
        inside a replacement map to the start of what it replaced)."""
        if not self.tracked:
            msg = "a TextHistory made with tracked=False keeps no offsets"
            raise ValueError(msg)
        return offset if self._origin is None else self._origin[offset]

    def apply(self, edits: Sequence[tuple[Edit, str]]) -> bool:
        """Apply non-overlapping ``(edit, rule code)`` pairs; whether the text changed.

        >>> h = TextHistory("abcd", tracked=False)
        >>> h.apply([(Edit(3, 4, "D"), "TF2"), (Edit(0, 1, "A"), "TF1")]), h.text
        (True, 'AbcD')
        """
        text = self.text
        if not self.tracked:
            parts, pos = [], 0
            for e, _ in sorted(edits, key=lambda p: (p[0].start, p[0].end)):
                parts += (text[pos:e.start], e.replacement)
                pos = e.end
            parts.append(text[pos:])
            self.text = "".join(parts)
            return self.text != text
        n = len(self.original)
        origin = self._origin if self._origin is not None else array(_OFFSET, range(len(text) + 1))
        source = self._source if self._source is not None else array(_OFFSET, range(len(text)))
        removed = self._removed if self._removed is not None else array(_OFFSET, bytes(_OFFSET_BYTES * n))
        parts: list[str] = []
        new_origin, new_source = array(_OFFSET), array(_OFFSET)
        pos = 0
        for e, code in sorted(edits, key=lambda p: (p[0].start, p[0].end)):
            writer = len(self._writers)
            self._writers.append(code)
            parts.append(text[pos:e.start])
            new_origin.extend(origin[pos:e.start])
            new_source.extend(source[pos:e.start])
            replaced = source[e.start:e.end]
            if replaced and min(replaced) >= 0 and replaced[-1] - replaced[0] == len(replaced) - 1:
                # input characters copied in one stretch (copied offsets only grow): marked at once
                removed[replaced[0]:replaced[-1] + 1] = array(_OFFSET, [writer + 1]) * len(replaced)
            else:
                for i in replaced:
                    if i >= 0:
                        removed[i] = writer + 1
            parts.append(e.replacement)
            new_origin.extend([origin[e.start]] * len(e.replacement))
            new_source.extend([-1 - writer] * len(e.replacement))
            pos = e.end
        parts.append(text[pos:])
        new_origin.extend(origin[pos:])
        new_source.extend(source[pos:])
        new = "".join(parts)
        self._origin, self._source, self._removed = new_origin, new_source, removed
        changed = new != text
        self.text = new
        return changed

    def hunks(self) -> list[Edit]:
        """The edits that turn the input into the current text, each with its rules: every
        stretch of written characters, and every gap in the copied ones."""
        if not self.tracked:
            msg = "a TextHistory made with tracked=False keeps no writers"
            raise ValueError(msg)
        if self._source is None or self.text == self.original:
            return []
        source, text, original = self._source, self.text, self.original
        out: list[Edit] = []
        prev = -1  # input offset of the last copied character
        i, n = 0, len(text)
        while i < n:
            if source[i] >= 0:
                if source[i] != prev + 1:
                    out.append(self._hunk(prev + 1, source[i], "", ()))
                prev = source[i]
                i += 1
                continue
            j = i
            while j < n and source[j] < 0:
                j += 1
            nxt = source[j] if j < n else len(original)
            writers = tuple(dict.fromkeys(self._writers[-1 - source[k]] for k in range(i, j)))
            out.append(self._hunk(prev + 1, nxt, text[i:j], writers))
            prev = nxt - 1
            i = j
        if prev + 1 < len(original):
            out.append(self._hunk(prev + 1, len(original), "", ()))
        return [e for e in out if e is not None]

    def _hunk(self, start: int, end: int, replacement: str, writers: tuple[str, ...]) -> Edit | None:
        old = self.original[start:end]
        if old == replacement:
            return None
        assert self._removed is not None
        removers = (self._writers[r - 1] for r in self._removed[start:end] if r)
        codes = tuple(dict.fromkeys((*writers, *removers)))
        e = smallest_edit(old, replacement, start)
        return Edit(e.start, e.end, e.replacement, codes)
