"""The script's contract with the scenes: a language's script.toml read and checked before any physics or
speech, with the words.toml beside it."""

import ast
import operator
import re
import tomllib
from pathlib import Path

import physics
from narration.values import VALUE_NAMES
from common.errors import ExplainerError
from common.plan import BEATS, OPTIONAL_BEATS, SCENES_IN_ORDER
from physics.params import KEYS

TOKEN = re.compile(r"\{#(?P<mark>\w+)\}|\{(?P<value>\w+)(?::(?P<bare>bare))?\}|\[(?P<written>[^|\]]+)\|(?P<spoken>[^\]]+)\]")
MARK = re.compile(r"\{#(\w+)\}")
REFERENCE = re.compile(r"\{(\w+)\}")
OPERATORS = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
              ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Add: operator.add, ast.Sub: operator.sub,
              ast.Mult: operator.mul, ast.Div: operator.truediv}
#: Longest pause the script may ask for, s.
MAX_PAUSE_S = 5.0


class NarrationError(ExplainerError, ValueError):
    """The script or the values it is filled with cannot make a true narration."""


def read_script(path, locale):
    """Read ``path`` and check it, with the words of ``locale``, against the scenes' contract; return its tables.

    Checks everything that needs no physics: keys, timing values, the scenes and
    their beats in order, the bookmarks each scene uses (in every wording), the
    values and choices each template names, and each condition's names.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise NarrationError(f"cannot read the script {path}: {error}") from None
    expect_keys("script", data, {"timing", "scene", "choice", "changes"}, optional={"choice", "changes"})
    _check_timing(data["timing"])
    missing = [name for name in physics.PRESETS if name not in locale.words["cells"]]
    if missing:
        raise NarrationError(f"words.toml [cells] names no {', '.join(missing)}: add a line like "
                             f"{missing[0]} = [\"one\", \"many\"]")
    _check_scene_words(locale.words)
    choices = data.get("choice", {})
    if not isinstance(choices, dict):
        raise NarrationError("[choice] must hold tables like [[choice.pull]]")
    for name, options in choices.items():
        _check_options(f"[[choice.{name}]]", options, VALUE_NAMES, set(), cells=True)
    changes = data.get("changes", {})
    for key, options in (changes.items() if isinstance(changes, dict) else [(None, None)]):
        if key not in (*KEYS, "*"):
            raise NarrationError(f"[changes] names {key!r}: use a parameter key ({', '.join(KEYS)}) or \"*\"")
        _check_options(f"[changes] {key}", options, {"new", "old"}, {"new", "old", "name"})
    scenes = data["scene"]
    names = [scene.get("name") if isinstance(scene, dict) else None for scene in scenes]
    if names != list(SCENES_IN_ORDER):
        raise NarrationError(f"the script's scenes are {names}; they must be {list(SCENES_IN_ORDER)} in that order")
    shortens = {name for name, options in choices.items() if any("short" in o for o in options)}
    if any("short" in o for options in (changes.values() if isinstance(changes, dict) else []) for o in options):
        shortens.add("changes")
    for scene in scenes:
        _check_scene(scene, choices, shortens)
    ranks = [beat["give_up"] for scene in scenes for beat in scene["beat"] if "give_up" in beat]
    if len(ranks) != len(set(ranks)):
        raise NarrationError(f"two beats share a give_up place ({sorted(ranks)}): give each its own, so the order "
                             "in which wordings are shortened is one")
    return data


def _check_scene_words(table):
    """Every scene needs its chapter title and its labels in words.toml: checked before any speech."""
    for name in SCENES_IN_ORDER:
        if name not in table.get("titles", {}):
            raise NarrationError(f"words.toml [titles] has no title for the scene {name}: add a line like "
                                 f"{name} = \"A title\"")
        if not isinstance(table.get("labels", {}).get(name), dict):
            raise NarrationError(f"words.toml has no [labels.{name}] table: add it with the labels the scene draws")


def _check_timing(timing):
    expect_keys("[timing]", timing, {"lead_in_s", "between_beats_s", "between_scenes_s", "tail_s"})
    for key, value in timing.items():
        _check_pause(f"[timing] {key}", value)


def _check_pause(where, value):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= MAX_PAUSE_S:
        raise NarrationError(f"{where} = {value!r}: a pause must be a number of seconds from 0 to {MAX_PAUSE_S:g}")


def _check_scene(scene, choices, shortens):
    name = scene["name"]
    expect_keys(f"scene {name}", scene, {"name", "beat"})
    declared = BEATS[name]
    beats = scene["beat"] if isinstance(scene["beat"], list) else []
    got = [beat.get("name") if isinstance(beat, dict) else None for beat in beats]
    if got != list(declared):
        raise NarrationError(f"scene {name} has the beats {got}; its pictures need {list(declared)} in that order "
                             f"(one [[scene.beat]] with name = \"...\" for each)")
    for beat in beats:
        where = f"scene {name}, beat '{beat['name']}'"
        expect_keys(where, beat, {"name", "text", "short", "give_up", "when", "requires", "lead_s"},
                    optional={"short", "give_up", "when", "requires", "lead_s"})
        _check_pause(f"{where}: lead_s", beat.get("lead_s", 0.0))
        can_shorten = "short" in beat or bool(set(REFERENCE.findall(beat["text"])) & shortens)
        give_up = beat.get("give_up")
        if can_shorten != (give_up is not None) or (give_up is not None and (
                not isinstance(give_up, int) or isinstance(give_up, bool) or give_up < 1)):
            raise NarrationError(f"{where}: a beat with a shorter wording (its own `short`, or a choice's) needs "
                                 "give_up = N, a whole number from 1, its place in the order wordings are shortened "
                                 "to fit the budget; a beat without one has none")
        if "when" in beat and beat["name"] not in OPTIONAL_BEATS:
            raise NarrationError(f"{where}: the scene cannot leave this beat out; remove its `when`")
        text = beat["text"]
        if not isinstance(text, str) or not text.strip():
            raise NarrationError(f"{where} has no words: give it a text")
        for condition in [*beat.get("when", []), *beat.get("requires", [])]:
            _check_condition(condition, VALUE_NAMES, where)
        shorts = wordings_of(beat)[1:] if _listed(beat, where) else []
        if "" in shorts and (beat["name"] not in OPTIONAL_BEATS or shorts.index("") != len(shorts) - 1):
            raise NarrationError(f"{where}: only a beat the scene can do without may be left out (short = \"\"), "
                                 "and only as its last, shortest wording")
        for wording in [text, *(s for s in shorts if s != "")]:
            if not isinstance(wording, str) or not wording.strip():
                raise NarrationError(f"{where}: a short wording has no words (give a text, or a list of texts)")
            _check_references(wording, VALUE_NAMES | set(choices) | {"changes"}, where)
            marks = _marks(wording, where)
            for choice in set(REFERENCE.findall(wording)) & set(choices):
                marks |= set.intersection(*(_marks(form, where) for option in choices[choice]
                                            for form in wordings_of(option)))
            for mark in declared[beat["name"]]:
                if mark not in marks:
                    raise NarrationError(f"{where}: the scene times its pictures to {{#{mark}}}, which is missing; "
                                         f"put {{#{mark}}} before the word it marks (in the text and the short wording, "
                                         "and in every wording of a choice it uses)")


def _check_options(where, options, condition_names, value_names, cells=False):
    if not isinstance(options, list) or not options:
        raise NarrationError(f"{where} must be a list of wordings, each with a text")
    keys = {"when", "text", "short", *(["cells"] if cells else [])}
    for option in options:
        expect_keys(f"a wording of {where}", option, keys, optional=keys - {"text"})
        _listed(option, f"a wording of {where}")
        for form in wordings_of(option):
            if not isinstance(form, str) or not form.strip():
                raise NarrationError(f"a wording of {where} has no words")
            _check_references(form, VALUE_NAMES | value_names, where)
        for condition in option.get("when", []):
            _check_condition(condition, condition_names, where)
        unknown = set(option.get("cells", [])) - set(physics.PRESETS)
        if not isinstance(option.get("cells", []), list) or unknown:
            raise NarrationError(f"a wording of {where}: cells must list presets ({', '.join(physics.PRESETS)})")


def wordings_of(table):
    """A beat's or a choice's wordings, fullest first: its text, then its ``short`` (a text or a list)."""
    short = table.get("short", [])
    return [table["text"], *([short] if isinstance(short, str) else short)]


def _listed(table, where):
    """True if ``table`` has a ``short``: a text, or a non-empty list of texts; raise if it is neither."""
    short = table.get("short")
    if short is not None and not isinstance(short, str) and not (isinstance(short, list) and short):
        raise NarrationError(f"{where}: short must be a text, or a list of texts each shorter than the last")
    return short is not None


def _check_references(text, known, where):
    for match in TOKEN.finditer(text):
        if match["value"] and match["value"] not in known:
            raise NarrationError(f"{where}: unknown value {{{match['value']}}}; known: {', '.join(sorted(known))}")


def _marks(text, where):
    marks = MARK.findall(text)
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
                                 ast.USub, *OPERATORS)) or (isinstance(node, ast.Constant)
                                                             and not isinstance(node.value, (int, float))):
            raise NarrationError(f"{where}: the condition '{condition}' may only compare values and numbers "
                                 f"(with + - * /)")


def expect_keys(where, table, allowed, optional=()):
    if not isinstance(table, dict):
        raise NarrationError(f"{where} must be a table")
    unknown = set(table) - allowed
    missing = allowed - set(optional) - set(table)
    if unknown or missing:
        raise NarrationError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
