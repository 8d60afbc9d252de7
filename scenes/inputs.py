"""What each scene draws, computed once in the parent process: one frozen value per scene."""

import hashlib
import json
from dataclasses import asdict, dataclass, replace

from narration.script import fill
from narration.values import changed_quantities
from scenes import SCENES_IN_ORDER

#: The story values each scene draws (its numbers and written forms), and its traces.
DRAWS = {
    "hook": ("rest", "cell"),
    "charge_separation": ("thickness", "field", "k_fraction", "rest"),
    "potassium_leak": ("e_k", "e_cl", "cl_sets", "k_in", "k_out", "k_fraction"),
    "goldman": ("e_k", "e_na", "e_cl", "e_ca", "ghk", "na_credited", "cl_credited", "ca_credited"),
    "sodium_potassium_pump": ("pump_na", "pump_k", "pump_ratio", "pump_exact", "ghk", "rest", "pump", "rundown",
                              "rundown_s"),
    "why_it_matters": ("rest", "cell", "changed", "preset_rest", "rest_high_k", "k_out", "k_out_high"),
}
TRACES = {"sodium_potassium_pump": ("rundown",)}


@dataclass(frozen=True)
class SceneInput:
    """Everything one scene draws.

    Attributes
    ----------
    name : str
        The scene.
    cell : str
        The cell's preset name (its own bar in the last scene).
    written : dict
        Value name to its written form ("−72 mV"), for the values the scene shows.
    numbers : dict
        Value name to its number, as said and shown where it is said.
    traces : dict
        Trace name to ``(t_s, v_mv)`` tuples.
    labels : dict
        The words the scene draws (words.toml ``[labels.<scene>]``), values filled in.
    changes : tuple
        ``(name, old, new)`` written forms of each parameter the variant changed.
    timeline : narration.timeline.SceneTimeline
        The scene's part of the narration.
    decimal : str
        The language's decimal separator, for the axes' tick values ("2,5").
    """

    name: str
    cell: str
    written: dict
    numbers: dict
    traces: dict
    labels: dict
    changes: tuple
    timeline: object
    decimal: str = "."

    def digest(self):
        """A hash of everything in this input."""
        text = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def scene_inputs(narration):
    """The :class:`SceneInput` of every scene of ``narration``, keyed by name."""
    story = narration.script.story
    changes = [(fill(name, {}).written, old.written, new.written)
               for name, old, new in changed_quantities(story.changes, narration.locale).values()]
    written = _Written({name: phrase.written for name, phrase in story.phrases.items()},
                       voice=narration.locale.voice_credit(narration.timeline.voice, "card"))
    inputs = {}
    for scene in SCENES_IN_ORDER:
        shown = [n for n in DRAWS[scene] if n in story.phrases or n in story.numbers]
        inputs[scene] = SceneInput(
            name=scene,
            cell=story.cell_name,
            written={n: story.phrases[n].written for n in shown if n in story.phrases},
            numbers={n: story.numbers[n] for n in shown if n in story.numbers},
            traces={t: (tuple(map(float, story.traces[t].t_s)), tuple(map(float, story.traces[t].v_mv)))
                    for t in TRACES.get(scene, ())},
            labels={key: text.format_map(written) for key, text in narration.locale.words["labels"][scene].items()},
            changes=tuple(changes) if scene == "hook" else (),
            # A clip does not depend on where it sits in the explainer.
            timeline=replace(narration.timeline.scene(scene), start_s=0.0),
            decimal=narration.locale.words["language"]["decimal_separator"],
        )
    return inputs


class _Written(dict):
    """Written values for labels; a value this cell lacks stays as its ``{name}``."""

    def __missing__(self, key):
        return "{" + key + "}"
