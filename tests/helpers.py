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


def too_fast_scenes(timeline, limit_wpm=160):
    """The scenes of ``timeline`` said too fast over their spoken span (first word to last), each as "name: N
    words in S s"; the words must be in order and inside their scene.

    A scene of two or more beats may be said at most ``limit_wpm`` words a minute (the timeline lengthens the
    pauses between its beats to hold it); a scene of one sentence, said at the voice's own pace, at most 180/160
    of it, the upper end of DCMP's and the BBC's guidance (docs/STANDARDS.md).
    """
    fast = []
    for scene in timeline.scenes:
        words = [word for beat in scene.beats for word in beat.words]
        starts = [word.start_s for word in words]
        assert starts == sorted(starts) and 0 <= starts[0] and words[-1].end_s <= scene.duration_s, scene.name
        span_s = words[-1].end_s - words[0].start_s
        if len(words) / span_s * 60 > limit_wpm * (1 if len(scene.beats) > 1 else 180 / 160):
            fast.append(f"{scene.name}: {len(words)} words in {span_s:.2f} s")
    return fast
