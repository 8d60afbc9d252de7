"""A job: every value that decides one render's outputs, made once by the command line."""

from dataclasses import dataclass, field
from pathlib import Path

from common.errors import ExplainerError
from common.format import LANDSCAPE, Format
from common.plan import SCENES_IN_ORDER
from narration.locale import ENGLISH, Locale
from narration.voices import make_voice


class JobError(ExplainerError, ValueError):
    """A job's values do not fit together; the message says which and what to do."""


@dataclass(frozen=True)
class Job:
    """One render: what to make and where, as values (no command-line text), so a worker can run it as given.

    Attributes
    ----------
    cell : physics.Cell
        The cell explained.
    out : Path
        The output folder.
    voice : narration.voices.Voice
        The voice that speaks the narration, with its language and settings.
    locale : narration.locale.Locale
        The language of the narration, captions, labels and page: the voice's.
    quality : str
        A key of :data:`common.format.QUALITIES`.
    fmt : common.format.Format
        The video's shape.
    script : Path or None
        The narration script; None for the locale's own.
    scenes : tuple of str
        The scenes whose clips to render, in order; all of them for the whole explainer and its page.
    silent : bool
        Same timing, no narration, no captions.
    music : assembly.music.Music or None
        The bed under the narration, read and measured once.
    one_file : bool
        Also the page as one self-contained file.
    lecture : bool
        Also the lecture's slides, handout (A4 and Letter) and SCORM package of the page.
    force : bool
        Ignore the caches.
    """

    cell: object
    out: Path
    voice: object = field(default_factory=make_voice)
    quality: str = "h"
    locale: Locale = ENGLISH
    fmt: Format = LANDSCAPE
    script: Path = None
    scenes: tuple = SCENES_IN_ORDER
    silent: bool = False
    music: object = None
    one_file: bool = False
    lecture: bool = False
    force: bool = False

    def __post_init__(self):
        if self.voice.lang != self.locale.code:
            raise JobError(f"the {self.voice.name} voice speaks {self.voice.lang!r} and the script is in "
                           f"{self.locale.code!r}: give both the same language")
        unknown = [n for n in self.scenes if n not in SCENES_IN_ORDER]
        if unknown:
            raise JobError(f"unknown scene {', '.join(repr(n) for n in unknown)}: choose from "
                           f"{', '.join(SCENES_IN_ORDER)}")
        if len(set(self.scenes)) != len(self.scenes):
            raise JobError(f"--scenes names a scene twice ({','.join(self.scenes)}): name each once")
        if self.lecture and not self.whole:
            raise JobError("--lecture makes slides, a handout and a course package of the whole explainer: "
                           "leave out --scenes")

    @property
    def whole(self):
        """True for the whole explainer (every scene, the joined videos and the page)."""
        return self.scenes == SCENES_IN_ORDER

    @property
    def manifest_name(self):
        """Where the render's manifest is published in its folder: at the top for the whole explainer, in
        ``scenes/`` for some scenes."""
        return "manifest.json" if self.whole else "scenes/manifest.json"

    @property
    def fps(self):
        return self.fmt.pixels(self.quality)[2]
