"""Faults a render meets: it loses nothing, repairs what is damaged and says what went wrong in one line."""

import fcntl
import json
import os
import shutil
import signal
import subprocess

import pytest
from helpers import interrupt_at, run

import physics
from common.store import STORE
from narration.narrate import narrate
from pipeline.job import Job
from pipeline.stages import plan_clips


def render_l(*args):
    return run("render.py", "-q", "l", *args, timeout=900)


def one_line(result):
    return result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("scenes", ["hook,hook", "", " , "])
def test_scenes_named_twice_or_not_at_all_are_refused(tmp_path, scenes):
    result = render_l("--dry-run", "--scenes", scenes, "--out", str(tmp_path / "out"))
    assert one_line(result), result.stderr
    assert "twice" in result.stderr or "unknown scene" in result.stderr


def test_an_output_path_under_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    result = render_l("--scenes", "hook", "--out", str(tmp_path / "file" / "out"))
    assert one_line(result) and "cannot write to the output folder" in result.stderr


def test_a_lock_left_with_garbage_or_by_a_killed_render_does_not_block(default_out, tmp_path):
    out = tmp_path / "lecture"
    out.mkdir()
    (out / ".render.lock").write_text("garbage, or the pid of a process long gone")
    (out / ".staging-99999").mkdir()
    (out / ".staging-99999" / "half.mp4").write_bytes(b"\0" * 100)
    result = render_l("--scenes", "hook", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not list(out.glob(".staging-*")), "what a killed render left is removed once the lock is held"


def test_a_damaged_cached_clip_is_made_again(default_out, tmp_path):
    neuron = physics.preset("neuron")
    segments = plan_clips(Job(neuron, tmp_path / "unused", quality="l"), narrate(neuron))["hook"][2]
    assert segments.is_whole()
    path = segments.path("captioned")
    data = bytearray(path.read_bytes())
    data[len(data) // 2:len(data) // 2 + 64] = bytes(64)  # 64 zero bytes inside the clip
    path.write_bytes(bytes(data))
    result = render_l("--scenes", "hook", "--out", str(tmp_path / "lecture"))
    assert result.returncode == 0, result.stderr
    assert "hook: the cached clip is damaged; rendering it again" in result.stdout
    assert segments.is_whole()


def test_a_damaged_output_is_repaired_not_called_up_to_date(default_out, tmp_path):
    out = tmp_path / "damaged"  # a copy: other tests read the default render meanwhile
    shutil.copytree(default_out, out)
    clip = out / "scenes" / "01-hook.mp4"
    good = clip.read_bytes()
    clip.write_bytes(good[: len(good) // 2])  # as if a publish was cut short
    result = render_l("--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "up to date" not in result.stdout and clip.read_bytes() == good
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) >= {"explainer.mp4", "scenes/01-hook.mp4", "index.html"}


def test_some_scenes_never_break_a_full_render_of_other_inputs(default_out, tmp_path):
    out = tmp_path / "full"
    shutil.copytree(default_out, out)
    before = (out / "manifest.json").read_bytes()
    result = render_l("--scenes", "hook", "--set", "K.out=8", "--out", str(out))
    assert one_line(result) and "holds a full render with other parameters" in result.stderr
    same = render_l("--scenes", "hook", "--out", str(out))
    assert same.returncode == 0, same.stderr
    assert (out / "manifest.json").read_bytes() == before
    assert (out / "scenes" / "manifest.json").exists()


def test_sigterm_ends_a_render_like_ctrl_c(default_out, tmp_path):
    out = tmp_path / "terminated"
    # Two scenes to draw, one at a time: SIGTERM comes as the first is done, before the second can be.
    status, stdout, stderr, sent_at = interrupt_at(
        "render.py", "-q", "l", "--force", "--jobs", "1", "--scenes", "hook,potassium_leak", "--out", str(out),
        signum=signal.SIGTERM, at=lambda line: ": rendered (1/2," in line)
    assert sent_at and "rendered (2/2," not in stdout, stdout + stderr
    assert status == 130 and "interrupted" in stderr and "Traceback" not in stderr
    assert not (out / "scenes").exists() and not list(out.glob(".staging-*"))
    with open(out / ".render.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_text_the_font_cannot_draw_is_refused_before_any_speech(tmp_path):
    from narration.locale import ENGLISH

    path = tmp_path / "script.toml"
    path.write_text(ENGLISH.script.read_text(encoding="utf-8").replace("{#closing}powers every thought", "{#closing}powers 電 every thought"),
                    encoding="utf-8")
    result = run("-m", "narration", "--script", str(path), "--out", str(tmp_path / "out"))
    assert one_line(result) and "the font cannot draw '電'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_params_file_that_is_not_utf8_is_one_line(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes("temp_c = 20 # température\n".encode("latin-1"))
    result = run("-m", "physics", "--params", str(path))
    assert one_line(result) and "a readable TOML file" in result.stderr


def test_a_broken_latex_is_one_line_naming_it(tmp_path):
    # LaTeX present but broken: a `latex` that fails first on the PATH.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "latex").write_text("#!/bin/sh\nexit 1\n")
    (bin_dir / "latex").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    result = run("render.py", "-q", "l", "--force", "--scenes", "goldman", "--out", str(tmp_path / "out"), env=env,
                 timeout=600)
    assert one_line(result), result.stderr
    assert "LaTeX failed" in result.stderr and "goldman" in result.stderr
    assert not (tmp_path / "out" / "scenes").exists()


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB file system: too small for the outputs of a -q l render."""
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a small file system needs root")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_is_one_line_and_leaves_nothing_half_written(default_out, small_disk):
    out = small_disk / "out"
    result = render_l("--out", str(out))
    assert one_line(result) and "the disk is full" in result.stderr, result.stderr
    assert not list(out.glob(".staging-*")) and not (out / "explainer.mp4").exists()


def test_work_folders_a_killed_render_left_are_removed(default_out, tmp_path):
    stale = STORE / "work" / "segments-99999-hook"
    (stale / "media").mkdir(parents=True, exist_ok=True)
    (stale / "clean.mp4").write_bytes(b"\0" * 100)
    os.utime(stale, (1, 1))  # left long ago
    result = render_l("--scenes", "hook", "--out", str(tmp_path / "lecture"))
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
