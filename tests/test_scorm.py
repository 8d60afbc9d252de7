"""--lecture's scorm.zip: a SCORM 1.2 package of the page, played in Chromium under a stand-in LMS and alone."""

import functools
import http.server
import json
import shutil
import threading
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from test_page import WAIT_MS, RangeHandler, browser, open_context  # noqa: F401 (browser is a fixture)

from assembly.scorm import ADLCP, IMSCP, page_files

STANDIN = Path(__file__).resolve().parent / "scorm_standin.html"
NS = {"cp": IMSCP, "adlcp": ADLCP}
VIDEO = "document.getElementById('video')"


@pytest.fixture(scope="module")
def site(lecture_out, tmp_path_factory):
    """The package unpacked into course/ beside the stand-in LMS, served over HTTP; its root URL."""
    root = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(lecture_out / "scorm.zip") as package:
        package.extractall(root / "course")
    shutil.copy(STANDIN, root / "lms.html")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(RangeHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, server.server_address[1]
    server.shutdown()


def lesson_under_lms(browser, launch, port):  # noqa: F811
    """A tab of the stand-in LMS launching ``launch``; the tab, the lesson's frame and the errors it reports."""
    context = open_context(browser)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    # A file the lesson asks for and the package lacks (the browser's own favicon.ico is not the lesson's).
    tab.on("response", lambda response: errors.append(f"{response.status} {response.url}")
           if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    tab.goto(f"http://127.0.0.1:{port}/lms.html?launch={launch}")
    return tab, lesson_frame(tab), errors


def lesson_frame(tab):
    """The lesson's frame inside the stand-in's player, its video's metadata read."""
    # Found through its element: a frame of another origin, looked up by its URL, may still answer for its first,
    # empty document.
    video = tab.frame_locator("#player").frame_locator("#lesson").locator("#video").element_handle(timeout=WAIT_MS)
    frame = video.owner_frame()
    frame.wait_for_function(f"{VIDEO}.readyState >= 1", timeout=WAIT_MS)
    return frame


def lms(tab):
    return tab.evaluate("({state: lms.state, data: lms.data, calls: lms.calls, commits: lms.commits})")


def step_and_wait(frame, control, beat):
    """Press ``control`` and wait until the step has played ``beat`` to its end and stopped."""
    frame.click(control)
    frame.wait_for_function(f"{VIDEO}.paused && !{VIDEO}.seeking && {VIDEO}.currentTime >= {beat['end_s']} - 0.1",
                            timeout=WAIT_MS)


def test_the_package_is_the_page_its_files_and_a_scorm_12_manifest(lecture_out):
    with zipfile.ZipFile(lecture_out / "scorm.zip") as package:
        names = package.namelist()
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
        page = package.read("index.html")
    assert manifest.tag == f"{{{IMSCP}}}manifest"
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    organizations = manifest.find("cp:organizations", NS)
    (organization,) = organizations.findall("cp:organization", NS)
    assert organizations.get("default") == organization.get("identifier")
    (item,) = organization.findall("cp:item", NS)
    (resource,) = manifest.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{ADLCP}}}scormtype") == "sco" and resource.get("href") == "index.html"
    title = json.loads((lecture_out / "manifest.json").read_text(encoding="utf-8"))["title"]
    assert organization.findtext("cp:title", namespaces=NS) == title
    # Every file listed is packed, every file packed is listed, and the page is the published one, unchanged.
    listed = [f.get("href") for f in resource.findall("cp:file", NS)]
    assert sorted(listed) == sorted(set(names) - {"imsmanifest.xml"})
    assert page == (lecture_out / "index.html").read_bytes()
    # Everything the page plays, shows or offers is in the package.
    used = set(page_files(lecture_out / "index.html"))
    assert {"explainer-clean.mp4", "poster.png", "chapters.vtt", "explainer.vtt"} <= used <= set(names)
    assert any(name.startswith("scenes/") for name in used)


def test_stepping_through_every_sentence_completes_the_lesson(browser, site):  # noqa: F811
    _, port = site
    tab, frame, errors = lesson_under_lms(browser, "course/index.html", port)
    started = lms(tab)
    assert [c["name"] for c in started["calls"][:2]] == ["LMSInitialize", "LMSGetValue"]
    assert started["data"]["cmi.core.lesson_status"] == "incomplete"
    beats = frame.evaluate("JSON.parse(document.getElementById('manifest').textContent)"
                           ".scenes.flatMap(s => s.beats)")
    frame.evaluate(f"{VIDEO}.playbackRate = 8")
    # From the start "next" steps to the second sentence; every sentence but the first is not enough.
    for beat in beats[1:]:
        step_and_wait(frame, "#step-next", beat)
    assert lms(tab)["data"]["cmi.core.lesson_status"] == "incomplete"
    frame.locator("#transcript button").nth(1).click()
    step_and_wait(frame, "#step-prev", beats[0])
    tab.wait_for_function("lms.data['cmi.core.lesson_status'] === 'completed'", timeout=WAIT_MS)
    done = lms(tab)
    assert done["commits"][-1]["cmi.core.lesson_status"] == "completed"
    # Leaving the lesson ends the session, once.
    tab.evaluate("document.getElementById('player').contentDocument.getElementById('lesson').src = 'about:blank'")
    tab.wait_for_function("lms.state === 'finished'", timeout=WAIT_MS)
    calls = lms(tab)["calls"]
    assert [c["name"] for c in calls].count("LMSFinish") == 1
    assert all(c["error"] == "0" for c in calls), [c for c in calls if c["error"] != "0"]
    assert not errors, errors
    tab.context.close()


def test_playing_the_video_to_its_end_completes_the_lesson(browser, site):  # noqa: F811
    _, port = site
    tab, frame, errors = lesson_under_lms(browser, "course/index.html", port)
    duration = frame.evaluate(f"{VIDEO}.duration")
    frame.evaluate(f"{VIDEO}.currentTime = {duration - 1.5}")
    frame.wait_for_function(f"!{VIDEO}.seeking", timeout=WAIT_MS)
    assert lms(tab)["data"]["cmi.core.lesson_status"] == "incomplete"
    frame.evaluate(f"{VIDEO}.play()")
    frame.wait_for_function(f"{VIDEO}.ended", timeout=WAIT_MS)
    tab.wait_for_function("lms.data['cmi.core.lesson_status'] === 'completed'", timeout=WAIT_MS)
    assert all(c["error"] == "0" for c in lms(tab)["calls"]) and not errors, (lms(tab)["calls"], errors)
    tab.context.close()


def test_a_lesson_completed_before_stays_completed(browser, site):  # noqa: F811
    _, port = site
    # A returning student: the LMS already holds "completed" when the lesson starts.
    tab, _, errors = lesson_under_lms(browser, "course/index.html&status=completed", port)
    calls = lms(tab)["calls"]
    assert [c["name"] for c in calls] == ["LMSInitialize", "LMSGetValue"] and not errors, (calls, errors)
    assert lms(tab)["data"]["cmi.core.lesson_status"] == "completed"
    tab.context.close()


def test_outside_an_lms_the_page_works_as_it_is(browser, site):  # noqa: F811
    root, port = site
    # Opened from disk, and framed by a page of another origin (whose API it must not, and cannot, reach).
    for url in ((root / "course" / "index.html").as_uri(),
                f"http://localhost:{port}/lms.html?launch=http://127.0.0.1:{port}/course/index.html"):
        context = open_context(browser)
        tab = context.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(url)
        frame = lesson_frame(tab) if url.startswith("http") else tab.main_frame
        frame.wait_for_function(f"{VIDEO}.readyState >= 1", timeout=WAIT_MS)
        beats = frame.evaluate("JSON.parse(document.getElementById('manifest').textContent)"
                               ".scenes.flatMap(s => s.beats)")
        frame.evaluate(f"{VIDEO}.playbackRate = 4")
        step_and_wait(frame, "#step-next", beats[1])
        assert frame.inner_text("#beat-text") == beats[1]["text"]
        if url.startswith("http"):
            assert lms(tab)["calls"] == [] and lms(tab)["state"] == "not initialized"
        assert not errors, (url, errors)
        context.close()
