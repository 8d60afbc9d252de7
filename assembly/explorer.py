"""The page's parameter explorer: every preset's resting state over a grid of slider values, as written,
and where the model refuses, the way back into it in a student's words."""

import functools
import hashlib
import itertools
import json
import math
from pathlib import Path

import physics
from narration.quantities import quantity
from narration.values import pump_share
from common.store import code_hash, write_text
from physics.params import load_cell, parameters

#: Each slider's values (the preset's own value is added to them); the explorer shows only these.
SLIDERS = {
    # From hypokalemia through hyperkalemia to a K⁺ outside as high as inside.
    "K.out": (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 40.0, 80.0, 140.0),
    # From no Na⁺ leak through one as large as the K⁺ leak (the red cell's 0.7) to the spike's peak.
    "Na.permeability": (0.0, 0.001, 0.003, 0.01, 0.02, 0.04, 0.08, 0.12, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0),
    # From ice water to fever.
    "temp_c": (0.0, 10.0, 20.0, 25.0, 30.0, 37.0, 40.0, 45.0),
}

#: Values marked on a slider, named in words.toml [page.marks]: P_K : P_Na ≈ 1 : 20 at the action
#: potential's peak (Hodgkin & Katz 1949, J Physiol 108:37), where the voltage nears E_Na.
MARKS = {"Na.permeability": 20.0}
assert all(value in SLIDERS[key] for key, value in MARKS.items()), "a mark sits on a slider's value"

#: The values the page shows, keyed as ``python -m physics --json`` keys them under "physics".
OUTPUTS = ("rest_mv", "ghk_mv", "pump_mv", "equilibrium_mv.K", "equilibrium_mv.Na", "equilibrium_mv.Cl")


def written_outputs(state, locale):
    """Each of :data:`OUTPUTS` of a resting state as its rounded :class:`~narration.quantities.Quantity` in
    ``locale``."""
    shown = {"rest_mv": quantity(state.rest_mv, "mV", locale), "ghk_mv": quantity(state.ghk_mv, "mV", locale),
             "pump_mv": pump_share(state, locale)}
    shown.update({f"equilibrium_mv.{ion}": quantity(v, "mV", locale) for ion, v in state.equilibrium_mv.items()})
    return {key: shown[key] for key in OUTPUTS}


def axes(name):
    """Each slider's values for the preset ``name``: :data:`SLIDERS` and the preset's own value, in order."""
    own = parameters(physics.preset(name))
    return {key: sorted(set(values) | {float(own[key])}) for key, values in SLIDERS.items()}


_PROJECT = Path(__file__).resolve().parent.parent
#: Changes when the code the grid is computed from changes: the physics, how values are written, this module.
SOURCES = code_hash(sorted([*_PROJECT.glob("physics/**/*.py"), *_PROJECT.glob("narration/**/*.py"),
                            *_PROJECT.glob("common/*.py"), Path(__file__)]))


def stored_grid(locale, folder):
    """:func:`explorer_grid` of ``locale``, kept in ``folder`` (a store's) under a hash of the language's words and
    :data:`SOURCES`: computed once, not by every render (it takes seconds)."""
    words = (locale.folder / "words.toml").read_bytes()
    path = Path(folder) / f"{locale.code}-{hashlib.sha256(words + SOURCES.encode()).hexdigest()[:24]}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        grid = explorer_grid(locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps(grid, ensure_ascii=False))
        return grid


@functools.cache
def explorer_grid(locale):
    """The explorer's data in ``locale``: for each preset, its axes and, at every combination of slider values (the last
    slider varying fastest), the indices of its written outputs in ``strings``, or the index in ``refusals``
    of what the page says instead, as ``-1 - index``. Computed once per process: treat it as read-only."""
    strings, refusals, cells = {}, {}, {}
    words = locale.words
    units = {key: words["parameters"][key][1] for key in SLIDERS}
    for name in physics.PRESETS:
        own = parameters(physics.preset(name))
        grid = axes(name)
        points = []
        for values in itertools.product(*grid.values()):
            sets = [f"{key}={value!r}" for key, value in zip(grid, values)]
            try:
                shown = written_outputs(physics.resting_state(load_cell(name, None, sets)), locale)
            except physics.ExplainerError:
                points.append(None)
                continue
            points.append([strings.setdefault((q.written, q.value), len(strings)) for q in shown.values()])
        written = {key: [quantity(v, units[key], locale).written for v in values] for key, values in grid.items()}
        shape = [len(values) for values in grid.values()]
        points = [point if point is not None
                  else -1 - refusals.setdefault(way_back(points, shape, index, written, words["page"]),
                                                len(refusals))
                  for index, point in enumerate(points)]
        cells[name] = {
            "label": words["cells"][name][0],
            "axes": {key: {"values": values, "written": written[key], "preset": values.index(float(own[key])),
                           **({"mark": values.index(MARKS[key])} if key in MARKS else {})}
                     for key, values in grid.items()},
            "points": points,
        }
    return {"outputs": list(OUTPUTS), "strings": [list(s) for s in strings], "refusals": list(refusals),
            "cells": cells}


def way_back(points, shape, index, written, page_words):
    """What the page says where the model refuses the point ``index`` of ``points`` (None where refused).

    The physics' own messages are written for the command line; a student hears instead which slider to
    move, and which way, to the nearest setting the model describes with the other sliders left as they
    are. That needs no knowledge of why the model stopped, so a refusal added to the physics reads the same.

    Parameters
    ----------
    points : list
        One entry per combination of slider values (the last slider varying fastest), None where refused.
    shape : list of int
        Each slider's number of values, in the order of :data:`SLIDERS`.
    index : int
        The refused point.
    written : dict
        Each slider's values as written.
    page_words : dict
        The language's ``words.toml [page]``.

    Returns
    -------
    str
        One sentence from ``words.toml [page.refusal]``, naming each slider as the page labels it.
    """
    text = page_words["refusal"]
    stride = [math.prod(shape[i + 1:]) for i in range(len(shape))]
    moves = []
    for key, size, step in zip(SLIDERS, shape, stride):
        at = index // step % size
        # The nearest allowed value along this slider alone; on a tie, the lower one.
        reachable = [j for j in range(size) if points[index + (j - at) * step] is not None]
        if reachable:
            j = min(reachable, key=lambda j: (abs(j - at), j))
            moves.append(text["left" if j < at else "right"].format(
                slider=page_words["params"][key], value=written[key][j]))
    moves = f", {text['or']} ".join(moves) if moves else text["back"]
    return text["sentence"].format(moves=moves)
