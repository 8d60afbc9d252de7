"""What every voice shares: a sentence's speech, the voices' error, and a voice's cache key."""

from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from common.errors import ExplainerError
from common.store import code_hash
from narration import align, audio

#: Silence kept before the first and after the last word of a sentence.
EDGE_S = 0.05

#: The code every voice's speech passes through, so a change to it makes every voice's speech again.
SHARED_CODE = (Path(__file__), Path(align.__file__), Path(audio.__file__))


class SpeechError(ExplainerError, RuntimeError):
    """Speech could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class Speech:
    """A sentence spoken: mono samples and the start and end of each word, in seconds."""

    samples: np.ndarray
    sample_rate: int
    words: list

    @property
    def duration_s(self):
        return len(self.samples) / self.sample_rate

    def trimmed(self):
        """The same speech with silence beyond :data:`EDGE_S` cut from both ends."""
        first, last = audio.speech_bounds(self.samples, self.sample_rate)
        if self.words:
            first = min(first, int(self.words[0][0] * self.sample_rate))
            last = max(last, int(np.ceil(self.words[-1][1] * self.sample_rate)))
        edge = int(EDGE_S * self.sample_rate)
        begin, stop = max(0, first - edge), min(len(self.samples), last + edge)
        shift = begin / self.sample_rate
        words = [(float(a - shift), float(b - shift)) for a, b in self.words]
        return Speech(self.samples[begin:stop], self.sample_rate, words)


def code_version(module_file):
    """Hash of a voice's own module and :data:`SHARED_CODE`: what its speech is made by.

    Parameters
    ----------
    module_file : str or pathlib.Path
        The voice's module (its ``__file__``).

    Returns
    -------
    str
        16 hex digits; they change when any of those files does.
    """
    return code_hash((Path(module_file), *SHARED_CODE))


def settings_key(voice, code, package):
    """The part of a voice's cache key every voice has.

    Parameters
    ----------
    voice : dataclass
        The voice value; every field goes in, so a new setting cannot be left out.
    code : str
        The voice's :func:`code_version`.
    package : str
        The distribution that speaks for it, e.g. ``"gTTS"``; its installed version goes in.

    Returns
    -------
    dict
        ``engine`` (the voice's name), its fields, ``code`` and ``package`` (name==version).
    """
    return {"engine": voice.name, **asdict(voice), "code": code, "package": f"{package}=={metadata.version(package)}"}
