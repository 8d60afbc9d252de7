"""The words outside the script's sentences (units, names, titles, the page), read from words.toml."""

import functools
import tomllib
from pathlib import Path

WORDS_PATH = Path(__file__).with_name("words.toml")


@functools.cache
def words(path=WORDS_PATH):
    """The tables of ``words.toml`` as a dict; read once per process."""
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def units():
    """Unit key to (written, spoken singular, spoken plural, signed, significant figures or None)."""
    return {key: (w, one, many, signed, figures or None) for key, (w, one, many, signed, figures)
            in words()["units"].items()}


def titles():
    """Chapter title of each scene."""
    return words()["titles"]


def page_text():
    """The offline page's text."""
    return words()["page"]


def voice_credit(voice, where):
    """How the credits name a voice: ``where`` is ``"card"`` (the end card) or ``"page"``.

    Parameters
    ----------
    voice : dict or None
        The voice's cache key, as a timeline or manifest records it (its ``engine`` names it);
        None for a silent render's page, which no voice speaks.
    where : str
        ``"card"`` or ``"page"``.

    Returns
    -------
    str
        The voice's credit from ``words.toml [voices]``.
    """
    return words()["voices"]["silent" if voice is None else voice["engine"]][where]
