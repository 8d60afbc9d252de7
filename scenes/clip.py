"""Rendering one scene to a silent video clip, cached by a hash of everything that changes it."""

import hashlib
import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path

from scenes import scene_class

#: Manim's resolutions and frame rates by quality letter, as ``manim -q``.
QUALITIES = {"l": (854, 480, 15), "m": (1280, 720, 30), "h": (1920, 1080, 60), "p": (2560, 1440, 60),
             "k": (3840, 2160, 60)}

_CODE = Path(__file__).resolve().parent
#: Changes when the drawing code or the caption style (the band it keeps clear) changes.
CODE_VERSION = hashlib.sha256(b"".join(
    p.read_bytes() for p in sorted([*_CODE.glob("*.py"), _CODE.parent / "narration" / "captions.py"])
)).hexdigest()[:16]


def clip_key(scene_input, quality):
    """Hash of what the scene draws (its :class:`~scenes.inputs.SceneInput`), the quality and the drawing code."""
    material = {"input": scene_input.digest(), "quality": QUALITIES[quality], "code": CODE_VERSION,
                "manim": version("manim")}
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:24]


def render_clip(scene_input, quality, out_path, work_dir):
    """Render ``scene_input``'s scene silently at ``quality`` into ``out_path`` (atomically); return the path."""
    from manim import tempconfig

    width, height, fps = QUALITIES[quality]
    name = scene_input.name
    media = Path(work_dir) / f"media-{os.getpid()}-{name}"
    settings = {"pixel_width": width, "pixel_height": height, "frame_rate": fps, "media_dir": str(media),
                "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none", "output_file": name}
    try:
        with tempconfig(settings):
            scene = scene_class(name, scene_input)()
            scene.render()
            movie = Path(scene.renderer.file_writer.movie_file_path)
        partial = Path(out_path).with_name(f".{Path(out_path).name}.{os.getpid()}.partial.mp4")
        shutil.move(str(movie), partial)
        # The clip's hash beside it: a clip damaged later is found and made again.
        seal = _seal_path(out_path).with_name(f".{_seal_path(out_path).name}.{os.getpid()}.partial")
        seal.write_text(_sha256(partial), encoding="utf-8")
        os.replace(partial, out_path)
        os.replace(seal, _seal_path(out_path))
    finally:
        shutil.rmtree(media, ignore_errors=True)
    return Path(out_path)


def clip_is_whole(path):
    """True if the cached clip at ``path`` is exactly as it was rendered (its hash matches its seal)."""
    try:
        return _seal_path(path).read_text(encoding="utf-8") == _sha256(path)
    except OSError:
        return False


def _seal_path(path):
    return Path(path).with_suffix(".sha256")


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
