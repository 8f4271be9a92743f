#!/usr/bin/env python3
"""Download the pinned open-world packages and extract clean text units (JSON Lines).

Every package is fetched by its ordinary client (pip, npm, apt-get) into a cache folder
(default /work/data/openworld/cache, ``--cache`` or ``$TEXTFIX_OPENWORLD``); what is
already there is not fetched again.  Units are written to ``CACHE/units.jsonl``::

    {"id", "source": "pkg==version", "lang", "unit": "string"|"line"|"file",
     "path", "text", "split": "tune"|"heldout"}

- ``string``: a catalogue translation (``msgstr``, .po or .mo) in its language, and its
  ``msgid`` as English; a string value of a JSON locale or data file.
- ``line``: a line of a data file (dictionaries, tables).
- ``file``: a whole file: source code (lang ``code`` or ``code-ko``/``code-ja``/... by the
  script its comments and strings are in), docs and manual pages, small data files.

Units that are not clean in the package itself are kept but marked ``"damaged": reason``,
by tests that read no textfix code and treat both splits alike (see :func:`damaged`): a
Hebrew catalogue stored in visual order (more final letters at word starts than at word
ends: old GNU translations), text holding U+FFFD (already lost in the source), and strings
or lines of decomposed Hangul (hunspell-ko's dictionary is NFD by design; textfix's own
damage set treats NFD as damage).  The
runner counts them apart.

Exact duplicates are dropped (the first occurrence, in package order, is kept), so no text
is in both splits.  Whole packages are assigned to ``tune`` or ``heldout`` by the fixed
list below, never at random.  No downloaded text belongs in the repository.

Usage: python benchmarks/openworld/fetch.py [--cache DIR] [--out FILE] [--stats]
"""

from __future__ import annotations

import argparse
import gettext
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CACHE = Path("/work/data/openworld/cache")
LANGS = ("ko", "he", "ar", "ja", "zh")

# rule kinds: catalog (.po/.mo), json (string leaves), code (whole file), doc (whole
# file, prose), man (gzipped manual page, whole file), lines (each line; plus the whole
# file when it is small)
CATALOG = (r"(^|/)(locale|LC_MESSAGES)/.*\.(po|mo)$", "catalog")
DEB_CATALOG = (r"^usr/(share/locale|lib/libreoffice/program/resource)/[^/]+/LC_MESSAGES/[^/]+\.mo$",
               "catalog")
DEB_HELP = (r"^usr/share/help/[^/]+/.*\.page$", "doc")
PY = (r"\.py$", "code")


@dataclass(frozen=True)
class Package:
    registry: str  # pypi | npm | deb
    name: str
    version: str
    licence: str
    split: str  # tune | heldout
    rules: tuple  # (path regex, kind) pairs, or one pair
    what: str = ""
    #: keep a path only when it names one of LANGS (or English) as a locale
    locale_only: bool = False
    #: paths never read (tests of text-repair tools hold deliberately broken text)
    exclude: str = r"(^|/)(tests?|testing)/"
    #: the language of units whose path names none (None: guess by script)
    lang: str | None = None
    #: keep every n-th line of ``lines`` files and every n-th ``man`` page only
    every: int = 1
    extra: dict = field(default_factory=dict)

    @property
    def source(self) -> str:
        return f"{self.name}=={self.version}"


P = Package
# fmt: off
PACKAGES: tuple[Package, ...] = (
    # ---------------------------------------------------------------- tune
    P("pypi", "wagtail", "8.0.1", "BSD-3-Clause", "tune", (CATALOG,),
      "Django CMS: UI catalogues", locale_only=True),
    P("pypi", "faker", "40.54.0", "MIT", "tune", (PY,),
      "fake-data providers of ko_KR, he_IL, ar_*, ja_JP, zh_CN, en_US (Python source with data)",
      locale_only=True),
    P("pypi", "pykrx", "1.2.9", "MIT", "tune", (PY,), "KRX stock data scraper: Korean-commented source"),
    P("pypi", "hanja", "0.15.1", "unstated in the wheel metadata", "tune",
      (PY, (r"\.yml$", "lines")), "Hangul/Hanja table and converter", lang="ko"),
    P("pypi", "pyhwpx", "1.7.2", "MIT (license.txt)", "tune", (PY,),
      "Hangul word-processor automation: Korean docstrings and comments"),
    P("pypi", "finance-datareader", "0.9.202", "MIT", "tune", (PY,), "market data: Korean-commented source"),
    P("pypi", "mojito2", "0.1.6", "Apache-2.0", "tune", (PY,), "Korean broker API: Korean-commented source"),
    P("pypi", "g2pK", "0.9.4", "Apache-2.0", "tune", (PY, (r"\.(txt|csv)$", "lines")),
      "Korean grapheme-to-phoneme rules and tables", lang="ko"),
    P("pypi", "rich", "15.0.0", "MIT", "tune", (PY,), "code set"),
    P("pypi", "pygments", "2.21.0", "BSD-2-Clause", "tune", (PY,), "code set"),
    P("pypi", "pytest", "9.2.0", "MIT", "tune", (PY,), "code set (pytest and _pytest)"),
    P("pypi", "hypothesis", "6.170.15", "MPL-2.0", "tune", (PY,), "code set"),
    P("npm", "cldr-localenames-full", "48.2.0", "Unicode-3.0", "tune",
      (r"^main/(ko|he|ar|ja|zh|en)/[^/]+\.json$", "json"), "CLDR locale display names"),
    P("npm", "moment", "2.31.0", "MIT", "tune", (r"^locale/[^/]+\.js$", "code"),
      "date library: locale files", locale_only=True),
    P("npm", "antd", "6.6.8", "MIT", "tune", (r"^es/locale/[^/]+\.js$", "code"),
      "React UI kit: locale files", locale_only=True),
    P("deb", "coreutils", "9.1-1", "GPL-3+", "tune", (DEB_CATALOG,), "message catalogues",
      locale_only=True),
    P("deb", "tar", "1.34+dfsg-1.2+deb12u1", "GPL-3+", "tune", (DEB_CATALOG,), "message catalogues",
      locale_only=True),
    P("deb", "bash", "5.2.15-2+b13", "GPL-3+", "tune", (DEB_CATALOG,), "message catalogues",
      locale_only=True),
    P("deb", "grep", "3.8-5", "GPL-3+", "tune", (DEB_CATALOG,), "message catalogues", locale_only=True),
    P("deb", "sed", "4.9-1+deb12u1", "GPL-3+", "tune", (DEB_CATALOG,), "message catalogues",
      locale_only=True),
    P("deb", "gnome-control-center-data", "1:43.6-2~deb12u1", "GPL-2+", "tune", (DEB_CATALOG,),
      "message catalogues", locale_only=True),
    P("deb", "nautilus-data", "43.2-1", "GPL-3+", "tune", (DEB_CATALOG,), "message catalogues",
      locale_only=True),
    P("deb", "iso-codes", "4.15.0-1", "LGPL-2.1+", "tune", (DEB_CATALOG,),
      "ISO 639/3166/4217/15924 names, translated", locale_only=True),
    P("deb", "libhangul-data", "0.1.0+git20191003-2", "BSD-3-Clause (data), LGPL-2.1+", "tune",
      (DEB_CATALOG, (r"^usr/share/libhangul/hanja/hanja\.txt$", "lines")),
      "Hanja dictionary of the Hangul input library (every 4th line)", lang="ko", every=4),
    P("deb", "manpages-ja", "0.5.0.0.20221215+dfsg-1", "per page (GPL, BSD-like, ...)", "tune",
      (r"^usr/share/man/ja/.*\.gz$", "man"), "Japanese manual pages (every 4th)", lang="ja",
      every=4),
    P("deb", "evince-common", "43.1-2+deb12u1", "GPL-2+", "tune", (DEB_CATALOG, DEB_HELP),
      "message catalogues and help pages", locale_only=True),
    # ---------------------------------------------------------------- heldout
    P("pypi", "django-allauth", "65.21.1", "MIT", "heldout", (CATALOG,), "Django auth: UI catalogues",
      locale_only=True),
    P("pypi", "holidays", "0.108", "MIT", "heldout", (CATALOG, PY),
      "holiday names: catalogues and country modules"),
    P("pypi", "PublicDataReader", "1.1.1.post2", "MIT", "heldout",
      (PY, (r"^PublicDataReader/raw/[^/]+\.json$", "json")),
      "Korean public-data client: administrative district names, Korean-commented source", lang="ko"),
    P("pypi", "kss", "6.0.6", "BSD-3-Clause", "heldout",
      ((r"^kss/.*\.py$", "code"), (r"^README\.md$", "doc")),
      "Korean sentence splitter: source and README", lang="ko"),
    P("pypi", "soynlp", "0.0.493", "GPL-3.0", "heldout", (PY, (r"\.txt$", "lines")),
      "Korean NLP: dictionaries and Korean-commented source", lang="ko"),
    P("pypi", "hgtk", "0.2.1", "Apache-2.0", "heldout", (PY,), "Hangul toolkit"),
    P("pypi", "jamo", "0.4.1", "Apache-2.0", "heldout", (PY, (r"\.json$", "json")), "Hangul jamo"),
    P("pypi", "korean-lunar-calendar", "0.4.0", "MIT", "heldout", (PY,), "Korean lunar calendar"),
    P("pypi", "pykiwoom", "0.1.6", "MIT", "heldout", (PY,),
      "Kiwoom OpenAPI wrapper: Korean-commented source"),
    P("pypi", "korean-romanizer", "0.28.0", "GPL-3.0-or-later", "heldout", (PY,), "Korean romanization"),
    P("pypi", "hangul-romanize", "0.1.0", "BSD-2-Clause (LICENSE)", "heldout", (PY,), "Hangul romanization"),
    P("pypi", "pip", "25.3", "MIT", "heldout", (PY,), "code set"),
    P("pypi", "numpy", "2.4.6", "BSD-3-Clause", "heldout", (PY,), "code set",
      exclude=r"(^|/)tests?/"),
    P("npm", "cldr-misc-full", "48.2.0", "Unicode-3.0", "heldout",
      (r"^main/(ko|he|ar|ja|zh|en)/[^/]+\.json$", "json"), "CLDR delimiters, labels, layout"),
    P("npm", "i18n-iso-countries", "7.14.0", "MIT", "heldout", (r"^langs/[^/]+\.json$", "json"),
      "country names", locale_only=True),
    P("npm", "dayjs", "1.11.23", "MIT", "heldout", (r"^locale/[^/]+\.js$", "code"),
      "date library: locale files", locale_only=True),
    P("npm", "date-fns", "4.4.0", "MIT", "heldout", (r"^locale/[^/]+/.*\.js$", "code"),
      "date library: locale files", locale_only=True),
    P("npm", "element-plus", "2.14.8", "MIT", "heldout", (r"^lib/locale/lang/[^/]+\.js$", "code"),
      "Vue UI kit: locale files", locale_only=True),
    P("deb", "findutils", "4.9.0-4", "GPL-3+", "heldout", (DEB_CATALOG,), "message catalogues",
      locale_only=True),
    P("deb", "diffutils", "1:3.8-4", "GPL-3+", "heldout", (DEB_CATALOG,), "message catalogues",
      locale_only=True),
    P("deb", "wget", "1.21.3-1+deb12u1", "GPL-3+", "heldout", (DEB_CATALOG,), "message catalogues",
      locale_only=True),
    P("deb", "dpkg", "1.21.23", "GPL-2+", "heldout", (DEB_CATALOG,), "message catalogues",
      locale_only=True),
    P("deb", "apt", "2.6.2", "GPL-2+", "heldout", (DEB_CATALOG,), "message catalogues", locale_only=True),
    P("deb", "gedit-common", "44.2-1", "GPL-2+", "heldout", (DEB_CATALOG, DEB_HELP),
      "message catalogues and help pages", locale_only=True),
    P("deb", "libgtk-3-common", "3.24.38-2~deb12u3", "LGPL-2+", "heldout", (DEB_CATALOG,),
      "message catalogues", locale_only=True),
    P("deb", "libglib2.0-data", "2.74.6-2+deb12u9", "LGPL-2.1+", "heldout", (DEB_CATALOG,),
      "message catalogues", locale_only=True),
    P("deb", "util-linux-locales", "2.38.1-5+deb12u3", "GPL-2+", "heldout", (DEB_CATALOG,),
      "message catalogues", locale_only=True),
    P("deb", "gnome-shell-common", "43.9-0+deb12u2", "GPL-2+", "heldout", (DEB_CATALOG,),
      "message catalogues", locale_only=True),
    P("deb", "libreoffice-l10n-ko", "4:7.4.7-1+deb12u14", "MPL-2.0", "heldout", (DEB_CATALOG,),
      "LibreOffice Korean UI", locale_only=True),
    P("deb", "hunspell-ko", "0.7.92-1", "MPL-1.1 or GPL-2+ or LGPL-2.1+", "heldout",
      ((r"^usr/share/hunspell/ko\.dic$", "lines"),), "Korean spelling dictionary (every 5th word)",
      lang="ko", every=5),
    P("deb", "manpages-zh", "1.6.4.0-1", "GFDL-1.2+", "heldout", (r"^usr/share/man/zh_CN/.*\.gz$", "man"),
      "Simplified Chinese manual pages (every 3rd)",
      lang="zh", every=3),
)
# fmt: on

# ------------------------------------------------------------------ languages

_LOCALE = re.compile(r"^(ko|he|iw|ar|ja|zh|en)(?:[-_]([A-Za-z0-9]{2,4}))?$")
_TRADITIONAL = {"tw", "hk", "mo", "hant"}


def path_lang(path: str) -> str | None:
    """The language a path names as a locale (``ko``, ``he``, ..., ``en``), or None.

    >>> path_lang("locale/zh-cn.js"), path_lang("x/he_IL/LC_MESSAGES/a.mo"), path_lang("lib/tar.py")
    ('zh', 'he', None)
    >>> path_lang("locale/zh_TW/LC_MESSAGES/a.mo") is None
    True
    """
    segs = path.split("/")
    if "LC_MESSAGES" in segs:  # a catalogue: the folder above LC_MESSAGES names it
        segs = segs[max(0, segs.index("LC_MESSAGES") - 1): segs.index("LC_MESSAGES")]
    for seg in reversed(segs):
        stem = seg.split(".")[0]
        m = _LOCALE.match(stem)
        if m:
            lang = m.group(1).lower()
            if lang == "zh" and (m.group(2) or "").lower() in _TRADITIONAL:
                return None
            return "he" if lang == "iw" else lang
    return None


_SCRIPTS = (
    ("ko", re.compile("[가-힣ㄱ-ㆎ]")), ("he", re.compile("[\u0590-\u05ff]")),
    ("ar", re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
    ("ja", re.compile("[\u3040-\u30ff]")), ("zh", re.compile("[\u4e00-\u9fff]")),
)


def script_lang(text: str, minimum: int = 20) -> str | None:
    """The non-Latin language whose script dominates ``text`` (kana beat Han), or None."""
    counts = {lang: len(rx.findall(text)) for lang, rx in _SCRIPTS}
    if counts["ja"] >= minimum // 2:
        counts["ja"] += counts.pop("zh")
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= minimum else None


# ------------------------------------------------------------------ download

def cache_dir(arg: str | None, env: str = "TEXTFIX_OPENWORLD", default: Path = DEFAULT_CACHE) -> Path:
    """The cache folder: ``arg``, else ``$env``, else ``default``."""
    return Path(arg or os.environ.get(env) or default)


def first_seen(units, seen: set[bytes], stats: Counter) -> Iterator[dict]:
    """The units whose text is not blank and was not seen before (exact duplicates are
    counted in ``stats["duplicates"]``; ``seen`` holds the hashes of texts kept)."""
    for u in units:
        if not u["text"].strip():
            continue
        h = hashlib.blake2b(u["text"].encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if h in seen:
            stats["duplicates"] += 1
            continue
        seen.add(h)
        yield u


def package_table(packages) -> str:
    """The Markdown table of ``packages`` (split, registry, package, version, licence, what)."""
    rows = ["| split | registry | package | version | licence | what |", "|---|---|---|---|---|---|"]
    rows += [f"| {p.split} | {p.registry} | {p.name} | {p.version} | {p.licence} | {p.what} |"
             for p in packages]
    return "\n".join(rows)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def archive_path(pkg: Package, cache: Path) -> Path | None:
    d = cache / pkg.registry
    if not d.is_dir():
        return None
    for p in sorted(d.iterdir()):
        n = p.name
        if pkg.registry == "pypi":
            stem = _norm(n.split("-")[0])
            ver = n.split("-")[1] if "-" in n else ""
            if n.endswith(".tar.gz"):
                stem, _, ver = n[: -len(".tar.gz")].rpartition("-")
                stem = _norm(stem)
            if stem == _norm(pkg.name) and ver == pkg.version:
                return p
        elif pkg.registry == "npm":
            if n == f"{pkg.name}-{pkg.version}.tgz":
                return p
        elif n.startswith(f"{pkg.name}_{pkg.version.replace(':', '%3a')}_") and n.endswith(".deb"):
            return p
    return None


def download(pkg: Package, cache: Path) -> Path:
    have = archive_path(pkg, cache)
    if have:
        return have
    d = cache / pkg.registry
    d.mkdir(parents=True, exist_ok=True)
    if pkg.registry == "pypi":
        cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", f"{pkg.name}=={pkg.version}",
               "-d", str(d)]
    elif pkg.registry == "npm":
        cmd = ["npm", "pack", "-q", f"{pkg.name}@{pkg.version}"]
    else:
        cmd = ["apt-get", "download", "-q", f"{pkg.name}={pkg.version}"]
    print(f"fetching {pkg.source} ({pkg.registry})", file=sys.stderr)
    r = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
    if r.returncode != 0 and pkg.registry == "deb":  # package lists may be missing or stale
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
        r = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
    have = archive_path(pkg, cache)
    if have is None:
        msg = f"could not fetch {pkg.source} from {pkg.registry}: {r.stderr.strip()[-500:]}"
        raise RuntimeError(msg)
    return have


def members(archive: Path) -> Iterator[tuple[str, bytes]]:
    """(path inside the package, bytes) of every regular file of a wheel, sdist, npm or deb."""
    name = archive.name
    if name.endswith(".whl"):
        with zipfile.ZipFile(archive) as z:
            for info in z.infolist():
                if not info.is_dir():
                    yield info.filename, z.read(info)
        return
    if name.endswith(".deb"):
        data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(archive)], capture_output=True,
                              check=True).stdout
        tf = tarfile.open(fileobj=io.BytesIO(data))
    else:
        tf = tarfile.open(archive, "r:gz")
    with tf:
        for m in tf:
            if not m.isfile():
                continue
            path = m.name.removeprefix("./")
            if not name.endswith(".deb"):  # npm's package/ and an sdist's name-version/
                path = path.split("/", 1)[1] if "/" in path else path
            f = tf.extractfile(m)
            if f is not None:
                yield path, f.read()


# ------------------------------------------------------------------ extraction

_ESC = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f",
        "v": "\v"}


def _po_unescape(s: str) -> str:
    return re.sub(r'\\(.)', lambda m: _ESC.get(m.group(1), "\\" + m.group(1)), s)


def po_entries(data: str) -> Iterator[tuple[list[str], list[str]]]:
    """(msgids, msgstrs) of every translated, non-fuzzy, non-obsolete entry of a .po file."""
    entry: dict[str, str] = {}
    fuzzy = False
    key = ""

    def flush() -> Iterator[tuple[list[str], list[str]]]:
        ids = [x for k, x in entry.items() if k in ("msgid", "msgid_plural") and x]
        strs = [x for k, x in entry.items() if k.startswith("msgstr") and x]
        if ids and strs and entry.get("msgid") and not fuzzy:
            yield ids, strs

    for raw in data.splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        starts = line.startswith("#") or (m is not None and m.group(1) in ("msgctxt", "msgid"))
        if starts and any(k.startswith("msgstr") for k in entry):
            yield from flush()
            entry, fuzzy, key = {}, False, ""
        if line.startswith("#"):
            fuzzy |= line.startswith("#,") and "fuzzy" in line
        elif m:
            key = m.group(1)
            entry[key] = _po_unescape(m.group(2))
        elif line.startswith('"') and line.endswith('"') and key:
            entry[key] += _po_unescape(line[1:-1])
    yield from flush()


def mo_entries(data: bytes) -> Iterator[tuple[list[str], list[str]]]:
    t = gettext.GNUTranslations(io.BytesIO(data))
    by_id: dict[str, list[str]] = defaultdict(list)
    for k, v in t._catalog.items():  # the parsed catalogue
        msgid = k[0] if isinstance(k, tuple) else k
        if not msgid:
            continue
        msgid = msgid.split("\x04", 1)[-1]
        if v:
            by_id[msgid].append(v)
    for msgid, strs in by_id.items():
        yield [msgid], strs


def json_strings(obj) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from json_strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from json_strings(v)


_LETTER = re.compile(r"[^\W\d_]", re.U)
SMALL_FILE = 200_000


def _catalog_units(path: str, data: bytes, lang: str | None) -> Iterator[dict]:
    if lang not in LANGS:
        return
    try:
        entries = list(po_entries(data.decode("utf-8-sig")) if path.endswith(".po") else mo_entries(data))
    except (UnicodeDecodeError, OSError, LookupError):
        return
    for ids, strs in entries:
        for s in strs:
            yield {"lang": lang, "unit": "string", "text": s}
        for s in ids:  # the source strings: English, unless their script says otherwise
            if _LETTER.search(s):
                yield {"lang": script_lang(s, 2) or "en", "unit": "string", "text": s}


def _text_units(kind: str, text: str, plang: str | None, pkg: Package) -> Iterator[dict]:
    """The units of a decoded file of one of the kinds json, code, doc, man, lines."""
    if kind == "json":
        try:
            obj = json.loads(text)
        except ValueError:
            return
        lang = plang or pkg.lang or "en"
        yield from ({"lang": lang, "unit": "string", "text": s} for s in json_strings(obj)
                    if _LETTER.search(s))
    elif kind == "code":
        sl = script_lang(text)
        yield {"lang": f"code-{sl}" if sl else "code", "unit": "file", "text": text}
    elif kind in ("doc", "man"):
        yield {"lang": plang or pkg.lang or script_lang(text) or "en", "unit": "file", "text": text}
    elif kind == "lines":
        lang = pkg.lang or plang or "en"
        for i, line in enumerate(text.splitlines()):
            if i % pkg.every == 0 and _LETTER.search(line):
                yield {"lang": lang, "unit": "line", "text": line, "line": i + 1}
        if len(text.encode("utf-8", "surrogatepass")) <= SMALL_FILE and pkg.every == 1:
            yield {"lang": lang, "unit": "file", "text": text}


def extract(pkg: Package, archive: Path) -> Iterator[dict]:
    """The units of one package, in archive order (duplicates not yet removed)."""
    rules = pkg.rules if isinstance(pkg.rules[0], tuple) else (pkg.rules,)
    pages = 0
    for path, data in members(archive):
        if pkg.exclude and re.search(pkg.exclude, path):
            continue
        kind = next((k for rx, k in rules if re.search(rx, path)), None)
        plang = path_lang(path)
        if kind is None or (pkg.locale_only and plang is None):
            continue
        base = {"source": pkg.source, "path": path, "split": pkg.split}
        if kind == "catalog":
            yield from ({**base, **u} for u in _catalog_units(path, data, plang))
            continue
        if kind == "man":
            pages += 1
            if (pages - 1) % pkg.every:
                continue
            data = gzip.decompress(data)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        yield from ({**base, **u} for u in _text_units(kind, text, plang, pkg))


_CONJOINING = re.compile("[\u1100-\u11ff]")
_FINAL_FIRST = re.compile("(?<![\u05d0-\u05ea])[ךםןףץ][\u05d0-\u05ea]")
_FINAL_LAST = re.compile("[\u05d0-\u05ea][ךםןףץ](?![\u05d0-\u05ea])")


def damaged(units: list[dict]) -> None:
    """Mark the units of one package that are damaged at the source (in place)."""
    by_file: dict = defaultdict(list)
    for u in units:
        if u["lang"] == "he" and u["unit"] == "string":
            by_file[u["path"]].append(u)
        if "\ufffd" in u["text"]:
            u["damaged"] = "holds U+FFFD: text lost in the package itself"
        elif (u["unit"] != "file" and _CONJOINING.search(u["text"])
              and unicodedata.normalize("NFC", u["text"]) != u["text"]):
            u["damaged"] = "decomposed Hangul (NFD) in the package itself"
    for us in by_file.values():
        first = sum(len(_FINAL_FIRST.findall(u["text"])) for u in us)
        last = sum(len(_FINAL_LAST.findall(u["text"])) for u in us)
        if first >= 3 and first > last:
            for u in us:
                u.setdefault("damaged", "Hebrew catalogue in visual order (final letters start words)")


def build(cache: Path, out: Path, packages=PACKAGES) -> Counter:
    seen: set[bytes] = set()
    stats: Counter = Counter()
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for pkg in packages:
            archive = download(pkg, cache)
            n = 0
            units = list(extract(pkg, archive))
            damaged(units)
            for u in first_seen(units, seen, stats):
                n += 1
                suffix = f":{u.pop('line')}" if "line" in u else f"#{n}" if u["unit"] == "string" else ""
                u = {"id": f"{pkg.name}/{u['path']}{suffix}", **u}
                fh.write(json.dumps(u, ensure_ascii=False) + "\n")
                size = len(u["text"].encode("utf-8", "surrogatepass"))
                stats[(u["split"], u["lang"], "bytes")] += size
                stats[(u["split"], u["lang"], "units")] += 1
                stats[(pkg.source, "bytes")] += size
                stats["damaged"] += "damaged" in u
            print(f"{pkg.split:8s} {pkg.source:45s} {n:7d} units", file=sys.stderr)
    tmp.replace(out)
    return stats


def print_stats(stats: Counter) -> None:
    langs = sorted({k[1] for k in stats if isinstance(k, tuple) and len(k) == 3})
    print(f"{'lang':10s} {'tune MB':>9s} {'units':>8s} {'heldout MB':>11s} {'units':>8s}")
    tot = Counter()
    for lang in langs:
        row = []
        for split in ("tune", "heldout"):
            b, n = stats[(split, lang, "bytes")], stats[(split, lang, "units")]
            tot[split] += b
            row.append(f"{b / 1e6:9.2f} {n:8d}")
        print(f"{lang:10s} {row[0]} {row[1]:>20s}")
    print(f"{'total':10s} {tot['tune'] / 1e6:9.2f} {'':8s} {tot['heldout'] / 1e6:11.2f}")
    print(f"exact duplicates dropped: {stats['duplicates']}; units marked damaged at the source: "
          f"{stats['damaged']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", help="cache folder (default $TEXTFIX_OPENWORLD or /work/data/openworld/cache)")
    ap.add_argument("--out", type=Path, help="units file (default CACHE/units.jsonl)")
    ap.add_argument("--list", action="store_true", help="print the package list as a Markdown table")
    args = ap.parse_args(argv)
    if args.list:
        print(package_table(PACKAGES))
        return 0
    cache = cache_dir(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    out = args.out or cache / "units.jsonl"
    stats = build(cache, out)
    print(f"wrote {out}")
    print_stats(stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
