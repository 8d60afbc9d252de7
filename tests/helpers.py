"""Helpers for running the project's commands as a user would."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None, timeout=300):
    """Run ``python ARGS`` in the project root; return the completed process."""
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=env)
