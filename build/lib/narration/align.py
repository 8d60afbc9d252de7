"""Word timings: from Piper's phoneme alignments, or by syllable weight inside a sentence."""

import re
import unicodedata
from difflib import SequenceMatcher

_STRESS = {"ˈ", "ˌ"}


def is_sound(phoneme):
    """True for phonemes that are sounds (IPA letters), not stress, spaces or punctuation."""
    return phoneme not in _STRESS and all(unicodedata.category(ch).startswith("L") for ch in phoneme)


def words_from_phonemes(timed_phonemes, word_phonemes):
    """Times of each word from a sentence's timed phonemes.

    espeak phonemizes a sentence with context (it merges "of the" into one
    phoneme word, reduces "a"), so the sentence's phonemes are matched against
    each word's own phonemes, and every word takes the times of the sentence
    phonemes it matched.

    Parameters
    ----------
    timed_phonemes : list of (str, int, int)
        The sentence's phonemes with start and end sample, in order, as Piper
        aligned them.
    word_phonemes : list of list of str
        Each word's phonemes when phonemized alone.

    Returns
    -------
    list of (int, int)
        Start and end sample of each word.
    """
    sounds = [i for i, (p, _, _) in enumerate(timed_phonemes) if is_sound(p)]
    reference, owner = [], []
    for w, phonemes in enumerate(word_phonemes):
        kept = [p for p in phonemes if is_sound(p)] or ["?"]
        reference += kept
        owner += [w] * len(kept)
    matcher = SequenceMatcher(None, [timed_phonemes[i][0] for i in sounds], reference, autojunk=False)
    anchors = [(b + k, a + k) for a, b, size in matcher.get_matching_blocks() for k in range(size)]
    position = _interpolate(anchors, len(reference), len(sounds))
    times, previous_end = [], timed_phonemes[0][1]
    for w in range(len(word_phonemes)):
        refs = [r for r, o in enumerate(owner) if o == w]
        first, last = sounds[position[refs[0]]], sounds[position[refs[-1]]]
        while first > 0 and timed_phonemes[first - 1][0] in _STRESS:
            first -= 1  # a stress mark before the word's first sound is part of the word
        start = max(timed_phonemes[first][1], previous_end)
        end = max(timed_phonemes[last][2], start + 1)
        times.append((start, end))
        previous_end = end
    return times


def _interpolate(anchors, n_reference, n_sounds):
    """Map every reference index to a sound index, linearly between matched anchors."""
    points = [(-1, -1), *anchors, (n_reference, n_sounds)]
    position = [0] * n_reference
    for (r0, s0), (r1, s1) in zip(points, points[1:]):
        for r in range(max(r0, 0), min(r1, n_reference)):
            estimate = s0 + (s1 - s0) * (r - r0) / (r1 - r0) if r != r0 else s0
            position[r] = min(max(int(round(estimate)), 0), n_sounds - 1)
    return position


def syllables(word):
    """Rough syllable count of an English word: its groups of vowel letters, at least one."""
    return max(1, len(re.findall(r"[aeiouy]+", word.lower())))


def words_by_syllables(words, start, end):
    """Spread ``words`` over [start, end] in proportion to their syllables; return their spans."""
    weights = [syllables(w) for w in words]
    total = sum(weights)
    spans, t = [], start
    for weight in weights:
        step = (end - start) * weight / total
        spans.append((t, t + step))
        t += step
    return spans
