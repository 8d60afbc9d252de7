"""The render's own final check: every output against docs/STANDARDS.md."""

import contextlib
import hashlib
import json
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import av
import numpy as np
from PIL import Image

from common import ffmpeg
from common.errors import ExplainerError
from common.format import LANDSCAPE
from common.store import write_text
from narration import audio
from narration.validate import CaptionError, check_caption_file

MAX_DURATION_S = 60.0
#: Silence allowed before the first word (the title card) and after the last (the end card).
MAX_LEAD_SILENCE_S, MAX_TAIL_SILENCE_S = 1.5, 2.5
MAX_POSTER_BYTES = 2 * 1024 * 1024


class StandardsError(ExplainerError, RuntimeError):
    """An output falls short of docs/STANDARDS.md; the message lists every problem."""


def top_level_boxes(data):
    """The MP4's top-level boxes as (name, start, end), in file order."""
    boxes, offset = [], 0
    while offset + 8 <= len(data):
        size, name = struct.unpack(">I4s", data[offset:offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8:offset + 16])[0]
        if size < 8:
            break
        boxes.append((name.decode("latin-1"), offset, offset + size))
        offset += size
    return boxes


def video_problems(path, fps, silent=False, fmt=LANDSCAPE, store=None):
    """Every way ``path`` falls short of the video rows of the standard (empty when it meets them); the
    loudness figures are kept in ``store`` (see :func:`loudness`)."""
    problems = []
    data = Path(path).read_bytes()
    boxes = {name: (start, end) for name, start, end in top_level_boxes(data)}
    if "moov" not in boxes or "mdat" not in boxes or boxes["moov"][0] > boxes["mdat"][0]:
        problems.append(f"moov must come before mdat (faststart), boxes are {list(boxes)}")
    elif b"elst" in data[slice(*boxes["moov"])]:
        problems.append("the file has an edit list")
    with av.open(str(path)) as container:
        if container.format.name.split(",")[0] not in ("mov", "mp4"):
            problems.append(f"container is {container.format.name}, not MP4")
        video, sound = container.streams.video[0], container.streams.audio
        ctx = video.codec_context
        if (ctx.name, ctx.profile, ctx.pix_fmt) != ("h264", "High", "yuv420p"):
            problems.append(f"video is {ctx.name} {ctx.profile} {ctx.pix_fmt}, not h264 High yuv420p")
        if video.average_rate != video.base_rate or float(video.average_rate) != fps:
            problems.append(f"frame rate {video.base_rate} / average {video.average_rate}, not a constant {fps}")
        video_s = float(video.duration * video.time_base)
        if not sound:
            problems.append("no audio stream")
        else:
            a = sound[0].codec_context
            if (a.name, a.profile, a.sample_rate, a.channels) != ("aac", "LC", ffmpeg.AUDIO_RATE, 2):
                problems.append(f"audio is {a.name} {a.profile} {a.sample_rate} Hz {a.channels} ch, not AAC-LC 48 kHz stereo")
            audio_s = float(sound[0].duration * sound[0].time_base)
            if abs(audio_s - video_s) > 1 / fps + 1e-6:
                problems.append(f"audio lasts {audio_s:.3f} s and video {video_s:.3f} s: more than a frame apart")
        if video_s >= MAX_DURATION_S:
            problems.append(f"lasts {video_s:.2f} s, must be under {MAX_DURATION_S:g} s")
        keyframes, b_frames, previous = [], 0, None
        for packet in container.demux(video):
            if packet.pts is None:
                continue
            if packet.is_keyframe:
                keyframes.append(float(packet.pts * packet.time_base))
            if previous is not None and packet.pts < previous:
                b_frames += 1
            previous = packet.pts
        gaps = np.diff(sorted(keyframes)) if len(keyframes) > 1 else np.array([0.0])
        if gaps.max() > 0.5 + 1e-6:
            problems.append(f"keyframes up to {gaps.max():.2f} s apart, at most 0.5 s")
        if b_frames == 0:
            problems.append("no B-frames")
    megabytes = Path(path).stat().st_size / 1e6
    budget = fmt.budget_mb_per_minute(ctx.width, ctx.height)
    if megabytes / (video_s / 60) > budget:
        problems.append(f"{megabytes:.1f} MB for {video_s:.1f} s is over {budget:g} MB a minute")
    if not silent:
        problems += loudness_problems(path, store)
    return problems


def loudness_problems(path, store=None):
    """Loudness, true peak and the silence at either end, measured on the final file (see :func:`loudness`)."""
    problems = []
    integrated, peak, lead, tail = loudness(path, store)
    if abs(integrated - ffmpeg.TARGET_LUFS) > 1.0:
        problems.append(f"integrated loudness {integrated:.1f} LUFS, must be {ffmpeg.TARGET_LUFS:g} ± 1")
    if peak > -1.0:
        problems.append(f"true peak {peak:.1f} dBTP, must be at most -1")
    if lead > MAX_LEAD_SILENCE_S or tail > MAX_TAIL_SILENCE_S:
        problems.append(f"silence of {lead:.2f} s at the start and {tail:.2f} s at the end, at most "
                        f"{MAX_LEAD_SILENCE_S:g} s and {MAX_TAIL_SILENCE_S:g} s")
    return problems


def loudness(path, store=None):
    """Integrated loudness (LUFS), true peak (dBTP), and the seconds of silence before the first and after the
    last sound of ``path``'s audio.

    With ``store`` (a folder), the figures are kept there under the SHA-256 of the audio packets and the
    ffmpeg build that measured them: a stream already measured, in another render or another file, is
    not decoded again.
    """
    entry = Path(store) / f"{audio_sha256(path)}-{Path(ffmpeg.ffmpeg_exe()).name}.json" if store else None
    if entry is not None:
        with contextlib.suppress(OSError, ValueError, TypeError):
            return tuple(map(float, json.loads(entry.read_text(encoding="utf-8"))))
    integrated, peak = ffmpeg.ebur128(path)
    samples = _decode_mono(path)
    first, last = audio.speech_bounds(samples, ffmpeg.AUDIO_RATE, threshold_db=-45.0)
    figures = (integrated, peak, first / ffmpeg.AUDIO_RATE, (len(samples) - last) / ffmpeg.AUDIO_RATE)
    if entry is not None:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_text(entry, json.dumps(figures))
    return figures


def _decode_mono(path):
    raw = ffmpeg.run_bytes(["-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(ffmpeg.AUDIO_RATE),
                            "-f", "s16le", "-"])
    return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32767.0


def audio_sha256(path):
    """The SHA-256 of the audio packets of ``path`` (of nothing, if it has no audio)."""
    digest = hashlib.sha256()
    with av.open(str(path)) as container:
        for packet in container.demux(audio=0) if container.streams.audio else ():
            digest.update(bytes(packet))
    return digest.hexdigest()


def poster_problems(path, fmt=LANDSCAPE):
    """The poster: the format's size (1280×720 in landscape), PNG or JPEG, under 2 MB."""
    with Image.open(path) as image:
        size, kind = image.size, image.format
    problems = [] if size == fmt.poster else [f"poster is {size[0]}×{size[1]}, not {fmt.poster[0]}×{fmt.poster[1]}"]
    if kind not in ("PNG", "JPEG"):
        problems.append(f"poster is {kind}, not PNG or JPEG")
    if Path(path).stat().st_size >= MAX_POSTER_BYTES:
        problems.append("poster is 2 MB or more")
    return problems


def check_outputs(folder, fps, caption_sets, videos, rules, silent=False, fmt=LANDSCAPE, store=None):
    """Check the outputs in ``folder``; raise :class:`StandardsError` listing every shortfall.

    Parameters
    ----------
    caption_sets : dict
        Caption file stem (relative to ``folder``) to its (written words, written text).
    videos : list of str
        Video files (relative to ``folder``) to check; the loudness of each distinct audio stream is measured
        on the first file carrying it.
    rules : narration.locale.CaptionRules
        The language's caption rules.
    store : Path, optional
        Where the loudness figures of each audio stream measured are kept (see :func:`loudness`).
    """
    folder = Path(folder)
    # The loudness of each distinct audio stream once: explainer-clean.mp4 and each scene's clean clip carry
    # the very stream of their captioned twin.
    heard = {}
    for name in videos:
        heard.setdefault(audio_sha256(folder / name), name)
    measure_loudness = set(heard.values())

    def measured(name):
        quiet = silent or name not in measure_loudness
        return [f"{name}: {p}" for p in video_problems(folder / name, fps, silent=quiet, fmt=fmt, store=store)]

    # Two at a time: most of a measurement is ffmpeg, in a process of its own.
    with ThreadPoolExecutor(max_workers=2) as pool:
        problems = [p for found in pool.map(measured, videos) for p in found]
    if (folder / "poster.png").exists():
        problems += [f"poster.png: {p}" for p in poster_problems(folder / "poster.png", fmt)]
    for stem, (words, text) in ({} if silent else caption_sets).items():
        for ext in ("srt", "vtt"):
            try:
                check_caption_file(folder / f"{stem}.{ext}", fps, rules, words=words, narration=text)
            except CaptionError as error:
                problems.append(str(error))
    if problems:
        raise StandardsError("the render falls short of docs/STANDARDS.md:\n  " + "\n  ".join(problems))
