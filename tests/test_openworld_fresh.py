"""benchmarks/openworld/fresh.py: the fresh set's package list and extraction, offline."""

import doctest
import importlib.util
import io
import json
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent.parent / "benchmarks" / "openworld"


@pytest.fixture(scope="module")
def fresh():
    sys.path.insert(0, str(HERE))
    try:
        spec = importlib.util.spec_from_file_location("openworld_fresh", HERE / "fresh.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod  # dataclasses look their module up while the class is made
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.modules.pop("openworld_fresh", None)
        sys.path.remove(str(HERE))


TUNE = {"firefox-esr-l10n-ko", "vlc-l10n", "gnome-terminal-data", "thunar-data", "firefox-esr-l10n-he",
        "firefox-esr-l10n-ja", "libreoffice-help-ko", "OpenDartReader", "python-kis", "ko-pron", "korean-pii",
        "click", "primelocale", "zod-i18n-map", "@ckeditor/ckeditor5-ui", "express"}
HELDOUT = {"thunderbird-l10n-ko", "gimp-data", "gnome-user-docs", "gnome-calculator", "firefox-esr-l10n-ar",
           "dart-fss", "ecos-reader", "krwordrank", "pyupbit", "attrs", "@vee-validate/i18n", "flatpickr",
           "es-hangul"}


def test_split_assignment(fresh):
    names = [p.name for p in fresh.PACKAGES]
    assert len(names) == len(set(names)) == 29
    assert {p.name for p in fresh.PACKAGES if p.split == "fresh-tune"} == TUNE
    assert {p.name for p in fresh.PACKAGES if p.split == "fresh-heldout"} == HELDOUT


def test_doctests(fresh):
    assert doctest.testmod(fresh).failed == 0


def test_message_values(fresh):
    ftl = ("# comment\nplain = Plain value\nmulti =\n    first line\n    second line\n"
           "sel = { $n ->\n    [one] One\n   *[other] Many\n}\nwith-attr = Main\n    .tooltip = Tip\n"
           "\nnumber = 42\n")
    assert fresh.message_values("x.ftl", ftl) == [
        "Plain value", "\nfirst line\nsecond line", "{ $n ->", "Main", "Tip"]
    # .properties values never continue on indented lines
    assert fresh.message_values("x.properties", "a = A\n  b = B\n") == ["A", "B"]


def _tgz(path: Path, files: dict[str, str]) -> None:
    with tarfile.open(path, "w:gz") as tf:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))


def test_build_offline(fresh, tmp_path):
    cache = tmp_path / "cache"
    (cache / "npm").mkdir(parents=True)
    _tgz(cache / "npm" / "scope-ui-1.0.0.tgz", {
        "dist/translations/ko.js": 'export default {"ko":{"dictionary":{"Save":"저장","N":"5"}}};\n',
        "dist/translations/fr.js": 'export default {"fr":{"dictionary":{"Save":"Enregistrer"}}};\n',
        "tests/dist/translations/ko.js": 'export default {"x":"깨진"};\n',
    })
    _tgz(cache / "npm" / "plain-2.0.0.tgz", {"locales/ko/a.json": '{"a": "저장", "b": "취소"}'})
    packages = (
        fresh.FreshPackage("npm", "@scope/ui", "1.0.0", "MIT", "fresh-tune",
                           ((r"^dist/translations/[^/.]+\.js$", "jsexport"),), locale_only=True),
        fresh.FreshPackage("npm", "plain", "2.0.0", "MIT", "fresh-heldout",
                           ((r"^locales/[^/]+/[^/]+\.json$", "json"),), locale_only=True),
    )
    out = tmp_path / "fresh-units.jsonl"
    stats = fresh.build(cache, out, packages)
    units = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(u["id"], u["lang"], u["text"], u["split"]) for u in units] == [
        ("fresh:@scope/ui/dist/translations/ko.js#1", "ko", "저장", "fresh-tune"),
        ("fresh:plain/locales/ko/a.json#1", "ko", "취소", "fresh-heldout"),
    ]
    assert stats["duplicates"] == 1


def test_langpack(fresh):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("localization/he/a.ftl", "a = שלום\n")
        z.writestr("chrome/he/b.properties", "b=עולם\n")
        z.writestr("manifest.json", '{"name": "x"}')
    units = list(fresh.langpack_units("usr/lib/x.xpi", buf.getvalue(), "he"))
    assert [(u["path"], u["text"]) for u in units] == [
        ("usr/lib/x.xpi!localization/he/a.ftl", "שלום"), ("usr/lib/x.xpi!chrome/he/b.properties", "עולם")]
