"""Stage 4: dropped text and punctuation."""

from __future__ import annotations

from textfix.model import Finding


def run(text: str, ctx) -> list[Finding]:
    return []
