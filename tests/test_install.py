"""`pip install .` (not editable) gives a `membrane-explainer` command that works from any folder."""

import os
import subprocess
import sys

from helpers import ROOT

from narration.locale import languages


def test_the_installed_command_plans_a_render_from_another_folder(tmp_path):
    target, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    built = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                            str(ROOT)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    # The templates and every language's script and words came along as package data.
    data = [f"assembly/{name}" for name in ("page.html", "page.css", "page.js", "handout.html", "handout.css")]
    data += [f"narration/locales/{code}/{name}" for code in languages() for name in ("script.toml", "words.toml")]
    for name in data:
        assert (target / name).is_file(), name
    installed = sorted(p for p in target.rglob("*") if "__pycache__" not in p.parts)
    # Only the installed copy is importable: the checkout is not on the path, and the store is the test's.
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    result = subprocess.run([str(target / "bin" / "membrane-explainer"), "--dry-run", "-q", "l", "--out", "out"],
                            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "dry run: nothing rendered" in result.stdout
    where = subprocess.run([sys.executable, "-c", "import pipeline; print(pipeline.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(target)), where.stdout + where.stderr
    assert sorted(p for p in target.rglob("*") if "__pycache__" not in p.parts) == installed, \
        "the command wrote into its install folder"
