"""Stills of the scenes: one per narration beat, and the contact sheet that lays them out."""

import os
import tempfile
from pathlib import Path

import numpy as np
from manim import tempconfig
from manim.renderer.cairo_renderer import CairoRenderer
from PIL import Image, ImageDraw, ImageFont

from common.format import LANDSCAPE
from common.store import atomic
from narration.captions import FONT_FILE
from scenes import SCENES_IN_ORDER, scene_class
from scenes.audit import audited
from scenes.inputs import scene_inputs


def render_stills(scene_input, width=480, height=None, fps=15, audit=False, fmt=LANDSCAPE):
    """Render the scene of ``scene_input`` in format ``fmt`` without writing a video, ``width`` pixels wide (the
    height in the format's ratio unless given); return the scene with its ``stills`` (and, with ``audit``, what
    :mod:`scenes.audit` records)."""
    cls = scene_class(scene_input.name, scene_input, fmt)
    if audit:
        cls = audited(cls)
    height = height or round(width * fmt.height / fmt.width)
    # Manim writes its drawings of text in place under media_dir: a folder of this process's own, so that
    # two processes drawing stills at once (the tests' workers) never read each other's half-written files.
    media = Path(tempfile.gettempdir()) / f"membrane-explainer-stills-{os.getpid()}"
    with tempconfig({"dry_run": True, "media_dir": str(media), "pixel_width": width, "pixel_height": height, "frame_rate": fps,
                     "frame_height": fmt.frame_height, "frame_width": fmt.frame_width,
                     "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none"}):
        scene = cls(renderer=StillsRenderer())
        scene.render()
    return scene


class StillsRenderer(CairoRenderer):
    """Manim's renderer drawing only the frames a scene asks for (its stills, at the end of each beat): the frames
    in between are counted, so time and updaters run as in a video, but not drawn, since no video is written.
    A still starts from the same static picture and is the same to the pixel (tests/test_scenes.py)."""

    def render(self, scene, time, moving_mobjects=None):
        self.add_frame(None)


def contact_sheet(path, narration, width=None, height=None, columns=4, fmt=LANDSCAPE):
    """Write a PNG with one still per beat of every scene of ``narration`` in format ``fmt``, in order, labelled,
    each ``width`` pixels wide (480 in landscape, 320 in the others); return its path."""
    inputs = scene_inputs(narration)
    width = width or (480 if fmt.width > fmt.height else 320)
    height = height or round(width * fmt.height / fmt.width)
    columns = columns if fmt.width > fmt.height else columns + 2
    tiles = []
    for number, name in enumerate(SCENES_IN_ORDER, 1):
        scene = render_stills(inputs[name], width, height, fmt=fmt)
        for beat, frame in zip(scene.timeline.beats, scene.stills):
            tiles.append((f"{number} {name} · {beat.name}", frame))
    label_h, pad = 22, 6
    rows = -(-len(tiles) // columns)
    sheet = Image.new("RGB", (columns * (width + pad) + pad, rows * (height + label_h + pad) + pad), (20, 20, 24))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(FONT_FILE), 14)
    for i, (title, frame) in enumerate(tiles):
        x = pad + (i % columns) * (width + pad)
        y = pad + (i // columns) * (height + label_h + pad)
        draw.text((x + 2, y + 3), title, fill=(220, 220, 220), font=font)
        sheet.paste(Image.fromarray(np.asarray(frame)[..., :3]), (x, y + label_h))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic(path) as partial:
        sheet.save(partial)
    return Path(path)
