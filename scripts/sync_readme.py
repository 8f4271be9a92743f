#!/usr/bin/env python3
"""Write the rules table of README.md from the registry (``textfix/rules.py``).

Usage: python scripts/sync_readme.py   (tests/test_rules.py fails when the table drifts)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix.rules import markdown_table  # noqa: E402

HEADER = "| code | kind | what | fix |"


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index(HEADER)
    end = text.index("\n\n", start) + 1
    readme.write_text(text[:start] + markdown_table() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
