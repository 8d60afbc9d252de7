"""The explainer's colours as hex strings: the scenes draw with them and the page shows them."""

BACKGROUND = "#0E1726"
INK = "#E8EEF5"  # text and outlines
MUTED = "#8FA3B8"  # secondary labels
ACCENT = "#FFD166"  # the meter, the resting potential

#: One colour per ion, used for its glyph, its channel, its arrows and its marker on the page.
ION_COLOR = {
    "K": "#B07CFF",  # violet
    "Na": "#FF9F43",  # orange
    "Cl": "#3DDC97",  # green
    "Ca": "#F6E05E",  # yellow
    "A": "#7F8EA3",  # grey-blue: the trapped anions
}
POSITIVE = "#FF6B6B"
NEGATIVE = "#4DABF7"

LIPID_HEAD = "#F4C98B"
LIPID_TAIL = "#C9A36B"
CYTOPLASM = "#1B2A41"
PROTEIN = "#5C6F8A"
