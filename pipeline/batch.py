"""Many jobs in one command (``render.py --batch FILE.toml``) as a graph of tasks on Dask's distributed scheduler.

The graph: speech (one task per sentence not yet in the store) → narration per
variant → scene segments (one task per segment set not yet in the store) → assembly
and checks per variant, into ``OUT/<name>/``; then a gallery ``OUT/index.html``.
Tasks are named by content (the speech cache key, the segments' stem), so work two
variants share is made once. Files pass between tasks through the content-addressed
store (:data:`common.store.STORE`), passed to every task by its path (on a cluster, a
folder every worker reaches there).
"""

import html
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from common.errors import ExplainerError
from common.store import STORE
from narration.locale import ENGLISH
from pipeline.publish import Lock, read_manifest
from pipeline.stages import job_narration, plan_clips, publish_job


class BatchError(ExplainerError, ValueError):
    """The batch cannot be used; the message says why."""


@dataclass
class Variant:
    """One ``[[variant]]``: its name, its :class:`~pipeline.job.Job` (None if its values were refused), and
    how it ended."""

    name: str
    job: object = None
    failure: str = None
    manifest: dict = field(default_factory=dict)


def run_batch(variants, out, progress, cluster=None, workers=1):
    """Run every variant's job on Dask; write the gallery ``out/index.html``; return 0 if all are done.

    ``cluster`` is a scheduler's address (else Dask's own ``DASK_SCHEDULER_ADDRESS``; with neither, a local
    cluster of ``workers`` processes). Raises :class:`BatchError` naming the variants that failed.
    """
    import dask

    address = cluster or dask.config.get("scheduler-address", None)
    progress(f"batch: {len(variants)} variants, on {address or 'this machine'}")
    with _client(address, workers) as client:
        Graph(client, variants, progress).run()
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(gallery_html(variants), encoding="utf-8")
    failed = [v for v in variants if v.failure]
    for variant in failed:
        progress(f"variant {variant.name}: failed: {variant.failure}")
    progress(f"batch: {len(variants) - len(failed)} of {len(variants)} variants done; gallery {out / 'index.html'}")
    if failed:
        raise BatchError(f"{len(failed)} of {len(variants)} variants failed: "
                         + "; ".join(f"{v.name}: {v.failure}" for v in failed))
    return 0


class _client:
    """A Dask client: to the scheduler at ``address``, or to a local cluster of ``jobs`` worker processes."""

    def __init__(self, address, jobs):
        self.address, self.jobs, self.cluster = address, jobs, None

    def __enter__(self):
        from dask.distributed import Client, LocalCluster

        if self.address:
            self.client = Client(self.address)
        else:
            self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=50)
            self.client = Client(self.cluster)
        return self.client

    def __exit__(self, *exc):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class Graph:
    """The batch's tasks on a Dask ``client``: submitted as what they need is known, named by content."""

    def __init__(self, client, variants, progress):
        self.client, self.variants, self.progress = client, variants, progress
        self.started, self.tasks = time.monotonic(), {}

    def submit(self, key, function, *args):
        """A task named ``key``: two variants asking for the same key share one task. Retried if a worker dies."""
        if key not in self.tasks:
            self.tasks[key] = self.client.submit(function, *args, key=key, retries=2, pure=False)
        return self.tasks[key]

    def run(self):
        from dask.distributed import KilledWorker, as_completed

        waiting = as_completed()
        for variant in [v for v in self.variants if not v.failure]:
            try:  # the script's claims are checked here, before any speech
                missing = _missing_speech(variant.job)
            except ExplainerError as error:
                variant.failure = str(error)
                continue
            speech = [self.submit(f"speech-{key}", speak, variant.job.voice, text, STORE)
                      for key, text in missing]
            future = self.submit(f"narration-{variant.name}", narrate_job, variant.job, STORE, *speech)
            future.variant, future.stage = variant, "narration"
            waiting.add(future)
        try:
            for future in waiting:
                variant, stage = future.variant, future.stage
                try:
                    result = future.result()
                except KilledWorker:
                    variant.failure = f"its {stage} killed a worker three times (out of memory?); see the workers' logs"
                    self.progress(f"variant {variant.name}: {stage} failed")
                    continue
                except ExplainerError as error:
                    variant.failure = str(error)
                    self.progress(f"variant {variant.name}: {stage} failed")
                    continue
                if stage == "narration":
                    waiting.add(self._assembly(variant, result))
                else:
                    variant.manifest = result
                    self.progress(f"variant {variant.name}: done ({self._counts()})")
        except KeyboardInterrupt:
            self.client.cancel(list(waiting.futures))
            raise

    def _assembly(self, variant, narration):
        """Submit the variant's missing segments and its assembly; return the assembly's future."""
        job = variant.job
        plan = {name: planned for name, planned in plan_clips(job, narration, STORE).items() if name in job.scenes}
        segments = [self.submit(f"segments-{planned.stem.name}", render_segments, job, scene_input, captions,
                                planned, STORE)
                    for scene_input, captions, planned in plan.values() if job.force or not planned.is_whole()]
        self.progress(f"variant {variant.name}: narration ready, {len(segments)} scenes to draw ({self._counts()})")
        clips = {name: planned for name, (_, _, planned) in plan.items()}
        future = self.submit(f"assembly-{variant.name}", publish_variant, job, narration, clips, STORE, *segments)
        future.variant, future.stage = variant, "assembly"
        return future

    def _counts(self):
        finished = sum(1 for v in self.variants if v.manifest)
        done = sum(1 for future in self.tasks.values() if future.done())
        each = (time.monotonic() - self.started) / max(1, done)
        left = each * (len(self.tasks) - done) / max(1, len(self.client.scheduler_info()["workers"]))
        return f"{finished}/{len(self.variants)} variants, {done}/{len(self.tasks)} tasks, about {left:.0f} s left"


def _missing_speech(job):
    """(cache key, text) of each sentence of the job's script the store does not hold yet."""
    from narration.cache import SpeechCache
    from narration.script import load_script

    cache = SpeechCache(job.voice, STORE / "narration")
    sentences = [s.spoken for s in load_script(job.cell, job.locale, job.script).every_wording]
    return [(cache.key(text), text) for text in dict.fromkeys(sentences)
            if not (cache.directory / f"{cache.key(text)}.json").exists()]


# The tasks: module functions, so any worker that can import the project runs them. Each is
# given its job and the client's store, the folder every worker reaches.

def speak(voice, text, store):
    """Speak ``text`` with ``voice`` into the store (a task of its own, so two variants share it)."""
    from narration.cache import SpeechCache

    SpeechCache(voice, Path(store) / "narration").speak(text)


def narrate_job(job, store, *speech):
    """The job's narration, from the speech its tasks put in the store: read, never spoken again here
    (``--force`` redraws the scenes; it does not make every narration task speak every sentence anew)."""
    return job_narration(replace(job, force=False), lambda line: None, store)


def render_segments(job, scene_input, captions, segments, store):
    """Draw and encode one scene of ``job`` into the store."""
    from scenes.clip import render_segments as draw

    return draw(scene_input, captions, segments, job.quality, Path(store) / "work", job.fmt)


def publish_variant(job, narration, clips, store, *segments):
    """Assemble, check and publish one variant into its folder; return its manifest."""
    with Lock(job.out):
        publish_job(job, narration, clips, lambda line: None, store)
    return read_manifest(job.out / job.manifest_name)


def gallery_html(variants):
    """The gallery: each variant, its resting potential and what changed, linked to its page (or, rendered with
    ``--scenes``, its first clip).

    Its words are the variants' language when they share one (``words.toml [gallery]``), else English's; each
    variant's title carries its own ``lang``.
    """
    codes = {v.job.locale.code for v in variants if v.job is not None}
    locale = next(v.job.locale for v in variants if v.job is not None) if len(codes) == 1 else ENGLISH
    text = locale.words["gallery"]
    rows = []
    for variant in variants:
        name = html.escape(variant.name)
        if variant.failure:
            failed = html.escape(text["failed"].format(error=variant.failure))
            rows.append(f'<tr class="failed"><th scope="row">{name}</th><td colspan="2">{failed}</td></tr>')
            continue
        rest = f"{variant.manifest['physics']['rest_mv']:.0f} mV".replace("-", "−")
        lang = variant.manifest.get("language", locale.code)
        # A variant of some scenes (--scenes) has no page: its link is its first clip.
        target = "index.html" if variant.job.whole else variant.manifest["scenes"][0]["file"]
        rows.append(f'<tr><th scope="row"><a href="{name}/{target}">{name}</a></th><td>{rest}</td>'
                    f'<td lang="{lang}">{html.escape(variant.manifest["title"])}</td></tr>')
    title = html.escape(text["title"].format(count=len(variants)))
    return f"""<!doctype html>
<html lang="{locale.code}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:DejaVu Sans,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem}}
table{{border-collapse:collapse;width:100%}}th,td{{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}}
.failed{{color:#a00}}</style></head>
<body><h1>{title}</h1>
<table><thead><tr><th scope="col">{html.escape(text["variant"])}</th><th scope="col">{html.escape(text["rest"])}</th>
<th scope="col">{html.escape(text["explainer"])}</th></tr>
</thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
