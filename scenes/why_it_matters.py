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
        marks, numbers = self.marks, self.story.numbers
        preset_names = list(physics.PRESETS)
        xs = np.linspace(-6.0, 1.4, len(preset_names))
        own = self.cell.name if self.cell is not None else "neuron"

        # Beat 1: "Other cells differ: skeletal muscle −91, red blood cells −10 mV."
        zero = Line([-6.7, ZERO_Y, 0], [2.1, ZERO_Y, 0], stroke_width=3, color=style.MUTED)
        bars, labels = VGroup(), VGroup()
        for x, name in zip(xs, preset_names):
            # This cell's own bar shows its own value: its parameters may differ from the preset's.
            key = "rest" if name == own else f"rest_{name}"
            rest = numbers[key]
            color = style.ACCENT if name == own else style.ION_COLOR["K"]
            bar = Rectangle(width=0.9, height=max(abs(rest) * MV_TO_Y, 0.02), stroke_width=0, fill_color=color,
                            fill_opacity=0.85).move_to([x, ZERO_Y - abs(rest) * MV_TO_Y / 2, 0])
            value = self.value(key, size=style.SMALL_SIZE, color=color).next_to(bar, DOWN, buff=0.1)
            title = components.label(self.values[f"name_{name}"].written, size=18, color=style.MUTED)
            title.next_to(value, DOWN, buff=0.08)
            bars.add(bar)
            labels.add(VGroup(value, title))
        self.play_for(0.5, FadeIn(zero))
        self.wait_until(marks["range"])
        self.play_for(1.6, LaggedStart(*(GrowFromEdge(bar, UP) for bar in bars), lag_ratio=0.2),
                      LaggedStart(*(FadeIn(label) for label in labels), lag_ratio=0.2))
        self.end_beat(0)

        # Beat 2: "Extra blood K⁺ makes this cell less negative."
        self.wait_until(marks["high_k"])
        panel = VGroup(
            components.label(f"this {self.values['cell'].written}", size=style.LABEL_SIZE, color=style.ACCENT),
            VGroup(components.label("K⁺ outside", size=style.SMALL_SIZE, color=style.MUTED),
                   self.value("k_out", size=style.LABEL_SIZE), components.label("→", size=style.LABEL_SIZE),
                   self.value("k_out_high", size=style.LABEL_SIZE, color=style.POSITIVE)).arrange(RIGHT, buff=0.2),
            VGroup(self.value("rest", size=32), components.label("→", size=32),
                   self.value("rest_high_k", size=32, color=style.POSITIVE)).arrange(RIGHT, buff=0.25),
            components.label("less negative", size=style.LABEL_SIZE, color=style.POSITIVE),
        ).arrange(DOWN, buff=0.3).move_to([4.5, 0.6, 0])
        self.play_for(1.2, LaggedStart(*(FadeIn(row) for row in panel), lag_ratio=0.3))
        if own in preset_names:
            index = preset_names.index(own)
            bar = bars[index]
            raised = bar.copy().stretch_to_fit_height(max(abs(numbers["rest_high_k"]) * MV_TO_Y, 0.02))
            raised.move_to([bar.get_x(), ZERO_Y - raised.height / 2, 0]).set_fill(style.POSITIVE)
            value, title = labels[index]
            new_value = self.value("rest_high_k", size=style.SMALL_SIZE, color=style.POSITIVE)
            new_value.next_to(raised, DOWN, buff=0.1)
            self.play_for(0.8, Transform(bar, raised), Transform(value, new_value),
                          title.animate.next_to(new_value, DOWN, buff=0.08))
        self.end_beat(1)

        # Beat 3: "It powers every thought and heartbeat."
        self.wait_until(marks["closing"])
        self.play_for(0.6, *(FadeOut(m) for m in list(self.mobjects)))
        battery = components.battery(1.4)
        reading = self.value("rest", size=72, color=style.ACCENT)
        title = components.label("the resting membrane potential", size=style.TITLE_SIZE)
        card = VGroup(VGroup(battery, reading).arrange(RIGHT, buff=0.6), title).arrange(DOWN, buff=0.5)
        card.move_to([0, 1.0, 0])
        self.play_until(self.beat_end(2) - 0.3, FadeIn(card, shift=UP * 0.2))
        self.end_beat(2)
