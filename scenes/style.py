"""The explainer's look: colours, fonts, sizes and the caption-safe band, in one place."""

from dataclasses import dataclass
from functools import cache

from manim import ManimColor, TexTemplate

from common import palette
from common.format import LANDSCAPE, Format

BACKGROUND = ManimColor(palette.BACKGROUND)
INK = ManimColor(palette.INK)  # text and outlines
MUTED = ManimColor(palette.MUTED)  # secondary labels
ACCENT = ManimColor(palette.ACCENT)  # the meter, the resting potential

#: One colour per ion, used for its glyph, its channel and its arrows.
ION_COLOR = {ion: ManimColor(colour) for ion, colour in palette.ION_COLOR.items()}
ION_TEXT = {"K": "K⁺", "Na": "Na⁺", "Cl": "Cl⁻", "Ca": "Ca²⁺", "A": "A⁻"}
POSITIVE = ManimColor(palette.POSITIVE)
NEGATIVE = ManimColor(palette.NEGATIVE)

LIPID_HEAD = ManimColor(palette.LIPID_HEAD)
LIPID_TAIL = ManimColor(palette.LIPID_TAIL)
CYTOPLASM = ManimColor(palette.CYTOPLASM)
PROTEIN = ManimColor(palette.PROTEIN)

FONT = "DejaVu Sans"
#: Equations in a sans-serif to match the text (sansmath: Computer Modern Sans for math).
TEX_TEMPLATE = TexTemplate()
TEX_TEMPLATE.add_to_preamble(r"\usepackage[eulergreek]{sansmath}\sansmath")
TITLE_SIZE = 34
LABEL_SIZE = 26
SMALL_SIZE = 22
ION_LABEL_SIZE = 20
ION_RADIUS = 0.21


@dataclass(frozen=True)
class Layout:
    """Where things go in one format's frame, in scene units: the safe box, the caption band, the corner meter.

    Attributes
    ----------
    fmt : common.format.Format
        The format it lays out.
    frame_width, frame_height : float
        Manim's frame (the origin at its centre).
    left, right, top : float
        The graphics-safe area's edges (``common.format.SAFE_AREAS``): text always, and everything at the end of a
        beat, stays inside.
    caption_band_top : float
        The top of the band the burned-in captions use, plus a small gap: nothing is drawn below it while a cue shows.
    meter_at : tuple of float
        Where the voltmeter that carries from scene to scene stands, in the lower right above the captions.
    """

    fmt: Format
    frame_width: float
    frame_height: float
    left: float
    right: float
    top: float
    caption_band_top: float
    meter_at: tuple

    @property
    def safe_box(self):
        """The box a scene draws in: (x0, x1, y0, y1), from the safe area's sides and top to the caption band."""
        return self.left, self.right, self.caption_band_top, self.top


@cache
def layout(fmt=LANDSCAPE):
    """The :class:`Layout` of format ``fmt``."""
    height, width = fmt.frame_height, fmt.frame_width
    # The caption margin, the most lines a caption takes and the box.
    caption_px = fmt.caption_bottom_px + fmt.caption_lines * fmt.caption_font_px * 1.2 + 2 * fmt.caption_outline_px
    band_top = -height / 2 + height * caption_px / fmt.height + 0.15
    right, top = width / 2 * (1 - 2 * fmt.safe_side), height / 2 * (1 - 2 * fmt.safe_top)
    # In the corner the safe area and the caption band leave, a little in from both.
    meter_at = (5.3, -1.35, 0) if fmt == LANDSCAPE else (right - 0.8, band_top + 0.6, 0)
    return Layout(fmt, width, height, -right, right, top, band_top, meter_at)


#: The frame every scene is designed in: the landscape one. Other formats place its parts (``scenes.layout``).
DESIGN = layout(LANDSCAPE)
#: The design frame's safe half-width, for sizing what a scene builds in it.
SAFE_X = DESIGN.right
CORNER_METER_RADIUS = 0.5

#: How long each beat's key picture holds, complete and unchanged, at the least.
KEY_HOLD_S = 1.0
