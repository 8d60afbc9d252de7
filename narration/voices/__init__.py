"""The voices the narration can speak with, one module each, and :func:`make_voice` to choose one."""

from dataclasses import fields

from narration.voices.espeak import Espeak
from narration.voices.gtts import Gtts
from narration.voices.piper import Piper
from narration.voices.speech import Speech, SpeechError

#: Every voice by name. A new engine is a module of its own holding a frozen dataclass with ``name``,
#: ``lang``, ``cache_key()`` and ``synthesize(text)``, and a line here.
VOICES = {voice.name: voice for voice in (Piper, Gtts, Espeak)}

__all__ = ["VOICES", "Espeak", "Gtts", "Piper", "Speech", "SpeechError", "make_voice"]


def make_voice(name="piper", lang="en", **settings):
    """The voice called ``name``, speaking ``lang``.

    Parameters
    ----------
    name : str
        One of :data:`VOICES`.
    lang : str
        The language to speak.
    **settings
        The voice's other fields, e.g. ``tld="co.uk"`` for gTTS or ``speed=1.1`` for Piper or espeak-ng.

    Returns
    -------
    frozen dataclass
        The voice: a value that compares, hashes and pickles.

    Raises
    ------
    SpeechError
        No voice is called ``name``, it has no such setting, or it cannot speak ``lang``.
    """
    if name not in VOICES:
        raise SpeechError(f"unknown voice {name!r}: choose one of {', '.join(VOICES)}")
    voice = VOICES[name]
    known = [field.name for field in fields(voice) if field.name != "lang"]
    unknown = sorted(set(settings) - set(known))
    if unknown:
        raise SpeechError(f"the {name} voice has no setting {', '.join(unknown)}: it has {', '.join(known)}")
    return voice(lang=lang, **settings)
