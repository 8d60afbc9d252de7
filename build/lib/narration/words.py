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
