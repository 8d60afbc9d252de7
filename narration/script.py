"""The script: templates from script.toml filled with the physics' values, claims checked."""

import ast
import operator
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from narration.values import story_values
from scenes import SCENES_IN_ORDER

SCRIPT_PATH = Path(__file__).with_name("script.toml")

_TOKEN = re.compile(r"\{#(?P<mark>\w+)\}|\{(?P<value>\w+)(?::(?P<bare>bare))?\}|\[(?P<written>[^|\]]+)\|(?P<spoken>[^\]]+)\]")
_COMPARE = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}


class NarrationError(ValueError):
    """The script or the values it is filled with cannot make a true narration."""


@dataclass(frozen=True)
class Unit:
    """Words that are timed together: one word, or a value's words ("−72 mV")."""

    written: tuple
    spoken: tuple


@dataclass(frozen=True)
class Sentence:
    """One beat of the narration, filled in.

    Attributes
    ----------
    scene : str
        Scene the sentence belongs to.
    units : tuple of Unit
        The sentence's words; spoken and written forms side by side.
    bookmarks : dict
        Bookmark name to the index (in spoken words) of the word it marks.
    """

    scene: str
    units: tuple
    bookmarks: dict

    @property
    def spoken(self):
        return " ".join(word for unit in self.units for word in unit.spoken)

    @property
    def written(self):
        return " ".join(word for unit in self.units for word in unit.written)

    @property
    def word_count(self):
        return sum(len(unit.spoken) for unit in self.units)


@dataclass(frozen=True)
class Script:
    """The whole narration: sentences per scene and the pauses between them."""

    scenes: dict
    timing: dict
    story: object

    @property
    def word_count(self):
        return sum(s.word_count for sentences in self.scenes.values() for s in sentences)


def load_script(cell, path=SCRIPT_PATH):
    """Read the script at ``path`` and fill it in for ``cell``; check every claim.

    Raises
    ------
    NarrationError
        If the file is malformed, names an unknown value, or a sentence's
        condition is false for this cell.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise NarrationError(f"cannot read the script {path}: {error}") from None
    _expect_keys("script", data, {"timing", "cells", "scene"})
    timing = data["timing"]
    _expect_keys("[timing]", timing, {"lead_in_s", "between_beats_s", "between_scenes_s", "tail_s"})
    names = [scene.get("name") for scene in data["scene"]]
    if names != list(SCENES_IN_ORDER):
        raise NarrationError(f"the script's scenes are {names}; they must be {list(SCENES_IN_ORDER)} in that order")
    story = story_values(cell, data["cells"])
    phrases, numbers = story.phrases, story.numbers
    scenes = {}
    for scene in data["scene"]:
        _expect_keys(f"scene {scene['name']}", scene, {"name", "beat"})
        sentences = []
        for beat in scene["beat"]:
            _expect_keys(f"a beat of {scene['name']}", beat, {"text", "requires"}, optional={"requires"})
            sentence = fill(beat["text"], phrases, scene["name"])
            for condition in beat.get("requires", []):
                _check_claim(condition, numbers, phrases, f"{scene['name']}: \"{sentence.written}\"")
            sentences.append(sentence)
        scenes[scene["name"]] = sentences
    return Script(scenes=scenes, timing={k: float(v) for k, v in timing.items()}, story=story)


def fill(template, phrases, scene=""):
    """Fill one template; returns its :class:`Sentence`."""
    units, bookmarks = [], {}
    glue = False  # the next text touches the previous word (no space between)
    position = 0
    for match in [*_TOKEN.finditer(template), None]:
        literal = template[position:match.start() if match else len(template)]
        for i, word in enumerate(literal.split(" ")):
            if i > 0:
                glue = False
            if word:
                _append(units, Unit((word,), (word,)), glue)
                glue = True
        if match is None:
            break
        position = match.end()
        if match["mark"]:
            bookmarks[match["mark"]] = sum(len(u.spoken) for u in units)
            continue
        if match["value"]:
            if match["value"] not in phrases:
                raise NarrationError(f"{scene}: unknown value {{{match['value']}}}; known: {', '.join(sorted(phrases))}")
            phrase = phrases[match["value"]]
            written, spoken = ((phrase.bare_written, phrase.bare_spoken) if match["bare"]
                               else (phrase.written, phrase.spoken))
        else:
            written, spoken = match["written"], match["spoken"]
        _append(units, Unit(tuple(written.split()), tuple(spoken.split())), glue)
        glue = True
    return Sentence(scene=scene, units=tuple(units), bookmarks=bookmarks)


def _append(units, unit, glue):
    """Add ``unit``; when glued, its first word joins the previous unit's last word."""
    if not (glue and units):
        units.append(unit)
        return
    last = units.pop()
    units.append(Unit(
        last.written[:-1] + (last.written[-1] + unit.written[0],) + unit.written[1:],
        last.spoken[:-1] + (last.spoken[-1] + unit.spoken[0],) + unit.spoken[1:],
    ))


def _check_claim(condition, numbers, phrases, where):
    try:
        holds = _evaluate(ast.parse(condition, mode="eval").body, numbers)
    except (SyntaxError, KeyError, TypeError) as error:
        raise NarrationError(f"{where}: cannot evaluate the condition '{condition}' ({error})") from None
    if not holds:
        used = sorted(set(re.findall(r"[A-Za-z_]\w*", condition)))
        values = ", ".join(f"{name} = {phrases[name].written}" for name in used)
        raise NarrationError(f"the claim {where} needs {condition}, but {values} for these parameters")


def _evaluate(node, numbers):
    if isinstance(node, ast.Compare):
        values = [_evaluate(node.left, numbers), *(_evaluate(c, numbers) for c in node.comparators)]
        return all(_COMPARE[type(op)](a, b) for op, a, b in zip(node.ops, values, values[1:]))
    if isinstance(node, ast.Name):
        return numbers[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand, numbers)
    raise TypeError(f"only comparisons of values and numbers are allowed, not {ast.dump(node)}")


def _expect_keys(where, table, allowed, optional=()):
    if not isinstance(table, dict):
        raise NarrationError(f"{where} must be a table")
    unknown = set(table) - allowed
    missing = allowed - set(optional) - set(table)
    if unknown or missing:
        raise NarrationError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
