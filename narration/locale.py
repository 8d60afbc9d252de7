"""The explainer's language as one value: its script and words, how it writes and says numbers,
how its captions break, and the page's language tag.

A language is a folder of ``narration/locales`` named by its code (``en``), holding ``script.toml``
(the sentences) and ``words.toml`` (everything else the viewer reads or hears, and its ``[language]``
table). Adding one is those two files.
"""

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from num2words import num2words

from common.errors import ExplainerError
from narration.timeline import MAX_SCENE_WPM

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

    # Read on every number and caption: made once per value (a frozen dataclass keeps cached_property's
    # result in its __dict__; equality and hashing see only the fields).
    @functools.cached_property
    def captions(self):
        table = self.words["language"]["captions"]
        return CaptionRules(table["line_chars"], frozenset(table["weak_endings"].split()))

    @functools.cached_property
    def units(self):
        """Unit key to (written, spoken singular, spoken plural, signed, significant figures or None)."""
        return {key: (w, one, many, signed, figures or None) for key, (w, one, many, signed, figures)
                in self.words["units"].items()}

    @property
    def words_per_english_word(self):
        """How many words the language says for one English word of the same script (``[language]``, the
        median over the sweep's cells; English 1): the pace standard, set in English words, is scaled by it."""
        return self.words["language"].get("words_per_english_word", 1.0)

    @property
    def max_scene_wpm(self):
        """The fastest a scene may be said, this language's words a minute over its spoken span."""
        return MAX_SCENE_WPM * self.words_per_english_word

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
        """``number`` (not negative) in digits with the language's separators: "63,000", "2.5"; "63 000", "2,5".

        Digits are grouped in threes from ``group_from_digits`` whole digits on (default 4): the RAE and
        DIN 5008 leave four-digit numbers ungrouped ("1500").
        """
        language = self.words["language"]
        whole = len(str(int(number)))
        grouped = f"{number:,}" if whole >= language.get("group_from_digits", 4) else f"{number}"
        separators = {",": language["thousands_separator"], ".": language["decimal_separator"]}
        return "".join(separators.get(c, c) for c in grouped)

    def decimal(self, text):
        """``text``, a number Python wrote ("2.5", "1e-05"), with the language's decimal separator."""
        return text.replace(".", self.words["language"]["decimal_separator"])

    def said_number(self, number):
        """``number`` (not negative) in words, by num2words in the language.

        ``[language]`` may say the decimals as a number after ``decimal_word`` ("cero coma noventa y
        seis", ``decimals_as_number``) and drop words (``number_words_drop``).
        """
        language = self.words["language"]
        code = language["number_words"]
        whole, _, decimals = f"{number}".partition(".")
        if decimals and language.get("decimals_as_number"):
            leading = len(decimals) - len(decimals.lstrip("0"))
            said = " ".join([num2words(int(whole), lang=code), language["decimal_word"],
                             *[num2words(0, lang=code)] * leading, num2words(int(decimals), lang=code)])
        else:
            said = num2words(number, lang=code)
        for dropped in language.get("number_words_drop", []):
            said = said.replace(dropped, " ")
        return " ".join(said.split())

    def said_before_unit(self, said):
        """Number words ``said`` as the language says them before a unit's name: ``[language]``
        ``number_words_before_unit`` rewrites them (regular expression, replacement), e.g. "uno" to "un"
        ("un milivoltio") and German "eins" to "ein"; a bare count keeps "uno", "eins" ("tres a uno")."""
        for pattern, replacement in self.words["language"].get("number_words_before_unit", []):
            said = re.sub(pattern, replacement, said)
        return said


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
