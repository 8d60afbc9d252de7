"""The visual vocabulary: ions, the bilayer, channels, the pump, the meter and plots."""

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Arc,
    Arrow,
    Axes,
    Circle,
    Dot,
    Line,
    MarkupText,
    Polygon,
    Rectangle,
    RoundedRectangle,
    Text,
    ValueTracker,
    VGroup,
    always_redraw,
)

from scenes import style


def label(text, size=style.LABEL_SIZE, color=style.INK, weight="NORMAL"):
    """Text in the house font."""
    return Text(text, font=style.FONT, font_size=size, color=color, weight=weight)


def fit_width(mob, width):
    """``mob``, scaled down (never up) to at most ``width``: a label a language words longer still fits its
    place ("se mueve 1 K⁺ de cada 91 000", "El potencial de membrana en reposo")."""
    return mob.scale_to_fit_width(min(mob.width, width))


def tick_label(value, size=style.ION_LABEL_SIZE, signed=False, unit="", decimal="."):
    """An axis tick's value ("−50", "+100", "0 mV", "2.5"; "2,5" with ``decimal`` ","): a round number of the
    axis, not a value of the story."""
    number = (f"{value:+g}" if signed and value else f"{value:g}").replace("-", "−").replace(".", decimal)
    text = label(f"{number} {unit}".strip(), size=size, color=style.MUTED)
    text.tick = True
    return text


def markup(text, size=style.LABEL_SIZE, color=style.INK):
    """Text with Pango markup (``E<sub>K</sub>``) in the house font."""
    return MarkupText(text, font=style.FONT, font_size=size, color=color)


def ion(symbol, radius=style.ION_RADIUS):
    """An ion: a coloured disc with its symbol (``"K"``, ``"Na"``, ``"Cl"``, ``"Ca"`` or ``"A"``)."""
    color = style.ION_COLOR[symbol]
    disc = Circle(radius=radius, fill_color=color, fill_opacity=0.9, stroke_color=style.INK, stroke_width=1)
    text = label(style.ION_TEXT[symbol], size=style.ION_LABEL_SIZE * radius / style.ION_RADIUS,
                 color=style.BACKGROUND, weight="BOLD")
    text.scale_to_fit_width(min(text.width, 1.7 * radius)).move_to(disc)
    return VGroup(disc, text)


def charge(sign, radius=0.13):
    """A small + or − charge marker."""
    color = style.POSITIVE if sign > 0 else style.NEGATIVE
    disc = Circle(radius=radius, fill_color=color, fill_opacity=0.95, stroke_width=0)
    bar = Line(LEFT * radius * 0.55, RIGHT * radius * 0.55, stroke_width=3, color=style.BACKGROUND)
    marks = VGroup(bar, bar.copy().rotate(PI / 2)) if sign > 0 else VGroup(bar)
    return VGroup(disc, marks.move_to(disc))


class Membrane(VGroup):
    """A horizontal patch of lipid bilayer, outside above and inside below.

    Parameters
    ----------
    width : float
        Length of the patch.
    center : numpy.ndarray
        Centre of the patch.
    thickness : float
        Distance between the two rows of lipid heads.
    gaps : list of float
        x positions (from the centre) left free for channels and pumps.
    gap_width : float
        Width of each gap.
    """

    def __init__(self, width=12.0, center=np.zeros(3), thickness=0.8, gaps=(), gap_width=0.7, **kwargs):
        super().__init__(**kwargs)
        self.thickness = thickness
        head = 0.075
        step = 2.2 * head
        for x in np.arange(-width / 2 + head, width / 2, step):
            if any(abs(x - g) < gap_width / 2 + head for g in gaps):
                continue
            for side in (1, -1):
                y = side * (thickness / 2 - head)
                tail_end = side * head * 0.6
                self.add(Line([x - 0.03, y, 0], [x - 0.03, tail_end, 0], stroke_width=1.4, color=style.LIPID_TAIL),
                         Line([x + 0.03, y, 0], [x + 0.03, tail_end, 0], stroke_width=1.4, color=style.LIPID_TAIL),
                         Dot([x, y, 0], radius=head, color=style.LIPID_HEAD))
        self.move_to(center)

    @property
    def top(self):
        return self.get_center()[1] + self.thickness / 2

    @property
    def bottom(self):
        return self.get_center()[1] - self.thickness / 2


def channel(membrane, x, symbol="K"):
    """A leak channel: two protein halves framing a pore, tinted with its ion's colour."""
    height = membrane.thickness + 0.3
    y = membrane.get_center()[1]
    halves = VGroup(*(RoundedRectangle(corner_radius=0.12, width=0.24, height=height, stroke_color=style.ION_COLOR[symbol],
                                       stroke_width=2, fill_color=style.PROTEIN, fill_opacity=1).move_to([x + dx, y, 0])
                      for dx in (-0.24, 0.24)))
    return halves


class Pump(VGroup):
    """The Na⁺/K⁺-ATPase: two protein halves around a pocket with 3 Na⁺ sites (inner half) and 2 K⁺ sites (outer).

    ``na_sites`` and ``k_sites`` are the empty binding sites; an ion bound to one sits at its centre.
    """

    def __init__(self, membrane, x, n_na=3, n_k=2, **kwargs):
        super().__init__(**kwargs)
        y = membrane.get_center()[1]
        height = membrane.thickness + 1.0
        halves = VGroup(*(RoundedRectangle(corner_radius=0.28, width=0.75, height=height, stroke_color=style.INK,
                                           stroke_width=2, fill_color=style.PROTEIN, fill_opacity=1)
                          .move_to([x + side * 0.42, y, 0]) for side in (-1, 1)))
        pocket = RoundedRectangle(corner_radius=0.2, width=0.78, height=height - 0.3, stroke_width=0,
                                  fill_color=style.CYTOPLASM, fill_opacity=1).move_to([x, y, 0])
        self.na_sites = VGroup(*(_site("Na").move_to([x + 0.22 * (i - (n_na - 1) / 2), y - 0.32 - 0.12 * (i % 2), 0])
                                 for i in range(n_na)))
        self.k_sites = VGroup(*(_site("K").move_to([x + 0.2 * (i - (n_k - 1) / 2), y + 0.36, 0]) for i in range(n_k)))
        self.add(halves, pocket, self.na_sites, self.k_sites)


def _site(symbol, radius=0.11):
    """An empty binding site: a ring in its ion's colour."""
    return Circle(radius=radius, stroke_color=style.ION_COLOR[symbol], stroke_width=3, fill_opacity=0)


class Meter(VGroup):
    """A voltmeter: a dial from ``low_mv`` to ``high_mv`` and a needle set by ``self.mv``."""

    def __init__(self, low_mv=-100.0, high_mv=40.0, radius=1.1, **kwargs):
        super().__init__(**kwargs)
        self.low_mv, self.high_mv, self.radius = low_mv, high_mv, radius
        self.mv = ValueTracker(0.0)
        face = Arc(radius=radius, start_angle=PI * 0.9, angle=-PI * 0.8, stroke_color=style.MUTED, stroke_width=6)
        case = RoundedRectangle(corner_radius=0.2, width=2.6 * radius, height=1.55 * radius, stroke_color=style.INK,
                                stroke_width=2, fill_color=style.BACKGROUND, fill_opacity=1).shift(UP * 0.45 * radius)
        self.case = case
        ticks = VGroup(*(Line(self._point(mv, 0.86), self._point(mv, 1.0), stroke_width=2 if mv else 4,
                              color=style.INK if mv == 0 else style.MUTED)
                         for mv in np.arange(low_mv, high_mv + 1, 20.0)))
        signs = VGroup(label("−", size=30 * radius / 1.1, color=style.NEGATIVE).move_to(self._point(low_mv, 1.25)),
                       label("+", size=30 * radius / 1.1, color=style.POSITIVE).move_to(self._point(high_mv, 1.25)))
        self._pivot = Dot(radius=0.07, color=style.ACCENT)
        self.needle = always_redraw(lambda: Line(self.get_pivot(), self._needle_tip(), stroke_width=4, color=style.ACCENT))
        self.add(case, face, ticks, signs, self._pivot, self.needle)

    def get_pivot(self):
        return self._pivot.get_center()

    def _angle(self, mv):
        fraction = (np.clip(mv, self.low_mv, self.high_mv) - self.low_mv) / (self.high_mv - self.low_mv)
        return PI * 0.9 - PI * 0.8 * fraction

    def _point(self, mv, scale):
        angle = self._angle(mv)
        return np.array([np.cos(angle), np.sin(angle), 0]) * self.radius * scale

    def _needle_tip(self):
        # The needle keeps to the dial as the meter is scaled: its length follows the case's width.
        angle = self._angle(self.mv.get_value())
        return self.get_pivot() + np.array([np.cos(angle), np.sin(angle), 0]) * self.case.width / 2.6 * 0.92


def plot(trace_t, trace_v, center, labels, x_length=5.0, y_length=2.6, v_range=(-100.0, 0.0), color=style.ACCENT,
         decimal="."):
    """A voltage trace on axes with ticks, tick values and units; returns ``(axes, curve)``.

    Time is shown in the unit that suits its span (s, min, h or days, named by
    ``labels``: the scene's words); ``v_range`` is in mV, ticked every 20 or 50 mV.
    """
    unit, per = next((u, p) for u, p in (("d", 86400.0), ("h", 3600.0), ("min", 60.0), ("s", 1.0))
                     if trace_t[-1] / p >= 2 or p == 1.0)
    t_end = float(trace_t[-1]) / per
    t_step = _nice_step(t_end)
    v_step = 20.0 if v_range[1] - v_range[0] <= 50 else 50.0
    v_low = np.floor(v_range[0] / v_step) * v_step
    axes = Axes(x_range=[0, t_end, t_step], y_range=[v_low, v_range[1], v_step], x_length=x_length,
                y_length=y_length, tips=False,
                axis_config={"stroke_color": style.MUTED, "stroke_width": 2, "tick_size": 0.06}).move_to(center)
    # The time axis runs along 0 mV, at the top: its values above it, the voltages to the left.
    size = style.ION_LABEL_SIZE
    times = VGroup(*(tick_label(t, decimal=decimal).next_to(axes.c2p(t, v_range[1]), UP, buff=0.1)
                     for t in np.arange(0, t_end + 1e-9, t_step)))
    volts = VGroup(*(tick_label(v, decimal=decimal).next_to(axes.c2p(0, v), LEFT, buff=0.1)
                     for v in np.arange(v_low, v_range[1] + 1e-9, v_step)))
    names = VGroup(label(labels["time_axis"].format(unit=labels[unit]), size=size, color=style.MUTED)
                   .next_to(times, UP, buff=0.08).align_to(axes, RIGHT),
                   label(labels["voltage_axis"], size=size, color=style.MUTED).next_to(volts, DOWN, buff=0.1)
                   .align_to(volts, RIGHT))
    ticks = VGroup(times, volts)
    axes.add(ticks, names)
    curve = axes.plot_line_graph(np.asarray(trace_t) / per, np.clip(np.asarray(trace_v), v_low, v_range[1]),
                                 add_vertex_dots=False, line_color=color, stroke_width=4)
    return axes, curve


def _nice_step(span):
    """A round tick step giving 2 to 5 ticks over ``span``."""
    magnitude = 10 ** np.floor(np.log10(span))
    return next(m * magnitude for m in (0.5, 1, 2, 5, 10) if span / (m * magnitude) <= 5)


def battery(height=0.9):
    """A battery symbol with its − and + ends."""
    body = Rectangle(width=height * 0.55, height=height, stroke_color=style.INK, stroke_width=3)
    cap = Rectangle(width=height * 0.25, height=height * 0.1, stroke_color=style.INK, stroke_width=3,
                    fill_color=style.INK, fill_opacity=1).next_to(body, UP, buff=0)
    plus = label("+", size=28, color=style.POSITIVE).move_to(body.get_top() + DOWN * height * 0.25)
    minus = label("−", size=28, color=style.NEGATIVE).move_to(body.get_bottom() + UP * height * 0.25)
    return VGroup(body, cap, plus, minus)


def arrow(start, end, color, width=8):
    """A plain straight arrow with a fixed tip."""
    length = np.linalg.norm(np.asarray(end) - np.asarray(start))
    return Arrow(start, end, buff=0, color=color, stroke_width=width,
                 max_tip_length_to_length_ratio=min(0.5, 0.3 / max(length, 1e-3)), max_stroke_width_to_length_ratio=50)


def pipette(tip, length=4.0, angle=PI * 0.3):
    """A glass microelectrode whose tip is at ``tip``, coming in at ``angle`` from the +x axis."""
    direction = np.array([np.cos(angle), np.sin(angle), 0])
    normal = np.array([-direction[1], direction[0], 0])
    base = np.asarray(tip) + direction * length
    glass = Polygon(tip, base + normal * 0.18, base - normal * 0.18, stroke_color=style.INK, stroke_width=2,
                    fill_color=style.MUTED, fill_opacity=0.35)
    wire = Line(tip + direction * 0.2, base, stroke_width=2, color=style.ACCENT)
    return VGroup(glass, wire)


def scatter(symbols, box, seed, radius=style.ION_RADIUS, min_gap=0.1):
    """Ions of the given symbols at seeded, non-overlapping places inside ``box`` = (x0, x1, y0, y1)."""
    rng = np.random.default_rng(seed)
    placed, group = [], VGroup()
    x0, x1, y0, y1 = box
    for symbol in symbols:
        for _ in range(200):
            p = np.array([rng.uniform(x0 + radius, x1 - radius), rng.uniform(y0 + radius, y1 - radius), 0])
            if all(np.linalg.norm(p - q) > 2 * radius + min_gap for q in placed):
                break
        placed.append(p)
        group.add(ion(symbol, radius).move_to(p))
    return group
