"""--lecture on the command line and in a batch: what it refuses, a missing Chromium, an interrupted render."""

import hashlib
import json
import os
import shutil
import signal

import pytest
from helpers import interrupt_at, run

from pipeline.batch import BatchError
from pipeline.cli import parser, read_batch

LECTURE_FILES = ["slides.pptx", "handout-a4.pdf", "handout-letter.pdf", "scorm.zip"]


def digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".render.lock"}


def one_line(result):
    return result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_manifest_lists_the_lecture_files_with_their_hashes(lecture_out):
    manifest = json.loads((lecture_out / "manifest.json").read_text(encoding="utf-8"))
    for name in LECTURE_FILES:
        assert manifest["files"][name] == hashlib.sha256((lecture_out / name).read_bytes()).hexdigest()


def test_lecture_is_for_the_whole_explainer(tmp_path):
    result = run("render.py", "--lecture", "--scenes", "hook", "--dry-run", "--out", str(tmp_path / "out"))
    assert one_line(result) and "--lecture" in result.stderr and "leave out --scenes" in result.stderr, result.stderr


def test_without_chromium_a_lecture_render_stops_in_one_line_before_any_work(tmp_path):
    # A PATH with LaTeX and nothing else: no Chromium on it.
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("latex", "dvisvgm"):
        (tools / tool).symlink_to(shutil.which(tool))
    out = tmp_path / "out"
    result = run("render.py", "-q", "l", "--lecture", "--out", str(out), env={**os.environ, "PATH": str(tools)})
    assert one_line(result) and "Chromium not found" in result.stderr, result.stderr
    assert "narration" not in result.stdout and not out.exists()


def test_an_interrupted_lecture_render_leaves_the_previous_outputs_untouched(lecture_out, tmp_path):
    out = tmp_path / "course"
    shutil.copytree(lecture_out, out)
    before = digest(out)
    # --one-file changes the inputs, so the outputs are assembled again; Ctrl-C comes as the handout prints.
    status, stdout, stderr, sent_at = interrupt_at(
        "render.py", "-q", "l", "--lecture", "--one-file", "--out", str(out), signum=signal.SIGINT,
        at=lambda line: "printing the handout" in line)
    assert sent_at and status == 130, stdout + stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert digest(out) == before and not list(out.glob(".staging-*"))


def read(tmp_path, text):
    path = tmp_path / "batch.toml"
    path.write_text(text, encoding="utf-8")
    argv = ["--batch", str(path), "-q", "l", "--out", str(tmp_path / "out")]
    return read_batch(parser().parse_args(argv), argv)


def test_a_batch_variant_asks_for_the_lecture_with_a_key(tmp_path):
    variants = read(tmp_path, '[[variant]]\nname = "course"\ncell = "neuron"\nlecture = true\n\n'
                              '[[variant]]\nname = "plain"\ncell = "neuron"\nlecture = false\n')
    assert [(v.name, v.job.lecture) for v in variants] == [("course", True), ("plain", False)]
    with pytest.raises(BatchError, match="variant 'course' has lecture = 'yes': write lecture = true or false"):
        read(tmp_path, '[[variant]]\nname = "course"\ncell = "neuron"\nlecture = "yes"\n')


def test_a_batch_renders_a_variants_lecture(lecture_out, tmp_path):
    (tmp_path / "batch.toml").write_text('[[variant]]\nname = "course"\ncell = "neuron"\nlecture = true\n',
                                         encoding="utf-8")
    result = run("render.py", "--batch", str(tmp_path / "batch.toml"), "-q", "l", "--jobs", "1",
                 "--out", str(tmp_path / "out"), timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    course = tmp_path / "out" / "course"
    manifest = json.loads((course / "manifest.json").read_text(encoding="utf-8"))
    assert set(LECTURE_FILES) <= set(manifest["files"])
    # The same deck as the single render's: a slide per scene between the title and the references, the same notes.
    from pptx import Presentation

    notes = [[slide.notes_slide.notes_text_frame.text for slide in Presentation(str(folder / "slides.pptx")).slides]
             for folder in (course, lecture_out)]
    assert notes[0] == notes[1] and len(notes[0]) == len(manifest["scenes"]) + 2
