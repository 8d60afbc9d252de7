"""`make test`'s set-up: idempotent, and clear when it cannot install what is missing."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def make(*args, user=None):
    command = ["make", "--no-print-directory", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_second_setup_installs_nothing():
    result = make("setup")
    assert result.returncode == 0, result.stderr
    assert "apt-get" not in result.stdout and "Installing" not in result.stdout
    assert "pip install" not in result.stdout and "venv" not in result.stdout and "npm" not in result.stdout


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root to switch user")
def test_without_root_a_missing_package_prints_the_apt_get_line_and_stops():
    result = make("system-packages", "APT_PACKAGES=pkg-config no-such-package-here", user=65534)
    assert result.returncode != 0
    assert "Missing Debian packages: no-such-package-here." in result.stdout
    assert ("sudo apt-get update && sudo apt-get install -y --no-install-recommends no-such-package-here"
            in result.stdout)


def test_the_test_workers_keep_each_group_together(request):
    """pytest-xdist sends a group's tests to one worker only if it could add the group to their ids (pytest 9.2
    stopped it): otherwise every test is scheduled alone and each worker makes its own module-scoped renders."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("the tests run in one process")
    assert request.node.nodeid.endswith("@test_setup")
