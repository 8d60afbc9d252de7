"""The timeline: under a minute, at a speaking pace, scenes as long as their beats."""

import json

import pytest
from conftest import VARIANTS
from helpers import run, too_fast_scenes

import physics
from narration import audio
from narration.narrate import narrate
from narration.locale import ENGLISH
from narration.timeline import SCENE_GRID_S, BudgetError
from scenes import SCENES_IN_ORDER


def speech_s(timeline):
    return sum(beat.speech_duration_s for scene in timeline.scenes for beat in scene.beats)


@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_45_to_59_seconds_at_130_to_170_words_a_minute_of_speech(narrations, name, sets):
    narration = narrations[(name, sets)]
    timeline = narration.timeline
    assert 45.0 <= timeline.duration_s <= 59.0
    assert 130 <= narration.script.word_count / speech_s(timeline) * 60 <= 170
    # Over the whole length, with the pauses for the pictures and the title and end cards.
    assert 110 <= narration.script.word_count / timeline.duration_s * 60 <= 170


@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_each_scene_at_most_160_words_a_minute_and_the_end_card_holds_2_s(narrations, name, sets):
    timeline = narrations[(name, sets)].timeline
    assert too_fast_scenes(timeline) == []
    last = timeline.scenes[-1]
    assert last.duration_s - last.beats[-1].words[-1].end_s >= 2.0


def test_scenes_in_order_each_the_sum_of_its_beats_on_the_frame_grid(narrations):
    timeline = narrations[("neuron", ())].timeline
    assert [s.name for s in timeline.scenes] == list(SCENES_IN_ORDER)
    start = 0.0
    for scene in timeline.scenes:
        assert scene.start_s == pytest.approx(start, abs=1e-9)
        assert scene.duration_s == pytest.approx(sum(b.duration_s for b in scene.beats), abs=1e-9)
        frames = scene.duration_s / SCENE_GRID_S
        assert frames == pytest.approx(round(frames), abs=1e-6)
        t = 0.0
        for beat in scene.beats:
            assert beat.start_s == pytest.approx(t, abs=1e-9)
            assert beat.start_s <= beat.speech_start_s
            assert beat.speech_start_s + beat.speech_duration_s <= beat.start_s + beat.duration_s + 1e-9
            assert beat.speech_start_s <= beat.words[0].start_s and beat.words[-1].end_s <= t + beat.duration_s
            t += beat.duration_s
        start += scene.duration_s
    assert timeline.duration_s == pytest.approx(start, abs=1e-9)


def test_bookmarks_are_the_times_of_their_words(narrations):
    hook = narrations[("neuron", ())].timeline.scene("hook")
    beat = hook.beats[0]
    minus = next(w for w in beat.words if w.text == "minus")
    assert hook.bookmarks["meter"] == minus.start_s
    pump = narrations[("neuron", ())].timeline.scene("sodium_potassium_pump")
    assert set(pump.bookmarks) == {"cycle", "share", "rundown"}


def test_cli_writes_audio_timeline_and_captions_and_second_run_hits_the_cache(tmp_path):
    out = tmp_path / "out"
    first = run("-m", "narration", "--out", str(out))
    assert first.returncode == 0, first.stderr
    second = run("-m", "narration", "--out", str(out))
    assert second.returncode == 0, second.stderr
    lines = second.stdout.splitlines()
    assert lines[0].split() == ["scene", "words", "seconds", "wpm", "cache"]
    rows = {line.split()[0]: line.split() for line in lines[1:7]}
    assert list(rows) == list(SCENES_IN_ORDER)
    assert all(row[4].split("/")[0] == row[4].split("/")[1] for row in rows.values()), second.stdout
    timeline = json.loads((out / "timeline.json").read_text())
    samples, rate = audio.read_wav(out / "narration.wav")
    assert len(samples) == round(timeline["duration_s"] * rate)
    assert sum(int(row[1]) for row in rows.values()) == int(lines[7].split()[1])
    for i, name in enumerate(SCENES_IN_ORDER, 1):
        scene_samples, _ = audio.read_wav(out / "scenes" / f"{i:02d}-{name}.wav")
        assert len(scene_samples) == round(timeline["scenes"][i - 1]["duration_s"] * rate)
        for ext in ("srt", "vtt", "ass"):
            assert (out / "scenes" / f"{i:02d}-{name}.{ext}").exists()


def test_a_script_over_budget_stops_naming_the_excess_and_the_longest_scene(tmp_path):
    # Every wording of the beat, the shortest too, runs long.
    long = ENGLISH.script.read_text(encoding="utf-8").replace(
        '{#goldman}Goldman', "Each ion has a Nernst balance point of its own. " * 3 + '{#goldman}Goldman')
    path = tmp_path / "script.toml"
    path.write_text(long, encoding="utf-8")
    with pytest.raises(BudgetError, match=r"lasts \d+\.\d s, \d+\.\d s over the 59 s budget; the longest scene is goldman"):
        narrate(physics.preset("neuron"), script_path=path)


def test_a_scene_said_too_fast_gets_longer_pauses_between_its_beats():
    """Asked for a slower pace, the fitting lays out every scene of two or more beats at that pace or under it, by
    lengthening the pauses between its beats: each sentence keeps its speech."""
    from narration.cache import SpeechCache
    from narration.script import load_script
    from narration.timeline import fit_timeline
    from narration.voices import make_voice

    speak = SpeechCache(make_voice(), force=False).speak
    script = load_script(physics.preset("neuron"))
    _, usual, _ = fit_timeline(script, speak, {})
    _, slower, speeches = fit_timeline(script, speak, {}, max_scene_wpm=150)
    assert any(len(s.beats) > 1 and s.pace_wpm > 150.5 for s in usual.scenes)
    for scene in slower.scenes:
        if len(scene.beats) > 1:
            assert scene.pace_wpm <= 150.5, scene.name
        for index, beat in enumerate(scene.beats):
            said = speeches[(scene.name, index)].words
            assert [round(w.end_s - w.start_s, 6) for w in beat.words] == [round(b - a, 6) for a, b in said]
