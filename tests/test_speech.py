"""Voices: Piper offline with phoneme-aligned words, gTTS against a local stand-in, the cache."""

import os
import re
import time

import numpy as np
import pytest
from gtts_standin import GttsStandIn
from helpers import run

import physics
from narration import audio
from narration.align import syllables
from narration.cache import SpeechCache
from narration.narrate import narrate
from narration.voices import Gtts, Piper, SpeechError, piper as piper_module
from narration.voices.speech import EDGE_S

SENTENCE = "Potassium leaks out, leaving anions behind, until electrical pull balances chemical push."


@pytest.fixture(scope="module")
def piper():
    return Piper()


def rms(samples):
    return float(np.sqrt(np.mean(np.square(samples)))) if len(samples) else 0.0


def test_piper_speaks_a_sentence_the_same_whatever_came_before(piper):
    first = piper.synthesize(SENTENCE)
    piper.synthesize("Something else first.")
    again = piper.synthesize(SENTENCE)
    piper_module._loaded.cache_clear()  # a fresh session, as another process loads it
    fresh = Piper().synthesize(SENTENCE)
    for other in (again, fresh):
        assert np.array_equal(first.samples, other.samples) and first.words == other.words


def test_piper_words_follow_the_speech(piper):
    speech = piper.synthesize(SENTENCE)
    words = SENTENCE.split()
    assert len(speech.words) == len(words)
    starts = [a for a, _ in speech.words]
    assert starts == sorted(starts) and all(b > a for a, b in speech.words)
    assert 0 <= speech.words[0][0] < 0.2 and speech.duration_s - 0.2 < speech.words[-1][1] <= speech.duration_s
    rate = speech.sample_rate
    loud = np.median([rms(speech.samples[int(a * rate):int(b * rate)]) for a, b in speech.words])
    # Piper pauses at commas: the pause lies between the words' times and is quiet.
    for i, word in enumerate(words[:-1]):
        if word.endswith(","):
            end, next_start = speech.words[i][1], speech.words[i + 1][0]
            assert next_start - end > 0.1, word
            assert rms(speech.samples[int(end * rate) + 100:int(next_start * rate) - 100]) < 0.2 * loud, word


def test_piper_merged_words_still_get_their_own_times(piper):
    # espeak speaks "of the" as one phoneme word; each still gets a span of its own.
    speech = piper.synthesize("The inside of the cell is negative.")
    spans = dict(zip("The inside of the cell is negative.".split(), speech.words))
    assert spans["of"][1] <= spans["the"][0] < spans["the"][1] <= spans["cell"][0]


def test_cache_hits_on_the_second_run_and_remakes_a_corrupt_entry(tmp_path):
    cell = physics.preset("neuron")
    first = narrate(cell, cache_dir=tmp_path)
    assert not any(first.hits.values())
    second = narrate(cell, cache_dir=tmp_path)
    assert all(second.hits.values())
    assert second.timeline.to_dict() == first.timeline.to_dict()
    wav = sorted(tmp_path.glob("*.wav"))[0]
    wav.write_bytes(wav.read_bytes()[: len(wav.read_bytes()) // 2])
    third = narrate(cell, cache_dir=tmp_path)
    assert sum(not hit for hit in third.hits.values()) == 1
    assert third.timeline.to_dict() == first.timeline.to_dict()
    assert not list(tmp_path.glob("*.partial"))


def test_cache_key_covers_everything_that_changes_the_audio(tmp_path):
    keys = {
        SpeechCache(Gtts(lang="en"), tmp_path).key("hello"),
        SpeechCache(Gtts(lang="fr"), tmp_path).key("hello"),
        SpeechCache(Gtts(tld="co.uk"), tmp_path).key("hello"),
        SpeechCache(Gtts(slow=True), tmp_path).key("hello"),
        SpeechCache(Gtts(), tmp_path).key("hello."),
        SpeechCache(Piper(), tmp_path).key("hello"),
        SpeechCache(Piper(speed=1.1), tmp_path).key("hello"),
    }
    assert len(keys) == 7


def test_wav_durations_come_from_samples(tmp_path):
    samples = np.sin(np.linspace(0, 2000, 22050)).astype(np.float32) * 0.5
    path = audio.write_wav(tmp_path / "a.wav", samples, 22050)
    back, rate = audio.read_wav(path)
    assert rate == 22050 and len(back) == 22050
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ValueError, match="truncated"):
        audio.read_wav(path)


def test_gtts_end_to_end_against_the_stand_in(tmp_path):
    with GttsStandIn(tmp_path) as service:
        env = {**os.environ, "HTTPS_PROXY": service.url, "https_proxy": service.url}
        out = tmp_path / "out"
        result = run("-m", "narration", "--voice", "gtts", "--tld", "co.uk", "--force", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    hosts = {host for host, _, _ in service.requests}
    langs = {lang for _, lang, _ in service.requests}
    assert hosts == {"translate.google.co.uk"} and langs == {"en"}
    assert any("minus seventy-two millivolts" in text for _, _, text in service.requests)
    assert (out / "explainer.srt").exists() and (out / "narration.wav").exists()
    _, rate = audio.read_wav(out / "narration.wav")
    assert rate == Gtts.sample_rate


def test_gtts_places_words_by_syllables_inside_the_trimmed_sentence(tmp_path):
    with GttsStandIn(tmp_path) as service:
        os.environ["HTTPS_PROXY"] = service.url
        try:
            speech = Gtts().synthesize("Extra blood potassium makes this neuron less negative.")
        finally:
            del os.environ["HTTPS_PROXY"]
    spans = speech.words
    assert len(spans) == 8
    # The speech starts after the kept edge of silence and the words fill it to the end.
    assert spans[0][0] == pytest.approx(EDGE_S, abs=0.011)
    assert spans[-1][1] == pytest.approx(speech.duration_s - EDGE_S, abs=0.011)
    # "potassium" (3 vowel groups) takes three times as long as "blood" (1).
    assert (syllables("potassium"), syllables("blood")) == (3, 1)
    assert (spans[2][1] - spans[2][0]) == pytest.approx(3 * (spans[1][1] - spans[1][0]), rel=1e-6)


@pytest.mark.parametrize(("mode", "message"), [
    ("429", "429 (Too Many Requests)"),
    ("500", "500 (Internal Server Error)"),
    ("no-audio", "200 (OK)"),
    ("hang", "Failed to connect"),
])
def test_gtts_failures_are_one_clear_line_within_10_s(tmp_path, monkeypatch, mode, message):
    with GttsStandIn(tmp_path, mode) as service:
        env = {**os.environ, "HTTPS_PROXY": service.url, "https_proxy": service.url}
        result = run("-m", "narration", "--voice", "gtts", "--force", "--out", str(tmp_path / "out"), env=env)
        for name in ("HTTPS_PROXY", "https_proxy"):
            monkeypatch.setenv(name, service.url)
        elapsed = gtts_failure_s(message)
    assert result.returncode == 2
    assert elapsed < 10
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert message in result.stderr and "--voice piper" in result.stderr
    assert not (tmp_path / "out").exists()


def test_gtts_without_network_fails_fast_naming_the_offline_voice(tmp_path, monkeypatch):
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens, as with no network
    env = {**os.environ, "HTTPS_PROXY": closed, "https_proxy": closed}
    result = run("-m", "narration", "--voice", "gtts", "--force", "--out", str(tmp_path / "out"), env=env)
    assert result.returncode == 2 and "--voice piper" in result.stderr and "Traceback" not in result.stderr
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, closed)
    assert gtts_failure_s("--voice piper") < 10


def gtts_failure_s(message):
    """Seconds the gTTS voice takes to fail, with ``message``, on a sentence, through ``HTTPS_PROXY``.

    Parameters
    ----------
    message : str
        What the voice's error must say.

    Returns
    -------
    float
        The seconds from the request to the error.

    Notes
    -----
    The 10 s the voice promises is its bound on waiting for the network (``Gtts.timeout_s``), which
    a busy machine does not stretch; Python's start-up and imports, which it does, are kept out of the
    clock: gTTS is imported first, and the voice is called in this process.
    """
    import gtts  # noqa: F401  (loaded before the clock starts)

    started = time.monotonic()
    with pytest.raises(SpeechError, match=re.escape(message)):
        Gtts().synthesize(SENTENCE)
    return time.monotonic() - started


def test_unknown_gtts_language_is_a_clear_error(tmp_path):
    with pytest.raises(SpeechError, match="Language not supported"):
        Gtts(lang="xx").synthesize("hello")
