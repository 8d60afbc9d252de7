"""The time courses the story needs: charging in milliseconds, run-down over minutes to hours."""

from dataclasses import replace

import numpy as np
import pytest

import physics


def value_at(trace, t_s):
    return float(np.interp(t_s, trace.t_s, trace.v_mv))


@pytest.mark.parametrize("name", physics.PRESETS)
def test_a_cell_at_rest_starts_and_stays_at_pump_rest(name):
    cell = physics.preset(name)
    state = physics.resting_state(cell)
    rest = state.rest_mv
    trace = physics.simulate(cell, 1.0)
    assert trace.v_mv[0] == pytest.approx(rest, abs=1e-9)
    assert np.all(np.abs(trace.v_mv - rest) < 0.5)
    assert set(trace.conc_in_mm) == set(cell.ions)
    # It starts from the settled concentrations (a passive Cl⁻ at E_Cl = rest).
    assert {ion: c[0] for ion, c in trace.conc_in_mm.items()} == pytest.approx(state.conc_in_mm, rel=1e-12)
    assert len(trace.t_s) == len(trace.v_mv) == len(trace.conc_in_mm["K"])


def test_membrane_charges_to_rest_in_milliseconds():
    cell = physics.preset("neuron")
    rest = physics.resting_state(cell).rest_mv
    trace = physics.simulate(cell, 0.1, v_start_mv=0.0)
    t90 = trace.t_s[np.argmax(trace.v_mv <= 0.9 * rest)]
    assert 1e-3 < t90 < 50e-3
    assert trace.v_mv[-1] == pytest.approx(rest, abs=0.5)
    # Charging moves a vanishing fraction of the ions: the gradients do not budge.
    assert trace.conc_in_mm["K"][-1] == pytest.approx(cell.conc_in_mm["K"], rel=1e-4)


def test_blocking_the_pump_loses_its_share_at_once_then_runs_down_over_minutes_to_hours():
    cell = physics.preset("neuron")
    state = physics.resting_state(cell)
    trace = physics.simulate(cell, 4 * 3600.0, pump_blocked_at_s=60.0, samples=4 * 3600 + 1)
    before, after = value_at(trace, 59.0), value_at(trace, 61.0)
    # Within a second the electrogenic share is gone: the step is about -pump_mv, a few mV.
    assert after - before == pytest.approx(-state.pump_mv, abs=0.5)
    # Then the gradients run down: little in a minute, a lot over an hour, most over hours.
    assert value_at(trace, 120.0) - after < 2.0
    assert value_at(trace, 3600.0) - after > 10.0
    assert trace.v_mv[-1] > -30.0
    k = trace.conc_in_mm["K"]
    assert k[-1] < 0.5 * k[0]
    assert trace.conc_in_mm["Na"][-1] > 2 * trace.conc_in_mm["Na"][0]


def test_run_down_scales_with_cell_size():
    def time_to_depolarize_by_10_mv(radius_um):
        cell = replace(physics.preset("neuron"), radius_um=radius_um)
        trace = physics.simulate(cell, 8 * 3600.0, pump_blocked_at_s=0.0, samples=8 * 3600 + 1)
        return trace.t_s[np.argmax(trace.v_mv > trace.v_mv[0] + 10.0)]

    small, large = time_to_depolarize_by_10_mv(5.0), time_to_depolarize_by_10_mv(20.0)
    # Surface/volume = 3/r, so four times the radius takes about four times as long.
    assert large / small == pytest.approx(4.0, rel=0.1)


def test_running_pump_holds_the_gradients():
    cell = physics.preset("neuron")
    trace = physics.simulate(cell, 3600.0)
    assert trace.conc_in_mm["K"][-1] == pytest.approx(cell.conc_in_mm["K"], rel=0.02)
    assert abs(trace.v_mv[-1] - trace.v_mv[0]) < 2.0


@pytest.mark.parametrize(("k_out_mm", "direction"), [(8.0, +1), (2.5, -1)])
def test_outside_potassium_step_moves_the_voltage_to_the_new_rest(k_out_mm, direction):
    cell = physics.preset("neuron")
    trace = physics.simulate(cell, 2.0, k_out_step=(1.0, k_out_mm))
    new_rest = physics.resting_state(replace(cell, conc_out_mm={**cell.conc_out_mm, "K": k_out_mm})).rest_mv
    before, after = value_at(trace, 0.99), trace.v_mv[-1]
    assert direction * (after - before) > 3.0
    # The pump runs on at about its old rate, so the voltage settles near the
    # Mullins–Noda rest for the new outside K⁺ within a second.
    assert after == pytest.approx(new_rest, abs=1.5)


def test_simulation_is_deterministic():
    cell = physics.preset("cardiac_myocyte")
    a = physics.simulate(cell, 600.0, pump_blocked_at_s=10.0, k_out_step=(5.0, 7.0))
    b = physics.simulate(cell, 600.0, pump_blocked_at_s=10.0, k_out_step=(5.0, 7.0))
    np.testing.assert_array_equal(a.v_mv, b.v_mv)
    assert np.all(np.diff(a.t_s) > 0)
    assert a.t_s[0] == 0.0 and a.t_s[-1] == 600.0


def test_rundown_time_is_where_the_blocked_trace_crosses_half_the_rest():
    cell = physics.preset("neuron")
    t_half = physics.rundown_s(cell)
    assert 10 * 60 < t_half < 3 * 3600  # minutes to hours, as the brief says
    trace = physics.simulate(cell, 2 * t_half, pump_blocked_at_s=0.0, samples=4001)
    rest = trace.v_mv[0]
    assert value_at(trace, 0.98 * t_half) < 0.5 * rest < value_at(trace, 1.02 * t_half)
    small = physics.rundown_s(replace(cell, radius_um=5.0))
    assert small == pytest.approx(t_half / 2, rel=0.05)
    assert physics.rundown_s(cell, t_max_s=60.0) == float("inf")
    with pytest.raises(physics.ParameterError, match="fraction"):
        physics.rundown_s(cell, fraction=1.5)
