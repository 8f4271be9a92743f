"""HTML and XML: text nodes, comments, CDATA sections and the attribute values people read
(``title``, ``alt``, ``<meta name="description" content=...>``); the comments and strings
of JavaScript in ``<script>``.  Never tags, code elements, ``<style>``, nor template
expressions.

Known limits: text inside ``<code>``, ``<pre>``, ``<kbd>``, ``<samp>``, ``<var>`` and
template expressions (``{{ x }}``, ``{% x %}``) is not prose; JS in ``<script>`` without a
type or with a JavaScript/module type is scanned, other script types are skipped.
"""

from __future__ import annotations

import re
from functools import cache

from textfix.syntax.base import _WS, ProseSpan, _add, _comment, _trimmed
from textfix.syntax.languages import _LANGS
from textfix.syntax.scanner import _scan_code

#: Attributes whose values people read (``title``, ``alt``...): prose in HTML.
HUMAN_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label", "aria-description",
                              "aria-placeholder", "aria-roledescription", "aria-valuetext", "label",
                              "summary", "abbr"})
#: XML adds the local names Android and others use for visible text.
XML_HUMAN_ATTRIBUTES = HUMAN_ATTRIBUTES | {"text", "hint", "contentdescription", "description"}
#: ``<meta name=... content=...>``: the names whose content is prose.
META_PROSE = frozenset({"description", "keywords", "author", "og:title", "og:description",
                        "og:site_name", "og:image:alt", "twitter:title", "twitter:description",
                        "twitter:image:alt", "application-name", "apple-mobile-web-app-title"})
#: Elements whose text is code, not prose (HTML).
CODE_ELEMENTS = frozenset({"code", "pre", "kbd", "samp", "var", "tt"})
_TAG_NAME = re.compile(r"[A-Za-z][\w:.-]*")
_ATTR_NAME = re.compile(r"[^\s=>/\"']+")
_UNQUOTED = re.compile(r"[^\s>]*")
_TEMPLATE_EXPR = re.compile(r"\{\{[^}\n]*\}?\}?|\{%[^%\n]*(?:%\})?|\{#[^#\n]*(?:#\})?")
_JS_TYPES = ("", "module", "text/javascript", "application/javascript", "text/babel", "jsx")


def _html(text: str, xml: bool = False) -> list[ProseSpan]:
    """HTML/XML: text nodes, comments and human-readable attribute values."""
    out: list[ProseSpan] = []
    code_depth = 0  # inside <code>, <pre>...
    run = 0  # start of the current text run
    i = 0
    while True:
        j = text.find("<", i)
        if j < 0:
            break
        nxt = text[j + 1:j + 2]
        name_m = _TAG_NAME.match(text, j + 1)
        if name_m is None and (not nxt or nxt not in "/!?"):
            i = j + 1  # a "<" in the text
            continue
        if code_depth == 0:
            _html_text(text, run, j, xml, out)
        if name_m is not None:
            i, delta = _html_open_tag(text, name_m, xml, out)
        elif nxt == "/":
            m = _TAG_NAME.match(text, j + 2)
            delta = -1 if m and not xml and m.group().lower() in CODE_ELEMENTS else 0
            k = text.find(">", j)
            i = len(text) if k < 0 else k + 1
        else:
            i, delta = _html_markup(text, j, code_depth == 0, out), 0
        code_depth = max(0, code_depth + delta)
        run = i
    if code_depth == 0:
        _html_text(text, run, len(text), xml, out)
    return out


def _html_markup(text: str, j: int, prose: bool, out: list[ProseSpan]) -> int:
    """A comment, CDATA section, doctype or processing instruction at ``j``: where it ends."""
    n = len(text)
    for op, cl, kind in (("<!--", "-->", "comment"), ("<![CDATA[", "]]>", "text")):
        if text.startswith(op, j):
            k = text.find(cl, j + len(op))
            end = n if k < 0 else k
            if kind == "comment":
                _comment(out, text, j + len(op), end, "->")
            elif prose:
                _add(out, *_trimmed(text, j + len(op), end), "text", "]", text)
            return min(n, end + len(cl))
    k = text.find(">", j)
    return n if k < 0 else k + 1


def _html_open_tag(text: str, name_m: re.Match[str], xml: bool, out: list[ProseSpan]) -> tuple[int, int]:
    """An opening tag: its human-readable attribute values; (where the text after it starts,
    +1 when it opens a code element)."""
    name = name_m.group().lower()
    i, self_closing, attrs = _html_attributes(text, name_m.end())
    human = XML_HUMAN_ATTRIBUTES if xml else HUMAN_ATTRIBUTES
    meta_ok = name == "meta" and any(
        a in ("name", "property", "itemprop") and text[s:t].strip().lower() in META_PROSE
        for a, s, t, _q in attrs)
    for attr, s, t, q in attrs:
        local = attr.rsplit(":", 1)[-1] if xml else attr
        if local in human or (meta_ok and attr == "content"):
            _add(out, s, t, "string", (q or " >") + "&", text)
    if xml or self_closing:
        return i, 0
    if name in ("script", "style"):
        end_m = _close_tag(name).search(text, i)
        end = len(text) if end_m is None else end_m.start()
        kind = next((text[s:t].strip().lower() for a, s, t, _q in attrs if a == "type"), "")
        if name == "script" and kind in _JS_TYPES:
            out.extend(s._replace(start=s.start + i, end=s.end + i)
                       for s in _scan_code(text[i:end], _LANGS["javascript"]))
        return end, 0
    return i, 1 if name in CODE_ELEMENTS else 0


@cache
def _close_tag(name: str) -> re.Pattern[str]:
    return re.compile("</" + name + r"\b", re.I)


def _html_attributes(text: str, p: int) -> tuple[int, bool, list[tuple[str, int, int, str]]]:
    """Attributes from ``p`` to the end of the tag: (after the tag, self-closing, [(name,
    value start, value end, quote)])."""
    n = len(text)
    attrs: list[tuple[str, int, int, str]] = []
    while p < n:
        while p < n and text[p] in _WS:
            p += 1
        if p >= n:
            break
        if text[p] == ">":
            return p + 1, False, attrs
        if text.startswith("/>", p):
            return p + 2, True, attrs
        m = _ATTR_NAME.match(text, p)
        if m is None:
            p += 1
            continue
        name = m.group().lower()
        p = m.end()
        while p < n and text[p] in _WS:
            p += 1
        if p < n and text[p] == "=":
            p += 1
            while p < n and text[p] in _WS:
                p += 1
            if p < n and text[p] in "\"'":
                q = text[p]
                k = text.find(q, p + 1)
                end = n if k < 0 else k
                attrs.append((name, p + 1, end, q))
                p = min(n, end + 1)
            else:
                um = _UNQUOTED.match(text, p)
                attrs.append((name, p, um.end(), ""))
                p = um.end()
    return n, False, attrs


def _html_text(text: str, a: int, b: int, xml: bool, out: list[ProseSpan]) -> None:
    if xml:
        _add(out, *_trimmed(text, a, b), "text", "<&", text)
        return
    for m in _TEMPLATE_EXPR.finditer(text, a, b):
        _add(out, *_trimmed(text, a, m.start()), "text", "<&{}", text)
        a = m.end()
    _add(out, *_trimmed(text, a, b), "text", "<&{}", text)
