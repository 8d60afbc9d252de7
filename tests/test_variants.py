"""Variants: any parameters give a true script or one clear error; each variant's captions say what changed."""

import math
import re

import pytest
from conftest import VARIANTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import physics
from narration.narrate import write_narration
from narration.script import load_script
from narration.validate import parse_srt
from physics.params import KEYS, load_cell

#: Wide ranges for every key, inside and outside what the physics accepts.
LOG_RANGES = {"in": (1e-12, 1e6), "out": (1e-12, 1e6), "permeability": (1e-6, 1e5),
              "capacitance_uf_per_cm2": (1e-2, 1e2), "thickness_nm": (1e-1, 1e3), "pump_ratio": (1e-1, 1e1),
              "radius_um": (1e-3, 1e5), "permeability_scale_cm_per_s": (1e-15, 1e1)}


def value_for(key):
    """A strategy for one parameter's value: log-uniform over a wide range, plus edge cases."""
    if key == "temp_c":
        return st.floats(-300, 400)
    if key == "cl_passive":
        return st.sampled_from([0, 1])
    low, high = LOG_RANGES.get(key.partition(".")[2] or key, LOG_RANGES.get(key))
    spread = st.floats(math.log10(low), math.log10(high)).map(lambda e: 10 ** e)
    return st.one_of(spread, st.sampled_from([0.0, 1.0, 1.5, 5.0]))


variants = st.tuples(
    st.sampled_from(physics.PRESETS),
    st.dictionaries(st.sampled_from(KEYS), st.none(), max_size=3).flatmap(
        lambda keys: st.fixed_dictionaries({key: value_for(key) for key in keys})),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(variants)
def test_any_parameters_give_a_true_script_or_the_projects_own_error(variant):
    name, overrides = variant
    try:
        script = load_script(load_cell(name, None, [f"{k}={v!r}" for k, v in overrides.items()]))
    except physics.ExplainerError as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message
        return
    numbers = script.story.numbers
    assert numbers["rest"] >= numbers["e_k"] and numbers["pump"] <= 0
    for sentences in script.scenes.values():
        for sentence in sentences:
            assert sentence.written and not re.search(r"[0-9−+⁺⁻/]", sentence.spoken), sentence.spoken
            assert not re.search(r"\b(nan|inf)\b", sentence.written), sentence.written


def written_captions(narration, folder):
    """The whole explainer's captions as written, read back from the SRT file."""
    write_narration(narration, folder)
    cues, problems = parse_srt((folder / "explainer.srt").read_text(encoding="utf-8"))
    assert problems == []
    return " ".join(" ".join(cue.lines) for cue in cues)


@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_each_variants_captions_say_what_changed(narrations, tmp_path, name, sets):
    narration = narrations[(name, sets)]
    captions = written_captions(narration, tmp_path)
    cell = load_cell(name, None, sets)
    state, preset_state = physics.resting_state(cell), physics.resting_state(physics.preset(name))
    rest, normal = round(state.rest_mv), round(preset_state.rest_mv)
    said = {
        (): None,
        ("K.out=8",): "Here, outside K⁺ is 8 mM, as in hyperkalemia.",
        ("K.out=7.5",): "Here, outside K⁺ is 7.5 mM, as in hyperkalemia.",
        ("K.out=20",): "Here, outside K⁺ is 20 mM, far above any clinical level.",
        ("K.out=5.2",): "Here, outside K⁺ is lowered to 5.2 mM.",
        ("K.out=2.5",): "Here, outside K⁺ is 2.5 mM, as in hypokalemia.",
        ("Na.permeability=0",): "Here, there is no Na⁺ leak.",
        ("pump_ratio=1",): "Here, the pump swaps one Na⁺ for one K⁺.",
        ("temp_c=20",): "Here, the cell is cooled to 20 °C,",
    }[sets]
    if said is None:
        assert "Here," not in captions and ("Extra blood K⁺" in captions or "Even doubled" in captions)
        return
    assert captions.startswith(said)
    assert re.search(f"(reads|inside reads) {'−' if rest < 0 else '+'}{abs(rest)} mV", captions)
    if rest == normal:
        assert f": −{abs(normal)} mV, like this one." in captions
    else:
        direction = "less negative" if rest > normal else "more negative"
        assert re.search(f": −{abs(normal)} mV. (With a (smaller|steeper) K⁺ gradient, this one rests|This one is) "
                         f"{direction}", captions), captions


def test_no_sodium_leak_credits_chloride_and_the_pump_for_what_is_left(narrations, tmp_path):
    captions = written_captions(narrations[("neuron", ("Na.permeability=0",))], tmp_path)
    assert "a Cl⁻ leak pulls toward −64 mV" in captions and "Na⁺ leak pulls" not in captions


def test_skeletal_muscle_with_raised_potassium_rests_above_e_k(narrations, tmp_path):
    captions = written_captions(narrations[("skeletal_muscle", ("K.out=8",))], tmp_path)
    state = physics.resting_state(load_cell("skeletal_muscle", None, ["K.out=8"]))
    assert state.rest_mv > state.equilibrium_mv["K"] and state.pump_mv < 0
    assert "E_K: −79 mV." in captions and "reads −76 mV" in captions


def test_a_voltage_lost_in_the_noise_is_refused_in_one_line():
    """Found by the property test above: no Na⁺ leak, K⁺ as high inside as outside and Cl⁻ passive rest at 0 mV,
    which moves no charge; the model refuses it rather than dividing by zero."""
    with pytest.raises(physics.OutsideModelError, match="smaller than the membrane's thermal noise"):
        load_script(load_cell("neuron", None, ("Na.permeability=0", "K.in=5", "cl_passive=1")))
