"""Running ffmpeg: encodes, loudness measurement and stills, each into a new file."""

import re
import subprocess

from narration.audio import ffmpeg_exe
from physics import ExplainerError

#: Loudness targets (docs/STANDARDS.md): −16 LUFS integrated, true peak at most −1 dBTP.
TARGET_LUFS = -16.0


class FfmpegError(ExplainerError, RuntimeError):
    """ffmpeg failed; the message carries its last lines."""


def run(args, timeout=3600):
    """Run ffmpeg with ``args``; return its stderr text; raise :class:`FfmpegError` on failure."""
    result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", *args], capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise FfmpegError(f"ffmpeg failed: {tail}")
    return result.stderr


def run_bytes(args, timeout=600):
    """Run ffmpeg writing to stdout; return the bytes."""
    result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", *args], capture_output=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise FfmpegError(f"ffmpeg failed: {result.stderr.decode(errors='replace').strip()[-500:]}")
    return result.stdout


def ebur128(path, audio_filter=None):
    """EBU R128 integrated loudness (LUFS) and true peak (dBTP) of ``path``'s audio, after ``audio_filter``."""
    chain = f"{audio_filter}," if audio_filter else ""
    log = run(["-i", str(path), "-map", "0:a:0", "-af", f"{chain}ebur128=peak=true", "-f", "null", "-"])
    summary = log[log.rindex("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)[1])
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)[1])
    return integrated, peak


#: Samples the AAC encoder puts before the audio; with no edit list they count in the stream's length.
AAC_PRIMING = 1024
#: Speech peaks sit high above its loudness: a limiter at this level (−2.5 dBFS) makes room for the gain.
LIMIT = 0.75


def loudness_filter(wav, duration_s):
    """A filter bringing ``wav`` to −16 LUFS with peaks limited, trimmed so the AAC stream lasts ``duration_s``.

    The gain is found by measuring: the limiter takes a little loudness off the
    peaks, so the gain is corrected until the result is within 0.2 LU.
    """
    base = "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo"
    gain = TARGET_LUFS - ebur128(wav)[0]
    for _ in range(4):
        chain = f"{base},volume={gain:.2f}dB,alimiter=limit={LIMIT}:attack=3:release=40:level=disabled"
        integrated, _ = ebur128(wav, chain)
        if abs(integrated - TARGET_LUFS) < 0.2:
            break
        gain += TARGET_LUFS - integrated
    keep = max(0.0, duration_s - AAC_PRIMING / 48000)
    return f"{chain},atrim=end={keep:.6f}"


def video_args(fps):
    """H.264 High, yuv420p, constant frame rate, closed GOP of half a second, 2 B-frames."""
    gop = max(1, int(fps) // 2)
    return ["-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", "-preset", "medium", "-crf", "20",
            "-r", str(fps), "-fps_mode", "cfr", "-g", str(gop), "-keyint_min", str(gop), "-bf", "2",
            "-flags", "+cgop", "-x264-params", "open-gop=0:scenecut=0"]


AUDIO_ARGS = ["-c:a", "aac", "-profile:a", "aac_low", "-b:a", "160k", "-ar", "48000", "-ac", "2"]
#: moov first (faststart) and no edit list; B-frames then need negative composition offsets, or
#: the muxer would delay the video's start and stretch the audio's first packet to match.
CONTAINER_ARGS = ["-movflags", "+faststart+negative_cts_offsets", "-use_editlist", "0"]


def encode(concat_list, audio, out, fps, audio_filter, subtitles=None, duration_s=None):
    """Encode the clips in ``concat_list`` with ``audio`` (or, with None, ``duration_s`` of silence) into ``out``.

    ``subtitles`` (an ASS file) are burned in when given.
    """
    inputs = ["-f", "concat", "-safe", "0", "-i", str(concat_list)]
    if audio is None:
        inputs += ["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo"]
        audio_chain = f"atrim=end={max(0.0, duration_s - AAC_PRIMING / 48000):.6f}"
    else:
        inputs += ["-i", str(audio)]
        audio_chain = audio_filter
    video_chain = f"ass={_escape(subtitles)}" if subtitles else "null"
    run([*inputs, "-filter_complex", f"[0:v]{video_chain}[v];[1:a]{audio_chain}[a]", "-map", "[v]", "-map", "[a]",
         *video_args(fps), *AUDIO_ARGS, *CONTAINER_ARGS, "-y", str(out)])
    return out


def still(video, at_s, out, width=1280, height=720):
    """A PNG still of ``video`` at ``at_s`` seconds, scaled to width × height."""
    run(["-ss", f"{at_s:.3f}", "-i", str(video), "-frames:v", "1", "-vf", f"scale={width}:{height}", "-y", str(out)])
    return out


def _escape(path):
    # The ass filter's argument is parsed by ffmpeg's filter syntax: escape its specials.
    return str(path).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'").replace(",", "\\,")
