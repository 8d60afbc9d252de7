"""render.py --batch: many variants as one graph of tasks on Dask, identical to separate renders."""

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from helpers import ROOT, run

#: The README's batch file: neuron, hyperkalemia (K.out = 8) and muscle.
BATCH = re.search(r"```toml\n(# lecture-set.toml.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)[1]
BROKEN = """
[[variant]]
name = "broken"
cell = "neuron"
set = { "K.out" = 40 }
"""


def digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".render.lock"}


@pytest.fixture(scope="module")
def cluster():
    """One local Dask cluster, two worker processes, shared by the tests that need it."""
    from dask.distributed import Client, LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(local)
    yield client
    client.close()
    local.close()


def batch(tmp_path, text, *args, env=None):
    path = tmp_path / "batch.toml"
    path.write_text(text, encoding="utf-8")
    return run("render.py", "--batch", str(path), "-q", "l", "--out", str(tmp_path / "out"), *args, timeout=900,
               env=env)


def test_three_variants_equal_three_separate_renders(tmp_path, cluster):
    # The batch starts from an empty store of its own; the separate renders use the project's.
    store = {**os.environ, "MEMBRANE_EXPLAINER_CACHE": str(tmp_path / "store")}
    result = batch(tmp_path, BATCH, "--cluster", cluster.scheduler.address, env=store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3/3 variants" in result.stdout
    for name, options in (("neuron", []), ("hyperkalemia", ["--set", "K.out=8"]),
                          ("muscle", ["--cell", "skeletal_muscle"])):
        alone = tmp_path / "alone" / name
        separate = run("render.py", "-q", "l", *options, "--out", str(alone), timeout=900)
        assert separate.returncode == 0, separate.stderr
        assert digest(tmp_path / "out" / name) == digest(alone), name
    gallery = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert gallery.count('href="') == 3 and "−72 mV" in gallery and "K.out = 8" in gallery and "−92 mV" in gallery


def test_a_failing_variant_is_named_and_the_others_land(tmp_path, cluster):
    # The cluster named by Dask's own variable this time.
    env = {**os.environ, "DASK_SCHEDULER_ADDRESS": cluster.scheduler.address}
    result = batch(tmp_path, BATCH.split("[[variant]]\nname = \"hyperkalemia\"")[0] + BROKEN, env=env)
    assert f"on {cluster.scheduler.address}" in result.stdout
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "1 of 2 variants failed: broken: " in result.stderr and "lies below E_K" in result.stderr
    assert (tmp_path / "out" / "neuron" / "explainer.mp4").exists() and not (tmp_path / "out" / "broken").exists()
    assert 'class="failed"' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_worker_that_dies_mid_task_is_retried_and_nothing_partial_lands(tmp_path, cluster):
    path = tmp_path / "batch.toml"
    path.write_text('[[variant]]\nname = "hyperkalemia"\ncell = "neuron"\nset = { "K.out" = 8 }\n', encoding="utf-8")
    process = subprocess.Popen([sys.executable, "render.py", "--batch", str(path), "-q", "l", "--force", "--cluster",
                                cluster.scheduler.address, "--out", str(tmp_path / "out")], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        if "scenes to draw" in line:
            break
    time.sleep(2)  # both workers are drawing: kill one; its nanny starts another, the scheduler retries
    os.kill(next(iter(cluster.run(os.getpid).values())), signal.SIGKILL)
    stdout, stderr = process.communicate(timeout=900)
    assert process.returncode == 0, stdout + stderr
    alone = run("render.py", "-q", "l", "--set", "K.out=8", "--out", str(tmp_path / "alone"), timeout=900)
    assert alone.returncode == 0, alone.stderr
    assert digest(tmp_path / "out" / "hyperkalemia") == digest(tmp_path / "alone")


def test_ctrl_c_stops_every_task_and_leaves_finished_variants_whole(tmp_path):
    path = tmp_path / "batch.toml"
    path.write_text(BATCH, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "render.py", "--batch", str(path), "-q", "l", "--force", "--out",
                                str(tmp_path / "out")], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    finished = None
    for line in process.stdout:
        if ": done (" in line:
            finished = line.split("variant ")[1].split(":")[0]
            process.send_signal(signal.SIGINT)
            break
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr, stderr
    folder = tmp_path / "out" / finished
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {name: sha for name, sha in digest(folder).items() if name in manifest["files"]} == manifest["files"]
    for other in {"neuron", "hyperkalemia", "muscle"} - {finished}:
        assert not (tmp_path / "out" / other / "explainer.mp4").exists(), other
