"""The video's shape as one value: pixel and frame size, safe area, caption band, poster and size budget."""

import math
from dataclasses import dataclass

#: Manim's qualities (as ``manim -q``): the short side in pixels and the frame rate.
QUALITIES = {"l": (480, 15), "m": (720, 30), "h": (1080, 60), "p": (1440, 60), "k": (2160, 60)}

#: Manim's frame is this many scene units along a format's short side, so a unit is the same number of pixels in
#: every format (135 at ``-q h``) and a label drawn at one size reads at the same size in each.
SHORT_SIDE_UNITS = 8.0

#: The safe areas, as fractions of the frame in from each edge, and where each number comes from. Text always, and
#: every picture at the end of a beat, stays inside; the bottom is the burned-in captions' band, which ends
#: ``caption_bottom`` above the frame's bottom edge.
#:
#: ========== ===== ===== ============== ==============================================================================
#: format     top   sides caption bottom source
#: ========== ===== ===== ============== ==============================================================================
#: landscape  5 %   5 %   7 % (76 px)    EBU R95 graphics-safe area (5 % in from each edge); BBC subtitle guidelines
#: vertical   14 %  8 %   20 % (384 px)  the platforms' overlays on 1080×1920: Meta's Reels safe zone keeps clear of
#:                                       the top 14 % and 6 % at the sides (Meta Business Help Center); TikTok's
#:                                       captions, description and buttons cover the lower 20 % and its action rail the
#:                                       right edge (TikTok Creative Center); YouTube Shorts' title and channel sit
#:                                       over the bottom. 8 % at the sides is wider than Meta's 6 %. Not cleared: Reels'
#:                                       own caption area (bottom 35 %) and TikTok's action rail (about 12 % of the
#:                                       width, over the lower half), which would leave too narrow a frame.
#: square     5 %   5 %   7 % (76 px)    EBU R95 applied to the square frame (feeds and slides put no overlay on it)
#: ========== ===== ===== ============== ==============================================================================
SAFE_AREAS = {"landscape": (0.05, 0.05, 76 / 1080), "vertical": (0.14, 0.08, 0.20), "square": (0.05, 0.05, 76 / 1080)}


@dataclass(frozen=True)
class Format:
    """A shape of the video. Pixel sizes are given at the reference quality (``-q h``) and scale with it.

    Attributes
    ----------
    name : str
        As ``--format`` names it.
    width, height : int
        Pixels at ``-q h``.
    caption_font_px, caption_side_px, caption_outline_px : int
        The burned-in captions' font size, side margins and box outline, at ``-q h``.
    caption_lines : int
        The most lines a burned-in caption takes: a cue whose lines are wider than the format's caption line is
        broken again into up to this many (the sidecar files keep the cue as cut).
    poster : tuple of int
        The poster's width and height in pixels.
    mb_per_minute : float
        The size budget at ``-q h``; larger qualities get more in proportion to their pixel area.
    """

    name: str
    width: int
    height: int
    caption_font_px: int = 54
    caption_side_px: int = 192
    caption_outline_px: int = 8
    caption_lines: int = 2
    poster: tuple = (1280, 720)
    mb_per_minute: float = 25.0

    @property
    def frame_height(self):
        """Manim's frame height in scene units (:data:`SHORT_SIDE_UNITS` along the short side)."""
        return SHORT_SIDE_UNITS * max(1.0, self.height / self.width)

    @property
    def frame_width(self):
        return self.frame_height * self.width / self.height

    @property
    def safe_top(self):
        """The safe area's top margin, a fraction of the height (:data:`SAFE_AREAS`)."""
        return SAFE_AREAS[self.name][0]

    @property
    def safe_side(self):
        """The safe area's left and right margins, a fraction of the width (:data:`SAFE_AREAS`)."""
        return SAFE_AREAS[self.name][1]

    @property
    def caption_bottom_px(self):
        """The captions' bottom margin at ``-q h``: the bottom of their box ends :data:`SAFE_AREAS`' caption bottom
        above the frame's edge."""
        return round(SAFE_AREAS[self.name][2] * self.height) + (0 if self.name == "landscape" else self.caption_outline_px)

    @property
    def caption_line_px(self):
        """The widest a burned-in caption line may be at ``-q h``: the width inside the side margins and the box."""
        return self.width - 2 * self.caption_side_px - 2 * self.caption_outline_px

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
#: 9:16 for Shorts, Reels and TikTok: captions a little smaller and in up to three lines, for the narrower line;
#: the poster at the platforms' cover size; the budget in proportion to the pixel area (the same as landscape's).
VERTICAL = Format("vertical", 1080, 1920, caption_font_px=48, caption_side_px=95, caption_lines=3,
                  poster=(720, 1280))
#: 1:1 for feeds and slides: captions as vertical's, inside the 90 % safe area.
SQUARE = Format("square", 1080, 1080, caption_font_px=48, caption_side_px=95, caption_lines=3, poster=(1080, 1080),
                mb_per_minute=25.0 * 1080 * 1080 / (1920 * 1080))

#: The formats by name; the first is the default.
FORMATS = {f.name: f for f in (LANDSCAPE, VERTICAL, SQUARE)}
