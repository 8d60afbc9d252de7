"""Stills of the scenes: one per narration beat, and the contact sheet that lays them out."""

from pathlib import Path

import numpy as np
from manim import tempconfig
from PIL import Image, ImageDraw, ImageFont

from common.store import atomic
from narration.captions import FONT_FILE
from scenes import SCENES_IN_ORDER, scene_class
from scenes.audit import audited
from scenes.inputs import scene_inputs


def render_stills(scene_input, width=480, height=270, fps=15, audit=False):
    """Render the scene of ``scene_input`` without writing a video; return the scene with its ``stills``
    (and, with ``audit``, what :mod:`scenes.audit` records)."""
    cls = scene_class(scene_input.name, scene_input)
    if audit:
        cls = audited(cls)
    with tempconfig({"dry_run": True, "pixel_width": width, "pixel_height": height, "frame_rate": fps,
                     "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none"}):
        scene = cls()
        scene.render()
    return scene


def contact_sheet(path, narration, width=480, height=270, columns=4):
    """Write a PNG with one still per beat of every scene of ``narration``, in order, labelled; return its path."""
    inputs = scene_inputs(narration)
    tiles = []
    for number, name in enumerate(SCENES_IN_ORDER, 1):
        scene = render_stills(inputs[name], width, height)
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
