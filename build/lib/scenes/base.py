"""ExplainerScene: a Manim scene timed to its part of the narration."""

import hashlib
import os

import numpy as np
from manim import DL, UR, MarkupText, MathTex, Scene, SingleStringMathTex, Tex, Text, VMobject, config

import physics
from common import ffmpeg
from narration import audio
from narration.cache import DEFAULT_DIR
from narration.narrate import narrate
from narration.timeline import mix
from narration.voices import make_voice
from scenes import components, style
from scenes.inputs import scene_inputs


class ExplainerScene(Scene):
    """A scene of the explainer: it draws one :class:`scenes.inputs.SceneInput`.

    Subclass attributes
    -------------------
    name : str
        The scene's name in the narration (one of ``SCENES_IN_ORDER``).
    scene_input : scenes.inputs.SceneInput or None
        What to draw, computed by the render's parent process. None (a plain
        ``manim`` render) builds it here for ``cell`` and ``voice``, with the
        narration on the sound track.
    cell : physics.Cell or None
        The cell to explain when the scene builds its own input; None is the
        neuron preset. Subclass with another cell for a variant:
        ``cell = physics.preset("skeletal_muscle")``.
    voice : frozen dataclass
        The narration's voice, from :func:`narration.voices.make_voice`; the offline Piper voice unless
        set, e.g. ``voice = make_voice("gtts", "fr")``.
    """

    name = ""
    scene_input = None
    cell = None
    voice = make_voice()
    #: Set by tests: record every text shown, anything inside the caption band or off the frame.
    audit = False

    def setup(self):
        self.camera.background_color = style.BACKGROUND
        self.input = self.scene_input
        if self.input is None:
            cell = self.cell if self.cell is not None else physics.preset("neuron")
            narration = narrate(cell, voice=self.voice)
            self.input = scene_inputs(narration)[self.name]
            self.add_sound(str(self._narration_wav(narration)))
        self.timeline = self.input.timeline
        self.numbers = self.input.numbers
        self.marks = self.timeline.bookmarks
        self.stills = []
        self.texts_shown, self.ticks_shown = set(), set()
        self.band_intrusions, self.unsafe, self.overlaps, self.short_holds = [], [], [], []
        self.keys, self._holding = {}, []
        #: Where the voltmeters are as the scene starts and ends (x, y, width): one carries across each cut.
        self.meters_at_start = self.meters_at_end = None

    # --- timing -----------------------------------------------------------------
    def now(self):
        """Seconds since the scene started."""
        return self.renderer.time

    def has_beat(self, name):
        """True if the script says beat ``name`` for this cell."""
        return self.timeline.beat(name) is not None

    def beat_end(self, name):
        beat = self.timeline.beat(name)
        return beat.start_s + beat.duration_s

    def play_until(self, t_s, *animations, **kwargs):
        """Play ``animations`` so that they end at scene time ``t_s`` (at least one frame).

        Nothing plays past the scene's end: another cell's narration may leave
        less time than the default's, and the scene must still end on time.
        """
        t_s = min(t_s, self.timeline.duration_s - 1 / config.frame_rate)
        frames = max(1, round((t_s - self.now()) * config.frame_rate))
        self.play(*animations, run_time=frames / config.frame_rate, **kwargs)

    def play_for(self, seconds, *animations, **kwargs):
        """Play ``animations`` for ``seconds``, rounded to whole frames."""
        self.play_until(self.now() + seconds, *animations, **kwargs)

    def wait_until(self, t_s):
        """Hold the picture until scene time ``t_s``."""
        frames = round((t_s - self.now()) * config.frame_rate)
        if frames > 0:
            self.wait(frames / config.frame_rate)

    def end_beat(self, name):
        """Hold until beat ``name`` ends, and keep its last picture as the beat's still."""
        self.wait_until(self.beat_end(name))
        self.renderer.update_frame(self)
        self.stills.append(self.renderer.get_frame())
        self._audit_frame()

    def tear_down(self):
        # The scene lasts exactly as long as its narration.
        self.wait_until(self.timeline.duration_s)
        if self.audit:
            self._check_holds(self.now(), ending=True)
            self.meters_at_end = self._meters()

    def corner_meter(self, mv):
        """The voltmeter every scene shows in the same place, reading ``mv``: it carries across the cuts."""
        meter = components.Meter(radius=style.CORNER_METER_RADIUS).move_to(style.CORNER_METER_AT)
        meter.mv.set_value(mv)
        self.add(meter)
        return meter

    # --- values -----------------------------------------------------------------
    def value(self, name, size=style.LABEL_SIZE, color=style.INK):
        """The written form of a story value (e.g. ``"−72 mV"``) as text."""
        return components.label(self.input.written[name], size=size, color=color)

    def trace(self, name):
        """A trace's ``(t_s, v_mv)`` as arrays."""
        t_s, v_mv = self.input.traces[name]
        return np.asarray(t_s), np.asarray(v_mv)

    # --- audit (tests) ----------------------------------------------------------
    def key(self, mark, *mobjects):
        """Say that the picture named at bookmark ``mark`` is complete now, drawn by ``mobjects``.

        The audit checks that this is no later than the words that name it, and
        that the picture then holds, unchanged, for :data:`style.KEY_HOLD_S`.
        """
        if self.audit:
            self.keys[mark] = self.now()
            self._holding.append((mark, self.now(), mobjects, _digest(mobjects)))

    def play(self, *animations, **kwargs):
        if self.audit and self.meters_at_start is None:
            self.meters_at_start = self._meters()
        self._check_holds(self.now())
        start = self.now()
        super().play(*animations, **kwargs)
        self._check_holds(start)

    def _meters(self):
        return [tuple(np.round([*m.get_center()[:2], m.width], 2)) for m in self.mobjects
                if isinstance(m, components.Meter)]

    def _check_holds(self, changed_since, ending=False):
        """Record each key picture that changed or left before holding :data:`style.KEY_HOLD_S`.

        A change seen now happened at ``changed_since`` at the earliest.
        """
        if not self._holding:  # nothing to check (always so outside the tests' audit)
            return
        still = []
        present = {id(p) for top in self.mobjects for p in top.get_family()}
        for mark, t, mobjects, digest in self._holding:
            intact = (all(id(p) in present for m in mobjects for p in m.family_members_with_points())
                      and _digest(mobjects) == digest)
            if not intact and changed_since - t < style.KEY_HOLD_S - 1e-6:
                self.short_holds.append((mark, round(changed_since - t, 3)))
            elif intact and self.now() - t < style.KEY_HOLD_S - 1e-6:
                if ending:
                    self.short_holds.append((mark, round(self.now() - t, 3)))
                else:
                    still.append((mark, t, mobjects, digest))
        self._holding = still

    def add(self, *mobjects):
        super().add(*mobjects)
        if self.audit:
            for mob in mobjects:
                for part in mob.get_family():
                    if isinstance(part, TEXTS):
                        (self.ticks_shown if getattr(part, "tick", False) else self.texts_shown).add(_name(part))
        return self

    def update_to_time(self, t):
        super().update_to_time(t)
        self._audit_frame(moving=True)

    def _audit_frame(self, moving=False):
        """Record what sits in the caption band, and what lies outside the graphics-safe area.

        While things move, only text must stay inside (a pipette may slide in from
        outside); at the end of a beat, everything must, and no two things may overlap.
        """
        if not self.audit:
            return
        for mob in self.mobjects:
            texts = {id(p) for m in mob.get_family() if isinstance(m, TEXTS) for p in m.get_family()}
            for part in _visible(mob):
                where = (round(self.now(), 3), type(part).__name__)
                if part.get_bottom()[1] < style.CAPTION_BAND_TOP - 1e-6:
                    self.band_intrusions.append((*where, part.get_bottom()[1]))
                outside = (part.get_left()[0] < -style.SAFE_X or part.get_right()[0] > style.SAFE_X
                           or part.get_top()[1] > style.SAFE_Y)
                if outside and (not moving or id(part) in texts):
                    self.unsafe.append((*where, part.get_left()[0], part.get_right()[0], part.get_top()[1]))
        if not moving:
            self.overlaps.extend((round(self.now(), 3), *pair) for pair in overlapping_labels(self.mobjects))

    def _narration_wav(self, narration):
        """The scene's narration at the renders' loudness (−16 LUFS), cached by its timeline and the loudness code."""
        key = hashlib.sha256(f"{self.input.timeline!r} {ffmpeg.CODE_VERSION}".encode()).hexdigest()[:24]
        path = DEFAULT_DIR / "scenes" / f"{self.name}-{key}.wav"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            timeline = narration.timeline
            raw = audio.write_wav(path.with_name(f".{path.stem}.{os.getpid()}.raw.wav"),
                                  mix(timeline, narration.speeches, self.name),
                                  timeline.sample_rate)
            ffmpeg.normalised_wav(raw, path)
            raw.unlink()
        return path


TEXTS = (Text, MarkupText, MathTex, Tex, SingleStringMathTex)


def _visible(mob):
    """The parts of ``mob`` that draw something."""
    return [part for part in mob.family_members_with_points() if isinstance(part, VMobject)
            and (part.get_fill_opacity() > 0.01 or part.get_stroke_opacity() > 0.01)]


def _digest(mobjects):
    """A hash of how ``mobjects`` look: their points and colours."""
    sha = hashlib.sha256()
    for mob in mobjects:
        for part in mob.family_members_with_points():
            for array in (part.points, part.fill_rgbas, part.stroke_rgbas):
                sha.update(np.ascontiguousarray(array, dtype=np.float64).tobytes())
    return sha.hexdigest()


def overlapping_labels(mobjects, background_area=3.0):
    """Pairs ``(label, other)`` where something of another group is drawn over a label's box.

    A label is any text or formula; a group is one of ``mobjects`` (an ion's symbol
    sits on its own disc). Large filled shapes (a cell's cytoplasm) are backgrounds.
    """
    labels, shapes = [], []
    for top in mobjects:
        texts = [m for m in top.get_family() if isinstance(m, TEXTS)
                 and max(m.get_fill_opacity(), m.get_stroke_opacity()) > 0.01]
        inside_text = {id(p) for m in texts for p in m.get_family()}
        labels += [(top, m) for m in texts if not any(m is not n and m in n.get_family() for n in texts)]
        shapes += [(top, p) for p in _visible(top) if id(p) not in inside_text
                   and p.width * p.height < background_area]
    found = []
    for top, text in labels:
        x0, y0 = text.get_corner(DL)[:2] + 0.02
        x1, y1 = text.get_corner(UR)[:2] - 0.02
        for other_top, other in [*shapes, *labels]:
            if other_top is top:
                continue
            if isinstance(other, TEXTS):
                ox0, oy0 = other.get_corner(DL)[:2]
                ox1, oy1 = other.get_corner(UR)[:2]
                hit = ox0 < x1 and x0 < ox1 and oy0 < y1 and y0 < oy1
            else:
                points = other.points[:, :2]
                hit = bool(np.any((points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1)))
                if not hit and other.get_fill_opacity() > 0.05:
                    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                    ox0, oy0 = other.get_corner(DL)[:2]
                    ox1, oy1 = other.get_corner(UR)[:2]
                    hit = ox0 < cx < ox1 and oy0 < cy < oy1
            if hit:
                found.append((_name(text), _name(other)))
    return found


def _name(mob):
    return getattr(mob, "original_text", None) or getattr(mob, "tex_string", None) or type(mob).__name__
