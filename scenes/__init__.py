"""Manim scenes of the explainer, in the order they play."""

#: The explainer's scenes, in order (fixed names: see ARCHITECTURE.md).
SCENES_IN_ORDER = (
    "hook",
    "charge_separation",
    "potassium_leak",
    "goldman",
    "sodium_potassium_pump",
    "why_it_matters",
)
