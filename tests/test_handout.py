"""--lecture's handout, A4 and Letter, read back as text by pdftotext: real text, every part of it."""

import json
import re
import subprocess

import pytest

from assembly.page import objectives, references
from narration.locale import ENGLISH

PAPERS = {"a4": "595.92 x 842.88 pts (A4)", "letter": "612 x 792 pts (letter)"}


def pdf_text(path):
    """The PDF's text as pdftotext reads it, each run of white space one space."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


def pdf_lines(path):
    """The PDF's lines that hold text, as pdftotext lays them out, each run of white space one space: a table's
    rows."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def manifest(lecture_out):
    return json.loads((lecture_out / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("paper", PAPERS)
def test_the_handout_is_text_on_its_paper(lecture_out, paper):
    pdf = lecture_out / f"handout-{paper}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Page size:       {PAPERS[paper]}" in info and "Tagged:          yes" in info, info
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert 2 <= pages <= 4, info
    # Text on every page, not pictures of it: each page gives words back.
    for page in range(1, pages + 1):
        words = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                               capture_output=True, text=True, check=True).stdout.split()
        assert len(words) > 40, (page, words)


@pytest.mark.parametrize("paper", PAPERS)
def test_each_scene_has_its_still_its_sentences_and_its_numbers(lecture_out, manifest, paper):
    pdf = lecture_out / f"handout-{paper}.pdf"
    text = pdf_text(pdf)
    for index, scene in enumerate(manifest["scenes"], 1):
        heading = ENGLISH.words["lecture"]["scene_title"].format(index=index, title=ENGLISH.titles[scene["name"]])
        assert heading in text
        after = text[text.index(heading):]
        for beat in scene["beats"]:
            assert re.sub(r"\s+", " ", beat["text"]) in after, beat["text"]
    values = ENGLISH.words["lecture"]["values"]
    for label, key in ((values["rest"], "rest"), (values["ghk"], "ghk"), (values["pump"], "pump")):
        assert f"{label} {manifest['written'][key]}" in text, label
    assert f"{values['e_k']} {manifest['ions'][0]['equilibrium']}" in text
    # One still per scene, as large as the clip's own frame at -q l.
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    sizes = [tuple(map(int, line.split()[3:5])) for line in images if line.split()[2] == "image"]
    assert sizes == [tuple(manifest["resolution"])] * len(manifest["scenes"]), images


def test_the_ion_table_objectives_and_references(lecture_out, manifest):
    text = pdf_text(lecture_out / "handout-a4.pdf")
    words = ENGLISH.words["page"]
    assert words["ions_heading"].format(cell=manifest["cell_label"]) in text
    lines = pdf_lines(lecture_out / "handout-a4.pdf")
    head = " ".join(words[key] for key in ("ion", "inside", "outside", "equilibrium", "permeability"))
    rows = [" ".join(ion[key] for key in ("label", "inside_mm", "outside_mm", "equilibrium", "permeability"))
            for ion in manifest["ions"]]
    start = lines.index(head)
    assert lines[start + 1:start + 1 + len(rows)] == rows, lines[start:start + 8]
    assert words["objectives_heading"] in text
    for line in objectives(manifest, ENGLISH):
        assert line in text, line
    assert manifest["written"]["pump"] in text
    # Every placeholder filled, the credits' voice too.
    assert "{" not in text and "}" not in text
    assert ENGLISH.voice_credit(manifest["voice"], "page") in text
    cited, constants, equations = references(manifest, ENGLISH, {"neuron"})
    assert constants in text
    for _, works in [*cited, *equations]:
        assert all(work in text for work in works), works
    # This cell's works only: the red blood cell's are on the page, not in a neuron's handout.
    assert "Canham PB" not in text
