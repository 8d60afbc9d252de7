"""The page's parameter explorer: every preset's resting state over a grid of slider values, as written."""

import functools
import itertools

import physics
from narration.quantities import quantity
from narration.values import pump_share
from narration.words import words
from physics.params import load_cell, parameters

#: Each slider's values (the preset's own value is added to them); the explorer shows only these.
SLIDERS = {
    # From hypokalemia through hyperkalemia to a K⁺ outside as high as inside.
    "K.out": (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 40.0, 80.0, 140.0),
    # From no Na⁺ leak to one as large as the K⁺ leak and beyond (the red cell's 0.7).
    "Na.permeability": (0.0, 0.001, 0.003, 0.01, 0.02, 0.04, 0.08, 0.12, 0.2, 0.5, 1.0, 2.0),
    # From ice water to fever.
    "temp_c": (0.0, 10.0, 20.0, 25.0, 30.0, 37.0, 40.0, 45.0),
}

#: The values the page shows, keyed as ``python -m physics --json`` keys them under "physics".
OUTPUTS = ("rest_mv", "ghk_mv", "pump_mv", "equilibrium_mv.K", "equilibrium_mv.Na", "equilibrium_mv.Cl")


def written_outputs(state):
    """Each of :data:`OUTPUTS` of a resting state as its rounded :class:`~narration.quantities.Quantity`."""
    shown = {"rest_mv": quantity(state.rest_mv, "mV"), "ghk_mv": quantity(state.ghk_mv, "mV"),
             "pump_mv": pump_share(state)}
    shown.update({f"equilibrium_mv.{ion}": quantity(v, "mV") for ion, v in state.equilibrium_mv.items()})
    return {key: shown[key] for key in OUTPUTS}


def axes(name):
    """Each slider's values for the preset ``name``: :data:`SLIDERS` and the preset's own value, in order."""
    own = parameters(physics.preset(name))
    return {key: sorted(set(values) | {float(own[key])}) for key, values in SLIDERS.items()}


@functools.cache
def explorer_grid():
    """The explorer's data: for each preset, its axes and, at every combination of slider values (the last
    slider varying fastest), the indices of its written outputs in ``strings``, or the index in ``refusals``
    of the one line the model refuses it with, as ``-1 - index``. Computed once per process: treat it as
    read-only."""
    strings, refusals, cells = {}, {}, {}
    units = {key: words()["parameters"][key][1] for key in SLIDERS}
    for name in physics.PRESETS:
        own = parameters(physics.preset(name))
        grid = axes(name)
        points = []
        for values in itertools.product(*grid.values()):
            sets = [f"{key}={value!r}" for key, value in zip(grid, values)]
            try:
                shown = written_outputs(physics.resting_state(load_cell(name, None, sets)))
            except physics.ExplainerError as error:
                points.append(-1 - refusals.setdefault(str(error), len(refusals)))
                continue
            points.append([strings.setdefault((q.written, q.value), len(strings)) for q in shown.values()])
        cells[name] = {
            "label": words()["cells"][name][0],
            "axes": {key: {"values": values, "written": [quantity(v, units[key]).written for v in values],
                           "preset": values.index(float(own[key]))} for key, values in grid.items()},
            "points": points,
        }
    return {"outputs": list(OUTPUTS), "strings": [list(s) for s in strings], "refusals": list(refusals),
            "cells": cells}
