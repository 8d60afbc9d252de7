"""The physics of the resting membrane potential: pure functions over floats."""

from physics.cell import Cell
from physics.constants import ION_LABEL, VALENCE
from physics.constants import SOURCE as CONSTANTS_SOURCE
from physics.equations import SOURCES as EQUATION_SOURCES
from physics.equations import field_v_per_m, ghk_mv, nernst_mv, pump_rest_mv, separated_charge_mol_per_cm2
from physics.errors import ExplainerError, OutsideModelError, ParameterError
from physics.presets import PRESETS, REFERENCES, RUNDOWN_UNMODELLED, preset
from physics.simulate import Trace, charging_time_s, rundown_s, simulate
from physics.state import RestingState, pump_runs, resting_state

__all__ = [
    "Cell",
    "CONSTANTS_SOURCE",
    "EQUATION_SOURCES",
    "ExplainerError",
    "ION_LABEL",
    "OutsideModelError",
    "PRESETS",
    "ParameterError",
    "REFERENCES",
    "RUNDOWN_UNMODELLED",
    "RestingState",
    "Trace",
    "VALENCE",
    "charging_time_s",
    "field_v_per_m",
    "ghk_mv",
    "nernst_mv",
    "preset",
    "pump_rest_mv",
    "pump_runs",
    "resting_state",
    "rundown_s",
    "separated_charge_mol_per_cm2",
    "simulate",
]
