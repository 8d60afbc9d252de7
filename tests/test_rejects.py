"""Every physically meaningless input is a ParameterError naming the parameter, value and range."""

import math

import pytest

import physics
from physics.params import with_overrides

IN = {"K": 140.0, "Na": 15.0}
OUT = {"K": 5.0, "Na": 145.0}
P = {"K": 1.0, "Na": 0.04}


def test_parameter_error_is_a_value_error_with_name_value_and_range():
    with pytest.raises(ValueError) as caught:
        physics.nernst_mv(-5.0, 140.0, 1)
    error = caught.value
    assert isinstance(error, physics.ParameterError)
    assert (error.parameter, error.value) == ("conc_out_mm", -5.0)
    assert str(error) == "conc_out_mm = -5.0 is not allowed: must be a finite number > 0"


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf, -math.inf, "5", None, True])
@pytest.mark.parametrize("position", [0, 1])
def test_nernst_rejects_concentrations_a_logarithm_cannot_take(bad, position):
    args = [5.0, 140.0]
    args[position] = bad
    with pytest.raises(physics.ParameterError, match=["conc_out_mm", "conc_in_mm"][position]):
        physics.nernst_mv(*args, 1)


@pytest.mark.parametrize("bad", [0, 1.5, math.nan, math.inf, "1", None, True])
def test_nernst_rejects_bad_valence(bad):
    with pytest.raises(physics.ParameterError, match="valence .* non-zero integer"):
        physics.nernst_mv(5.0, 140.0, bad)


@pytest.mark.parametrize("bad", [-273.15, -300.0, math.nan, math.inf])
def test_temperature_at_or_below_absolute_zero(bad):
    with pytest.raises(physics.ParameterError, match=r"temp_c .* > -273.15 °C"):
        physics.nernst_mv(5.0, 140.0, 1, temp_c=bad)
    with pytest.raises(physics.ParameterError, match="temp_c"):
        physics.ghk_mv(P, IN, OUT, temp_c=bad)


@pytest.mark.parametrize(
    ("permeability", "match"),
    [
        ({"K": -1.0, "Na": 0.04}, r"permeability\['K'\] = -1.0 .* ≥ 0"),
        ({"K": 0.0, "Na": 0.0}, "at least one above 0"),
        ({"K": math.nan, "Na": 0.04}, "permeability"),
        ({"K": 1.0, "Mg": 0.04}, "'Mg' .* one of the ion symbols K, Na, Cl, Ca"),
        ({}, "non-empty dict"),
    ],
)
def test_ghk_rejects_bad_permeabilities(permeability, match):
    with pytest.raises(physics.ParameterError, match=match):
        physics.ghk_mv(permeability, IN, OUT)


@pytest.mark.parametrize(
    ("c_in", "c_out", "match"),
    [
        ({"K": 140.0, "Na": -15.0}, OUT, r"conc_in_mm\['Na'\]"),
        (IN, {"K": math.inf, "Na": 145.0}, r"conc_out_mm\['K'\]"),
        ({"K": 140.0}, OUT, "Na is missing"),
        (IN, {"K": 0.0, "Na": 0.0}, "GHK ratio .* a permeant ion on each side"),
    ],
)
def test_ghk_rejects_bad_concentrations(c_in, c_out, match):
    with pytest.raises(physics.ParameterError, match=match):
        physics.ghk_mv(P, c_in, c_out)


def test_ghk_ratio_with_nothing_inside():
    with pytest.raises(physics.ParameterError, match="GHK ratio"):
        physics.ghk_mv({"K": 1.0}, {"K": 0.0}, {"K": 5.0})


@pytest.mark.parametrize("bad", [0.0, -1.5, math.nan])
def test_pump_ratio_not_above_zero(bad):
    with pytest.raises(physics.ParameterError, match="pump_ratio"):
        physics.pump_rest_mv(P, IN, OUT, pump_ratio=bad)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.inf])
def test_capacitance_and_thickness_not_above_zero(bad):
    with pytest.raises(physics.ParameterError, match="capacitance_uf_per_cm2"):
        physics.separated_charge_mol_per_cm2(-70.0, bad)
    with pytest.raises(physics.ParameterError, match="thickness_nm"):
        physics.field_v_per_m(-70.0, bad)
    with pytest.raises(physics.ParameterError, match="v_mv"):
        physics.field_v_per_m(math.nan)


@pytest.mark.parametrize(
    ("key", "value", "match"),
    [
        ("K.in", 0.0, r"K.in = 0.0 .* > 0"),
        ("Na.out", -3.0, "Na.out"),
        ("Cl.permeability", -0.1, r"Cl.permeability .* ≥ 0"),
        ("temp_c", -274.0, "temp_c"),
        ("capacitance_uf_per_cm2", 0.0, "capacitance_uf_per_cm2"),
        ("thickness_nm", -4.0, "thickness_nm"),
        ("pump_ratio", 0.0, "pump_ratio"),
        ("radius_um", math.nan, "radius_um"),
        ("K.outside", 8.0, "parameter = 'K.outside' .* one of the keys temp_c, K.in"),
    ],
)
def test_cell_rejects_bad_parameters(key, value, match):
    with pytest.raises(physics.ParameterError, match=match):
        with_overrides(physics.preset("neuron"), {key: value})


def test_cell_rejects_all_zero_permeabilities():
    overrides = {f"{ion}.permeability": 0.0 for ion in physics.VALENCE}
    with pytest.raises(physics.ParameterError, match="at least one above 0"):
        with_overrides(physics.preset("neuron"), overrides)


def test_cell_rejects_unknown_ion_and_mismatched_ions():
    with pytest.raises(physics.ParameterError, match="'Mg'"):
        physics.Cell("x", 37.0, {"Mg": 1.0}, {"Mg": 1.0}, {"Mg": 1.0})
    with pytest.raises(physics.ParameterError, match="same ion symbols"):
        physics.Cell("x", 37.0, {"K": 140.0}, {"K": 5.0, "Na": 145.0}, {"K": 1.0})


def test_unknown_preset():
    with pytest.raises(physics.ParameterError, match="cell = 'squid' .* neuron, skeletal_muscle"):
        physics.preset("squid")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"t_end_s": 0.0}, "t_end_s"),
        ({"t_end_s": 10.0, "pump_blocked_at_s": 11.0}, "pump_blocked_at_s .* between 0 and"),
        ({"t_end_s": 10.0, "pump_blocked_at_s": -1.0}, "pump_blocked_at_s"),
        ({"t_end_s": 10.0, "k_out_step": (1.0, 0.0)}, "k_out_step mm"),
        ({"t_end_s": 10.0, "k_out_step": 8.0}, r"k_out_step .* a pair \(t_s, mm\)"),
        ({"t_end_s": 10.0, "v_start_mv": math.nan}, "v_start_mv"),
        ({"t_end_s": 10.0, "samples": 1}, "samples"),
    ],
)
def test_simulate_rejects_bad_arguments(kwargs, match):
    with pytest.raises(physics.ParameterError, match=match):
        physics.simulate(physics.preset("neuron"), **kwargs)
