"""What the command prints for machines: findings as JSON, JSON Lines, GitHub workflow
commands or SARIF 2.1.0 (``--output-format``: :mod:`textfix.formats.findings`), and
repairs as a unified diff that ``git apply`` and ``patch -p1`` accept (``repair --diff`` off
a terminal: :mod:`textfix.formats.unified`).

Columns count Unicode code points from 1 (SARIF's ``columnKind`` is declared as
``unicodeCodePoints``); an end column is the column after the last character, as SARIF
defines it, in JSON and SARIF alike; GitHub's ``endColumn`` is the last character's.

>>> from textfix import repair
>>> print(github_line(finding_rows("a.txt", repair("x\\n¹®ÀÚ"))[0]))
::warning file=a.txt,line=2,col=1,endLine=2,endColumn=4,title=TF102 mojibake-cp949::'¹®ÀÚ' -> '문자': ...
"""

from __future__ import annotations

from textfix.formats.findings import (
    FORMATS,
    SARIF_SCHEMA,
    FindingWriter,
    Positions,
    finding_rows,
    github_line,
    report_path,
    sarif_result,
    sarif_rules,
    summary,
)
from textfix.formats.unified import CONTEXT_LINES, diff_for_people, quote_name, unified_diff

__all__ = [
    "CONTEXT_LINES", "FORMATS", "SARIF_SCHEMA", "FindingWriter", "Positions", "diff_for_people",
    "finding_rows", "github_line", "quote_name", "report_path", "sarif_result", "sarif_rules",
    "summary", "unified_diff",
]
