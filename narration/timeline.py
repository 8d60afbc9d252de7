"""The timeline: each scene's beats with their start, length, words and bookmarks."""

import itertools
import math
from dataclasses import asdict, dataclass, replace

import numpy as np

from narration.captions import CLOSE_GAPS_UNDER_S
from common.errors import ExplainerError

#: Scene lengths are whole multiples of this (1/15 s), so every Manim frame rate
#: (15, 30, 60 fps) cuts scenes on a frame boundary and audio and video stay in step.
SCENE_GRID_S = 1.0 / 15.0

#: Narration may last at most this long, leaving room under the 60-second limit.
MAX_NARRATION_S = 59.0
#: The fitting prefers wordings that keep every scene at or under this pace, English words a minute over its
#: spoken span (docs/STANDARDS.md); another language's is this times its ``Locale.words_per_english_word``.
MAX_SCENE_WPM = 160.0


class BudgetError(ExplainerError, ValueError):
    """The narration would not fit under a minute."""


@dataclass(frozen=True)
class Word:
    """A word and when it is said, in seconds from the start of its scene."""

    text: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Beat:
    """One sentence of a scene. Times are seconds from the start of the scene."""

    name: str
    start_s: float
    duration_s: float
    speech_start_s: float
    speech_duration_s: float
    spoken: str
    written: str
    words: list
    written_words: list
    bookmarks: dict


@dataclass(frozen=True)
class SceneTimeline:
    """A scene's part of the narration; its length is the sum of its beats."""

    name: str
    start_s: float
    duration_s: float
    beats: list

    @property
    def word_count(self):
        return sum(len(beat.words) for beat in self.beats)

    @property
    def spoken_span_s(self):
        """From the scene's first word to its last: the span its pace is measured over."""
        return self.beats[-1].words[-1].end_s - self.beats[0].words[0].start_s

    @property
    def pace_wpm(self):
        """Words a minute over the spoken span."""
        return self.word_count / self.spoken_span_s * 60

    def beat(self, name):
        """The beat called ``name``, or None if the script left it out for this cell."""
        return next((beat for beat in self.beats if beat.name == name), None)

    @property
    def bookmarks(self):
        return {name: t for beat in self.beats for name, t in beat.bookmarks.items()}


@dataclass(frozen=True)
class Timeline:
    """The whole narration."""

    scenes: list
    duration_s: float
    sample_rate: int
    voice: dict

    def scene(self, name):
        return next(s for s in self.scenes if s.name == name)

    def to_dict(self):
        return asdict(self)


def build_timeline(script, speak, voice, max_scene_wpm=MAX_SCENE_WPM, layouts=None):
    """Speak every sentence of ``script`` and lay the beats out in time.

    A scene said faster than ``max_scene_wpm`` over its spoken span gets longer pauses between its beats,
    as much as brings it to that pace (a scene of one beat has none to lengthen).

    Parameters
    ----------
    script : narration.script.Script
    speak : callable
        Text to :class:`narration.voices.Speech` (a cache's ``speak``).
    voice : dict
        The voice's cache key, recorded in the timeline.
    max_scene_wpm : float
        The fastest a scene may be said, words a minute.
    layouts : dict or None
        Scenes laid out before, kept by their sentences (the same objects) and pauses, to reuse; None: none kept.

    Returns
    -------
    tuple of (Timeline, dict)
        The timeline, and the speech of every sentence keyed by (scene, index).
    """
    scenes, speeches, start = [], {}, 0.0
    for s_index, name in enumerate(script.scenes):
        said = [speak(sentence.spoken) for sentence in script.scenes[name]]
        speeches.update({(name, b_index): speech for b_index, speech in enumerate(said)})
        scene = replace(_paced(script, s_index, said, max_scene_wpm, layouts), start_s=start)
        scenes.append(scene)
        start += scene.duration_s
    rate = said[0].sample_rate
    assert all(speech.sample_rate == rate for speech in speeches.values()), "one voice, one sample rate"
    timeline = Timeline(scenes=scenes, duration_s=start, sample_rate=rate, voice=voice)
    check_budget(timeline)
    return timeline, speeches


def _paced(script, s_index, said, max_scene_wpm, layouts):
    """Scene ``s_index`` of ``script`` laid out from time 0, its pauses between beats lengthened as much as brings
    it to ``max_scene_wpm``; kept in ``layouts`` (or not, with None): a scene's beats do not depend on its start."""
    scene = _remembered(layouts, script, s_index, said, 0.0)
    short_ms = math.ceil((scene.word_count * 60 / max_scene_wpm - scene.spoken_span_s) * 1000)
    if short_ms > 0 and len(said) > 1:
        scene = _remembered(layouts, script, s_index, said, short_ms / 1000 / (len(said) - 1))
    return scene


def _remembered(layouts, script, s_index, said, slower_s):
    """:func:`_lay_out`, kept in ``layouts`` (or not, with None)."""
    if layouts is None:
        return _lay_out(script, s_index, said, slower_s)
    key = (s_index, tuple(map(id, script.scenes[list(script.scenes)[s_index]])), slower_s)
    if key not in layouts:
        layouts[key] = _lay_out(script, s_index, said, slower_s)
    return layouts[key]


def _lay_out(script, s_index, said, slower_s):
    """Scene ``s_index`` of ``script`` from time 0, its sentences spoken as ``said``, with ``slower_s`` added to each
    pause between its beats."""
    timing = script.timing
    names = list(script.scenes)
    sentences = script.scenes[names[s_index]]
    beats, t = [], 0.0
    for b_index, (sentence, speech) in enumerate(zip(sentences, said)):
        lead = sentence.lead_s + (timing["lead_in_s"] if s_index == 0 and b_index == 0 else 0.0)
        last_in_scene = b_index == len(sentences) - 1
        after_words = speech.duration_s - speech.words[-1][1]
        if not last_in_scene:
            pause = timing["between_beats_s"] + slower_s
        elif s_index == len(names) - 1:
            pause = max(0.0, timing["tail_s"] - after_words)  # the end card holds tail_s after the last word
        else:
            # A scene's captions end with it: its last word ends half a second or more before
            # the scene does, so the gap to the next scene's first caption never flickers.
            pause = max(timing["between_scenes_s"], CLOSE_GAPS_UNDER_S - after_words)
        duration = lead + speech.duration_s + pause
        if last_in_scene:  # end the scene on the 1/15 s grid
            duration = math.ceil((t + duration) / SCENE_GRID_S - 1e-9) * SCENE_GRID_S - t
        beats.append(_beat(sentence, speech, t, lead, duration))
        t += duration
    return SceneTimeline(name=names[s_index], start_s=0.0, duration_s=t, beats=beats)


def fit_timeline(script, speak, voice, max_scene_wpm=MAX_SCENE_WPM):
    """The fullest wording of ``script`` that fits the budget, and its timeline.

    A beat keeps its fuller wording whenever some choice among the beats given up before it
    (``give_up``, lower first) lets it: the candidates are counted through like a number whose
    digits are the beats' wordings, the first beat to give up its lowest digit. The first that
    also keeps every scene at or under ``max_scene_wpm`` is taken; if none does (a faster
    voice), the first that fits. The same script and voice always give the same choice.

    Returns
    -------
    tuple of (Script, Timeline, dict)
        The script as it will be said, its timeline and the speech of every sentence.

    Raises
    ------
    BudgetError
        Even the shortest wordings do not fit; the message names the longest sentences.
    """
    order = script.give_up_order
    spoken, layouts = {}, {}  # the candidates share most sentences and scenes

    def said(text):  # every candidate shares the speech of the sentences they have in common
        if text not in spoken:
            spoken[text] = speak(text)
        return spoken[text]

    def lasts(fitted):  # the timeline's length, summed as build_timeline sums it, with no timeline made
        start = 0.0
        for s_index, sentences in enumerate(fitted.scenes.values()):
            start += _paced(fitted, s_index, [said(s.spoken) for s in sentences], max_scene_wpm, layouts).duration_s
        return start

    first = None
    for candidate in itertools.product(*(range(count + 1) for _, count in reversed(order))):
        fitted = script.shortened(dict(zip((key for key, _ in reversed(order)), candidate)))
        if lasts(fitted) > MAX_NARRATION_S:
            continue
        made = (fitted, *build_timeline(fitted, said, voice, max_scene_wpm, layouts))
        if all(scene.pace_wpm <= max_scene_wpm for scene in made[1].scenes):
            return made
        first = first or made
    if first:
        return first
    try:
        build_timeline(fitted, said, voice, max_scene_wpm, layouts)
    except BudgetError as over:
        raise BudgetError(f"{over} with every shorter wording; {_longest_sentences(fitted, said)}") from None
    raise AssertionError("a script too long in every wording fits when laid out")


def _longest_sentences(script, speak, count=3):
    """"cut words from the longest sentences: …" with the ``count`` longest and their lengths."""
    lengths = sorted(((speak(s.spoken).duration_s, s) for sentences in script.scenes.values() for s in sentences),
                     key=lambda pair: -pair[0])
    named = "; ".join(f"{s.scene} '{s.name}' ({t:.1f} s)" for t, s in lengths[:count])
    return f"cut words from the longest sentences in script.toml: {named}"


def _beat(sentence, speech, start, lead, duration):
    offset = start + lead
    words = [Word(w, offset + a, offset + b) for w, (a, b) in zip(sentence.spoken.split(), speech.words)]
    assert len(words) == sentence.word_count, "every spoken word has a time"
    # A unit ("−72 mV" for "minus seventy-two millivolts") is one written word for the
    # captions: shown from its first spoken word to its last, never split across lines.
    written, i = [], 0
    for unit in sentence.units:
        said = words[i:i + len(unit.spoken)]
        i += len(unit.spoken)
        written.append(Word(" ".join(unit.written), said[0].start_s, said[-1].end_s))
    bookmarks = {name: words[index].start_s for name, index in sentence.bookmarks.items()}
    return Beat(name=sentence.name, start_s=start, duration_s=duration, speech_start_s=offset, speech_duration_s=speech.duration_s,
                spoken=sentence.spoken, written=sentence.written, words=words, written_words=written,
                bookmarks=bookmarks)


def check_budget(timeline):
    """Raise :class:`BudgetError` if the narration runs past :data:`MAX_NARRATION_S`."""
    if timeline.duration_s > MAX_NARRATION_S:
        longest = max(timeline.scenes, key=lambda s: s.duration_s)
        raise BudgetError(
            f"the narration lasts {timeline.duration_s:.1f} s, {timeline.duration_s - MAX_NARRATION_S:.1f} s over "
            f"the {MAX_NARRATION_S:g} s budget; the longest scene is {longest.name} ({longest.duration_s:.1f} s)"
        )


def mix(timeline, speeches, scene=None):
    """The narration as one array of samples: a moviepy composition of every sentence at its time.

    With ``scene``, only that scene's part, from its own start. The whole narration
    is its scenes' parts end to end (scene lengths are whole numbers of samples).
    """
    from moviepy import AudioArrayClip, CompositeAudioClip

    if scene is None:
        return np.concatenate([mix(timeline, speeches, s.name) for s in timeline.scenes])
    part, rate = timeline.scene(scene), timeline.sample_rate
    sentences = [AudioArrayClip(speeches[(scene, index)].samples[:, None], fps=rate)
                 .with_start(round(beat.speech_start_s * rate) / rate) for index, beat in enumerate(part.beats)]
    return CompositeAudioClip(sentences).get_frame(np.arange(round(part.duration_s * rate)) / rate)[:, 0].astype(
        np.float32)
