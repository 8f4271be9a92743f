"""A repair as HTML for notebooks (``Repair._repr_html_``): the changed lines before and
after side by side, deletions and insertions highlighted, each change's rules and
confidence on hover (``title``), then every finding.  Styles are inline (a notebook has no
style sheet of ours); every piece of text is escaped, and invisible or control characters
are shown as badges, as in the terminal.

>>> from textfix import repair
>>> page = repair_html(repair("<b>¹®ÀÚ</b>"))
>>> "<b>" in page, "&lt;b&gt;" in page, "문자" in page
(False, True, True)
"""

from __future__ import annotations

from html import escape

from textfix.diff import MARKER, Row, _paired, badge, rows
from textfix.model import Repair

#: Rows and findings shown at most (a notebook cell with thousands is unreadable and slow).
MAX_ROWS = 200

_CELL = "padding:2px 6px;vertical-align:top;text-align:left;white-space:pre-wrap;unicode-bidi:plaintext"
_DEL = "background:#ffd7d5;color:#82071e;text-decoration:line-through"
_INS = "background:#ccffd8;color:#055d20;text-decoration:none"
_BADGE = "border:1px solid #999;border-radius:3px;font-size:85%;padding:0 2px"
_DIM = "color:#888"


def _text(s: str) -> str:
    """File text, escaped, with badges for what must not be shown raw."""
    out, run = [], []
    for ch in s:
        b = badge(ch)
        if b is None:
            run.append(ch)
            continue
        out.append(escape("".join(run)))
        run = []
        out.append(f'<span style="{_BADGE}" title="{escape(b[1:-1])}">{escape(b)}</span>')
    out.append(escape("".join(run)))
    return "".join(out)


def _side(row: Row, which: str) -> str:
    mine, tag, style = ("-", "del", _DEL) if which == "before" else ("+", "ins", _INS)
    out = []
    for k, p in enumerate(row.pieces):
        if p.op == "=":
            out.append(_text(p.text))
        elif p.op == "…":
            out.append(f'<span style="{_DIM}">…</span>')
        elif p.op == mine:
            out.append(f'<{tag} style="{style}" title="{escape(p.title)}">{_text(p.text)}</{tag}>')
        elif not _paired(row.pieces, k):
            where = "inserted here" if which == "before" else "deleted here"
            out.append(f'<span style="{_INS if which == "before" else _DEL}" '
                       f'title="{escape(p.title)}: {where}">{MARKER}</span>')
    if which == "after":
        out += [f'<div style="{_DIM};font-size:85%">{escape(note)}</div>' for note in row.all_notes]
    return "".join(out)


def _findings(repair: Repair) -> str:
    from textfix.formats import Positions

    at = Positions(repair.original)
    items = []
    for f in repair.findings[:MAX_ROWS]:
        line, col = at(f.start)
        status = "applied" if f.applied else "suggestion" if f.after is not None else "flag"
        change = _text(f.before) + (f" → {_text(f.after)}" if f.after is not None else "")
        items.append(f'<li title="{escape(f.message)}"><code>{escape(f.code)}</code> {escape(f.kind)} '
                     f"at {line}:{col} ({status}, confidence {f.confidence:.2f}): {change}"
                     f'<br><span style="{_DIM}">{escape(f.message)}</span></li>')
    if len(repair.findings) > MAX_ROWS:
        items.append(f"<li>… {len(repair.findings) - MAX_ROWS} more findings</li>")
    return "".join(items)


def repair_html(repair: Repair) -> str:
    """The notebook view of ``repair`` (see the module's docstring)."""
    counts = (f"{len(repair.findings)} findings: {len(repair.applied)} applied, "
              f"{sum(f.after is not None for f in repair.suggestions)} suggestions, "
              f"{sum(f.after is None for f in repair.suggestions)} flags")
    parts = [f'<div class="textfix-repair"><div style="{_DIM}">textfix: '
             f'{"changed" if repair.changed else "unchanged"}; {escape(counts)}</div>']
    all_rows = rows(repair)
    if all_rows:
        head = "".join(f'<th style="{_CELL}">{h}</th>' for h in ("line", "before", "after", "rule"))
        body = []
        for r in all_rows[:MAX_ROWS]:
            body.append(f'<tr><td style="{_CELL};{_DIM}">{r.line}</td>'
                        f'<td style="{_CELL}">{_side(r, "before")}</td>'
                        f'<td style="{_CELL}">{_side(r, "after")}</td>'
                        f'<td style="{_CELL}"><code>{escape(" ".join(r.codes))}</code></td></tr>')
        if len(all_rows) > MAX_ROWS:
            body.append(f'<tr><td colspan="4" style="{_CELL};{_DIM}">… {len(all_rows) - MAX_ROWS} more '
                        "changed lines</td></tr>")
        parts.append(f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead>'
                     f'<tbody>{"".join(body)}</tbody></table>')
    if repair.findings:
        parts.append(f"<details><summary>findings</summary><ul>{_findings(repair)}</ul></details>")
    parts.append("</div>")
    return "".join(parts)
