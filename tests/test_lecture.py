"""The lecturer's moviepy interface: a scene of a finished render, with its narration and captions."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from moviepy import CompositeVideoClip, ImageClip, VideoFileClip

from assembly.lecture import LectureError, scene_captions, scene_clip

ROOT = Path(__file__).resolve().parent.parent


def entry(folder, name):
    return next(s for s in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["scenes"]
                if s["name"] == name)


def test_a_scene_comes_with_its_narration_and_its_own_picture(default_out):
    scene = entry(default_out, "potassium_leak")
    clip = scene_clip(default_out, "potassium_leak")
    assert clip.duration == pytest.approx(scene["duration_s"], abs=1 / 15)
    assert clip.audio is not None and np.abs(clip.audio.to_soundarray(fps=48000)).max() > 0.1
    clean = scene_clip(default_out, "potassium_leak", burned=False)
    assert Path(clean.filename).name == "03-potassium_leak-clean.mp4" and clean.duration == clip.duration
    whole = VideoFileClip(str(default_out / "explainer-clean.mp4"))
    # A frame while the first caption shows, and the same frame of the whole, read mid-frame: a time on a
    # frame's edge (17.2 + 3.0 is 20.199999… in floating point) may fall to the frame before.
    (first_s, last_s), _ = scene_captions(default_out, "potassium_leak")[0]
    frame, start = round((first_s + last_s) / 2 * clip.fps), round(scene["start_s"] * clip.fps)
    at = (frame + 0.5) / clip.fps
    assert np.array_equal(clean.get_frame(at), whole.get_frame((start + frame + 0.5) / clip.fps))
    assert np.array_equal(clean.audio.to_soundarray(fps=48000), clip.audio.to_soundarray(fps=48000))
    # The burned-in captions sit in the bottom band; above it the two encodes of one picture agree.
    difference = np.abs(clip.get_frame(at).astype(int) - clean.get_frame(at).astype(int))
    band = int(0.7 * clip.h)
    assert difference[:band].mean() < 1.0 and difference[band:].mean() > 2.0  # one caption line burned in


def test_a_lecturer_composes_a_scene_into_their_own_video(default_out, tmp_path):
    clip = scene_clip(default_out, "hook").subclipped(0, 2)
    title = ImageClip(np.full((60, clip.w, 3), 255, dtype=np.uint8)).with_duration(2).with_position(("center", 0))
    out = tmp_path / "lecture.mp4"
    CompositeVideoClip([clip, title]).write_videofile(str(out), fps=15, logger=None)
    made = VideoFileClip(str(out))
    assert made.duration == pytest.approx(2, abs=0.1) and made.audio is not None
    assert made.get_frame(1.0)[:50].mean() > 240  # the lecturer's own title bar, over the scene


def test_captions_are_the_scenes_own_words_for_subtitles_clip(default_out):
    captions = scene_captions(default_out, "potassium_leak")
    srt = (default_out / "scenes" / "03-potassium_leak.srt").read_text(encoding="utf-8")
    assert all(end > start for (start, end), _ in captions)
    assert " ".join(text for _, text in captions).split() == [
        w for line in srt.splitlines() if line and not line[0].isdigit() for w in line.split()]


def test_a_scene_the_folder_lacks_is_one_clear_error(default_out, tmp_path):
    with pytest.raises(LectureError, match="holds no scene 'nope': it holds hook"):
        scene_clip(default_out, "nope")
    with pytest.raises(LectureError, match="no manifest.json"):
        scene_captions(tmp_path, "hook")


def test_the_readmes_lecture_example_runs(default_out, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (code,) = [b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "assembly.lecture" in b]
    code = code.replace('"output"', repr(str(default_out)))
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    made = VideoFileClip(str(tmp_path / "lecture3.mp4"))
    assert made.duration == pytest.approx(entry(default_out, "potassium_leak")["duration_s"], abs=0.1)


def test_a_render_from_before_the_clean_clips_is_one_clear_error(default_out, tmp_path):
    manifest = json.loads((default_out / "manifest.json").read_text(encoding="utf-8"))
    for scene in manifest["scenes"]:
        del scene["clean_file"]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(LectureError, match="holds no clean clip of 'hook'.*render it again"):
        scene_clip(tmp_path, "hook", burned=False)
