"""Every number is meaningful or the call stops with an ExplainerError: ranges, passive Cl⁻, the pump's limits."""

import math
import pickle
from dataclasses import replace

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import physics
from physics.cell import RANGES
from physics.equations import zero_current_mv
from physics.errors import ExplainerError, OutsideModelError, ParameterError
from physics.limits import MAX_K_FRACTION_MOVED, ROUNDING_MV
from physics.params import KEYS, load_cell, parameters, with_overrides

BAD = st.sampled_from([math.nan, math.inf, -math.inf, -1.0, 0.0])


def log_uniform(low, high):
    return st.floats(math.log10(low), math.log10(high)).map(lambda e: 10.0 ** e)


def wide(key):
    """Any value a user might type for ``key``, in range or far out of it."""
    if key.endswith((".in", ".out")):
        return st.one_of(log_uniform(1e-12, 1e6), BAD)
    if key.endswith(".permeability"):
        return st.one_of(st.just(0.0), log_uniform(1e-8, 1e6), BAD)
    if key == "cl_passive":
        return st.sampled_from([True, False, 0, 1, 0.0, 1.0, 2, 0.5, -1, "yes", math.nan])
    if key == "temp_c":
        return st.one_of(st.floats(-300.0, 400.0), BAD)
    if key == "pump_ratio":
        return st.one_of(st.floats(0.0, 5.0), BAD)
    low, high = RANGES[key][:2]
    return st.one_of(log_uniform(low / 1e3, high * 1e3), BAD)


def in_range(key):
    """A value inside the physical range of ``key``."""
    if key.endswith((".in", ".out")):
        return log_uniform(*RANGES["concentration"][:2])
    if key.endswith(".permeability"):
        return st.one_of(st.just(0.0), log_uniform(1e-4, RANGES["permeability"][1]))
    if key == "cl_passive":
        return st.booleans()
    low, high = RANGES[key][:2]
    return st.floats(low, high) if key in ("temp_c", "pump_ratio", "thickness_nm") else log_uniform(low, high)


def near_preset(name):
    """A preset's ions within a factor of 3, any other values in range: mostly valid cells."""
    values = parameters(physics.preset(name))

    def moved(key):
        low, high = RANGES["permeability" if key.endswith(".permeability") else "concentration"][:2]
        return log_uniform(1 / 3, 3.0).map(lambda f: min(max(values[key] * f, low), high))

    return st.fixed_dictionaries({key: moved(key) if "." in key else in_range(key) for key in values})


CASES = st.sampled_from(physics.PRESETS).flatmap(lambda name: st.tuples(st.just(name), st.one_of(
    st.fixed_dictionaries({key: wide(key) for key in KEYS}),
    st.fixed_dictionaries({key: in_range(key) for key in KEYS}),
    near_preset(name),
)))


def meaningful(call, what):
    """The value of ``call()``, or None if it raised an ExplainerError of one line."""
    try:
        value = call()
    except ExplainerError as error:
        assert "\n" not in str(error) and str(error), repr(error)
        # The solver follows every cell the model takes; its failure is a last resort.
        assert not str(error).startswith("the simulation of"), repr(error)
        event(f"{what}: {type(error).__name__}")  # --hypothesis-show-statistics shows the mix
        return None
    event(f"{what}: ok")
    return value


@given(CASES)
def test_every_cell_gives_meaningful_numbers_or_an_explainer_error(case):
    name, overrides = case
    cell = meaningful(lambda: with_overrides(physics.preset(name), overrides), "cell")
    if cell is None:
        return
    state = meaningful(lambda: physics.resting_state(cell), "state")
    if state is not None:
        numbers = [state.ghk_mv, state.pump_mv, state.rest_mv, state.field_v_per_m, state.charge_mol_per_cm2,
                   state.ions_per_um2, state.k_fraction_moved, *state.equilibrium_mv.values(),
                   *state.pull_mv.values(), *state.conc_in_mm.values()]
        assert all(math.isfinite(n) for n in numbers), state
        e = state.equilibrium_mv
        assert min(e.values()) - ROUNDING_MV <= state.rest_mv <= max(e.values()) + ROUNDING_MV
        assert state.rest_mv >= e["K"] - ROUNDING_MV
        assert cell.pump_ratio >= 1 and state.pump_mv <= cell.pump_ratio * ROUNDING_MV
        assert 0 <= state.k_fraction_moved <= MAX_K_FRACTION_MOVED
        low, high = RANGES["concentration"][:2]
        assert all(low <= c <= high for c in state.conc_in_mm.values())
        if cell.cl_passive:
            assert e["Cl"] == pytest.approx(state.rest_mv, abs=1e-6)
            assert state.pull_mv.get("Cl", 0.0) == 0.0
    charging = meaningful(lambda: physics.charging_time_s(cell), "charging")
    if charging is not None:
        assert state is not None and math.isfinite(charging) and charging > 0
    rundown = meaningful(lambda: physics.rundown_s(cell, t_max_s=60 * 86400), "rundown")
    if rundown is not None:
        assert state is not None and rundown > 0 and (math.isfinite(rundown) or rundown == math.inf)


FINITE = st.floats(allow_nan=False, allow_infinity=False)
IONS = st.lists(st.sampled_from(list(physics.VALENCE)), min_size=1, max_size=4, unique=True)


@given(IONS.flatmap(lambda ions: st.tuples(*(st.fixed_dictionaries({i: FINITE for i in ions}) for _ in range(3)))),
       FINITE, FINITE, st.integers(-3, 3))
def test_equations_take_any_finite_floats(dicts, a, b, z):
    # Sums of 1e308, ratios of subnormals, 1e300 °C: a finite number or a ParameterError.
    permeability, c_in, c_out = dicts
    ion = next(iter(c_in))
    calls = [
        lambda: physics.ghk_mv(permeability, c_in, c_out, a),
        lambda: physics.pump_rest_mv(permeability, c_in, c_out, a, b),
        lambda: zero_current_mv(permeability, c_in, c_out, a),
        lambda: physics.nernst_mv(c_out[ion], c_in[ion], z, a),
        lambda: physics.separated_charge_mol_per_cm2(a, b),
        lambda: physics.field_v_per_m(a, b),
    ]
    for call in calls:
        try:
            assert math.isfinite(call())
        except ParameterError:
            pass


def test_sums_of_huge_concentrations_do_not_overflow():
    huge = {"K": 1e308, "Na": 1e308, "Cl": 1e308}
    assert physics.ghk_mv({"K": 1.0, "Na": 1.0, "Cl": 1.0}, huge, huge) == pytest.approx(0.0, abs=1e-9)
    divalent = physics.ghk_mv({"K": 1e308, "Ca": 5e-324}, {"K": 1e308, "Ca": 5e-324}, {"K": 1.0, "Ca": 1e308})
    assert math.isfinite(divalent)
    with pytest.raises(ParameterError, match="temp_c"):
        physics.nernst_mv(1e308, 5e-324, 1, temp_c=1e308)


def muscle(**sets):
    return load_cell("skeletal_muscle", None, [f"{k}={v}" for k, v in sets.items()])


def test_skeletal_muscle_in_high_potassium_rests_above_e_k_with_a_negative_pump_share():
    state = physics.resting_state(load_cell("skeletal_muscle", None, ["K.out=8"]))
    assert state.rest_mv == pytest.approx(-76.2, abs=0.3)
    assert state.rest_mv > state.equilibrium_mv["K"] == pytest.approx(-79.2, abs=0.1)
    assert state.pump_mv == pytest.approx(-0.55, abs=0.1)


def test_passive_chloride_settles_where_it_carries_no_current():
    cell = physics.preset("skeletal_muscle")
    state = physics.resting_state(cell)
    assert state.equilibrium_mv["Cl"] == pytest.approx(state.rest_mv, abs=1e-9)
    # The rest is the Mullins–Noda voltage of the other ions, whatever Cl⁻ starts at or leaks.
    without_cl = physics.pump_rest_mv({"K": 1.0, "Na": 0.01}, cell.conc_in_mm, cell.conc_out_mm, 37.0, 1.5)
    assert state.rest_mv == pytest.approx(without_cl, abs=1e-9)
    for other in (muscle(**{"Cl.in": 40}), muscle(**{"Cl.permeability": 50})):
        assert physics.resting_state(other).rest_mv == pytest.approx(state.rest_mv, abs=1e-9)
    # The same muscle with its measured Cl⁻ held in place rests a little less negative.
    held = physics.resting_state(replace(cell, cl_passive=False))
    assert held.conc_in_mm["Cl"] == cell.conc_in_mm["Cl"]
    assert state.rest_mv < held.rest_mv < state.rest_mv + 2.0


def test_a_simulated_muscle_starts_from_settled_chloride_and_stays():
    cell = physics.preset("skeletal_muscle")
    state = physics.resting_state(cell)
    trace = physics.simulate(cell, 600.0)
    assert trace.conc_in_mm["Cl"][0] == pytest.approx(state.conc_in_mm["Cl"], rel=1e-12)
    assert abs(trace.conc_in_mm["Cl"][-1] - state.conc_in_mm["Cl"]) < 1e-6
    assert abs(trace.v_mv[-1] - state.rest_mv) < 1e-3


def test_pull_of_each_leak():
    neuron = physics.resting_state(physics.preset("neuron")).pull_mv
    assert set(neuron) == {"Na", "Cl"}  # the permeant ions but K⁺
    assert neuron["Na"] > neuron["Cl"] > 0
    red = physics.resting_state(physics.preset("red_blood_cell")).pull_mv
    assert abs(red["Cl"]) > abs(red["Na"])
    assert physics.resting_state(physics.preset("skeletal_muscle")).pull_mv["Cl"] == 0.0
    state = physics.resting_state(physics.preset("smooth_muscle"))
    without_na = physics.resting_state(load_cell("smooth_muscle", None, ["Na.permeability=0"]))
    assert state.pull_mv["Na"] == pytest.approx(state.rest_mv - without_na.rest_mv, abs=1e-9)


@pytest.mark.parametrize("name", physics.PRESETS)
def test_presets_rest_above_e_k_with_the_pump_adding_negativity(name):
    state = physics.resting_state(physics.preset(name))
    assert state.equilibrium_mv["K"] < state.rest_mv
    assert state.pump_mv < 0


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        (["K.out=40"], "at these values the resting voltage (−35.0 mV) lies below E_K (−33.5 mV): K⁺ would leak "
                       "in, and the pump model needs an outward K⁺ leak to balance. Lower K.out to at most 28.8 mM, "
                       "raise K.in to at least 195 mM, lower Cl.permeability, or let Cl⁻ settle with the voltage "
                       "(--set cl_passive=1)"),
        (["K.in=1", "K.out=140"], "Lower K.out to at most 0.206 mM, raise K.in to at least 681 mM, "
                                  "or lower Na.permeability and Cl.permeability"),
        (["K.permeability=0"], "the pump model needs a K⁺ leak"),
        (["cl_passive=1", "Cl.out=1000", "K.in=1", "K.out=1000", "Na.permeability=0"],
         "inside Cl⁻ would be 1e+06 mM, more than the 1000 mM a cell can hold. Lower Cl.out to at most 1 mM"),
        (["K.in=0.001", "K.out=1e-6", "radius_um=0.5"], "would move"),
    ],
)
def test_outside_the_model_says_why_and_what_would_make_sense(sets, message):
    with pytest.raises(OutsideModelError) as caught:
        physics.resting_state(load_cell("neuron", None, sets))
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ExplainerError)


def test_the_potassium_limit_in_the_message_is_the_edge():
    # Rest ≥ E_K exactly while E_K stays below the other leaks' own voltage; the pump's
    # ratio and P_K do not move that edge.
    for sets in ([], ["pump_ratio=3", "K.permeability=7"]):
        state = physics.resting_state(load_cell("neuron", None, [*sets, "K.out=28.7"]))
        assert state.rest_mv > state.equilibrium_mv["K"]
        with pytest.raises(OutsideModelError, match="at most 28.8 mM"):
            physics.resting_state(load_cell("neuron", None, [*sets, "K.out=28.9"]))
    assert physics.resting_state(load_cell("neuron", None, ["K.out=40", "cl_passive=1"])).pump_mv < 0


def test_simulate_and_charging_refuse_cells_outside_the_model():
    cell = load_cell("neuron", None, ["K.out=40"])
    for call in (lambda: physics.simulate(cell, 1.0), lambda: physics.charging_time_s(cell),
                 lambda: physics.rundown_s(cell)):
        with pytest.raises(OutsideModelError, match="below E_K"):
            call()
    flat = load_cell("neuron", None, ["K.in=5", "Na.permeability=0", "Cl.permeability=0"])
    assert physics.resting_state(flat).rest_mv == pytest.approx(0.0, abs=1e-9)
    for call in (lambda: physics.charging_time_s(flat), lambda: physics.rundown_s(flat)):
        with pytest.raises(OutsideModelError, match="thermal noise"):
            call()
    with pytest.raises(ParameterError, match="v_start_mv"):
        physics.simulate(physics.preset("neuron"), 1.0, v_start_mv=5000.0)


class NarrationLikeError(ExplainerError):
    """A subclass as another package would write it, with its own __init__."""

    def __init__(self, line, word):
        self.line, self.word = line, word
        super().__init__(f"line {line}: {word}?")


def test_every_error_pickles_with_its_message():
    errors = [ExplainerError("plain"), ParameterError("K.out", -8.0, "a finite number > 0"),
              OutsideModelError("rest below E_K"), NarrationLikeError(3, "mV")]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error) and copy.args == error.args
    assert pickle.loads(pickle.dumps(errors[1])).parameter == "K.out"
    assert pickle.loads(pickle.dumps(errors[3])).word == "mV"
    from physics.checks import ParameterError as old_home

    assert old_home is ParameterError


@pytest.mark.parametrize(("key", "low", "high", "below", "above"), [
    ("temp_c", -2.0, 45.0, -2.5, 45.5),
    ("pump_ratio", 1.0, 3.0, 0.99, 3.01),
    ("radius_um", 0.5, 1000.0, 0.49, 1001.0),
    ("thickness_nm", 2.0, 10.0, 1.99, 10.01),
    ("capacitance_uf_per_cm2", 0.3, 3.0, 0.29, 3.01),
    ("permeability_scale_cm_per_s", 1e-11, 1e-3, 9e-12, 1.1e-3),
    ("K.in", 1e-9, 1000.0, 9e-10, 1001.0),
    ("Na.out", 1e-9, 1000.0, 9e-10, 1001.0),
    ("Cl.permeability", 0.0, 1e4, None, 1.01e4),  # below 0 is "≥ 0", as before
])
def test_physical_ranges(key, low, high, below, above):
    neuron = physics.preset("neuron")
    for inside in (low, high):
        assert parameters(with_overrides(neuron, {key: inside}))[key] == inside
    for outside in (below, above):
        if outside is not None:
            with pytest.raises(ParameterError, match=rf"^{key} = .* must be from {low:g} to {high:g}.* \(.+\)$"):
                with_overrides(neuron, {key: outside})


@pytest.mark.parametrize("name", physics.PRESETS)
def test_presets_lie_in_the_ranges_and_are_their_parameters(name):
    cell = physics.preset(name)
    values = parameters(cell)
    # Read against RANGES here, not through the Cell's own check (which built the preset).
    for key, value in values.items():
        if key == "cl_passive":
            assert isinstance(value, bool)
            continue
        ion_key = key.partition(".")[2]
        kind = "concentration" if ion_key in ("in", "out") else ion_key or key
        low, high = RANGES[kind][:2]
        assert low <= value <= high, (key, value, low, high)
    # Its parameters, as --set and the manifest write them, rebuild it exactly from another preset.
    other = next(n for n in physics.PRESETS if n != name)
    assert replace(with_overrides(physics.preset(other), values), name=name) == cell


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("0", False), ("true", True), ("False", False)])
def test_cl_passive_from_the_command_line(value, expected):
    assert load_cell("neuron", None, [f"cl_passive={value}"]).cl_passive is expected


@pytest.mark.parametrize("value", [2, 0.5, -1, "yes", math.nan, None])
def test_cl_passive_is_a_flag(value):
    with pytest.raises(ParameterError, match=r"cl_passive = .* true or false \(1 or 0\)"):
        with_overrides(physics.preset("neuron"), {"cl_passive": value})


def test_cl_passive_from_a_params_file(tmp_path):
    params = tmp_path / "muscle.toml"
    params.write_text("cl_passive = true\n")
    assert load_cell("neuron", params).cl_passive is True
