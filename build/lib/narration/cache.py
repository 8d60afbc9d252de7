"""A cache of synthesized sentences keyed by everything that changes the audio."""

import hashlib
import json
from pathlib import Path

from common.store import STORE, atomic
from narration import audio
from narration.voices import Speech

DEFAULT_DIR = STORE / "narration"


class SpeechCache:
    """Speech on disk: ``<key>.wav`` and ``<key>.json`` (word times and the WAV's hash).

    The JSON is written last, so an entry without it, or whose WAV does not
    match the hash it records, is made again.
    """

    def __init__(self, voice, directory=DEFAULT_DIR, force=False):
        self.voice = voice
        self.directory = Path(directory)
        self.force = force
        self.hits = 0
        self.misses = 0

    def key(self, text):
        """Hash of the voice's cache key (its settings, code and package versions) and the spoken text."""
        material = json.dumps({**self.voice.cache_key(), "text": text}, sort_keys=True)
        return hashlib.sha256(material.encode()).hexdigest()[:32]

    def speak(self, text):
        """The :class:`Speech` for ``text``, from the cache or made and stored."""
        key = self.key(text)
        if not self.force:
            speech = self._read(key)
            if speech is not None:
                self.hits += 1
                return speech
        self.misses += 1
        return self._write(key, self.voice.synthesize(text))

    def _read(self, key):
        wav, meta = self.directory / f"{key}.wav", self.directory / f"{key}.json"
        try:
            info = json.loads(meta.read_text())
            if hashlib.sha256(wav.read_bytes()).hexdigest() != info["wav_sha256"]:
                return None
            samples, rate = audio.read_wav(wav)
            return Speech(samples, rate, [tuple(w) for w in info["words"]])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write(self, key, speech):
        """Store ``speech``; return it as stored (16-bit samples, exactly as a later hit gives them).

        The samples are read back from this process's own partial file, so another
        process storing the same sentence at the same time cannot mix in its own.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        # The JSON is renamed into place last (contexts exit in reverse).
        with (atomic(self.directory / f"{key}.json") as partial_json,
              atomic(self.directory / f"{key}.wav") as partial_wav):
            audio.write_wav(partial_wav, speech.samples, speech.sample_rate)
            stored, rate = audio.read_wav(partial_wav)
            info = {"wav_sha256": hashlib.sha256(partial_wav.read_bytes()).hexdigest(), "words": speech.words,
                    "settings": self.voice.cache_key()}
            partial_json.write_text(json.dumps(info))
        return Speech(stored, rate, [tuple(w) for w in speech.words])
