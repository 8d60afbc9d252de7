"""Google's voice through gTTS: it needs the network, and its words are placed by syllable weight."""

from dataclasses import dataclass

from narration import align, audio
from narration.voices.speech import Speech, SpeechError, code_version, settings_key

#: Changes when this voice's code or the shared code changes, so its cached speech is made again.
CODE_VERSION = code_version(__file__)


@dataclass(frozen=True)
class Gtts:
    """Google's voice through gTTS.

    Parameters
    ----------
    lang : str
        The language Google speaks, e.g. ``"en"`` or ``"fr"``.
    tld : str
        Google's domain, e.g. ``"co.uk"`` for a British accent.
    slow : bool
        Google's slow reading.
    """

    name = "gtts"
    #: Google answers with 24 kHz MP3.
    sample_rate = 24000
    #: Seconds to connect and to wait for an answer; a failure ends well within 10 s.
    timeout_s = (3.0, 4.0)
    lang: str = "en"
    tld: str = "com"
    slow: bool = False

    def cache_key(self):
        """This voice's settings, code version and gTTS's installed version."""
        return settings_key(self, CODE_VERSION, "gTTS")

    def synthesize(self, text):
        """The :class:`Speech` of ``text``, asked of Google; the words share the speech by syllables."""
        from gtts import gTTS, gTTSError

        try:
            tts = gTTS(text, lang=self.lang, tld=self.tld, slow=self.slow, timeout=self.timeout_s)
            mp3 = b"".join(tts.stream())
        except (gTTSError, AssertionError) as error:
            reason = str(error).rstrip(". ")
            # The offline voice that speaks this language: Piper speaks English only, espeak-ng the others.
            offline = "piper" if self.lang == "en" else "espeak"
            raise SpeechError(f"gTTS failed: {reason}. Use the offline voice instead: --voice {offline}") from None
        except ValueError as error:  # gTTS rejects an unknown language this way
            raise SpeechError(f"gTTS: {error}") from None
        try:
            samples = audio.decode(mp3, self.sample_rate)
        except ValueError as error:
            raise SpeechError(f"gTTS answered with audio that cannot be decoded ({error})") from None
        first, last = audio.speech_bounds(samples, self.sample_rate)
        words = text.split()
        spans = align.words_by_syllables(words, first / self.sample_rate, last / self.sample_rate)
        return Speech(samples, self.sample_rate, spans).trimmed()
