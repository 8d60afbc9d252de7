"""Drawing one scene once and encoding its frames, as they come, into final segments, cached by content.

A scene's frames go from Manim straight to two encoders in the same process
(:class:`scenes.encoder.FrameEncoder`), at final quality: clean, and with the
scene's captions burned in. The explainer and the lecture clips are stream
copies of these segments.
"""

import fcntl
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from common.errors import ExplainerError
from common.format import LANDSCAPE
from common.store import code_hash, file_sha256, write_text
from scenes import scene_class
from scenes.encoder import FrameEncoder, encoder_options

_CODE = Path(__file__).resolve().parent
#: Changes when the drawing code, the palette, the formats or the caption style (the band it keeps clear) changes.
CODE_VERSION = code_hash(sorted([*_CODE.glob("*.py"), _CODE.parent / "narration" / "captions.py",
                                 _CODE.parent / "common" / "palette.py", _CODE.parent / "common" / "format.py"]))


class SceneError(ExplainerError, RuntimeError):
    """A scene could not be drawn; the message says why and what to do."""


@dataclass(frozen=True)
class Segments:
    """A scene's cached segments: ``<stem>.clean.mp4``, ``<stem>.captioned.mp4`` (unless silent) and a seal.

    The seal, ``<stem>.json``, is written last and holds each segment's hash and
    frame count: a segment damaged or cut short later is found and made again.
    """

    stem: Path
    kinds: tuple

    def path(self, kind):
        return self.stem.with_name(f"{self.stem.name}.{kind}.mp4")

    @property
    def seal(self):
        return self.stem.with_name(f"{self.stem.name}.json")

    def is_whole(self):
        """True if every segment is exactly as it was encoded."""
        try:
            seal = json.loads(self.seal.read_text(encoding="utf-8"))
            return all(seal["sha256"][kind] == file_sha256(self.path(kind)) for kind in self.kinds)
        except (OSError, ValueError, KeyError, TypeError):
            return False


def plan_segments(scene_input, quality, captions, folder, fmt=LANDSCAPE):
    """The :class:`Segments` of ``scene_input`` in format ``fmt`` at ``quality`` with ``captions`` (ASS text,
    or None), in ``folder``.

    Named by a hash of what the scene draws, the format, the captions burned in,
    the encoder settings and the drawing code: any change gives new segments.
    """
    pixels = fmt.pixels(quality)
    material = {"input": scene_input.digest(), "format": fmt.name, "quality": pixels, "code": CODE_VERSION,
                "manim": version("manim"), "captions": captions, "encoder": encoder_options(pixels[2])}
    key = hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:24]
    kinds = ("clean",) if captions is None else ("clean", "captioned")
    return Segments(Path(folder) / f"{scene_input.name}-{key}", kinds)


def render_segments(scene_input, captions, segments, quality, work_dir, fmt=LANDSCAPE):
    """Draw ``scene_input``'s scene in format ``fmt`` at ``quality`` and encode it into ``segments``
    (atomically); return them."""
    from manim import tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer

    from scenes.camera import PathCamera

    width, height, fps = fmt.pixels(quality)
    work = Path(work_dir) / f"segments-{os.getpid()}-{scene_input.name}"
    work.mkdir(parents=True, exist_ok=True)
    held = open(work / ".lock", "a")  # held while this scene is made: see remove_stale_work
    fcntl.flock(held, fcntl.LOCK_EX)
    partial = {kind: work / f"{kind}.mp4" for kind in segments.kinds}
    # Both the pixel and the frame size, or Manim stretches a frame of another ratio.
    settings = {"pixel_width": width, "pixel_height": height, "frame_rate": fps, "frame_height": fmt.frame_height,
                "frame_width": fmt.frame_width, "media_dir": str(work / "media"),
                "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none"}
    sink = None
    try:
        sink = FrameEncoder(width, height, fps, partial["clean"], partial.get("captioned"), captions)
        with tempconfig(settings):
            renderer = CairoRenderer(file_writer_class=_sink_writer(sink), camera_class=PathCamera)
            try:
                scene_class(scene_input.name, scene_input, fmt)(renderer=renderer).render()
            except (ValueError, RuntimeError) as error:
                if "converting to" not in str(error) and "LaTeX" not in str(error):
                    raise
                raise SceneError(f"scene {scene_input.name}: LaTeX failed on its equations, so LaTeX is installed but "
                                 "broken; run 'make test' to reinstall it (texlive-latex-base texlive-latex-extra "
                                 "texlive-fonts-recommended dvisvgm)") from None
        sink.close()
        seal = {"sha256": {kind: file_sha256(path) for kind, path in partial.items()}, "frames": sink.frames}
        segments.seal.parent.mkdir(parents=True, exist_ok=True)
        for kind, path in partial.items():
            os.replace(path, segments.path(kind))
        write_text(segments.seal, json.dumps(seal))
    finally:
        if sink:
            sink.abort()
        shutil.rmtree(work, ignore_errors=True)
        held.close()
    return segments


def remove_stale_work(work_dir, min_age_s=60):
    """Remove work folders that killed renders left: those whose lock no process holds, a minute old or more."""
    for folder in Path(work_dir).glob("segments-*"):
        try:
            if time.time() - folder.stat().st_mtime < min_age_s:
                continue
            with open(folder / ".lock", "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # held by a render at work, or already gone
            continue


def _sink_writer(sink):
    """A Manim file writer class that sends each frame to ``sink`` (a :class:`scenes.encoder.FrameEncoder`).

    Frames are encoded as Manim hands them over, so none can change while it waits
    in a queue, and Manim's own encoders and partial movie files are skipped.
    """
    from manim.scene.scene_file_writer import SceneFileWriter

    class SinkWriter(SceneFileWriter):
        writing = False

        def begin_animation(self, allow_write=False, *, animation_index, file_path=None):
            self.writing = allow_write

        def end_animation(self, allow_write=False):
            self.writing = False

        def write_frame(self, pixels, *, repeat=1):
            # Outside an animation Manim emits frames only for a live preview: not part of the video.
            if self.writing:
                sink.write(pixels, repeat)

        def finish(self):
            pass

    return SinkWriter


