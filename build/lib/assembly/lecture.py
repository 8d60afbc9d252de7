"""Pull one scene of a finished render, with its narration and captions, into your own moviepy composition.

    >>> from assembly.lecture import scene_clip, scene_captions
    >>> leak = scene_clip("output", "potassium_leak")                 # captions burned in, as rendered
    >>> clean = scene_clip("output", "potassium_leak", burned=False)  # scenes/03-potassium_leak-clean.mp4
    >>> scene_captions("output", "potassium_leak")[0]
    ((0.058, 2.541), 'Potassium channels let K⁺ leak out,')

``scene_captions`` gives the ``((start, end), text)`` pairs moviepy's
``SubtitlesClip`` takes, so the captions can be set in your own style.
"""

import json
from pathlib import Path

from narration.validate import parse_srt
from common.errors import ExplainerError


class LectureError(ExplainerError, LookupError):
    """The folder holds no such scene; the message says what it holds."""


def scene_clip(folder, scene, burned=True):
    """Scene ``scene`` of the render in ``folder`` as a moviepy ``VideoFileClip`` with its narration.

    With ``burned=False`` the scene's clean clip (``scenes/NN-name-clean.mp4``): the
    same picture and narration without the captions.
    """
    from moviepy import VideoFileClip

    folder, entry = Path(folder), _entry(folder, scene)
    if burned:
        return VideoFileClip(str(folder / entry["file"]))
    if "clean_file" not in entry or not (folder / entry["clean_file"]).exists():
        raise LectureError(f"{folder} holds no clean clip of {scene!r} (rendered before they were made): render "
                           f"it again with 'python render.py --out {folder}'")
    return VideoFileClip(str(folder / entry["clean_file"]))


def scene_captions(folder, scene):
    """The scene's captions as ``((start_s, end_s), text)``, from its own start."""
    srt = (Path(folder) / _entry(folder, scene)["file"]).with_suffix(".srt")
    cues, problems = parse_srt(srt.read_text(encoding="utf-8"))
    if problems:
        raise LectureError(f"{srt}: {problems[0]}")
    return [((cue.start_ms / 1000, cue.end_ms / 1000), cue.text) for cue in cues]


def _entry(folder, scene):
    """The manifest's entry for ``scene``: from a full render's manifest, or a render of some scenes."""
    for manifest in (Path(folder) / "manifest.json", Path(folder) / "scenes" / "manifest.json"):
        if manifest.exists():
            scenes = json.loads(manifest.read_text(encoding="utf-8"))["scenes"]
            for entry in scenes:
                if entry["name"] == scene:
                    return entry
            raise LectureError(f"{folder} holds no scene {scene!r}: it holds {', '.join(s['name'] for s in scenes)}")
    raise LectureError(f"{folder} holds no render (no manifest.json): run 'python render.py --out {folder}' first")
