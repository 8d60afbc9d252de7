"""The stages of a job, each from values to the value or path it makes: narration, clips, the published folder."""

import contextlib
import ctypes
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from assembly.build import Assembly
from assembly.checks import check_outputs
from assembly.explorer import stored_grid
from assembly.handout import find_chromium
from common import store as _store
from common.plan import scene_stem
from narration.captions import caption_file
from narration.narrate import narrate
from pipeline.manifest import build_manifest, licence
from pipeline.publish import Lock, RenderError, publish, refuse_mixing, up_to_date
from scenes.clip import plan_segments, remove_stale_work, render_segments
from scenes.inputs import scene_inputs


def check_system(lecture=False):
    """The programs rendering needs beyond Python packages; with ``lecture``, the browser that prints the
    handout too, found before anything is spoken or drawn."""
    missing = [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]
    if missing:
        raise RenderError(f"{', '.join(missing)} not found: LaTeX is needed for the equations. Run 'make test' "
                          "(it installs texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm)")
    if lecture:
        find_chromium()


def _root(store):
    """The store given, else this process's (:data:`common.store.STORE`, read at the call)."""
    return Path(store or _store.STORE)


def job_narration(job, progress, store=None):
    """The job's narration: its script filled for its cell, checked, spoken by its voice (cached) and timed."""
    progress(f"narration: {job.cell.name}, voice {job.voice.name}")
    narration = narrate(job.cell, voice=job.voice, locale=job.locale, force=job.force, script_path=job.script,
                        cache_dir=_root(store) / "narration")
    progress(f"narration: {narration.script.word_count} words, {narration.timeline.duration_s:.1f} s, "
             f"{sum(narration.hits.values())}/{len(narration.hits)} sentences from the cache")
    return narration


def plan_clips(job, narration, store=None):
    """Each scene's input, the captions (ASS text) its segments burn in, and its cached
    :class:`~scenes.clip.Segments`, keyed by scene name."""
    plan = {}
    for name, scene_input in scene_inputs(narration).items():
        captions = None if job.silent else caption_file(narration.cues(job.fps, name), job.locale.captions, fmt=job.fmt).to_string("ass")
        segments = plan_segments(scene_input, job.quality, captions, _root(store) / "scenes", job.fmt)
        plan[name] = (scene_input, captions, segments)
    return plan


def clips_to_render(job, plan, progress):
    """The names of the job's scenes whose segments the store lacks (or all of them, with ``force``)."""
    todo = []
    for name in job.scenes:
        segments = plan[name][2]
        if not job.force and segments.is_whole():
            progress(f"scene {name}: cached")
        else:
            if segments.seal.exists() and not job.force:
                progress(f"scene {name}: the cached clip is damaged; rendering it again")
            todo.append(name)
    return todo


def render_clips(job, plan, todo, progress, workers, store=None):
    """Draw and encode the scenes named in ``todo``, ``workers`` at a time; return the job's segments by name."""
    remove_stale_work(_root(store) / "work")  # what killed renders left, whether or not this one draws
    if todo:
        (_root(store) / "scenes").mkdir(parents=True, exist_ok=True)
        _return_freed_memory()
        started, workers = time.monotonic(), max(1, min(workers, len(todo)))
        # The longest first, so the last to start is short and neither worker long waits for the other at the end.
        longest_first = sorted(todo, key=lambda name: -plan[name][0].timeline.duration_s)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(render_segments, *plan[name], job.quality, _root(store) / "work", job.fmt): name
                       for name in longest_first}
            # The page's explorer grid (seconds of CPU) after them, on the first worker free: it fills the end
            # of this stage rather than running alone after it.
            grid = pool.submit(stored_grid, job.locale, _root(store) / "explorer") if job.whole else None
            for done, future in enumerate(as_completed(futures), 1):
                future.result()
                left = (time.monotonic() - started) / done * (len(todo) - done) / workers
                progress(f"scene {futures[future]}: rendered ({done}/{len(todo)}, about {left:.0f} s left)")
            if grid:
                grid.result()
    return {name: plan[name][2] for name in job.scenes}


def _return_freed_memory():
    """Hand memory freed since the voice spoke (about 250 MB) back to the system before the workers fork.

    glibc keeps freed heap for reuse; each forked worker would carry it too.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def publish_job(job, narration, clips, progress, store=None):
    """Assemble, check and publish the outputs of a job whose segments are made; return the output folder.

    The caller holds the folder's :class:`~pipeline.publish.Lock`. A folder already holding this render is
    left as it is.
    """
    out = Path(job.out)
    manifest = build_manifest(job, narration, clips)
    manifest_name = job.manifest_name
    if not job.whole:
        refuse_mixing(out, manifest)
    if not job.force and up_to_date(out, out / manifest_name, manifest):
        progress(f"up to date: {out} already holds this render (--force makes it again)")
        return out
    staging = out / f".staging-{os.getpid()}"
    try:
        assembly = Assembly(staging, narration, job.fps, job.silent, progress, list(job.scenes),
                            _root(store), job.force, job.music, job.fmt)
        assembly.scene_clips(clips)
        if job.whole:
            assembly.explainer([clips[n] for n in job.scenes])
            assembly.page(manifest, licence(), job.one_file)
            if job.lecture:
                assembly.lecture(manifest, licence())
        else:
            assembly.manifest(manifest, manifest_name)
        assembly.finish()
        progress("checking the outputs against docs/STANDARDS.md")
        check_outputs(staging, job.fps, caption_sets(narration, job), output_videos(narration, job),
                      job.locale.captions, job.silent, job.fmt, _root(store) / "loudness")
        publish(staging, out, manifest_name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress(f"done: {out}/{'explainer.mp4' if job.whole else 'scenes/'}")
    return out


def caption_sets(narration, job):
    """Caption file stems to check, with the written words and text they must match."""
    sets = {"explainer": narration.caption_words()} if job.whole else {}
    for index, scene in enumerate(narration.timeline.scenes, 1):
        if scene.name in job.scenes:
            sets[f"scenes/{scene_stem(index, scene.name)}"] = narration.caption_words(scene.name)
    return sets


def output_videos(narration, job):
    """The video files a render writes."""
    videos = ["explainer.mp4", "explainer-clean.mp4"] if job.whole else []
    return videos + [f"scenes/{scene_stem(i, s.name)}{kind}.mp4" for i, s in enumerate(narration.timeline.scenes, 1)
                     if s.name in job.scenes for kind in ("", "-clean")]


def run_job(job, progress, workers=1, store=None):
    """Every stage of ``job`` in this process (scenes drawn by ``workers`` processes), holding the output
    folder's lock from the start; return the output folder."""
    with Lock(job.out):
        narration = job_narration(job, progress, store)
        plan = plan_clips(job, narration, store)
        clips = render_clips(job, plan, clips_to_render(job, plan, progress), progress, workers, store)
        return publish_job(job, narration, clips, progress, store)

