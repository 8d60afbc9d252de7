"""Encoding a scene's frames in the drawing process, with PyAV (Manim's own binding of ffmpeg's libraries).

Each frame Manim hands over is converted from RGBA to yuv420p once, however many
times it repeats, and encoded by two x264 encoders: clean, and with the caption
that shows at its time blended into the caption's box. Each caption is drawn
once by libass (the ffmpeg binary's ``ass`` filter); a frame is blended only over
the rows and columns of its box.
"""

import contextlib
import errno
import queue
import threading
from dataclasses import dataclass
from fractions import Fraction

import av
import numpy as np
import pysubs2

from common import ffmpeg

#: x264's ``ultrafast`` with CABAC, intra 4×4 and 8×8 partitions, the 8×8 transform, a light deblock and adaptive
#: quantisation put back: for flat graphics with text, a quarter less CPU than ``superfast`` for a third more
#: bytes, well within the size standard (measured: bench/RESULTS.md).
X264_PARAMS = "cabac=1:partitions=i4x4,i8x8:8x8dct=1:deblock=1,-3,-3:aq-mode=1:open-gop=0:scenecut=0"
#: moov first (faststart) and no edit list; B-frames then need negative composition offsets, or
#: the muxer would delay the video's start and stretch the audio's first packet to match.
MP4_OPTIONS = {"movflags": "+faststart+negative_cts_offsets", "use_editlist": "0"}


def encoder_options(fps):
    """H.264 High, yuv420p, closed GOP of half a second, 2 B-frames: the x264 options of every segment."""
    gop = str(max(1, int(fps) // 2))
    return {"preset": "ultrafast", "crf": "20", "profile": "high", "g": gop, "keyint_min": gop, "bf": "2",
            "flags": "+cgop", "x264-params": X264_PARAMS}


class FrameEncoder:
    """Raw RGBA frames, as they come, encoded into ``clean`` and, with ``captions`` (ASS text) composited,
    into ``captioned``: final-quality, video-only MP4s at a constant ``fps`` that start on a keyframe.

    The caller's thread converts each frame and blends its caption; each output is
    encoded on a thread of its own, so a scene drawn alone keeps both cores busy.
    Any failure of the libraries is raised as :class:`common.ffmpeg.FfmpegError`.
    """

    def __init__(self, width, height, fps, clean, captioned=None, captions=None):
        self.fps, self.frames = fps, 0
        self.cues = caption_overlays(captions, width, height) if captioned else []
        self.lanes = [_Lane(path, width, height, fps) for path in (clean, captioned) if path]
        self.reformatter = av.video.reformatter.VideoReformatter()

    def write(self, pixels, repeat=1):
        """Encode one frame (H × W × 4 uint8, C-contiguous, not changed afterwards) ``repeat`` times."""
        with _as_ffmpeg_error():
            frame = self.reformatter.reformat(av.VideoFrame.from_numpy_buffer(pixels, format="rgba"),
                                              format="yuv420p")
        self.lanes[0].put(frame, self.frames, repeat)
        if len(self.lanes) > 1:
            first = self.frames
            for cue, count in _runs(self._cue_at(first + i) for i in range(repeat)):
                self.lanes[1].put(_copy(frame) if cue is None else cue.blended(frame), first, count)
                first += count
        self.frames += repeat

    def _cue_at(self, index):
        """The cue showing on frame ``index``, or None; at the time libass reads (whole milliseconds)."""
        time_ms = int(index * (1 / self.fps) * 1000)
        return next((cue for cue in self.cues if cue.start_ms <= time_ms < cue.end_ms), None)

    def close(self):
        """Flush the encoders and close the files."""
        for lane in self.lanes:
            lane.finish()

    def abort(self):
        """Stop the encoders and close the files unfinished (after an error or an interrupt): the caller throws
        them away."""
        for lane in self.lanes:
            lane.abort()


#: Frames waiting for an output's encoder, at most: 24 MB at 1080p.
QUEUED_FRAMES = 8


class _Lane:
    """One output, its frames encoded in order on a thread of its own."""

    def __init__(self, path, width, height, fps):
        self.output = _Output(path, width, height, fps)
        self.queue = queue.Queue(maxsize=QUEUED_FRAMES)
        self.failure, self.stopped = None, False
        self.thread = threading.Thread(target=self._encode_queued, name=f"encoder {path}", daemon=True)
        self.thread.start()

    def put(self, frame, first, count):
        """Queue ``frame`` as frames ``first`` to ``first + count - 1``; raise what failed before, if anything."""
        if self.failure:
            raise self.failure
        self.queue.put((frame, first, count))

    def _encode_queued(self):
        while (item := self.queue.get()) is not None:
            if self.failure is None and not self.stopped:
                try:
                    with _as_ffmpeg_error():
                        self.output.encode(*item)
                except ffmpeg.FfmpegError as error:
                    self.failure = error

    def finish(self):
        """Encode what is queued, flush the encoder and close the file."""
        self.queue.put(None)
        self.thread.join()
        if self.failure:
            raise self.failure
        with _as_ffmpeg_error():
            self.output.finish()

    def abort(self):
        """Drop what is queued and close the file unfinished."""
        if self.thread.is_alive():
            self.stopped = True
            self.queue.put(None)
            self.thread.join()
        with contextlib.suppress(av.FFmpegError):
            self.output.container.close()


class _Output:
    """One x264 stream in its own MP4."""

    def __init__(self, path, width, height, fps):
        with _as_ffmpeg_error():
            self.container = av.open(str(path), "w", format="mp4", options=MP4_OPTIONS)
            self.stream = self.container.add_stream("libx264", rate=fps, options=encoder_options(fps))
        self.stream.width, self.stream.height, self.stream.pix_fmt = width, height, "yuv420p"
        self.time_base = Fraction(1, fps)
        self.stream.codec_context.time_base = self.time_base

    def encode(self, frame, first, count):
        """Encode ``frame`` as frames ``first`` to ``first + count - 1``."""
        frame.time_base = self.time_base
        for index in range(first, first + count):
            frame.pts = index
            self.container.mux(self.stream.encode(frame))

    def finish(self):
        self.container.mux(self.stream.encode(None))
        self.container.close()


def _copy(frame):
    """A new yuv420p frame with ``frame``'s pixels."""
    copy = av.VideoFrame(frame.width, frame.height, "yuv420p")
    for source, target in zip(frame.planes, copy.planes):
        _rows(target)[...] = _rows(source)
    return copy


def _rows(plane):
    """A plane's pixels as a writable 2-D array."""
    return np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[:, :plane.width]


@dataclass(frozen=True)
class Cue:
    """A caption as libass draws it, ready to blend into a yuv420p frame.

    Per plane, over the caption's box, a pixel ``v`` becomes ``(v * keep + ink) // 255``: ``keep`` is how
    much of a white frame still showed through (0 to 255), ``ink`` 255 times what libass drew on a black
    frame, plus 127 to round.
    """

    start_ms: int
    end_ms: int
    top: int
    bottom: int
    left: int
    right: int
    keep: tuple
    ink: tuple

    def blended(self, frame):
        """A copy of ``frame`` (yuv420p) with this caption blended into its box."""
        copy = _copy(frame)
        for index, (plane, keep, ink) in enumerate(zip(copy.planes, self.keep, self.ink)):
            step = 1 if index == 0 else 2
            box = _rows(plane)[self.top // step:self.bottom // step, self.left // step:self.right // step]
            box[...] = (box * keep + ink) // 255
        return copy


def caption_overlays(captions, width, height):
    """Each cue of ``captions`` (ASS text) as a :class:`Cue`, drawn by libass on a black and on a white frame."""
    if not captions:
        return []
    subs = pysubs2.SSAFile.from_string(captions)
    times = [(event.start, event.end) for event in subs.events]
    for index, event in enumerate(subs.events):  # cue i shows from 2i s to 2i + 2 s: frames 2i and 2i + 1 at 1 fps
        event.start, event.end = 2000 * index, 2000 * index + 2000
    size = width * height * 3 // 2
    drawn = ffmpeg.burn_in((bytes(size) + bytes([255]) * size) * len(times), subs.to_string("ass"), width, height)
    cues = []
    for index, (start_ms, end_ms) in enumerate(times):
        black, white = (_planes(drawn[(2 * index + k) * size:(2 * index + k + 1) * size], width, height)
                        for k in (0, 1))
        cues.append(_cue(start_ms, end_ms, black, white))
    return [cue for cue in cues if cue]


def _planes(data, width, height):
    """The Y, U and V planes of one yuv420p frame in ``data``, as 2-D uint8 arrays."""
    frame = np.frombuffer(data, np.uint8)
    luma, chroma = width * height, (width // 2) * (height // 2)
    return (frame[:luma].reshape(height, width),
            frame[luma:luma + chroma].reshape(height // 2, width // 2),
            frame[luma + chroma:].reshape(height // 2, width // 2))


def _cue(start_ms, end_ms, black, white):
    """A :class:`Cue` from the same caption drawn on black and on white (planes of each); None if libass drew
    nothing."""
    keep = [np.clip(w.astype(np.int32) - b, 0, 255) for b, w in zip(black, white)]
    touched = [(k != 255) | (b != 0) for k, b in zip(keep, black)]
    rows = np.flatnonzero(touched[0].any(axis=1) | np.repeat(touched[1].any(axis=1) | touched[2].any(axis=1), 2))
    cols = np.flatnonzero(touched[0].any(axis=0) | np.repeat(touched[1].any(axis=0) | touched[2].any(axis=0), 2))
    if not rows.size:
        return None
    top, bottom = rows[0] // 2 * 2, (rows[-1] + 2) // 2 * 2
    left, right = cols[0] // 2 * 2, (cols[-1] + 2) // 2 * 2
    box = lambda plane, step: plane[top // step:bottom // step, left // step:right // step]  # noqa: E731
    steps = (1, 2, 2)
    return Cue(start_ms, end_ms, top, bottom, left, right,
               tuple(box(k, s).copy() for k, s in zip(keep, steps)),
               tuple(box(b, s).astype(np.int32) * 255 + 127 for b, s in zip(black, steps)))


def _runs(items):
    """``items`` as (item, how many in a row) pairs."""
    runs = []
    for item in items:
        if runs and runs[-1][0] is item:
            runs[-1][1] += 1
        else:
            runs.append([item, 1])
    return runs


@contextlib.contextmanager
def _as_ffmpeg_error():
    """Raise any error of ffmpeg's libraries as one readable :class:`common.ffmpeg.FfmpegError`."""
    try:
        yield
    except av.FFmpegError as error:
        raise ffmpeg.FfmpegError(ffmpeg.DISK_FULL if getattr(error, "errno", None) == errno.ENOSPC
                                 else f"ffmpeg failed: {error}") from None
