"""Every value the viewer hears or sees, computed by the physics for the current cell."""

import math
from dataclasses import dataclass, replace
from fractions import Fraction

import physics
from narration.quantities import duration, quantity, scientific
from physics.limits import require_voltage_above_noise
from physics.params import parameters

#: Outside K⁺ is multiplied by this for a preset's "extra potassium" claim.
HIGH_K_FACTOR = 2.0
#: The run-down is followed for at most this long.
RUNDOWN_MAX_S = 60 * 86400.0
#: A leak doing at least this share of the pulling off E_K is named as pulling.
CREDIT_SHARE = 0.3
#: The pump's ratio is told as a fraction of whole numbers up to this denominator when exact.
PUMP_DENOMINATOR = 10


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
        Name to the number the script's conditions test: a value as it is said and
        shown (rounded) where it is said, otherwise the physics' own number.
    traces : dict
        ``"rundown"`` (pump blocked at 0 s): the :class:`physics.Trace` time course
        of the pump scene's plot.
    changes : dict
        Each parameter that differs from the cell's preset: key to ``(old, new)``.
    cell_name : str
        The cell's preset.
    """

    phrases: dict
    numbers: dict
    traces: dict
    changes: dict
    cell_name: str


#: Every value a script may name: a template's ``{name}`` or a condition's name.
VALUE_NAMES = frozenset({
    "rest", "ghk", "pump", "e_k", "e_na", "e_cl", "e_ca", "thickness", "field", "k_fraction", "k_in", "k_out",
    "p_na", "pump_ratio", "pump_na", "pump_k", "pump_exact", "rundown", "rundown_s", "na_pull", "cl_pull",
    "ca_pull", "cl_share", "na_credited", "cl_credited", "ca_credited", "k_over_na", "cl_over_k", "cl_sets",
    "pump_idle", "rundown_told", "preset_k_out", "rest_high_k", "k_out_high", "changed", "preset_rest", "rest_min",
    "rest_max", "charge",
    "charge_ms", "cell", "cells", "a_cell", "cell_min", "cell_max", *(f"rest_{name}" for name in physics.PRESETS),
    *(f"name_{name}" for name in physics.PRESETS),
})


def story_values(cell, locale):
    """Compute the :class:`Story` of ``cell``, its phrases in ``locale``.

    Raises
    ------
    physics.ExplainerError
        The cell is outside what the model describes.
    """
    state = physics.resting_state(cell)
    # A voltage lost in the noise moves no charge (its "one K⁺ in N" would divide by zero): refused here, as
    # the run-down below would refuse it.
    require_voltage_above_noise(cell, state.rest_mv, "the membrane's battery")
    cell_names = locale.words["cells"]
    presets = {name: physics.resting_state(physics.preset(name)).rest_mv for name in physics.PRESETS}
    lowest, highest = min(presets, key=presets.get), max(presets, key=presets.get)
    pump_ratio = Fraction(cell.pump_ratio).limit_denominator(PUMP_DENOMINATOR)
    changes = changed_parameters(cell)
    raw = {
        "rest": state.rest_mv,
        "ghk": state.ghk_mv,
        "e_k": state.equilibrium_mv["K"],
        "e_na": state.equilibrium_mv["Na"],
        "e_cl": state.equilibrium_mv["Cl"],
        "e_ca": state.equilibrium_mv["Ca"],
        "na_pull": abs(state.pull_mv.get("Na", 0.0)),
        "cl_pull": abs(state.pull_mv.get("Cl", 0.0)),
        "ca_pull": abs(state.pull_mv.get("Ca", 0.0)),
        "rest_min": presets[lowest],
        "rest_max": presets[highest],
        "preset_rest": presets[cell.name],
        **{f"rest_{name}": value for name, value in presets.items()},
    }
    phrases = {name: quantity(value, "mV", locale) for name, value in raw.items()}
    phrases.update(
        thickness=quantity(cell.thickness_nm, "nm", locale),
        field=quantity(state.field_v_per_m / 1e6, "MV/m", locale),
        k_fraction=quantity(1.0 / state.k_fraction_moved, "count", locale),
        k_in=quantity(cell.conc_in_mm["K"], "mM", locale),
        k_out=quantity(cell.conc_out_mm["K"], "mM", locale),
        preset_k_out=quantity(physics.preset(cell.name).conc_out_mm["K"], "mM", locale),
        cl_over_k=quantity(cell.permeability["Cl"] / cell.permeability["K"], "count", locale),
        p_na=quantity(cell.permeability["Na"], "count", locale),
        pump_ratio=quantity(cell.pump_ratio, "count", locale),
        pump_na=quantity(pump_ratio.numerator, "count", locale),
        pump_k=quantity(pump_ratio.denominator, "count", locale),
        charge_ms=quantity(physics.charging_time_s(cell) * 1000, "ms", locale),
        charge=scientific(state.charge_mol_per_cm2, "mol_cm2", locale),
        pump=pump_share(state, locale),
    )
    if cell.permeability["Na"] > 0:
        phrases["k_over_na"] = quantity(cell.permeability["K"] / cell.permeability["Na"], "count", locale)
    if not changes:
        raised = replace(cell, conc_out_mm={**cell.conc_out_mm, "K": cell.conc_out_mm["K"] * HIGH_K_FACTOR})
        phrases["rest_high_k"] = quantity(physics.resting_state(raised).rest_mv, "mV", locale)
        phrases["k_out_high"] = quantity(raised.conc_out_mm["K"], "mM", locale)
    rundown_s = physics.rundown_s(cell, t_max_s=RUNDOWN_MAX_S)
    if math.isinf(rundown_s):
        longest = duration(RUNDOWN_MAX_S, locale)
        more = locale.words["numbers"]["more_than"]
        phrases["rundown"] = Phrase(f"{more} {longest.written}", f"{more} {longest.spoken}")
    else:
        phrases["rundown"] = duration(rundown_s, locale)
    own = cell_names[cell.name]
    phrases["cell"] = Phrase(own[0], own[0])
    # Many of this cell, and one with its article: languages whose articles agree with the noun
    # say "un glóbulo rojo" but "una neurona", or speak in the plural ("in ruhenden Erythrozyten").
    phrases["cells"] = Phrase(own[1], own[1])
    phrases["a_cell"] = Phrase(own[-1] if len(own) > 2 else own[0], own[-1] if len(own) > 2 else own[0])
    phrases["cell_min"] = Phrase(cell_names[lowest][1], cell_names[lowest][1])
    phrases["cell_max"] = Phrase(cell_names[highest][1], cell_names[highest][1])
    for name in physics.PRESETS:
        phrases[f"name_{name}"] = Phrase(cell_names[name][1], cell_names[name][1])
    numbers = {name: phrase.value for name, phrase in phrases.items() if hasattr(phrase, "value")}
    pulls = {ion: numbers[f"{ion}_pull"] for ion in ("na", "cl", "ca")}
    total = sum(pulls.values())
    shares = {ion: pull / total if total else 0.0 for ion, pull in pulls.items()}
    # A leak is credited with pulling the voltage off E_K when it moves it by a millivolt
    # or more and does at least CREDIT_SHARE of the pulling.
    numbers.update({f"{ion}_credited": int(pulls[ion] >= 1 and shares[ion] >= CREDIT_SHARE) for ion in pulls})
    pump_idle = not physics.pump_runs(cell)
    numbers.update(
        pump_exact=int(math.isclose(float(pump_ratio), cell.pump_ratio, rel_tol=1e-9)),
        rundown_s=rundown_s,
        cl_share=shares["cl"],
        # Cl⁻ sets the voltage when it crosses more easily than K⁺ and is not passive (a passive Cl⁻
        # follows the voltage instead): the red cell's Donnan story.
        cl_sets=int(cell.permeability["Cl"] > cell.permeability["K"] and not cell.cl_passive),
        pump_idle=int(pump_idle),
        rundown_told=int(_rundown_modelled(cell, numbers["cl_credited"]) and not pump_idle),
        changed=len(changes),
    )
    rundown_end = min(3 * rundown_s, RUNDOWN_MAX_S)
    traces = {"rundown": physics.simulate(cell, rundown_end, pump_blocked_at_s=0.0, samples=301)}
    assert set(phrases) | set(numbers) <= VALUE_NAMES, set(phrases) | set(numbers) - VALUE_NAMES
    return Story(phrases=phrases, numbers=numbers, traces=traces, changes=changes, cell_name=cell.name)


def _rundown_modelled(cell, cl_credited):
    """Whether the model can time the run-down: not for a preset whose run-down it lacks the parts for
    (physics.RUNDOWN_UNMODELLED), nor where a Cl⁻ leak pulls and no accumulator would hold Cl⁻ (the
    model has none: its Cl⁻ would run down on a clock no cell keeps)."""
    return cell.name not in physics.RUNDOWN_UNMODELLED and (cell.cl_passive or not cl_credited)


def pump_share(state, locale):
    """The pump's share as said and shown: the difference of the rounded voltages, so that
    "leaks alone −67 mV, pump adds −5 mV, with the pump −72 mV" adds up on screen."""
    return quantity(quantity(state.rest_mv, "mV", locale).value - quantity(state.ghk_mv, "mV", locale).value, "mV", locale)


def changed_quantities(changes, locale):
    """Each change as ``(name, old, new)``: its name from words.toml and both values as Quantities."""
    names = locale.words["parameters"]
    told = {}
    for key, (old, new) in changes.items():
        name, unit = names[key]
        told[key] = (name, quantity(float(old), unit, locale), quantity(float(new), unit, locale))
    return told


def changed_parameters(cell):
    """The parameters of ``cell`` that differ from its preset's: key to ``(old, new)``."""
    preset = parameters(physics.preset(cell.name))
    return {key: (preset[key], value) for key, value in parameters(cell).items() if value != preset[key]}
