"""Scene 2, charge separation: the membrane is a capacitor with a thin skin of charge."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Create,
    DoubleArrow,
    FadeIn,
    FadeOut,
    GrowFromCenter,
    LaggedStart,
    SurroundingRectangle,
    VGroup,
)

from scenes import components, style
from scenes.base import ExplainerScene

MEMBRANE_X = -2.1
MEMBRANE_Y = 0.9
MEMBRANE_WIDTH = 5.9
PANEL_X = 3.9
#: The membrane with its charges, and the panel of words beside it, in the landscape design frame (x0, x1, y0, y1).
PICTURE = (-6.3, 0.95, -2.05, 3.5)
PANEL = (1.3, 6.4, -0.25, 2.9)


class ChargeSeparation(ExplainerScene):
    """A capacitor 4 nm thick, its field, and the thin skin of ions that charges it."""

    name = "charge_separation"

    def construct(self):
        marks, labels = self.marks, self.input.labels
        membrane = components.Membrane(width=MEMBRANE_WIDTH, center=np.array([MEMBRANE_X, MEMBRANE_Y, 0]),
                                       thickness=0.9)
        left = MEMBRANE_X - MEMBRANE_WIDTH / 2
        outside = components.label(labels["outside"], size=style.SMALL_SIZE, color=style.MUTED)
        outside.move_to([left, 3.3, 0], aligned_edge=LEFT)
        inside = components.label(labels["inside"], size=style.SMALL_SIZE, color=style.MUTED)
        inside.move_to([left, -1.85, 0], aligned_edge=LEFT)
        ruler = DoubleArrow([left - 0.3, membrane.bottom, 0], [left - 0.3, membrane.top, 0], buff=0,
                            stroke_width=3, color=style.INK, tip_length=0.15)
        thickness = self.value("thickness", size=style.SMALL_SIZE).next_to(ruler, LEFT, buff=0.08)
        xs = np.linspace(left + 0.3, left + MEMBRANE_WIDTH - 0.3, 16)
        plus = VGroup(*(components.charge(+1, radius=0.1).move_to([x, membrane.top + 0.14, 0]) for x in xs))
        minus = VGroup(*(components.charge(-1, radius=0.1).move_to([x, membrane.bottom - 0.14, 0]) for x in xs))
        word = components.label(labels["capacitor"], size=style.TITLE_SIZE).move_to([PANEL_X, 2.6, 0])
        top, bottom = membrane.top, membrane.bottom
        # Built in the design frame; placed in this format's.
        pic, pan = self.arrange(PICTURE, PANEL)
        pic(membrane, outside, inside, ruler, thickness, plus, minus)
        pan(word)

        self.corner_meter(self.numbers["rest"])

        # Beat "capacitor": "The membrane is a capacitor 4 nm thick: 18 MV/m."
        self.play_for(0.3, FadeIn(membrane), FadeIn(outside), FadeIn(inside), GrowFromCenter(ruler),
                      FadeIn(thickness))
        self.play_until(marks["capacitor"], LaggedStart(*(GrowFromCenter(c) for c in [*plus, *minus]),
                                                        lag_ratio=0.02), FadeIn(word))
        self.key("capacitor", plus, minus, word)
        arrows = pic(VGroup(*(components.arrow([x, top - 0.08, 0], [x, bottom + 0.08, 0], style.ACCENT, 5)
                              for x in xs[2::4])))
        field = VGroup(components.label(labels["field"], size=style.LABEL_SIZE, color=style.MUTED),
                       self.value("field", size=style.TITLE_SIZE, color=style.ACCENT)).arrange(RIGHT, buff=0.2)
        pan(field.move_to([PANEL_X, 1.6, 0]))
        self.wait_until(marks["field"] - 0.8)
        self.play_until(marks["field"], LaggedStart(*(GrowFromCenter(a) for a in arrows), lag_ratio=0.2), FadeIn(field))
        self.key("field", arrows, field)
        self.end_beat("capacitor")

        # Beat "skin": "A thin skin separates, one K⁺ in 63,000; the bulk stays neutral."
        skins = VGroup(SurroundingRectangle(plus, color=style.POSITIVE, buff=0.04),
                       SurroundingRectangle(minus, color=style.NEGATIVE, buff=0.04))
        amount = components.label(labels["moved"], size=style.LABEL_SIZE, color=style.ACCENT)
        components.fit_width(amount, 2 * (style.SAFE_X - PANEL_X) - 0.1).move_to([PANEL_X, 0.5, 0])
        # The drawing gives the skin about a quarter of the charges; a real one holds 1 in k_fraction.
        scale_note = components.label(labels["not_to_scale"], size=style.SMALL_SIZE, color=style.MUTED)
        scale_note.next_to(amount, DOWN, buff=0.2)
        pan(amount, scale_note)
        self.play_until(marks["skin"], Create(skins), FadeIn(amount), FadeIn(scale_note), FadeOut(word))
        self.key("skin", skins, amount, scale_note)
        # The bulk is crowded and neutral: as many + as − on each side, far more than the skin.
        bulk_out = pic(_neutral_crowd((left, left + MEMBRANE_WIDTH, top + 0.35, 2.95), seed=3))
        bulk_in = pic(_neutral_crowd((left, left + MEMBRANE_WIDTH, -1.55, bottom - 0.35), seed=4))
        neutral_out = pic.sized(components.label(labels["neutral"], size=style.SMALL_SIZE, color=style.MUTED))
        neutral_out.next_to(outside, RIGHT, buff=0.3)
        neutral_in = pic.sized(components.label(labels["neutral"], size=style.SMALL_SIZE, color=style.MUTED))
        neutral_in.next_to(inside, RIGHT, buff=0.3)
        self.wait_until(marks["bulk"] - 0.9)
        self.play_until(marks["bulk"], FadeIn(bulk_out), FadeIn(bulk_in), FadeIn(neutral_out), FadeIn(neutral_in))
        self.key("bulk", bulk_out, bulk_in, neutral_out, neutral_in)
        self.end_beat("skin")


def _neutral_crowd(box, seed, rows=3, columns=22):
    """Pairs of + and − charges packed in ``box`` = (x0, x1, y0, y1): a crowded bulk with no net charge."""
    x0, x1, y0, y1 = box
    rng = np.random.default_rng(seed)
    signs = rng.permutation([+1, -1] * (rows * columns // 2))
    group = VGroup()
    for index, sign in enumerate(signs):
        row, column = divmod(index, columns)
        x = x0 + (column + 0.5 + rng.uniform(-0.2, 0.2)) * (x1 - x0) / columns
        y = y0 + (row + 0.5 + rng.uniform(-0.2, 0.2)) * (y1 - y0) / rows
        group.add(components.charge(sign, radius=0.08).move_to([x, y, 0]))
    return group
