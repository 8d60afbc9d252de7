"""Shared fixtures: narrations made once per test session with the real Piper voice."""

import fcntl
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# The tests keep their store in the checkout's .cache/, apart from a user's own renders (set before
# the project's modules fix the store; the commands the tests start inherit it).
os.environ.setdefault("MEMBRANE_EXPLAINER_CACHE", str(Path(__file__).resolve().parent.parent / ".cache"))
# Two test workers, and the processes they start, share two cores: Piper on one thread each spends a quarter
# less CPU than on every core (narration/voices/piper.py).
os.environ.setdefault("MEMBRANE_EXPLAINER_VOICE_THREADS", "1")

import physics  # noqa: E402
from narration.narrate import narrate  # noqa: E402
from narration.script import load_script  # noqa: E402
from assembly.explorer import SLIDERS  # noqa: E402
from physics.params import load_cell, parameters  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

# CI explores a fixed, larger set of examples, so a run is repeatable; at a desk
# hypothesis keeps drawing new ones.
settings.register_profile("ci", derandomize=True, max_examples=300, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

#: The parameter sets every narration test covers: the presets, hyper- and hypokalemia (the
#: heart's too, and one far above any clinical level), a heart just below its preset's K⁺, and
#: "what if" variants (no Na⁺ leak, an electroneutral pump, a cool cell).
VARIANTS = [(name, ()) for name in physics.PRESETS] + [
    ("neuron", ("K.out=8",)),
    ("neuron", ("K.out=2.5",)),
    ("neuron", ("K.out=20",)),
    ("neuron", ("Na.permeability=0",)),
    ("skeletal_muscle", ("K.out=8",)),
    ("cardiac_myocyte", ("K.out=7.5",)),
    ("cardiac_myocyte", ("K.out=5.2",)),
    ("neuron", ("pump_ratio=1",)),
    ("neuron", ("temp_c=20",)),
]


def sweep_cases():
    """Every preset, each with outside K⁺ doubled, and every single-slider variant of the page's explorer."""
    cases = []
    for name in physics.PRESETS:
        own = parameters(physics.preset(name))
        cases += [(name, ()), (name, (f"K.out={2 * own['K.out']!r}",))]
        cases += [(name, (f"{key}={value!r}",)) for key, values in SLIDERS.items() for value in values
                  if value != own[key]]
    return cases


@pytest.fixture(scope="session")
def english_sweep_words(tmp_path_factory):
    """The word count of each sweep case's fullest English script, or None where the model refuses the cell (no
    speech: the script only); worked out once per test run, as the physics behind a script takes a while."""
    def count(folder):
        counts = []
        for name, sets in sweep_cases():
            try:
                counts.append([name, sets, load_script(load_cell(name, None, sets)).word_count])
            except physics.OutsideModelError:
                counts.append([name, sets, None])
        folder.mkdir()
        (folder / "counts.json").write_text(json.dumps(counts))

    counts = json.loads((made_once(tmp_path_factory, "english-sweep-words", count) / "counts.json").read_text())
    return {(name, tuple(sets)): words for name, sets, words in counts}


@pytest.fixture(scope="session")
def narrations(tmp_path_factory):
    """Narration of each variant, keyed by (cell, sets), through the project's speech cache: the variants are
    spoken by whichever workers ask, each taking those no other has begun, then read from the store by each."""
    for name, sets in made_by_any(tmp_path_factory, "narration", VARIANTS):
        narrate(load_cell(name, None, sets))
    return {(name, sets): narrate(load_cell(name, None, sets)) for name, sets in VARIANTS}


#: The modules that take longest (measured with --durations), started first so that the two workers end
#: together rather than one finishing a long module alone.
LONGEST_FIRST = ("test_truth", "test_batch", "test_scenes", "test_readme", "test_languages", "test_render")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups into the test ids
def pytest_collection_modifyitems(items):
    """Group the tests for pytest-xdist's ``--dist loadgroup``: a module's tests run on one worker, so
    its module-scoped renders are made once; a module that renders one fixture per cell
    (``test_scenes``' audited stills) is split by cell, so the two cores share its work, and a test may name
    a group of its own (the budget sweep, one per language and preset). The longest modules go first."""
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        group = item.module.__name__
        spec = getattr(item, "callspec", None)
        if spec is not None and "rendered" in spec.params:
            # No brackets: pytest-xdist takes a "]" after the "@" for part of the test's id.
            name, sets, fmt = spec.params["rendered"]
            group += "-" + "-".join((name, *sets, fmt))
        item.add_marker(pytest.mark.xdist_group(group))
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.module.__name__, len(rank)))


def made_once(tmp_path_factory, name, make):
    """The folder ``name`` made by ``make(folder)`` once per test run, shared by pytest-xdist's workers:
    the first to ask makes it while the others wait, then each reads it."""
    folder = _run_folder(tmp_path_factory) / name
    for _ in made_by_any(tmp_path_factory, name, [folder]):
        shutil.rmtree(folder, ignore_errors=True)
        make(folder)
    return folder


def made_by_any(tmp_path_factory, name, jobs):
    """Yield each of ``jobs`` this worker should do, once per test run: a job no other
    worker has begun, so two workers asking at once share the jobs rather than one waiting for the other.
    Returns once every job is done, by this worker or another."""
    root = _run_folder(tmp_path_factory)
    for wait in (False, True):  # first the free jobs, then wait for those others hold
        for index, job in enumerate(jobs):
            with open(root / f"{name}-{index}.lock", "w") as lock:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
                except BlockingIOError:
                    continue
                if not (root / f"{name}-{index}.made").exists():
                    yield job
                    (root / f"{name}-{index}.made").touch()


def _run_folder(tmp_path_factory):
    """The test run's folder, shared by pytest-xdist's workers (above each worker's own)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def render_offline(out, *args):
    """``render.py -q l ARGS`` into ``out`` with every proxy pointed at a closed port, so any request to the
    network fails; asserts it ends well (the render checks its own outputs) and returns ``out``."""
    from helpers import run

    closed = "http://127.0.0.1:9"
    env = {**os.environ, **{name: closed for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")}}
    result = run("render.py", "-q", "l", *args, "--out", str(out), env=env, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def spanish_espeak_out(tmp_path_factory):
    """The explainer in Spanish, spoken offline by espeak-ng, with its lecture files:
    ``render.py -q l --lang es --voice espeak --lecture``."""
    return made_once(tmp_path_factory, "es-espeak-render",
                     lambda out: render_offline(out, "--lang", "es", "--voice", "espeak", "--lecture"))


@pytest.fixture(scope="session")
def default_out(tmp_path_factory):
    """The default explainer rendered by ``render.py -q l`` into a fresh folder, once per test run."""
    from helpers import run

    def render(out):
        result = run("render.py", "-q", "l", "--out", str(out), timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr

    return made_once(tmp_path_factory, "default-render", render)


@pytest.fixture(scope="session")
def lecture_out(default_out, tmp_path_factory):
    """The default explainer with ``--lecture``, once per test run, from the clips and speech ``default_out`` left
    in the store."""
    from helpers import run

    def render(out):
        result = run("render.py", "-q", "l", "--lecture", "--out", str(out), timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "rendered" not in result.stdout, "the clips were drawn again instead of taken from the store"

    return made_once(tmp_path_factory, "lecture-render", render)
