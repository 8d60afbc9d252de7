"""The registry of voices: choosing one, its value, and a cache key that is its own."""

import json
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import FrozenInstanceError
from importlib import metadata

import pytest
from helpers import ROOT, run

from narration.locale import languages
from narration.voices import VOICES, Espeak, Gtts, Piper, SpeechError, make_voice
from narration.voices.piper import THREADS_VARIABLE

#: Prints every voice's cache key as JSON, in the project copy it runs in.
PRINT_KEYS = ("import json; from narration.voices import VOICES, make_voice; "
              "print(json.dumps({name: make_voice(name).cache_key() for name in VOICES}))")


def keys_after_editing(tmp_path, edited=None):
    """Every voice's cache key in a copy of the code with ``edited`` (a path under the root) changed."""
    copy = tmp_path / (edited or "pristine").replace("/", "-")
    for package in ("narration", "common"):
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    if edited:
        with open(copy / edited, "a", encoding="utf-8") as file:
            file.write("\n# an edit that changes no behaviour, only the code's bytes\n")
    result = subprocess.run([sys.executable, "-c", PRINT_KEYS], cwd=copy, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(copy)}, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_voice_s_key_changes_with_its_own_code_and_the_shared_code_only(tmp_path):
    pristine = keys_after_editing(tmp_path)
    # The copy itself changes nothing: the key depends on the code's bytes, not where it lies.
    assert pristine == {name: make_voice(name).cache_key() for name in VOICES}
    for name in VOICES:
        after = keys_after_editing(tmp_path, f"narration/voices/{name}.py")
        assert all((after[other] != pristine[other]) == (other == name) for other in VOICES), name
    for shared in ("narration/align.py", "narration/audio.py", "narration/voices/speech.py"):
        after = keys_after_editing(tmp_path, shared)
        assert all(after[name] != pristine[name] for name in VOICES), shared


@pytest.mark.parametrize(("name", "package"), [("piper", "piper-tts"), ("gtts", "gTTS")])
def test_a_voice_s_key_holds_its_package_s_installed_version(monkeypatch, name, package):
    before = {other: make_voice(other).cache_key() for other in VOICES}
    assert before[name]["package"] == f"{package}=={metadata.version(package)}"
    installed = metadata.version
    monkeypatch.setattr(metadata, "version", lambda dist: "99.0" if dist == package else installed(dist))
    after = {other: make_voice(other).cache_key() for other in VOICES}
    assert after[name] != before[name] and after[name]["package"] == f"{package}==99.0"
    assert all(after[other] == before[other] for other in VOICES if other != name)


def test_an_unknown_voice_is_one_line_naming_the_voices_there_are():
    with pytest.raises(SpeechError) as caught:
        make_voice("festival")
    message = str(caught.value)
    assert "\n" not in message and "'festival'" in message
    assert all(name in message for name in VOICES) and set(VOICES) == {"piper", "gtts", "espeak"}


def test_an_unknown_setting_is_one_line_naming_the_voice_s_settings():
    with pytest.raises(SpeechError, match=r"^the piper voice has no setting tld: it has speed$"):
        make_voice("piper", tld="co.uk")
    assert make_voice("gtts", "fr", tld="ca", slow=True) == Gtts(lang="fr", tld="ca", slow=True)


def test_piper_refuses_another_language_before_speaking(tmp_path, monkeypatch):
    monkeypatch.setattr(Piper, "synthesize", lambda self, text: pytest.fail(f"spoke {text!r}"))
    with pytest.raises(SpeechError, match="only English") as caught:
        make_voice("piper", "de")
    assert "\n" not in str(caught.value) and "'de'" in str(caught.value)


@pytest.mark.parametrize("command", [("-m", "narration"), ("render.py",)])
def test_a_language_with_no_script_is_one_line_listing_the_languages_before_speaking(tmp_path, command):
    store = tmp_path / "store"
    env = {**os.environ, "MEMBRANE_EXPLAINER_CACHE": str(store)}
    result = run(*command, "--lang", "xx", "--out", str(tmp_path / "out"), env=env)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "no language 'xx': there are " + ", ".join(languages()) in result.stderr
    assert not (tmp_path / "out").exists() and not (store / "narration").exists()
    listed = run(*command, "--list-languages", env=env)
    assert listed.returncode == 0 and "en  English" in listed.stdout.splitlines()
    assert [line.split()[0] for line in listed.stdout.splitlines()] == languages()


@pytest.mark.parametrize("voice", [Piper(), Piper(speed=1.1), Gtts(), Gtts(lang="fr", tld="ca", slow=True),
                                   Espeak(), Espeak(lang="de", speed=1.2)])
def test_a_voice_is_a_frozen_value_that_pickles(voice):
    back = pickle.loads(pickle.dumps(voice))
    assert back == voice and hash(back) == hash(voice) and back.cache_key() == voice.cache_key()
    assert make_voice(voice.name, voice.lang) == type(voice)(lang=voice.lang)
    with pytest.raises(FrozenInstanceError):
        voice.lang = "es"


def test_piper_keeps_its_loaded_model_out_of_the_value():
    voice = make_voice()
    voice.synthesize("Hello.")
    assert len(pickle.dumps(voice)) < 200 and pickle.loads(pickle.dumps(voice)) == Piper()


def test_piper_speaks_the_same_on_one_thread_as_on_every_core():
    """The tests run Piper on one thread a process (conftest); a render on every core: the same speech."""
    code = ("import hashlib, sys; from narration.voices import make_voice; "
            "s = make_voice().synthesize(sys.argv[1]); "
            "print(hashlib.sha256(s.samples.tobytes() + repr(s.words).encode()).hexdigest())")
    text = "A normal neuron rests at minus seventy-two millivolts, and this one nearer its firing threshold."
    said = {threads: run("-c", code, text, env={**os.environ, THREADS_VARIABLE: threads}) for threads in ("1", "0")}
    assert all(result.returncode == 0 for result in said.values()), said
    assert said["1"].stdout == said["0"].stdout and len(said["1"].stdout.strip()) == 64
