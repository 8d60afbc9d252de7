"""Scene 5, the Na⁺/K⁺ pump: 3 Na⁺ out, 2 K⁺ in per ATP; its few millivolts; the run-down when blocked."""

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Create, Cross, DashedLine, FadeIn, FadeOut, LaggedStart, VGroup

from scenes import components, style
from scenes.base import ExplainerScene

MEMBRANE_Y = 1.0
PUMP_X = -3.2
LEFT_EDGE = -6.2
PANEL_X = 3.3
#: The pump in its membrane, and the panel of its share and run-down, in the landscape design frame (x0, x1, y0, y1).
PICTURE = (-6.3, -0.1, -2.1, 3.45)
PANEL = (0.5, 5.75, -1.3, 3.15)


class SodiumPotassiumPump(ExplainerScene):
    """The pump cycling in step with the narration, then blocked."""

    name = "sodium_potassium_pump"

    def construct(self):
        marks, numbers, labels = self.marks, self.numbers, self.input.labels
        # The cycle shows the ratio in whole ions: 3 and 2, or the nearest to it with 2 K⁺.
        exact = numbers["pump_exact"] and numbers["pump_na"] <= 6
        n_na, n_k = ((int(numbers["pump_na"]), int(numbers["pump_k"])) if exact
                     else (round(2 * numbers["pump_ratio"]), 2))
        meter = self.corner_meter(numbers["ghk"])  # where the leaks alone left it
        membrane = components.Membrane(width=6.0, center=np.array([PUMP_X, MEMBRANE_Y, 0]), thickness=0.8,
                                       gaps=[0.0], gap_width=1.7)
        pump = components.Pump(membrane, PUMP_X, n_na, n_k)
        name = components.label(labels["pump"], size=style.SMALL_SIZE)
        name.next_to(pump, UP, buff=0.12)
        outside = components.label(labels["outside"], size=style.SMALL_SIZE, color=style.MUTED)
        outside.move_to([LEFT_EDGE, 3.3, 0], aligned_edge=LEFT)
        inside = components.label(labels["inside"], size=style.SMALL_SIZE, color=style.MUTED)
        inside.move_to([LEFT_EDGE, -1.2, 0], aligned_edge=LEFT)

        # The gradients the pump keeps: Na⁺ high outside, K⁺ high inside.
        ions_out = _away_from_pump(components.scatter(["Na"] * 7 + ["K", "Cl", "Cl"], (LEFT_EDGE, -0.2, 1.9, 3.0), seed=7))
        ions_in = _away_from_pump(components.scatter(["K"] * 7 + ["Na", "A", "A"], (LEFT_EDGE, -0.2, -0.9, 0.2), seed=8))
        if numbers["pump_exact"]:
            per_cycle = VGroup(components.label(labels["na_out"], size=style.LABEL_SIZE, color=style.ION_COLOR["Na"]),
                               components.label(labels["k_in"], size=style.LABEL_SIZE, color=style.ION_COLOR["K"]))
        else:
            per_cycle = VGroup(components.label(labels["ratio"], size=style.LABEL_SIZE, color=style.ION_COLOR["Na"]))
        per_cycle.arrange(RIGHT, buff=0.5).move_to([PUMP_X, -1.85, 0])
        # Built in the design frame; placed in this format's.
        self.atp_at = np.array([PUMP_X + 1.25, membrane.bottom - 0.35, 0])
        self.pic, self.pan = self.arrange(PICTURE, PANEL)
        self.pic(membrane, pump, name, outside, inside, ions_out, ions_in, per_cycle)

        # Beat "pump": "The Na⁺/K⁺ pump swaps 3 Na⁺ out for 2 K⁺ in, keeping gradients, adding −5 mV."
        self.play_until(marks["cycle"], FadeIn(membrane), FadeIn(pump), FadeIn(name), FadeIn(outside),
                        FadeIn(inside), FadeIn(ions_out), FadeIn(ions_in), FadeIn(per_cycle))
        self.key("cycle", pump, per_cycle)
        share = VGroup(
            VGroup(components.label(labels["leaks_alone"], size=style.SMALL_SIZE, color=style.MUTED),
                   self.value("ghk", size=style.LABEL_SIZE)).arrange(RIGHT, buff=0.25),
            VGroup(components.label(labels["with_pump"], size=style.SMALL_SIZE, color=style.MUTED),
                   self.value("rest", size=style.LABEL_SIZE, color=style.ACCENT)).arrange(RIGHT, buff=0.25),
            VGroup(components.label(labels["pump_adds"], size=style.SMALL_SIZE, color=style.MUTED),
                   self.value("pump", size=style.LABEL_SIZE, color=style.ACCENT)).arrange(RIGHT, buff=0.25),
        ).arrange(DOWN, aligned_edge=RIGHT, buff=0.2).move_to([PANEL_X, 2.45, 0])
        self.pan(share)
        cycle_s = (marks["share"] - 0.8 - self.now()) / 2
        for _ in range(2):
            self._cycle(pump, n_na, n_k, membrane, cycle_s, labels["atp"])
        self.play_until(marks["share"], LaggedStart(*(FadeIn(row) for row in share), lag_ratio=0.35),
                        meter.mv.animate.set_value(numbers["rest"]))
        self.key("share", share)
        self.end_beat("pump")
        if self.has_beat("rundown"):
            self._rundown(pump, labels, numbers)

    def _rundown(self, pump, labels, numbers):
        """Beat "rundown": "Blocked, the voltage halves in 58 minutes." (only where the model can time it)."""
        blocked = Cross(pump, stroke_color=style.POSITIVE, stroke_width=6)
        self.play_until(self.timeline.beat("rundown").speech_start_s, Create(blocked))
        self.key("blocked", blocked)
        t_s, v_mv = self.trace("rundown")
        axes, curve = components.plot(t_s, v_mv, center=[PANEL_X - 0.4, -0.2, 0], labels=labels, x_length=4.0,
                                      y_length=1.6, v_range=(1.05 * numbers["rest"], 0), decimal=self.input.decimal)
        self.pan(axes, curve)
        t_half = numbers["rundown_s"] / (t_s[-1] / axes.x_range[1])
        marks_group = VGroup()
        if np.isfinite(t_half):
            half_line = DashedLine(axes.c2p(t_half, 0), axes.c2p(t_half, axes.y_range[0]), color=style.MUTED,
                                   stroke_width=2)
            half_label = self.pan.sized(VGroup(
                components.label(labels["half_in"], size=style.SMALL_SIZE, color=style.MUTED),
                self.value("rundown", size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.12))
            # Under the curve, right of the half-way line: the curve has risen above it there.
            half_label.next_to(axes.c2p(t_half, 0.8 * axes.y_range[0]), RIGHT, buff=0.12)
            marks_group.add(half_line, half_label)
        title = self.pan.sized(components.label(labels["blocked"], size=style.SMALL_SIZE, color=style.POSITIVE))
        title.next_to(axes, UP, buff=0.1)
        self.play_for(0.3, FadeIn(axes), FadeIn(title))
        self.play_until(self.marks["rundown"], Create(curve), FadeIn(marks_group))
        self.key("rundown", curve, marks_group)
        self.end_beat("rundown")

    def _cycle(self, pump, n_na, n_k, membrane, seconds, atp_text):
        """One pump cycle: 3 Na⁺ bind inside and leave outside; 2 K⁺ bind outside and leave inside."""
        pic = self.pic
        na = VGroup(*(pic.sized(components.ion("Na", 0.11)).move_to(
            site.get_center() + pic.length(DOWN * 1.1) + pic.length(RIGHT * 0.4 * (i - 1))) for i, site in enumerate(pump.na_sites)))
        k = VGroup(*(pic.sized(components.ion("K", 0.11)).move_to(
            site.get_center() + pic.length(UP * 1.1) + pic.length(RIGHT * 0.4 * (i - 0.5))) for i, site in enumerate(pump.k_sites)))
        atp = pic.sized(components.label(atp_text, size=style.SMALL_SIZE, color=style.ACCENT))
        atp.move_to(pic.point(self.atp_at))
        travel = pic.length(membrane.thickness + 1.2)
        # Alternating access: Na⁺ bind from inside, ATP turns the pump, Na⁺ leave outside; K⁺ bind from
        # outside and are carried in.
        self.play_for(seconds * 0.25, FadeIn(na), FadeIn(atp),
                      *(ion.animate.move_to(site) for ion, site in zip(na, pump.na_sites)))
        self.play_for(seconds * 0.25, na.animate.shift(UP * travel).set_opacity(0),
                      FadeIn(k), atp.animate.set_opacity(0.25))
        self.play_for(seconds * 0.25, *(ion.animate.move_to(site) for ion, site in zip(k, pump.k_sites)))
        self.play_for(seconds * 0.25, k.animate.shift(DOWN * travel).set_opacity(0),
                      FadeOut(atp))
        self.remove(na, k)


def _away_from_pump(ions):
    """The ions that leave the pump's column free."""
    return VGroup(*(ion for ion in ions if abs(ion.get_x() - PUMP_X) > 1.4))
