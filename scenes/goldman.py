"""Scene 4, Nernst and Goldman: each ion's balance point, and the weighted vote of the leaks."""

import numpy as np
from manim import LEFT, RIGHT, UP, FadeIn, GrowFromCenter, LaggedStart, Line, MathTex, Triangle, VGroup, Write

from scenes import components, style
from scenes.base import ExplainerScene

SCALE_X = -3.6
#: The scale spans at least this range, mV, and grows to fit every potential it shows.
SCALE_MV = (-100.0, 100.0)
SCALE_Y = (-1.75, 2.85)
SCALE_STEP_MV = 50
IONS = ("K", "Cl", "Na")
#: The leaks the narration may credit with pulling V off E_K; Ca²⁺ is drawn only when credited.
PULLING = ("Na", "Cl", "Ca")
EQUATION_X = 3.1
#: The voltage scale with its marks and pulls, and the panel of equations, in the landscape design frame (x0, x1, y0, y1).
PICTURE = (-5.8, 0.3, -1.9, 3.4)
PANEL = (-0.1, 6.3, 0.1, 3.05)

NERNST = r"E_{\mathrm{ion}} = \frac{RT}{zF}\,\ln\frac{[\mathrm{ion}]_o}{[\mathrm{ion}]_i}"
GHK = (r"V = \frac{RT}{F}\,\ln\frac{P_K[\mathrm{K^+}]_o + P_{Na}[\mathrm{Na^+}]_o + P_{Cl}[\mathrm{Cl^-}]_i}"
       r"{P_K[\mathrm{K^+}]_i + P_{Na}[\mathrm{Na^+}]_i + P_{Cl}[\mathrm{Cl^-}]_o}")


def ions_shown(numbers):
    """The ions whose Nernst potentials the scale marks: K⁺, Cl⁻, Na⁺, and Ca²⁺ when its leak pulls."""
    return IONS + (("Ca",) if numbers.get("ca_credited") else ())


def scale_of(numbers):
    """The scale's ends (mV, on its ticks), and a function from mV to height, fitting every potential shown."""
    shown = [numbers[f"e_{ion.lower()}"] for ion in ions_shown(numbers)] + [numbers["ghk"]]
    low = SCALE_STEP_MV * np.floor(min(SCALE_MV[0], min(shown) - 5) / SCALE_STEP_MV)
    high = SCALE_STEP_MV * np.ceil(max(SCALE_MV[1], max(shown) + 5) / SCALE_STEP_MV)

    def y_of(mv):
        return SCALE_Y[0] + (mv - low) / (high - low) * (SCALE_Y[1] - SCALE_Y[0])

    return (low, high), y_of


class Goldman(ExplainerScene):
    """Nernst potentials on a voltage scale; the Na⁺ leak pulls V from E_K toward E_Na; GHK."""

    name = "goldman"

    def construct(self):
        marks, numbers, labels = self.marks, self.numbers, self.input.labels
        (low, high), y_of = scale_of(numbers)
        meter = self.corner_meter(numbers["e_k"])  # where the potassium leak left it
        scale = Line([SCALE_X, SCALE_Y[0], 0], [SCALE_X, SCALE_Y[1], 0], stroke_width=4, color=style.MUTED)
        # Ticks every 50 mV, their values at the far left, clear of the V marker.
        steps = np.arange(low, high + 1, SCALE_STEP_MV)
        grid = VGroup(*(VGroup(Line([SCALE_X - 0.1, y_of(mv), 0], [SCALE_X + 0.1, y_of(mv), 0], stroke_width=2,
                                    color=style.MUTED),
                               components.tick_label(mv, signed=True, decimal=self.input.decimal).move_to([SCALE_X - 1.35, y_of(mv), 0],
                                                                              aligned_edge=RIGHT))
                        for mv in steps))
        title = components.label(labels["scale"], size=style.SMALL_SIZE, color=style.MUTED)
        title.next_to(scale, UP, buff=0.15).align_to(grid, LEFT)
        marker = Triangle(fill_color=style.ACCENT, fill_opacity=1, stroke_width=0).rotate(-np.pi / 2).scale(0.14)
        marker.move_to([SCALE_X - 0.3, y_of(numbers["e_k"]), 0])
        v_label = components.label("V", size=style.LABEL_SIZE, color=style.ACCENT).next_to(marker, LEFT, buff=0.1)
        v_group = VGroup(marker, v_label)

        # Beat "nernst": "Each ion has a Nernst balance point; a Na⁺ leak pulls toward E_Na."
        nernst = MathTex(NERNST, font_size=44, color=style.INK, tex_template=style.TEX_TEMPLATE)
        nernst.move_to([EQUATION_X, 2.4, 0])
        ticks = VGroup()
        for ion in ions_shown(numbers):
            name = f"e_{ion.lower()}"
            y = y_of(numbers[name])
            tick = Line([SCALE_X - 0.2, y, 0], [SCALE_X + 0.2, y, 0], stroke_width=5, color=style.ION_COLOR[ion])
            text = VGroup(components.markup(f"E<sub>{ion}</sub>", size=style.SMALL_SIZE, color=style.ION_COLOR[ion]),
                          self.value(name, size=style.SMALL_SIZE)).arrange(RIGHT, buff=0.15)
            ticks.add(VGroup(tick, text.next_to(tick, RIGHT, buff=0.15)))
        _spread_labels([t[1] for t in ticks])
        # Built in the design frame; placed in this format's.
        pic, pan = self.arrange(PICTURE, PANEL)
        pic(scale, grid, title, v_group, ticks)
        pan(nernst)
        self.play_for(0.3, FadeIn(scale), FadeIn(grid), FadeIn(title))
        self.play_until(marks["nernst"], Write(nernst), LaggedStart(*(FadeIn(t) for t in ticks), lag_ratio=0.3),
                        FadeIn(v_group))
        self.key("nernst", nernst, ticks)
        # Each leak the sentence names pulls V from E_K toward its own balance point.
        pulls = VGroup()
        for offset, ion in enumerate(ion for ion in PULLING if numbers[f"{ion.lower()}_credited"]):
            x = SCALE_X + 2.3 + 0.9 * offset
            pull = components.arrow([x, y_of(numbers["e_k"]), 0], [x, y_of(numbers[f"e_{ion.lower()}"]), 0],
                                    style.ION_COLOR[ion], 6)
            leak = components.markup(labels[f"leak_{ion}"], size=style.SMALL_SIZE, color=style.ION_COLOR[ion])
            pulls.add(VGroup(pull, leak.rotate(np.pi / 2).next_to(pull, RIGHT, buff=0.08)))
        pic(pulls)
        self.wait_until(marks["pull"] - 1.0)
        self.play_until(marks["pull"], *(GrowFromCenter(p) for p in pulls),
                        v_group.animate.shift(UP * pic.length((y_of(numbers["ghk"]) - y_of(numbers["e_k"])) * 0.5)))
        self.key("pull", pulls)
        self.end_beat("nernst")

        # Beat "goldman": "Goldman's equation weighs the leaks: V_GHK."
        ghk = MathTex(GHK, font_size=36, color=style.INK, tex_template=style.TEX_TEMPLATE)
        ghk.scale_to_fit_width(min(ghk.width, 2 * (style.SAFE_X - EQUATION_X) - 0.2)).move_to([EQUATION_X, 0.7, 0])
        pan(ghk)
        self.play_until(marks["goldman"], Write(ghk))
        self.key("goldman", ghk)
        result = pan.sized(self.value("ghk", size=40, color=style.ACCENT)).next_to(meter, LEFT, buff=0.4)
        self.wait_until(marks["ghk"] - 0.9)
        self.play_until(marks["ghk"], meter.mv.animate.set_value(numbers["ghk"]),
                        v_group.animate.move_to([v_group.get_x(), pic.point([0, y_of(numbers["ghk"]), 0])[1], 0]),
                        FadeIn(result))
        self.key("ghk", result)
        self.end_beat("goldman")


def _spread_labels(labels, gap=0.36):
    """Move tick labels apart vertically where two potentials lie close together."""
    order = sorted(labels, key=lambda m: m.get_y())
    for lower, upper in zip(order, order[1:]):
        if upper.get_y() - lower.get_y() < gap:
            upper.shift(UP * (gap - (upper.get_y() - lower.get_y())))
