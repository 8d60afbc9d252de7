"""The scenes: timed to the narration, numbers from the physics, the caption band kept clear."""

import os
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import VARIANTS

import physics
import physics.params
from common.plan import BEATS
from narration.captions import cut_cues
from narration.locale import ENGLISH
from narration.narrate import narrate
from narration.quantities import duration, quantity, scientific
from physics.params import load_cell
from scenes import SCENES_IN_ORDER, goldman, scene_class
from scenes.inputs import scene_inputs
from scenes.stills import render_stills
from common.format import FORMATS
from scenes.style import BACKGROUND

CONTROL = Path(__file__).parent / "control_data" / "scenes"
REGENERATE = os.environ.get("REGENERATE_CONTROL_DATA") == "1"
#: The stills' width in pixels: 320 × 180 in landscape, 180 × 320 vertical, 180 × 180 square.
SNAPSHOT_WIDTH = {"landscape": 320, "vertical": 180, "square": 180}

NUMBER = re.compile(r"[−+]?\d[\d,.]*(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?")


def expected_values(cell):
    """Written forms of every number a scene may show, computed here from the physics alone."""
    state = physics.resting_state(cell)
    preset = physics.preset(cell.name)
    written = {
        "rest": quantity(state.rest_mv, "mV", ENGLISH), "ghk": quantity(state.ghk_mv, "mV", ENGLISH),
        "pump": quantity(round(state.rest_mv) - round(state.ghk_mv), "mV", ENGLISH), "field": quantity(state.field_v_per_m / 1e6, "MV/m", ENGLISH),
        "thickness": quantity(cell.thickness_nm, "nm", ENGLISH),
        "charge": scientific(state.charge_mol_per_cm2, "mol_cm2", ENGLISH),
        "charge_ms": quantity(physics.charging_time_s(cell) * 1000, "ms", ENGLISH),
        "rundown": duration(physics.rundown_s(cell, t_max_s=60 * 86400.0), ENGLISH),
        "k_fraction": quantity(1 / state.k_fraction_moved, "count", ENGLISH),
        "one": quantity(1, "count", ENGLISH),  # "1 K⁺ in 63,000": the fraction's numerator
        "pump_na": quantity(3, "count", ENGLISH), "pump_k": quantity(2, "count", ENGLISH),
        "preset_rest": quantity(physics.resting_state(preset).rest_mv, "mV", ENGLISH),
        "k_out": quantity(cell.conc_out_mm["K"], "mM", ENGLISH),
    }
    if cell == preset:
        raised = replace(cell, conc_out_mm={**cell.conc_out_mm, "K": 2 * cell.conc_out_mm["K"]})
        written["k_out_high"] = quantity(2 * cell.conc_out_mm["K"], "mM", ENGLISH)
        written["rest_high_k"] = quantity(physics.resting_state(raised).rest_mv, "mV", ENGLISH)
    for key, value in physics.params.parameters(cell).items():
        if value != physics.params.parameters(preset)[key]:
            written[f"changed {key}"] = quantity(float(value), "count", ENGLISH)
            written[f"was {key}"] = quantity(float(physics.params.parameters(preset)[key]), "count", ENGLISH)
    for ion, e in state.equilibrium_mv.items():
        written[f"e_{ion.lower()}"] = quantity(e, "mV", ENGLISH)
    for name in physics.PRESETS:
        written[f"rest_{name}"] = quantity(physics.resting_state(physics.preset(name)).rest_mv, "mV", ENGLISH)
    return {name: q.written.strip() for name, q in written.items()}


#: Values each scene must show.
MUST_SHOW = {
    "hook": ["rest"],
    "charge_separation": ["thickness", "field", "k_fraction"],
    "potassium_leak": ["e_k"],
    "goldman": ["e_k", "e_na", "e_cl", "ghk"],
    "sodium_potassium_pump": ["ghk", "rest", "pump", "rundown", "pump_na", "pump_k"],
    "why_it_matters": ["rest", "rest_high_k", "k_out", "k_out_high"],
}
#: The cells whose scenes are audited, and in which format: every preset, hyper- and hypokalemia in landscape;
#: every preset and hyperkalemia in each other format.
AUDITED = ([(name, (), "landscape") for name in physics.PRESETS]
           + [("neuron", ("K.out=8",), "landscape"), ("neuron", ("K.out=2.5",), "landscape")]
           + [(name, sets, fmt) for fmt in FORMATS if fmt != "landscape"
              for name, sets in [*((name, ()) for name in physics.PRESETS), ("neuron", ("K.out=8",))]])
#: The cells whose beats' stills are pinned as control data, in each format.
PINNED = ([(name, sets, "landscape") for name, sets in
           [("neuron", ()), ("skeletal_muscle", ()), ("red_blood_cell", ()), ("neuron", ("K.out=8",))]]
          + [(name, sets, fmt) for fmt in FORMATS if fmt != "landscape" for name, sets in
             [("neuron", ()), ("neuron", ("K.out=8",))]])
#: A half of the frame (left, right, top) is empty below this share of drawn pixels. Measured on stills drawn
#: once: the square hook's "changed" beat, one line of text beside the cell, draws 0.013 of its right half.
MIN_DRAWN = 0.012


def still(scene_input, fmt_name, audit=False):
    """The scene of ``scene_input`` rendered (no video) in format ``fmt_name`` at the tests' size."""
    return render_stills(scene_input, SNAPSHOT_WIDTH[fmt_name], audit=audit, fmt=FORMATS[fmt_name])


@pytest.fixture(scope="module", params=AUDITED,
                ids=lambda p: "-".join((p[0], *p[1], *([p[2]] if p[2] != "landscape" else []))))
def rendered(request):
    """Every scene rendered (no video) with the audit on, for one cell in one format."""
    cell = load_cell(request.param[0], None, request.param[1])
    narration = narrate(cell)
    inputs = scene_inputs(narration)
    scenes = {name: still(inputs[name], request.param[2], audit=True) for name in SCENES_IN_ORDER}
    return cell, narration, scenes, request.param


@pytest.mark.parametrize("name", SCENES_IN_ORDER)
def test_scene_lasts_as_long_as_its_narration(rendered, name):
    _, _, scenes, _ = rendered
    scene = scenes[name]
    assert abs(scene.renderer.time - scene.timeline.duration_s) <= 1 / 15 + 1e-9
    assert len(scene.stills) == len(scene.timeline.beats)


@pytest.mark.parametrize("name", SCENES_IN_ORDER)
def test_every_number_on_screen_is_the_physics_value(rendered, name):
    cell, _, scenes, _ = rendered
    expected = expected_values(cell)
    shown = scenes[name].texts_shown
    numbers = {m.strip() for text in shown for m in NUMBER.findall(text)}
    allowed = {m for value in expected.values() for m in NUMBER.findall(value)}
    assert numbers <= allowed, f"numbers not from the physics: {numbers - allowed}"
    # Axis ticks are round numbers of their scale, each with nothing but its number (and unit).
    assert all(NUMBER.fullmatch(tick.split(" ")[0]) for tick in scenes[name].ticks_shown), scenes[name].ticks_shown
    variant = cell != physics.preset(cell.name)
    # A variant's last scene shows the preset's own rest beside this version's, not every preset.
    must = ["rest", "preset_rest"] if variant and name == "why_it_matters" else MUST_SHOW[name]
    # The run-down is shown only where it is told; where Cl⁻ sets the voltage, its leak shows E_Cl.
    if not scenes[name].timeline.beat("rundown"):
        must = [key for key in must if key != "rundown"]
    if name == "potassium_leak" and scenes[name].input.numbers["cl_sets"]:
        must = ["e_cl"]
    for key in must:
        assert any(expected[key] in text for text in shown), (key, expected[key], sorted(shown))


@pytest.mark.parametrize("name", SCENES_IN_ORDER)
def test_nothing_in_the_caption_band_while_a_cue_shows_and_all_inside_the_safe_area(rendered, name):
    _, narration, scenes, _ = rendered
    scene = scenes[name]
    cues = cut_cues(narration.written_words(name), 15, ENGLISH.captions, until_s=scene.timeline.duration_s)
    during_cues = [hit for hit in scene.band_intrusions
                   if any(c.start_ms / 1000 <= hit[0] <= c.end_ms / 1000 for c in cues)]
    assert during_cues == []
    # EBU R95 graphics-safe area: text always, everything at the end of each beat.
    assert scene.unsafe == []


@pytest.mark.parametrize("name", SCENES_IN_ORDER)
def test_nothing_is_drawn_over_a_label_at_the_end_of_a_beat(rendered, name):
    _, _, scenes, _ = rendered
    assert scenes[name].overlaps == []


@pytest.mark.parametrize("name", SCENES_IN_ORDER)
def test_each_picture_is_complete_when_its_words_come_and_holds_a_second(rendered, name):
    _, _, scenes, _ = rendered
    scene = scenes[name]
    for beat in scene.timeline.beats:
        for mark in BEATS[name][beat.name]:
            assert mark in scene.keys, f"{name}: no key picture for {{#{mark}}}"
            assert scene.keys[mark] <= scene.marks[mark] + 1 / 15 + 1e-6, \
                f"{name}: the picture for {{#{mark}}} is complete at {scene.keys[mark]:.2f} s, after its words " \
                f"({scene.marks[mark]:.2f} s)"
    assert scene.short_holds == []


@pytest.mark.parametrize("name", SCENES_IN_ORDER)
def test_no_half_of_the_frame_is_empty_at_the_end_of_a_beat(rendered, name):
    _, _, scenes, _ = rendered
    for beat, still in zip(scenes[name].timeline.beats, scenes[name].stills):
        drawn = np.abs(np.asarray(still)[..., :3].astype(int) - np.array(BACKGROUND.to_int_rgb())).max(axis=-1) > 40
        height, width = drawn.shape
        # The bottom half holds the captions; above it, each half shows something.
        layout = scenes[name].layout
        band = round(height * (layout.frame_height / 2 - layout.caption_band_top) / layout.frame_height)
        halves = {"left": drawn[:band, :width // 2], "right": drawn[:band, width // 2:], "top": drawn[:height // 2]}
        empty = {side: round(part.mean(), 3) for side, part in halves.items() if part.mean() < MIN_DRAWN}
        assert not empty, f"{name}, beat {beat.name}: nearly empty {empty}"


def test_the_voltmeter_carries_across_every_cut(rendered):
    _, _, scenes, _ = rendered
    for before, after in zip(SCENES_IN_ORDER, SCENES_IN_ORDER[1:]):
        carried = set(scenes[before].meters_at_end) & set(scenes[after].meters_at_start)
        assert carried, f"{before} → {after}: no meter ends the one where it starts the other"


@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_the_voltage_scale_fits_every_value_it_shows(narrations, name, sets):
    numbers = scene_inputs(narrations[(name, sets)])["goldman"].numbers
    (low, high), _ = goldman.scale_of(numbers)
    shown = [numbers[key] for key in ("e_k", "e_na", "e_cl", "ghk")]
    assert low < min(shown) and max(shown) < high and low % 50 == 0 == high % 50


@pytest.mark.parametrize("name", SCENES_IN_ORDER)
def test_key_frames_match_the_control_data(rendered, name):
    cell, narration, scenes, param = rendered
    if param not in PINNED:
        pytest.skip("stills are pinned for " + ", ".join("-".join((c, *s, f)) for c, s, f in PINNED))
    stills = np.stack([frame[..., :3] for frame in scenes[name].stills])
    variant = "-".join(f"{k}={new:g}" for k, (_, new) in narration.script.story.changes.items())
    fmt = "" if param[2] == "landscape" else param[2]
    path = CONTROL / f"{'-'.join(filter(None, (cell.name, variant, fmt)))}-{name}.npz"
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, stills=stills)
        pytest.skip("control data regenerated")
    control = np.load(path)["stills"]
    assert control.shape == stills.shape
    difference = np.abs(control.astype(int) - stills.astype(int))
    # Anti-aliasing may differ by a shade; a moved or missing element does not.
    assert difference.mean() < 1.0 and (difference.max(axis=-1) > 60).mean() < 0.002, \
        f"frames differ: mean {difference.mean():.2f}; rerun with REGENERATE_CONTROL_DATA=1 if the change is meant"


def test_scenes_are_deterministic(rendered):
    _, narration, scenes, param = rendered
    if param not in PINNED:
        pytest.skip("checked for the cells whose stills are pinned")
    first = scenes["potassium_leak"].stills
    again = still(scene_inputs(narration)["potassium_leak"], param[2]).stills
    assert len(again) == len(first) > 0 and all(np.array_equal(a, b) for a, b in zip(first, again))


def test_scene_class_binds_its_input_and_rejects_unknown_names(rendered):
    _, narration, _, _ = rendered
    goldman = scene_inputs(narration)["goldman"]
    cls = scene_class("goldman", goldman)
    assert cls.scene_input is goldman and cls.name == "goldman"
    with pytest.raises(ValueError, match="unknown scene 'intro'"):
        scene_class("intro")


def test_plain_manim_render_carries_the_narration_and_lasts_as_long(tmp_path):
    import subprocess
    import sys

    import av

    result = subprocess.run([sys.executable, "-m", "manim", "-ql", "--media_dir", str(tmp_path),
                             "scenes/hook.py", "Hook"], cwd=Path(__file__).parent.parent, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    expected_s = narrate(physics.preset("neuron")).timeline.scene("hook").duration_s
    with av.open(str(tmp_path / "videos" / "hook" / "480p15" / "Hook.mp4")) as container:
        video = container.streams.video[0]
        frames = sum(1 for _ in container.decode(video))
    with av.open(str(tmp_path / "videos" / "hook" / "480p15" / "Hook.mp4")) as container:
        assert container.streams.audio, "the narration is the sound track"
    assert abs(frames - expected_s * 15) <= 1
