"""Repairs in a browser: the notebook view (``_repr_html_``), ``__rich__``, ``to_dict``,
choosing guesses (``Repair.choose``), and ``textfix serve`` over HTTP and in a real
headless Chromium (Debian's chromium and chromedriver, driven by selenium)."""

import http.client
import json
import os
import shutil
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

import textfix
from textfix.model import Applicability, Edit, Finding, Repair
from textfix.web.server import CSP, MAX_UPLOAD, TextfixServer

HOSTILE = '<script>alert("x")</script> ¹®ÀÚ ±úÁü & "quotes" \u202e ㅎㅏㄴㄱㅡㄹ'


# --- the notebook view -------------------------------------------------------------


class Tree(HTMLParser):
    """Tags, attributes and text of an HTML fragment; fails on unbalanced tags."""

    VOID = frozenset({"br"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, (tag, self.stack)

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == []
    return tree


def test_repr_html_escapes_everything_and_shows_rules_on_hover():
    r = textfix.repair("첫 줄\n" + HOSTILE + "\n")
    html = r._repr_html_()
    tree = parse(html)
    names = [t for t, _ in tree.tags]
    assert "script" not in names and "<script>" not in html
    text = "".join(tree.text)
    assert '<script>alert("x")</script>' in text  # shown as text, never run
    assert "\u202e" not in html and "⟨U+202E⟩" in text
    assert names.count("table") == 1 and names.count("th") == 4
    dels = [a for t, a in tree.tags if t == "del"]
    inss = [a for t, a in tree.tags if t == "ins"]
    assert dels and inss
    titles = " ".join(a["title"] for a in dels + inss)
    assert "TF102 mojibake-cp949 (0." in titles and "TF202 hangul-jamo-spelled (0." in titles
    assert "문자 깨짐" in text and "한글" in text
    rows = [a for t, a in tree.tags if t == "tr"]
    assert len(rows) == 2  # the header and the changed line
    assert all(a.get("style", "").count("<") == 0 for _, a in tree.tags)


def test_repr_html_of_clean_text_says_unchanged():
    tree = parse(textfix.repair("깨끗한 글")._repr_html_())
    assert "unchanged" in "".join(tree.text)
    assert "table" not in [t for t, _ in tree.tags]


def test_rich_renders_the_side_by_side_view():
    from rich.console import Console

    console = Console(record=True, width=100, file=open(os.devnull, "w"))
    console.print(textfix.repair("첫 줄\n¹®ÀÚ ±úÁü\n"))
    out = console.export_text()
    assert "before" in out and "after" in out and "문자 깨짐" in out and "TF102" in out
    console.print(textfix.repair("깨끗한 글"))
    assert "unchanged" in console.export_text()


def test_to_dict_is_json_safe_with_rounded_confidences():
    r = textfix.repair("a\ud800b\n" + HOSTILE)
    d = r.to_dict()
    again = json.loads(json.dumps(d))
    assert again == d
    assert d["changed"] and d["text"] == r.text and len(d["findings"]) == len(r.findings)
    for f in d["findings"]:
        assert f["confidence"] == round(f["confidence"], 3)
        assert f["applicability"] in ("safe", "guess", "flag") and isinstance(f["edits"], list)
    assert any(f["code"] == "TF104" for f in d["findings"])
    assert d["edits"][0]["codes"]


# --- choosing guesses --------------------------------------------------------------


def _guess(start, end, text, applied=False, code="TF409") -> Finding:
    return Finding(code, "missing-particle", start, end, "m", 0.45, (Edit(start, end, text),),
                   Applicability.GUESS, applied, "", text)


def test_choose_accepts_and_rejects_guesses():
    original = "ab cd ef"
    applied = _guess(3, 5, "CD", applied=True, code="TF402")
    r = Repair(original, "ab CD ef", [_guess(2, 2, "X"), applied, _guess(8, 8, "!")],
               [Edit(3, 5, "CD", ("TF402",))])
    assert r.choose().text == r.text
    c = r.choose(accept=[0, 2])
    assert c.text == "abX CD ef!" and [f.applied for f in c.findings] == [True, True, True]
    assert c.choose(reject=[1]).text == "abX cd ef!"
    assert r.choose(reject=[1]).text == original
    assert r.accept_problem(1) == "already applied"
    with pytest.raises(ValueError, match="cannot be accepted"):
        Repair(original, original, [_guess(4, 4, "X"), _guess(4, 4, "Y")]).choose(accept=[0, 1])
    with pytest.raises(ValueError, match="overlaps"):
        Repair(original, "ab CD ef", [_guess(3, 3, "X")], [Edit(3, 5, "CD", ("TF402",))]).choose(accept=[0])
    with pytest.raises(IndexError):
        r.choose(accept=[7])


def test_a_change_merged_with_another_rule_cannot_be_rejected_alone():
    r = Repair("abcd", "XYcd", [_guess(0, 1, "X", True, "TF401"), _guess(1, 2, "Y", True, "TF301")],
               [Edit(0, 2, "XY", ("TF301", "TF401"))])
    assert r.reject_problem(0) == "its change is merged with another rule's"


def seed_page() -> str:
    name = "003_da324db061911ce7.txt"
    path = SHARED / "seeds" / name
    if not path.is_file():
        path = ROOT / "corpus_broken" / "seeds" / name
    return path.read_text(encoding="utf-8")


# --- the server over HTTP ----------------------------------------------------------


@pytest.fixture(scope="module")
def server():
    srv = TextfixServer(0, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def request(srv, method, path, body=None, headers=None):
    port = srv.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    base = {"Host": f"127.0.0.1:{port}"}
    if method == "POST":
        base |= {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "application/octet-stream"}
    conn.request(method, path, body=body, headers={**base, **(headers or {})})
    res = conn.getresponse()
    data = res.read()
    conn.close()
    return res, data


class PageCheck(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "style" or "style" in a or any(k.startswith("on") for k in a) or (tag == "script" and "src" not in a):
            self.inline.append((tag, a))


def test_the_page_is_served_with_a_strict_policy(server):
    assert server.server_address[0] == "127.0.0.1"
    res, body = request(server, "GET", "/")
    assert res.status == 200 and res.getheader("Content-Security-Policy") == CSP
    assert "script-src 'self'" in CSP and "'unsafe-inline'" not in CSP and "frame-ancestors 'none'" in CSP
    assert res.getheader("X-Content-Type-Options") == "nosniff" and res.getheader("Cache-Control") == "no-store"
    check = PageCheck()
    check.feed(body.decode())
    assert check.inline == []  # nothing the policy would block
    for path in ("/app.js", "/style.css"):
        assert request(server, "GET", path)[0].status == 200
    assert request(server, "GET", "/../../etc/passwd")[0].status == 404
    assert request(server, "GET", "/web/server.py")[0].status == 404


def test_other_hosts_and_origins_are_refused(server):
    assert request(server, "GET", "/", headers={"Host": "evil.example:80"})[0].status == 421
    body = "¹®ÀÚ".encode()
    assert request(server, "POST", "/api/repair?kind=paste", body, {"Origin": "http://evil.example"})[0].status == 403
    port = server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/api/repair", body=body, headers={"Host": f"127.0.0.1:{port}",
                                                            "Content-Type": "application/octet-stream"})
    assert conn.getresponse().status == 403  # no Origin: not from the page
    conn.close()
    res, _ = request(server, "POST", "/api/repair", body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert res.status == 415


def test_uploads_over_the_limit_get_413_with_a_clear_message(server):
    port = server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("POST", "/api/repair?kind=file&name=big.txt")
    for k, v in {"Host": f"127.0.0.1:{port}", "Origin": f"http://127.0.0.1:{port}",
                 "Content-Type": "application/octet-stream", "Content-Length": str(MAX_UPLOAD + 1)}.items():
        conn.putheader(k, v)
    conn.endheaders()
    res = conn.getresponse()
    assert res.status == 413
    message = json.loads(res.read())["error"]
    assert "5.2 MB" in message and "up to 5.2 MB" in message
    conn.close()


def test_a_file_is_repaired_and_downloaded_in_its_own_encoding(server):
    text = "제목\r\n한글 ㅎㅏㄴㄱㅡㄹ 문서\r\n끝\r\n"
    data = text.encode("cp949")
    res, body = request(server, "POST", "/api/repair?kind=file&name=%EB%AC%B8%EC%84%9C.txt", data)
    assert res.status == 200
    page = json.loads(body)
    assert (page["encoding"], page["bom"], page["newlines"], page["name"]) == ("cp949", False, "CRLF", "문서.txt")
    assert {f["code"] for f in page["findings"]} >= {"TF202"}
    assert any("pieces" in r for r in page["rows"])
    res, out = request(server, "POST", "/api/download?kind=file&name=%EB%AC%B8%EC%84%9C.txt", data)
    assert res.status == 200 and "filename*=UTF-8''%EB%AC%B8%EC%84%9C.txt" in res.getheader("Content-Disposition")
    assert out == textfix.repair(text).text.encode("cp949")
    bom = b"\xef\xbb\xbf" + "ㅎㅏㄴㄱㅡㄹ\n".encode()
    assert request(server, "POST", "/api/download?kind=file", bom)[1] == b"\xef\xbb\xbf" + "한글\n".encode()


def test_bad_input_and_bad_choices_are_explained(server):
    res, body = request(server, "POST", "/api/repair?kind=file&name=x.bin", b"\x00\x01\x02")
    assert res.status == 422 and "binary" in json.loads(body)["error"]
    res, body = request(server, "POST", "/api/repair?kind=paste&accept=99", "ㅎㅏㄴㄱㅡㄹ".encode())
    assert res.status == 409 and "no finding 99" in json.loads(body)["error"]
    res, body = request(server, "POST", "/api/repair?kind=paste&accept=x", b"a")
    assert res.status == 400


def test_a_guess_can_be_rejected_over_http(server):
    text = "정부는 ’K-방산 수출’이 늘었다고 “오늘 공개한다“며 밝혔다.\n"
    r = textfix.repair(text)
    guess = next(i for i, f in enumerate(r.findings) if f.applied and f.applicability is Applicability.GUESS)
    _, body = request(server, "POST", "/api/repair?kind=paste", text.encode())
    finding = json.loads(body)["findings"][guess]
    assert finding["button"] == "reject" and finding["applied"]
    _, body = request(server, "POST", f"/api/repair?kind=paste&reject={guess}", text.encode())
    finding = json.loads(body)["findings"][guess]
    assert finding["button"] == "restore" and not finding["applied"]
    out = request(server, "POST", f"/api/download?kind=paste&reject={guess}", text.encode())[1]
    assert out.decode() == r.choose(reject=[guess]).text != r.text


# --- the page in a real browser ----------------------------------------------------


def _browser(download_dir: Path):
    chromium, driver = shutil.which("chromium") or "/usr/bin/chromium", "/usr/bin/chromedriver"
    missing = [p for p in (chromium, driver) if not os.path.exists(p)]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("selenium")
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing for the browser test: {missing} (.ci/run installs chromium, chromium-driver)")
        pytest.skip(f"missing for the browser test: {missing}")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={download_dir.parent / 'profile'}",
                "--window-size=1500,1100"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": str(download_dir),
                                           "download.prompt_for_download": False})
    browser = webdriver.Chrome(service=Service(driver), options=opts)  # an explicit driver: nothing downloaded
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    return browser


def _wait(condition, seconds: float = 60):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def _downloaded(folder: Path, name: str) -> bytes:
    path = folder / name
    _wait(lambda: path.is_file() and not list(folder.glob("*.crdownload")))
    data = path.read_bytes()
    path.unlink()
    return data


def test_the_page_in_a_headless_browser(server, tmp_path):
    from textfix.scoring import kiwi

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser = _browser(downloads)
    from selenium.webdriver.common.by import By

    try:
        browser.get(server.url)
        page = seed_page()
        box = browser.find_element(By.ID, "paste")
        browser.execute_script("arguments[0].value = arguments[1];", box, page)  # a paste
        browser.find_element(By.ID, "repair").click()
        _wait(lambda: browser.find_elements(By.CSS_SELECTOR, "#findings li.finding"))
        cards = browser.find_elements(By.CSS_SELECTOR, "#findings li.finding")
        r = textfix.repair(page)
        assert len(cards) == len(r.findings)
        assert browser.find_elements(By.CSS_SELECTOR, "#rows .row.changed ins")
        accept = browser.find_elements(By.CSS_SELECTOR, "button.choice.accept")
        if not accept:
            if os.environ.get("CI") or kiwi.available():
                pytest.fail("the seed page offers no guess to accept")
            pytest.skip("no guess to accept without kiwi (textfix[korean])")
        fid = int(accept[0].get_attribute("data-finding"))
        accept[0].click()
        _wait(lambda: browser.find_elements(By.CSS_SELECTOR, f"#f{fid} button.choice.unaccept"))
        assert "accepted" in browser.find_element(By.ID, f"f{fid}").get_attribute("class")
        browser.execute_script("for (const id of arguments) document.getElementById(id)?.scrollIntoView({block: 'center'});",
                               f"f{fid}", f"L{_line(page, r.findings[fid].start)}")  # for the screenshot
        browser.save_screenshot("/tmp/textfix-web.png")
        browser.find_element(By.ID, "download").click()
        got = _downloaded(downloads, "pasted.txt")
        expected = r.choose(accept=[fid]).text
        assert got == expected.encode("utf-8") and expected != r.text
        f = r.findings[fid]
        assert got.decode() == _insert(r, f)  # the guess's edit on top of the library's repair, by hand

        # a CP949 file with CRLF, chosen with the file picker, comes back CP949 with CRLF
        cp = tmp_path / "기사.txt"
        cp.write_bytes("제목\r\n한글 ㅎㅏㄴㄱㅡㄹ 문서\r\n".encode("cp949"))
        browser.find_element(By.ID, "file").send_keys(str(cp))
        _wait(lambda: "CP949" in browser.find_element(By.ID, "facts").text)
        browser.find_element(By.ID, "download").click()
        assert _downloaded(downloads, "기사.txt") == "제목\r\n한글 한글 문서\r\n".encode("cp949")
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
    finally:
        browser.quit()


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _insert(r: Repair, f: Finding) -> str:
    """``r.text`` with ``f``'s edits applied where they fall in it (offsets mapped through
    the edits applied before them)."""
    out = r.text
    for e in sorted(f.edits, key=lambda e: -e.start):
        shift = sum(len(h.replacement) - (h.end - h.start) for h in r.edits if h.end <= e.start)
        out = out[:e.start + shift] + e.replacement + out[e.end + shift:]
    return out
