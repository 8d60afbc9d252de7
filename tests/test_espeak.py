"""The espeak-ng voice: its words timed by its own events, its samples repeatable, its failures, a render."""

import hashlib
import json
import os
import pickle
import re
import subprocess
import sys

import numpy as np
import pytest
from helpers import ROOT

import physics
from assembly.checks import video_problems
from common.ffmpeg import ffmpeg_exe
from narration import audio
from narration.cache import SpeechCache
from narration.narrate import narrate
from narration.validate import parse_srt
from narration.voices import VOICES, Espeak, SpeechError, espeak, make_voice
from narration.locale import ENGLISH, load_locale
from scenes.inputs import scene_inputs
from scenes.stills import render_stills

SENTENCES = {
    "de": "Kalium sickert hinaus und lässt Anionen zurück, bis der elektrische Zug den chemischen Druck ausgleicht.",
    "es": "El potasio se escapa y deja atrás los aniones, hasta que el tirón eléctrico equilibra "
          "el empuje químico.",
    "en": "Potassium leaks out, leaving anions behind, until electrical pull balances chemical push.",
}


def rms(samples):
    return float(np.sqrt(np.mean(np.square(samples)))) if len(samples) else 0.0


def samples_digest(speech):
    return hashlib.sha256(speech.samples.tobytes() + json.dumps(speech.words).encode()).hexdigest()


@pytest.mark.parametrize("lang", ["es", "de"])
def test_each_word_gets_one_time_in_order_inside_the_audio(lang):
    text = SENTENCES[lang]
    speech = make_voice("espeak", lang).synthesize(text)
    assert speech.sample_rate == 22050 and len(speech.words) == len(text.split())
    starts = [a for a, _ in speech.words]
    assert starts == sorted(starts) and all(b > a for a, b in speech.words)
    assert all(b <= next_a for (_, b), (next_a, _) in zip(speech.words, speech.words[1:]))
    assert 0 <= speech.words[0][0] < 0.1 and speech.duration_s - 0.1 < speech.words[-1][1] <= speech.duration_s
    # Every word is heard: each span holds speech, not only silence.
    loud = np.median([rms(speech.samples[int(a * 22050):int(b * 22050)]) for a, b in speech.words])
    assert all(rms(speech.samples[int(a * 22050):int(b * 22050)]) > 0.2 * loud for a, b in speech.words)


@pytest.mark.parametrize("lang", ["es", "de"])
def test_the_same_text_gives_the_same_samples_whatever_came_before(lang):
    voice = make_voice("espeak", lang)
    first = voice.synthesize(SENTENCES[lang])
    Espeak(lang="en", speed=1.5).synthesize("Something else, faster and in English, first.")
    make_voice("piper").synthesize("And Piper, whose phonemizer holds an espeak-ng of its own.")
    again = voice.synthesize(SENTENCES[lang])
    assert np.array_equal(first.samples, again.samples) and first.words == again.words
    # Another process, with its own copy of the library, says it the same.
    script = ("import hashlib, json, sys; from narration.voices import make_voice; "
              "s = make_voice('espeak', sys.argv[1]).synthesize(sys.argv[2]); "
              "print(hashlib.sha256(s.samples.tobytes() + json.dumps(s.words).encode()).hexdigest())")
    result = subprocess.run([sys.executable, "-c", script, lang, SENTENCES[lang]], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == samples_digest(first)


def test_english_word_times_leave_the_pauses_between_words():
    text = SENTENCES["en"]
    speech = make_voice("espeak", "en").synthesize(text)
    rate, spans = speech.sample_rate, speech.words
    loud = np.median([rms(speech.samples[int(a * rate):int(b * rate)]) for a, b in spans])
    for i, word in enumerate(text.split()[:-1]):
        end, next_start = spans[i][1], spans[i + 1][0]
        if word.endswith(","):
            # espeak-ng pauses at a comma: the pause lies between the two words' times and is quiet.
            assert next_start - end > 0.1, word
            assert rms(speech.samples[int(end * rate):int(next_start * rate)]) < 0.05 * loud, word
        else:
            assert next_start - end < 0.05, word  # words run on: no gap where nothing is silent
    # And no pause of 100 ms lies inside a word: each is where the speech around a comma says it is.
    window = int(0.01 * rate)
    quiet = ~espeak._loud_windows(speech.samples, window)
    for a, b in spans:
        inside = quiet[int(a * rate) // window:int(b * rate) // window]
        runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], inside.astype(int), [0]]))))[::2]
        assert not runs.size or runs.max() < 10


@pytest.mark.parametrize("lang", ["de", "es", "en"])
def test_word_lengths_follow_each_word_said_alone(lang):
    """A listening proxy: a word takes about as long in the sentence as said alone; a shift by one word would not."""
    voice = make_voice("espeak", lang)
    text = SENTENCES[lang]
    sentence = np.array([b - a for a, b in voice.synthesize(text).words])
    alone = []
    for word in text.split():
        speech = voice.synthesize(word.strip(",.:;"))
        first, last = audio.speech_bounds(speech.samples, speech.sample_rate)
        alone.append((last - first) / speech.sample_rate)
    alone = np.array(alone)
    matched = np.corrcoef(sentence, alone)[0, 1]
    shifted = np.corrcoef(sentence[1:], alone[:-1])[0, 1]
    assert matched > 0.8 and matched > shifted + 0.3, (matched, shifted)
    # Words run a little faster in a sentence than alone (Spanish's short function words most).
    assert 0.6 < np.median(sentence / alone) < 1.1


def test_events_map_to_words_by_their_text_position():
    text = "Das ist – wie 2,5 mM"
    # Positions are 1-based characters; "2,5" has three events; the dash none; one event sits in a space.
    events = [(1, 0), (5, 100), (12, 400), (15, 600), (16, 700), (17, 800), (18, 900), (20, 950)]
    starts = espeak.word_starts(text, events, end=1200)
    assert len(starts) == len(text.split()) == 6
    # "ist" starts at its event; the dash shares the time up to "wie" by characters: ist 3, – 1.
    assert starts[:2] == [0, 100] and starts[2] == pytest.approx(100 + 300 * 3 / 4) and starts[3] == 400
    assert starts[4] == 600 and starts[5] == 900  # the first of "2,5"'s events; "mM" at 18, the space before it
    # An event that comes back to an earlier sample is not trusted: the word shares its neighbours' time.
    assert espeak.word_starts("a b c", [(1, 0), (3, 500), (5, 200)], end=1000) == [0, 500, 750]
    # Words after the last event share the time up to the end of speech.
    assert espeak.word_starts("a b c", [(1, 0)], end=300) == [0, 100, 200]


def test_real_speech_with_dashes_and_numbers_gives_every_word_a_time():
    for lang, text in [("de", "Das ist – wie gesagt – klar, 3 - 4 mal, 12-jährige Zellen."),
                       ("en", "minus seventy-two millivolts, twenty-one-year-old K⁺ ions & co."),
                       ("es", "¿Por qué? «Menos setenta y dos» milivoltios.")]:
        speech = make_voice("espeak", lang).synthesize(text)
        assert len(speech.words) == len(text.split())
        starts = [a for a, _ in speech.words]
        assert all(b > a for a, b in speech.words) and starts == sorted(starts)


def test_a_language_espeak_cannot_speak_stops_before_any_speech(monkeypatch):
    monkeypatch.setattr(Espeak, "synthesize", lambda self, text: pytest.fail(f"spoke {text!r}"))
    with pytest.raises(SpeechError, match="espeak-ng --voices") as caught:
        make_voice("espeak", "xx")
    assert "\n" not in str(caught.value) and "'xx'" in str(caught.value)
    # From the command line a language with no script stops first (tests/test_voices.py).


def test_missing_library_is_one_line_naming_the_debian_packages(monkeypatch):
    monkeypatch.setattr(espeak, "LIBRARY", "libespeak-ng-not-here.so.9")
    espeak._engine.cache_clear()
    try:
        with pytest.raises(SpeechError) as caught:
            make_voice("espeak", "de")
    finally:
        monkeypatch.undo()
        espeak._engine.cache_clear()
    message = str(caught.value)
    assert "\n" not in message and "espeak-ng libespeak-ng1" in message and "apt-get install" in message
    assert make_voice("espeak", "de").synthesize("Ja.").words  # back as it was


def test_speed_outside_espeak_ng_s_rates_is_refused():
    with pytest.raises(SpeechError, match="speed must be from 0.46 to 2.57, not 3"):
        make_voice("espeak", "de", speed=3)
    fast, normal = (make_voice("espeak", "de", speed=s).synthesize(SENTENCES["de"]) for s in (1.5, 1.0))
    assert fast.duration_s < 0.8 * normal.duration_s


def test_cache_key_holds_the_settings_espeak_ng_s_version_and_its_data(tmp_path):
    key = make_voice("espeak", "de").cache_key()
    program = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True).stdout
    version = re.search(r"text-to-speech: (\S+)", program)[1]
    assert key["package"] == f"espeak-ng=={version}"
    assert key["engine"] == "espeak" and key["lang"] == "de" and len(key["data"]) == len(key["library"]) == 16
    keys = {SpeechCache(voice, tmp_path).key("Ja.") for voice in
            (Espeak("de"), Espeak("es"), Espeak("de", speed=1.1), Espeak("en"), make_voice("piper"))}
    assert len(keys) == 5


def test_the_voice_is_a_small_frozen_value_that_pickles():
    voice = make_voice("espeak", "es", speed=1.1)
    voice.synthesize("Hola.")
    assert len(pickle.dumps(voice)) < 200 and pickle.loads(pickle.dumps(voice)) == voice
    assert hash(voice) == hash(Espeak(lang="es", speed=1.1))


def test_every_voice_is_credited_on_the_card_and_the_page():
    credits = ENGLISH.words["voices"]
    assert set(VOICES) <= set(credits) and all({"card", "page"} <= set(credits[name]) for name in VOICES)
    assert "espeak-ng formant synthesis" in credits["espeak"]["card"] and "offline" in credits["espeak"]["page"]


def test_the_end_card_credits_espeak_inside_the_safe_area():
    narration = narrate(physics.preset("neuron"), voice=make_voice("espeak"))
    card = scene_inputs(narration)["why_it_matters"]
    assert "voice: espeak-ng formant synthesis" in card.labels["credits"]
    scene = render_stills(card, 320, 180, audit=True)
    assert scene.unsafe == [] and scene.overlaps == []


def test_language_switches_finds_an_english_word_in_a_german_sentence():
    mixed = "Der Computer ist ein Laptop, mit Software und das Meeting ist cool."
    found = espeak.language_switches(mixed, "de")
    assert found == [("Laptop,", "en"), ("Software", "en"), ("cool.", "en")]
    # The same switches espeak-ng's own program shows when it says the whole sentence.
    shown = subprocess.run(["espeak-ng", "-q", "-x", "-v", "de", mixed], capture_output=True, text=True,
                           check=True).stdout
    assert shown.count("(en)") == len(found)
    assert espeak.language_switches("Die Zellmembran ist innen negativ: minus zweiundsiebzig Millivolt.", "de") == []
    assert espeak.language_switches(SENTENCES["es"], "es") == []
    with pytest.raises(SpeechError, match="espeak-ng --voices"):
        espeak.language_switches("hello", "xx")


@pytest.fixture(scope="module")
def espeak_out(spanish_espeak_out):
    """An explainer rendered with ``--voice espeak``: the Spanish one tests/test_languages.py checks too, so
    one render proves the voice and a language English's Piper cannot speak."""
    return spanish_espeak_out


def test_an_espeak_render_meets_the_standard_and_credits_espeak(espeak_out):
    assert video_problems(espeak_out / "explainer.mp4", 15) == []
    assert video_problems(espeak_out / "scenes" / "06-why_it_matters.mp4", 15) == []
    manifest = json.loads((espeak_out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["voice"]["engine"] == "espeak" and manifest["voice"]["package"].startswith("espeak-ng==")
    assert manifest["duration_s"] < 59.5
    page = (espeak_out / "index.html").read_text(encoding="utf-8")
    credits = re.search(r'<p id="credits">([^<]*)<', page)[1]
    assert load_locale(manifest["language"]).voice_credit(manifest["voice"], "page") in credits
    assert "espeak-ng" in credits and "Piper" not in credits


def test_an_espeak_render_s_captions_follow_its_speech(espeak_out):
    """Each cue begins as its first word is heard and ends as its last one stops, within 0.1 s."""
    pcm = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(espeak_out / "explainer.mp4"), "-f", "s16le",
                          "-ac", "1", "-ar", "16000", "-"], capture_output=True, check=True).stdout
    samples = np.frombuffer(pcm, "<i2").astype(np.float32) / 32767
    heard = espeak._loud_windows(samples, 160)  # 10 ms windows
    cues, problems = parse_srt((espeak_out / "explainer.srt").read_text(encoding="utf-8"))
    assert not problems and len(cues) >= 6
    for cue in cues:
        first, last = cue.start_ms // 10, cue.end_ms // 10
        inside = np.flatnonzero(heard[first:last])
        assert inside[0] <= 10 and len(heard[first:last]) - inside[-1] <= 10, cue
