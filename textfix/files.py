"""Finding the files to work on: folders recurse, hidden files are skipped, ``.gitignore``
is respected (with pathspec's gitignore matching), ``--include``/``--exclude`` filter.

Files named on the command line are always taken (as ruff and black do); only files found
by walking a folder are filtered.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

import pathspec


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _ignore_spec(folder: Path) -> pathspec.PathSpec | None:
    f = folder / ".gitignore"
    if not f.is_file():
        return None
    try:
        lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(path: Path, is_dir: bool, specs: list[tuple[Path, pathspec.PathSpec]], root: Path,
             exclude: tuple[str, ...]) -> bool:
    for base, spec in specs:
        if spec.match_file(path.relative_to(base).as_posix() + ("/" if is_dir else "")):
            return True
    return bool(exclude) and _matches(path.relative_to(root).as_posix(), exclude)


def discover(paths: list[str], include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
             gitignore: bool = True) -> Iterator[str]:
    """The files to process, in a stable order; ``-`` stands for standard input.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("a.txt", "b.log", ".hidden.txt", "sub/c.txt", "skip/d.txt"):
    ...     (d / name).parent.mkdir(exist_ok=True); _ = (d / name).write_text("x")
    >>> _ = (d / ".gitignore").write_text("skip/\\n")
    >>> [p[len(str(d)) + 1:] for p in discover([str(d)], include=("*.txt",))]
    ['a.txt', 'sub/c.txt']
    """
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        root = Path(raw)
        if not root.is_dir():
            yield raw  # a named file (or a missing one: reported when read)
            continue
        specs: list[tuple[Path, pathspec.PathSpec]] = []
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            if gitignore:
                specs = [(base, spec) for base, spec in specs if here == base or base in here.parents]
                spec = _ignore_spec(here)
                if spec is not None:
                    specs.append((here, spec))

            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and not _ignored(here / d, True, specs, root, exclude))
            for name in sorted(files):
                path = here / name
                if name.startswith(".") or _ignored(path, False, specs, root, exclude):
                    continue
                if include and not _matches(path.relative_to(root).as_posix(), include):
                    continue
                yield str(path)
