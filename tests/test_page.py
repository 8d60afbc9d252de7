"""index.html in a real headless Chromium, served over HTTP and opened from disk; explainer.html from disk."""

import contextlib
import functools
import http.server
import io
import itertools
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import run

import physics.__main__
from assembly.explorer import MARKS, explorer_grid, way_back
from assembly.page import page_html
from narration.quantities import quantity
from narration.values import pump_share
from narration.locale import ENGLISH
from physics.params import KEYS, parameters

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--autoplay-policy=no-user-gesture-required"]
#: How long (ms) a wait for the page may last before the test gives up: a guard against a hang, so ten
#: times what the slowest wait takes on a busy machine (a beat played at twice its speed, a few seconds).
WAIT_MS = 120_000


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_context(browser, **options):
    """A new browser context with ``options`` whose every action and wait may take up to :data:`WAIT_MS`."""
    context = browser.new_context(**options)
    context.set_default_timeout(WAIT_MS)
    return context


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
    context = open_context(browser)
    tab = context.new_page()
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(url)
    tab.wait_for_function("document.getElementById('video').readyState >= 1", timeout=WAIT_MS)
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
        .some(t => t.kind === 'captions' && t.mode === 'showing' && t.cues && t.cues.length > 5)""", timeout=WAIT_MS)
    text = tab.evaluate("""[...document.getElementById('video').textTracks]
        .find(t => t.kind === 'captions').cues[0].text""")
    assert "−72 mV" in text


def at(tab, seconds):
    """Wait until the video has seeked to ``seconds``."""
    tab.wait_for_function(f"Math.abs(document.getElementById('video').currentTime - {seconds}) < 0.05",
                          timeout=WAIT_MS)


def test_next_and_previous_step_between_chapters(page):
    tab, _, _ = page
    starts = tab.evaluate("JSON.parse(document.getElementById('manifest').textContent).scenes.map(s => s.start_s)")
    assert len(starts) == 6
    for start in starts[1:4]:
        tab.click("#next")
        at(tab, start)
    tab.click("#previous")
    at(tab, starts[2])
    tab.wait_for_function("document.getElementById('now').textContent.includes('Scene 3 of 6')", timeout=WAIT_MS)
    tab.click("#chapter-list li:nth-child(6) button")
    at(tab, starts[5])
    tab.wait_for_function("""[...document.getElementById('video').textTracks]
        .some(t => t.kind === 'chapters' && t.cues && t.cues.length === 6)""", timeout=WAIT_MS)


def test_ion_table_is_filled_from_the_manifest(page):
    tab, _, _ = page
    rows = tab.eval_on_selector_all("#ions tbody tr", "rows => rows.map(r => r.innerText)")
    assert len(rows) == 4 and rows[0].startswith("K⁺") and "−89 mV" in rows[0]


def test_no_request_leaves_the_folder(page):
    tab, base, requests = page
    start = tab.evaluate("JSON.parse(document.getElementById('manifest').textContent).scenes[1].start_s")
    tab.click("#next")
    at(tab, start)
    # The video has the frame it seeked to, so it has asked for it.
    tab.wait_for_function("(v => !v.seeking && v.readyState >= 2)(document.getElementById('video'))", timeout=WAIT_MS)
    assert requests and all(url.startswith(base) or url.startswith("data:") for url in requests), requests


def test_every_download_link_points_to_a_file(page, default_out):
    tab, _, _ = page
    links = tab.eval_on_selector_all("#downloads a[download]", "links => links.map(a => a.getAttribute('href'))")
    manifest = json.loads((default_out / "manifest.json").read_text(encoding="utf-8"))
    expected = ["explainer.mp4", "explainer-clean.mp4", "explainer.srt", "explainer.vtt",
                *(s["file"] for s in manifest["scenes"])]
    assert links == expected
    assert all((default_out / link).is_file() for link in links)


def test_references_credits_and_licence_are_shown(page):
    tab, _, _ = page
    references = tab.inner_text("#references")
    assert "Hodgkin AL, Katz B (1949)" in references and "CODATA" in references
    # The neuron's concentrations are a neuron's, not Hille's muscle table; every work is cited in full.
    neuron = tab.inner_text("#references li:first-child")
    assert neuron.startswith("neuron") and "Table 1.1" not in neuron and "Neuroscience" in neuron
    assert "Aickin CC, Brading AF (1982) J Physiol 326:139" in references
    assert "Lassen UV (1977) in Ellory JC, Lew VL (eds) Membrane Transport in Red Cells" in references
    assert "Canham PB, Burton AC (1968) Circ Res 22:405" in references
    equations = tab.inner_text("#equations")
    for paper in ("Nernst W (1889) Z Phys Chem 4:129", "Goldman DE (1943) J Gen Physiol 27:37",
                  "Hodgkin AL, Katz B (1949) J Physiol 108:37", "Mullins LJ, Noda K (1963) J Gen Physiol 47:117"):
        assert paper in equations
    assert "MIT" in tab.inner_text("#licence")
    embed = tab.input_value("#embed")
    assert 'src="explainer-clean.mp4"' in embed and 'src="explainer.vtt"' in embed


# What a student reads first.

def test_objectives_come_before_the_video_and_promise_what_the_model_teaches(page):
    tab, _, _ = page
    assert tab.evaluate("""document.getElementById('objectives')
        .compareDocumentPosition(document.getElementById('video')) & Node.DOCUMENT_POSITION_FOLLOWING""")
    objectives = tab.inner_text("#objectives")
    assert "steady state, not an equilibrium" in objectives and "ATP" in objectives
    assert "indirectly" in objectives and "electrogenic" in objectives
    assert "RT/F" in objectives and "cooling the cell" not in objectives
    manifest = json.loads(tab.text_content("#manifest"))
    assert f"(here {manifest['written']['pump']})" in objectives


def test_beyond_this_model_is_shown(page):
    tab, _, _ = page
    beyond = tab.inner_text("#beyond")
    assert "sinoatrial" in beyond and "no stable rest" in beyond and "recharges" in beyond and "H⁺ pumps" in beyond


def test_the_description_gives_the_cells_own_rest(page, browser, default_out, tmp_path):
    tab, _, _ = page
    manifest = json.loads((default_out / "manifest.json").read_text(encoding="utf-8"))
    rest = quantity(manifest["physics"]["rest_mv"], "mV", ENGLISH).written
    assert rest in tab.inner_text(".lede") and "−70 mV" not in tab.inner_text(".lede")
    # The page of a red cell, whose rest is about −10 mV, from the same manifest with the red cell's values.
    state = physics.resting_state(physics.preset("red_blood_cell"))
    manifest.update(cell="red_blood_cell", cell_label="red blood cell",
                    written={"rest": quantity(state.rest_mv, "mV", ENGLISH).written,
                             "ghk": quantity(state.ghk_mv, "mV", ENGLISH).written, "pump": pump_share(state, ENGLISH).written})
    red = tmp_path / "index.html"
    red.write_text(page_html(manifest, [], [], explorer_grid(ENGLISH), [], "MIT", ENGLISH), encoding="utf-8")
    context = browser.new_context()
    other = context.new_page()
    other.goto(red.as_uri())
    lede = other.inner_text(".lede")
    assert "red blood cell" in lede and manifest["written"]["rest"] in lede and "70" not in lede
    assert manifest["written"]["rest"] in ("−10 mV", "−11 mV")
    context.close()


# Stepping through the narration.

def beats(tab):
    return tab.evaluate("JSON.parse(document.getElementById('manifest').textContent).scenes.flatMap(s => s.beats)")


def watch_frames(tab):
    """Keep, in the page, the longest gap (ms) between two animation frames since ``frames_seen.longest`` was zeroed."""
    tab.evaluate("""() => {
        window.frames_seen = {longest: 0, last: performance.now()};
        const tick = now => {
            frames_seen.longest = Math.max(frames_seen.longest, now - frames_seen.last);
            frames_seen.last = now;
            requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
    }""")


def played_to_end(tab, beat):
    """Wait until the video has played ``beat`` and stopped at its end, showing its sentence.

    The page stops the video on the first animation frame at the beat's end, so how far past the end it
    stops depends on how often the machine draws a frame: the stop is allowed the longest gap between
    frames while the beat played (:func:`watch_frames`), at the video's rate, and no more.
    """
    tab.wait_for_function(f"""(() => {{ const v = document.getElementById('video');
        return !v.paused && v.currentTime >= {beat['start_s']} - 0.05 && v.currentTime < {beat['end_s']}; }})()""",
                          timeout=WAIT_MS)
    tab.evaluate("frames_seen.longest = 0")
    tab.wait_for_function(f"""(() => {{ const v = document.getElementById('video');
        return v.paused && v.currentTime > {beat['end_s']} - 0.2; }})()""", timeout=WAIT_MS)
    stopped, rate, gap_ms = tab.evaluate("""[document.getElementById('video').currentTime,
        document.getElementById('video').playbackRate, frames_seen.longest]""")
    assert stopped < beat["end_s"] + rate * gap_ms / 1000, (stopped, beat["end_s"], gap_ms)
    assert tab.inner_text("#beat-text") == beat["text"]
    assert tab.inner_text("#transcript button[aria-current='true']") == beat["text"]


def test_step_through_three_beats_and_play_on(page):
    tab, _, _ = page
    listed = beats(tab)
    assert len(listed) >= 6 and all(b["start_s"] < b["end_s"] for b in listed)
    assert [b["start_s"] for b in listed[1:]] == pytest.approx([b["end_s"] for b in listed[:-1]], abs=1e-6)
    tab.evaluate("document.getElementById('video').playbackRate = 2")
    watch_frames(tab)
    tab.click("#step-next")
    played_to_end(tab, listed[1])
    tab.keyboard.press("ArrowRight")
    played_to_end(tab, listed[2])
    tab.keyboard.press("ArrowRight")
    played_to_end(tab, listed[3])
    tab.keyboard.press("ArrowLeft")
    played_to_end(tab, listed[2])
    tab.click("#step-prev")
    played_to_end(tab, listed[1])
    # Space plays on past the beat's end.
    tab.evaluate("document.activeElement.blur()")
    tab.keyboard.press("Space")
    tab.wait_for_function(f"document.getElementById('video').currentTime > {listed[2]['end_s']} + 0.3", timeout=WAIT_MS)
    assert not tab.evaluate("document.getElementById('video').paused")


def test_transcript_seeks_and_marks_the_current_sentence(page):
    tab, _, _ = page
    listed = beats(tab)
    entries = tab.locator("#transcript button")
    assert entries.count() == len(listed)
    assert entries.all_inner_texts() == [b["text"] for b in listed]
    for index in (4, 7):
        entries.nth(index).click()
        at(tab, listed[index]["start_s"])
        assert tab.eval_on_selector_all("#transcript button[aria-current='true']",
                                        "e => e.map(b => b.textContent)") == [listed[index]["text"]]


# The explorer, against the physics.

def physics_says(cell, sets):
    """What ``python -m physics --json --cell CELL --set ...`` prints: its JSON, or its one-line refusal."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = physics.__main__.main(["--json", "--cell", cell, *(f"--set={s}" for s in sets)])
    if status:
        return err.getvalue().strip().removeprefix("python -m physics: error: ")
    return json.loads(out.getvalue())


def shown_number(text):
    """The number in a written value such as "−72 mV" or "0.04"."""
    return float(re.search(r"[−+]?[\d.,]+", text)[0].replace("−", "-").replace(",", ""))


SLIDERS = {"K.out": "#slider-k-out", "Na.permeability": "#slider-na-permeability", "temp_c": "#slider-temp_c"}
#: The markers whose order the explorer's scale must keep, and how far apart (CSS px) two places may be
#: and still be one: getBoundingClientRect gives fractions of a pixel, the screen does not.
MARKERS, PIXEL = ("equilibrium_mv.K", "rest_mv", "equilibrium_mv.Na"), 1.0


def assert_in_a_students_words(refusal):
    """A refusal names a slider as the page labels it and which way to move it, never a command-line flag
    or a parameter key."""
    assert "--" not in refusal, refusal
    assert not [key for key in KEYS if key in refusal], refusal
    labels = ENGLISH.words["page"]["params"].values()
    assert re.search(r"slider (left|right), to ", refusal) and any(f"“{label}”" in refusal for label in labels), \
        refusal


def check_explorer(tab, cell):
    """Every value the explorer shows equals the physics' for the cell and the sliders' shown values."""
    sets = [f"{key}={shown_number(tab.inner_text(f'{slider}-value'))!r}" for key, slider in SLIDERS.items()]
    said = physics_says(cell, sets)
    shown = dict(tab.eval_on_selector_all("dd[data-value]", "e => e.map(d => [d.dataset.value, d.textContent])"))
    assert set(shown) >= {"rest_mv", "ghk_mv", "pump_mv", "equilibrium_mv.K", "equilibrium_mv.Na"}
    if isinstance(said, str):
        assert tab.is_visible("#refusal"), (cell, sets, said)
        assert_in_a_students_words(tab.inner_text("#refusal-text"))
        assert set(shown.values()) == {"—"}
        return "refused"
    assert not tab.is_visible("#refusal")
    values = said["physics"]
    rest, ghk = quantity(values["rest_mv"], "mV", ENGLISH), quantity(values["ghk_mv"], "mV", ENGLISH)
    expected = {"rest_mv": rest.written, "ghk_mv": ghk.written,
                # The pump's share is shown as the difference of the two shown voltages, as the narration says it.
                "pump_mv": quantity(rest.value - ghk.value, "mV", ENGLISH).written,
                **{f"equilibrium_mv.{ion}": quantity(v, "mV", ENGLISH).written for ion, v in values["equilibrium_mv"].items()
                   if f"equilibrium_mv.{ion}" in shown}}
    assert shown == expected, (cell, sets)
    # The scale's markers lie in the order of the voltages they show: E_K, rest, E_Na.
    x, (low, high) = marker_places(tab, MARKERS)
    placed = {key: min(max(shown_number(shown[key]), low), high) for key in MARKERS}  # the scale ends at its span
    for left, right in itertools.combinations(sorted(MARKERS, key=placed.get), 2):
        if placed[left] == placed[right]:  # equal as shown, or both off one end: one place
            assert abs(x[left] - x[right]) < PIXEL, (cell, sets, x)
        else:
            assert x[left] < x[right] + PIXEL, (cell, sets, x)
    return "shown"


def marker_places(tab, keys):
    """Where each marker of ``keys`` stands on the scale, once it has stopped, and the scale's span.

    Parameters
    ----------
    tab : playwright.sync_api.Page
        The page, its explorer showing the values to check.
    keys : sequence of str
        The markers' keys, as in ``data-marker``.

    Returns
    -------
    tuple of (dict, tuple)
        Each key's place in CSS px from the page's left, and the lowest and highest voltage (mV) drawn.

    Notes
    -----
    A marker glides to a new value (a CSS transition), so the places are read once the scale has no
    transition left, however long the page takes to run them. A marker's place is its line's: its label
    is centred on the line, and is as wide as its text, so the marker's own box would move with the text.
    """
    return tab.evaluate("""async keys => {
        const scale = document.querySelector("svg.scale");
        for (let moving; (moving = scale.getAnimations({subtree: true})).length;)
            await Promise.allSettled(moving.map(a => a.finished));
        return [Object.fromEntries(keys.map(key =>
            [key, scale.querySelector(`[data-marker="${key}"] line`).getBoundingClientRect().x])),
            [Number(scale.dataset.min), Number(scale.dataset.max)]];
    }""", list(keys))


def test_explorer_shows_the_physics_for_every_cell_and_slider(page):
    tab, _, _ = page
    cells = tab.eval_on_selector_all("select[data-param='cell'] option", "o => o.map(x => x.value)")
    assert cells == list(physics.PRESETS)
    assert tab.input_value("select[data-param='cell']") == "neuron"
    outcomes = set()
    for cell in cells:
        tab.select_option("select[data-param='cell']", cell)
        own = parameters(physics.preset(cell))
        for key, slider in SLIDERS.items():  # choosing a cell resets the sliders to its values
            assert shown_number(tab.inner_text(f"{slider}-value")) == pytest.approx(own[key])
            assert shown_number(tab.inner_text(f"{slider}-preset").split(":")[1]) == pytest.approx(own[key])
        outcomes.add(check_explorer(tab, cell))
        for slider in SLIDERS.values():  # each slider at both ends, by keyboard
            for key in ("End", "Home"):
                tab.focus(slider)
                tab.keyboard.press(key)
                outcomes.add(check_explorer(tab, cell))
            tab.select_option("select[data-param='cell']", cell)
    # Outside K⁺ over its whole range for the neuron, where the model refuses the highest values.
    tab.select_option("select[data-param='cell']", "neuron")
    tab.focus(SLIDERS["K.out"])
    tab.keyboard.press("Home")
    for _ in range(int(tab.get_attribute(SLIDERS["K.out"], "max")) + 1):
        outcomes.add(check_explorer(tab, "neuron"))
        tab.keyboard.press("ArrowRight")
    assert outcomes == {"shown", "refused"}


def test_every_refusal_is_in_a_students_words():
    grid = explorer_grid(ENGLISH)
    assert grid["refusals"]
    for refusal in grid["refusals"]:
        assert_in_a_students_words(refusal)


def test_a_refusal_names_the_nearest_way_back_along_each_slider():
    # Three sliders of 3, 2 and 2 values; only the point (0, 0, 0) and (2, 1, 1) are in the model.
    points = [None] * 12
    points[0] = points[11] = []
    written = {"K.out": ["1 mM", "2 mM", "3 mM"], "Na.permeability": ["0", "1"], "temp_c": ["0 °C", "10 °C"]}
    label = ENGLISH.words["page"]["params"]
    assert f"“{label['K.out']}” slider left, to 1 mM" in way_back(points, [3, 2, 2], 8, written, ENGLISH.words["page"])  # (2, 0, 0)
    said = way_back(points, [3, 2, 2], 10, written, ENGLISH.words["page"])  # (2, 1, 0): the temperature alone, or nothing else
    assert f"“{label['temp_c']}” slider right, to 10 °C" in said and label["K.out"] not in said
    assert way_back(points, [3, 2, 2], 5, written, ENGLISH.words["page"]).endswith(ENGLISH.words["page"]["refusal"]["back"] + ".")  # (1, 0, 1)


def test_following_a_refusal_leaves_it(page):
    tab, _, _ = page
    tab.select_option("select[data-param='cell']", "red_blood_cell")
    tab.focus(SLIDERS["K.out"])
    tab.keyboard.press("End")
    assert check_explorer(tab, "red_blood_cell") == "refused"
    target = re.search(r"“Outside K⁺” slider left, to (.+?)(?:, or |\.$)", tab.inner_text("#refusal-text"))[1]
    while tab.inner_text(f"{SLIDERS['K.out']}-value") != target:
        tab.keyboard.press("ArrowLeft")
    assert check_explorer(tab, "red_blood_cell") == "shown"


def test_the_na_slider_reaches_the_spikes_peak(page):
    tab, _, _ = page
    slider = SLIDERS["Na.permeability"]
    for cell in physics.PRESETS:
        tab.select_option("select[data-param='cell']", cell)
        tab.focus(slider)
        tab.keyboard.press("End")
        assert shown_number(tab.inner_text(f"{slider}-value")) == MARKS["Na.permeability"] == 20
        ticks = tab.eval_on_selector_all(f"{slider}-marks option", "o => o.map(x => Number(x.value))")
        assert int(tab.get_attribute(slider, "max")) in ticks
        assert check_explorer(tab, cell) == "shown"
        # At the peak's permeabilities the rest moves over toward E_Na.
        mv = {key: shown_number(tab.inner_text(f"dd[data-value='{key}']"))
              for key in ("equilibrium_mv.K", "rest_mv", "equilibrium_mv.Na")}
        assert mv["rest_mv"] - mv["equilibrium_mv.K"] > mv["equilibrium_mv.Na"] - mv["rest_mv"], (cell, mv)
    mark = tab.inner_text(f"{slider}-mark")
    assert re.search(r"1\s:\s20\b", mark) and "Hodgkin & Katz 1949" in mark
    assert f"{slider[1:]}-mark" in tab.get_attribute(slider, "aria-describedby")


def test_the_physics_command_agrees_with_its_function():
    result = subprocess.run([sys.executable, "-m", "physics", "--json", "--cell", "red_blood_cell", "--set",
                             "K.out=8", "--set", "temp_c=20"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == physics_says("red_blood_cell", ["K.out=8", "temp_c=20"])


# For everyone.

def test_axe_finds_no_serious_violation(page):
    tab, _, _ = page
    assert AXE.exists(), "axe-core is missing: run 'make setup' (npm ci)"
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_no_horizontal_scroll_at_390_px(browser, served, default_out):
    for url in (served, (default_out / "index.html").as_uri()):
        context = open_context(browser, viewport={"width": 390, "height": 844})
        tab = context.new_page()
        tab.goto(url)
        tab.wait_for_load_state("load")
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        context.close()


def test_focus_is_visible_on_every_control(page):
    tab, _, _ = page
    seen = set()
    for _ in range(40):
        tab.keyboard.press("Tab")
        focused = tab.evaluate("""(() => { const e = document.activeElement, s = getComputedStyle(e);
            return [e.id || e.textContent.slice(0, 30), e.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; })()""")
        if focused[1] in ("BODY", "VIDEO"):  # the video draws its own controls' focus
            continue
        seen.add(focused[1])
        assert focused[2] != "none" and focused[3] >= 2, focused
    assert {"BUTTON", "INPUT", "SELECT"} <= seen


@pytest.mark.parametrize("motion, moves", [("reduce", False), ("no-preference", True)])
def test_reduced_motion_is_honoured(browser, served, motion, moves):
    context = open_context(browser, reduced_motion=motion)
    tab = context.new_page()
    tab.goto(served)
    duration = tab.evaluate("getComputedStyle(document.querySelector('.marker')).transitionDuration")
    assert (duration != "0s") == moves, duration
    context.close()


# One file for a course site.

@pytest.fixture(scope="module")
def one_file(default_out, tmp_path_factory):
    out = tmp_path_factory.mktemp("one-file") / "course"
    result = run("render.py", "-q", "l", "--one-file", "--out", str(out), timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "explainer.html"


def test_one_file_page_plays_from_disk_alone(browser, one_file, tmp_path):
    alone = tmp_path / "explainer.html"  # nothing beside it
    alone.write_bytes(one_file.read_bytes())
    video = one_file.with_name("explainer-clean.mp4").stat().st_size
    assert video < alone.stat().st_size < video * 4 / 3 + 1_000_000
    context = open_context(browser)
    tab = context.new_page()
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(alone.as_uri())
    tab.wait_for_function("document.getElementById('video').readyState >= 1", timeout=WAIT_MS)
    assert 45 < tab.evaluate("document.getElementById('video').duration") < 60
    tab.evaluate("document.getElementById('video').play()")
    tab.wait_for_function("document.getElementById('video').currentTime > 0.5", timeout=WAIT_MS)
    tab.wait_for_function("""[...document.getElementById('video').textTracks]
        .some(t => t.kind === 'captions' && t.cues && t.cues.length > 5)""", timeout=WAIT_MS)
    assert tab.evaluate("document.getElementById('video').poster").startswith("data:image/png")
    assert tab.get_attribute("a[download='explainer-clean.mp4']", "href").startswith("blob:")
    assert all(url == alone.as_uri() or url.startswith(("data:", "blob:")) for url in requests), requests
    tab.select_option("select[data-param='cell']", "skeletal_muscle")
    assert check_explorer(tab, "skeletal_muscle") == "shown"
    context.close()
