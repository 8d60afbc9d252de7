"""The explainer's look: colours, fonts, sizes and the caption-safe band, in one place."""

from manim import ManimColor, TexTemplate

from common import palette
from common.format import LANDSCAPE
from narration.captions import MAX_LINES

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

FORMAT = LANDSCAPE
FRAME_HEIGHT = FORMAT.frame_height
FRAME_WIDTH = FORMAT.frame_width

#: Top of the band the burned-in captions use, in scene units (y of the frame's
#: bottom is -4): the caption margin, two lines and the box, plus a small gap.
_CAPTION_PX = FORMAT.caption_bottom_px + MAX_LINES * FORMAT.caption_font_px * 1.2 + 2 * FORMAT.caption_outline_px
CAPTION_BAND_TOP = -FRAME_HEIGHT / 2 + FRAME_HEIGHT * _CAPTION_PX / FORMAT.height + 0.15

#: The graphics-safe area (EBU R95: 5 % of the width and height in from each edge).
#: Text always, and everything at the end of a beat, stays inside it.
SAFE_X = FRAME_WIDTH / 2 * FORMAT.safe_fraction
SAFE_Y = FRAME_HEIGHT / 2 * FORMAT.safe_fraction

#: The voltmeter that carries from scene to scene, in the lower right above the captions.
CORNER_METER_AT = (5.3, -1.35, 0)
CORNER_METER_RADIUS = 0.5

#: How long each beat's key picture holds, complete and unchanged, at the least.
KEY_HOLD_S = 1.0
