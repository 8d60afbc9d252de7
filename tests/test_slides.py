"""--lecture's slides.pptx, read by python-pptx and opened by LibreOffice Impress."""

import json
import shutil
import subprocess

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from assembly.page import references
from narration.locale import ENGLISH


@pytest.fixture(scope="module")
def manifest(lecture_out):
    return json.loads((lecture_out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def deck(lecture_out):
    return Presentation(str(lecture_out / "slides.pptx"))


def texts(slide):
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def test_a_title_a_slide_per_scene_and_the_references(deck, manifest):
    slides = list(deck.slides)
    assert len(slides) == 1 + len(manifest["scenes"]) + 1
    assert slides[0].shapes.title.text == manifest["title"]
    assert any(manifest["summary"] in text for text in texts(slides[0]))
    for index, (slide, scene) in enumerate(zip(slides[1:-1], manifest["scenes"]), 1):
        assert slide.shapes.title.text == ENGLISH.words["lecture"]["scene_title"].format(
            index=index, title=ENGLISH.titles[scene["name"]])
    assert slides[-1].shapes.title.text == ENGLISH.words["lecture"]["references"]
    cited, constants, equations = references(manifest, ENGLISH, {"neuron"})
    shown = " ".join(texts(slides[-1]))
    assert constants in shown and "Purves D" in shown
    assert all(work in shown for _, works in [*cited, *equations] for work in works)


def test_each_scene_plays_its_captioned_clip_over_its_key_picture(deck, manifest, lecture_out):
    for slide, scene in zip(list(deck.slides)[1:-1], manifest["scenes"]):
        (movie,) = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.MEDIA]
        video = [rel.target_part for rel in slide.part.rels.values() if rel.reltype.endswith("/video")]
        assert [part.content_type for part in video] == ["video/mp4"]
        # The burned-in clip, byte for byte (the choice and its reason: assembly/slides.py).
        assert video[0].blob == (lecture_out / scene["file"]).read_bytes()
        poster = [rel.target_part for rel in slide.part.rels.values() if rel.reltype.endswith("/image")]
        assert len(poster) == 1 and poster[0].blob[:8] == b"\x89PNG\r\n\x1a\n"
        # The clip fills the slide's width or its height below the title, in the video's own shape.
        width, height = manifest["resolution"]
        assert movie.width / movie.height == pytest.approx(width / height, rel=1e-3)
        assert movie.left >= 0 and movie.left + movie.width <= deck.slide_width
        assert movie.top > slide.shapes.title.top + slide.shapes.title.height - 1
        assert movie.top + movie.height <= deck.slide_height


def test_the_narration_is_each_scenes_speaker_notes(deck, manifest):
    for slide, scene in zip(list(deck.slides)[1:-1], manifest["scenes"]):
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.splitlines() == [beat["text"] for beat in scene["beats"]]


def test_libreoffice_impress_opens_every_slide(lecture_out, manifest, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: run 'make test' (it installs libreoffice-impress)"
    # A profile of its own, so that a LibreOffice someone has open does not take the conversion over.
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path),
                             str(lecture_out / "slides.pptx")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "Error" not in result.stderr, result.stderr
    pdf = tmp_path / "slides.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(manifest['scenes']) + 2}\n" in info, info
    # Each slide as Impress laid it out: its title where it belongs.
    for number, scene in enumerate(manifest["scenes"], 2):
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert ENGLISH.titles[scene["name"]] in page, (number, page)
