"""JSON Lines: one object a line, repaired field by field with every other byte kept.

A line is read with :func:`object_spans`: where each top-level value starts and ends in the
line (the keys and values are decoded by the standard library's own scanner, at C speed).
Only a changed string value is written again (``json.dumps``, escaping non-ASCII the way the
original value did), spliced into the line between the bytes that were there: other keys,
their order, spacing, number spellings and escapes stay exactly as they were.  A findings
field replaces that key's value, or is added as the last key.

>>> line = '{"id": 7, "text": "¹®ÀÚ ±úÁü", "n": 1.50}'
>>> spans = object_spans(line)
>>> spans["text"][:2], spans["text"][2]
((18, 29), '¹®ÀÚ ±úÁü')
>>> splice(line, spans, {"text": "문자 깨짐"}, None)
'{"id": 7, "text": "문자 깨짐", "n": 1.50}'
"""

from __future__ import annotations

import json
import re
from typing import Any

from textfix.model import Finding
from textfix.records.core import Chunk, Counts, Job, RecordReport, findings_value, report_for

#: Numbers are not converted (only text values are repaired): an integer of more digits than
#: Python converts (4,300) reads as well as any other.
_NUMBER = object()
_DECODER = json.JSONDecoder(parse_int=lambda _: _NUMBER, parse_float=lambda _: _NUMBER)
_SCANSTRING = json.decoder.scanstring
_WS = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BOM = "\ufeff"


def object_spans(line: str) -> dict[str, tuple[int, int, Any]]:
    """Each top-level key of the JSON object on ``line``: (start, end, value) of its value
    (the last one wins for a repeated key, as ``json.loads``); also ``"}"``: the offset of
    the closing brace and whether the object is empty, and ``":"``: the line's separators.

    Raises ``ValueError`` (``json.JSONDecodeError``) when the line is not one JSON object.
    """
    ws = _WS.match
    i = ws(line, 0).end()
    if line[i:i + 1] != "{":
        raise json.JSONDecodeError("not a JSON object", line, i)
    i = ws(line, i + 1).end()
    out: dict[str, tuple[int, int, Any]] = {}
    seps = None
    if line[i:i + 1] == "}":
        close = i
    else:
        while True:
            if line[i:i + 1] != '"':
                raise json.JSONDecodeError("expected a key", line, i)
            key, i = _SCANSTRING(line, i + 1)
            colon = ws(line, i).end()
            if line[colon:colon + 1] != ":":
                raise json.JSONDecodeError("expected ':'", line, colon)
            start = ws(line, colon + 1).end()
            value, end = _DECODER.raw_decode(line, start)
            out[key] = (start, end, value)
            i = ws(line, end).end()
            if seps is None:
                seps = line[i:i + 1] + line[i + 1:ws(line, i + 1).end()], line[colon:start]
            if line[i:i + 1] == ",":
                i = ws(line, i + 1).end()
                continue
            if line[i:i + 1] == "}":
                close = i
                break
            raise json.JSONDecodeError("expected ',' or '}'", line, i)
    if ws(line, close + 1).end() != len(line):
        raise json.JSONDecodeError("extra data after the object", line, close + 1)
    out["}"] = (close, close, not out)
    out[":"] = (0, 0, seps if seps and seps[0] == "," else (", ", ": "))
    return out


def _token(value: str, old_token: str, old_value: str) -> str:
    """``value`` as a JSON string, escaping non-ASCII when the value it replaces did (its
    token is ASCII though its text is not), and lone surrogates always (UTF-8 cannot hold
    them)."""
    ascii_style = old_token.isascii() and not old_value.isascii()
    token = json.dumps(value, ensure_ascii=ascii_style)
    if not ascii_style and _SURROGATE.search(token):
        return json.dumps(value, ensure_ascii=True)
    return separators_escaped(token)


def separators_escaped(token: str) -> str:
    """``token`` with U+2028 and U+2029 escaped: JSON allows them raw, but a reader that
    splits lines on every Unicode line boundary (Python's ``str.splitlines``) would cut the
    record there.

    >>> raw = json.dumps("a" + chr(0x2028) + "b", ensure_ascii=False)
    >>> escaped = separators_escaped(raw)
    >>> len(raw.splitlines()), len(escaped.splitlines()), json.loads(escaped) == json.loads(raw)
    (2, 1, True)
    """
    if "\u2028" in token or "\u2029" in token:
        return token.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return token


def splice(line: str, spans: dict[str, tuple[int, int, Any]], new: dict[str, str],
           findings: tuple[str, list] | None) -> str:
    """``line`` with the string values of ``new`` written in (and the findings field
    ``findings = (name, value)`` set or added), every other character kept."""
    edits: list[tuple[int, int, str]] = []
    for key, value in new.items():
        start, end, old = spans[key]
        edits.append((start, end, _token(value, line[start:end], old)))
    if findings is not None:
        name, value = findings
        comma, colon = spans[":"][2]
        token = json.dumps(value, ensure_ascii=False, separators=(comma, colon))
        if _SURROGATE.search(token):
            token = json.dumps(value, ensure_ascii=True, separators=(comma, colon))
        token = separators_escaped(token)
        if name in spans and name not in ("}", ":"):
            start, end, _old = spans[name]
            edits.append((start, end, token))
        else:
            close, _, empty = spans["}"]
            key = json.dumps(name, ensure_ascii=False)
            # after the last value (before any space ahead of the brace), as the last key
            at = close if empty else len(line[:close].rstrip(" \t\r\n"))
            edits.append((at, at, ("" if empty else comma) + key + colon + token))
    for start, end, text in sorted(edits, reverse=True):
        line = line[:start] + text + line[end:]
    return line


def process_chunk(job: Job, data: bytes, first_record: int, first_line: int) -> Chunk:
    """Repair the records of ``data`` (whole lines); ``first_record``/``first_line`` number
    its first line's record and line (from 1)."""
    counts, reports, out = Counts(), [], []
    lines = data.split(b"\n")
    last = len(lines) - 1
    record = first_record
    for n, raw in enumerate(lines):
        if n == last and not raw:
            break  # the chunk ends with a newline: nothing after it
        number = first_line + n
        newline = b"" if n == last else b"\n"
        body, cr = (raw[:-1], b"\r") if raw.endswith(b"\r") else (raw, b"")
        if not body.strip():
            out.append(raw + newline)
            continue
        changed = _record(job, body, number, record, counts, reports)
        record += 1
        out.append((body if changed is None else changed) + cr + newline)
    return Chunk(b"".join(out) if job.writes else b"", counts, reports, len(lines) - (not lines[-1]))


def _record(job: Job, body: bytes, number: int, record: int, counts: Counts,
            reports: list[RecordReport]) -> bytes | None:
    """One line's record repaired: its new bytes, or None when they stay as they are."""
    counts.records += 1
    try:
        line = body.decode("utf-8")
        bom = line.startswith(_BOM) and number == 1
        spans = object_spans(line[1:] if bom else line)
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        counts.errors.append((number, _why(err)))
        return None
    new: dict[str, str] = {}
    per_field: list[tuple[str, list[Finding]]] = []
    for name in job.fields:
        if name not in spans or name in ("}", ":") or not isinstance(spans[name][2], str):
            counts.missing += 1
            continue
        old = spans[name][2]
        counts.present.add(name)
        fixed, found = job.value(old)
        if found:
            per_field.append((name, found))
            counts.findings += len(found)
        if fixed != old:
            new[name] = fixed
            counts.changed_fields += 1
        rep = report_for(job, record, number, name, old, fixed, found)
        if rep is not None:
            reports.append(rep)
    counts.changed_records += bool(new)
    if not job.writes or (not new and job.findings_field is None):
        return None
    findings = (job.findings_field, findings_value(per_field)) if job.findings_field else None
    text = splice(line[1:] if bom else line, spans, new, findings)
    return ((_BOM if bom else "") + text).encode("utf-8")


def _why(err: Exception) -> str:
    if isinstance(err, UnicodeDecodeError):
        return f"not UTF-8 (byte {err.start}); the line is kept as it is"
    if isinstance(err, json.JSONDecodeError):
        return f"cannot read a JSON object: {err.msg} at column {err.colno}; the line is kept as it is"
    if isinstance(err, RecursionError):
        return "a value is nested too deeply to read; the line is kept as it is"
    return f"{err}; the line is kept as it is"  # pragma: no cover


def chunks(stream, size: int) -> Any:
    """(data, first record, first line) of whole-line chunks of about ``size`` bytes read
    from the binary ``stream``; the record numbers count non-blank lines."""
    record, line, rest = 1, 1, b""
    while True:
        block = stream.read(size)
        if not block:
            break
        block = rest + block
        cut = block.rfind(b"\n") + 1
        if cut == 0:
            rest = block
            continue
        data, rest = block[:cut], block[cut:]
        yield data, record, line
        lines = data.split(b"\n")[:-1]
        record += sum(1 for ln in lines if ln.strip())
        line += len(lines)
    if rest:
        yield rest, record, line
