"""Stage 3: layout repair (visual-order right-to-left text, reversed runs)."""

from __future__ import annotations

from textfix.model import Finding


def run(text: str, ctx) -> list[Finding]:
    return []
