"""ExplainerScene: a Manim scene timed to its part of the narration."""

import hashlib
import os

import numpy as np
from manim import Scene, config
from manim.utils.iterables import list_update

import physics
from common import ffmpeg
from common.format import LANDSCAPE
from narration import audio
from narration.cache import DEFAULT_DIR
from narration.narrate import narrate
from narration.timeline import mix
from narration.voices import make_voice
from scenes import components, style
from scenes.layout import arrange
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
    fmt = LANDSCAPE

    def setup(self):
        self.camera.background_color = style.BACKGROUND
        self.layout = style.layout(self.fmt)
        # Manim's frame must be the format's, or the picture is stretched (scenes.clip sets both sizes).
        assert abs(config.frame_width / config.frame_height - self.layout.frame_width / self.layout.frame_height) < 1e-6, \
            f"Manim's frame is {config.frame_width:.2f} × {config.frame_height:.2f}, not the {self.fmt.name} format's"
        self.input = self.scene_input
        if self.input is None:
            cell = self.cell if self.cell is not None else physics.preset("neuron")
            narration = narrate(cell, voice=self.voice)
            self.input = scene_inputs(narration)[self.name]
            self.add_sound(str(self._narration_wav(narration)))
        self.timeline = self.input.timeline
        self.numbers = self.input.numbers
        self.marks = self.timeline.bookmarks
        self.stills, self.keys = [], {}
        self.design_scale = 1.0  # how much smaller than designed this format draws the scene (self.arrange)

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
        # Drawn whole, from the background: the renderer's picture of the last play's unmoving parts would have
        # them drawn twice, their edges darker.
        camera = self.renderer.camera
        camera.reset()
        camera.capture_mobjects(list_update(self.mobjects, self.foreground_mobjects))
        self.stills.append(camera.pixel_array.copy())

    def tear_down(self):
        # The scene lasts exactly as long as its narration.
        self.wait_until(self.timeline.duration_s)

    def corner_meter(self, mv):
        """The voltmeter every scene shows in the same place, reading ``mv``: it carries across the cuts."""
        meter = components.Meter(radius=style.CORNER_METER_RADIUS).move_to(self.layout.meter_at)
        meter.mv.set_value(mv)
        self.add_foreground_mobject(meter)
        return meter

    def arrange(self, picture, panel):
        """Where this format puts the scene's picture and its panel, each a box (x0, x1, y0, y1) in the landscape
        design frame: a :class:`scenes.layout.Place` for each (see :func:`scenes.layout.arrange`)."""
        places = arrange(self.layout, picture, panel)
        self.design_scale = places[0].scale
        return places

    # --- values -----------------------------------------------------------------
    def value(self, name, size=style.LABEL_SIZE, color=style.INK):
        """The written form of a story value (e.g. ``"−72 mV"``) as text."""
        return components.label(self.input.written[name], size=size, color=color)

    def trace(self, name):
        """A trace's ``(t_s, v_mv)`` as arrays."""
        t_s, v_mv = self.input.traces[name]
        return np.asarray(t_s), np.asarray(v_mv)

    def key(self, mark, *mobjects):
        """Say that the picture named at bookmark ``mark`` is complete now, drawn by ``mobjects``.

        A scene may time what follows from it (``self.keys``); the tests' audit
        (:mod:`scenes.audit`) checks it is no later than the words that name it and then holds.
        """
        self.keys[mark] = self.now()

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
