"""The values the script speaks, computed by the physics for the current cell."""

from dataclasses import dataclass, replace
from fractions import Fraction

import physics
from narration.quantities import duration, quantity

#: Outside K⁺ is multiplied by this for the "extra potassium" claim.
HIGH_K_FACTOR = 2.0
#: The run-down is followed for at most this long.
RUNDOWN_MAX_S = 60 * 86400.0


@dataclass(frozen=True)
class Phrase:
    """Words that are written and spoken alike (a cell's name)."""

    written: str
    spoken: str


def story_values(cell, cell_names):
    """Every template value for ``cell``: ``{name: Quantity or Phrase}`` and the raw numbers.

    Parameters
    ----------
    cell : physics.Cell
    cell_names : dict
        Preset name to ``[one, many]`` names, from the script.

    Returns
    -------
    tuple of (dict, dict)
        The phrases to fill templates with, and the unrounded numbers the
        script's conditions test.
    """
    state = physics.resting_state(cell)
    raised = replace(cell, conc_out_mm={**cell.conc_out_mm, "K": cell.conc_out_mm["K"] * HIGH_K_FACTOR})
    presets = {name: physics.resting_state(physics.preset(name)).rest_mv for name in physics.PRESETS}
    lowest, highest = min(presets, key=presets.get), max(presets, key=presets.get)
    pump_ratio = Fraction(cell.pump_ratio).limit_denominator(10)
    numbers = {
        "rest": state.rest_mv,
        "ghk": state.ghk_mv,
        "pump": state.pump_mv,
        "e_k": state.equilibrium_mv["K"],
        "e_na": state.equilibrium_mv["Na"],
        "e_cl": state.equilibrium_mv["Cl"],
        "thickness": cell.thickness_nm,
        "field": state.field_v_per_m / 1e6,
        "k_fraction": 1.0 / state.k_fraction_moved,
        "k_in": cell.conc_in_mm["K"],
        "k_out": cell.conc_out_mm["K"],
        "p_na": cell.permeability["Na"],
        "pump_na": pump_ratio.numerator,
        "pump_k": pump_ratio.denominator,
        "rundown": physics.rundown_s(cell, t_max_s=RUNDOWN_MAX_S),
        "rest_high_k": physics.resting_state(raised).rest_mv,
        "rest_min": presets[lowest],
        "rest_max": presets[highest],
    }
    units = {"thickness": "nm", "field": "MV/m", "k_fraction": "count", "k_in": "mM", "k_out": "mM",
             "p_na": "count", "pump_na": "count", "pump_k": "count"}
    phrases = {name: quantity(value, units.get(name, "mV")) for name, value in numbers.items() if name != "rundown"}
    if numbers["rundown"] == float("inf"):
        longest = duration(RUNDOWN_MAX_S)
        phrases["rundown"] = Phrase(f"more than {longest.written}", f"more than {longest.spoken}")
    else:
        phrases["rundown"] = duration(numbers["rundown"])
    own = cell_names.get(cell.name, [cell.name.replace("_", " ")] * 2)
    phrases["cell"] = Phrase(own[0], own[0])
    phrases["cell_min"] = Phrase(cell_names[lowest][1], cell_names[lowest][1])
    phrases["cell_max"] = Phrase(cell_names[highest][1], cell_names[highest][1])
    return phrases, numbers
