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
    GrowFromCenter,
    LaggedStart,
    SurroundingRectangle,
    VGroup,
)

from scenes import components, style
from scenes.base import ExplainerScene

MEMBRANE_X = -3.4
MEMBRANE_Y = 0.9
MEMBRANE_WIDTH = 5.8


class ChargeSeparation(ExplainerScene):
    """A capacitor 4 nm thick, its field, and the thin skin of ions that charges it."""

    name = "charge_separation"

    def construct(self):
        marks = self.marks
        membrane = components.Membrane(width=MEMBRANE_WIDTH, center=np.array([MEMBRANE_X, MEMBRANE_Y, 0]),
                                       thickness=0.9)
        outside = components.label("outside", size=style.SMALL_SIZE, color=style.MUTED).move_to([-6.0, 3.4, 0])
        inside = components.label("inside", size=style.SMALL_SIZE, color=style.MUTED).move_to([-6.0, -1.85, 0])
        left = MEMBRANE_X - MEMBRANE_WIDTH / 2
        ruler = DoubleArrow([left - 0.25, membrane.bottom, 0], [left - 0.25, membrane.top, 0], buff=0,
                            stroke_width=3, color=style.INK, tip_length=0.15)
        thickness = self.value("thickness", size=style.SMALL_SIZE).next_to(ruler, UP, buff=0.1)

        # Beat 1: "The membrane is a capacitor just 4 nm thick: 18 MV/m."
        self.play_for(0.7, FadeIn(membrane), FadeIn(outside), FadeIn(inside))
        self.play_until(marks["capacitor"], GrowFromCenter(ruler), FadeIn(thickness))
        xs = np.linspace(left + 0.4, left + MEMBRANE_WIDTH - 0.4, 12)
        plus = VGroup(*(components.charge(+1).move_to([x, membrane.top + 0.2, 0]) for x in xs))
        minus = VGroup(*(components.charge(-1).move_to([x, membrane.bottom - 0.2, 0]) for x in xs))
        word = components.label("capacitor", size=style.LABEL_SIZE).move_to([MEMBRANE_X, 2.05, 0])
        self.play_for(1.0, LaggedStart(*(GrowFromCenter(c) for c in [*plus, *minus]), lag_ratio=0.04), FadeIn(word))
        charging = self.story.traces["charging"]
        axes, curve = components.plot(charging.t_s, charging.v_mv, center=[3.6, 2.0, 0], x_length=4.6, y_length=2.2,
                                      v_range=(1.15 * self.story.numbers["rest"], 0))
        rest_line = DashedLine(axes.c2p(0, self.story.numbers["rest"]), axes.c2p(charging.t_s[-1], self.story.numbers["rest"]),
                               color=style.MUTED, stroke_width=2)
        rest_label = self.value("rest", size=style.SMALL_SIZE, color=style.ACCENT).next_to(rest_line, DOWN, buff=0.1)
        rest_label.align_to(rest_line, RIGHT)
        plot_title = components.label("charging the membrane", size=style.SMALL_SIZE, color=style.MUTED)
        plot_title.next_to(axes, UP, buff=0.15)
        t_label = components.label(f"charged in {self.values['charge_ms'].written}", size=style.SMALL_SIZE)
        t_label.next_to(axes, DOWN, buff=0.15).align_to(axes, LEFT)
        self.play_for(0.4, FadeIn(axes), FadeIn(plot_title), FadeIn(rest_line), FadeIn(rest_label))
        self.play_until(marks["field"], Create(curve), FadeIn(t_label))
        arrows = VGroup(*(components.arrow([x, membrane.top - 0.08, 0], [x, membrane.bottom + 0.08, 0], style.ACCENT, 5)
                          for x in xs[1::3]))
        field = self.value("field", size=style.LABEL_SIZE, color=style.ACCENT)
        field_word = components.label("field", size=style.SMALL_SIZE, color=style.MUTED)
        field_group = VGroup(field_word, field).arrange(RIGHT, buff=0.15).move_to([MEMBRANE_X, -0.35, 0])
        self.play_for(0.8, LaggedStart(*(GrowFromCenter(a) for a in arrows), lag_ratio=0.2), FadeIn(field_group))
        self.end_beat(0)

        # Beat 2: "A thin skin of ions separates; the bulk stays neutral."
        self.wait_until(marks["skin"])
        skins = VGroup(SurroundingRectangle(plus, color=style.POSITIVE, buff=0.06),
                       SurroundingRectangle(minus, color=style.NEGATIVE, buff=0.06))
        amount = VGroup(components.label("separated charge", size=style.SMALL_SIZE, color=style.MUTED),
                        self.value("charge", size=style.LABEL_SIZE)).arrange(DOWN, buff=0.12)
        amount.move_to([3.6, -0.45, 0])
        self.play_for(0.8, Create(skins), FadeIn(amount))
        self.wait_until(marks["bulk"])
        pairs_out = components.scatter(["Na", "Cl"] * 5, (left, left + MEMBRANE_WIDTH, 2.35, 3.25), seed=3)
        pairs_in = components.scatter(["K", "A"] * 5, (left, left + MEMBRANE_WIDTH, -1.95, -0.75), seed=4)
        neutral_out = components.label("neutral", size=style.SMALL_SIZE, color=style.MUTED).next_to(outside, RIGHT)
        neutral_in = components.label("neutral", size=style.SMALL_SIZE, color=style.MUTED).next_to(inside, RIGHT)
        self.play_for(0.9, FadeIn(pairs_out, shift=LEFT * 0.1), FadeIn(pairs_in, shift=LEFT * 0.1),
                      FadeIn(neutral_out), FadeIn(neutral_in))
        self.end_beat(1)
