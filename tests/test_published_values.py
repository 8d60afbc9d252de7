"""Published values the physics must reproduce, each with its tolerance and source."""

import pytest
from scipy.constants import e as ELEMENTARY_CHARGE_C

import physics
from physics.equations import thermal_voltage_mv
from physics.params import load_cell

BRIEF_IN = {"K": 140.0, "Na": 15.0, "Cl": 10.0, "Ca": 0.0001}
BRIEF_OUT = {"K": 5.0, "Na": 145.0, "Cl": 110.0, "Ca": 1.2}

# Squid giant axon (Kandel, Principles of Neural Science, Table 7-1), with
# Hodgkin & Katz's (1949) ratios P_K : P_Na : P_Cl = 1 : 0.04 : 0.45 at rest and
# 1 : 20 : 0.45 at the spike peak; about 20 °C (RT/F·ln10 = 58 mV).
SQUID_IN = {"K": 400.0, "Na": 50.0, "Cl": 52.0}
SQUID_OUT = {"K": 20.0, "Na": 440.0, "Cl": 560.0}


def test_61_5_mv_per_decade_at_body_temperature():
    # The brief: E = 61.5 mV × log10(out/in) at 37 °C.
    assert thermal_voltage_mv(37.0) * 2.302585093 == pytest.approx(61.5, abs=0.05)


@pytest.mark.parametrize(
    ("ion", "expected_mv", "tolerance_mv"),
    [("K", -90.0, 1.5), ("Na", 60.0, 1.5), ("Cl", -65.0, 1.5), ("Ca", 120.0, 6.0)],
)
def test_brief_equilibrium_potentials(ion, expected_mv, tolerance_mv):
    # The brief's table at 37 °C: ≈ −90, +60, −65 and +120 mV (the brief rounds Ca²⁺ coarsely).
    valence = physics.VALENCE[ion]
    assert physics.nernst_mv(BRIEF_OUT[ion], BRIEF_IN[ion], valence) == pytest.approx(expected_mv, abs=tolerance_mv)


def test_squid_axon_at_rest():
    # Kandel: about −60 mV.
    v = physics.ghk_mv({"K": 1.0, "Na": 0.04, "Cl": 0.45}, SQUID_IN, SQUID_OUT, temp_c=20.0)
    assert v == pytest.approx(-60.0, abs=2.0)


def test_squid_axon_at_spike_peak():
    # Hodgkin & Katz (1949): the peak lies near +40 to +50 mV; the GHK value is about +43 mV.
    v = physics.ghk_mv({"K": 1.0, "Na": 20.0, "Cl": 0.45}, SQUID_IN, SQUID_OUT, temp_c=20.0)
    assert v == pytest.approx(44.0, abs=3.0)


def test_field_across_4_nm_at_minus_70_mv():
    # The brief: −70 mV across 4 nm is roughly 17 million volts per metre (17.5 exactly).
    assert physics.field_v_per_m(-70.0, 4.0) == pytest.approx(1.75e7, rel=1e-12)
    assert physics.field_v_per_m(-70.0) == pytest.approx(17e6, abs=1e6)


def test_charge_to_charge_1_uf_per_cm2_to_minus_70_mv():
    # Q = CV / F = 1e-6 F/cm² × 0.07 V / 96485 C/mol ≈ 7.3e-13 mol/cm².
    assert physics.separated_charge_mol_per_cm2(-70.0, 1.0) == pytest.approx(7e-13, rel=0.05)
    assert physics.separated_charge_mol_per_cm2(-70.0, 1.0, valence=2) == pytest.approx(3.6e-13, rel=0.02)


@pytest.mark.parametrize(
    ("name", "low_mv", "high_mv"),
    [
        ("neuron", -75.0, -65.0),  # about −70 mV
        ("skeletal_muscle", -95.0, -85.0),  # about −90 mV
        ("cardiac_myocyte", -90.0, -80.0),  # about −85 mV (ten Tusscher 2004: −86 mV)
        ("smooth_muscle", -60.0, -40.0),  # −40 to −60 mV
        ("red_blood_cell", -13.0, -7.0),  # about −10 mV
    ],
)
def test_presets_rest_in_measured_ranges(name, low_mv, high_mv):
    assert low_mv <= physics.resting_state(physics.preset(name)).rest_mv <= high_mv


def test_red_blood_cell_follows_e_cl():
    state = physics.resting_state(physics.preset("red_blood_cell"))
    assert state.rest_mv == pytest.approx(state.equilibrium_mv["Cl"], abs=0.5)
    # Its measured Cl⁻ is taken as it is (Donnan), and its Cl⁻ leak sets the voltage.
    assert state.conc_in_mm["Cl"] == 75.0
    assert abs(state.pull_mv["Cl"]) > 5 * abs(state.pull_mv["Na"])


def test_skeletal_muscle_chloride_is_passive():
    # Hodgkin & Horowicz (1959): Cl⁻ distributes passively in muscle, E_Cl = rest,
    # with the inside Cl⁻ of a few mM that Hille (2001) gives (4.2 mM).
    state = physics.resting_state(physics.preset("skeletal_muscle"))
    assert state.equilibrium_mv["Cl"] == pytest.approx(state.rest_mv, abs=1e-6)
    assert state.conc_in_mm["Cl"] == pytest.approx(4.2, rel=0.1)
    assert state.pull_mv["Cl"] == 0.0
    # K⁺ sets the voltage: the rest lies a few mV above E_K.
    assert 0 < state.rest_mv - state.equilibrium_mv["K"] < 8


def test_neuron_state_matches_the_brief():
    cell = physics.preset("neuron")
    state = physics.resting_state(cell)
    assert state.equilibrium_mv["K"] == pytest.approx(-90.0, abs=1.5)
    # The pump adds a few millivolts of negativity: the brief's −2 to −10 mV.
    assert -10.0 <= state.pump_mv <= -2.0
    # That share is the pump's electrogenic part alone: an electroneutral pump (one Na⁺ for one K⁺)
    # leaves the neuron at the GHK voltage of its leaks.
    neutral = physics.resting_state(load_cell("neuron", None, ["pump_ratio=1"]))
    assert neutral.rest_mv == pytest.approx(state.ghk_mv, abs=1e-9)
    assert state.charge_mol_per_cm2 == pytest.approx(7e-13, rel=0.1)
    assert state.field_v_per_m == pytest.approx(17e6, rel=0.1)
    # The count another way, Q = C·V in elementary charges: 1 µF/cm² is 1e-14 F/µm².
    charges_per_um2 = cell.capacitance_uf_per_cm2 * 1e-14 * abs(state.rest_mv) * 1e-3 / ELEMENTARY_CHARGE_C
    assert state.ions_per_um2 == pytest.approx(charges_per_um2, rel=1e-9)
    # Only a tiny fraction of the K⁺ moves.
    assert 1e-6 < state.k_fraction_moved < 1e-4


def test_resting_state_returns_numbers():
    state = physics.resting_state(physics.preset("neuron"))
    for name in ("ghk_mv", "pump_mv", "rest_mv", "field_v_per_m", "charge_mol_per_cm2", "ions_per_um2",
                 "k_fraction_moved"):
        assert isinstance(getattr(state, name), float), name
    assert set(state.equilibrium_mv) == set(state.conc_in_mm) == {"K", "Na", "Cl", "Ca"}
    assert set(state.pull_mv) == {"Na", "Cl"}
    assert all(isinstance(v, float) for v in [*state.conc_in_mm.values(), *state.pull_mv.values()])
