"""The script: templates from script.toml filled with the physics' values, claims checked."""

import ast
import functools
import math
import re
from dataclasses import dataclass, field, replace

from narration.contract import OPERATORS, REFERENCE, TOKEN, NarrationError, read_script, wordings_of
from narration.locale import ENGLISH
from narration.values import VALUE_NAMES, changed_quantities, story_values

__all__ = ["NarrationError", "Script", "Sentence", "Unit", "fill", "load_script", "read_script"]


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
    lead_s : float
        Silence before the sentence, in its scene, for a picture to land first.
    """

    scene: str
    units: tuple
    bookmarks: dict
    name: str = ""
    lead_s: float = 0.0

    # Worked out once a sentence: the fitting asks them of the same sentences thousands of times.
    @functools.cached_property
    def spoken(self):
        return " ".join(word for unit in self.units for word in unit.spoken)

    @functools.cached_property
    def written(self):
        return " ".join(word for unit in self.units for word in unit.written)

    @functools.cached_property
    def word_count(self):
        return sum(len(unit.spoken) for unit in self.units)


@dataclass(frozen=True)
class Script:
    """The whole narration: sentences per scene and the pauses between them.

    Attributes
    ----------
    scenes : dict
        Scene name to its list of :class:`Sentence`, in their fullest wordings.
    timing : dict
        The script's pauses, s.
    story : narration.values.Story
    shorter : dict
        ``(scene, beat)`` to ``(give_up, wordings)``: the beat's shorter wordings, each shorter than
        the one before (None: the beat is left out), and its place in the order in which wordings
        are given up to fit the budget (lower first).
    """

    scenes: dict
    timing: dict
    story: object
    shorter: dict = field(default_factory=dict)

    @property
    def word_count(self):
        return sum(s.word_count for sentences in self.scenes.values() for s in sentences)

    @property
    def every_wording(self):
        """Every sentence the fitting may speak: the fullest wordings, then the shorter ones."""
        return [s for sentences in self.scenes.values() for s in sentences] + [
            s for _, wordings in self.shorter.values() for s in wordings if s]

    @property
    def give_up_order(self):
        """Each beat with shorter wordings, ``(scene, beat)``, with how many it has, in the order they are
        given up."""
        return [(key, len(self.shorter[key][1])) for key in sorted(self.shorter, key=lambda k: self.shorter[k][0])]

    def shortened(self, levels):
        """This script with each beat ``(scene, beat)`` of ``levels`` in its shorter wording number
        ``levels[key]`` (1 the first), and nothing left to shorten."""
        scenes = {scene: [kept for s in sentences
                          for kept in [self.shorter[(scene, s.name)][1][levels[(scene, s.name)] - 1]
                                       if levels.get((scene, s.name)) else s] if kept]
                  for scene, sentences in self.scenes.items()}
        return replace(self, scenes=scenes, shorter={})


def load_script(cell, locale=ENGLISH, path=None):
    """Read the script of ``locale`` (or the one at ``path``) and fill it in for ``cell``; check every claim.

    Raises
    ------
    NarrationError
        If the file is malformed or breaks the scenes' contract (checked before
        any physics), or a sentence's claim is false for this cell.
    physics.ExplainerError
        The cell is outside what the model describes.
    """
    data = read_script(path or locale.script, locale)
    story = story_values(cell, locale)
    chosen = {name: _choose(name, options, story) for name, options in data.get("choice", {}).items()}
    if story.changes:
        chosen["changes"] = _tell_changes(data.get("changes", {}), story.changes, locale)
    forms = {name: wordings_of(option) for name, option in chosen.items()}
    scenes, shorter = {}, {}
    for scene in data["scene"]:
        sentences = []
        for beat in scene["beat"]:
            where = f"{scene['name']}, beat '{beat['name']}'"
            if not all(_holds(c, story.numbers, where) for c in beat.get("when", [])):
                continue
            texts = wordings_of(beat)
            used = set(REFERENCE.findall(" ".join(texts))) & set(forms)
            # Wording n of a beat is its own n-th (or its last) with each choice's n-th (or last).
            levels = []
            for level in range(max([len(texts), *(len(forms[name]) for name in used)])):
                text = texts[min(level, len(texts) - 1)]
                choices = {name: texts_of[min(level, len(texts_of) - 1)] for name, texts_of in forms.items()}
                sentence = None if text == "" else _sentence(beat, text, choices, story, scene["name"], where,
                                                             locale.captions.line_chars)
                if not levels or sentence != levels[-1]:
                    levels.append(sentence)
            sentences.append(levels[0])
            if len(levels) > 1:
                shorter[(scene["name"], beat["name"])] = (beat["give_up"], levels[1:])
        scenes[scene["name"]] = sentences
    return Script(scenes=scenes, timing={k: float(v) for k, v in data["timing"].items()}, story=story,
                  shorter=shorter)


def _sentence(beat, text, choices, story, scene, where, line_chars):
    """One wording of ``beat``, its choices filled in from ``choices``, its claims checked."""
    template = REFERENCE.sub(lambda m: choices.get(m[1], m[0]), text)
    sentence = fill(template, story.phrases, scene, beat["name"])
    for condition in beat.get("requires", []):
        if not _holds(condition, story.numbers, where):
            raise NarrationError(f"the claim {scene}: \"{sentence.written}\" needs {condition}, "
                                 f"but {_shown_values(story, [condition])} for these parameters")
    _check_layout(sentence, where, line_chars)
    return replace(sentence, lead_s=float(beat.get("lead_s", 0.0)))


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
        return all(OPERATORS[type(op)](a, b) for op, a, b in zip(node.ops, values, values[1:]))
    if isinstance(node, ast.BinOp):
        return OPERATORS[type(node.op)](_evaluate(node.left, numbers), _evaluate(node.right, numbers))
    if isinstance(node, ast.Name):
        return numbers[node.id]
    if isinstance(node, ast.UnaryOp):
        return -_evaluate(node.operand, numbers)
    return node.value


def _choose(name, options, story):
    """The first wording of choice ``name`` for this cell whose conditions hold."""
    where = f"[[choice.{name}]]"
    for option in options:
        if story.cell_name in option.get("cells", [story.cell_name]) and all(
                _holds(c, story.numbers, where) for c in option.get("when", [])):
            return option
    conditions = [c for option in options for c in option.get("when", [])]
    raise NarrationError(f"no wording of {where} fits these parameters ({_shown_values(story, conditions)}); "
                         "add one without `when`")


def _tell_changes(table, changes, locale):
    """How a variant's changed parameters are told, as one template ("outside K⁺ is raised to …")."""
    told = []
    for key, (name, old_q, new_q) in changed_quantities(changes, locale).items():
        values = {"new": new_q, "old": old_q}
        numbers = {k: q.value for k, q in values.items()}
        options = [*table.get(key, []), *table.get("*", [])]
        option = next((o for o in options if all(_holds(c, numbers, f"[changes] {key}") for c in o.get("when", []))),
                      None)
        if option is None:
            raise NarrationError(f"[changes] has no wording for {key} from {old_q.written} to {new_q.written}: "
                                 "add one without `when`")
        terms = {k: f"[{q.written}|{q.spoken}]" for k, q in values.items()}
        told.append({form: REFERENCE.sub(lambda m: terms.get(m[1]) or (name if m[1] == "name" else m[0]), text)
                     for form, text in (("text", option["text"]), ("short", option.get("short", option["text"])))})
    said = locale.words["numbers"]
    joiner = f"{',' if said.get('list_serial_comma', True) else ''} {said['list_and']} "
    return {form: _clauses([t[form] for t in told], joiner) for form in ("text", "short")}


def _clauses(told, joiner):
    """Whole clauses joined: "A", "A, and B" or "A, B, and C" (``joiner`` ", and "; "A y B" in Spanish)."""
    return told[0] if len(told) == 1 else f"{', '.join(told[:-1])}{joiner}{told[-1]}"


def _shown_values(story, conditions):
    """"k_in = 3 mM, k_out = 5 mM": each value the conditions name, as shown."""
    names = sorted({name for condition in conditions for name in re.findall(r"[A-Za-z_]\w*", condition)})
    return ", ".join(f"{name} = {_shown(story, name)}" for name in names)


def _shown(story, name):
    phrase = story.phrases.get(name)
    if phrase is not None:
        return phrase.written
    value = story.numbers.get(name, math.nan)
    return f"{value:g}"


def _check_layout(sentence, where, line_chars):
    for unit in sentence.units:
        text = " ".join(unit.written)
        if len(text) > line_chars:
            raise NarrationError(f"{where}: \"{text}\" is longer than a caption line ({line_chars} characters); "
                                 "put spaces in it or shorten it")


def fill(template, phrases, scene="", name=""):
    """Fill one template; returns its :class:`Sentence`."""
    units, bookmarks = [], {}
    glue = False  # the next text touches the previous word (no space between)
    position = 0
    for match in [*TOKEN.finditer(template), None]:
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
        # A written value splits at spaces only: "63\u202f000" (a narrow no-break space) is one word.
        _append(units, Unit(tuple(w for w in written.split(" ") if w), tuple(spoken.split())), glue)
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


