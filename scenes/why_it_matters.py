"""Scene 6, why it matters: extra K⁺ outside makes the cell less negative; the end card."""

from manim import DOWN, LEFT, RIGHT, UP, FadeIn, GrowFromEdge, LaggedStart, Line, Rectangle, VGroup

from scenes import components, style
from scenes.base import ExplainerScene

ZERO_Y = 2.7
#: The longer bar's length: the two bars share one scale, so a small change looks small.
BAR_LENGTH = 3.0
BARS_X = (-4.9, -1.9)
#: A bar's title stays under its bar, clear of the other's and inside the safe area ("una fibra muscular
#: normal" is shrunk to it).
BAR_TITLE_WIDTH = 2.9
#: A preset's bars stand in the middle until the end card joins them.
CENTRED = 3.3
CARD_X = 3.4
#: The bars, and the end card, in the landscape design frame (x0, x1, y0, y1).
PICTURE = (-6.4, -0.6, -1.3, 3.45)
PANEL = (0.4, 6.4, -0.9, 2.5)


class WhyItMatters(ExplainerScene):
    """Two resting potentials side by side, then the end card: title, cell, its rest, credits."""

    name = "why_it_matters"

    def construct(self):
        marks, labels = self.marks, self.input.labels
        self.corner_meter(self.numbers["rest"])
        # A preset compares itself with extra K⁺ outside; a variant compares itself with its preset.
        if self.has_beat("closing"):
            pairs = (("rest", labels["k_out_bar"], style.ION_COLOR["K"]),
                     ("rest_high_k", labels["k_out_high_bar"], style.POSITIVE))
            direction = self._direction("rest_high_k", "rest")
        else:
            pairs = (("preset_rest", labels["normal"], style.ION_COLOR["K"]),
                     ("rest", labels["this_version"], style.ACCENT))
            direction = self._direction("rest", "preset_rest")
        zero = Line([BARS_X[0] - 1.2, ZERO_Y, 0], [BARS_X[1] + 1.2, ZERO_Y, 0], stroke_width=3, color=style.MUTED)
        zero_label = components.tick_label(0, unit=labels["mv"], decimal=self.input.decimal)
        zero_label.next_to(zero, UP, buff=0.1).align_to(zero, LEFT)
        per_mv = BAR_LENGTH / max(abs(self.numbers[key]) for key, _, _ in pairs)
        bars = [self._bar_with_value(key, title, x, color, per_mv) for (key, title, color), x in zip(pairs, BARS_X)]
        chart = VGroup(zero, zero_label, *(m for pair in bars for m in pair), *direction)
        # Built in the design frame; placed in this format's. Centred: in the middle of the frame, or stacked, where
        # the chart stands.
        pic, pan = self.arrange(PICTURE, PANEL)
        pic(chart)
        centred = CENTRED if pic.identity else (0.0 if pic.stacked else -pic.point([sum(PICTURE[:2]) / 2, 0, 0])[0])
        if self.has_beat("closing"):
            chart.shift(RIGHT * centred)
        battery = components.battery(1.1)
        reading = self.value("rest", size=60, color=style.ACCENT)
        card = VGroup(VGroup(battery, reading).arrange(RIGHT, buff=0.5),
                      components.label(labels["title"], size=style.LABEL_SIZE),
                      components.label(labels["cell_line"], size=style.SMALL_SIZE, color=style.MUTED),
                      components.label(labels["credits"], size=style.ION_LABEL_SIZE, color=style.MUTED))
        card.arrange(DOWN, buff=0.3)
        for line in card[1:]:  # the title, the cell and the credits, each inside the safe area
            components.fit_width(line, 2 * (style.SAFE_X - CARD_X) - 0.1)
        card.move_to([CARD_X, 0.8, 0])
        pan(card)

        # Beat "compare": "Extra blood K⁺ makes this neuron less negative." / "A normal neuron: −72 mV; ..."
        self.play_for(0.4, FadeIn(zero), FadeIn(zero_label))
        self.play_until(marks["compare"], LaggedStart(*(GrowFromEdge(bar, UP) for bar, _ in bars), lag_ratio=0.4),
                        LaggedStart(*(FadeIn(value) for _, value in bars), lag_ratio=0.4),
                        *(FadeIn(d) for d in direction), *([] if self.has_beat("closing") else [FadeIn(card)]))
        self.key("compare", *(m for pair in bars for m in pair), *direction)
        self.end_beat("compare")
        if not self.has_beat("closing"):
            return

        # Beat "closing": "It powers every thought and heartbeat." The end card lands as it is said.
        self.wait_until(max(self.keys.get("compare", 0.0) + style.KEY_HOLD_S, marks["closing"] - 1.0))
        self.play_until(marks["closing"], chart.animate.shift(LEFT * centred), FadeIn(card, shift=UP * pan.length(0.2)))
        self.key("closing", card)
        self.end_beat("closing")

    def _bar_with_value(self, key, title_text, x, color, per_mv, size=style.LABEL_SIZE):
        """A value's bar hanging from the zero line, ``per_mv`` long per mV, with the value and a title under it."""
        height = max(abs(self.numbers[key]) * per_mv, 0.02)
        bar = Rectangle(width=1.3, height=height, stroke_width=0, fill_color=color, fill_opacity=0.85)
        bar.move_to([x, ZERO_Y - height / 2, 0])
        value = self.value(key, size=size, color=color).next_to(bar, DOWN, buff=0.12)
        title = components.label(title_text, size=style.SMALL_SIZE, color=style.MUTED)
        components.fit_width(title, BAR_TITLE_WIDTH).next_to(value, DOWN, buff=0.08)
        return bar, VGroup(value, title)

    def _direction(self, after, before):
        """"less negative" or "more negative" beside the bars, when the shown values differ."""
        if self.numbers[after] == self.numbers[before]:
            return []
        key = "less_negative" if self.numbers[after] > self.numbers[before] else "more_negative"
        text = components.label(self.input.labels[key], size=style.LABEL_SIZE, color=style.POSITIVE)
        return [text.move_to([sum(BARS_X) / 2, ZERO_Y + 0.45, 0])]
