"""From a cell to its narration: script, speech, timeline, and the files they make."""

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from fontTools.ttLib import TTFont

from common.plan import scene_stem
from common.store import write_text
from narration import audio
from narration.cache import DEFAULT_DIR, SpeechCache
from narration.captions import FONT_FILE, cut_cues, write_captions
from narration.locale import ENGLISH
from narration.script import NarrationError, load_script
from narration.timeline import Word, fit_timeline, mix
from narration.validate import check_caption_file, check_cues
from narration.voices import make_voice

#: Frame rate captions are timed for unless told otherwise (manim's -qh).
DEFAULT_FPS = 60
#: Every frame rate a render may use: captions must be laid out for each.
CAPTION_FPS = (15, 30, 60)


@dataclass(frozen=True)
class Narration:
    """A cell's narration in a language: the filled script, the timeline and every sentence's speech."""

    script: object
    timeline: object
    speeches: dict
    hits: dict
    locale: object = ENGLISH

    def written_words(self, scene=None):
        """Written words with times, per sentence: from the scene's start, or the explainer's."""
        scenes = [self.timeline.scene(scene)] if scene else self.timeline.scenes
        return [[Word(w.text, w.start_s + shift, w.end_s + shift) for w in beat.written_words]
                for s in scenes for shift in [0.0 if scene else s.start_s] for beat in s.beats]

    def cues(self, fps, scene=None):
        """Caption cues at ``fps``: a scene's from its start, cut within it; the explainer's are its scenes'
        cues placed at their starts, so a sidecar file says exactly what the scenes burn in."""
        if scene:
            scenes = self.timeline.scenes
            index = [s.name for s in scenes].index(scene)
            then_s = math.inf
            if index + 1 < len(scenes):
                following = self.written_words(scenes[index + 1].name)[0][0].start_s
                then_s = scenes[index].duration_s + following
            return cut_cues(self.written_words(scene), fps, self.locale.captions, until_s=scenes[index].duration_s, then_s=then_s)
        return [replace(cue, start_ms=cue.start_ms + shift, end_ms=cue.end_ms + shift)
                for s in self.timeline.scenes for shift in [round(s.start_s * 1000)] for cue in self.cues(fps, s.name)]

    def caption_words(self, scene=None):
        """All written words in one list, and their text: what the captions must say, and when."""
        words = [w for sentence in self.written_words(scene) for w in sentence]
        return words, " ".join(w.text for w in words)


def narrate(cell, voice=make_voice(), locale=ENGLISH, force=False, cache_dir=DEFAULT_DIR, script_path=None):
    """Fill the script of ``locale`` (or the one at ``script_path``) for ``cell``, check its claims, speak it
    with ``voice`` (cached) and time it.

    ``voice`` is a value from :func:`narration.voices.make_voice` speaking the locale's language; the timeline
    records its cache key.

    Raises
    ------
    narration.script.NarrationError
        A claim is false for this cell (before any speech is made).
    narration.voices.SpeechError
        The voice failed.
    narration.timeline.BudgetError
        The narration would not fit under a minute even in its shortest wordings.
    """
    if voice.lang != locale.code:
        raise NarrationError(f"the {voice.name} voice speaks {voice.lang!r} and the script is in {locale.code!r}: "
                             "give both the same language")
    script = load_script(cell, locale, script_path)
    check_drawable(script, locale)
    cache = SpeechCache(voice, cache_dir, force=force)
    hits = {}

    def speak(text):
        before = cache.hits
        speech = cache.speak(text)
        hits[text] = cache.hits > before
        return speech

    script, timeline, speeches = fit_timeline(script, speak, voice.cache_key(), locale.max_scene_wpm)
    narration = Narration(script=script, timeline=timeline, speeches=speeches, hits=hits, locale=locale)
    check_caption_layout(narration)
    return narration


def check_drawable(script, locale):
    """Raise NarrationError if the font cannot draw a character of a sentence or a label.

    A missing glyph would burn in as an empty box; this runs before any speech.
    """
    try:
        covered = set(TTFont(FONT_FILE, lazy=True).getBestCmap())
    except OSError:
        raise NarrationError(f"the caption font {FONT_FILE} is missing: run 'make test' (it installs "
                             "fonts-dejavu-core)") from None
    texts = [(f"{s.scene}: \"{s.written}\"", s.written) for sentences in script.scenes.values() for s in sentences]
    texts += [(f"words.toml [labels.{scene}] {key}", text) for scene, table in locale.words["labels"].items()
              for key, text in table.items()]
    for where, text in texts:
        missing = sorted({c for c in text if not c.isspace() and ord(c) not in covered})
        if missing:
            raise NarrationError(f"{where}: the font cannot draw {''.join(missing)!r}; write it with other "
                                 "characters")


def check_caption_layout(narration):
    """Raise NarrationError if a sentence cannot be captioned to the standard at some frame rate.

    Runs before anything is drawn, so a script edit fails in seconds, not after the clips.
    """
    for fps in CAPTION_FPS:
        for scene in [None, *(s.name for s in narration.timeline.scenes)]:
            words, text = narration.caption_words(scene)
            try:
                problems = check_cues(narration.cues(fps, scene), fps, narration.locale.captions, words=words,
                                      narration=text)
            except ValueError as error:
                problems = [str(error)]
            if problems:
                raise NarrationError(f"{scene or 'the explainer'}: the captions cannot meet the standard at {fps} fps "
                                     f"({problems[0]}): shorten the sentence, or split it into two beats")


def write_narration(narration, out_dir, fps=DEFAULT_FPS):
    """Write the narration WAV, timeline JSON and captions, whole and per scene; return the paths.

    Every caption file is checked against the standard as it is written.
    """
    out = Path(out_dir)
    (out / "scenes").mkdir(parents=True, exist_ok=True)
    timeline = narration.timeline
    # Each scene mixed once: the whole narration is its scenes' parts end to end (as mix() makes it).
    parts = {s.name: mix(timeline, narration.speeches, s.name) for s in timeline.scenes}
    paths = [audio.write_wav(out / "narration.wav", np.concatenate(list(parts.values())), timeline.sample_rate)]
    paths.append(write_text(out / "timeline.json", json.dumps(timeline.to_dict(), indent=2, ensure_ascii=False)))
    jobs = [(None, out / "explainer")]
    jobs += [(s.name, out / "scenes" / scene_stem(i, s.name)) for i, s in enumerate(timeline.scenes, 1)]
    for scene, stem in jobs:
        written = write_captions(narration.cues(fps, scene), stem, narration.locale.captions)
        words, text = narration.caption_words(scene)
        for path in written[:2]:
            check_caption_file(path, fps, narration.locale.captions, words=words, narration=text)
        paths += written
        if scene:
            paths.append(audio.write_wav(f"{stem}.wav", parts[scene], timeline.sample_rate))
    return paths
