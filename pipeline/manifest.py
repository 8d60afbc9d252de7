"""The manifest: a render's parameters, computed values, scenes, voice, versions and the hash of its inputs."""

import hashlib
import json
from importlib.metadata import PackageNotFoundError, metadata, version
from pathlib import Path

import assembly
import physics
from assembly.build import ion_rows, physics_summary
from common.plan import scene_stem
from narration.script import fill
from narration.values import changed_quantities
from physics.params import parameters

#: Changes when the code that assembles and checks the outputs changes, or the physics (every preset's,
#: which the page's explorer embeds).
ASSEMBLY_VERSION = hashlib.sha256(b"".join(
    p.read_bytes() for p in sorted([*Path(assembly.__file__).parent.glob("*"),
                                    *Path(physics.__file__).parent.glob("*.py")])
    if p.suffix in (".py", ".html", ".css", ".js"))).hexdigest()[:16]
#: The packages whose versions a manifest records.
VERSIONED = ("membrane-explainer", "manim", "numpy", "scipy", "piper-tts", "gTTS", "pysubs2", "num2words")


def licence():
    """The project's licence, as its installed metadata names it (shown on the page)."""
    meta = metadata("membrane-explainer")
    return meta.get("License-Expression") or meta.get("License")


def build_manifest(job, narration, clips):
    """The manifest of ``job``'s render of ``narration`` from ``clips`` (scene name → its segments)."""
    width, height, fps = job.fmt.pixels(job.quality)
    state = physics.resting_state(job.cell)
    scenes = [{"name": s.name, "title": narration.locale.titles[s.name], "start_s": round(s.start_s, 6),
               "duration_s": round(s.duration_s, 6), "file": f"scenes/{scene_stem(i, s.name)}.mp4",
               "clean_file": f"scenes/{scene_stem(i, s.name)}-clean.mp4",
               "beats": [{"name": b.name, "start_s": round(s.start_s + b.start_s, 6),
                          "end_s": round(s.start_s + b.start_s + b.duration_s, 6), "text": b.written}
                         for b in s.beats]}
              for i, s in enumerate(narration.timeline.scenes, 1) if s.name in job.scenes]
    versions = {}
    for package in VERSIONED:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    phrases, text, bed = narration.script.story.phrases, narration.locale.words["page"], job.music
    inputs = {"parameters": parameters(job.cell), "cell": job.cell.name, "voice": narration.timeline.voice,
              "quality": job.quality, "silent": job.silent, "clips": sorted(s.stem.name for s in clips.values()),
              "language": job.locale.code, "format": job.fmt.name, "assembly": ASSEMBLY_VERSION, "one_file": job.one_file, "page": text,
              "lecture": narration.locale.words["lecture"] if job.lecture else None}
    music = {"music": {"file": bed.path.name, "sha256": bed.sha256}} if bed else {}
    inputs.update(music)
    # What the variant changed, named and written in the language: ", outside K⁺ = 8 mM", ", das äußere K⁺ = 2,5 mM".
    changed = changed_quantities(narration.script.story.changes, job.locale).values()
    variant = "".join(f", {fill(name, {}).written} = {new.written}" for name, _, new in changed)
    written = {key: phrases[key].written for key in ("rest", "ghk", "pump")}
    return {
        "title": text["title"].format(cell=phrases["cell"].written) + variant,
        "cell": job.cell.name,
        "language": job.locale.code,
        "cell_label": phrases["cell"].written,
        "cell_forms": {"cells": phrases["cells"].written, "a_cell": phrases["a_cell"].written},
        "parameters": {"cell": job.cell.name, **parameters(job.cell)},
        "physics": physics_summary(state),
        "ions": ion_rows(job.cell, state, job.locale),
        "written": written,
        "summary": text["summary"].format(**written),
        "scenes": scenes,
        "duration_s": round(narration.timeline.duration_s, 6),
        "voice": None if job.silent else narration.timeline.voice,
        "quality": job.quality,
        "fps": fps,
        "resolution": [width, height],
        "format": job.fmt.name,
        "silent": job.silent,
        "versions": versions,
        **music,
        "input_hash": hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest(),
    }
