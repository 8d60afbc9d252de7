"""Scene inputs: computed once in the parent, the only thing a scene draws from, and the clip's cache key."""

import hashlib
import json
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import run

import common.store
import physics
import render
from narration.narrate import narrate
from pipeline.job import Job
from pipeline.stages import plan_clips
from physics import presets
from physics.params import load_cell
from scenes import SCENES_IN_ORDER
from scenes.inputs import scene_inputs


def keys(cell, quality="l"):
    """Each scene's cached segments, as the render plans them."""
    job = Job(cell, Path("unused"), quality=quality)
    return {name: segments for name, (_, _, segments) in plan_clips(job, narrate(cell)).items()}


def _edit_neuron_k_out(monkeypatch):
    """The neuron preset with 4 mM K⁺ outside: a variant that sets K⁺ outside itself keeps its own cell."""
    neuron = presets._PRESETS["neuron"]
    monkeypatch.setitem(presets._PRESETS, "neuron", replace(neuron, conc_out_mm={**neuron.conc_out_mm, "K": 4.0}))


def test_a_preset_edit_rerenders_exactly_the_clips_that_draw_it(monkeypatch):
    before = keys(load_cell("neuron", None, ["K.out=8"]))
    _edit_neuron_k_out(monkeypatch)
    after = keys(load_cell("neuron", None, ["K.out=8"]))
    # The hyperkalemic neuron is the same cell; its hook shows the preset's K⁺ (4 → 8 mM) and its
    # last scene the preset's rest beside its own. No other scene draws the preset.
    assert [name for name in SCENES_IN_ORDER if before[name] != after[name]] == ["hook", "why_it_matters"]


def test_a_variant_changes_the_clips_of_the_values_it_changes():
    neuron, warm = keys(physics.preset("neuron")), keys(load_cell("neuron", None, ["thickness_nm=5"]))
    changed = [name for name in SCENES_IN_ORDER if neuron[name] != warm[name]]
    # A thicker membrane changes the field (charge separation); the hook says what changed, and the
    # last scene compares with the preset.
    assert "charge_separation" in changed and "hook" in changed and "why_it_matters" in changed
    assert "potassium_leak" not in changed


def test_quality_is_part_of_the_key():
    neuron = physics.preset("neuron")
    assert set(keys(neuron, "l").values()).isdisjoint(keys(neuron, "m").values())


def test_a_scene_draws_from_its_input_alone(monkeypatch):
    from scenes import base
    from scenes.stills import render_stills

    inputs = scene_inputs(narrate(physics.preset("neuron")))
    assert pickle.loads(pickle.dumps(inputs["goldman"])) == inputs["goldman"]

    def no_narration(*args, **kwargs):
        raise AssertionError("a scene given its input must not narrate")

    monkeypatch.setattr(base, "narrate", no_narration)
    scene = render_stills(inputs["goldman"], 160, 90)
    assert len(scene.stills) == len(inputs["goldman"].timeline.beats)


def test_inputs_hold_only_what_each_scene_draws():
    inputs = scene_inputs(narrate(physics.preset("neuron")))
    assert "rest_high_k" in inputs["why_it_matters"].written
    assert all("rest_high_k" not in inputs[name].written for name in SCENES_IN_ORDER[:-1])
    assert inputs["sodium_potassium_pump"].traces and not inputs["goldman"].traces
    assert all(i.timeline.start_s == 0 for i in inputs.values())


@pytest.mark.parametrize("sets", [(), ("Na.permeability=0.2",)])
def test_dry_run_lists_each_scene_as_cached_or_render(tmp_path, sets):
    result = run("render.py", "--dry-run", "-q", "l", *(a for s in sets for a in ("--set", s)),
                 "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0]: line.split()[-1] for line in result.stdout.splitlines() if line.startswith("  ")}
    assert list(listed) == list(SCENES_IN_ORDER) and set(listed.values()) <= {"cached", "render"}
    expected = {name: "cached" if segments.is_whole() else "render"
                for name, segments in keys(load_cell("neuron", None, sets)).items()}
    assert listed == expected


def dry_run_plan(capsys, tmp_path):
    """What ``render.py --dry-run -q l`` lists, scene by scene, run in this process."""
    assert render.main(["--dry-run", "-q", "l", "--set", "K.out=8", "--out", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    return {line.split()[0]: line.split()[-1] for line in lines if line.startswith("  ")}


def test_dry_run_after_a_preset_edit_plans_only_the_clips_that_draw_it(monkeypatch, capsys, tmp_path):
    # A cache of its own, holding sealed segments for every scene of the hyperkalemic neuron as it is now.
    monkeypatch.setattr(common.store, "STORE", tmp_path / "cache")
    for segments in keys(load_cell("neuron", None, ["K.out=8"])).values():
        segments.seal.parent.mkdir(parents=True, exist_ok=True)
        for kind in segments.kinds:
            segments.path(kind).write_bytes(kind.encode())
        digests = {kind: hashlib.sha256(kind.encode()).hexdigest() for kind in segments.kinds}
        segments.seal.write_text(json.dumps({"sha256": digests}))
    assert set(dry_run_plan(capsys, tmp_path).values()) == {"cached"}
    _edit_neuron_k_out(monkeypatch)
    plan = dry_run_plan(capsys, tmp_path)
    assert [name for name, state in plan.items() if state == "render"] == ["hook", "why_it_matters"]
