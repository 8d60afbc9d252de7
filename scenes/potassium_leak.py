"""Scene 3, the potassium leak: K⁺ leaves, anions stay, and the forces balance at E_K."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    Indicate,
    LaggedStart,
    ValueTracker,
    VGroup,
    always_redraw,
    linear,
    smooth,
)

from scenes import components, style
from scenes.base import ExplainerScene

MEMBRANE_Y = 0.75
MEMBRANE_X, MEMBRANE_WIDTH = -2.6, 8.4
CHANNELS_X = (-4.6, -1.6)
ARROWS_X = 3.0
ARROW_SCALE = 2.0 / 100  # scene units per millivolt of driving force


class PotassiumLeak(ExplainerScene):
    """Open K⁺ leak channels; the chemical push out against the growing electrical pull in."""

    name = "potassium_leak"

    def construct(self):
        marks = self.marks
        e_k = self.story.numbers["e_k"]
        membrane = components.Membrane(width=MEMBRANE_WIDTH, center=np.array([MEMBRANE_X, MEMBRANE_Y, 0]),
                                       thickness=0.8, gaps=[x - MEMBRANE_X for x in CHANNELS_X])
        channels = VGroup(*(components.channel(membrane, x, "K") for x in CHANNELS_X))
        outside = components.label("outside", size=style.SMALL_SIZE, color=style.MUTED).move_to([-6.0, 3.4, 0])
        inside = components.label("inside", size=style.SMALL_SIZE, color=style.MUTED).move_to([-6.0, -1.85, 0])
        k_inside = components.scatter(["K"] * 10 + ["A"] * 9, (-6.6, 1.4, -1.6, -0.15), seed=5)
        k_outside = components.scatter(["K", "Na", "Cl", "Na", "Cl", "Na", "Cl"], (-6.6, 1.4, 1.5, 3.1), seed=6)
        k_outside = VGroup(*(i for i in k_outside if min(abs(i.get_x() - x) for x in CHANNELS_X) > 0.7))
        voltage = ValueTracker(0.0)

        # Beat 1: "K⁺ leaks out, leaving anions behind, until electrical pull balances chemical push at E_K."
        self.play_for(0.5, FadeIn(membrane), FadeIn(channels), FadeIn(outside), FadeIn(inside),
                      FadeIn(k_inside), FadeIn(k_outside))
        base = np.array([ARROWS_X, MEMBRANE_Y, 0])
        chemical = components.arrow(base + DOWN * 0.1, base + UP * abs(e_k) * ARROW_SCALE, style.ION_COLOR["K"])
        chemical.shift(LEFT * 0.35)
        electrical = always_redraw(lambda: components.arrow(
            base + UP * (abs(voltage.get_value()) * ARROW_SCALE + 0.1) + RIGHT * 0.35,
            base + RIGHT * 0.35 + UP * 0.1, style.NEGATIVE))
        chemical_label = components.label("chemical push", size=style.SMALL_SIZE, color=style.ION_COLOR["K"])
        chemical_label.move_to(base + RIGHT * 1.9 + UP * 2.2)
        electrical_label = components.label("electrical pull", size=style.SMALL_SIZE, color=style.NEGATIVE)
        electrical_label.move_to(base + RIGHT * 1.9 + UP * 1.7)
        self.wait_until(marks["leak"])
        self.add(electrical)
        self.play_for(0.5, FadeIn(chemical), FadeIn(chemical_label), FadeIn(electrical_label))
        leavers = [ion for ion in k_inside if ion[1].original_text == "K⁺"][:4]
        paths = []
        for i, ion in enumerate(leavers):
            x = CHANNELS_X[i % 2]
            paths.append(ion.animate(rate_func=smooth).move_to([x, MEMBRANE_Y + 1.3 + 0.45 * (i // 2), 0]))
        # As K⁺ leaves, the inside charges toward E_K: the electrical pull grows until it balances.
        xs = [x for x in np.linspace(-6.5, 1.3, 15) if min(abs(x - c) for c in CHANNELS_X) > 0.5]
        minus = VGroup(*(components.charge(-1).move_to([x, membrane.bottom - 0.2, 0]) for x in xs))
        plus = VGroup(*(components.charge(+1).move_to([x, membrane.top + 0.2, 0]) for x in xs))
        for group in (minus, plus):
            group.add_updater(lambda g: g.set_opacity(min(1.0, voltage.get_value() / e_k)))
        self.add(minus, plus)
        self.play_until(marks["anions"], LaggedStart(*paths, lag_ratio=0.25),
                        voltage.animate(rate_func=linear).set_value(0.45 * e_k))
        anions = VGroup(*(ion for ion in k_inside if ion[1].original_text == "A⁻"))
        stay = components.label("anions stay", size=style.SMALL_SIZE, color=style.ION_COLOR["A"])
        stay.move_to([-3.2, -1.95, 0])
        self.play_until(marks["balance"], Indicate(anions, color=style.INK, scale_factor=1.15), FadeIn(stay),
                        voltage.animate(rate_func=smooth).set_value(e_k))
        for group in (minus, plus):
            group.clear_updaters()
        balance = VGroup(components.markup("balanced at E<sub>K</sub>", size=style.LABEL_SIZE),
                         self.value("e_k", size=style.LABEL_SIZE, color=style.ACCENT)).arrange(RIGHT, buff=0.2)
        balance.move_to([4.4, -0.6, 0])
        self.play_for(0.6, FadeIn(balance))
        self.end_beat(0)
