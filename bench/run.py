"""Benchmark the render against plain Manim, side by side in one run; print figures and write bench/RESULTS.md.

Usage: python bench/run.py [-q l|h ...] [--suite] [--results FILE]

Each case runs as its own process tree; the peak memory is the largest sum of the
resident memory of every process in the tree, sampled every 50 ms from /proc.
"""

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCENES = [("hook", "Hook"), ("charge_separation", "ChargeSeparation"), ("potassium_leak", "PotassiumLeak"),
          ("goldman", "Goldman"), ("sodium_potassium_pump", "SodiumPotassiumPump"), ("why_it_matters", "WhyItMatters")]


def tree_rss_bytes(pid):
    """Resident memory of ``pid`` and all its descendants, in bytes."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def measure(commands, cwd=ROOT):
    """Run ``commands`` one after another; return (seconds, peak bytes of any one command's process tree,
    the last command's output)."""
    started, peak = time.monotonic(), 0
    for command in commands:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        done = threading.Event()

        def sample():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_bytes(process.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stdout, stderr = process.communicate()
        done.set()
        sampler.join()
        if process.returncode != 0:
            raise SystemExit(f"bench: {' '.join(map(str, command))} failed: {stderr.strip().splitlines()[-1:]}")
    return time.monotonic() - started, peak, stdout


#: Words of the potassium-leak scene's sentence in the wordings the neuron's timeline can choose (it says the
#: shortest that fits), and the same edited.
SENTENCE = ("it would {#leak}leak outward", "it would {#leak}flow outward")
#: A value of a preset the neuron's explainer draws only in its last scene (smooth muscle's Na⁺ permeability).
PRESET_VALUE = ('"Na": 0.12, "Cl": 0.5', '"Na": 0.15, "Cl": 0.5')


def edited_checkout(work):
    """A copy of the project with one preset value edited (it shares the case's store)."""
    copy = work / "edited"
    if not copy.exists():
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", ".cache", "output"))
        presets = copy / "physics" / "presets.py"
        text = presets.read_text(encoding="utf-8")
        assert PRESET_VALUE[0] in text, "bench: the preset value to edit has moved"
        presets.write_text(text.replace(*PRESET_VALUE), encoding="utf-8")
    return copy


#: Manim's partial movie files encoded this many at a time while it draws on, the value its help calls good
#: on typical hardware. On a shared machine its default (one) was the faster (bench/RESULTS.md), so
#: "Manim's best" is the faster of the two baselines.
MANIM_ENCODERS = 4
#: The second baseline: Manim with its parallel encoders on.
PARALLEL = f"plain manim, --max-inflight-encoders {MANIM_ENCODERS}, six scenes in turn"


def manim_commands(quality, media, *options):
    """The plain ``manim`` command for each of the six scenes in turn, with ``options``, writing into ``media``."""
    return [[PYTHON, "-m", "manim", "render", f"-q{quality}", *options, "--media_dir", str(media), f"scenes/{f}.py", c]
            for f, c in SCENES]


#: The render from nothing: an empty store, and --force.
COLD = "cold render (--force)"
#: A cold render from a store holding only the speech, as the Manim baselines have it.
SPEECH_STORED = "cold render, the speech in the store (as the baselines)"


def cases(quality, work):
    """The benchmark's cases at ``quality``: name to (commands, folder they run in).

    The renders start from an empty store of their own (speech, segments, audio), so
    "cold" and the edits do all their work; the baseline keeps the project's narration cache.
    """
    render = ["env", f"MEMBRANE_EXPLAINER_CACHE={work / f'store-{quality}'}", PYTHON, "render.py", "-q", quality]
    baseline = manim_commands(quality, work / "manim")
    parallel = manim_commands(quality, work / "manim-parallel", "--max-inflight-encoders", str(MANIM_ENCODERS))
    script = work / "script.toml"
    text = (ROOT / "narration" / "locales" / "en" / "script.toml").read_text(encoding="utf-8")
    assert SENTENCE[0] in text, "bench: the sentence to edit has moved"
    script.write_text(text.replace(*SENTENCE), encoding="utf-8")
    return {
        "baseline: plain manim, six scenes in turn": (baseline, ROOT),
        PARALLEL: (parallel, ROOT),
        COLD: ([[*render, "--force", "--out", str(work / "cold")]], ROOT),
        # Like the baselines, which read the narration from the project's store: an empty store but the speech.
        SPEECH_STORED: ([["mkdir", "-p", str(work / f"store-{quality}-speech")], ["cp", "-r", str(work / f"store-{quality}" / "narration"),
                          str(work / f"store-{quality}-speech" / "narration")],
                         ["env", f"MEMBRANE_EXPLAINER_CACHE={work / f'store-{quality}-speech'}", *render[2:],
                          "--out", str(work / "cold-speech")]], ROOT),
        "warm, same folder": ([[*render, "--out", str(work / "cold")]], ROOT),
        "warm, new folder": ([[*render, "--out", str(work / "new")]], ROOT),
        "one sentence edited": ([[*render, "--script", str(script), "--out", str(work / "cold")]], ROOT),
        "one preset value edited": ([[*render, "--out", str(work / "cold")]], lambda: edited_checkout(work)),
    }


def stages(output):
    """Seconds spent in each stage of a render, from its progress lines."""
    marks = {}
    for line in output.splitlines():
        if line.startswith("[") and "] " in line:
            seconds, text = float(line[1:line.index("s]")]), line[line.index("] ") + 2:]
            stage = ("narration" if text.startswith("narration") else "scenes" if text.startswith("scene ")
                     else "checks" if text.startswith(("checking", "done")) else "assembly")
            marks[stage] = seconds
    order, last, spent = ["narration", "scenes", "assembly", "checks"], 0.0, {}
    for stage in order:
        if stage in marks:
            spent[stage], last = marks[stage] - last, marks[stage]
    return spent


#: The batch case: four variants, each rendered alone from an empty store, then all in one batch from another.
BATCH = [("neuron", []), ("hyperkalemia", ["--set", "K.out=8"]), ("hypokalemia", ["--set", "K.out=2.5"]),
         ("muscle", ["--cell", "skeletal_muscle"])]


def batch_figures(quality, work):
    """Seconds and peak memory of four cold renders one after another, and of the same four as one batch."""
    lines = []
    for name, options in BATCH:
        table = [f'[[variant]]\nname = "{name}"\ncell = "{options[1] if options[:1] == ["--cell"] else "neuron"}"']
        if options[:1] == ["--set"]:
            key, value = options[1].split("=")
            table.append(f'set = {{ "{key}" = {value} }}')
        lines.append("\n".join(table))
    work = work / f"batch-{quality}"
    work.mkdir()
    (work / "batch.toml").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    render = [PYTHON, "render.py", "-q", quality]
    separate = [["env", f"MEMBRANE_EXPLAINER_CACHE={work / 'store' / name}", *render, *options,
                 "--out", str(work / "separate" / name)] for name, options in BATCH]
    together = [["env", f"MEMBRANE_EXPLAINER_CACHE={work / 'store' / 'batch'}", *render, "--batch",
                 str(work / "batch.toml"), "--out", str(work / "batch")]]
    return measure(separate)[:2], measure(together)[:2]


SPEECH = """
import tempfile, time, physics
from narration.narrate import narrate
with tempfile.TemporaryDirectory() as cache:
    started = time.monotonic()
    timeline = narrate(physics.preset("neuron"), cache_dir=cache).timeline
    spoken = sum(b.speech_duration_s for s in timeline.scenes for b in s.beats)
    print(time.monotonic() - started, spoken)
"""


def speech_factor():
    """The Piper voice's real-time factor: seconds to speak every sentence afresh / seconds of speech."""
    _, _, output = measure([[PYTHON, "-c", SPEECH]])
    seconds, spoken = map(float, output.split())
    return seconds / spoken, seconds, spoken


def suite_figures():
    """``(seconds, CPU-seconds, the ten slowest tests)`` of ``make test`` on a clean clone of this checkout's
    last commit, its store (``.cache/``) empty: what CI runs.

    The clone shares this checkout's venv and npm packages, so nothing is installed (their stamps are made
    older than the clone's files, so ``make`` sees them set up); the tests speak, draw and encode from nothing.
    """
    import resource

    # Set up here first, so the clone finds the venv installed for this pyproject.toml and installs nothing: an
    # install from the clone would point the shared venv's editable install at the clone, soon deleted.
    subprocess.run(["make", "setup"], cwd=ROOT, check=True, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        (clone / ".venv").symlink_to(ROOT / ".venv")
        shutil.copytree(ROOT / "node_modules", clone / "node_modules", symlinks=True)
        for name in ("pyproject.toml", "package.json", "package-lock.json"):
            os.utime(clone / name, (0, 0))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        result = subprocess.run(["make", "test"], cwd=clone, capture_output=True, text=True,
                                env={**os.environ, "PYTEST_ADDOPTS": "--durations=10 -p no:cacheprovider"})
        seconds = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"bench: make test failed:\n{result.stdout[-3000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    slowest = re.findall(r"^([\d.]+)s (?:call|setup|teardown)\s+(\S+)$", result.stdout, flags=re.M)
    return seconds, cpu, [(float(s), test) for s, test in slowest]


#: The heading of RESULTS.md's hand-written history, kept when the figures are written again.
HISTORY = "## Before and after"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--quality", action="append", choices=list("lmhpk"),
                        help="qualities to measure (default: l and h)")
    parser.add_argument("--results", default=ROOT / "bench" / "RESULTS.md", type=Path)
    parser.add_argument("--suite", action="store_true",
                        help="also time `make test` on a clean clone with an empty store (about 15 minutes)")
    args = parser.parse_args(argv)
    rows, stage_rows, batch_rows = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        work = Path(folder)
        for quality in args.quality or ["l", "h"]:
            for name, (commands, cwd) in cases(quality, work).items():
                seconds, peak, output = measure(commands, cwd() if callable(cwd) else cwd)
                rows.append((quality, name, seconds, peak))
                print(f"-q {quality}  {name:<44}{seconds:8.1f} s  peak {peak / 2**20:7.0f} MiB", flush=True)
                if name in (COLD, SPEECH_STORED):
                    stage_rows.append((quality, name, stages(output), seconds))
            for media in ("manim", "manim-parallel"):
                shutil.rmtree(work / media, ignore_errors=True)
            if quality == "l":  # four cold -q h renders take as long as the rest of the benchmark
                batch_rows.append((quality, *batch_figures(quality, work)))
                (a, peak_a), (b, peak_b) = batch_rows[-1][1:]
                print(f"-q {quality}  four variants: alone {a:.1f} s (peak {peak_a / 2**20:.0f} MiB), one batch "
                      f"{b:.1f} s (peak {peak_b / 2**20:.0f} MiB)", flush=True)
        factor, speaking, spoken = speech_factor()
    print(f"speech: {speaking:.1f} s to speak {spoken:.1f} s afresh, real-time factor {factor:.3f}")
    suite = suite_figures() if args.suite else None
    if suite:
        print(f"make test on a clean clone: {suite[0]:.0f} s, {suite[1]:.0f} CPU-s", flush=True)
    baseline = {q: s for q, n, s, _ in rows if n.startswith("baseline")}
    best = {q: min(s for q2, n, s, _ in rows if q2 == q and (n.startswith("baseline") or n == PARALLEL))
            for q in baseline}
    cold = {q: s for q, n, s, _ in rows if n == COLD}
    lines = [
        "# Benchmark", "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Manim {version('manim')}. Command: `python bench/run.py`. Peak memory: all processes of a case together.",
        "",
        "| quality | case | seconds | / baseline | / Manim's best | / cold | peak memory |",
        "|---|---|---|---|---|---|---|",
        *(f"| {q} | {n} | {s:.1f} | {s / baseline[q]:.2f} | {s / best[q]:.2f} | {s / cold[q]:.2f} | "
          f"{p / 2**20:.0f} MiB |" for q, n, s, p in rows),
        "", "Stages of the cold renders (seconds, from their progress lines):", "",
        "| quality | case | narration | scenes | assembly | checks | assembly and checks / cold |",
        "|---|---|---|---|---|---|---|",
        *(f"| {q} | {n} | {st.get('narration', 0):.1f} | {st.get('scenes', 0):.1f} | {st.get('assembly', 0):.1f} | "
          f"{st.get('checks', 0):.1f} | {(st.get('assembly', 0) + st.get('checks', 0)) / s:.2f} |"
          for q, n, st, s in stage_rows),
        *(["", "Four variants (neuron, hyperkalemia, hypokalemia, skeletal muscle), each store empty at the start:",
           "", "| quality | four renders, one after another | one batch (`--batch`) | batch / alone | peak, alone / "
           "batch |", "|---|---|---|---|---|"] if batch_rows else []),
        *(f"| {q} | {a:.1f} s | {b:.1f} s | {b / a:.2f} | {pa / 2**20:.0f} / {pb / 2**20:.0f} MiB |"
          for q, (a, pa), (b, pb) in batch_rows),
        "", f"Speech (Piper, every sentence of the neuron's script afresh): {speaking:.1f} s for {spoken:.1f} s of "
        f"speech, a real-time factor of {factor:.3f}.",
    ]
    if suite:
        seconds, cpu, slowest = suite
        lines += ["", f"The test suite (`make test` on a clean clone, store empty; `python bench/run.py --suite`): "
                  f"{seconds / 60:.0f} min {seconds % 60:.0f} s, {cpu / 60:.1f} CPU-minutes. The ten slowest:", "",
                  "| seconds | test |", "|---|---|", *(f"| {s:.0f} | `{test}` |" for s, test in slowest)]
    # The history of changes, written by hand below the figures, stays.
    previous = args.results.read_text(encoding="utf-8") if args.results.exists() else ""
    kept = previous[previous.index(HISTORY):] if HISTORY in previous else ""
    args.results.write_text("\n".join(lines) + "\n\n" + kept, encoding="utf-8")
    print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
