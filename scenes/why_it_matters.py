"""Scene 6, why it matters: every cell its own battery; extra K⁺ outside makes it less negative."""

import numpy as np
from manim import DOWN, RIGHT, UP, FadeIn, FadeOut, GrowFromEdge, LaggedStart, Line, Rectangle, Transform, VGroup

import physics
from scenes import components, style
from scenes.base import ExplainerScene

ZERO_Y = 3.0
MV_TO_Y = 4.0 / 100


class WhyItMatters(ExplainerScene):
    """The presets' resting potentials, hyperkalemia, and the closing line."""

    name = "why_it_matters"

    def construct(self):
        marks, labels = self.marks, self.input.labels
        zero = Line([-6.7, ZERO_Y, 0], [2.1, ZERO_Y, 0], stroke_width=3, color=style.MUTED)
        self.play_for(0.5, FadeIn(zero))
        if self.has_beat("range"):
            self._presets_and_extra_potassium()
        else:
            self._normal_beside_this_version()
        self.end_beat("compare")

        # Beat "closing": "It powers every thought and heartbeat."
        self.wait_until(marks["closing"])
        self.play_for(0.6, *(FadeOut(m) for m in list(self.mobjects)))
        battery = components.battery(1.4)
        reading = self.value("rest", size=72, color=style.ACCENT)
        title = components.label(labels["title"], size=style.TITLE_SIZE)
        card = VGroup(VGroup(battery, reading).arrange(RIGHT, buff=0.6), title).arrange(DOWN, buff=0.5)
        card.move_to([0, 1.0, 0])
        self.play_until(self.beat_end("closing") - 0.3, FadeIn(card, shift=UP * 0.2))
        self.end_beat("closing")

    def _presets_and_extra_potassium(self):
        """Beats "range" and "compare" of a preset: every preset's bar, then this cell with extra K⁺ outside."""
        marks, numbers, labels = self.marks, self.numbers, self.input.labels
        preset_names = list(physics.PRESETS)
        xs = np.linspace(-6.0, 1.4, len(preset_names))
        own = self.input.cell

        # Beat "range": "Cells differ: skeletal muscle −91, red blood cells −10 mV."
        bars, values = VGroup(), VGroup()
        for x, name in zip(xs, preset_names):
            key = "rest" if name == own else f"rest_{name}"
            color = style.ACCENT if name == own else style.ION_COLOR["K"]
            bar, value = self._bar_with_value(key, self.input.written[f"name_{name}"], x, color)
            bars.add(bar)
            values.add(value)
        self.wait_until(marks["range"])
        self.play_for(1.6, LaggedStart(*(GrowFromEdge(bar, UP) for bar in bars), lag_ratio=0.2),
                      LaggedStart(*(FadeIn(label) for label in values), lag_ratio=0.2))
        self.end_beat("range")

        # Beat "compare": "Extra blood K⁺ makes this neuron less negative."
        self.wait_until(marks["compare"])
        panel = VGroup(
            components.label(labels["this_cell"], size=style.LABEL_SIZE, color=style.ACCENT),
            VGroup(components.label(labels["k_outside"], size=style.SMALL_SIZE, color=style.MUTED),
                   self.value("k_out", size=style.LABEL_SIZE), components.label("→", size=style.LABEL_SIZE),
                   self.value("k_out_high", size=style.LABEL_SIZE, color=style.POSITIVE)).arrange(RIGHT, buff=0.2),
            VGroup(self.value("rest", size=32), components.label("→", size=32),
                   self.value("rest_high_k", size=32, color=style.POSITIVE)).arrange(RIGHT, buff=0.25),
            *self._direction("rest_high_k", "rest"),
        ).arrange(DOWN, buff=0.3).move_to([4.5, 0.6, 0])
        self.play_for(1.2, LaggedStart(*(FadeIn(row) for row in panel), lag_ratio=0.3))
        index = preset_names.index(own)
        bar, (value, title) = bars[index], values[index]
        raised = _bar(numbers["rest_high_k"], bar.get_x(), style.POSITIVE)
        new_value = self.value("rest_high_k", size=style.SMALL_SIZE, color=style.POSITIVE)
        new_value.next_to(raised, DOWN, buff=0.1)
        self.play_for(0.8, Transform(bar, raised), Transform(value, new_value),
                      title.animate.next_to(new_value, DOWN, buff=0.08))

    def _normal_beside_this_version(self):
        """Beat "compare" of a variant: "A normal neuron rests at −72 mV; this one is less negative."."""
        labels = self.input.labels
        self.wait_until(self.marks["compare"])
        normal = self._bar_with_value("preset_rest", labels["normal"], -4.6, style.ION_COLOR["K"],
                                      size=style.LABEL_SIZE)
        this = self._bar_with_value("rest", labels["this_version"], -1.6, style.ACCENT, size=style.LABEL_SIZE)
        self.play_for(1.2, LaggedStart(*(GrowFromEdge(bar, UP) for bar, _ in (normal, this)), lag_ratio=0.4),
                      LaggedStart(*(FadeIn(value) for _, value in (normal, this)), lag_ratio=0.4))
        direction = self._direction("rest", "preset_rest")
        if direction:
            self.play_for(0.6, FadeIn(direction[0].move_to([4.2, 0.6, 0])))

    def _bar_with_value(self, key, title_text, x, color, size=style.SMALL_SIZE):
        """A value's bar, with the value and a title under it."""
        bar = _bar(self.numbers[key], x, color)
        value = self.value(key, size=size, color=color).next_to(bar, DOWN, buff=0.1)
        title = components.label(title_text, size=size * 0.8, color=style.MUTED).next_to(value, DOWN, buff=0.08)
        return bar, VGroup(value, title)

    def _direction(self, after, before):
        """"less negative" or "more negative", when the shown values differ."""
        if self.numbers[after] == self.numbers[before]:
            return []
        key = "less_negative" if self.numbers[after] > self.numbers[before] else "more_negative"
        return [components.label(self.input.labels[key], size=style.LABEL_SIZE, color=style.POSITIVE)]


def _bar(rest_mv, x, color):
    """A bar hanging from the zero line, as long as the resting potential is negative."""
    height = max(abs(rest_mv) * MV_TO_Y, 0.02)
    return Rectangle(width=0.9, height=height, stroke_width=0, fill_color=color, fill_opacity=0.85).move_to(
        [x, ZERO_Y - height / 2, 0])
