"""The terminal: whether to colour, how wide to lay out, and rich consoles set up for both."""

from __future__ import annotations

import argparse
import os
import sys


def use_color(args: argparse.Namespace, stream) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(stream=None) -> int | None:
    """The width to lay the preview out in: ``COLUMNS`` when it makes sense, else the
    terminal's, else None (let rich decide); nonsense (``COLUMNS=0``, ``abc``) counts as
    unknown, with 80 as the fallback."""
    raw = os.environ.get("COLUMNS")
    if raw is None:
        return None
    try:
        cols = int(raw)
    except ValueError:
        cols = 0
    if 10 <= cols <= 10_000:
        return cols
    try:
        size = os.get_terminal_size((stream or sys.stdout).fileno()).columns
    except (OSError, AttributeError, ValueError):
        size = 0
    return size if 10 <= size <= 10_000 else 80


def make_console(args: argparse.Namespace, stream=None):
    from rich.console import Console

    stream = stream or sys.stdout
    color = use_color(args, stream)
    return Console(file=stream, force_terminal=color, no_color=not color, markup=False,
                   emoji=False, highlight=False, soft_wrap=True, width=terminal_width(stream))
