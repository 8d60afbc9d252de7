"""The explainer's language as one value: its script and words, how it writes and says numbers,
how its captions break, and the page's language tag.

A language is a folder of ``narration/locales`` named by its code (``en``), holding ``script.toml``
(the sentences) and ``words.toml`` (everything else the viewer reads or hears, and its ``[language]``
table). Adding one is those two files.
"""

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from num2words import num2words

from common.errors import ExplainerError

LOCALES_DIR = Path(__file__).with_name("locales")


class LocaleError(ExplainerError, LookupError):
    """No such language, or its files cannot be read; the message lists the languages there are."""


@dataclass(frozen=True)
class CaptionRules:
    """How a language's captions break: the longest line, and the words a first line must not end in."""

    line_chars: int
    weak_endings: frozenset

    def is_weak_ending(self, word):
        """True if a line ending in ``word`` would end in a function word (punctuation after it ends a phrase)."""
        return word.lower() in self.weak_endings


@dataclass(frozen=True)
class Locale:
    """A language of the explainer.

    Attributes
    ----------
    code : str
        Its BCP 47 tag and folder name, e.g. ``"en"``: the page's ``lang`` and the tracks' ``srclang``.
    folder : pathlib.Path
        Where its ``script.toml`` and ``words.toml`` are.
    """

    code: str
    folder: Path

    @property
    def script(self):
        """The narration script's path."""
        return self.folder / "script.toml"

    @property
    def words(self):
        """The tables of ``words.toml``, read once per process."""
        return _read(self.folder / "words.toml")

    @property
    def name(self):
        """The language's own name for itself, e.g. "English"."""
        return self.words["language"]["name"]

    @property
    def captions(self):
        table = self.words["language"]["captions"]
        return CaptionRules(table["line_chars"], frozenset(table["weak_endings"].split()))

    @property
    def units(self):
        """Unit key to (written, spoken singular, spoken plural, signed, significant figures or None)."""
        return {key: (w, one, many, signed, figures or None) for key, (w, one, many, signed, figures)
                in self.words["units"].items()}

    @property
    def titles(self):
        """Chapter title of each scene."""
        return self.words["titles"]

    def voice_credit(self, voice, where):
        """How the credits name a voice, from ``words.toml [voices]``.

        Parameters
        ----------
        voice : dict or None
            The voice's cache key, as a timeline or manifest records it (its ``engine`` names it);
            None for a silent render's page, which no voice speaks.
        where : str
            ``"card"`` (the end card) or ``"page"``.
        """
        return self.words["voices"]["silent" if voice is None else voice["engine"]][where]

    def written_number(self, number):
        """``number`` (not negative) in digits with the language's separators: "63,000", "2.5"."""
        language = self.words["language"]
        separators = {",": language["thousands_separator"], ".": language["decimal_separator"]}
        return "".join(separators.get(c, c) for c in f"{number:,}")

    def said_number(self, number):
        """``number`` (not negative) in words, by num2words in the language."""
        language = self.words["language"]
        said = num2words(number, lang=language["number_words"])
        for dropped in language.get("number_words_drop", []):
            said = said.replace(dropped, " ")
        return " ".join(said.split())


@functools.cache
def _read(path):
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise LocaleError(f"cannot read {path}: {error}") from None


def languages():
    """The codes of the languages there are, sorted."""
    return sorted(p.name for p in LOCALES_DIR.iterdir() if (p / "words.toml").is_file())


def load_locale(code):
    """The language ``code``.

    Raises
    ------
    LocaleError
        No folder of ``narration/locales`` holds it; the message lists the languages there are.
    """
    if code not in languages():
        raise LocaleError(f"no language {code!r}: there are {', '.join(languages())} "
                          "(add one as a folder of narration/locales)")
    return Locale(code, LOCALES_DIR / code)


ENGLISH = load_locale("en")
