"""index.html in a real headless Chromium, served over HTTP and opened from disk."""

import functools
import http.server
import io
import os
import re
import threading

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that answers byte-range requests, as web servers do (a video seeks with them)."""

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = self.translate_path(self.path)
        if not match or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        start = int(match[1])
        end = min(int(match[2]) if match[2] else size - 1, size - 1)
        with open(path, "rb") as handle:
            handle.seek(start)
            data = handle.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return io.BytesIO(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(default_out):
    handler = functools.partial(RangeHandler, directory=str(default_out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()


@pytest.fixture(params=["http", "file"])
def page(request, browser, served, default_out):
    url = served if request.param == "http" else (default_out / "index.html").as_uri()
    context = browser.new_context()
    tab = context.new_page()
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(url)
    tab.wait_for_function("document.getElementById('video').readyState >= 1", timeout=20000)
    yield tab, url.rsplit("/", 1)[0], requests
    context.close()


def test_video_metadata_loads_under_a_minute(page):
    tab, _, _ = page
    duration = tab.evaluate("document.getElementById('video').duration")
    assert 45 < duration < 60
    assert tab.evaluate("document.getElementById('video').poster").endswith("poster.png")


def test_captions_track_has_cues_and_shows(page):
    tab, _, _ = page
    tab.wait_for_function("""[...document.getElementById('video').textTracks]
        .some(t => t.kind === 'captions' && t.mode === 'showing' && t.cues && t.cues.length > 5)""", timeout=20000)
    text = tab.evaluate("""[...document.getElementById('video').textTracks]
        .find(t => t.kind === 'captions').cues[0].text""")
    assert "−72 mV" in text


def at(tab, seconds):
    """Wait until the video has seeked to ``seconds``."""
    tab.wait_for_function(f"Math.abs(document.getElementById('video').currentTime - {seconds}) < 0.05",
                          timeout=10000)


def test_next_and_previous_step_between_chapters(page):
    tab, _, _ = page
    starts = tab.evaluate("JSON.parse(document.getElementById('manifest').textContent).scenes.map(s => s.start_s)")
    assert len(starts) == 6
    for start in starts[1:4]:
        tab.click("#next")
        at(tab, start)
    tab.click("#previous")
    at(tab, starts[2])
    tab.wait_for_function("document.getElementById('now').textContent.includes('Scene 3 of 6')", timeout=10000)
    tab.click("#chapter-list li:nth-child(6) button")
    at(tab, starts[5])
    tab.wait_for_function("""[...document.getElementById('video').textTracks]
        .some(t => t.kind === 'chapters' && t.cues && t.cues.length === 6)""", timeout=20000)


def test_ion_table_is_filled_from_the_manifest(page):
    tab, _, _ = page
    rows = tab.eval_on_selector_all("#ions tbody tr", "rows => rows.map(r => r.innerText)")
    assert len(rows) == 4 and rows[0].startswith("K⁺") and "−89 mV" in rows[0]


def test_no_request_leaves_the_folder(page):
    tab, base, requests = page
    tab.click("#next")
    tab.wait_for_timeout(300)
    assert requests and all(url.startswith(base) or url.startswith("data:") for url in requests), requests
