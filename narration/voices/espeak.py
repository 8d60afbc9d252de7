"""The offline espeak-ng voice, in every language espeak-ng speaks, its words timed by its own word events."""

import _ctypes
import bisect
import contextlib
import ctypes
import functools
import hashlib
import os
import re
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from narration.voices.speech import Speech, SpeechError, code_version

#: Changes when this voice's code or the shared code changes, so its cached speech is made again.
CODE_VERSION = code_version(__file__)

#: The shared library, as Debian's libespeak-ng1 installs it.
LIBRARY = "libespeak-ng.so.1"
#: The Debian packages of the library, its program and its data.
PACKAGES = "espeak-ng libespeak-ng1"
#: espeak-ng's own speaking rate (espeakRATE_NORMAL), words a minute: speed 1.0.
RATE_WPM = 175
#: The rates espeak-ng accepts (espeakRATE_MINIMUM, espeakRATE_MAXIMUM), words a minute.
RATE_RANGE_WPM = (80, 450)
#: Speech is loud where its 10 ms level is within this of the sentence's peak (as ``audio.speech_bounds``).
LOUD_DB = -40.0
WINDOW_S = 0.01

# From espeak-ng's speak_lib.h.
_SYNCHRONOUS = 2  # AUDIO_OUTPUT_SYNCHRONOUS: espeak_Synth returns when the callback has had every sample
_DONT_EXIT = 0x8000  # espeakINITIALIZE_DONT_EXIT: report a missing data folder instead of exiting
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_EVENT_LIST_TERMINATED, _EVENT_WORD = 0, 1
# espeakRATE is set per call; the others to espeak-ng's defaults, so nothing said before carries over:
# VOLUME, PITCH, RANGE, PUNCTUATION (none spoken), CAPITALS (not announced), WORDGAP (none added).
_RATE = 1
_DEFAULTS = {2: 100, 3: 50, 4: 50, 5: 0, 6: 0, 7: 0}
# A switch of language in espeak-ng's phoneme mnemonics, as ``espeak-ng -x`` prints it: "(en)l'apt0p(de)".
_SWITCH = re.compile(r"\(([a-z]{2,3}(?:-[\w-]+)?)\)")


@dataclass(frozen=True)
class Espeak:
    """espeak-ng's formant synthesis, offline, in any language it speaks (``espeak-ng --voices``).

    Parameters
    ----------
    lang : str
        An espeak-ng voice or language, e.g. ``"en"``, ``"de"``, ``"es"``, ``"en-us"``.
    speed : float
        Speaking rate; 1.0 is espeak-ng's own 175 words a minute.
    """

    name = "espeak"
    lang: str = "en"
    speed: float = 1.0

    def __post_init__(self):
        low, high = (wpm / RATE_WPM for wpm in RATE_RANGE_WPM)
        if not low <= self.speed <= high:
            raise SpeechError(f"the espeak voice's speed must be from {low:.2f} to {high:.2f}, not {self.speed}")
        _engine().check_language(self.lang)

    def cache_key(self):
        """This voice's settings, code version, espeak-ng's version and digests of its library and its data.

        espeak-ng is no Python package, so its version comes from the library (``espeak_Info``);
        the digests tell apart two builds of one version (a distribution's patches) and data edits.
        """
        engine = _engine()
        return {"engine": self.name, **asdict(self), "code": CODE_VERSION, "package": f"espeak-ng=={engine.version}",
                "library": _digest(engine.library_path), "data": _digest(engine.data_path)}

    def synthesize(self, text):
        """The :class:`Speech` of ``text``, each word starting at espeak-ng's first event inside it."""
        engine = _engine()
        samples, events = engine.speak(text, self.lang, round(RATE_WPM * self.speed))
        starts = word_starts(text, events, speech_end(samples, engine.sample_rate))
        spans = word_spans(starts, samples, engine.sample_rate)
        rate = engine.sample_rate
        return Speech(samples, rate, [(a / rate, b / rate) for a, b in spans]).trimmed()


def language_switches(text, lang):
    """The words of ``text`` that espeak-ng, speaking ``lang``, would say in another language.

    espeak-ng switches language for words its dictionary marks as foreign (German's
    "Laptop" is said in English); its phoneme mnemonics, as ``espeak-ng -q -x`` prints
    them, then show the switch: ``(en)l'apt0p(de)``. Each word is phonemized alone.

    Parameters
    ----------
    text : str
        A sentence, as it will be spoken.
    lang : str
        The espeak-ng voice or language that speaks it.

    Returns
    -------
    list of (str, str)
        Each such word of ``text.split()``, as written, and the language it would be said in, in order.

    Raises
    ------
    SpeechError
        espeak-ng is not installed or cannot speak ``lang``.
    """
    engine = _engine()
    engine.check_language(lang)
    words = text.split()
    return [(word, _SWITCH.findall(said)[0]) for word, said in zip(words, engine.phonemes(words, lang))
            if _SWITCH.search(said)]


def word_starts(text, events, end):
    """The sample at which each word of ``text.split()`` starts, from espeak-ng's word events.

    An event belongs to the word whose characters hold its text position (or, if it
    points at the spaces between two words, to the next). A word with several events
    (espeak-ng says "2,5" as three) starts at its first. A word with none (one event can
    cover a hyphenated number and what follows it, and a lone dash has none) and any word
    whose first event does not come after the previous word's, shares the time between its
    neighbours' starts with them, by the number of characters.

    Parameters
    ----------
    text : str
        The sentence spoken.
    events : list of (int, int)
        Each word event's text position (1-based, in characters, as espeak-ng gives it) and sample.
    end : int
        The sample where speech ends; words after the last event share the time up to it.

    Returns
    -------
    list of float
        One start sample per word, increasing.
    """
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    assert len(spans) == len(text.split()), "words are what str.split() makes of the text"
    if not spans:
        return []
    lefts = [a for a, _ in spans]
    first = {}
    for position, sample in events:
        index = max(0, bisect.bisect_right(lefts, position - 1) - 1)
        if position - 1 >= spans[index][1] and index + 1 < len(spans):
            index += 1  # between two words: the event starts the next one
        first[index] = min(sample, first.get(index, sample))
    known, last = [], -1
    for index in sorted(first):
        if first[index] > last:
            known.append((index, first[index]))
            last = first[index]
    # Interpolate each run of words between two known starts (or the ends) by their lengths.
    anchors = [(0, 0)] if not known or known[0][0] > 0 else []
    anchors += known + [(len(spans), max(end, last + 1))]
    starts = [0.0] * len(spans)
    for (i, a), (j, b) in zip(anchors, anchors[1:]):
        weights = np.cumsum([0] + [spans[k][1] - spans[k][0] for k in range(i, j)])
        for k in range(i, j):
            starts[k] = a + (b - a) * weights[k - i] / weights[-1]
    return starts


def word_spans(starts, samples, sample_rate):
    """Each word from its start to the next word's, less the silence before the next word; the last to speech's end.

    Parameters
    ----------
    starts : list of float
        Each word's start sample, increasing (:func:`word_starts`).
    samples : numpy.ndarray
        The sentence's samples.
    sample_rate : int
        Their rate.

    Returns
    -------
    list of (float, float)
        Start and end sample of each word; a pause (a comma's) lies between two words, not inside one.
    """
    window = max(1, int(WINDOW_S * sample_rate))
    loud = _loud_windows(samples, window)
    bounds = [*starts[1:], speech_end(samples, sample_rate)]
    spans = []
    for start, limit in zip(starts, bounds):
        # The windows wholly before the next word: a window it starts in is loud with it.
        first, last = int(start) // window, int(limit) // window
        heard = np.flatnonzero(loud[first:last])
        end = limit if not heard.size or first + heard[-1] + 1 == last else (first + heard[-1] + 1) * window
        spans.append((start, max(end, start + 1)))
    return spans


def speech_end(samples, sample_rate):
    """The sample after the last loud 10 ms of ``samples``."""
    window = max(1, int(WINDOW_S * sample_rate))
    heard = np.flatnonzero(_loud_windows(samples, window))
    return min(len(samples), (heard[-1] + 1) * window) if heard.size else len(samples)


def _loud_windows(samples, window):
    """Whether each ``window`` of samples is within :data:`LOUD_DB` of the peak."""
    frames = -(-len(samples) // window)
    padded = np.zeros(frames * window, dtype=np.float64)
    padded[:len(samples)] = samples
    rms = np.sqrt(np.mean(padded.reshape(frames, window) ** 2, axis=1))
    return rms > 10 ** (LOUD_DB / 20) * max(float(np.max(np.abs(samples), initial=0.0)), 1e-9)


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    """espeak_EVENT."""

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _EventId)]


class _Voice(ctypes.Structure):
    """espeak_VOICE."""

    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_void_p), ("identifier", ctypes.c_char_p),
                ("gender", ctypes.c_ubyte), ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte),
                ("xx1", ctypes.c_ubyte), ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


#: The library is one global state, loaded once at a time: one thread uses it at a time.
_LOCK = threading.Lock()

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


class _Engine:
    """What espeak-ng is (version, data, voices), learnt once per process, and a fresh library per sentence.

    espeak-ng keeps state from one sentence to the next that no call resets: its pitch
    flutter reads a table at an index that only ever advances (``Flutter_ix``, a static
    in wavegen.c), so the same text said twice differs by some samples and a word's start
    by a few. Each sentence is therefore spoken by the library freshly loaded (under
    2 ms) and unloaded after, and the same text gives the same samples every time.
    """

    def __init__(self):
        with self._session() as (lib, sample_rate):
            data = ctypes.c_char_p()
            self.version = lib.espeak_Info(ctypes.byref(data)).decode()
            self.data_path = Path(data.value.decode())
            self.library_path = _mapped(LIBRARY)
            self.sample_rate = sample_rate
            self.languages, self.names = _voices(lib)

    def check_language(self, lang):
        """Raise :class:`SpeechError` unless espeak-ng has a voice named ``lang`` or one for that language."""
        if lang.lower() not in self.languages and lang.lower() not in self.names:
            raise SpeechError(f"espeak-ng cannot speak {lang!r}: 'espeak-ng --voices' lists the languages it "
                              "speaks (the first column, e.g. de, es, en-us)")

    def speak(self, text, lang, rate_wpm):
        """``text`` spoken: its samples (float32) and each word event's (text position, sample)."""
        data = text.encode("utf-8")
        samples, events, delivered = [], [], [0]

        def collect(wav, count, listed):
            # An event's ``sample`` is where in the whole speech it falls, inside the buffer it comes with.
            before, i = delivered[0], 0
            while listed[i].type != _EVENT_LIST_TERMINATED:
                if listed[i].type == _EVENT_WORD:
                    events.append((listed[i].text_position, min(max(listed[i].sample, before), before + count)))
                i += 1
            if wav and count > 0:
                samples.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
                delivered[0] += count
            return 0

        callback = _CALLBACK(collect)
        with self._session() as (lib, _):
            lib.espeak_SetSynthCallback(callback)
            _select(lib, lang)
            lib.espeak_SetParameter(_RATE, rate_wpm, 0)
            error = lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        if error:
            raise SpeechError(f"espeak-ng failed (error {error}) to speak: {text}")
        pcm = np.concatenate(samples) if samples else np.zeros(0, np.int16)
        return pcm.astype(np.float32) / 32767.0, events

    def phonemes(self, texts, lang):
        """espeak-ng's phoneme mnemonics for each of ``texts`` in ``lang``, as ``espeak-ng -q -x`` prints them."""
        said = []
        with self._session() as (lib, _):
            _select(lib, lang)
            for text in texts:
                buffer = ctypes.create_string_buffer(text.encode("utf-8"))
                pointer = ctypes.c_void_p(ctypes.addressof(buffer))
                clauses = []
                while pointer.value:
                    clauses.append(lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, 0).decode())
                said.append(" ".join(clauses))
        return said

    @contextlib.contextmanager
    def _session(self):
        """The library loaded and initialised for this process alone, then unloaded: ``(library, sample rate)``."""
        with _LOCK:
            try:
                ctypes.CDLL(LIBRARY, mode=os.RTLD_NOLOAD)
            except OSError:
                pass  # not loaded: what is wanted
            else:
                raise AssertionError(f"{LIBRARY} is loaded elsewhere in this process, so its state would carry over")
            try:
                lib = ctypes.CDLL(LIBRARY)
            except OSError:
                raise SpeechError(f"the espeak voice needs libespeak-ng, which is not installed: install the Debian "
                                  f"packages {PACKAGES} (apt-get install --no-install-recommends {PACKAGES})") from None
            try:
                _declare(lib)
                sample_rate = lib.espeak_Initialize(_SYNCHRONOUS, 0, None, _DONT_EXIT)
                if sample_rate <= 0:
                    raise SpeechError(f"espeak-ng cannot find its data: install the Debian packages {PACKAGES} "
                                      "and espeak-ng-data")
                try:
                    yield lib, sample_rate
                finally:
                    lib.espeak_Terminate()  # frees what it allocated, which unloading would not
            finally:
                _ctypes.dlclose(lib._handle)  # ctypes never unloads a library itself


def _declare(lib):
    """The signatures of the calls used, from speak_lib.h."""
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
    lib.espeak_Info.restype = ctypes.c_char_p
    lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
    lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByProperties.argtypes = [ctypes.POINTER(_Voice)]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
    lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                 ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p


def _select(lib, lang):
    """Make ``lang`` the voice, as ``espeak-ng -v`` does: by voice name, else by language; parameters at default."""
    if lib.espeak_SetVoiceByName(lang.encode()) != 0:
        language = ctypes.create_string_buffer(lang.encode())
        if lib.espeak_SetVoiceByProperties(ctypes.byref(_Voice(languages=ctypes.addressof(language)))) != 0:
            raise SpeechError(f"espeak-ng could not load its voice for {lang!r}")
    for parameter, value in _DEFAULTS.items():
        lib.espeak_SetParameter(parameter, value, 0)


def _voices(lib):
    """Every language espeak-ng lists a voice for, and every voice's name and identifier, in lower case.

    MBROLA's voices (``mb/mb-de1``) are left out: they need the MBROLA program and its voices, which
    the Debian packages above do not bring.
    """
    languages, names = set(), set()
    listed = lib.espeak_ListVoices(None)
    i = 0
    while listed[i]:
        voice = listed[i].contents
        i += 1
        identifier = voice.identifier.decode().lower()
        if identifier.startswith("mb/"):
            continue
        names |= {voice.name.decode().lower(), identifier}
        # ``languages``: a priority byte, a language, its NUL, ... and a 0 priority to end.
        at = voice.languages
        while ctypes.string_at(at, 1) != b"\0":
            language = ctypes.string_at(at + 1)
            languages.add(language.decode().lower())
            at += len(language) + 2
    return languages, names


def _mapped(library):
    """The file this process has mapped for ``library`` (its real path, the link followed), or None."""
    stem = library.split(".so")[0]
    with open("/proc/self/maps", encoding="utf-8") as maps:
        for line in maps:
            path = line.split(maxsplit=5)[-1].strip()
            if Path(path).name.startswith(f"{stem}.so"):
                return Path(path)
    return None


@functools.cache
def _digest(path):
    """16 hex digits of a file's bytes, or of every file in a folder with its relative name (once per process)."""
    digest = hashlib.sha256()
    if path is not None:
        path = Path(path)
        for file in sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]:
            digest.update(str(file.relative_to(path)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def _engine():
    """espeak-ng as this process finds it (kept out of the voice value, which stays small and picklable)."""
    return _Engine()
