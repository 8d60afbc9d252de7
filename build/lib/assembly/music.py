"""A music bed under the narration: read and checked up front, then ducked while the voice speaks.

The duck is a gain envelope computed from the timeline's word times, not a
compressor keyed by the voice (ffmpeg's ``sidechaincompress``): the bed goes down
before the first word rather than after the voice has started, by the same depth
whatever the voice's level, without pumping on breaths, and the same narration
always gives the same samples. The mix then goes through the narration's own
loudness step (:func:`common.ffmpeg.encode_audio`), so the whole sits at −16 LUFS.
"""

import hashlib
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from common import ffmpeg
from common.errors import ExplainerError
from common.store import atomic

#: The bed's loudness in the pauses, below the voice's (LU).
BED_UNDER_VOICE_DB = 12.0
#: How much further the bed goes down while the voice speaks (dB): it then sits 24 dB under the voice.
DUCK_DB = 12.0
#: The duck is complete this long before a word and lets go over this long after it.
DUCK_ATTACK_S, DUCK_RELEASE_S = 0.2, 0.6
#: Pauses between words shorter than this stay ducked, so the bed does not swell between words.
BRIDGE_S = 1.0
#: Fade in at the start of each output, out over its last seconds.
FADE_IN_S, FADE_OUT_S = 0.3, 2.0
#: A bed longer than any video is read only this far; a shorter one loops.
READ_S = 60.0
RATE = ffmpeg.AUDIO_RATE


class MusicError(ExplainerError, ValueError):
    """The music file cannot be used as a bed; the message says why."""


@dataclass(frozen=True)
class Music:
    """A checked music file: its path, the hash of its bytes (a cache and manifest input) and the
    integrated loudness (LUFS) of the part a bed uses."""

    path: Path
    sha256: str
    lufs: float


def read_music(path):
    """Check ``path`` is audio ffmpeg can decode, at least a second long and not silent; return :class:`Music`."""
    path = Path(path)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise MusicError(f"--music {path}: cannot read it ({error.strerror}); name an audio file (WAV, MP3, ...)"
                         ) from None
    try:
        samples = _decode(path)
    except ffmpeg.FfmpegError:
        raise MusicError(f"--music {path}: not an audio file ffmpeg can decode; name a WAV, MP3, FLAC, ..."
                         ) from None
    if len(samples) < RATE:
        raise MusicError(f"--music {path}: lasts {len(samples) / RATE:.2f} s; a bed needs at least 1 s to loop")
    if np.abs(samples).max() < 10 ** (-60 / 20):
        raise MusicError(f"--music {path}: is silent (no sample above -60 dBFS)")
    return Music(path.resolve(), digest, ffmpeg.ebur128(path, f"atrim=end={READ_S:g}", peak=False)[0])


def _decode(path):
    """The first :data:`READ_S` seconds of ``path`` as 48 kHz stereo float samples, shape (n, 2)."""
    raw = ffmpeg.run_bytes(["-t", f"{READ_S:g}", "-i", str(path), "-map", "0:a:0", "-ar", str(RATE), "-ac", "2",
                            "-f", "f32le", "-"])
    return np.frombuffer(raw, dtype="<f4").reshape(-1, 2)


def speech_spans(timeline, scene=None):
    """When the voice speaks, as ``(start_s, end_s)`` from the start of the whole narration or of ``scene``:
    the words, joined across pauses shorter than :data:`BRIDGE_S`."""
    spans = []
    for part in timeline.scenes if scene is None else [timeline.scene(scene)]:
        offset = part.start_s if scene is None else 0.0
        for beat in part.beats:
            for word in beat.words:
                start, end = offset + word.start_s, offset + word.end_s
                if spans and start - spans[-1][1] < BRIDGE_S:
                    spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
                else:
                    spans.append((start, end))
    return spans


def duck_gain_db(t_s, spans):
    """The bed's gain (dB, 0 or below) at times ``t_s``: −:data:`DUCK_DB` over each span, with ramps either side."""
    depth = np.zeros_like(t_s)
    for start, end in spans:
        corners = [start - DUCK_ATTACK_S, start, end, end + DUCK_RELEASE_S]
        depth = np.maximum(depth, np.interp(t_s, corners, [0.0, 1.0, 1.0, 0.0]))
    return -DUCK_DB * depth


def lay_bed(voice_wav, music, spans, offset_s, duration_s, out):
    """The narration ``voice_wav`` over ``music``, ducked over ``spans``, as a 48 kHz stereo WAV ``out``.

    The bed starts ``offset_s`` into the music (a scene's place in the explainer),
    loops or is trimmed to ``duration_s``, sits :data:`BED_UNDER_VOICE_DB` under the
    voice's loudness, and fades in and out. Returns ``out``.
    """
    voice = np.frombuffer(ffmpeg.run_bytes(["-i", str(voice_wav), "-ar", str(RATE), "-ac", "2", "-f", "f32le", "-"]),
                          dtype="<f4").reshape(-1, 2)
    bed = _decode(music.path)
    n = len(voice)
    t_s = np.arange(n) / RATE
    level = ffmpeg.ebur128(voice_wav, peak=False)[0] - BED_UNDER_VOICE_DB - music.lufs
    fades = np.minimum(1.0, np.minimum(t_s / FADE_IN_S, (duration_s - t_s) / FADE_OUT_S)).clip(0.0, 1.0)
    gain = 10 ** ((level + duck_gain_db(t_s, spans)) / 20) * fades
    mixed = voice + bed[(round(offset_s * RATE) + np.arange(n)) % len(bed)] * gain[:, None]
    # The loudness step sets the level; here only keep the 16-bit WAV from clipping.
    peak = np.abs(mixed).max()
    return _write_stereo_wav(out, mixed / max(1.0, peak / 0.99))


def _write_stereo_wav(path, samples):
    """Write n × 2 float samples in [-1, 1] as 48 kHz 16-bit PCM, atomically; return the path.

    (``narration.audio.write_wav`` writes mono, and its code is part of the speech cache's key.)
    """
    with atomic(path) as partial, wave.open(str(partial), "wb") as handle:
        handle.setnchannels(2)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        handle.writeframes(np.clip(np.round(samples * 32767.0), -32767, 32767).astype("<i2").tobytes())
    return Path(path)
