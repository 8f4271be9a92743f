"""Finding the files to work on: the project root, and the walk.

The project root is found as black finds it: the nearest folder at or above the common
base of the paths given that holds ``.git``, ``.hg`` or ``pyproject.toml``.  Configuration
and the globs of ``exclude`` and ``per-file-ignores`` are read relative to it.

Folders recurse; hidden files and folders are skipped, ``.gitignore`` files (from the
project root down) are respected with pathspec's gitignore matching, ``--include`` and
``exclude`` globs filter.  Only regular files are yielded: FIFOs, devices and sockets
found in a folder are skipped (reading a FIFO would hang).  Symbolic links found in a
folder are followed only when they lead to a file inside that folder (as black and ruff
do); a link outside is skipped.  A folder that cannot be read is an error, never skipped
silently.  Files named on the command line are always taken (as ruff and black do),
unless ``force_exclude``; only ``-`` given as an argument means standard input.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

from textfix.io import os_reason


@dataclass(frozen=True)
class Source:
    """One input: a path (``-`` with ``stdin`` for standard input), whether the user named
    it, and, for what the walk could not take, why it was ``skipped`` or the ``error``."""

    path: str
    named: bool = False
    stdin: bool = False
    skipped: str | None = None
    error: str | None = None


STDIN = Source("-", named=True, stdin=True)


class WalkError(Exception):
    """A path given cannot be looked at (e.g. a name too long)."""


def find_project_root(paths: Iterable[str]) -> tuple[Path, str]:
    """The project root for ``paths`` and what marks it (``.git``, ``.hg``,
    ``pyproject.toml``, or ``file system root``).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "sub").mkdir(); _ = (d / ".git").mkdir()
    >>> find_project_root([str(d / "sub")]) == (d.resolve(), ".git")
    True
    """
    cwd: Path | None = None
    resolved = []
    for p in paths:
        if p == "-" or not os.path.isabs(p):
            cwd = cwd or Path(os.getcwd())  # raises when the working folder is gone: the caller says so
        path = cwd if p == "-" else Path(p) if os.path.isabs(p) else cwd / p
        try:
            path = path.resolve()
            is_dir = path.is_dir()
        except OSError:
            path, is_dir = path.parent, True
        resolved.append(path if is_dir else path.parent)
    if not resolved:
        resolved = [Path(os.getcwd()).resolve()]
    common = Path(os.path.commonpath([str(p) for p in resolved]))
    for folder in (common, *common.parents):
        if (folder / ".git").exists():
            return folder, ".git"
        if (folder / ".hg").is_dir():
            return folder, ".hg"
        if (folder / "pyproject.toml").is_file():
            return folder, "pyproject.toml"
    return folder, "file system root"


def glob_matches(rel: str, patterns: Iterable[str]) -> bool:
    """Whether ``rel`` (a posix path) or its last component matches one of the globs.

    >>> glob_matches("tests/data/a.txt", ["tests/*"]), glob_matches("a/b.md", ["*.txt"])
    (True, False)
    """
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def relative_to_root(path: str, root: Path) -> str | None:
    """``path`` relative to the project root, as posix (None when outside it)."""
    try:
        absolute = Path(os.path.abspath(path))
        folder = Path(os.path.realpath(absolute.parent))
        return (folder / absolute.name).relative_to(root).as_posix()
    except (ValueError, OSError):
        return None


def _ignore_spec(folder: Path) -> tuple[pathspec.PathSpec | None, str | None]:
    f = folder / ".gitignore"
    try:
        if not f.is_file():
            return None, None
    except OSError:
        return None, None  # the folder itself cannot be read: reported by the walk
    try:
        lines = f.read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError as err:
        return None, f"cannot read .gitignore: {os_reason(err)}"
    return pathspec.GitIgnoreSpec.from_lines(lines), None


@dataclass
class Walker:
    """The walk's settings: globs, gitignore, the project root."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    gitignore: bool = True
    root: Path | None = None
    force_exclude: bool = False

    def excluded(self, path: str, walk_root: Path | None = None) -> bool:
        """Whether ``exclude`` names ``path`` (relative to the project root or the folder
        walked, or by its name)."""
        if not self.exclude:
            return False
        candidates = [path]
        if self.root is not None:
            rel = relative_to_root(path, self.root)
            if rel is not None:
                candidates.append(rel)
        if walk_root is not None:
            try:
                candidates.append(Path(path).relative_to(walk_root).as_posix())
            except ValueError:
                pass
        return any(glob_matches(c, self.exclude) for c in candidates)

    def _outer_specs(self, top: Path) -> list[tuple[Path, pathspec.PathSpec]]:
        """The .gitignore files between the project root and ``top`` (not ``top`` itself)."""
        if not self.gitignore or self.root is None:
            return []
        try:
            real = Path(os.path.realpath(top))
            rel = real.relative_to(self.root)
        except (ValueError, OSError):
            return []
        specs = []
        folder = self.root
        for part in rel.parts:
            spec, _ = _ignore_spec(folder)
            if spec is not None:
                specs.append((folder, spec))
            folder = folder / part
        return specs

    def walk(self, top: Path) -> Iterator[Source]:
        """The files under the folder ``top``, in a stable order."""
        yield from _Walk(self, top).visit(top, [])


Specs = list[tuple[Path, pathspec.PathSpec]]


class _Walk:
    """One folder's walk (see :class:`Walker`)."""

    def __init__(self, walker: Walker, top: Path) -> None:
        self.walker = walker
        self.top = top
        self.real_top = Path(os.path.realpath(top))
        self.outer = walker._outer_specs(top)

    def ignored(self, path: Path, is_dir: bool, specs: Specs) -> bool:
        """Whether a .gitignore or an exclude glob names ``path``."""
        suffix = "/" if is_dir else ""
        for base, spec in specs:
            if spec.match_file(path.relative_to(base).as_posix() + suffix):
                return True
        if self.outer:
            real = self.real_top / path.relative_to(self.top)
            if any(spec.match_file(real.relative_to(base).as_posix() + suffix) for base, spec in self.outer):
                return True
        return self.walker.excluded(str(path), self.top)

    def visit(self, folder: Path, specs: Specs) -> Iterator[Source]:
        if self.walker.gitignore:
            spec, problem = _ignore_spec(folder)
            if problem:
                yield Source(str(folder / ".gitignore"), error=problem)
            if spec is not None:
                specs = [*specs, (folder, spec)]
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            yield Source(str(folder), error=f"cannot read folder: {os_reason(err)}")
            return
        dirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError as err:
                yield Source(str(path), error=f"cannot read: {os_reason(err)}")
                continue
            if self.ignored(path, is_dir, specs):
                continue
            if is_dir:
                dirs.append(path)
                continue
            if self.walker.include and not glob_matches(path.relative_to(self.top).as_posix(),
                                                        self.walker.include):
                continue
            yield self.file(entry, path)
        for d in dirs:
            yield from self.visit(d, specs)

    def file(self, entry: os.DirEntry, path: Path) -> Source:
        """A file found in the walk: taken, or skipped with the reason."""
        try:
            if entry.is_symlink():
                target = Path(os.path.realpath(path))
                if not target.is_relative_to(self.real_top):
                    return Source(str(path), skipped="symbolic link out of the folder; not followed")
                if not target.is_file():
                    return Source(str(path), skipped="symbolic link to a folder, a special file or "
                                                     "nothing; not followed")
            elif not entry.is_file(follow_symlinks=False):
                return Source(str(path), skipped="not a regular file (FIFO, device or socket); not read")
        except OSError as err:
            return Source(str(path), error=f"cannot read: {os_reason(err)}")
        return Source(str(path))


def discover(paths: list[str], include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
             gitignore: bool = True, root: Path | None = None,
             force_exclude: bool = False) -> Iterator[Source]:
    """The inputs, in a stable order, each real file once; only the argument ``-`` stands
    for standard input.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("a.txt", "b.log", ".hidden.txt", "sub/c.txt", "skip/d.txt"):
    ...     (d / name).parent.mkdir(exist_ok=True); _ = (d / name).write_text("x")
    >>> _ = (d / ".gitignore").write_text("skip/\\n")
    >>> [s.path[len(str(d)) + 1:] for s in discover([str(d)], include=("*.txt",))]
    ['a.txt', 'sub/c.txt']
    """
    walker = Walker(include, exclude, gitignore, root, force_exclude)
    seen: set[str] = set()

    def fresh(path: str) -> bool:
        try:
            key = os.path.realpath(path)
        except (OSError, ValueError):
            return True
        if key in seen:
            return False
        seen.add(key)
        return True

    for raw in paths:
        if raw == "-":
            yield STDIN
            continue
        top = Path(raw)
        try:
            is_dir = top.is_dir()
        except OSError as err:
            yield Source(raw, named=True, error=f"cannot read: {os_reason(err)}")
            continue
        if not is_dir:
            if force_exclude and walker.excluded(raw):
                continue
            if fresh(raw):
                yield Source(raw, named=True)  # a named file (or a missing one: reported when read)
            continue
        for source in walker.walk(top):
            if source.error or source.skipped or fresh(source.path):
                yield source
