"""render.py --batch: many variants as one graph of tasks on Dask, identical to separate renders."""

import hashlib
import json
import os
import re
import signal
import time

import pytest
from helpers import ROOT, interrupt_at, run, start

from narration.narrate import narrate
from physics.params import load_cell
from pipeline.job import Job
from pipeline.stages import plan_clips

#: The README's batch file: neuron, hyperkalemia (K.out = 8) and muscle.
BATCH = re.search(r"```toml\n(# lecture-set.toml.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)[1]
#: The scenes the three-variant batch renders (``--scenes``): those that show what a variant changed.
VARIANT_SCENES = "hook,why_it_matters"
#: The scenes the tests that kill workers render (``--scenes``): the first, and a long one.
TWO_SCENES = "hook,goldman"
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
    # The batch starts from an empty store of its own, so it speaks and draws everything: the two scenes that
    # differ most between variants (a whole variant in a batch is compared in the next test). The neuron is
    # rendered alone from the project's store (drawn and spoken apart from the batch); the other two from the
    # batch's store, so their separate assembly is compared without drawing them twice.
    store = {**os.environ, "MEMBRANE_EXPLAINER_CACHE": str(tmp_path / "store")}
    result = batch(tmp_path, BATCH, "--scenes", VARIANT_SCENES, "--cluster", cluster.scheduler.address, env=store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3/3 variants" in result.stdout
    for name, options, env in (("neuron", [], None), ("hyperkalemia", ["--set", "K.out=8"], store),
                               ("muscle", ["--cell", "skeletal_muscle"], store)):
        alone = tmp_path / "alone" / name
        separate = run("render.py", "-q", "l", *options, "--scenes", VARIANT_SCENES, "--out", str(alone),
                       timeout=900, env=env)
        assert separate.returncode == 0, separate.stderr
        assert digest(tmp_path / "out" / name) == digest(alone), name
    gallery = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert gallery.count('href="') == 3 and "−72 mV" in gallery and "outside K⁺ = 8 mM" in gallery and "−92 mV" in gallery


def test_a_failing_variant_is_named_and_the_others_land(tmp_path, cluster, default_out):
    # The cluster named by Dask's own variable this time.
    env = {**os.environ, "DASK_SCHEDULER_ADDRESS": cluster.scheduler.address}
    result = batch(tmp_path, BATCH.split("[[variant]]\nname = \"hyperkalemia\"")[0] + BROKEN, env=env)
    assert f"on {cluster.scheduler.address}" in result.stdout
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "1 of 2 variants failed: broken: " in result.stderr and "lies below E_K" in result.stderr
    assert not (tmp_path / "out" / "broken").exists()
    assert 'class="failed"' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    # The variant that landed is whole, and the same as the neuron rendered alone: its manifest holds the hash of
    # every file it published (read from the manifest: another test renders into default_out meanwhile).
    published = [json.loads((folder / "manifest.json").read_text(encoding="utf-8")) for folder in
                 (tmp_path / "out" / "neuron", default_out)]
    assert published[0] == published[1] and "explainer.mp4" in published[0]["files"]
    assert {name: sha for name, sha in digest(tmp_path / "out" / "neuron").items() if name in published[0]["files"]} \
        == published[0]["files"]


def test_a_worker_that_dies_mid_task_is_retried_and_nothing_partial_lands(tmp_path, cluster):
    # Two scenes (--scenes) are enough to kill a worker drawing one while the other draws on.
    path = tmp_path / "batch.toml"
    path.write_text('[[variant]]\nname = "hyperkalemia"\ncell = "neuron"\nset = { "K.out" = 8 }\n', encoding="utf-8")
    process = start("render.py", "--batch", str(path), "-q", "l", "--force", "--scenes", TWO_SCENES,
                    "--cluster", cluster.scheduler.address, "--out", str(tmp_path / "out"))
    for line in process.stdout:
        if "scenes to draw" in line:
            break
    killed = kill_a_worker_while_it_draws(cluster, process, tmp_path / "killed.json")
    stdout, stderr = process.communicate(timeout=900)
    assert process.returncode == 0, stdout + stderr
    # The scene the worker was drawing was drawn again: the scheduler sent it to a worker after the death.
    story = cluster.run_on_scheduler(lambda dask_scheduler: dask_scheduler.story(killed["key"]))
    assert "processing" in [finish for _, _, finish, *_, stamp in story if stamp > killed["at"]], story
    alone = run("render.py", "-q", "l", "--set", "K.out=8", "--scenes", TWO_SCENES, "--out", str(tmp_path / "alone"),
                timeout=900)
    assert alone.returncode == 0, alone.stderr
    assert digest(tmp_path / "out" / "hyperkalemia") == digest(tmp_path / "alone")
    assert {p.name for p in (tmp_path / "alone" / "scenes").glob("*.mp4")} == {
        "01-hook.mp4", "01-hook-clean.mp4", "04-goldman.mp4", "04-goldman-clean.mp4"}
    # A variant of some scenes has no page: the gallery links its first clip.
    assert 'href="hyperkalemia/scenes/01-hook.mp4"' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def kill_a_worker_while_it_draws(cluster, process, record, key=None, prefix="segments-"):
    """SIGKILL one of the ``cluster``'s workers while it is drawing a scene of the batch ``process`` runs.

    Parameters
    ----------
    cluster : distributed.Client
        The client of the cluster the batch runs on.
    process : subprocess.Popen
        The batch; it must still be running.
    record : pathlib.Path
        Where the dying worker writes what it was drawing.
    key : str, optional
        Only while it draws this task (default: any task whose key starts with ``prefix``).
    prefix : str
        The start of the keys of the tasks that draw.

    Returns
    -------
    dict
        ``key``: the task the worker was drawing; ``at``: when it died (``time.time()``).
    """

    def chosen(task):
        return str(task.key) == key if key else str(task.key).startswith(prefix)

    def die_if_drawing(dask_worker):
        # Checked and killed in the worker itself, so the task cannot end between the two.
        drawing = [task.key for task in dask_worker.state.executing if chosen(task)]
        if drawing:
            record.write_text(json.dumps({"key": drawing[0], "at": time.time()}), encoding="utf-8")
            os.kill(os.getpid(), signal.SIGKILL)

    def busy(dask_worker):
        return any(chosen(task) for task in dask_worker.state.executing)

    while not record.exists():
        assert process.poll() is None, "the batch ended before a worker was seen drawing"
        drawing = [address for address, yes in cluster.run(busy, on_error="ignore").items() if yes is True]
        if drawing:
            cluster.run(die_if_drawing, workers=drawing[:1], on_error="ignore")
        else:
            time.sleep(0.05)  # a pause between polls of the workers, not a wait for an event
    return json.loads(record.read_text(encoding="utf-8"))


def test_ctrl_c_stops_every_task_and_leaves_finished_variants_whole(tmp_path):
    path = tmp_path / "batch.toml"
    path.write_text(BATCH, encoding="utf-8")
    # Ctrl-C as the first variant is done: with --force every variant has all its scenes to draw, and the
    # scheduler takes tasks in the order they were submitted, so the others still have scenes to draw.
    status, stdout, stderr, sent_at = interrupt_at(
        "render.py", "--batch", str(path), "-q", "l", "--force", "--out", str(tmp_path / "out"),
        signum=signal.SIGINT, at=lambda line: ": done (" in line, timeout=300)
    assert sent_at and "done (1/3 variants" in sent_at, stdout + stderr
    assert stdout.count(": done (") == 1 and "variants done" not in stdout, stdout
    assert status == 130 and "interrupted" in stderr and "Traceback" not in stderr, stderr
    finished = sent_at.split("variant ")[1].split(":")[0]
    folder = tmp_path / "out" / finished
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {name: sha for name, sha in digest(folder).items() if name in manifest["files"]} == manifest["files"]
    for other in {"neuron", "hyperkalemia", "muscle"} - {finished}:
        assert not (tmp_path / "out" / other / "explainer.mp4").exists(), other


def test_a_task_that_kills_its_worker_each_time_fails_its_variant_alone(tmp_path, cluster):
    # Each time a worker draws the one scene chosen, it is killed, until the scheduler gives the task up
    # (KilledWorker): that variant fails in one line; the other is published whole, with its own outputs.
    path = tmp_path / "batch.toml"
    path.write_text('[[variant]]\nname = "doomed"\ncell = "neuron"\nset = { "K.out" = 8 }\n\n'
                    '[[variant]]\nname = "spared"\ncell = "skeletal_muscle"\n', encoding="utf-8")
    process = start("render.py", "--batch", str(path), "-q", "l", "--force", "--scenes", TWO_SCENES,
                    "--cluster", cluster.scheduler.address, "--out", str(tmp_path / "out"))
    for line in process.stdout:
        if "variant doomed: narration ready" in line:
            break
    doomed = load_cell("neuron", None, ["K.out=8"])
    target = "segments-" + plan_clips(Job(doomed, tmp_path, quality="l"), narrate(doomed))["hook"][2].stem.name
    kills = 0
    while process.poll() is None:
        try:
            kill_a_worker_while_it_draws(cluster, process, tmp_path / f"killed-{kills}.json", key=target)
        except AssertionError:  # the batch ended: the scheduler gave the task up
            break
        kills += 1
    stdout, stderr = process.communicate(timeout=900)
    assert kills > 1, (kills, target, stdout, stderr)
    assert process.returncode == 2 and stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    assert "doomed: its assembly killed a worker three times" in stderr and "spared:" not in stderr, stderr
    assert not (tmp_path / "out" / "doomed" / "scenes").exists()
    manifest = json.loads((tmp_path / "out" / "spared" / "scenes" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["cell"] == "skeletal_muscle" and [s["name"] for s in manifest["scenes"]] == ["hook", "goldman"]
