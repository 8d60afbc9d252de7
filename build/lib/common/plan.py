"""The explainer's plan: its scenes in order, the beats each plays and the bookmarks they are timed to."""

#: The explainer's scenes, in order (fixed names: see docs/ARCHITECTURE.md).
SCENES_IN_ORDER = (
    "hook",
    "charge_separation",
    "potassium_leak",
    "goldman",
    "sodium_potassium_pump",
    "why_it_matters",
)

#: The beats each scene plays, in order, and the bookmarks its pictures are timed to;
#: the script must give each beat a sentence that marks them (checked when it loads).
BEATS = {
    "hook": {"changed": ("changed",), "meter": ("meter", "battery")},
    "charge_separation": {"capacitor": ("capacitor", "field"), "skin": ("skin", "bulk")},
    "potassium_leak": {"leak": ("leak", "anions", "balance")},
    "goldman": {"nernst": ("nernst", "pull"), "goldman": ("goldman", "ghk")},
    "sodium_potassium_pump": {"pump": ("cycle", "share"), "rundown": ("rundown",)},
    "why_it_matters": {"compare": ("compare",), "closing": ("closing",)},
}

#: Beats a scene can do without: the script says when (a variant says what changed
#: instead of comparing the presets; the run-down is timed only where the model can).
OPTIONAL_BEATS = frozenset({"changed", "closing", "rundown"})


def scene_stem(index, name):
    """``01-hook``: the file name of scene ``name``, number ``index`` (from 1), in every output."""
    return f"{index:02d}-{name}"
