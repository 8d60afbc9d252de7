"""Manim scenes of the explainer, in the order they play."""

import importlib

#: The explainer's scenes, in order (fixed names: see ARCHITECTURE.md).
SCENES_IN_ORDER = (
    "hook",
    "charge_separation",
    "potassium_leak",
    "goldman",
    "sodium_potassium_pump",
    "why_it_matters",
)

def scene_stem(index, name):
    """``01-hook``: the file name of scene ``name``, number ``index`` (from 1), in every output."""
    return f"{index:02d}-{name}"


#: Chapter titles, for the chapters track and the page.
TITLES = {
    "hook": "The resting potential",
    "charge_separation": "A charged capacitor",
    "potassium_leak": "The potassium leak",
    "goldman": "Nernst and Goldman",
    "sodium_potassium_pump": "The Na⁺/K⁺ pump",
    "why_it_matters": "Why it matters",
}


def scene_class(name, cell=None, voice="piper", with_narration=False):
    """The Manim scene class called ``name``, for ``cell`` (None: the neuron).

    The class lives in ``scenes/<name>.py`` under its CamelCase name; this
    returns a subclass bound to the cell, voice and sound-track choice.
    """
    if name not in SCENES_IN_ORDER:
        raise ValueError(f"unknown scene {name!r}: choose from {', '.join(SCENES_IN_ORDER)}")
    module = importlib.import_module(f"scenes.{name}")
    base = getattr(module, "".join(part.capitalize() for part in name.split("_")))
    attributes = {"cell": cell, "voice": voice, "with_narration": with_narration}
    return type(base.__name__, (base,), attributes)
