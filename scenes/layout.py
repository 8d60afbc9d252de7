"""A scene's two parts placed in a format's frame: side by side or stacked, scaled to fit its safe box."""

from dataclasses import dataclass

import numpy as np

#: Room kept between the picture and the panel, and above the corner meter's strip, in scene units.
GAP = 0.3
#: The height of the strip along the bottom of the safe box that the corner meter stands in.
METER_STRIP = 1.05


@dataclass(frozen=True)
class Place:
    """Design coordinates (the landscape frame) to a format's frame: scaled by ``scale`` about the origin, then
    shifted by ``shift``. The landscape's own is the identity and changes nothing."""

    scale: float = 1.0
    shift: tuple = (0.0, 0.0, 0.0)
    stacked: bool = False  # the picture above the panel, each as wide as the safe box

    @property
    def identity(self):
        return self.scale == 1.0 and not any(self.shift)

    def point(self, p):
        """A design point in the frame."""
        if self.identity:
            return p
        return self.scale * np.asarray(p, dtype=float) + np.asarray(self.shift)

    def length(self, d):
        """A design length in the frame."""
        return d if self.identity else self.scale * d

    def __call__(self, *mobjects):
        """Move ``mobjects`` (built in design coordinates) into the frame; return the first."""
        if not self.identity:
            for mob in mobjects:
                mob.scale(self.scale, about_point=np.zeros(3)).shift(np.asarray(self.shift))
        return mobjects[0] if mobjects else None


    def sized(self, *mobjects):
        """Scale ``mobjects`` (built at the design size, to be placed beside something already placed) about their
        own centres; return the first."""
        if not self.identity:
            for mob in mobjects:
                mob.scale(self.scale)
        return mobjects[0] if mobjects else None


def arrange(layout, picture, panel):
    """The :class:`Place` of a scene's picture and of its panel in ``layout`` (a :class:`scenes.style.Layout`).

    ``picture`` and ``panel`` are boxes (x0, x1, y0, y1) in the landscape design frame, where the picture stands
    left of the panel and the corner meter below the panel. Another format puts them side by side or, where that
    would shrink them more, the picture above the panel; either way inside the safe box above the strip the corner
    meter stands in (its left part free for a note), scaled alike and never enlarged.
    """
    if layout.fmt.name == "landscape":
        return Place(), Place()
    x0, x1, y0, y1 = layout.safe_box
    width, height = x1 - x0, y1 - y0
    (pw, ph), (qw, qh) = _size(picture), _size(panel)
    y0, height = y0 + METER_STRIP, height - METER_STRIP
    side = min(1.0, (width - GAP) / (pw + qw), height / ph, height / qh)
    stacked = min(1.0, width / pw, width / qw, (height - GAP) / (ph + qh))
    if side >= stacked:
        s = side
        spare = (width - GAP - s * (pw + qw)) / 3
        pic_at = (x0 + spare + s * pw / 2, (y0 + y1) / 2)
        pan_at = (x1 - spare - s * qw / 2, (y0 + y1) / 2)
    else:
        s = stacked
        spare = (height - GAP - s * (ph + qh)) / 3
        pic_at = ((x0 + x1) / 2, y1 - spare - s * ph / 2)
        pan_at = ((x0 + x1) / 2, y0 + spare + s * qh / 2)
    return _place(picture, s, pic_at, side < stacked), _place(panel, s, pan_at, side < stacked)


def _size(box):
    x0, x1, y0, y1 = box
    return x1 - x0, y1 - y0


def _place(box, s, at, stacked):
    """The placement that scales ``box`` by ``s`` and centres it at ``at``."""
    x0, x1, y0, y1 = box
    return Place(s, (at[0] - s * (x0 + x1) / 2, at[1] - s * (y0 + y1) / 2, 0.0), stacked)
