"""Audio as numpy arrays: WAV files, ffmpeg decoding and silence trimming."""

import subprocess
import wave
from pathlib import Path

import numpy as np

from common.ffmpeg import ffmpeg_exe
from common.store import atomic


def write_wav(path, samples, sample_rate):
    """Write mono float samples in [-1, 1] as 16-bit PCM, atomically; return the path."""
    pcm = np.clip(np.asarray(samples, dtype=np.float64) * 32767.0, -32767, 32767).astype("<i2")
    with atomic(path) as partial, wave.open(str(partial), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(sample_rate)
        handle.writeframes(pcm.tobytes())
    return Path(path)


def read_wav(path):
    """Read a 16-bit mono WAV; return ``(samples as float32, sample_rate)``."""
    with wave.open(str(path), "rb") as handle:
        if handle.getsampwidth() != 2 or handle.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16-bit mono PCM")
        frames = handle.readframes(handle.getnframes())
        if len(frames) != 2 * handle.getnframes():
            raise ValueError(f"{path}: truncated")
        return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32767.0, handle.getframerate()


def decode(data: bytes, sample_rate):
    """Decode compressed audio (MP3) with ffmpeg into mono float samples at ``sample_rate``."""
    result = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"],
        input=data, capture_output=True, check=False,
    )
    if result.returncode != 0 or not result.stdout:
        raise ValueError(f"ffmpeg could not decode the audio: {result.stderr.decode(errors='replace').strip()}")
    return np.frombuffer(result.stdout, dtype="<i2").astype(np.float32) / 32767.0


def speech_bounds(samples, sample_rate, threshold_db=-40.0, window_s=0.01):
    """First and last sample of speech: where the short-time level rises above ``threshold_db``."""
    window = max(1, int(window_s * sample_rate))
    frames = len(samples) // window
    if frames == 0:
        return 0, len(samples)
    rms = np.sqrt(np.mean(samples[: frames * window].reshape(frames, window) ** 2, axis=1))
    loud = np.flatnonzero(rms > 10 ** (threshold_db / 20) * max(np.max(np.abs(samples)), 1e-9))
    if loud.size == 0:
        return 0, len(samples)
    return loud[0] * window, min(len(samples), (loud[-1] + 1) * window)
