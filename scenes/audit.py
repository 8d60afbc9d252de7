"""The scenes' audit, for the tests: what each frame shows, kept apart from the scenes themselves.

:func:`audited` gives a scene class that also records every text shown, anything in the caption
band or outside the graphics-safe area, labels drawn over, key pictures that did not hold, and
where the voltmeters stand at the cuts. The scenes draw the same frames with and without it.
"""

import hashlib

import numpy as np
from manim import DL, UR, MarkupText, MathTex, SingleStringMathTex, Tex, Text, VMobject

from scenes import components, style


def audited(cls):
    """``cls`` with the audit mixed in, under the same name."""
    return type(cls.__name__, (Audited, cls), {})


class Audited:
    """Mixed in before an :class:`~scenes.base.ExplainerScene` subclass by :func:`audited`.

    Attributes, after ``render()``
    ------------------------------
    texts_shown, ticks_shown : set of str
        Every text (and every axis tick) ever added.
    band_intrusions, unsafe, overlaps, short_holds : list
        What sat in the caption band, lay outside the safe area, was drawn over a label,
        and which key pictures changed or left before :data:`style.KEY_HOLD_S`.
    meters_at_start, meters_at_end : list of (x, y, width)
        Where the voltmeters are as the scene starts and ends: one carries across each cut.
    """

    def __init__(self, *args, **kwargs):
        self.texts_shown, self.ticks_shown = set(), set()
        self.band_intrusions, self.unsafe, self.overlaps, self.short_holds = [], [], [], []
        self._holding = []
        self.meters_at_start = self.meters_at_end = None
        super().__init__(*args, **kwargs)

    def key(self, mark, *mobjects):
        super().key(mark, *mobjects)
        self._holding.append((mark, self.now(), mobjects, _digest(mobjects)))

    def end_beat(self, name):
        super().end_beat(name)
        self._audit_frame()

    def tear_down(self):
        super().tear_down()
        self._check_holds(self.now(), ending=True)
        self.meters_at_end = self._meters()

    def play(self, *animations, **kwargs):
        if self.meters_at_start is None:
            self.meters_at_start = self._meters()
        self._check_holds(self.now())
        start = self.now()
        super().play(*animations, **kwargs)
        self._check_holds(start)

    def add(self, *mobjects):
        super().add(*mobjects)
        for mob in mobjects:
            for part in mob.get_family():
                if isinstance(part, TEXTS):
                    (self.ticks_shown if getattr(part, "tick", False) else self.texts_shown).add(_name(part))
        return self

    def update_to_time(self, t):
        super().update_to_time(t)
        self._audit_frame(moving=True)

    def _meters(self):
        return [tuple(np.round([*m.get_center()[:2], m.width], 2)) for m in self.mobjects
                if isinstance(m, components.Meter)]

    def _check_holds(self, changed_since, ending=False):
        """Record each key picture that changed or left before holding :data:`style.KEY_HOLD_S`.

        A change seen now happened at ``changed_since`` at the earliest.
        """
        if not self._holding:
            return
        still = []
        present = {id(p) for top in self.mobjects for p in top.get_family()}
        for mark, t, mobjects, digest in self._holding:
            intact = (all(id(p) in present for m in mobjects for p in m.family_members_with_points())
                      and _digest(mobjects) == digest)
            if not intact and changed_since - t < style.KEY_HOLD_S - 1e-6:
                self.short_holds.append((mark, round(changed_since - t, 3)))
            elif intact and self.now() - t < style.KEY_HOLD_S - 1e-6:
                if ending:
                    self.short_holds.append((mark, round(self.now() - t, 3)))
                else:
                    still.append((mark, t, mobjects, digest))
        self._holding = still

    def _audit_frame(self, moving=False):
        """Record what sits in the caption band, and what lies outside the graphics-safe area.

        While things move, only text must stay inside (a pipette may slide in from
        outside); at the end of a beat, everything must, and no two things may overlap.
        """
        box = self.layout
        for mob in self.mobjects:
            texts = {id(p) for m in mob.get_family() if isinstance(m, TEXTS) for p in m.get_family()}
            for part in _visible(mob):
                where = (round(self.now(), 3), type(part).__name__)
                # The part's box from the points Manim bounds it by, taken once (Manim's get_left,
                # get_right, get_top and get_bottom would each gather and scan them again).
                points = part.get_points_defining_boundary()
                (left, bottom), (right, top) = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
                if bottom < box.caption_band_top - 1e-6:
                    self.band_intrusions.append((*where, bottom))
                outside = left < box.left - 1e-6 or right > box.right + 1e-6 or top > box.top + 1e-6
                if outside and (not moving or id(part) in texts):
                    self.unsafe.append((*where, left, right, top))
        if not moving:
            background = BACKGROUND_AREA * self.design_scale ** 2
            self.overlaps.extend((round(self.now(), 3), *pair) for pair in overlapping_labels(self.mobjects, background))


TEXTS = (Text, MarkupText, MathTex, Tex, SingleStringMathTex)


def _visible(mob):
    """The parts of ``mob`` that draw something."""
    return [part for part in mob.family_members_with_points() if isinstance(part, VMobject)
            and (part.get_fill_opacity() > 0.01 or part.get_stroke_opacity() > 0.01)]


def _digest(mobjects):
    """A hash of how ``mobjects`` look: their points and colours."""
    sha = hashlib.sha256()
    for mob in mobjects:
        for part in mob.family_members_with_points():
            for array in (part.points, part.fill_rgbas, part.stroke_rgbas):
                sha.update(np.ascontiguousarray(array, dtype=np.float64).tobytes())
    return sha.hexdigest()


#: A filled shape whose box is larger than this, in the design frame's square units, is a background.
BACKGROUND_AREA = 3.0


def overlapping_labels(mobjects, background_area=BACKGROUND_AREA):
    """Pairs ``(label, other)`` where something of another group is drawn over a label's box.

    A label is any text or formula; a group is one of ``mobjects`` (an ion's symbol
    sits on its own disc). Large filled shapes (a cell's cytoplasm) are backgrounds.
    """
    labels, shapes = [], []
    for top in mobjects:
        texts = [m for m in top.get_family() if isinstance(m, TEXTS)
                 and max(m.get_fill_opacity(), m.get_stroke_opacity()) > 0.01]
        inside_text = {id(p) for m in texts for p in m.get_family()}
        labels += [(top, m) for m in texts if not any(m is not n and m in n.get_family() for n in texts)]
        shapes += [(top, p) for p in _visible(top) if id(p) not in inside_text
                   and p.width * p.height < background_area]
    corners = {}

    def box(mob):  # (x0, y0, x1, y1), found once a mobject: Manim scans its points again at every call
        if id(mob) not in corners:
            corners[id(mob)] = (*mob.get_corner(DL)[:2], *mob.get_corner(UR)[:2])
        return corners[id(mob)]

    found = []
    for top, text in labels:
        x0, y0, x1, y1 = box(text)
        x0, y0, x1, y1 = x0 + 0.02, y0 + 0.02, x1 - 0.02, y1 - 0.02
        for other_top, other in [*shapes, *labels]:
            if other_top is top:
                continue
            if isinstance(other, TEXTS):
                ox0, oy0, ox1, oy1 = box(other)
                hit = ox0 < x1 and x0 < ox1 and oy0 < y1 and y0 < oy1
            else:
                points = other.points[:, :2]
                hit = bool(np.any((points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)))
                if not hit and other.get_fill_opacity() > 0.05:
                    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                    ox0, oy0, ox1, oy1 = box(other)
                    hit = ox0 < cx < ox1 and oy0 < cy < oy1
            if hit:
                found.append((_name(text), _name(other)))
    return found


def _name(mob):
    return getattr(mob, "original_text", None) or getattr(mob, "tex_string", None) or type(mob).__name__
