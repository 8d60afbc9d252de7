"""Helpers for running the project's commands as a user would."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None, timeout=300):
    """Run ``python ARGS`` in the project root; return the completed process."""
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=env)


def interrupt_render(*args, signum, after_s):
    """Start ``render.py ARGS``, send ``signum`` ``after_s`` seconds after its narration; return (status, stderr)."""
    import time

    process = subprocess.Popen([sys.executable, "render.py", *args], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        if "narration:" in line and "words" in line:
            break
    time.sleep(after_s)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr
