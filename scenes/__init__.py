"""Manim scenes of the explainer, in the order they play."""

import importlib

from common.plan import SCENES_IN_ORDER

__all__ = ["SCENES_IN_ORDER", "scene_class"]

def scene_class(name, scene_input=None, fmt=None):
    """The Manim scene class called ``name``, drawing ``scene_input`` in format ``fmt``.

    The class lives in ``scenes/<name>.py`` under its CamelCase name; this
    returns a subclass bound to the input (a :class:`scenes.inputs.SceneInput`)
    and the format (a :class:`common.format.Format`; None: the class's own, landscape).
    """
    if name not in SCENES_IN_ORDER:
        raise ValueError(f"unknown scene {name!r}: choose from {', '.join(SCENES_IN_ORDER)}")
    module = importlib.import_module(f"scenes.{name}")
    base = getattr(module, "".join(part.capitalize() for part in name.split("_")))
    return type(base.__name__, (base,), {"scene_input": scene_input, **({"fmt": fmt} if fmt else {})})
