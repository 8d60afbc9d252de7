"""Scene 1, hook: the title card, then a microelectrode enters a quiet cell and the meter settles at rest."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Annulus,
    Circle,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    LaggedStart,
    Transform,
    VGroup,
    smooth,
)

from scenes import components, style
from scenes.base import ExplainerScene

CELL_CENTER = np.array([-3.2, 0.55, 0])
CELL_RADIUS = 1.95
#: The cell with its electrode, and the panel of the meter, in the landscape design frame (x0, x1, y0, y1).
PICTURE = (-6.4, 0.3, -1.95, 3.6)
PANEL = (1.3, 5.5, -0.55, 3.2)
#: The cell's name above it keeps left of the electrode's glass (x ≈ −0.5 at its height) and inside the safe
#: area: at most this wide ("una célula de músculo liso en reposo" is shrunk to it).
NAME_WIDTH = 5.2


class Hook(ExplainerScene):
    """The resting potential, read by a microelectrode."""

    name = "hook"

    def construct(self):
        marks, labels = self.marks, self.input.labels
        rest_mv = self.numbers["rest"]

        cytoplasm = Circle(radius=CELL_RADIUS, fill_color=style.CYTOPLASM, fill_opacity=1, stroke_width=0)
        bilayer = Annulus(inner_radius=CELL_RADIUS - 0.12, outer_radius=CELL_RADIUS + 0.12,
                          fill_color=style.LIPID_HEAD, fill_opacity=0.85, stroke_width=0)
        cell = VGroup(cytoplasm, bilayer).move_to(CELL_CENTER)
        tip = CELL_CENTER + np.array([0.9, 0.9, 0])
        angle = np.pi * 0.22
        entry = _entry(tip, angle)
        # Keep the electrode's path clear: no ion under it, no charge where it crosses the membrane.
        inside = components.scatter(["K", "A"] * 7, (-5.0, -1.4, -1.0, 2.1), seed=1)
        inside = VGroup(*(i for i in inside if np.linalg.norm(i.get_center() - CELL_CENTER) < CELL_RADIUS - 0.4
                          and _distance_to_segment(i.get_center(), tip, entry) > 0.45))
        outside = components.scatter(["Na", "Cl"] * 9, (-6.3, 0.2, -1.9, 3.0), seed=2)
        outside = VGroup(*(i for i in outside if np.linalg.norm(i.get_center() - CELL_CENTER) > CELL_RADIUS + 0.7))
        # Mostly K⁺ inside and Na⁺ outside, but a little of each on the other side too.
        inside.add(components.ion("Na").move_to(CELL_CENTER + np.array([-0.5, -0.95, 0])))
        outside.add(components.ion("K").move_to([-5.7, 2.5, 0]))
        name = components.label(labels["cell"], size=style.LABEL_SIZE, color=style.MUTED)
        components.fit_width(name, NAME_WIDTH).move_to([CELL_CENTER[0], 3.25, 0])
        meter = components.Meter(radius=1.15).move_to([3.4, 1.2, 0])
        caption = components.label(labels["meter"], size=style.SMALL_SIZE, color=style.MUTED)
        caption.next_to(meter, UP, buff=0.15)
        pipette = components.pipette(tip, length=3.0, angle=angle)
        start_shift = np.array([2.2, 1.25, 0])
        pipette.shift(start_shift)
        picture = [FadeIn(cell), FadeIn(inside), FadeIn(outside), FadeIn(name)]
        meter_at = meter.get_center()
        # Built in the design frame; placed in this format's.
        pic, pan = self.arrange(PICTURE, PANEL)
        pic(cell, inside, outside, name, pipette)
        pan(meter, caption)

        # The title card, until the first word.
        title = VGroup(components.label(labels["title"], size=44),
                       components.label(labels["subtitle"], size=style.LABEL_SIZE, color=style.MUTED))
        title.arrange(DOWN, buff=0.35).move_to([0, 0.9, 0])
        if self.fmt.name != "landscape":  # the middle of the safe box, as wide as it at most
            x0, x1, y0, y1 = self.layout.safe_box
            title.scale_to_fit_width(min(title.width, x1 - x0)).move_to([0, (y0 + y1) / 2 + 0.5, 0])
        self.add(title)
        first = self.timeline.beats[0].speech_start_s
        self.wait_until(first - 0.5)
        # The meter fades in drawn last, like the corner meter: as its needle moves, what lies under it is not
        # drawn again.
        # Beat "changed" (variants only): "Here, outside K⁺ is raised to 8 mM, as in hyperkalemia."
        if self.has_beat("changed"):
            changes = self._changes(style.TITLE_SIZE)
            if self.fmt.name == "landscape":
                changes.scale_to_fit_width(min(changes.width, 2 * (style.SAFE_X - meter_at[0]) - 0.2)).move_to(meter_at)
            else:  # where the meter will stand, as wide as the panel (the safe box, when stacked)
                room = self.layout.right - self.layout.left if pan.stacked else pan.length(PANEL[1] - PANEL[0])
                changes.scale_to_fit_width(min(changes.width, room - 0.2)).move_to(pan.point(meter_at))
            self.play_until(marks["changed"], FadeOut(title), *picture, FadeIn(changes))
            self.key("changed", changes)
            self.end_beat("changed")
            tag = self._changes(style.SMALL_SIZE)
            if self.fmt.name == "landscape":
                tag.to_corner(UP + RIGHT, buff=0.9)
            else:  # in the safe box's lower left corner, beside the corner meter
                tag.move_to([self.layout.left, self.layout.caption_band_top + 0.1, 0], aligned_edge=DOWN + LEFT)
            self.add_foreground_mobject(meter)
            self.play_for(0.6, Transform(changes, tag), FadeIn(meter), FadeIn(caption))
        else:
            self.add_foreground_mobject(meter)
            self.play_for(0.6, FadeOut(title), *picture, FadeIn(meter), FadeIn(caption))

        # Beat "meter": "In a resting neuron, a microelectrode reads −72 mV: a battery, negative inside."
        self.add(pipette)
        swing = max(self.now() + 0.5, marks["meter"] - 1.1)
        self.play_until(swing - 0.3, pipette.animate.shift(-pic.length(start_shift)), rate_func=smooth)
        reading = pan.sized(self.value("rest", size=44, color=style.ACCENT)).next_to(meter, DOWN, buff=0.3)
        self.play_until(marks["meter"], meter.mv.animate.set_value(rest_mv), FadeIn(reading))
        self.key("meter", reading)
        crossing = np.arctan2(*(entry - CELL_CENTER)[1::-1])
        angles = [a for a in np.linspace(0, 2 * np.pi, 15, endpoint=False)
                  if abs((a - crossing + np.pi) % (2 * np.pi) - np.pi) > 0.3]
        minus = VGroup(*(components.charge(-1).move_to(CELL_CENTER + (CELL_RADIUS - 0.3) * _unit(a)) for a in angles))
        plus = VGroup(*(components.charge(+1).move_to(CELL_CENTER + (CELL_RADIUS + 0.3) * _unit(a)) for a in angles))
        pic(minus, plus)
        battery = pan.sized(components.battery(0.9)).next_to(reading, LEFT, buff=0.5)
        self.wait_until(marks["battery"] - 0.8)
        self.play_until(marks["battery"], LaggedStart(*(GrowFromCenter(c) for c in [*plus, *minus]), lag_ratio=0.03),
                        FadeIn(battery))
        self.key("battery", battery, plus, minus)
        # The meter settles in the corner where every scene keeps it: after the battery has held, or, where
        # the last word leaves less time, in the scene's last 0.4 s (the glide moves the meter, not the battery).
        end = self.timeline.duration_s
        self.wait_until(min(max(marks["battery"] + style.KEY_HOLD_S, end - 0.6), end - 0.4))
        self.play_until(self.timeline.duration_s,
                        meter.animate.scale(style.CORNER_METER_RADIUS / pan.length(meter.radius))
                        .move_to(self.layout.meter_at), FadeOut(caption))
        self.end_beat("meter")

    def _changes(self, size):
        """What this variant changed, a row per parameter: "outside K⁺  5 mM → 8 mM"."""
        rows = VGroup(*(VGroup(components.label(name, size=size, color=style.MUTED),
                               components.label(f"{old} → {new}", size=size, color=style.ACCENT)).arrange(RIGHT)
                        for name, old, new in self.input.changes))
        return rows.arrange(DOWN, aligned_edge=RIGHT, buff=0.15)


def _unit(angle):
    return np.array([np.cos(angle), np.sin(angle), 0])


def _entry(tip, angle):
    """Where the electrode, running from ``tip`` outward at ``angle``, crosses the membrane."""
    direction = _unit(angle)
    offset = tip - CELL_CENTER
    # |offset + s·direction| = R, the positive root.
    b = offset @ direction
    s = -b + np.sqrt(b * b - (offset @ offset - CELL_RADIUS ** 2))
    return tip + s * direction


def _distance_to_segment(point, a, b):
    t = np.clip((point - a) @ (b - a) / ((b - a) @ (b - a)), 0, 1)
    return np.linalg.norm(point - (a + t * (b - a)))
