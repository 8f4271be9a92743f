"""Conformance on the external anchors in ../shared (ftfy's cases, Unicode data, clean text)."""

import subprocess
import sys

import pytest
from conftest import shared_path

import textfix


def _tool(*args: str) -> str:
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=600)
    return out.stdout.strip().splitlines()[-1]


def test_ftfy_cases_encoding_only():
    tool = shared_path("tools", "ftfy_cases.py")
    assert _tool(str(tool), "textfix:repair", "--encoding-only") == "ftfy-cases: 151 passed, 0 failed"


def test_ftfy_cases_with_the_ftfy_preset():
    tool = shared_path("tools", "ftfy_cases.py")
    assert _tool(str(tool), "textfix:repair_like_ftfy") == "ftfy-cases: 151 passed, 0 failed"


def test_clean_check():
    tool = shared_path("tools", "clean_check.py")
    last = _tool(str(tool))
    assert last.startswith("clean: ") and last.endswith(" 0 failed"), last


def _hangul(s: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" or "\u1100" <= c <= "\u11ff" for c in s)


def test_normalization_test_hangul_lines():
    path = shared_path("anchors", "unicode", "NormalizationTest.txt")
    checked = 0
    failures = []
    for line in path.open(encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("@"):
            continue
        cols = ["".join(chr(int(h, 16)) for h in c.split()) for c in line.split(";")[:5]]
        source, nfc, nfd = cols[0], cols[1], cols[2]
        if not _hangul(source):
            continue
        checked += 1
        if textfix.repair(nfd).text != nfc or textfix.repair(nfc).text != nfc:
            failures.append(line)
    assert checked > 11000
    assert failures == [], failures[:5]


@pytest.mark.parametrize("name", ["000_373d7afc4c9add65.txt"])
def test_clean_seed_page_is_untouched(name):
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "corpus_broken" / "seeds" / name).read_text("utf-8")
    assert textfix.repair(page).text == page
    assert all(f.confidence < 0.5 for f in textfix.detect(page))
