"""Laws that hold for every input, as property tests."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import physics
from physics.equations import _root_of_net_current, ghk_flux_mol_per_cm2_s

conc = st.floats(min_value=0.01, max_value=1000.0)
perm = st.floats(min_value=0.0, max_value=100.0)
temp = st.floats(min_value=0.0, max_value=45.0)
MONOVALENT = ("K", "Na", "Cl")
ALL_IONS = ("K", "Na", "Cl", "Ca")


def ion_dicts(ions):
    return st.tuples(*(st.fixed_dictionaries({i: s for i in ions}) for s in (perm, conc, conc)))


def equilibria(c_in, c_out, permeability, temp_c):
    return [physics.nernst_mv(c_out[i], c_in[i], physics.VALENCE[i], temp_c) for i, p in permeability.items() if p > 0]


@given(ion_dicts(ALL_IONS), temp)
def test_ghk_lies_between_the_equilibrium_potentials_of_its_permeant_ions(dicts, temp_c):
    permeability, c_in, c_out = dicts
    assume(any(p > 1e-3 for p in permeability.values()))
    e = equilibria(c_in, c_out, permeability, temp_c)
    v = physics.ghk_mv(permeability, c_in, c_out, temp_c)
    assert min(e) - 1e-6 <= v <= max(e) + 1e-6


@given(conc, conc, perm, temp)
def test_only_potassium_permeant_gives_e_k(k_in, k_out, p_k, temp_c):
    assume(p_k > 0)
    c_in = {"K": k_in, "Na": 15.0, "Cl": 10.0, "Ca": 1e-4}
    c_out = {"K": k_out, "Na": 145.0, "Cl": 110.0, "Ca": 1.2}
    v = physics.ghk_mv({"K": p_k, "Na": 0.0, "Cl": 0.0, "Ca": 0.0}, c_in, c_out, temp_c)
    assert v == pytest.approx(physics.nernst_mv(k_out, k_in, 1, temp_c), abs=1e-9)


@given(ion_dicts(ALL_IONS), st.floats(min_value=1e-3, max_value=1e3), temp)
def test_scaling_every_permeability_changes_nothing(dicts, scale, temp_c):
    permeability, c_in, c_out = dicts
    assume(any(p > 1e-3 for p in permeability.values()))
    scaled = {i: p * scale for i, p in permeability.items()}
    for voltage in (physics.ghk_mv, physics.pump_rest_mv):
        assert voltage(scaled, c_in, c_out, temp_c) == pytest.approx(
            voltage(permeability, c_in, c_out, temp_c), abs=1e-6)


@given(ion_dicts(MONOVALENT), st.floats(min_value=1.01, max_value=10.0), temp)
def test_raising_outside_potassium_depolarizes(dicts, factor, temp_c):
    permeability, c_in, c_out = dicts
    assume(permeability["K"] > 1e-3)
    raised = {**c_out, "K": c_out["K"] * factor}
    for voltage in (physics.ghk_mv, physics.pump_rest_mv):
        assert voltage(permeability, c_in, raised, temp_c) > voltage(permeability, c_in, c_out, temp_c)


@given(ion_dicts(ALL_IONS), temp)
def test_pump_ratio_one_equals_ghk(dicts, temp_c):
    permeability, c_in, c_out = dicts
    assume(any(p > 1e-3 for p in permeability.values()))
    assert physics.pump_rest_mv(permeability, c_in, c_out, temp_c, pump_ratio=1.0) == pytest.approx(
        physics.ghk_mv(permeability, c_in, c_out, temp_c), abs=1e-9)


@given(ion_dicts(MONOVALENT), temp)
def test_closed_form_equals_the_zero_current_root(dicts, temp_c):
    permeability, c_in, c_out = dicts
    permeant = {i: p for i, p in permeability.items() if p > 0}
    assume(any(p > 1e-3 for p in permeant.values()))
    closed = physics.ghk_mv(permeability, c_in, c_out, temp_c)
    assert _root_of_net_current(permeant, c_in, c_out, temp_c) == pytest.approx(closed, abs=1e-6)


@given(conc, conc, st.sampled_from([-2, -1, 1, 2, 3]), temp)
def test_nernst_flips_sign_with_the_gradient(c_out, c_in, z, temp_c):
    assert physics.nernst_mv(c_in, c_out, z, temp_c) == pytest.approx(-physics.nernst_mv(c_out, c_in, z, temp_c))


def test_divalent_calcium_pulls_ghk_toward_e_ca():
    c_in = {"K": 140.0, "Ca": 1e-4}
    c_out = {"K": 5.0, "Ca": 1.2}
    e_k = physics.nernst_mv(5.0, 140.0, 1)
    v = physics.ghk_mv({"K": 1.0, "Ca": 1.0}, c_in, c_out)
    assert e_k < v < physics.nernst_mv(1.2, 1e-4, 2)
    # At the root the GHK currents cancel: K⁺ outward, Ca²⁺ inward (current = z·F·flux).
    k_out = ghk_flux_mol_per_cm2_s(1.0, 1, c_in["K"], c_out["K"], v, 37.0)
    ca_out = 2 * ghk_flux_mol_per_cm2_s(1.0, 2, c_in["Ca"], c_out["Ca"], v, 37.0)
    assert k_out > 0 > ca_out
    assert k_out + ca_out == pytest.approx(0.0, abs=1e-9 * k_out)
