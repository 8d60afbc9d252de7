"""The options that choose the narration's language and voice, shared by ``python -m narration`` and
``render.py``."""

from narration.locale import languages, load_locale
from narration.voices import VOICES, make_voice


def add_speech_arguments(parser):
    """Add ``--lang``, ``--voice``, ``--script`` and ``--list-languages`` to an argparse parser."""
    parser.add_argument("--lang", default="en", metavar="CODE",
                        help=f"the language of the narration, captions, labels and page: {', '.join(languages())} "
                             "(default: en)")
    parser.add_argument("--voice", choices=tuple(VOICES), default="piper",
                        help="piper: the offline English voice (default); gtts: Google's voice, needs the network; "
                             "espeak: espeak-ng, offline, every language it speaks")
    parser.add_argument("--script", metavar="FILE",
                        help="the narration script (default: the language's, narration/locales/CODE/script.toml)")
    parser.add_argument("--list-languages", action="store_true", help="print the languages there are")


def speech_from_args(args, **settings):
    """The :class:`~narration.locale.Locale` and the voice ``args`` ask for, the voice speaking the locale's
    language with ``settings``; an unknown language is told before the voice is made."""
    locale = load_locale(args.lang)
    return locale, make_voice(args.voice, locale.code, **settings)


def language_list():
    """One line per language: its code and its own name."""
    return "\n".join(f"{code}  {load_locale(code).name}" for code in languages())
