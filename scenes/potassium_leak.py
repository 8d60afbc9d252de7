"""Scene 3, the potassium leak: K⁺ leaves, anions stay, and the forces balance at E_K (or, where Cl⁻ sets
the voltage, as in the red cell, Cl⁻ enters around trapped hemoglobin and balances at E_Cl)."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    LaggedStart,
    VGroup,
    always_redraw,
    linear,
    smooth,
)

from scenes import components, style
from scenes.base import ExplainerScene

MEMBRANE_Y = 0.75
MEMBRANE_X, MEMBRANE_WIDTH = -2.45, 7.7
CHANNELS_X = (-4.4, -1.5)
ARROWS_X = 3.0
BALANCE_X = 3.9  # the centre of "balanced at E_K −89 mV", beside the arrows
ARROW_SCALE = 2.0 / 100  # scene units per millivolt of driving force
MIN_ARROW = 1.2  # the chemical push's arrow is at least this long, however small its potential
#: The membrane with its ions, and the panel of the two forces, in the landscape design frame (x0, x1, y0, y1).
PICTURE = (-6.4, 1.5, -2.1, 3.45)
PANEL = (2.0, 6.3, -0.6, 3.2)


class PotassiumLeak(ExplainerScene):
    """Open K⁺ leak channels; the chemical push out against the growing electrical pull in."""

    name = "potassium_leak"

    def construct(self):
        marks, labels = self.marks, self.input.labels
        # The ion that sets the voltage: K⁺ leaking out, or Cl⁻ coming in (out = -1).
        ion, out = ("Cl", -1) if self.numbers["cl_sets"] else ("K", 1)
        e_ion = self.numbers[f"e_{ion.lower()}"]
        scale = max(ARROW_SCALE, MIN_ARROW / abs(e_ion))
        membrane = components.Membrane(width=MEMBRANE_WIDTH, center=np.array([MEMBRANE_X, MEMBRANE_Y, 0]),
                                       thickness=0.8, gaps=[x - MEMBRANE_X for x in CHANNELS_X])
        channels = VGroup(*(components.channel(membrane, x, ion) for x in CHANNELS_X))
        left = MEMBRANE_X - MEMBRANE_WIDTH / 2
        outside = components.label(labels["outside"], size=style.SMALL_SIZE, color=style.MUTED)
        outside.move_to([left, 3.3, 0], aligned_edge=LEFT)
        inside = components.label(labels["inside"], size=style.SMALL_SIZE, color=style.MUTED)
        inside.move_to([left, -1.95, 0], aligned_edge=LEFT)
        # To scale in what matters: K⁺ crowds the inside (k_in : k_out is about 28 : 1), each K⁺
        # with its anion; only a few leave, and the inside stays far richer in K⁺ than the outside.
        k_inside = components.scatter(["K", "A"] * 20, (left, 1.4, -1.65, 0.05), seed=5, radius=0.16, min_gap=0.03)
        k_outside = components.scatter(["Na", "Cl"] * 4, (left, 1.4, 1.5, 3.0), seed=6)
        k_outside = VGroup(*(i for i in k_outside if min(abs(i.get_x() - x) for x in CHANNELS_X) > 0.7))
        # Where the crossing ions arrive: above the membrane, or (Cl⁻ coming in) below it, kept clear.
        arrivals = [np.array([x, MEMBRANE_Y + (1.2 if out > 0 else -0.95), 0]) for x in CHANNELS_X]
        if out < 0:
            k_inside = VGroup(*(i for i in k_inside if min(np.linalg.norm(i.get_center() - a) for a in arrivals) > 0.45))
        # As K⁺ leaves, the inside charges toward E_K: a skin of charge on each side of the membrane.
        xs = [x for x in np.linspace(left + 0.1, 1.3, 15) if min(abs(x - c) for c in CHANNELS_X) > 0.5]
        minus = VGroup(*(components.charge(-1, radius=0.1).move_to([x, membrane.bottom - 0.13, 0]) for x in xs))
        plus = VGroup(*(components.charge(+1, radius=0.1).move_to([x, membrane.top + 0.13, 0]) for x in xs))
        # Built in the design frame; placed in this format's.
        pic, pan = self.arrange(PICTURE, PANEL)
        pic(membrane, channels, outside, inside, k_inside, k_outside, minus, plus)
        arrivals = [pic.point(a) for a in arrivals]
        # The corner meter reads the inside as it charges, from 0 mV to E_K.
        voltage = self.corner_meter(0.0).mv

        # Beat "leak": "K⁺ leaks out, anions stay, until electrical pull balances chemical push at E_K."
        base = np.array([ARROWS_X, MEMBRANE_Y, 0])
        chemical = components.arrow(base + DOWN * out * 0.1, base + UP * out * abs(e_ion) * scale, style.ION_COLOR[ion])
        chemical.shift(LEFT * 0.35)
        electrical = always_redraw(lambda: components.arrow(
            pan.point(base + UP * out * (abs(voltage.get_value()) * scale + 0.1) + RIGHT * 0.35),
            pan.point(base + RIGHT * 0.35 + UP * out * 0.1), style.NEGATIVE))
        chemical_label = components.label(labels["chemical"], size=style.SMALL_SIZE, color=style.ION_COLOR[ion])
        chemical_label.move_to(base + RIGHT * 1.9 + UP * 2.2)
        electrical_label = components.label(labels["electrical"], size=style.SMALL_SIZE, color=style.NEGATIVE)
        electrical_label.move_to(base + RIGHT * 1.9 + UP * 1.7)
        pan(chemical, chemical_label, electrical_label)
        self.play_until(marks["leak"], FadeIn(membrane), FadeIn(channels), FadeIn(outside), FadeIn(inside),
                        FadeIn(k_inside), FadeIn(k_outside), FadeIn(chemical), FadeIn(chemical_label))
        self.key("leak", channels, chemical, chemical_label)
        self.add(electrical)
        # The two ions nearest the channels cross; a real cell moves far fewer (said in the scene before).
        side = k_inside if out > 0 else k_outside
        movers = [i for i in side if i[1].original_text == style.ION_TEXT[ion]]
        leavers = [min(movers, key=lambda i: abs(i.get_x() - x) - out * i.get_y()) for x in CHANNELS_X]
        paths = [i.animate(rate_func=smooth).move_to(a) for i, a in zip(leavers, arrivals)]
        # As K⁺ leaves, the inside charges toward E_K: the electrical pull grows until it balances.
        for group in (minus, plus):
            group.add_updater(lambda g: g.set_opacity(min(1.0, voltage.get_value() / e_ion)))
        self.add(minus, plus)
        # The anions that stay are outlined (their symbols kept) as the sentence names them.
        anions = VGroup(*(i[0] for i in k_inside if i[1].original_text == "A⁻"))
        stay = pic.sized(components.label(labels["anions" if out > 0 else "trapped"], size=style.SMALL_SIZE,
                                          color=style.ION_COLOR["A"]))
        stay.next_to(inside, RIGHT, buff=0.4)
        self.play_until(marks["anions"], LaggedStart(*paths, lag_ratio=0.25), FadeIn(stay), FadeIn(electrical_label),
                        *(disc.animate.set_stroke(style.INK, width=3) for disc in anions),
                        voltage.animate(rate_func=linear).set_value(0.45 * e_ion))
        self.key("anions", stay, anions)
        balance = VGroup(components.markup(labels["balanced" if out > 0 else "balanced_cl"], size=style.LABEL_SIZE),
                         self.value(f"e_{ion.lower()}", size=style.LABEL_SIZE, color=style.ACCENT)).arrange(RIGHT, buff=0.2)
        # Beside the arrows: below them when they point out, above them when they point in; a label too long
        # to sit right of the membrane on one line (German's "Gleichgewicht bei") puts the value under it.
        if balance.width / 2 > BALANCE_X - (MEMBRANE_X + MEMBRANE_WIDTH / 2) - 0.2:
            balance.arrange(DOWN, buff=0.12)
        pan(balance.move_to([BALANCE_X, -0.25 if out > 0 else 2.05, 0]))
        self.play_until(marks["balance"] - 0.5, voltage.animate(rate_func=smooth).set_value(e_ion))
        for group in (minus, plus):
            group.clear_updaters()
        self.play_until(marks["balance"], FadeIn(balance))
        self.key("balance", balance, chemical)
        self.end_beat("leak")
