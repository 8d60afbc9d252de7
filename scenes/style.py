"""The explainer's look: colours, fonts, sizes and the caption-safe band, in one place."""

from manim import ManimColor, TexTemplate

from narration.captions import CAPTION_STYLE, MAX_LINES

BACKGROUND = ManimColor("#0E1726")
INK = ManimColor("#E8EEF5")  # text and outlines
MUTED = ManimColor("#8FA3B8")  # secondary labels
ACCENT = ManimColor("#FFD166")  # the meter, the resting potential

#: One colour per ion, used for its glyph, its channel and its arrows.
ION_COLOR = {
    "K": ManimColor("#B07CFF"),  # violet
    "Na": ManimColor("#FF9F43"),  # orange
    "Cl": ManimColor("#3DDC97"),  # green
    "Ca": ManimColor("#F6E05E"),  # yellow
    "A": ManimColor("#7F8EA3"),  # grey-blue: the trapped anions
}
ION_TEXT = {"K": "K⁺", "Na": "Na⁺", "Cl": "Cl⁻", "Ca": "Ca²⁺", "A": "A⁻"}
POSITIVE = ManimColor("#FF6B6B")
NEGATIVE = ManimColor("#4DABF7")

LIPID_HEAD = ManimColor("#F4C98B")
LIPID_TAIL = ManimColor("#C9A36B")
CYTOPLASM = ManimColor("#1B2A41")
PROTEIN = ManimColor("#5C6F8A")

FONT = "DejaVu Sans"
#: Equations in a sans-serif to match the text (sansmath: Computer Modern Sans for math).
TEX_TEMPLATE = TexTemplate()
TEX_TEMPLATE.add_to_preamble(r"\usepackage[eulergreek]{sansmath}\sansmath")
TITLE_SIZE = 34
LABEL_SIZE = 26
SMALL_SIZE = 22
ION_LABEL_SIZE = 20
ION_RADIUS = 0.21

FRAME_HEIGHT = 8.0
FRAME_WIDTH = 8.0 * 16 / 9

#: Top of the band the burned-in captions use, in scene units (y of the frame's
#: bottom is -4): the caption margin, two lines and the box, plus a small gap.
_CAPTION_PX = CAPTION_STYLE.marginv + MAX_LINES * CAPTION_STYLE.fontsize * 1.2 + 2 * CAPTION_STYLE.outline
CAPTION_BAND_TOP = -FRAME_HEIGHT / 2 + FRAME_HEIGHT * _CAPTION_PX / 1080 + 0.15

#: The graphics-safe area (EBU R95): 5 % of the width and height in from each edge.
#: Text always, and everything at the end of a beat, stays inside it.
SAFE_X = FRAME_WIDTH / 2 * 0.9
SAFE_Y = FRAME_HEIGHT / 2 * 0.9

#: The voltmeter that carries from scene to scene, in the lower right above the captions.
CORNER_METER_AT = (5.3, -1.35, 0)
CORNER_METER_RADIUS = 0.5

#: How long each beat's key picture holds, complete and unchanged, at the least.
KEY_HOLD_S = 1.0
