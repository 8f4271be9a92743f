"""What the command does with each result and what it says about the run (black's
``WriteBack`` and ``Report``).

:class:`WriteBack` is the one mode a ``repair`` run is in; :class:`Report` counts what
happened to every file, names every error at the end, prints the summary and decides the
exit code, for ``repair`` and ``detect`` alike.  Every path printed goes through
:func:`shown`, so a file name can never reach the terminal as control characters, escape
sequences or bidi overrides.

>>> r = Report(check=True)
>>> r.done("a.txt", changed=True); r.done("b.txt", changed=False)
>>> r.summary("would be repaired"), r.return_code
('1 file would be repaired, 1 unchanged', 1)
"""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass, field
from typing import TextIO

#: Exit codes.
OK, PENDING, ERROR = 0, 1, 2


class UsageError(Exception):
    """Flags or arguments that do not go together, or a setting that is wrong: exit 2
    before anything is read or written."""


class WriteBack(enum.Enum):
    """What ``repair`` does with a repaired file."""

    PRINT = "print"  #: print the repaired text (a filter: one file or -)
    DIFF = "diff"  #: show what would change; write nothing
    CHECK = "check"  #: write nothing; exit 1 if anything would change
    CHECK_DIFF = "check-diff"  #: both
    WRITE = "write"  #: repair in place

    @classmethod
    def from_flags(cls, *, check: bool, diff: bool, write: bool) -> WriteBack:
        """The mode for ``--check``/``--diff``/``--write``; :class:`UsageError` for ``--write``
        with ``--check`` or ``--diff`` (which promise to write nothing).

        >>> WriteBack.from_flags(check=True, diff=True, write=False)
        <WriteBack.CHECK_DIFF: 'check-diff'>
        """
        if write and (check or diff):
            flag = "--check" if check else "--diff"
            msg = f"--write cannot go with {flag}, which writes nothing; choose one"
            raise UsageError(msg)
        if write:
            return cls.WRITE
        if check:
            return cls.CHECK_DIFF if diff else cls.CHECK
        return cls.DIFF if diff else cls.PRINT

    @property
    def writes(self) -> bool:
        return self is WriteBack.WRITE

    @property
    def shows_diff(self) -> bool:
        return self in (WriteBack.DIFF, WriteBack.CHECK_DIFF)

    @property
    def checks(self) -> bool:
        return self in (WriteBack.CHECK, WriteBack.CHECK_DIFF)


def shown(path: str) -> str:
    """``path`` safe for a terminal: control characters, escape sequences, bidi controls,
    invisible characters and undecodable bytes become badges (the preview's own escaping).

    >>> shown("a\\x1b[31m.txt"), shown("evil\\u202etxt.exe")
    ('a⟨U+001B⟩[31m.txt', 'evil⟨U+202E⟩txt.exe')
    """
    from textfix.diff import visible

    return visible(path)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class Report:
    """Counters, messages and the exit code of one run."""

    check: bool = False
    quiet: bool = False
    verbose: bool = False
    stream: TextIO | None = None
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    code_files: int = 0
    findings: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    interrupted: int | None = None

    @property
    def out(self) -> TextIO:
        return self.stream or sys.stderr

    def say(self, message: str) -> None:
        """A message on stderr (not with ``-q``)."""
        if not self.quiet:
            print(message, file=self.out, flush=True)

    def note(self, message: str) -> None:
        """A message for ``-v`` only."""
        if self.verbose:
            print(f"textfix: {message}", file=self.out, flush=True)

    def done(self, path: str, changed: bool, *, code: str | None = None, findings: int = 0) -> None:
        """A file read (and repaired, or not); ``code`` names its syntax when it is code
        with findings left unrepaired by the code policy."""
        if changed:
            self.changed += 1
        else:
            self.unchanged += 1
        if code is not None:
            self.code_files += 1
        self.findings += findings

    def skip(self, path: str, reason: str) -> None:
        """A file found in a folder and left alone (binary, undecodable, special, a link
        out of the tree)."""
        self.skipped += 1
        self.note(f"skipped {shown(path)}: {reason}")

    def failed(self, path: str, reason: str) -> None:
        """A file that could not be read, decoded, encoded or written: exit 2."""
        self.errors.append((path, reason))

    def print_errors(self) -> None:
        for path, reason in self.errors:
            print(f"textfix: error: {shown(path)}: {reason}", file=self.out, flush=True)

    def summary(self, verb: str) -> str:
        """``3 files repaired, 1 unchanged, 1 skipped, 2 errors``."""
        parts = [plural(self.changed, "file") + f" {verb}", f"{self.unchanged} unchanged"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped (binary, undecodable or special)")
        if self.code_files:
            parts.append(f"{plural(self.code_files, 'code file')} with findings reported, not repaired "
                         "(--code fix repairs comments and strings)")
        if self.errors:
            parts.append(plural(len(self.errors), "error"))
        return ", ".join(p for p in parts if p)

    @property
    def return_code(self) -> int:
        """2 on errors, 130/143 when interrupted, 1 with changes pending under ``--check``
        (or findings under ``detect``), else 0."""
        if self.interrupted is not None:
            return self.interrupted
        if self.errors:
            return ERROR
        if self.check and (self.changed or self.findings):
            return PENDING
        return OK
