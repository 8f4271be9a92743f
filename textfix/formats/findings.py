"""Findings for machines: JSON (one array), JSON Lines, GitHub workflow commands and
SARIF 2.1.0, with lines and columns in code points (see :mod:`textfix.formats`)."""

from __future__ import annotations

import bisect
import json
import os
from collections.abc import Sequence
from typing import Any, BinaryIO

from textfix.diff import json_safe, visible
from textfix.model import Repair

FORMATS = ("text", "json", "jsonl", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


# --- paths ---------------------------------------------------------------------------


def report_path(path: str) -> str:
    """``path`` as CI tools want it: relative to the working folder when inside it,
    with ``/`` separators, without ``./``.

    >>> report_path("./docs/../a.txt"), report_path("-")
    ('a.txt', '-')
    """
    if path == "-":
        return path
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        path = rel if not rel.startswith("..") else path
    return os.path.normpath(path).replace(os.sep, "/")


# --- findings ------------------------------------------------------------------------


class Positions:
    """Line and column (1-based, code points) of offsets in one text, by bisection."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def finding_rows(path: str, result: Repair, only_applied: bool = False) -> list[dict[str, Any]]:
    """The findings of one file as JSON-ready records (``only_applied``: the changes a
    repair makes, for ``repair --check``)."""
    at = Positions(result.original)
    rows = []
    for f in result.findings:
        if only_applied and not f.applied:
            continue
        line, col = at(f.start)
        end_line, end_col = at(f.end)
        rows.append({
            "path": path, "code": f.code, "kind": f.kind, "start": f.start, "end": f.end,
            "line": line, "column": col, "end_line": end_line, "end_column": end_col,
            "confidence": round(f.confidence, 3), "applicability": f.applicability.value,
            "applied": f.applied, "message": f.message, "text": f.before, "replacement": f.after,
            "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement,
                       "range": [*at(e.start), *at(e.end)]} for e in f.edits],
        })
    return rows


def _status(row: dict[str, Any]) -> str:
    if row["applied"]:
        return "applied by repair"
    return "suggestion" if row["replacement"] is not None else "flag"


def summary(row: dict[str, Any]) -> str:
    """One line for people: before -> after, why, how sure (file text badged); a record
    file's finding names its record and field first."""
    what = repr(visible(row["text"]))[:200]
    if "record" in row and "field" in row:
        what = f"record {row['record']} field {row['field']!r}: {what}"
    if row["replacement"] is not None:
        what += f" -> {repr(visible(row['replacement']))[:200]}"
    return f"{what}: {visible(row['message'])} ({_status(row)}, confidence {row['confidence']:.2f})"


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github_line(row: dict[str, Any]) -> str:
    """A GitHub Actions workflow command for one finding (an annotation on the pull
    request): ``warning`` for what a repair applies, ``notice`` for suggestions and flags;
    data and properties escaped as GitHub's toolkit does."""
    level = "warning" if row["applied"] else "notice"
    last_line, last_col = row["line"], row["column"]
    if row["end"] > row["start"]:
        last_line, last_col = row["end_line"], max(1, row["end_column"] - 1)
        if row["end_column"] == 1:  # the span ends with a line break
            last_line, last_col = row["end_line"] - 1, row["column"]
    props = {"file": report_path(row["path"]), "line": row["line"], "col": row["column"],
             "endLine": max(last_line, row["line"]), "endColumn": last_col,
             "title": f"{row['code']} {row['kind']}"}
    head = ",".join(f"{k}={_gh_property(str(v))}" for k, v in props.items())
    return f"::{level} {head}::{_gh_data(summary(row))}"


def sarif_rules() -> list[dict[str, Any]]:
    """One SARIF ``reportingDescriptor`` per rule of the registry."""
    from textfix.rules import RULES, Applicability

    out = []
    for rule in RULES.values():
        fixes = set(rule.fixes)
        level = "note" if fixes == {Applicability.FLAG} else "warning"
        out.append({
            "id": rule.code, "name": rule.kind,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": f"{rule.summary} {rule.why}"},
            "help": {"text": rule.doc()},
            "defaultConfiguration": {"level": level},
            "properties": {"tags": ["textfix", rule.family, *sorted(a.value for a in fixes)]},
        })
    return out


def _region(rng: Sequence[int]) -> dict[str, int]:
    return {"startLine": rng[0], "startColumn": rng[1], "endLine": rng[2], "endColumn": rng[3]}


def sarif_result(row: dict[str, Any], rule_index: dict[str, int]) -> dict[str, Any]:
    """One SARIF ``result``; a finding with a fix carries it as SARIF ``fixes``."""
    uri = _uri(report_path(row["path"]))
    where = {"artifactLocation": {"uri": uri},
             "region": {**_region((row["line"], row["column"], row["end_line"], row["end_column"])),
                        "snippet": {"text": row["text"]}}}
    result: dict[str, Any] = {
        "ruleId": row["code"], "ruleIndex": rule_index[row["code"]],
        "level": "warning" if row["applied"] else "note",
        "message": {"text": summary(row)},
        "locations": [{"physicalLocation": where}],
        "properties": {"confidence": row["confidence"], "applicability": row["applicability"],
                       "applied": row["applied"]},
    }
    if row["edits"]:
        result["fixes"] = [{
            "description": {"text": f"{row['code']} {row['kind']}: {_status(row)}"},
            "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [
                {"deletedRegion": _region(e["range"]), "insertedContent": {"text": e["replacement"]}}
                for e in row["edits"]]}],
        }]
    return result


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def _dumps(value: Any, indent: int | None = None) -> bytes:
    """JSON with nothing a terminal obeys (:func:`~textfix.diff.json_safe`); raw line breaks
    are the indentation's (json.dumps escapes those inside strings)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return "\n".join(json_safe(line) for line in text.split("\n")).encode("utf-8")


class FindingWriter:
    """Writes findings to ``stream`` in one of :data:`FORMATS` (not ``text``, which is for
    people): JSON Lines and GitHub commands as they come, a JSON array streamed, SARIF
    once at the end."""

    def __init__(self, fmt: str, stream: BinaryIO) -> None:
        from textfix import __version__

        self.fmt, self.stream, self.count = fmt, stream, 0
        self.version = __version__
        self.results: list[dict[str, Any]] = []
        self.rules = sarif_rules() if fmt == "sarif" else []
        self.rule_index = {r["id"]: i for i, r in enumerate(self.rules)}
        if fmt == "json":
            stream.write(b"[")

    def add(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            if self.fmt == "jsonl":
                self.stream.write(_dumps(row) + b"\n")
            elif self.fmt == "json":
                self.stream.write((b",\n  " if self.count else b"\n  ") + _dumps(row))
            elif self.fmt == "github":
                self.stream.write(visible(github_line(row)).encode("utf-8") + b"\n")
            elif self.fmt == "sarif":
                self.results.append(sarif_result(row, self.rule_index))
            self.count += 1
        self.stream.flush()

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write(b"\n]\n" if self.count else b"]\n")
        elif self.fmt == "sarif":
            log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
                "tool": {"driver": {"name": "textfix", "version": self.version,
                                    "semanticVersion": self.version, "rules": self.rules}},
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            }]}
            self.stream.write(_dumps(log, indent=2) + b"\n")
        self.stream.flush()
