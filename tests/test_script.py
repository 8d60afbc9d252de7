"""The script: filled from the physics, numbers as words, claims checked before any speech."""

import json
import re

import pytest
from conftest import VARIANTS
from helpers import run

import physics
from narration.narrate import narrate
from narration.quantities import quantity
from narration.script import NarrationError, fill, load_script
from physics.params import load_cell


@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_110_to_150_words_with_every_number_spoken_as_words(name, sets):
    script = load_script(load_cell(name, None, sets))
    assert 110 <= script.word_count <= 150
    for sentences in script.scenes.values():
        for sentence in sentences:
            assert not re.search(r"[0-9−+⁺⁻/]", sentence.spoken), sentence.spoken


@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_spoken_and_written_numbers_match_python_m_physics(name, sets):
    result = run("-m", "physics", "--json", "--cell", name, *(arg for s in sets for arg in ("--set", s)))
    state = json.loads(result.stdout)["physics"]
    script = load_script(load_cell(name, None, sets))
    said = {scene: " ".join(s.spoken for s in sentences) for scene, sentences in script.scenes.items()}
    shown = {scene: " ".join(s.written for s in sentences) for scene, sentences in script.scenes.items()}
    expected = {
        "hook": [quantity(state["rest_mv"], "mV")],
        "charge_separation": [quantity(state["field_v_per_m"] / 1e6, "MV/m")],
        "potassium_leak": [quantity(state["equilibrium_mv"]["K"], "mV")],
        "goldman": [quantity(state["equilibrium_mv"]["Na"], "mV"), quantity(state["ghk_mv"], "mV")],
        "sodium_potassium_pump": [quantity(round(state["rest_mv"]) - round(state["ghk_mv"]), "mV")],
    }
    for scene, values in expected.items():
        for value in values:
            assert value.spoken in said[scene], (scene, value.spoken)
            assert value.written in shown[scene], (scene, value.written)


def test_default_neuron_says_minus_seventy_two_millivolts():
    hook = load_script(physics.preset("neuron")).scenes["hook"][0]
    assert "reads minus seventy-two millivolts:" in hook.spoken
    assert "reads −72 mV:" in hook.written


def test_one_rounding_rule_for_both_forms():
    q = quantity(-71.5, "mV")
    assert (q.value, q.written, q.spoken) == (-72.0, "−72 mV", "minus seventy-two millivolts")
    q = quantity(60.6, "mV")
    assert (q.written, q.spoken) == ("+61 mV", "plus sixty-one millivolts")
    q = quantity(17.9, "MV/m")
    assert (q.written, q.spoken) == ("18 MV/m", "eighteen million volts per meter")
    q = quantity(-0.4, "mV")
    assert (q.written, q.spoken) == ("0 mV", "zero millivolts")
    assert quantity(1.0, "h").spoken == "one hour"


def test_a_false_claim_stops_with_one_line_naming_sentence_and_values(tmp_path):
    result = run("-m", "narration", "--set", "K.in=3", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "potassium_leak" in result.stderr and "needs k_in > k_out" in result.stderr
    assert "k_in = 3 mM, k_out = 5 mM" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_false_claim_stops_before_any_speech(tmp_path):
    with pytest.raises(NarrationError):
        narrate(load_cell("neuron", None, ["K.in=3"]), cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_pump_claim_names_the_sentence_and_values():
    cell = load_cell("neuron", None, ["pump_ratio=1"])
    with pytest.raises(NarrationError, match=r"sodium_potassium_pump: \"The Na⁺/K⁺ pump swaps 1 Na⁺ .* needs pump < 0"):
        load_script(cell)


def test_bookmarks_mark_the_word_that_follows():
    script = load_script(physics.preset("neuron"))
    hook = script.scenes["hook"][0]
    words = hook.spoken.split()
    assert words[hook.bookmarks["meter"]] == "minus"
    assert words[hook.bookmarks["battery"]] == "battery,"


def test_template_glues_punctuation_to_values_and_keeps_units_whole():
    phrases = {"rest": quantity(-72.0, "mV")}
    sentence = fill("It reads {#meter}{rest}: [K⁺|potassium] wins.", phrases)
    assert sentence.written == "It reads −72 mV: K⁺ wins."
    assert sentence.spoken == "It reads minus seventy-two millivolts: potassium wins."
    assert [u.written for u in sentence.units] == [("It",), ("reads",), ("−72", "mV:"), ("K⁺",), ("wins.",)]
    assert sentence.bookmarks == {"meter": 2}
    with pytest.raises(NarrationError, match="unknown value {bogus}"):
        fill("{bogus}", phrases)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.replace('name = "goldman"', 'name = "nernst"'), "must be"),
        (lambda s: s.replace("tail_s = 0.5", "tail_s = 0.5\nfade_s = 1"), r"unknown keys \['fade_s'\]"),
        (lambda s: s.replace('requires = ["rest < 0"]', 'requires = ["__import__(\'os\')"]'), "cannot evaluate"),
        (lambda s: s + "[[", "cannot read the script"),
    ],
)
def test_a_broken_script_is_a_clear_error(tmp_path, change, message):
    from narration.script import SCRIPT_PATH

    path = tmp_path / "script.toml"
    path.write_text(change(SCRIPT_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(NarrationError, match=message):
        load_script(physics.preset("neuron"), path)
