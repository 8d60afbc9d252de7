"""Caption cues cut from the word timings, and their SRT, WebVTT and ASS files."""

import math
from dataclasses import dataclass, replace
from pathlib import Path

import pysubs2

from common.format import LANDSCAPE
from common.store import write_text

MAX_LINES = 2
MIN_CUE_S = 5 / 6
MAX_CUE_S = 7.0
MAX_CHARS_PER_S = 20.0
MAX_LINGER_S = 0.5  # a cue may stay up this long after its last word
CLOSE_GAPS_UNDER_S = 0.5

@dataclass(frozen=True)
class Cue:
    """One caption: its lines and its time on screen, in milliseconds."""

    start_ms: int
    end_ms: int
    lines: tuple

    @property
    def text(self):
        return " ".join(self.lines)


def gap_ms(fps):
    """Two frames, rounded up to whole milliseconds."""
    return math.ceil(2000 / fps)


def split_lines(words, rules):
    """Best way to set ``words`` in at most two lines by ``rules`` (a language's
    :class:`~narration.locale.CaptionRules`), or None if they do not fit."""
    text, line_chars = " ".join(words), rules.line_chars
    if len(text) <= line_chars:
        return (text,)
    best, best_cost = None, math.inf
    for k in range(1, len(words)):
        first, second = " ".join(words[:k]), " ".join(words[k:])
        if len(first) > line_chars or len(second) > line_chars or rules.is_weak_ending(words[k - 1]):
            continue
        # Prefer balanced lines, a little bottom-heavy, and breaks after punctuation.
        cost = abs(len(first) - len(second) - 2) / line_chars - (0.3 if words[k - 1][-1] in ",;:" else 0)
        if cost < best_cost:
            best, best_cost = (first, second), cost
    return best


def cut_cues(sentences, fps, rules, until_s=math.inf, then_s=math.inf):
    """Cues for a list of sentences, each a list of written words with their times.

    Parameters
    ----------
    sentences : list of list of Word
        Written words (``text``, ``start_s``, ``end_s``) of each sentence, in order.
    fps : float
        Frame rate the gaps are counted in.
    rules : narration.locale.CaptionRules
        The language's line length and weak line endings.
    until_s : float
        End of the media: no cue lasts past it.
    then_s : float
        Start of the first cue after the media (the next scene's): the gap to it is
        kept at half a second or more, as the media cannot close it.

    Returns
    -------
    list of Cue
    """
    gap_s = gap_ms(fps) / 1000
    groups = []
    for s_index, words in enumerate(sentences):
        following = sentences[s_index + 1][0].start_s if s_index + 1 < len(sentences) else math.inf
        groups += _best_groups(words, min(following, until_s + gap_s), gap_s, rules)
    until_ms = math.floor(until_s * 1000) if until_s < math.inf else None
    cues = _time_cues(groups, gap_ms(fps), until_ms, math.floor(1000 / fps), rules)
    then_ms = 1000 * then_s - 1000 * CLOSE_GAPS_UNDER_S
    if cues and cues[-1].end_ms > then_ms:
        cues[-1] = replace(cues[-1], end_ms=max(math.floor(then_ms), cues[-1].start_ms))
    return cues


def _best_groups(words, following_s, gap_s, rules):
    """Split one sentence into cues by dynamic programming over the cue boundaries."""
    n = len(words)
    best = [(0.0, None)] + [(math.inf, None)] * n
    for i in range(n):
        if best[i][0] == math.inf:
            continue
        for j in range(i + 1, n + 1):
            cost = _cue_cost(words, i, j, following_s, gap_s, rules)
            if cost is None:
                continue
            if best[i][0] + cost < best[j][0]:
                best[j] = (best[i][0] + cost, i)
    if best[n][0] == math.inf:
        text = " ".join(w.text for w in words)
        raise ValueError(f"no caption layout meets the standard for: {text}")
    groups, j = [], n
    while j > 0:
        i = best[j][1]
        groups.append(words[i:j])
        j = i
    return groups[::-1]


def _cue_cost(words, i, j, following_s, gap_s, rules):
    texts = [w.text for w in words[i:j]]
    lines = split_lines(texts, rules)
    if lines is None:
        return None
    start, last_end = words[i].start_s, words[j - 1].end_s
    next_start = words[j].start_s if j < len(words) else following_s
    latest_end = max(last_end, min(last_end + MAX_LINGER_S, next_start - gap_s))
    needed = max(MIN_CUE_S, len(" ".join(lines)) / MAX_CHARS_PER_S)
    # Leave room to linger after the last word without passing the longest a cue may last.
    if last_end - start > MAX_CUE_S - MAX_LINGER_S or latest_end - start < needed:
        return None
    text = " ".join(texts)
    # Few cues, balanced lines, no flash of a few words.
    cost = 1.0 + abs(len(lines[0]) - len(lines[-1])) / rules.line_chars + max(0, 20 - len(text)) / 20
    if j < len(words):
        if texts[-1][-1] not in ",;:":
            cost += 1.5
        if rules.is_weak_ending(texts[-1]):
            cost += 4.0
    return cost


def _time_cues(groups, gap, until_ms, frame_ms, rules):
    """Start each cue with its first word; end it after its last, meeting length, speed and gaps."""
    cues = []
    for words in groups:
        lines = split_lines([w.text for w in words], rules)
        start = round(words[0].start_s * 1000)
        last_end = round(words[-1].end_s * 1000)
        needed = math.ceil(1000 * max(MIN_CUE_S, len(" ".join(lines)) / MAX_CHARS_PER_S))
        end = max(last_end, start + needed)
        cues.append([start, end if until_ms is None else min(end, until_ms), lines, last_end])
    for cue, nxt in zip(cues, cues[1:]):
        if nxt[0] - cue[1] < gap:
            nxt[0] = cue[1] + gap  # the words run on: start the next cue two frames later
        elif nxt[0] - cue[1] < 1000 * CLOSE_GAPS_UNDER_S:
            # A short gap flickers: close it to two frames. Where that would keep this cue
            # up too long after its last word, the next cue starts up to three frames early;
            # failing that, the gap widens to half a second.
            end = min(nxt[0] - gap, cue[3] + round(1000 * MAX_LINGER_S))
            if nxt[0] - (end + gap) <= 3 * frame_ms:
                cue[1], nxt[0] = max(cue[1], end), max(cue[1], end) + gap
            else:
                cue[1] = nxt[0] - round(1000 * CLOSE_GAPS_UNDER_S)
    return [Cue(start, end, lines) for start, end, lines, _ in cues]


def caption_file(cues, rules, offset_s=0.0, fmt=LANDSCAPE):
    """The cues as a pysubs2 file, shifted by ``offset_s``, with the burn-in style of ``fmt``; a line too wide
    for it is broken again by the language's ``rules``."""
    subs = pysubs2.SSAFile()
    subs.info.update({"PlayResX": str(fmt.width), "PlayResY": str(fmt.height), "WrapStyle": "2",
                      "ScaledBorderAndShadow": "yes"})
    subs.styles["Default"] = caption_style(fmt)
    shift = round(offset_s * 1000)
    for cue in cues:
        subs.events.append(pysubs2.SSAEvent(start=cue.start_ms - shift, end=cue.end_ms - shift,
                                            text=r"\N".join(burned_lines(cue.lines, rules, fmt))))
    return subs


def burned_lines(lines, rules, fmt=LANDSCAPE):
    """A cue's ``lines`` as burned in in format ``fmt``: as cut where each fits the format's caption line, else its
    words broken again into the fewest lines (up to ``fmt.caption_lines``) that fit, balanced, a line never
    ending in a weak word of the language (``rules``) where another break fits."""
    from PIL import ImageFont

    font = ImageFont.truetype(str(FONT_FILE), fmt.caption_font_px)
    fits = lambda text: font.getlength(text) <= fmt.caption_line_px  # noqa: E731
    if all(fits(line) for line in lines):
        return tuple(lines)
    words = " ".join(lines).split(" ")
    for strict in (True, False):
        for count in range(2, fmt.caption_lines + 1):
            best = _balanced(words, count, fits, strict and rules.is_weak_ending, font.getlength)
            if best:
                return best
    return tuple(lines)  # the burn-in check names a line that does not fit


def _balanced(words, count, fits, weak, width):
    """``words`` in ``count`` lines that each fit, none ending in a word ``weak`` (a test, or False) calls weak,
    with the narrowest widest line; None if there are none."""
    if count == 1:
        text = " ".join(words)
        return (text,) if fits(text) else None
    best, best_width = None, math.inf
    for k in range(1, len(words) - count + 2):
        first = " ".join(words[:k])
        if not fits(first) or (weak and weak(words[k - 1])):
            continue
        rest = _balanced(words[k:], count - 1, fits, weak, width)
        if rest and max(map(width, (first, *rest))) < best_width:
            best, best_width = (first, *rest), max(map(width, (first, *rest)))
    return best


#: The file of the font captions and scenes are drawn in (Debian's fonts-dejavu-core).
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

def caption_style(fmt=LANDSCAPE):
    """The burned-in captions' look in format ``fmt``: white DejaVu Sans on a 75 % opaque dark box, bottom
    centre, inside the 90 % title-safe area; in landscape a line is about 6 % of the frame height."""
    return pysubs2.SSAStyle(
        fontname="DejaVu Sans", fontsize=fmt.caption_font_px, primarycolor=pysubs2.Color(255, 255, 255, 0),
        outlinecolor=pysubs2.Color(0, 0, 0, 64), backcolor=pysubs2.Color(0, 0, 0, 64),
        borderstyle=3, outline=fmt.caption_outline_px, shadow=0, alignment=pysubs2.Alignment.BOTTOM_CENTER,
        marginl=fmt.caption_side_px, marginr=fmt.caption_side_px, marginv=fmt.caption_bottom_px,
    )


def write_captions(cues, stem, rules, offset_s=0.0):
    """Write ``stem``.srt, .vtt and .ass atomically; return their paths."""
    subs = caption_file(cues, rules, offset_s)
    return [write_text(f"{stem}.{ext}", subs.to_string(ext)) for ext in ("srt", "vtt", "ass")]

