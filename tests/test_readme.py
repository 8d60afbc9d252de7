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
    (code,) = [b for b in blocks("python") if "print(" in b]
    expected = [m.group(1) for m in re.finditer(r"^print\(.*\)\s+# (.*)$", code, flags=re.M)]
    assert expected, "the example states what it prints"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == expected


def test_shell_examples_run(tmp_path):
    (lecture,) = [b for b in blocks("python") if b.startswith("# muscle_leak.py")]
    (tmp_path / "muscle_leak.py").write_text(lecture)
    commands = [line.split("#")[0].strip() for block in blocks("sh") for line in block.splitlines()]
    runnable = [c for c in commands if c.startswith((".venv/bin/python", ".venv/bin/manim"))]
    assert len(runnable) >= 14
    for command in runnable:
        args = [str(tmp_path / a) if a.startswith("output/") or a == "muscle_leak.py" else a
                for a in shlex.split(command)[1:]]
        if command.startswith(".venv/bin/manim"):
            args = ["-m", "manim", "--media_dir", str(tmp_path / "media"), *args]
        if args[0] == "render.py":
            args += ["-q", "l"]  # at 480p, to keep the test short: the last -q wins
        # A render or a manim scene: as long as the other renders are given.
        result = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, (command, result.stderr)
    assert "make test" in commands and "make video" in commands
    assert (tmp_path / "output" / "hyperkalemia" / "explainer.mp4").exists()
    assert (tmp_path / "output" / "lecture" / "scenes" / "03-potassium_leak.mp4").exists()
    clip = tmp_path / "media" / "videos" / "potassium_leak" / "480p15" / "PotassiumLeak.mp4"
    assert clip.exists()
    assert (tmp_path / "media" / "videos" / "muscle_leak" / "480p15" / "MusclePotassiumLeak.mp4").exists()
    assert (tmp_path / "output" / "contact-sheet.png").exists()

def test_toml_example_is_a_valid_params_file(tmp_path):
    (toml,) = [b for b in blocks("toml") if "[[variant]]" not in b]  # the other is the batch file
    path = tmp_path / "hyperkalemia.toml"
    path.write_text(toml)
    result = subprocess.run([sys.executable, "-m", "physics", "--params", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2].split()[:3] == ["K⁺", "140", "8"]
