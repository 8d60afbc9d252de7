"""Helpers for running the project's commands as a user would."""

import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None, timeout=300):
    """Run ``python ARGS`` in the project root; return the completed process."""
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=env)


def start(*args, env=None):
    """Start ``python ARGS`` in the project root, its output piped as text, with SIGINT at its default.

    Returns
    -------
    subprocess.Popen
        The running process.

    Notes
    -----
    A terminal starts a command with SIGINT at its default, so Ctrl-C reaches it. A shell that runs the
    suite in the background (``pytest &`` in a script, as CI runners and load tests do) starts it with
    SIGINT ignored, every child inherits that, and Python keeps an inherited SIG_IGN: a test's Ctrl-C
    would do nothing and the render would run to the end. A handler set in Python, unlike SIG_IGN, is
    reset to the default when the child execs, so one is set just while the child starts.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
    finally:
        signal.signal(signal.SIGINT, previous)


def interrupt_at(*args, signum, at, env=None, timeout=900):
    """Run ``python ARGS``; send ``signum`` as soon as it prints a line for which ``at(line)`` is true.

    Parameters
    ----------
    *args : str
        The command line after ``python``.
    signum : int
        The signal to send, e.g. ``signal.SIGINT`` for Ctrl-C.
    at : callable
        Given each line of the command's output as it comes; the first line for which it is true is the
        point the signal is sent at.
    env : dict, optional
        The command's environment (default: this one's).
    timeout : float
        Seconds the command may take to end after the signal: a guard against a hang, not a measure.

    Returns
    -------
    tuple of (int, str, str, str or None)
        The exit status, all the output, the error output, and the line the signal was sent at (None if
        the command ended without printing one, so no signal was sent).
    """
    process = start(*args, env=env)
    seen, sent_at = [], None
    for line in process.stdout:
        seen.append(line)
        if at(line):
            process.send_signal(signum)
            sent_at = line
            break
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, "".join(seen) + stdout, stderr, sent_at
