#!/usr/bin/env python3
"""The fresh open-world set: a third split of packages nobody on the project had looked at.

Built on 2026-12-06, after the main split (``fetch.py``) had been tuned on: 29 pinned packages
(deb, pypi, npm) that the project never used, fetched by their ordinary clients with
``fetch.py``'s helpers into a cache (default /work/data/openworld/fresh-cache, ``--cache`` or
``$TEXTFIX_OPENWORLD_FRESH``; an archive already there is not fetched again, so the cache of
the session that first built the set, /work/data/fresh/cache, serves too).  Units are written
to ``fresh-units.jsonl`` beside the cache (``--out`` to change), in the format of
``fetch.py``'s ``units.jsonl`` plus ``registry``; ``split`` is ``fresh-tune`` or
``fresh-heldout`` by the fixed list below, and ids start with ``fresh:``.

What is read, per package:

- message catalogues (``usr/share/locale/*/LC_MESSAGES/*.mo``): each translation in its
  language, each msgid as English (or the language its script shows), as ``fetch.py`` does;
- Firefox/Thunderbird langpacks (``.xpi`` inside the .deb): one ``string`` unit per message
  value of their ``.ftl`` and ``.properties`` members (Fluent continuation lines joined,
  attributes apart, select-expression variants dropped);
- help pages (GNOME ``.page``, LibreOffice help HTML): whole files, every n-th page per
  language where the list says so;
- source code (Python, JavaScript): whole files, lang ``code`` or ``code-ko``, ...;
- JSON locale files and CKEditor translation modules (``export default {...}``): their
  string leaves.

Exact duplicates are dropped inside this set only (the first, in the order of the list, is
kept; the list's order is part of the set's definition); ``fetch.damaged`` marks what is
damaged in the package itself.

Clean-text failures of the whole fresh set were already read once (2026-12-06), so for
clean-text precision both fresh splits count as looked at; for damage only ``fresh-tune``
may be looked at.  See the README.

Usage: python benchmarks/openworld/fresh.py [--cache DIR] [--out FILE] [--list]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fetch import (
    _LETTER,
    Package,
    _catalog_units,
    _text_units,
    archive_path,
    cache_dir,
    damaged,
    download,
    first_seen,
    json_strings,
    members,
    package_table,
    path_lang,
)

DEFAULT_CACHE = Path("/work/data/openworld/fresh-cache")
SPLITS = ("fresh-tune", "fresh-heldout")
UNITS_NAME = "fresh-units.jsonl"

# rule kinds as in fetch.py (catalog, doc, code, json), plus xpi (the .ftl and .properties
# messages of a langpack) and jsexport (the strings of an ``export default {...}`` module)
CAT = (r"^usr/share/locale/[^/]+/LC_MESSAGES/[^/]+\.mo$", "catalog")
HELP = (r"^usr/share/help/[^/]+/.*\.page$", "doc")
XPI = (r"\.xpi$", "xpi")
PYR = (r"\.py$", "code")


@dataclass(frozen=True)
class FreshPackage(Package):
    """A pinned package of the fresh set (``lang``: the language of a langpack's messages)."""

    #: keep every n-th ``doc`` page of a language (by the locale its path names; 1 if absent)
    every_page: dict = field(default_factory=dict)


P = FreshPackage
T, H = SPLITS
# fmt: off
PACKAGES: tuple[FreshPackage, ...] = (
    P("deb", "libreoffice-help-ko", "4:7.4.7-1+deb12u14", "MPL-2.0", T,
      ((r"^usr/share/libreoffice/help/ko/text/.*\.html$", "doc"),),
      "LibreOffice help pages (HTML, every 5th)", locale_only=True, every_page={"ko": 5}),
    P("deb", "firefox-esr-l10n-ko", "153.8.0esr-1~deb12u1", "MPL-2.0", T, (XPI,),
      "Firefox langpack (.ftl/.properties)", lang="ko"),
    P("deb", "thunderbird-l10n-ko", "1:153.8.0esr-1~deb12u1", "MPL-2.0", H, (XPI,),
      "Thunderbird langpack", lang="ko"),
    P("deb", "firefox-esr-l10n-he", "153.8.0esr-1~deb12u1", "MPL-2.0", T, (XPI,),
      "Firefox langpack", lang="he"),
    P("deb", "firefox-esr-l10n-ar", "153.8.0esr-1~deb12u1", "MPL-2.0", H, (XPI,),
      "Firefox langpack", lang="ar"),
    P("deb", "firefox-esr-l10n-ja", "153.8.0esr-1~deb12u1", "MPL-2.0", T, (XPI,),
      "Firefox langpack", lang="ja"),
    P("deb", "vlc-l10n", "3.0.24-0+deb12u1", "GPL-2+ / LGPL-2.1+", T, (CAT,),
      "VLC message catalogues", locale_only=True),
    P("deb", "gimp-data", "2.10.34-1+deb12u10", "GPL-3+", H, (CAT,),
      "GIMP message catalogues", locale_only=True),
    P("deb", "gnome-user-docs", "43.0-2", "CC-BY-3.0", H, (HELP,),
      "GNOME help pages", locale_only=True,
      every_page={"ko": 1, "he": 3, "ja": 3, "zh": 3, "en": 6}),
    P("deb", "gnome-terminal-data", "3.46.8-1", "GPL-3+ (help: CC-BY-SA-3.0)", T, (CAT, HELP),
      "catalogues + help", locale_only=True),
    P("deb", "gnome-calculator", "1:43.0.1-2", "GPL-3+ (help: CC-BY-SA-3.0)", H, (CAT, HELP),
      "catalogues + help", locale_only=True),
    P("deb", "thunar-data", "4.18.4-1", "GPL-2+", T, (CAT,), "Thunar catalogues", locale_only=True),
    P("pypi", "OpenDartReader", "0.2.2", "MIT", T, (PYR,), "DART client: Korean-commented source"),
    P("pypi", "dart-fss", "0.4.17", "MIT", H, (PYR,), "DART scraper: Korean-commented source"),
    P("pypi", "python-kis", "2.1.6", "MIT", T, (PYR,), "Korea Investment API: Korean docstrings"),
    P("pypi", "ecos-reader", "0.7.0", "MIT", H, (PYR,), "Bank of Korea ECOS client"),
    P("pypi", "ko-pron", "1.3", "MIT", T, (PYR,), "Korean pronunciation"),
    P("pypi", "krwordrank", "1.0.3", "unstated in metadata", H, (PYR,), "Korean keyword extraction"),
    P("pypi", "korean-pii", "0.2.0", "MIT", T, (PYR,), "Korean PII detection"),
    P("pypi", "pyupbit", "0.2.34", "Apache-2.0", H, (PYR,), "Upbit client: Korean comments"),
    P("pypi", "click", "8.5.1", "BSD-3-Clause", T, (PYR,), "English code"),
    P("pypi", "attrs", "26.1.0", "MIT", H, ((r"^attrs?/.*\.py$", "code"),), "English code"),
    P("npm", "primelocale", "2.5.0", "MIT", T, ((r"^[^/]+\.json$", "json"),),
      "PrimeVue locale JSON", locale_only=True),
    P("npm", "@vee-validate/i18n", "4.15.1", "MIT", H, ((r"^dist/locale/[^/]+\.json$", "json"),),
      "validation messages", locale_only=True),
    P("npm", "zod-i18n-map", "2.27.0", "MIT", T, ((r"^locales/[^/]+/[^/]+\.json$", "json"),),
      "validation messages", locale_only=True),
    P("npm", "flatpickr", "4.6.13", "MIT", H, ((r"^dist/l10n/[^/]+\.js$", "code"),),
      "date picker locale files (code)", locale_only=True),
    P("npm", "@ckeditor/ckeditor5-ui", "48.5.2", "GPL-2.0-or-later (or commercial)", T,
      ((r"^dist/translations/[^/.]+\.js$", "jsexport"),), "editor UI translations", locale_only=True),
    P("npm", "es-hangul", "2.4.0", "MIT", H, ((r"^dist/index\.mjs$", "code"),), "Hangul JS library (code)"),
    P("npm", "express", "5.3.0", "MIT", T, ((r"^(index\.js|lib/.*\.js)$", "code"),), "English JS code"),
)
# fmt: on
del P, T, H


def fetch_archive(pkg: FreshPackage, cache: Path) -> Path:
    """``fetch.download``, and the tarball npm names ``scope-name-version.tgz`` for ``@scope/name``."""

    def scoped() -> Path | None:
        if pkg.registry != "npm" or not pkg.name.startswith("@"):
            return None
        p = cache / "npm" / f"{pkg.name[1:].replace('/', '-')}-{pkg.version}.tgz"
        return p if p.is_file() else None

    have = scoped() or archive_path(pkg, cache)
    if have:
        return have
    try:
        return download(pkg, cache)
    except RuntimeError:  # npm packed it, but fetch.archive_path looks for "@scope/name-version.tgz"
        have = scoped()
        if have is None:
            raise
        return have


# ------------------------------------------------------------------ extraction

def message_values(path: str, text: str) -> list[str]:
    """The message values of a Fluent (.ftl) or .properties file, with a letter in them.

    A value's indented continuation lines are joined (.ftl); an attribute (``.label = ...``)
    is a value of its own; a select expression's variants end the value before them.

    >>> message_values("a.ftl", "a = One\\n    two\\n    .title = Three\\n# c\\nb = Four")
    ['One\\ntwo', 'Three', 'Four']
    >>> message_values("a.properties", "x=Hello\\ny = 1\\n")
    ['Hello']
    """
    cur: str | None = None
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            if cur:
                out.append(cur)
                cur = None
            continue
        if path.endswith(".ftl") and line[:1] in (" ", "\t") and cur is not None:
            s = line.strip()
            if s.startswith(".") and "=" in s:  # an attribute
                out.append(cur)
                cur = s.split("=", 1)[1].strip()
            elif s.startswith(("[", "*[", "}")):  # select-expression variants
                out.append(cur)
                cur = None
            else:
                cur += "\n" + s
            continue
        if cur:
            out.append(cur)
        cur = line.split("=", 1)[1].strip() if "=" in line else None
    if cur:
        out.append(cur)
    return [s for s in out if s and _LETTER.search(s)]


def langpack_units(path: str, data: bytes, lang: str | None) -> Iterator[dict]:
    """The messages of the .ftl and .properties members of a langpack (.xpi)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if not info.filename.endswith((".ftl", ".properties")):
                continue
            try:
                text = z.read(info).decode("utf-8-sig")
            except UnicodeDecodeError:
                continue
            for s in message_values(info.filename, text):
                yield {"path": f"{path}!{info.filename}", "lang": lang, "unit": "string", "text": s}


def export_default_strings(text: str) -> Iterator[str]:
    """The string leaves (with a letter) of a module ``export default {JSON};``."""
    m = re.search(r"export default (\{.*\})\s*;?\s*$", text, re.S)
    if not m:
        return
    try:
        obj = json.loads(m.group(1))
    except ValueError:
        return
    yield from (s for s in json_strings(obj) if _LETTER.search(s))


def extract(pkg: FreshPackage, archive: Path) -> Iterator[dict]:
    """The units of one package, in archive order (duplicates not yet removed)."""
    pages: Counter = Counter()
    for path, data in members(archive):
        if pkg.exclude and re.search(pkg.exclude, path):
            continue
        kind = next((k for rx, k in pkg.rules if re.search(rx, path)), None)
        if kind is None:
            continue
        if kind == "xpi":
            yield from langpack_units(path, data, pkg.lang)
            continue
        plang = path_lang(path)
        if pkg.locale_only and plang is None:
            continue
        if kind == "catalog":
            yield from ({"path": path, **u} for u in _catalog_units(path, data, plang))
            continue
        if kind == "doc":
            pages[plang] += 1
            if (pages[plang] - 1) % pkg.every_page.get(plang, 1):
                continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        if kind == "jsexport":
            units = ({"lang": plang, "unit": "string", "text": s} for s in export_default_strings(text))
        else:  # a langpack's ``lang`` is never read here: the others have none, nor ``every``
            units = _text_units(kind, text, plang, pkg)
        yield from ({"path": path, **u} for u in units)


def build(cache: Path, out: Path, packages: tuple[FreshPackage, ...] = PACKAGES) -> Counter:
    """Write the units of ``packages`` to ``out``; figures per split and language."""
    seen: set[bytes] = set()
    stats: Counter = Counter()
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for pkg in packages:
            units = list(extract(pkg, fetch_archive(pkg, cache)))
            damaged(units)
            n = 0
            for u in first_seen((u for u in units if u["lang"] is not None), seen, stats):
                n += 1
                rec = {"id": f"fresh:{pkg.name}/{u['path']}#{n}", "source": pkg.source,
                       "registry": pkg.registry, "lang": u["lang"], "unit": u["unit"], "path": u["path"],
                       "text": u["text"], "split": pkg.split}
                if "damaged" in u:
                    rec["damaged"] = u["damaged"]
                    stats["damaged"] += 1
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                stats[(pkg.split, u["lang"], "bytes")] += len(u["text"].encode("utf-8", "surrogatepass"))
                stats[(pkg.split, u["lang"], "units")] += 1
            print(f"{pkg.split:13s} {pkg.source:45s} {n:7d} units", file=sys.stderr)
    tmp.replace(out)
    return stats


def print_stats(stats: Counter) -> None:
    langs = sorted({k[1] for k in stats if isinstance(k, tuple)})
    print(f"{'lang':10s} " + " ".join(f"{s + ' MB':>17s} {'units':>7s}" for s in SPLITS))
    for lang in langs:
        cells = (f"{stats[(s, lang, 'bytes')] / 1e6:17.2f} {stats[(s, lang, 'units')]:7d}" for s in SPLITS)
        print(f"{lang:10s} " + " ".join(cells))
    tot = [sum(v for k, v in stats.items() if isinstance(k, tuple) and k[0] == s and k[2] == "bytes")
           for s in SPLITS]
    print(f"{'total':10s} " + " ".join(f"{b / 1e6:17.2f} {'':7s}" for b in tot))
    print(f"exact duplicates dropped: {stats['duplicates']}; units marked damaged at the source: "
          f"{stats['damaged']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", help="cache folder (default $TEXTFIX_OPENWORLD_FRESH or "
                    "/work/data/openworld/fresh-cache)")
    ap.add_argument("--out", type=Path, help=f"units file (default {UNITS_NAME} beside the cache)")
    ap.add_argument("--list", action="store_true", help="print the package list as a Markdown table")
    args = ap.parse_args(argv)
    if args.list:
        print(package_table(sorted(PACKAGES, key=lambda p: SPLITS.index(p.split))))
        return 0
    cache = cache_dir(args.cache, "TEXTFIX_OPENWORLD_FRESH", DEFAULT_CACHE)
    cache.mkdir(parents=True, exist_ok=True)
    out = args.out or cache.parent / UNITS_NAME
    stats = build(cache, out)
    print(f"wrote {out}")
    print_stats(stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
