"""The script: filled from the physics, numbers as words, claims checked before any speech."""

import json
import re

import pytest
from conftest import VARIANTS
from helpers import run

import physics
from narration.locale import ENGLISH, Locale
from narration.narrate import narrate
from narration.quantities import quantity
from narration.script import NarrationError, fill, load_script
from physics.params import load_cell


@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_110_to_150_words_with_every_number_spoken_as_words(narrations, name, sets):
    script = narrations[(name, sets)].script
    assert 110 <= script.word_count <= 150
    for sentence in load_script(load_cell(name, None, sets)).every_wording:
        assert not re.search(r"[0-9−+⁺⁻/]", sentence.spoken), sentence.spoken


@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_spoken_and_written_numbers_match_python_m_physics(name, sets):
    result = run("-m", "physics", "--json", "--cell", name, *(arg for s in sets for arg in ("--set", s)))
    state = json.loads(result.stdout)["physics"]
    script = load_script(load_cell(name, None, sets))
    said = {scene: " ".join(s.spoken for s in sentences) for scene, sentences in script.scenes.items()}
    shown = {scene: " ".join(s.written for s in sentences) for scene, sentences in script.scenes.items()}
    expected = {
        "hook": [quantity(state["rest_mv"], "mV", ENGLISH)],
        "charge_separation": [quantity(state["field_v_per_m"] / 1e6, "MV/m", ENGLISH)],
        "potassium_leak": [quantity(state["equilibrium_mv"]["Cl" if script.story.numbers["cl_sets"] else "K"], "mV", ENGLISH)],
        "goldman": [quantity(state["ghk_mv"], "mV", ENGLISH)],
    }
    if round(state["rest_mv"]) - round(state["ghk_mv"]) != 0:
        expected["sodium_potassium_pump"] = [quantity(round(state["rest_mv"]) - round(state["ghk_mv"]), "mV", ENGLISH)]
    for scene, values in expected.items():
        for value in values:
            assert value.spoken in said[scene], (scene, value.spoken)
            assert value.written in shown[scene], (scene, value.written)


@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_the_leak_credited_is_the_one_that_pulls(name, sets):
    cell = load_cell(name, None, sets)
    pulls = {ion: abs(mv) for ion, mv in physics.resting_state(cell).pull_mv.items() if ion in ("Na", "Cl")}
    nernst = load_script(cell).scenes["goldman"][0].written
    strongest = max(pulls, key=pulls.get)
    label = {"Na": "Na⁺", "Cl": "Cl⁻"}
    if pulls[strongest] >= 1:
        assert label[strongest] in nernst, (pulls, nernst)
    for ion, mv in pulls.items():
        if mv < 0.5:
            assert label[ion] not in nernst, (pulls, nernst)


@pytest.mark.parametrize(
    ("name", "sets", "told"),
    [
        ("neuron", (), None),
        ("neuron", ("K.out=8",), "Here, outside K⁺ is 8 mM, as in hyperkalemia."),
        ("neuron", ("K.out=2.5",), "Here, outside K⁺ is 2.5 mM, as in hypokalemia."),
        ("neuron", ("Na.permeability=0",), "Here, there is no Na⁺ leak."),
        ("skeletal_muscle", ("K.out=8",), "Here, outside K⁺ is 8 mM, as in hyperkalemia."),
        ("neuron", ("temp_c=20",), "Here, the cell is cooled to 20 °C, which in this model changes only RT/F."),
        ("neuron", ("pump_ratio=1", "K.out=8"),
         "Here, outside K⁺ is 8 mM, as in hyperkalemia, and the pump swaps one Na⁺ for one K⁺."),
    ],
)
def test_a_variant_says_what_changed_first_and_compares_with_its_preset(name, sets, told):
    cell = load_cell(name, None, sets)
    script = load_script(cell)
    hook = [s.written for s in script.scenes["hook"]]
    compare = next(s.written for s in script.scenes["why_it_matters"] if s.name == "compare")
    if told is None:
        assert len(hook) == 1
        assert compare == "Extra blood K⁺ shrinks the K⁺ gradient: this neuron rests less negative, nearer firing."
        return
    assert hook[0] == told
    preset_rest = quantity(physics.resting_state(physics.preset(name)).rest_mv, "mV", ENGLISH)
    rest = quantity(physics.resting_state(cell).rest_mv, "mV", ENGLISH)
    assert f": {preset_rest.written}" in compare and compare.startswith("A normal ")
    direction = "less negative" if rest.value > preset_rest.value else "more negative"
    assert compare.endswith("too.") if rest.value == preset_rest.value else direction in compare


def test_claims_are_checked_on_the_values_as_shown():
    # The red blood cell's pump share rounds to 0 mV: it is not said to add "0 mV".
    pump = load_script(physics.preset("red_blood_cell")).scenes["sodium_potassium_pump"][0]
    assert "under a millivolt" in pump.written and "0 mV" not in pump.written
    compare = load_script(physics.preset("red_blood_cell")).scenes["why_it_matters"][0]
    assert "barely moves" in compare.written


def test_what_if_an_electroneutral_pump_is_narrated():
    pump = load_script(load_cell("neuron", None, ["pump_ratio=1"])).scenes["sodium_potassium_pump"][0]
    assert "swaps one sodium out for one potassium in" in pump.spoken
    assert "moving equal charge each way, it adds nothing itself" in pump.spoken


def test_the_fraction_of_potassium_that_moves_is_said():
    cell = physics.preset("neuron")
    fraction = 1 / physics.resting_state(cell).k_fraction_moved
    skin = load_script(cell).scenes["charge_separation"][1]
    assert f"one K⁺ in {quantity(fraction, 'count', ENGLISH).written};" in skin.written
    assert 50_000 < fraction < 80_000


def test_default_neuron_says_minus_seventy_two_millivolts():
    hook = load_script(physics.preset("neuron")).scenes["hook"][0]
    assert "reads minus seventy-two millivolts:" in hook.spoken
    assert "reads −72 mV:" in hook.written


def test_one_rounding_rule_for_both_forms():
    q = quantity(-71.5, "mV", ENGLISH)
    assert (q.value, q.written, q.spoken) == (-72.0, "−72 mV", "minus seventy-two millivolts")
    q = quantity(60.6, "mV", ENGLISH)
    assert (q.written, q.spoken) == ("+61 mV", "plus sixty-one millivolts")
    q = quantity(17.9, "MV/m", ENGLISH)
    assert (q.written, q.spoken) == ("18 MV/m", "eighteen million volts per meter")
    q = quantity(-0.4, "mV", ENGLISH)
    assert (q.written, q.spoken) == ("0 mV", "zero millivolts")
    assert quantity(1.0, "h", ENGLISH).spoken == "one hour"


def test_a_false_claim_stops_with_one_line_naming_sentence_and_values(tmp_path):
    # Inside K⁺ below outside, with Cl⁻ settling: K⁺ would pour in, not leak out, were it alone.
    result = run("-m", "narration", "--set", "K.in=3", "--set", "cl_passive=1", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert 'the claim potassium_leak: "If only K⁺ could cross, it would leak out' in result.stderr
    assert "needs k_in > k_out, but k_in = 3 mM, k_out = 5 mM" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_false_claim_stops_before_any_speech(tmp_path):
    with pytest.raises(NarrationError):
        narrate(load_cell("neuron", None, ["K.in=3", "cl_passive=1"]), cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_bookmarks_mark_the_word_that_follows():
    script = load_script(physics.preset("neuron"))
    hook = script.scenes["hook"][0]
    words = hook.spoken.split()
    assert words[hook.bookmarks["meter"]] == "minus"
    assert words[hook.bookmarks["battery"]] == "battery,"


def test_template_glues_punctuation_to_values_and_keeps_units_whole():
    phrases = {"rest": quantity(-72.0, "mV", ENGLISH)}
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
        (lambda s: s.replace('name = "goldman"\n\n[[scene.beat]]', 'name = "nernst"\n\n[[scene.beat]]'),
         "must be"),
        (lambda s: s.replace("tail_s = 2.2", "tail_s = 2.2\nfade_s = 1"), r"unknown keys \['fade_s'\]"),
        (lambda s: s.replace('requires = ["pump <= 0"]', 'requires = ["__import__(\'os\')"]'),
         "may only compare values"),
        (lambda s: s.replace('requires = ["pump <= 0"]', 'requires = ["pmup <= 0"]'),
         r"sodium_potassium_pump, beat 'pump': the condition 'pmup <= 0' names 'pmup', which is not a value"),
        (lambda s: s.replace("{#battery}", ""),
         r"hook, beat 'meter': the scene times its pictures to \{#battery\}, which is missing"),
        (lambda s: s.replace('text = "a [Cl⁻|chloride] leak {#pull}', 'text = "a [Cl⁻|chloride] leak '),
         r"goldman, beat 'nernst': the scene times its pictures to \{#pull\}"),
        (lambda s: s.replace("{thickness} thick", "{thicknes} thick"), r"unknown value \{thicknes\}"),
        (lambda s: s.replace('text = "{closing}"', 'text = " "'), "beat 'closing' has no words"),
        (lambda s: s.replace("capacitor, {thickness} thick: a {#field}field of {field}.", "capacitor."),
         r"charge_separation, beat 'capacitor': the scene times its pictures to \{#field\}"),
        (lambda s: s.replace("give_up = 2", "give_up = 1"), "two beats share a give_up place"),
        (lambda s: s.replace("give_up = 1\n", ""), "beat 'capacitor': a beat with a shorter wording"),
        (lambda s: s.replace('text = "{#changed}Here, {changes}."', 'text = "{#changed}Here, {changes}."\nshort = "x"'),
         r"beat 'changed': the scene times its pictures to \{#changed\}"),
        (lambda s: s.replace('cells = ["neuron"]', 'cells = ["neurone"]'), "cells must list presets"),
        (lambda s: s.replace('name = "rundown"', 'name = "run-down"'), r"its pictures need \['pump', 'rundown'\]"),
        (lambda s: s.replace("lead_in_s = 1.1", "lead_in_s = -30"), "lead_in_s = -30: a pause must be"),
        (lambda s: s.replace("lead_s = 0.6", "lead_s = 9", 1), "beat 'skin': lead_s = 9: a pause must be"),
        (lambda s: s.replace('name = "goldman"\ntext', 'name = "goldman"\nwhen = ["rest < 0"]\ntext'),
         "cannot leave this beat out"),
        (lambda s: s.replace("powers every thought", "[powers-every-thought-and-heartbeat-of-every-cell|x] powers"),
         "longer than a caption line"),
        (lambda s: s + "[[", "cannot read the script"),
    ],
)
def test_a_broken_script_is_a_clear_error_before_any_physics(tmp_path, monkeypatch, change, message):
    path = tmp_path / "script.toml"
    path.write_text(change(ENGLISH.script.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(NarrationError, match=message):
        load_script(physics.preset("neuron"), path=path)


def english_with(tmp_path, change):
    """English with ``change`` made to its words.toml's text, as a language of its own."""
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "script.toml").write_text(ENGLISH.script.read_text(encoding="utf-8"), encoding="utf-8")
    words = (ENGLISH.folder / "words.toml").read_text(encoding="utf-8")
    changed = change(words)
    assert changed != words
    (folder / "words.toml").write_text(changed, encoding="utf-8")
    return Locale("en", folder)


def test_a_preset_the_words_do_not_name_is_a_clear_error(tmp_path):
    locale = english_with(tmp_path, lambda words: re.sub(r"(?m)^red_blood_cell = .*\n", "", words))
    with pytest.raises(NarrationError, match=r"words.toml \[cells\] names no red_blood_cell: add a line like"):
        load_script(physics.preset("neuron"), locale)


def test_a_broken_script_stops_the_dry_run_in_one_line(tmp_path):
    path = tmp_path / "script.toml"
    path.write_text(ENGLISH.script.read_text(encoding="utf-8").replace("{#battery}", ""), encoding="utf-8")
    result = run("render.py", "--dry-run", "--script", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "{#battery}, which is missing" in result.stderr


@pytest.mark.parametrize("pattern, message", [
    (r"(?m)^goldman = .*\n", r"words.toml \[titles\] has no title for the scene goldman: add a line like"),
    (r"(?ms)^\[labels.goldman\]\n.*?(?=^\[)", r"words.toml has no \[labels.goldman\] table"),
])
def test_a_scene_without_its_title_or_labels_stops_before_any_speech(tmp_path, pattern, message):
    locale = english_with(tmp_path, lambda words: re.sub(pattern, "", words, count=1))
    with pytest.raises(NarrationError, match=message):
        load_script(physics.preset("neuron"), locale)
