"""Every value the viewer hears or sees, computed by the physics for the current cell."""

from dataclasses import dataclass, replace
from fractions import Fraction

import physics
from narration.quantities import duration, quantity, scientific

#: Outside K⁺ is multiplied by this for the "extra potassium" claim.
HIGH_K_FACTOR = 2.0
#: The run-down is followed for at most this long.
RUNDOWN_MAX_S = 60 * 86400.0


@dataclass(frozen=True)
class Phrase:
    """Words that are written and spoken alike (a cell's name)."""

    written: str
    spoken: str


@dataclass(frozen=True)
class Story:
    """The values of one cell's explainer.

    Attributes
    ----------
    phrases : dict
        Name to :class:`~narration.quantities.Quantity` or :class:`Phrase`: what
        the script says and the scenes show.
    numbers : dict
        Name to the unrounded number, for the script's conditions.
    traces : dict
        ``"charging"`` (from 0 mV to rest) and ``"rundown"`` (pump blocked at 0 s):
        :class:`physics.Trace` time courses for the scenes' plots.
    """

    phrases: dict
    numbers: dict
    traces: dict


def story_values(cell, cell_names):
    """Compute the :class:`Story` of ``cell``.

    Parameters
    ----------
    cell : physics.Cell
    cell_names : dict
        Preset name to ``[one, many]`` names, from the script.
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
        "e_ca": state.equilibrium_mv.get("Ca", float("nan")),
        "k_out_high": cell.conc_out_mm["K"] * HIGH_K_FACTOR,
        "charge_ms": physics.charging_time_s(cell) * 1000,
        **{f"rest_{name}": value for name, value in presets.items()},
    }
    units = {"thickness": "nm", "field": "MV/m", "k_fraction": "count", "k_in": "mM", "k_out": "mM",
             "k_out_high": "mM", "p_na": "count", "pump_na": "count", "pump_k": "count", "charge_ms": "ms"}
    phrases = {name: quantity(value, units.get(name, "mV")) for name, value in numbers.items() if name != "rundown"}
    # The pump's share is said and shown as the difference of the rounded voltages, so that
    # "leaks alone −67 mV, pump adds −5 mV, with the pump −72 mV" adds up on screen.
    phrases["pump"] = quantity(phrases["rest"].value - phrases["ghk"].value, "mV")
    if numbers["rundown"] == float("inf"):
        longest = duration(RUNDOWN_MAX_S)
        phrases["rundown"] = Phrase(f"more than {longest.written}", f"more than {longest.spoken}")
    else:
        phrases["rundown"] = duration(numbers["rundown"])
    own = cell_names.get(cell.name, [cell.name.replace("_", " ")] * 2)
    phrases["cell"] = Phrase(own[0], own[0])
    phrases["cell_min"] = Phrase(cell_names[lowest][1], cell_names[lowest][1])
    phrases["cell_max"] = Phrase(cell_names[highest][1], cell_names[highest][1])
    phrases["charge"] = scientific(state.charge_mol_per_cm2, "mol/cm²", "moles per square centimeter")
    numbers["charge"] = state.charge_mol_per_cm2
    for name in physics.PRESETS:
        phrases[f"name_{name}"] = Phrase(cell_names[name][1], cell_names[name][1])
    rundown_end = min(3 * numbers["rundown"], RUNDOWN_MAX_S)
    traces = {
        "charging": physics.simulate(cell, 3 * numbers["charge_ms"] / 1000, v_start_mv=0.0, samples=301),
        "rundown": physics.simulate(cell, rundown_end, pump_blocked_at_s=0.0, samples=301),
    }
    return Story(phrases=phrases, numbers=numbers, traces=traces)
