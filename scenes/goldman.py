"""Scene 4, Nernst and Goldman: each ion's balance point, and the weighted vote of the leaks."""

import numpy as np
from manim import LEFT, RIGHT, UP, FadeIn, GrowFromCenter, LaggedStart, Line, MathTex, Triangle, VGroup, Write

from scenes import components, style
from scenes.base import ExplainerScene

SCALE_X = -3.6
#: The scale spans at least this range, mV, and grows to fit every potential it shows.
SCALE_MV = (-100.0, 140.0)
SCALE_Y = (-1.9, 3.3)
IONS = ("K", "Cl", "Na", "Ca")

NERNST = r"E_{\mathrm{ion}} = \frac{RT}{zF}\,\ln\frac{[\mathrm{ion}]_o}{[\mathrm{ion}]_i}"
GHK = (r"V = \frac{RT}{F}\,\ln\frac{P_K[\mathrm{K^+}]_o + P_{Na}[\mathrm{Na^+}]_o + P_{Cl}[\mathrm{Cl^-}]_i}"
       r"{P_K[\mathrm{K^+}]_i + P_{Na}[\mathrm{Na^+}]_i + P_{Cl}[\mathrm{Cl^-}]_o}")


def scale_of(numbers):
    """A function from mV to height on a scale that fits every potential in ``numbers``."""
    shown = [numbers[f"e_{ion.lower()}"] for ion in IONS]
    low, high = min(SCALE_MV[0], min(shown) - 5), max(SCALE_MV[1], max(shown) + 5)

    def y_of(mv):
        return SCALE_Y[0] + (mv - low) / (high - low) * (SCALE_Y[1] - SCALE_Y[0])

    return y_of


class Goldman(ExplainerScene):
    """Nernst potentials on a voltage scale; the Na⁺ leak pulls V from E_K toward E_Na; GHK."""

    name = "goldman"

    def construct(self):
        marks, numbers, labels = self.marks, self.numbers, self.input.labels
        y_of = scale_of(numbers)
        scale = Line([SCALE_X, SCALE_Y[0], 0], [SCALE_X, SCALE_Y[1], 0], stroke_width=4, color=style.MUTED)
        zero = Line([SCALE_X - 0.15, y_of(0), 0], [SCALE_X + 0.15, y_of(0), 0], stroke_width=3, color=style.MUTED)
        title = components.label(labels["scale"], size=style.SMALL_SIZE, color=style.MUTED)
        title.next_to(scale, UP, buff=0.12).align_to(scale, RIGHT)
        marker = Triangle(fill_color=style.ACCENT, fill_opacity=1, stroke_width=0).rotate(-np.pi / 2).scale(0.14)
        marker.move_to([SCALE_X - 0.3, y_of(numbers["e_k"]), 0])
        v_label = components.label("V", size=style.LABEL_SIZE, color=style.ACCENT).next_to(marker, LEFT, buff=0.1)
        v_group = VGroup(marker, v_label)

        # Beat "nernst": "Each ion has a Nernst balance point; a Na⁺ leak pulls toward E_Na."
        self.play_for(0.5, FadeIn(scale), FadeIn(zero), FadeIn(title))
        self.wait_until(marks["nernst"])
        nernst = MathTex(NERNST, font_size=44, color=style.INK).move_to([2.9, 2.7, 0])
        ticks = VGroup()
        for ion in IONS:
            name = {"K": "e_k", "Na": "e_na", "Cl": "e_cl", "Ca": "e_ca"}[ion]
            y = y_of(numbers[name])
            tick = Line([SCALE_X - 0.2, y, 0], [SCALE_X + 0.2, y, 0], stroke_width=5, color=style.ION_COLOR[ion])
            text = VGroup(components.markup(f"E<sub>{ion}</sub>", size=style.SMALL_SIZE, color=style.ION_COLOR[ion]),
                          self.value(name, size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.15)
            ticks.add(VGroup(tick, text.next_to(tick, RIGHT, buff=0.15)))
        _spread_labels([t[1] for t in ticks])
        self.play_for(1.6, Write(nernst), LaggedStart(*(FadeIn(t) for t in ticks), lag_ratio=0.3))
        self.play_for(0.4, FadeIn(v_group))
        self.wait_until(marks["pull"])
        # Each leak the sentence names pulls V from E_K toward its own balance point.
        pulls = VGroup()
        for offset, ion in enumerate(ion for ion in ("Na", "Cl") if numbers[f"{ion.lower()}_credited"]):
            x = SCALE_X - 1.2 - 0.9 * offset
            pull = components.arrow([x, y_of(numbers["e_k"]), 0], [x, y_of(numbers[f"e_{ion.lower()}"]), 0],
                                    style.ION_COLOR[ion], 6)
            leak = components.markup(labels[f"leak_{ion}"], size=style.SMALL_SIZE, color=style.ION_COLOR[ion])
            pulls.add(VGroup(pull, leak.rotate(np.pi / 2).next_to(pull, LEFT, buff=0.08)))
        self.play_for(1.2, *(GrowFromCenter(p) for p in pulls),
                      v_group.animate.shift(UP * (y_of(numbers["ghk"]) - y_of(numbers["e_k"])) * 0.5))
        self.end_beat("nernst")

        # Beat "goldman": "The Goldman equation weighs each leak: V_GHK."
        self.wait_until(marks["goldman"])
        ghk = MathTex(GHK, font_size=36, color=style.INK).move_to([2.9, 0.9, 0])
        self.play_for(1.2, Write(ghk))
        self.wait_until(marks["ghk"])
        meter = components.Meter(radius=0.8).move_to([2.0, -1.0, 0])
        meter.mv.set_value(numbers["e_k"])
        result = self.value("ghk", size=40, color=style.ACCENT).next_to(meter, RIGHT, buff=0.5)
        self.play_for(0.4, FadeIn(meter))
        self.play_for(1.0, meter.mv.animate.set_value(numbers["ghk"]),
                      v_group.animate.move_to([v_group.get_x(), y_of(numbers["ghk"]), 0]), FadeIn(result))
        self.end_beat("goldman")


def _spread_labels(labels, gap=0.36):
    """Move tick labels apart vertically where two potentials lie close together."""
    order = sorted(labels, key=lambda m: m.get_y())
    for lower, upper in zip(order, order[1:]):
        if upper.get_y() - lower.get_y() < gap:
            upper.shift(UP * (gap - (upper.get_y() - lower.get_y())))
