"""True for every cell and variant: a script that fits the budget, told in each cell's own terms."""

import re

import numpy as np
import pytest
from conftest import sweep_cases
from helpers import run, too_fast_scenes

import physics
from narration.narrate import narrate
from narration.locale import ENGLISH, languages, load_locale
from narration.script import load_script
from narration.voices import make_voice
from narration.timeline import MAX_NARRATION_S, BudgetError, build_timeline
from physics.limits import PARADOX_CELLS
from physics.params import load_cell

#: What each preset's battery is for, as its closing line says it.
CLOSING = {
    "neuron": "every thought and nerve impulse",
    "skeletal_muscle": "every twitch",
    "cardiac_myocyte": "every heartbeat",
    "smooth_muscle": "gut and blood vessel",
    "red_blood_cell": "water and salt balance",
}


def said(narrations, name, sets=()):
    """The fitted narration of a variant, as captioned."""
    return " ".join(s.written for sentences in narrations[(name, sets)].script.scenes.values() for s in sentences)


def narrated(case, code="en"):
    """``(seconds, scenes said too fast)`` of ``case`` narrated in language ``code``; None when the model refuses
    the cell; the message of any other failure (a budget, caption or claim error: a question the narration could
    not answer). English is spoken by Piper, another language by espeak-ng."""
    name, sets = case
    locale = load_locale(code)
    voice = make_voice() if code == "en" else make_voice("espeak", code)
    try:
        timeline = narrate(load_cell(name, None, sets), voice, locale).timeline
    except physics.OutsideModelError:
        return None
    except physics.ExplainerError as error:
        return str(error)
    return timeline.duration_s, too_fast_scenes(timeline, locale.max_scene_wpm)


#: The budget sweep, one test per language and preset, each a group of its own: the two test workers share it.
#: English first: Piper takes longest.
SWEEP = [pytest.param(code, preset, marks=pytest.mark.xdist_group(f"sweep-{code}-{preset}"))
         for code in sorted(languages(), key=lambda code: code != "en") for preset in physics.PRESETS]


@pytest.mark.parametrize(("code", "preset"), SWEEP)
def test_every_preset_doubled_potassium_and_explorer_variant_fits_the_budget_and_the_pace(code, preset):
    results = {case: narrated(case, code) for case in sweep_cases() if case[0] == preset}
    failed = {case: result for case, result in results.items() if isinstance(result, str)}
    assert not failed, failed
    told = {case: result for case, result in results.items() if result is not None}
    assert max(seconds for seconds, _ in told.values()) <= MAX_NARRATION_S
    assert {case: fast for case, (_, fast) in told.items() if fast} == {}


def test_the_model_refuses_few_of_the_sweep_s_cells(english_sweep_words):
    """The refusals are the model's own edges (rest below E_K, paradoxical depolarization), a few: the sweep
    above tells the rest."""
    refused = [case for case, words in english_sweep_words.items() if words is None]
    assert len(refused) <= 0.15 * len(sweep_cases()), refused


def test_the_fullest_wording_that_fits_is_chosen(narrations):
    """Taking back any wording the fitting gave up would run over the budget."""
    from narration.cache import SpeechCache

    speak = SpeechCache(make_voice(), force=False).speak
    for name, sets in [("neuron", ()), ("neuron", ("K.out=2.5",)), ("cardiac_myocyte", ("K.out=7.5",))]:
        full = load_script(load_cell(name, None, sets))
        fitted = {(scene, s.name): s for scene, sentences in narrations[(name, sets)].script.scenes.items()
                  for s in sentences}
        levels = {}
        for key, _ in full.give_up_order:
            wordings = [next(s for s in full.scenes[key[0]] if s.name == key[1]), *full.shorter[key][1]]
            levels[key] = wordings.index(fitted.get(key))
        assert any(levels.values()) or name == "neuron"
        for key, level in levels.items():
            if level:
                with pytest.raises(BudgetError):
                    build_timeline(full.shortened({**levels, key: level - 1}), speak, {})


def test_a_script_too_long_in_every_wording_names_what_to_cut(tmp_path):
    text = ENGLISH.script.read_text(encoding="utf-8")
    long = "keeping the gradients, " * 8
    path = tmp_path / "script.toml"
    path.write_text(text.replace("a steady state", f"{long}a steady state"), encoding="utf-8")
    with pytest.raises(BudgetError, match=r"with every shorter wording; cut words from the longest sentences in "
                                          r"script.toml: sodium_potassium_pump 'pump'"):
        narrate(physics.preset("neuron"), script_path=path)


@pytest.mark.parametrize("name", physics.PRESETS)
def test_each_preset_closes_on_what_its_battery_is_for(narrations, name):
    text = said(narrations, name)
    assert CLOSING[name] in text
    assert not [words for other, words in CLOSING.items() if other != name and words in text]


@pytest.mark.parametrize("name", physics.PRESETS)
def test_the_run_down_is_timed_only_where_the_model_can(narrations, name):
    told = "halves in" in said(narrations, name)
    assert told == (name in ("neuron", "skeletal_muscle"))
    assert told == (name not in physics.RUNDOWN_UNMODELLED)


def test_the_red_cell_is_told_its_chloride_story(narrations):
    text = said(narrations, "red_blood_cell")
    assert "Cl⁻" in text and "crosses" in text and "hemoglobin" in text and re.search("E_Cl[,:] −10 mV", text)
    assert "Cl⁻ governs the voltage" in text
    assert not [words for words in ("If only K⁺", "K⁺ alone", "leak out") if words in text]


@pytest.mark.parametrize("name", ["neuron", "skeletal_muscle", "cardiac_myocyte", "smooth_muscle"])
def test_the_mechanism_and_the_steady_state_are_said(narrations, name):
    text = said(narrations, name)
    ratio = narrations[(name, ())].script.story.phrases["k_over_na"].written
    # The K⁺-only thought experiment is flagged as one, and E_K named before the scale shows it.
    assert "If only K⁺ could cross" in text or "K⁺ alone would" in text
    leak = narrations[(name, ())].script.scenes["potassium_leak"][0]
    assert leak.spoken.split()[leak.bookmarks["balance"]] == "E"
    assert f"K⁺ crosses {ratio} times more easily" in text
    assert "steady state" in text and "ATP" in text
    assert "thin skin" in text and "neutral" in text


def test_the_neuron_says_its_permeability_ratio_of_twenty_five(narrations):
    assert "K⁺ crosses 25 times more easily" in said(narrations, "neuron")


@pytest.mark.parametrize(("name", "sets", "must", "must_not"), [
    ("cardiac_myocyte", ("K.out=7.5",), ["as in hyperkalemia", "less negative", "dangerous rhythms"], []),
    ("cardiac_myocyte", ("K.out=5.2",), ["lowered to 5.2 mM", "more negative"], ["hyperkalemia"]),
    ("neuron", ("K.out=20",), ["far above any clinical level", "less negative"], ["hyperkalemia", "rhythm"]),
    ("neuron", ("K.out=2.5",), ["as in hypokalemia", "more negative"], ["hyperkalemia"]),
    ("skeletal_muscle", ("K.out=8",), ["as in hyperkalemia", "less negative"], ["rhythm"]),
    ("cardiac_myocyte", (), ["Extra blood K⁺", "dangerous rhythms"], []),
])
def test_extra_blood_potassium_follows_the_clinical_ranges(narrations, name, sets, must, must_not):
    text = said(narrations, name, sets)
    assert [words for words in must if words not in text] == []
    assert [words for words in must_not if words in text] == []


def test_no_sodium_leak_leaves_the_pump_idle(narrations):
    cell = load_cell("neuron", None, ["Na.permeability=0"])
    state = physics.resting_state(cell)
    assert state.pump_mv == 0
    text = said(narrations, "neuron", ("Na.permeability=0",))
    assert "nothing to remove: idle, it contributes nothing." in text and "halves in" not in text
    # With nothing leaking in, blocking the pump changes nothing: the model's own traces agree.
    blocked, running = physics.simulate(cell, 600.0, pump_blocked_at_s=0.0), physics.simulate(cell, 600.0)
    assert np.allclose(blocked.v_mv, running.v_mv, atol=1e-6)


def test_an_electroneutral_pump_adds_nothing(narrations):
    text = said(narrations, "neuron", ("pump_ratio=1",))
    assert re.search("(adds|contributing) nothing", text) and "equal charge" in text


def test_cooling_says_the_model_changes_only_rt_over_f(narrations):
    assert "changes only RT/F" in said(narrations, "neuron", ("temp_c=20",)).replace("changing only", "changes only")


@pytest.mark.parametrize("name", PARADOX_CELLS)
def test_muscle_and_heart_below_one_and_a_half_millimolar_potassium_are_refused(tmp_path, name):
    with pytest.raises(physics.OutsideModelError, match="depolarize instead of hyperpolarizing"):
        physics.resting_state(load_cell(name, None, ["K.out=1"]))
    assert physics.resting_state(load_cell(name, None, ["K.out=1.5"])).rest_mv < 0
    result = run("render.py", "--dry-run", "--cell", name, "--set", "K.out=1", "--out", str(tmp_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Jurkat-Rott" in result.stderr


def test_the_neuron_at_one_millimolar_potassium_is_still_narrated():
    assert physics.resting_state(load_cell("neuron", None, ["K.out=1"])).rest_mv < -80


def test_a_credited_calcium_leak_is_named():
    script = load_script(load_cell("neuron", None, ["Ca.permeability=5"]))
    assert script.story.numbers["ca_credited"] == 1
    assert "Ca²⁺" in script.scenes["goldman"][0].written


def test_the_red_cells_radius_gives_its_surface_to_volume_ratio():
    # A sphere's area over volume is 3/r; a red cell's is 135 µm² over 94 fL (Canham & Burton 1968).
    assert 3 / physics.preset("red_blood_cell").radius_um == pytest.approx(135 / 94, rel=0.03)
