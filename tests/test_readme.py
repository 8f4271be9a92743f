"""The README shows what the tool prints: every ```console block is run (its ``$`` lines in
one fresh folder, with ``textfix`` the source tree's) and compared with the output shown
under each command (stdout and stderr, as a terminal shows them), and every ```pycon block
is run as a doctest.  An example that drifts from the tool fails here."""

import doctest
import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[tuple[int, str]]:
    """(line number, body) of every fenced block of ``lang``."""
    return [(README.count("\n", 0, m.start()) + 2, m.group(1))
            for m in re.finditer(rf"^```{lang}\n(.*?)^```$", README, re.MULTILINE | re.DOTALL)]


def commands(body: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block."""
    out: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        else:
            assert out, f"output before the first command: {line!r}"
            out[-1][1].append(line)
    return [(cmd, "\n".join(lines).rstrip("\n")) for cmd, lines in out]


def test_the_readme_has_examples():
    assert len(blocks("console")) >= 4 and blocks("pycon")


@pytest.mark.parametrize(("line", "body"), blocks("console"), ids=lambda x: str(x) if isinstance(x, int) else "")
def test_console_examples_print_what_the_readme_shows(tmp_path, line, body):
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "textfix").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m textfix "$@"\n', encoding="utf-8")
    (shim / "textfix").chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "FORCE_COLOR")}
    env |= {"PATH": f"{shim}{os.pathsep}{env.get('PATH', '')}", "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"}
    for cmd, expected in commands(body):
        out = subprocess.run(["bash", "-c", cmd], cwd=work, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=120)
        got = out.stdout.decode("utf-8").rstrip("\n")
        assert got == expected, f"README.md line {line}: $ {cmd}\n--- shown\n{expected}\n--- printed\n{got}"


@pytest.mark.parametrize(("line", "body"), blocks("pycon"), ids=lambda x: str(x) if isinstance(x, int) else "")
def test_python_examples_are_doctests(line, body):
    test = doctest.DocTestParser().get_doctest(body, {}, f"README.md:{line}", "README.md", line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"README.md line {line}: a pycon example failed (see the output above)"
