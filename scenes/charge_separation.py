"""Scene 2, charge separation: the membrane is a capacitor with a thin skin of charge."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DashedLine,
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

MEMBRANE_X = -3.0
MEMBRANE_Y = 0.9
MEMBRANE_WIDTH = 5.6


class ChargeSeparation(ExplainerScene):
    """A capacitor 4 nm thick, its field, and the thin skin of ions that charges it."""

    name = "charge_separation"

    def construct(self):
        marks, labels, numbers = self.marks, self.input.labels, self.numbers
        membrane = components.Membrane(width=MEMBRANE_WIDTH, center=np.array([MEMBRANE_X, MEMBRANE_Y, 0]),
                                       thickness=0.9)
        left = MEMBRANE_X - MEMBRANE_WIDTH / 2
        outside = components.label(labels["outside"], size=style.SMALL_SIZE, color=style.MUTED)
        outside.move_to([left, 3.35, 0], aligned_edge=LEFT)
        inside = components.label(labels["inside"], size=style.SMALL_SIZE, color=style.MUTED)
        inside.move_to([left, -1.95, 0], aligned_edge=LEFT)
        ruler = DoubleArrow([left - 0.25, membrane.bottom, 0], [left - 0.25, membrane.top, 0], buff=0,
                            stroke_width=3, color=style.INK, tip_length=0.15)
        thickness = self.value("thickness", size=style.SMALL_SIZE).next_to(ruler, UP, buff=0.1)

        # Beat "capacitor": "The membrane is a capacitor 4 nm thick: 18 MV/m."
        self.play_for(0.7, FadeIn(membrane), FadeIn(outside), FadeIn(inside))
        self.play_until(marks["capacitor"], GrowFromCenter(ruler), FadeIn(thickness))
        xs = np.linspace(left + 0.5, left + MEMBRANE_WIDTH - 0.3, 16)
        plus = VGroup(*(components.charge(+1, radius=0.1).move_to([x, membrane.top + 0.14, 0]) for x in xs))
        minus = VGroup(*(components.charge(-1, radius=0.1).move_to([x, membrane.bottom - 0.14, 0]) for x in xs))
        word = components.label(labels["capacitor"], size=style.LABEL_SIZE).move_to([MEMBRANE_X, 2.4, 0])
        self.play_for(1.0, LaggedStart(*(GrowFromCenter(c) for c in [*plus, *minus]), lag_ratio=0.02), FadeIn(word))
        t_s, v_mv = self.trace("charging")
        rest = numbers["rest"]
        axes, curve = components.plot(t_s, v_mv, center=[3.6, 2.0, 0], x_length=4.6, y_length=2.2,
                                      v_range=(1.15 * rest, 0))
        rest_line = DashedLine(axes.c2p(0, rest), axes.c2p(t_s[-1], rest), color=style.MUTED, stroke_width=2)
        rest_label = self.value("rest", size=style.SMALL_SIZE, color=style.ACCENT).next_to(rest_line, DOWN, buff=0.1)
        rest_label.align_to(rest_line, RIGHT)
        plot_title = components.label(labels["plot"], size=style.SMALL_SIZE, color=style.MUTED)
        plot_title.next_to(axes, UP, buff=0.15)
        t_label = components.label(labels["charged_in"], size=style.SMALL_SIZE)
        t_label.next_to(axes, DOWN, buff=0.15).align_to(axes, LEFT)
        self.play_for(0.4, FadeIn(axes), FadeIn(plot_title), FadeIn(rest_line), FadeIn(rest_label))
        self.play_until(marks["field"], Create(curve), FadeIn(t_label))
        arrows = VGroup(*(components.arrow([x, membrane.top - 0.08, 0], [x, membrane.bottom + 0.08, 0], style.ACCENT, 5)
                          for x in xs[2::4]))
        field = VGroup(components.label(labels["field"], size=style.SMALL_SIZE, color=style.MUTED),
                       self.value("field", size=style.LABEL_SIZE, color=style.ACCENT)).arrange(RIGHT, buff=0.15)
        field.move_to([3.6, -0.1, 0])
        self.play_for(0.8, LaggedStart(*(GrowFromCenter(a) for a in arrows), lag_ratio=0.2), FadeIn(field))
        self.end_beat("capacitor")

        # Beat "skin": "A thin skin separates, one K⁺ in 63,000; the bulk stays neutral."
        self.wait_until(marks["skin"])
        skins = VGroup(SurroundingRectangle(plus, color=style.POSITIVE, buff=0.04),
                       SurroundingRectangle(minus, color=style.NEGATIVE, buff=0.04))
        amount = VGroup(self.value("charge", size=style.SMALL_SIZE),
                        components.label(labels["moved"], size=style.SMALL_SIZE, color=style.ACCENT))
        amount.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(field, DOWN, buff=0.3).align_to(field, LEFT)
        self.play_for(0.8, Create(skins), FadeIn(amount), FadeOut(word))
        self.wait_until(marks["bulk"])
        # The bulk is crowded and neutral: as many + as − on each side, far more than the skin.
        bulk_out = _neutral_crowd((left, left + MEMBRANE_WIDTH, membrane.top + 0.35, 3.05), seed=3)
        bulk_in = _neutral_crowd((left, left + MEMBRANE_WIDTH, -1.7, membrane.bottom - 0.35), seed=4)
        neutral_out = components.label(labels["neutral"], size=style.SMALL_SIZE, color=style.MUTED)
        neutral_out.next_to(outside, RIGHT, buff=0.3)
        neutral_in = components.label(labels["neutral"], size=style.SMALL_SIZE, color=style.MUTED)
        neutral_in.next_to(inside, RIGHT, buff=0.3)
        self.play_for(0.9, FadeIn(bulk_out), FadeIn(bulk_in), FadeIn(neutral_out), FadeIn(neutral_in))
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
