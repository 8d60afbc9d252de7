"""Scene 5, the Na⁺/K⁺ pump: 3 Na⁺ out, 2 K⁺ in per ATP; its few millivolts; the run-down when blocked."""

import numpy as np
from manim import DOWN, RIGHT, UP, Create, Cross, DashedLine, FadeIn, FadeOut, LaggedStart, VGroup, smooth

from scenes import components, style
from scenes.base import ExplainerScene

MEMBRANE_Y = 1.0
PUMP_X = -3.4


class SodiumPotassiumPump(ExplainerScene):
    """The pump cycling in step with the narration, then blocked."""

    name = "sodium_potassium_pump"

    def construct(self):
        marks, numbers, labels = self.marks, self.numbers, self.input.labels
        membrane = components.Membrane(width=6.2, center=np.array([PUMP_X, MEMBRANE_Y, 0]), thickness=0.8,
                                       gaps=[0.0], gap_width=1.4)
        pump = components.pump(membrane, PUMP_X)
        name = components.label(labels["pump"], size=style.SMALL_SIZE)
        name.next_to(pump, UP, buff=0.15)
        outside = components.label(labels["outside"], size=style.SMALL_SIZE, color=style.MUTED).move_to([-6.0, 3.4, 0])
        inside = components.label(labels["inside"], size=style.SMALL_SIZE, color=style.MUTED).move_to([-6.0, -1.85, 0])
        # The cycle shows the ratio in whole ions: 3 and 2, or the nearest to it with 2 K⁺.
        exact = numbers["pump_exact"] and numbers["pump_na"] <= 6
        n_na, n_k = ((int(numbers["pump_na"]), int(numbers["pump_k"])) if exact
                     else (round(2 * numbers["pump_ratio"]), 2))

        # The gradients the pump keeps: Na⁺ high outside, K⁺ high inside.
        ions_out = _away_from_pump(components.scatter(["Na"] * 7 + ["K", "Cl", "Cl"], (-6.4, -0.4, 1.9, 3.1), seed=7))
        ions_in = _away_from_pump(components.scatter(["K"] * 7 + ["Na", "A", "A"], (-6.4, -0.4, -1.0, 0.1), seed=8))

        # Beat "pump": "The Na⁺/K⁺ pump swaps 3 Na⁺ out for 2 K⁺ in, keeping gradients and adding −5 mV."
        self.play_for(0.6, FadeIn(membrane), FadeIn(pump), FadeIn(name), FadeIn(outside), FadeIn(inside),
                      FadeIn(ions_out), FadeIn(ions_in))
        self.wait_until(marks["cycle"])
        if numbers["pump_exact"]:
            per_cycle = VGroup(components.label(labels["na_out"], size=style.LABEL_SIZE, color=style.ION_COLOR["Na"]),
                               components.label(labels["k_in"], size=style.LABEL_SIZE, color=style.ION_COLOR["K"]))
        else:
            per_cycle = VGroup(components.label(labels["ratio"], size=style.LABEL_SIZE, color=style.ION_COLOR["Na"]))
        per_cycle.arrange(RIGHT, buff=0.5).move_to([-3.4, -1.85, 0])
        inside.move_to([-6.0, -1.2, 0])
        self.play_for(0.4, FadeIn(per_cycle))
        cycle_s = (marks["share"] - self.now()) / 2
        for _ in range(2):
            self._cycle(n_na, n_k, membrane, cycle_s, labels["atp"])
        share = VGroup(
            VGroup(components.label(labels["leaks_alone"], size=style.SMALL_SIZE, color=style.MUTED),
                   self.value("ghk", size=style.LABEL_SIZE)).arrange(RIGHT, buff=0.25),
            VGroup(components.label(labels["with_pump"], size=style.SMALL_SIZE, color=style.MUTED),
                   self.value("rest", size=style.LABEL_SIZE, color=style.ACCENT)).arrange(RIGHT, buff=0.25),
            VGroup(components.label(labels["pump_adds"], size=style.SMALL_SIZE, color=style.MUTED),
                   self.value("pump", size=style.LABEL_SIZE, color=style.ACCENT)).arrange(RIGHT, buff=0.25),
        ).arrange(DOWN, aligned_edge=RIGHT, buff=0.2).move_to([3.4, 2.5, 0])
        self.play_for(0.9, LaggedStart(*(FadeIn(row) for row in share), lag_ratio=0.35))
        self.end_beat("pump")

        # Beat "rundown": "Block it and the voltage halves in 58 minutes."
        self.wait_until(marks["rundown"])
        t_s, v_mv = self.trace("rundown")
        axes, curve = components.plot(t_s, v_mv, center=[3.4, -0.2, 0], x_length=5.0, y_length=2.0,
                                      v_range=(1.15 * numbers["rest"], 0))
        t_half = numbers["rundown_s"]
        marks_group = VGroup()
        if np.isfinite(t_half):
            half_line = DashedLine(axes.c2p(t_half, 0), axes.c2p(t_half, numbers["rest"] * 1.15), color=style.MUTED,
                                   stroke_width=2)
            half_label = VGroup(components.label(labels["half_in"], size=style.SMALL_SIZE, color=style.MUTED),
                                self.value("rundown", size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.12)
            half_label.next_to(axes, DOWN, buff=0.15)
            marks_group.add(half_line, half_label)
        blocked = Cross(pump, stroke_color=style.POSITIVE, stroke_width=6)
        title = components.label(labels["blocked"], size=style.SMALL_SIZE, color=style.POSITIVE).next_to(axes, UP, buff=0.1)
        self.play_for(0.5, Create(blocked), FadeIn(axes), FadeIn(title))
        self.play_until(self.beat_end("rundown") - 0.3, Create(curve), FadeIn(marks_group))
        self.end_beat("rundown")

    def _cycle(self, n_na, n_k, membrane, seconds, atp_text):
        """One pump cycle: Na⁺ from inside out through the pump, K⁺ from outside in."""
        na = VGroup(*(components.ion("Na").move_to([PUMP_X + 0.35 * (i - (n_na - 1) / 2), membrane.bottom - 0.45, 0])
                      for i in range(n_na)))
        k = VGroup(*(components.ion("K").move_to([PUMP_X + 0.4 * (i - (n_k - 1) / 2), membrane.top + 0.45, 0])
                     for i in range(n_k)))
        atp = components.label(atp_text, size=style.SMALL_SIZE, color=style.ACCENT)
        atp.move_to([PUMP_X + 1.05, membrane.bottom - 0.35, 0])
        travel = membrane.thickness + 1.5
        # Alternating access: the pump opens inward and takes Na⁺ out, then outward and takes K⁺ in.
        self.play_for(seconds * 0.15, FadeIn(na), FadeIn(k), FadeIn(atp))
        self.play_for(seconds * 0.35, na.animate(rate_func=smooth).shift(UP * travel), atp.animate.set_opacity(0.25))
        self.play_for(seconds * 0.35, k.animate(rate_func=smooth).shift(DOWN * travel))
        self.play_for(seconds * 0.15, FadeOut(na), FadeOut(k), FadeOut(atp))


def _away_from_pump(ions):
    """The ions that leave the pump's column free."""
    return VGroup(*(ion for ion in ions if abs(ion.get_x() - PUMP_X) > 1.4))
