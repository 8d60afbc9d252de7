"""The sound: a music bed ducked under the voice, measured on the published files, and the plain-manim scene's loudness.

The bed in these tests is a generated 13 kHz tone. Piper speaks at 22.05 kHz, so
its voice has nothing above 11 kHz: in a published file everything above 12 kHz
is the bed and everything below 11 kHz the voice, each measured as mixed,
K-weighted as loudness is (ITU-R BS.1770), in the 100 ms windows where the voice
speaks. The render without music is the control: there the band above 12 kHz
holds (almost) nothing, so what the test measures there with music is the bed.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import run
from scipy.signal import lfilter

import physics
from assembly import music
from common import ffmpeg
from narration.audio import ffmpeg_exe, write_wav
from narration.timeline import mix
from scenes import SCENES_IN_ORDER

ROOT = Path(__file__).resolve().parent.parent
RATE = 48000
WINDOW = RATE // 10
#: ITU-R BS.1770-4's K-weighting at 48 kHz: the high shelf, then the high pass.
K_WEIGHTING = [([1.53512485958697, -2.69169618940638, 1.19839281085285], [1.0, -1.69065929318241, 0.73248077421585]),
               ([1.0, -2.0, 1.0], [1.0, -1.99004745483398, 0.99007225036621])]


def render_l(*args):
    return run("render.py", "-q", "l", *args, timeout=900)


def one_line(result):
    return result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def tone(path, hz=13000, seconds=20):
    """A generated bed: a sine of ``hz`` lasting ``seconds`` (shorter than the video, so it must loop)."""
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", f"sine=frequency={hz}:duration={seconds}:"
                    f"sample_rate={RATE}", "-y", str(path)], check=True)
    return path


def window_levels(path):
    """The voice's and the bed's K-weighted power in each 100 ms window of ``path``'s audio (dB)."""
    raw = ffmpeg.run_bytes(["-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(RATE), "-f", "f32le", "-"])
    samples = np.frombuffer(raw, dtype="<f4").astype(np.float64)
    spectrum, hz = np.fft.rfft(samples), np.fft.rfftfreq(len(samples), 1 / RATE)
    levels = []
    for band in (hz < 11000, hz > 12000):
        part = np.fft.irfft(np.where(band, spectrum, 0), n=len(samples))
        for b, a in K_WEIGHTING:
            part = lfilter(b, a, part)
        n = len(part) // WINDOW
        power = (part[:n * WINDOW].reshape(n, WINDOW) ** 2).mean(axis=1)
        levels.append(10 * np.log10(power + 1e-20))
    return levels


def mean_db(levels):
    """The level (dB) of the summed power of windows at ``levels``."""
    return 10 * np.log10(np.mean(10 ** (np.asarray(levels) / 10)))


def margin_while_speaking(path):
    """How far (dB) the bed sits under the voice over the windows where the voice speaks; and the bed's levels."""
    voice, bed = window_levels(path)
    speaking = voice > voice.max() - 30
    return mean_db(voice[speaking]) - mean_db(bed[speaking]), bed


@pytest.fixture(scope="module")
def with_music(tmp_path_factory):
    folder = tmp_path_factory.mktemp("music")
    bed = tone(folder / "bed.wav")
    out = folder / "out"
    result = render_l("--music", str(bed), "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out, bed


def outputs(folder):
    """The published files with the bed: the explainer and every scene's clip."""
    return ["explainer.mp4", *(f"scenes/{i:02d}-{name}-clean.mp4" for i, name in enumerate(SCENES_IN_ORDER, 1))]


def test_the_bed_sits_15_db_under_the_voice_while_it_speaks(with_music, default_out):
    out, _ = with_music
    for name in outputs(out):
        margin, bed = margin_while_speaking(out / name)
        # Under the voice by 15 dB or more, yet there: not muted.
        assert 15 <= margin <= 30, (name, margin)
        # It fades out: its last 100 ms well under its median.
        assert bed[-1] < np.median(bed) - 10, (name, bed[-1], np.median(bed))
    # The control: without music the band above 12 kHz is (almost) empty while the voice speaks.
    control, _ = margin_while_speaking(default_out / "explainer.mp4")
    assert control >= 40, control


def test_the_bed_comes_up_in_a_long_pause_and_goes_down_before_the_voice(tmp_path):
    # A voice of two bursts of noise under 8 kHz, 2.5 s apart: the bed must come up between them.
    rate, rng = 22050, np.random.default_rng(1)
    t = np.arange(10 * rate) / rate
    noise = np.fft.irfft(np.fft.rfft(rng.normal(0, 0.1, len(t))) * (np.fft.rfftfreq(len(t), 1 / rate) < 8000))
    spans = [(0.5, 2.0), (4.5, 5.0)]
    voice = noise * ((t >= 0.5) & (t < 2.0) | (t >= 4.5) & (t < 5.0))
    mixed = music.lay_bed(write_wav(tmp_path / "voice.wav", voice, rate), music.read_music(tone(tmp_path / "bed.wav")),
                          spans, 0.0, 10.0, tmp_path / "mixed.wav")
    voice_db, bed = window_levels(mixed)
    speaking, pause = bed[6:19], bed[28:40]  # 0.6–1.9 s; 2.8–4.0 s: after the release, before the attack
    assert mean_db(voice_db[6:19]) - mean_db(speaking) >= 15
    assert mean_db(pause) - mean_db(speaking) == pytest.approx(music.DUCK_DB, abs=1.0)
    assert mean_db(bed[45:50]) == pytest.approx(mean_db(speaking), abs=1.0)  # down before the voice at 4.5 s


def test_the_mix_meets_the_loudness_standard(with_music):
    out, _ = with_music
    for name in ("explainer.mp4", "scenes/03-potassium_leak.mp4", "scenes/03-potassium_leak-clean.mp4"):
        integrated, peak = ffmpeg.ebur128(out / name)
        assert abs(integrated - ffmpeg.TARGET_LUFS) <= 1.0 and peak <= -1.0, (name, integrated, peak)


def test_the_bed_loops_past_its_end(with_music):
    out, _ = with_music
    voice, bed = window_levels(out / "explainer.mp4")
    speaking = np.flatnonzero(voice > voice.max() - 30)
    # The tone lasts 20 s; under the voice after 25 s (before the fade) it still sounds, as loud as before.
    early, late = speaking[speaking < 200], speaking[(speaking > 250) & (speaking < len(bed) - 25)]
    assert len(early) > 50 and len(late) > 50
    assert abs(np.median(bed[late]) - np.median(bed[early])) < 2, (np.median(bed[early]), np.median(bed[late]))


def test_the_music_is_an_input_of_the_render(with_music, default_out, tmp_path):
    out, bed = with_music
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    plain = json.loads((default_out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["music"]["sha256"] and "music" not in plain and manifest["input_hash"] != plain["input_hash"]
    assert manifest["files"]["explainer.mp4"] != plain["files"]["explainer.mp4"]
    again = render_l("--music", str(bed), "--out", str(out))
    assert again.returncode == 0 and "up to date" in again.stdout, again.stderr
    other = render_l("--music", str(tone(tmp_path / "other.wav", hz=12500)), "--out", str(out))
    assert other.returncode == 0 and "up to date" not in other.stdout, other.stderr
    changed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert changed["music"]["sha256"] != manifest["music"]["sha256"]
    assert changed["files"]["explainer.mp4"] != manifest["files"]["explainer.mp4"]
    assert changed["files"]["scenes/01-hook.mp4"] != manifest["files"]["scenes/01-hook.mp4"]


@pytest.mark.parametrize("kind", ["missing", "text", "short", "silent"])
def test_a_music_file_that_cannot_be_a_bed_is_one_line_before_any_speech(tmp_path, kind):
    path = tmp_path / "bed.mp3"
    if kind == "text":
        path.write_text("not audio")
    elif kind == "short":
        tone(path, seconds=0.5)
    elif kind == "silent":
        subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=48000", "-t", "3", "-y",
                        str(path)], check=True)
    out = tmp_path / "out"
    result = render_l("--music", str(path), "--out", str(out))
    assert one_line(result) and f"--music {path}" in result.stderr, result.stderr
    assert "narration:" not in result.stdout and not out.exists()


def test_music_with_silent_or_in_a_batch_is_checked_up_front(tmp_path):
    bed = tone(tmp_path / "bed.wav")
    result = render_l("--silent", "--music", str(bed), "--out", str(tmp_path / "out"))
    assert one_line(result) and "--silent" in result.stderr
    batch = tmp_path / "set.toml"
    batch.write_text('[[variant]]\nname = "neuron"\ncell = "neuron"\n', encoding="utf-8")
    result = render_l("--batch", str(batch), "--music", str(tmp_path / "missing.wav"), "--out", str(tmp_path / "set"))
    assert one_line(result) and "--music" in result.stderr and not (tmp_path / "set").exists()


def test_a_scene_rendered_with_plain_manim_is_as_loud_as_the_renders_clip(default_out, tmp_path):
    # The README's lecture route: the scene finds its own narration and puts it on its sound track.
    result = subprocess.run([sys.executable, "-m", "manim", "-ql", "--media_dir", str(tmp_path),
                             "scenes/hook.py", "Hook"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    (clip,) = (tmp_path / "videos" / "hook" / "480p15").glob("Hook.mp4")
    manim_lufs, manim_peak = ffmpeg.ebur128(clip)
    render_lufs, _ = ffmpeg.ebur128(default_out / "scenes" / "01-hook.mp4")
    assert abs(manim_lufs - render_lufs) <= 1.5, (manim_lufs, render_lufs)
    assert manim_peak <= -1.0


@pytest.mark.parametrize("cell", list(physics.PRESETS))
def test_every_presets_narration_meets_the_loudness_standard_by_either_route(narrations, cell, tmp_path):
    # Each scene's narration as a render encodes it (the clips' audio) and as a plain manim render
    # levels it (its sound track): both at −16 LUFS ± 1 with peaks under −1 dBTP, within 1.5 LU of each other.
    narration = narrations[(cell, ())]
    timeline = narration.timeline
    for scene in timeline.scenes:
        wav = write_wav(tmp_path / f"{scene.name}.wav", mix(timeline, narration.speeches, scene.name),
                        timeline.sample_rate)
        clip_lufs, clip_peak = ffmpeg.ebur128(ffmpeg.encode_audio(wav, scene.duration_s, tmp_path / "audio"))
        manim_lufs, manim_peak = ffmpeg.ebur128(ffmpeg.normalised_wav(wav, tmp_path / f"{scene.name}-manim.wav"))
        assert abs(clip_lufs - ffmpeg.TARGET_LUFS) <= 1.0 and clip_peak <= -1.0, (scene.name, clip_lufs, clip_peak)
        assert abs(manim_lufs - clip_lufs) <= 1.5 and manim_peak <= -1.0, (scene.name, manim_lufs, clip_lufs)
