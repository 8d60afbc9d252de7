"""The script: templates from script.toml filled with the physics' values, claims checked."""

import ast
import math
import operator
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import physics
from narration.captions import MAX_LINE_CHARS
from narration.values import VALUE_NAMES, story_values
from narration.words import words
from physics import ExplainerError
from physics.params import KEYS
from scenes import BEATS, OPTIONAL_BEATS, SCENES_IN_ORDER

SCRIPT_PATH = Path(__file__).with_name("script.toml")

_TOKEN = re.compile(r"\{#(?P<mark>\w+)\}|\{(?P<value>\w+)(?::(?P<bare>bare))?\}|\[(?P<written>[^|\]]+)\|(?P<spoken>[^\]]+)\]")
_MARK = re.compile(r"\{#(\w+)\}")
_REFERENCE = re.compile(r"\{(\w+)\}")
_OPERATORS = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
              ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Add: operator.add, ast.Sub: operator.sub,
              ast.Mult: operator.mul, ast.Div: operator.truediv}
#: Longest pause the script may ask for, s.
MAX_PAUSE_S = 5.0


class NarrationError(ExplainerError, ValueError):
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
    name : str
        The beat's name.
    """

    scene: str
    units: tuple
    bookmarks: dict
    name: str = ""

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
        If the file is malformed or breaks the scenes' contract (checked before
        any physics), or a sentence's claim is false for this cell.
    physics.ExplainerError
        The cell is outside what the model describes.
    """
    data = read_script(path)
    story = story_values(cell)
    choices = {name: _choose(name, options, story) for name, options in data.get("choice", {}).items()}
    if story.changes:
        choices["changes"] = _tell_changes(data.get("changes", {}), story.changes)
    scenes = {}
    for scene in data["scene"]:
        sentences = []
        for beat in scene["beat"]:
            where = f"{scene['name']}, beat '{beat['name']}'"
            if not all(_holds(c, story.numbers, where) for c in beat.get("when", [])):
                continue
            template = _REFERENCE.sub(lambda m: choices.get(m[1], m[0]), beat["text"])
            sentence = fill(template, story.phrases, scene["name"], beat["name"])
            for condition in beat.get("requires", []):
                if not _holds(condition, story.numbers, where):
                    used = sorted(set(re.findall(r"[A-Za-z_]\w*", condition)))
                    values = ", ".join(f"{name} = {_shown(story, name)}" for name in used)
                    raise NarrationError(f"the claim {scene['name']}: \"{sentence.written}\" needs {condition}, "
                                         f"but {values} for these parameters")
            _check_layout(sentence, where)
            sentences.append(sentence)
        scenes[scene["name"]] = sentences
    return Script(scenes=scenes, timing={k: float(v) for k, v in data["timing"].items()}, story=story)


def read_script(path=SCRIPT_PATH):
    """Read ``path`` and check it against the scenes' contract; return its tables.

    Checks everything that needs no physics: keys, timing values, the scenes and
    their beats in order, the bookmarks each scene uses (in every wording), the
    values and choices each template names, and each condition's names.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise NarrationError(f"cannot read the script {path}: {error}") from None
    _expect_keys("script", data, {"timing", "scene", "choice", "changes"}, optional={"choice", "changes"})
    _check_timing(data["timing"])
    missing = [name for name in physics.PRESETS if name not in words()["cells"]]
    if missing:
        raise NarrationError(f"words.toml [cells] names no {', '.join(missing)}: add a line like "
                             f"{missing[0]} = [\"one\", \"many\"]")
    choices = data.get("choice", {})
    if not isinstance(choices, dict):
        raise NarrationError("[choice] must hold tables like [[choice.pull]]")
    for name, options in choices.items():
        _check_options(f"[[choice.{name}]]", options, VALUE_NAMES, set())
    changes = data.get("changes", {})
    for key, options in (changes.items() if isinstance(changes, dict) else [(None, None)]):
        if key not in (*KEYS, "*"):
            raise NarrationError(f"[changes] names {key!r}: use a parameter key ({', '.join(KEYS)}) or \"*\"")
        _check_options(f"[changes] {key}", options, {"new", "old"}, {"new", "old", "name"})
    scenes = data["scene"]
    names = [scene.get("name") if isinstance(scene, dict) else None for scene in scenes]
    if names != list(SCENES_IN_ORDER):
        raise NarrationError(f"the script's scenes are {names}; they must be {list(SCENES_IN_ORDER)} in that order")
    for scene in scenes:
        _check_scene(scene, choices)
    return data


def _check_timing(timing):
    _expect_keys("[timing]", timing, {"lead_in_s", "between_beats_s", "between_scenes_s", "tail_s"})
    for key, value in timing.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= MAX_PAUSE_S:
            raise NarrationError(f"[timing] {key} = {value!r}: a pause must be a number of seconds from 0 to "
                                 f"{MAX_PAUSE_S:g}")


def _check_scene(scene, choices):
    name = scene["name"]
    _expect_keys(f"scene {name}", scene, {"name", "beat"})
    declared = BEATS[name]
    beats = scene["beat"] if isinstance(scene["beat"], list) else []
    got = [beat.get("name") if isinstance(beat, dict) else None for beat in beats]
    if got != list(declared):
        raise NarrationError(f"scene {name} has the beats {got}; its pictures need {list(declared)} in that order "
                             f"(one [[scene.beat]] with name = \"...\" for each)")
    for beat in beats:
        where = f"scene {name}, beat '{beat['name']}'"
        _expect_keys(where, beat, {"name", "text", "when", "requires"}, optional={"when", "requires"})
        if "when" in beat and beat["name"] not in OPTIONAL_BEATS:
            raise NarrationError(f"{where}: the scene cannot leave this beat out; remove its `when`")
        text = beat["text"]
        if not isinstance(text, str) or not text.strip():
            raise NarrationError(f"{where} has no words: give it a text")
        for condition in [*beat.get("when", []), *beat.get("requires", [])]:
            _check_condition(condition, VALUE_NAMES, where)
        _check_references(text, VALUE_NAMES | set(choices) | {"changes"}, where)
        marks = _marks(text, where)
        for choice in set(_REFERENCE.findall(text)) & set(choices):
            marks |= set.intersection(*(_marks(option["text"], where) for option in choices[choice]))
        for mark in declared[beat["name"]]:
            if mark not in marks:
                raise NarrationError(f"{where}: the scene times its pictures to {{#{mark}}}, which is missing; put "
                                     f"{{#{mark}}} before the word it marks (in every wording of a choice it uses)")


def _check_options(where, options, condition_names, value_names):
    if not isinstance(options, list) or not options:
        raise NarrationError(f"{where} must be a list of wordings, each with a text")
    for option in options:
        _expect_keys(f"a wording of {where}", option, {"when", "text"}, optional={"when"})
        if not isinstance(option["text"], str) or not option["text"].strip():
            raise NarrationError(f"a wording of {where} has no words")
        for condition in option.get("when", []):
            _check_condition(condition, condition_names, where)
        _check_references(option["text"], (VALUE_NAMES | value_names) if value_names else VALUE_NAMES, where)


def _check_references(text, known, where):
    for match in _TOKEN.finditer(text):
        if match["value"] and match["value"] not in known:
            raise NarrationError(f"{where}: unknown value {{{match['value']}}}; known: {', '.join(sorted(known))}")


def _marks(text, where):
    marks = _MARK.findall(text)
    if len(marks) != len(set(marks)):
        raise NarrationError(f"{where}: a bookmark appears twice in \"{text}\"")
    return set(marks)


def _check_condition(condition, known, where):
    try:
        tree = ast.parse(condition, mode="eval").body if isinstance(condition, str) else None
    except SyntaxError:
        tree = None
    if tree is None:
        raise NarrationError(f"{where}: cannot read the condition {condition!r}; write a comparison like \"rest < 0\"")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in known:
            raise NarrationError(f"{where}: the condition '{condition}' names {node.id!r}, which is not a value; "
                                 f"known: {', '.join(sorted(known))}")
        if not isinstance(node, (ast.Compare, ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Load,
                                 ast.USub, *_OPERATORS)) or (isinstance(node, ast.Constant)
                                                             and not isinstance(node.value, (int, float))):
            raise NarrationError(f"{where}: the condition '{condition}' may only compare values and numbers "
                                 f"(with + - * /)")


def _holds(condition, numbers, where):
    try:
        return bool(_evaluate(ast.parse(condition, mode="eval").body, numbers))
    except KeyError as error:
        raise NarrationError(f"{where}: the condition '{condition}' needs {error.args[0]}, which these parameters "
                             f"do not have") from None
    except ZeroDivisionError:
        raise NarrationError(f"{where}: the condition '{condition}' divides by zero for these parameters") from None


def _evaluate(node, numbers):
    if isinstance(node, ast.Compare):
        values = [_evaluate(node.left, numbers), *(_evaluate(c, numbers) for c in node.comparators)]
        return all(_OPERATORS[type(op)](a, b) for op, a, b in zip(node.ops, values, values[1:]))
    if isinstance(node, ast.BinOp):
        return _OPERATORS[type(node.op)](_evaluate(node.left, numbers), _evaluate(node.right, numbers))
    if isinstance(node, ast.Name):
        return numbers[node.id]
    if isinstance(node, ast.UnaryOp):
        return -_evaluate(node.operand, numbers)
    return node.value


def _choose(name, options, story):
    """The text of the first wording of choice ``name`` whose conditions hold."""
    where = f"[[choice.{name}]]"
    for option in options:
        if all(_holds(c, story.numbers, where) for c in option.get("when", [])):
            return option["text"]
    used = sorted({n for o in options for c in o.get("when", []) for n in re.findall(r"[A-Za-z_]\w*", c)})
    raise NarrationError(f"no wording of {where} fits these parameters ({', '.join(f'{n} = {_shown(story, n)}' for n in used)}); "
                         "add one without `when`")


def _tell_changes(table, changes):
    """How a variant's changed parameters are told, as one template ("outside K⁺ is raised to …")."""
    from narration.quantities import quantity

    names = words()["parameters"]
    told = []
    for key, (old, new) in changes.items():
        name, unit = names[key]
        values = {"new": quantity(float(new), unit), "old": quantity(float(old), unit)}
        numbers = {k: q.value for k, q in values.items()}
        options = [*table.get(key, []), *table.get("*", [])]
        option = next((o for o in options if all(_holds(c, numbers, f"[changes] {key}") for c in o.get("when", []))),
                      None)
        if option is None:
            raise NarrationError(f"[changes] has no wording for {key} from {old:g} to {new:g}: add one without `when`")
        terms = {k: f"[{q.written}|{q.spoken}]" for k, q in values.items()}
        told.append(_REFERENCE.sub(lambda m: terms.get(m[1]) or (name if m[1] == "name" else m[0]), option["text"]))
    joiner = words()["numbers"]["list_and"]
    # The changes are whole clauses: "A, and B" or "A, B, and C".
    return told[0] if len(told) == 1 else f"{', '.join(told[:-1])}, {joiner} {told[-1]}"


def _shown(story, name):
    phrase = story.phrases.get(name)
    if phrase is not None:
        return phrase.written
    value = story.numbers.get(name, math.nan)
    return f"{value:g}"


def _check_layout(sentence, where):
    for unit in sentence.units:
        text = " ".join(unit.written)
        if len(text) > MAX_LINE_CHARS:
            raise NarrationError(f"{where}: \"{text}\" is longer than a caption line ({MAX_LINE_CHARS} characters); "
                                 "put spaces in it or shorten it")


def fill(template, phrases, scene="", name=""):
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
                raise NarrationError(f"{scene}: the value {{{match['value']}}} is not available for these parameters"
                                     if match["value"] in VALUE_NAMES else
                                     f"{scene}: unknown value {{{match['value']}}}; known: {', '.join(sorted(phrases))}")
            phrase = phrases[match["value"]]
            written, spoken = ((phrase.bare_written, phrase.bare_spoken) if match["bare"]
                               else (phrase.written, phrase.spoken))
        else:
            written, spoken = match["written"], match["spoken"]
        _append(units, Unit(tuple(written.split()), tuple(spoken.split())), glue)
        glue = True
    return Sentence(scene=scene, units=tuple(units), bookmarks=bookmarks, name=name)


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


def _expect_keys(where, table, allowed, optional=()):
    if not isinstance(table, dict):
        raise NarrationError(f"{where} must be a table")
    unknown = set(table) - allowed
    missing = allowed - set(optional) - set(table)
    if unknown or missing:
        raise NarrationError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
