"""Running ffmpeg (the one bundled with imageio-ffmpeg): encodes, loudness and stills, each into a new file."""

import hashlib
import re
import subprocess
import tempfile
from pathlib import Path

import imageio_ffmpeg

from common.errors import ExplainerError
from common.store import atomic

#: Every output's audio: 48 kHz (docs/STANDARDS.md).
AUDIO_RATE = 48000
#: Changes when this module (encoder settings, loudness) changes, so cached audio is made again.
CODE_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
#: Loudness targets (docs/STANDARDS.md): −16 LUFS integrated, true peak at most −1 dBTP.
TARGET_LUFS = -16.0


class FfmpegError(ExplainerError, RuntimeError):
    """ffmpeg failed; the message carries its last lines."""


def ffmpeg_exe():
    """Path of the ffmpeg binary bundled with imageio-ffmpeg."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def run(args, timeout=3600):
    """Run ffmpeg with ``args``; return its stderr text; raise :class:`FfmpegError` on failure."""
    result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", *args], capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise FfmpegError(_failure(result.stderr))
    return result.stderr


def _failure(log):
    """One line for a failed ffmpeg: a full disk in a user's words, else ffmpeg's last lines."""
    if "No space left on device" in log:
        return DISK_FULL
    return "ffmpeg failed: " + " | ".join(log.strip().splitlines()[-3:])


#: What a render says when a disk fills up, wherever it happens.
DISK_FULL = ("the disk is full: nothing was published and the previous outputs are untouched; free some space "
             "(the caches are in the folder MEMBRANE_EXPLAINER_CACHE names, else ~/.cache/membrane-explainer) "
             "or choose another --out")


def run_bytes(args, timeout=600):
    """Run ffmpeg writing to stdout; return the bytes."""
    result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", *args], capture_output=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise FfmpegError(_failure(result.stderr.decode(errors="replace")))
    return result.stdout


def ebur128(path, audio_filter=None, peak=True):
    """EBU R128 integrated loudness (LUFS) and true peak (dBTP, or None without ``peak``) of ``path``'s audio,
    after ``audio_filter``."""
    chain = f"{audio_filter}," if audio_filter else ""
    log = run(["-i", str(path), "-map", "0:a:0", "-af", f"{chain}ebur128" + ("=peak=true" if peak else ""),
               "-f", "null", "-"])
    summary = log[log.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)[1])
    true_peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)[1]) if peak else None
    return integrated, true_peak


#: Samples the AAC encoder puts before the audio; with no edit list they count in the stream's length.
AAC_PRIMING = 1024
#: Speech peaks sit high above its loudness: a limiter at this level (−2.5 dBFS) makes room for the gain.
LIMIT = 0.75


def loudness_filter(wav, duration_s=None):
    """A filter bringing ``wav`` to −16 LUFS with peaks limited, trimmed so the AAC stream lasts ``duration_s``
    (None: not trimmed).

    Two quick measurements (no true peak, about 0.05 s each): the gain, then what
    the limiter takes off the peaks, added back once.
    """
    base = f"aresample={AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo"
    limiter = f"alimiter=limit={LIMIT}:attack=3:release=40:level=disabled"
    gain = TARGET_LUFS - ebur128(wav, peak=False)[0]
    gain += TARGET_LUFS - ebur128(wav, f"{base},volume={gain:.2f}dB,{limiter}", peak=False)[0]
    if duration_s is None:
        return f"{base},volume={gain:.2f}dB,{limiter}"
    keep = max(0.0, duration_s - AAC_PRIMING / AUDIO_RATE)
    return f"{base},volume={gain:.2f}dB,{limiter},atrim=end={keep:.6f}"


def normalised_wav(wav, out):
    """``wav`` at −16 LUFS with peaks limited, as the renders' audio is, into the 48 kHz WAV ``out`` (atomically).

    For a scene rendered with the plain ``manim`` command, whose sound track is this WAV.
    """
    with atomic(out) as partial:
        run(["-i", str(wav), "-af", loudness_filter(wav), "-c:a", "pcm_s16le", "-y", str(partial)])
    return Path(out)


AUDIO_ARGS = ["-c:a", "aac", "-profile:a", "aac_low", "-b:a", "160k", "-ar", str(AUDIO_RATE), "-ac", "2"]
#: moov first (faststart) and no edit list; B-frames then need negative composition offsets, or
#: the muxer would delay the video's start and stretch the audio's first packet to match.
CONTAINER_ARGS = ["-movflags", "+faststart+negative_cts_offsets", "-use_editlist", "0"]


def encode_audio(wav, duration_s, folder, force=False):
    """``wav`` at −16 LUFS (or, with None, silence) as AAC lasting ``duration_s``: a .m4a in ``folder``.

    Named by a hash of the samples, the length and this module's code, so the same
    narration is measured and encoded once, whichever render needs it (``force``
    encodes it again).
    """
    material = hashlib.sha256(Path(wav).read_bytes() if wav else b"silence")
    material.update(f"{duration_s:.6f} {CODE_VERSION}".encode())
    out = Path(folder) / f"{material.hexdigest()[:32]}.m4a"
    if out.exists() and not force:
        return out
    if wav is None:
        source = ["-f", "lavfi", "-i", f"anullsrc=r={AUDIO_RATE}:cl=stereo"]
        chain = f"atrim=end={max(0.0, duration_s - AAC_PRIMING / AUDIO_RATE):.6f}"
    else:
        source, chain = ["-i", str(wav)], loudness_filter(wav, duration_s)
    Path(folder).mkdir(parents=True, exist_ok=True)
    with atomic(out) as partial:
        run([*source, "-af", chain, *AUDIO_ARGS, *CONTAINER_ARGS, "-y", str(partial)])
    return out


def mux(concat_list, audio, out):
    """Join the video-only segments in ``concat_list`` and the AAC ``audio``, all by stream copy, into ``out``."""
    run(["-f", "concat", "-safe", "0", "-i", str(concat_list), "-i", str(audio), "-map", "0:v", "-map", "1:a",
         "-c", "copy", *CONTAINER_ARGS, "-y", str(out)])
    return out


def burn_in(frames, captions, width, height):
    """``frames`` (raw yuv420p bytes, width × height, one a second) with ``captions`` (ASS text) burned in by
    libass, as the same raw bytes."""
    with tempfile.TemporaryDirectory(prefix="captions-") as folder:
        subtitles = Path(folder) / "captions.ass"
        subtitles.write_text(captions, encoding="utf-8")
        result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-f", "rawvideo",
                                 "-pix_fmt", "yuv420p", "-s", f"{width}x{height}", "-r", "1", "-i", "-",
                                 "-vf", f"ass={_escape(subtitles)}", "-f", "rawvideo", "-"],
                                input=frames, capture_output=True, timeout=600)
    if result.returncode != 0:
        raise FfmpegError(_failure(result.stderr.decode(errors="replace")))
    return result.stdout


def still(video, at_s, out, width, height):
    """A PNG still of ``video`` at ``at_s`` seconds, scaled to width × height."""
    run(["-ss", f"{at_s:.3f}", "-i", str(video), "-frames:v", "1", "-vf", f"scale={width}:{height}", "-y", str(out)])
    return out


def _escape(path):
    # The ass filter's argument is parsed by ffmpeg's filter syntax: escape its specials.
    return str(path).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'").replace(",", "\\,")
