"""render.py end to end at -q l: the outputs, their standards, the caches, the safety rules."""

import fcntl
import hashlib
import json
import re
import signal

import pytest
from helpers import interrupt_at, run

from assembly.checks import poster_problems, video_problems
from common.format import FORMATS
from scenes import SCENES_IN_ORDER

OUTPUTS = ["explainer.mp4", "explainer-clean.mp4", "explainer.srt", "explainer.vtt", "chapters.vtt", "poster.png",
           "manifest.json", "index.html"]


def render(*args, timeout=900):
    return run("render.py", "-q", "l", *args, timeout=timeout)


def digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_default_render_writes_every_output(default_out):
    for name in OUTPUTS:
        assert (default_out / name).is_file(), name
    for i, name in enumerate(SCENES_IN_ORDER, 1):
        for ext in ("mp4", "srt", "vtt"):
            assert (default_out / "scenes" / f"{i:02d}-{name}.{ext}").is_file()
        assert (default_out / "scenes" / f"{i:02d}-{name}-clean.mp4").is_file()
    assert not list(default_out.glob(".staging-*")) and not list(default_out.rglob("*.partial*"))
    with open(default_out / ".render.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released when the render ended


def test_outputs_meet_the_standard_measured_again(default_out):
    assert video_problems(default_out / "explainer.mp4", 15) == []
    assert video_problems(default_out / "scenes" / "03-potassium_leak.mp4", 15) == []
    assert video_problems(default_out / "scenes" / "03-potassium_leak-clean.mp4", 15) == []
    assert poster_problems(default_out / "poster.png") == []
    chapters = (default_out / "chapters.vtt").read_text(encoding="utf-8")
    assert chapters.startswith("WEBVTT") and chapters.count(" --> ") == len(SCENES_IN_ORDER)


def test_loudness_is_measured_once_per_audio_stream_and_kept(default_out, tmp_path, monkeypatch):
    from assembly import checks

    clip, twin = default_out / "scenes" / "03-potassium_leak.mp4", default_out / "scenes" / "03-potassium_leak-clean.mp4"
    measured = checks.loudness(clip)
    assert checks.loudness(clip, tmp_path) == measured and len(list(tmp_path.glob("*.json"))) == 1
    # The clean twin carries the same stream: its figures come from the store, with no ffmpeg run.
    monkeypatch.setattr(checks.ffmpeg, "run", lambda *args, **kwargs: pytest.fail("measured again"))
    monkeypatch.setattr(checks.ffmpeg, "run_bytes", lambda *args, **kwargs: pytest.fail("decoded again"))
    assert checks.loudness(twin, tmp_path) == measured
    assert checks.loudness_problems(twin, tmp_path) == []


def test_manifest_matches_python_m_physics(default_out):
    manifest = json.loads((default_out / "manifest.json").read_text(encoding="utf-8"))
    physics_json = json.loads(run("-m", "physics", "--json").stdout)
    assert manifest["parameters"] == {"cell": "neuron", **physics_json["parameters"]}
    for key in ("ghk_mv", "pump_mv", "rest_mv"):
        assert manifest["physics"][key] == pytest.approx(physics_json["physics"][key], abs=1e-9)
    assert manifest["physics"]["equilibrium_mv"] == pytest.approx(physics_json["physics"]["equilibrium_mv"])
    assert [s["name"] for s in manifest["scenes"]] == list(SCENES_IN_ORDER)
    assert manifest["duration_s"] < 60 and manifest["fps"] == 15 and manifest["resolution"] == [854, 480]
    assert manifest["quality"] == "l" and manifest["voice"]["engine"] == "piper"
    assert {"manim", "numpy", "membrane-explainer"} <= set(manifest["versions"]) and len(manifest["input_hash"]) == 64
    starts = [s["start_s"] for s in manifest["scenes"]]
    assert starts == sorted(starts) and all((default_out / s["file"]).exists() for s in manifest["scenes"])
    # Every published file, the clean lecture clips too, is listed with its hash.
    assert all(manifest["files"][s["clean_file"]] for s in manifest["scenes"])


def test_a_second_run_renders_nothing(default_out):
    result = render("--out", str(default_out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": cached") == len(SCENES_IN_ORDER)
    assert "rendered" not in result.stdout
    assert re.search(r"\b(\d+)/\1 sentences from the cache", result.stdout)
    assert "up to date" in result.stdout and "joining" not in result.stdout


def test_two_cold_renders_of_the_same_inputs_are_identical(tmp_path):
    # Speech, drawing and encoding all made afresh, twice: every output the same to the byte, so
    # captions, manifest, decoded frames and audio samples too.
    made = []
    for name in ("first", "second"):
        out = tmp_path / name
        result = render("--force", "--scenes", "sodium_potassium_pump", "--out", str(out))
        assert result.returncode == 0, result.stderr
        made.append({path: sha for path, sha in digest(out).items() if path != ".render.lock"})
    assert made[0] == made[1] and "scenes/05-sodium_potassium_pump.mp4" in made[0]


def test_skeletal_muscle_variant(tmp_path):
    out = tmp_path / "muscle"
    result = render("--cell", "skeletal_muscle", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    physics_json = json.loads(run("-m", "physics", "--json", "--cell", "skeletal_muscle").stdout)
    assert manifest["physics"]["rest_mv"] == pytest.approx(physics_json["physics"]["rest_mv"])
    assert "−91 mV" in (out / "explainer.srt").read_text(encoding="utf-8")


def test_one_scene_for_a_lecture(tmp_path):
    out = tmp_path / "lecture"
    result = render("--scenes", "potassium_leak", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "scenes").iterdir()) == [
        "03-potassium_leak-clean.mp4", "03-potassium_leak.mp4", "03-potassium_leak.srt", "03-potassium_leak.vtt",
        "manifest.json"]
    assert not (out / "explainer.mp4").exists()


def test_silent_lecture_mode_keeps_the_timing(default_out, tmp_path):
    out = tmp_path / "silent"
    result = render("--silent", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not (out / "explainer.srt").exists()
    assert 'kind="captions"' not in (out / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    loud = json.loads((default_out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["duration_s"] == loud["duration_s"] and manifest["voice"] is None


def test_dry_run_plans_and_renders_nothing(tmp_path):
    result = render("--dry-run", "--cell", "cardiac_myocyte", "--out", str(tmp_path / "dry"))
    assert result.returncode == 0, result.stderr
    assert "dry run: nothing rendered" in result.stdout
    assert all(name in result.stdout for name in SCENES_IN_ORDER)
    assert not (tmp_path / "dry" / "explainer.mp4").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--set", "K.out=-1"], "K.out = -1.0 is not allowed"),
    (["--scenes", "intro"], "unknown scene 'intro'"),
    (["--jobs", "0"], "--jobs = 0 is not allowed"),
    (["--set", "K.in=3"], "lies below E_K (+13.7 mV): K⁺ would leak in"),
    (["--set", "K.in=3", "--set", "cl_passive=1"], "needs k_in > k_out"),
    (["-q", "x"], "invalid choice: 'x'"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    result = render("--out", str(tmp_path / "bad"), *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_second_render_into_the_same_folder_stops_at_once(default_out):
    with open(default_out / ".render.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running render holds it
        # A render that waited for the lock would wait past the timeout, however fast the machine.
        result = render("--out", str(default_out), timeout=300)
    assert result.returncode == 2 and "another render" in result.stderr and "is writing to" in result.stderr
    assert "narration" not in result.stdout, result.stdout  # stopped before its first stage


def test_an_interrupted_render_leaves_the_previous_outputs_untouched(default_out):
    before = digest(default_out)
    # --force leaves every scene to draw; Ctrl-C comes as the first is drawn, so five are still to do.
    status, stdout, stderr, sent_at = interrupt_at(
        "render.py", "-q", "l", "--force", "--out", str(default_out), signum=signal.SIGINT,
        at=lambda line: f"rendered (1/{len(SCENES_IN_ORDER)}," in line)
    assert sent_at, stdout + stderr
    # It landed inside the drawing: no later scene, assembly or check was reported.
    assert f"rendered ({len(SCENES_IN_ORDER)}/" not in stdout and "checking the outputs" not in stdout, stdout
    assert "done:" not in stdout, stdout
    assert status == 130, stdout + stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert digest(default_out) == before
    assert not list(default_out.glob(".staging-*"))
    with open(default_out / ".render.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the kernel released it
    # The next run resumes from the caches and completes.
    result = render("--out", str(default_out))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("fmt", "size"), [("vertical", [480, 854]), ("square", [480, 480])])
def test_each_format_passes_the_checks_with_the_landscape_cuts(default_out, tmp_path, fmt, size):
    out = tmp_path / fmt
    result = render("--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr  # the render checked its own outputs against the standard
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    landscape = json.loads((default_out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == fmt and manifest["resolution"] == size and landscape["format"] == "landscape"
    # The same narration and cut times: an editor can swap one format for another.
    assert manifest["scenes"] == landscape["scenes"] and manifest["duration_s"] == landscape["duration_s"]
    for name in ("chapters.vtt", "explainer.srt", "explainer.vtt"):
        assert (out / name).read_bytes() == (default_out / name).read_bytes(), name
    assert video_problems(out / "explainer.mp4", 15, fmt=FORMATS[fmt]) == []
    assert poster_problems(out / "poster.png", FORMATS[fmt]) == []
    assert f'class="format-{fmt}"' in (out / "index.html").read_text(encoding="utf-8")
