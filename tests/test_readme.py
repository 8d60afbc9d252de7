"""The README's examples run, and print what the README says they print."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


def test_python_example_prints_what_its_comments_say():
    (code,) = blocks("python")
    expected = [m.group(1) for m in re.finditer(r"^print\(.*\)\s+# (.*)$", code, flags=re.M)]
    assert expected, "the example states what it prints"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == expected


def test_shell_examples_run(tmp_path):
    commands = [line.split("#")[0].strip() for block in blocks("sh") for line in block.splitlines()]
    python_commands = [c for c in commands if c.startswith(".venv/bin/python")]
    assert len(python_commands) >= 5
    for command in python_commands:
        args = [str(tmp_path / a) if a.startswith("output/") else a for a in shlex.split(command)[1:]]
        result = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, (command, result.stderr)
    assert "make test" in commands


def test_toml_example_is_a_valid_params_file(tmp_path):
    (toml,) = blocks("toml")
    path = tmp_path / "hyperkalemia.toml"
    path.write_text(toml)
    result = subprocess.run([sys.executable, "-m", "physics", "--params", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2].split()[:3] == ["K⁺", "140", "8"]
