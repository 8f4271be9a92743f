#!/usr/bin/env python3
"""Write the rules and calibration tables of README.md from the registry (``textfix/rules.py``).

Usage: python scripts/sync_readme.py   (tests/test_rules.py fails when the table drifts)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix.rules import calibration_table, markdown_table  # noqa: E402

TABLES = (("| code | kind | what | fix |", markdown_table),
          ("| rule | corpus_broken | open-world tune | open-world held-out |", calibration_table))


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    for header, table in TABLES:
        start = text.index(header)
        end = text.index("\n\n", start) + 1
        text = text[:start] + table() + text[end:]
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
