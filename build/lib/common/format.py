"""The video's shape as one value: pixel and frame size, safe area, caption band, poster and size budget."""

import math
from dataclasses import dataclass

#: Manim's qualities (as ``manim -q``): the short side in pixels and the frame rate.
QUALITIES = {"l": (480, 15), "m": (720, 30), "h": (1080, 60), "p": (1440, 60), "k": (2160, 60)}


@dataclass(frozen=True)
class Format:
    """A shape of the video. Pixel sizes are given at the reference quality (``-q h``) and scale with it.

    Attributes
    ----------
    name : str
        As ``--format`` names it.
    width, height : int
        Pixels at ``-q h``.
    frame_height : float
        Manim's frame height in scene units; the width follows the aspect ratio.
    safe_fraction : float
        The graphics-safe area, as a fraction of the width and height (EBU R95: 5 % in from each edge).
    caption_font_px, caption_side_px, caption_bottom_px, caption_outline_px : int
        The burned-in captions' font size, side margins, bottom margin and box outline, at ``-q h``.
    poster : tuple of int
        The poster's width and height in pixels.
    mb_per_minute : float
        The size budget at ``-q h``; larger qualities get more in proportion to their pixel area.
    """

    name: str
    width: int
    height: int
    frame_height: float = 8.0
    safe_fraction: float = 0.9
    caption_font_px: int = 54
    caption_side_px: int = 192
    caption_bottom_px: int = 76
    caption_outline_px: int = 8
    poster: tuple = (1280, 720)
    mb_per_minute: float = 25.0

    @property
    def frame_width(self):
        return self.frame_height * self.width / self.height

    def pixels(self, quality):
        """Width, height and frame rate at ``quality`` (a key of :data:`QUALITIES`): the short side as Manim's,
        the long side in the format's ratio, rounded up to an even number (H.264 with 4:2:0 needs one)."""
        short, fps = QUALITIES[quality]
        scale = short / min(self.width, self.height)
        return _even(self.width * scale), _even(self.height * scale), fps

    def budget_mb_per_minute(self, width, height):
        """The size budget for a video of ``width`` × ``height`` pixels."""
        return self.mb_per_minute * max(1.0, width * height / (self.width * self.height))


def _even(pixels):
    return 2 * math.ceil(round(pixels, 6) / 2)


LANDSCAPE = Format("landscape", 1920, 1080)

#: The formats by name; the first is the default.
FORMATS = {f.name: f for f in (LANDSCAPE,)}
