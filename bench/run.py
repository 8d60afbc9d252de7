"""Benchmark the render against plain Manim, side by side in one run; print figures and write bench/RESULTS.md.

Usage: python bench/run.py [-q l|h ...] [--results FILE]

Each case runs as its own process tree; the peak memory is the largest sum of the
resident memory of every process in the tree, sampled every 50 ms from /proc.
"""

import argparse
import os
import platform
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
    """Run ``commands`` one after another; return (seconds, peak bytes of any one command's process tree)."""
    started, peak = time.monotonic(), 0
    for command in commands:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        done = threading.Event()

        def sample():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_bytes(process.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, stderr = process.communicate()
        done.set()
        sampler.join()
        if process.returncode != 0:
            raise SystemExit(f"bench: {' '.join(command)} failed: {stderr.strip().splitlines()[-1:]}")
    return time.monotonic() - started, peak


def cases(quality, work):
    """The benchmark's cases at ``quality``: name to the commands it runs."""
    render = [PYTHON, "render.py", "-q", quality]
    baseline = [[PYTHON, "-m", "manim", f"-q{quality}", "--media_dir", str(work / "manim"), f"scenes/{f}.py", c]
                for f, c in SCENES]
    return {
        "baseline: plain manim, six scenes in turn": baseline,
        "cold render (--force)": [[*render, "--force", "--out", str(work / "cold")]],
        "warm, same folder": [[*render, "--out", str(work / "cold")]],
        "warm, new folder": [[*render, "--out", str(work / "new")]],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--quality", action="append", choices=list("lmhpk"),
                        help="qualities to measure (default: l and h)")
    parser.add_argument("--results", default=ROOT / "bench" / "RESULTS.md", type=Path)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        work = Path(folder)
        for quality in args.quality or ["l", "h"]:
            for name, commands in cases(quality, work).items():
                seconds, peak = measure(commands)
                rows.append((quality, name, seconds, peak))
                print(f"-q {quality}  {name:<44}{seconds:8.1f} s  peak {peak / 2**20:7.0f} MiB", flush=True)
            shutil.rmtree(work / "manim", ignore_errors=True)
    baseline = {q: s for q, n, s, _ in rows if n.startswith("baseline")}
    lines = [
        "# Benchmark", "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Manim {version('manim')}. Command: `python bench/run.py`.", "",
        "| quality | case | seconds | / baseline | peak memory |", "|---|---|---|---|---|",
        *(f"| {q} | {n} | {s:.1f} | {s / baseline[q]:.2f} | {p / 2**20:.0f} MiB |" for q, n, s, p in rows),
    ]
    args.results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
