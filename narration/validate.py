"""The caption validator: every cue of an SRT or WebVTT file against docs/STANDARDS.md."""

import re
from pathlib import Path

from narration.captions import (
    CLOSE_GAPS_UNDER_S,
    MAX_CHARS_PER_S,
    MAX_CUE_S,
    MAX_LINES,
    MAX_LINGER_S,
    MIN_CUE_S,
    Cue,
    gap_ms,
)
from common.errors import ExplainerError

_SRT_CUE = re.compile(
    r"^(\d+)\n(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})\n((?:[^\n]+\n?)+)", re.M)
_VTT_TIME = r"(?:(\d+):)?(\d\d):(\d\d)\.(\d{3})"
_VTT_CUE = re.compile(rf"^{_VTT_TIME} --> {_VTT_TIME}[^\n]*\n((?:[^\n]+\n?)+)", re.M)
_SLACK_MS = 1  # timestamps are whole milliseconds


class CaptionError(ExplainerError, ValueError):
    """A caption file falls short of the standard; the message lists every problem."""


def _ms(h, m, s, ms):
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def parse_srt(text):
    """Cues of an SRT file; the cues must be numbered 1..N."""
    cues, problems = [], []
    for n, match in enumerate(_SRT_CUE.finditer(text.replace("\r\n", "\n")), start=1):
        if int(match[1]) != n:
            problems.append(f"SRT cue {n} is numbered {match[1]}")
        cues.append(Cue(_ms(*match.groups()[1:5]), _ms(*match.groups()[5:9]), tuple(match[10].strip().split("\n"))))
    return cues, problems


def parse_vtt(text):
    """Cues of a WebVTT file; it must start with the line WEBVTT."""
    text = text.replace("\r\n", "\n")
    problems = [] if text.split("\n", 1)[0].strip() == "WEBVTT" else ["WebVTT file does not start with WEBVTT"]
    cues = [Cue(_ms(*m.groups()[0:4]), _ms(*m.groups()[4:8]), tuple(m[9].strip().split("\n")))
            for m in _VTT_CUE.finditer(text)]
    return cues, problems


def check_cues(cues, fps, rules, words=None, narration=None):
    """Every problem with ``cues``, as sentences; an empty list when they meet the standard.

    Parameters
    ----------
    cues : list of Cue
    fps : float
        Frame rate for the gap and sync rules.
    rules : narration.locale.CaptionRules
        The language's line length and weak line endings.
    words : list of Word, optional
        The written words with their spoken times, to check sync.
    narration : str, optional
        The written narration the captions must match word for word.
    """
    problems = [] if cues else ["no cues were read"]
    frame_ms, gap = 1000 / fps, gap_ms(fps)
    for n, cue in enumerate(cues, start=1):
        where = f"cue {n} ({cue.text[:30]}…)"
        duration = cue.end_ms - cue.start_ms
        if len(cue.lines) > MAX_LINES:
            problems.append(f"{where}: {len(cue.lines)} lines, at most {MAX_LINES}")
        problems += [f"{where}: line of {len(line)} characters, at most {rules.line_chars}"
                     for line in cue.lines if len(line) > rules.line_chars]
        if not MIN_CUE_S * 1000 - _SLACK_MS <= duration <= MAX_CUE_S * 1000:
            problems.append(f"{where}: lasts {duration} ms, must be {MIN_CUE_S:.3f}-{MAX_CUE_S:g} s")
        if duration > 0 and len(cue.text) / (duration / 1000) > MAX_CHARS_PER_S:
            problems.append(f"{where}: {len(cue.text) / (duration / 1000):.1f} characters/s, at most {MAX_CHARS_PER_S:g}")
        if len(cue.lines) > 1 and rules.is_weak_ending(cue.lines[0].split()[-1]):
            problems.append(f"{where}: first line ends in '{cue.lines[0].split()[-1]}'")
    for n, (cue, nxt) in enumerate(zip(cues, cues[1:]), start=1):
        between = nxt.start_ms - cue.end_ms
        if between < gap - _SLACK_MS - 1:
            problems.append(f"cue {n}: gap of {between} ms to the next, at least 2 frames ({2 * frame_ms:.0f} ms)")
        elif between < CLOSE_GAPS_UNDER_S * 1000 and between > gap + _SLACK_MS:
            problems.append(f"cue {n}: gap of {between} ms should be closed to 2 frames ({gap} ms)")
    if words is not None:
        problems += _check_sync(cues, words, frame_ms)
    if narration is not None and " ".join(c.text for c in cues).split() != narration.split():
        problems.append("the captions are not the narration word for word")
    return problems


def _check_sync(cues, words, frame_ms):
    problems, k = [], 0
    for n, cue in enumerate(cues, start=1):
        rest, first = cue.text, k
        while rest and k < len(words) and rest.startswith(words[k].text):
            rest = rest[len(words[k].text):].lstrip()
            k += 1
        if rest or k == first:
            return problems + [f"cue {n}: its text does not follow the narration's words"]
        start_off = cue.start_ms - words[first].start_s * 1000
        end_off = cue.end_ms - words[k - 1].end_s * 1000
        if abs(start_off) > 3 * frame_ms + _SLACK_MS:
            problems.append(f"cue {n}: starts {start_off:.0f} ms from its first word, at most 3 frames")
        if not -_SLACK_MS <= end_off <= MAX_LINGER_S * 1000 + _SLACK_MS:
            problems.append(f"cue {n}: ends {end_off:.0f} ms after its last word, must be 0-{MAX_LINGER_S:g} s")
    return problems


def check_caption_file(path, fps, rules, words=None, narration=None):
    """Check an ``.srt`` or ``.vtt`` file by a language's caption ``rules``; raise :class:`CaptionError` listing
    every problem."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CaptionError(f"{path}: cannot be read as UTF-8 ({error})") from None
    cues, problems = (parse_srt if path.suffix == ".srt" else parse_vtt)(text)
    problems += check_cues(cues, fps, rules, words, narration)
    if problems:
        raise CaptionError(f"{path.name} falls short of the caption standard: " + "; ".join(problems))
    return cues
