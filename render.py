"""Render the explainer: parameters → narration → scene clips (parallel, cached) → checked outputs."""

import argparse
import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import sys
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor, as_completed
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from assembly.build import Assembly, ion_rows, physics_summary
from assembly.checks import check_outputs
from common.ffmpeg import DISK_FULL
from assembly.music import read_music
from common.store import STORE
from narration.captions import caption_file
from narration.narrate import narrate
from narration.script import SCRIPT_PATH
from narration.voices import make_voice
from narration.words import page_text, titles
from physics import PRESETS, ExplainerError, resting_state
from physics.params import CommandParser, add_cell_arguments, cell_from_args, parameters
from common.plan import SCENES_IN_ORDER, scene_stem
from common.format import LANDSCAPE, QUALITIES
from common.store import file_sha256
from scenes.clip import plan_segments, remove_stale_work, render_segments
from scenes.inputs import scene_inputs

ROOT = Path(__file__).resolve().parent
CACHE = STORE
#: Changes when the code that assembles and checks the outputs changes, or the physics (every preset's,
#: which the page's explorer embeds).
ASSEMBLY_VERSION = hashlib.sha256(b"".join(
    p.read_bytes() for p in sorted([*(ROOT / "assembly").glob("*"), *(ROOT / "physics").glob("*.py")])
    if p.suffix in (".py", ".html", ".css", ".js"))).hexdigest()[:16]
#: The project's licence, named on the page.
LICENCE = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
EXAMPLES = """examples:
  python render.py                                   the neuron explainer into output/
  python render.py --cell skeletal_muscle --out output/muscle
  python render.py --set K.out=8 --out output/hyperkalemia
  python render.py --scenes potassium_leak -q h      one scene for a lecture
  python render.py --dry-run                         check everything, render nothing
  python render.py --one-file                        also explainer.html: the page as one file
"""


class RenderError(ExplainerError, RuntimeError):
    """The render cannot go on; the message says why."""


class Progress:
    """Lines a person can follow: stage, scene, elapsed time and an estimate of what is left."""

    def __init__(self):
        self.started = time.monotonic()

    def __call__(self, line):
        print(f"[{time.monotonic() - self.started:6.1f} s] {line}", flush=True)


def parse_args(argv):
    parser = CommandParser(prog="python render.py", description=__doc__, epilog=EXAMPLES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    add_cell_arguments(parser)
    parser.add_argument("-q", "--quality", choices=list(QUALITIES), default="h",
                        help="manim's qualities: l 480p15, m 720p30, h 1080p60 (default), p 1440p60, k 2160p60")
    parser.add_argument("--voice", choices=("piper", "gtts"), default="piper",
                        help="piper: offline voice (default); gtts: Google's voice, needs the network")
    parser.add_argument("--lang", default="en", help="gTTS language (default: en)")
    parser.add_argument("--script", default=SCRIPT_PATH, metavar="FILE",
                        help="the narration script (default: narration/script.toml)")
    parser.add_argument("--scenes", metavar="NAME,...", help="render only these scenes' clips, e.g. hook,goldman")
    parser.add_argument("--out", default="output", metavar="DIR", help="output folder (default: output)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="scenes rendered at once (default: the number of cores)")
    parser.add_argument("--silent", action="store_true", help="lecture mode: same timing, no narration, no captions")
    parser.add_argument("--music", metavar="FILE",
                        help="lay FILE (WAV, MP3, ...) under the narration as a bed, looped or trimmed to the video, "
                             "ducked while the voice speaks and faded out at the end")
    parser.add_argument("--force", action="store_true", help="ignore the caches: synthesize and render everything")
    parser.add_argument("--dry-run", action="store_true",
                        help="validate and plan (script, timings, cache hits); render nothing")
    parser.add_argument("--batch", metavar="FILE.toml",
                        help="render every [[variant]] of FILE into --out/<name>/, with a gallery --out/index.html")
    parser.add_argument("--cluster", metavar="ADDRESS",
                        help="with --batch: the Dask scheduler to run on (default: a local cluster of --jobs workers)")
    parser.add_argument("--one-file", action="store_true",
                        help="also write explainer.html: the page as one self-contained file, video included")
    parser.add_argument("--list-scenes", action="store_true", help="print the scenes in order")
    parser.add_argument("--list-cells", action="store_true", help="print the cell presets")
    parser.add_argument("--contact-sheet", action="store_true",
                        help="write contact-sheet.png (one still per beat) into the output folder instead of video")
    return parser, parser.parse_args(argv)


def check_music(args):
    """Stop a render whose --music cannot be used, before any speech or drawing; return the checked music."""
    if args.music is None:
        return None
    if args.silent:
        raise RenderError("--music lays a bed under the narration and --silent has none: drop one of them")
    return read_music(args.music)


def check_system():
    """The programs rendering needs beyond Python packages."""
    missing = [tool for tool in ("latex", "dvisvgm") if shutil.which(tool) is None]
    if missing:
        raise RenderError(f"{', '.join(missing)} not found: LaTeX is needed for the equations. Run 'make test' "
                          "(it installs texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm)")


class Lock:
    """One render at a time per output folder.

    An ``flock`` on ``.render.lock``: the kernel releases it when the process ends,
    however it ends, so a killed render never blocks the folder. Holding it, the
    render removes what killed renders left behind (their staging folders).
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        self.path = self.folder / ".render.lock"

    def __enter__(self):
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "a")
        except OSError as error:
            raise RenderError(f"cannot write to the output folder {self.folder}: {error.strerror}; "
                              "choose another --out") from None
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise RenderError(f"another render is writing to {self.folder}; wait for it or choose another --out"
                              ) from None
        for stale in self.folder.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return self

    def __exit__(self, *exc):
        self.handle.close()  # closing releases the lock


def plan_clips(narration, quality, silent=False):
    """Each scene's input, the captions (ASS text) its segments burn in, and its cached
    :class:`~scenes.clip.Segments`, keyed by scene name."""
    fps = QUALITIES[quality][1]
    plan = {}
    for name, scene_input in scene_inputs(narration).items():
        captions = None if silent else caption_file(narration.cues(fps, name)).to_string("ass")
        plan[name] = (scene_input, captions, plan_segments(scene_input, quality, captions, CACHE / "scenes"))
    return plan


def render_clips(names, narration, args, progress):
    """Every scene's segments in ``names``, from the cache or drawn and encoded in parallel; name → Segments."""
    clips, todo = {}, []
    remove_stale_work(CACHE / "work")
    plan = plan_clips(narration, args.quality, args.silent)
    for name in names:
        segments = clips[name] = plan[name][2]
        if not args.force and segments.is_whole():
            progress(f"scene {name}: cached")
        else:
            if segments.seal.exists() and not args.force:
                progress(f"scene {name}: the cached clip is damaged; rendering it again")
            todo.append(name)
    if args.dry_run or not todo:
        return clips, todo
    (CACHE / "scenes").mkdir(parents=True, exist_ok=True)
    _return_freed_memory()
    started = time.monotonic()
    with ProcessPoolExecutor(max_workers=max(1, min(args.jobs, len(todo)))) as pool:
        futures = {pool.submit(render_segments, *plan[name], args.quality, CACHE / "work"): name for name in todo}
        for done, future in enumerate(as_completed(futures), 1):
            future.result()
            each = (time.monotonic() - started) / done
            left = each * (len(todo) - done) / max(1, min(args.jobs, len(todo)))
            progress(f"scene {futures[future]}: rendered ({done}/{len(todo)}, about {left:.0f} s left)")
    return clips, todo


def _return_freed_memory():
    """Hand memory freed since the voice spoke (about 250 MB) back to the system before the workers fork.

    glibc keeps freed heap for reuse; each forked worker would carry it too.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def build_manifest(cell, narration, args, names, clips, bed=None):
    width, height, fps = LANDSCAPE.pixels(args.quality)
    state = resting_state(cell)
    scenes = [{"name": s.name, "title": titles()[s.name], "start_s": round(s.start_s, 6),
               "duration_s": round(s.duration_s, 6), "file": f"scenes/{scene_stem(i, s.name)}.mp4",
               "clean_file": f"scenes/{scene_stem(i, s.name)}-clean.mp4",
               "beats": [{"name": b.name, "start_s": round(s.start_s + b.start_s, 6),
                          "end_s": round(s.start_s + b.start_s + b.duration_s, 6), "text": b.written}
                         for b in s.beats]}
              for i, s in enumerate(narration.timeline.scenes, 1) if s.name in names]
    versions = {}
    for package in ("membrane-explainer", "manim", "numpy", "scipy", "piper-tts", "gTTS", "pysubs2", "num2words"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    phrases, text = narration.script.story.phrases, page_text()
    inputs = {"parameters": parameters(cell), "cell": cell.name, "voice": narration.timeline.voice,
              "quality": args.quality, "silent": args.silent, "clips": sorted(s.stem.name for s in clips.values()),
              "assembly": ASSEMBLY_VERSION, "one_file": args.one_file, "page": text}
    music = {"music": {"file": bed.path.name, "sha256": bed.sha256}} if bed else {}
    inputs.update(music)
    variant = "".join(f", {key} = {new:g}" for key, (_, new) in narration.script.story.changes.items())
    written = {key: phrases[key].written for key in ("rest", "ghk", "pump")}
    return {
        "title": text["title"].format(cell=phrases["cell"].written) + variant,
        "cell": cell.name,
        "cell_label": phrases["cell"].written,
        "parameters": {"cell": cell.name, **parameters(cell)},
        "physics": physics_summary(state),
        "ions": ion_rows(cell, state),
        "written": written,
        "summary": text["summary"].format(**written),
        "scenes": scenes,
        "duration_s": round(narration.timeline.duration_s, 6),
        "voice": None if args.silent else narration.timeline.voice,
        "quality": args.quality,
        "fps": fps,
        "resolution": [width, height],
        "silent": args.silent,
        "versions": versions,
        **music,
        "input_hash": hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest(),
    }


def run(args, progress):
    names = list(SCENES_IN_ORDER) if args.scenes is None else [n.strip() for n in args.scenes.split(",")]
    unknown = [n for n in names if n not in SCENES_IN_ORDER]
    if unknown:
        raise RenderError(f"unknown scene {', '.join(repr(n) for n in unknown)}: choose from "
                          f"{', '.join(SCENES_IN_ORDER)}")
    if len(set(names)) != len(names):
        raise RenderError(f"--scenes names a scene twice ({args.scenes}): name each once")
    if args.jobs < 1:
        raise RenderError(f"--jobs = {args.jobs} is not allowed: must be 1 or more")
    cell = cell_from_args(args)
    check_music(args)
    check_system()
    out = Path(args.out)
    # A dry run writes nothing, so it needs no lock; a render holds one from the start.
    with contextlib.nullcontext() if args.dry_run else Lock(out):
        return produce(args, names, cell, out, progress)


def produce(args, names, cell, out, progress):
    """Narration, scene segments, assembly, checks and publishing, in that order."""
    progress(f"narration: {cell.name}, voice {args.voice}")
    narration = narrate(cell, voice=make_voice(args.voice, args.lang), force=args.force, script_path=args.script)
    progress(f"narration: {narration.script.word_count} words, {narration.timeline.duration_s:.1f} s, "
             f"{sum(narration.hits.values())}/{len(narration.hits)} sentences from the cache")
    if args.contact_sheet:
        from scenes.stills import contact_sheet

        if not args.dry_run:
            progress(f"wrote {contact_sheet(out / 'contact-sheet.png', narration)}")
        return 0
    clips, todo = render_clips(names, narration, args, progress)
    if args.dry_run:
        for scene in narration.timeline.scenes:
            print(f"  {scene.name:<24}{scene.start_s:7.2f} s +{scene.duration_s:6.2f} s  "
                  f"{'render' if scene.name in todo else 'cached'}")
        progress("dry run: nothing rendered")
        return 0
    return assemble(args, names, cell, out, narration, clips, progress)


def assemble(args, names, cell, out, narration, clips, progress, store=None):
    """Assembly, checks and publishing of a render whose segments are made, with the store at ``store``
    (default: :data:`CACHE`); 0 when done."""
    fps = QUALITIES[args.quality][1]
    whole = names == list(SCENES_IN_ORDER)
    bed = check_music(args)
    manifest = build_manifest(cell, narration, args, names, clips, bed)
    # A full render's manifest sits at the top; a render of some scenes keeps its own in scenes/.
    manifest_name = "manifest.json" if whole else "scenes/manifest.json"
    if not whole:
        _refuse_mixing(out, manifest)
    if not args.force and up_to_date(out, out / manifest_name, manifest):
        progress(f"up to date: {out} already holds this render (--force makes it again)")
        return 0
    staging = out / f".staging-{os.getpid()}"
    try:
        assembly = Assembly(staging, narration, fps, args.silent, progress, names, Path(store or CACHE) / "audio",
                            args.force, bed)
        assembly.scene_clips(clips)
        if whole:
            assembly.explainer([clips[n] for n in names])
            assembly.page(manifest, titles(), LICENCE, args.one_file)
        else:
            assembly.manifest(manifest, manifest_name)
        assembly.finish()
        progress("checking the outputs against docs/STANDARDS.md")
        check_outputs(staging, fps, caption_sets(narration, names, whole), output_videos(narration, names, whole),
                      args.silent)
        _publish(staging, out, manifest_name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress(f"done: {out}/{'explainer.mp4' if whole else 'scenes/'}")
    return 0


def _refuse_mixing(out, manifest):
    """Stop a render of some scenes into a folder whose full render has other inputs."""
    full = read_manifest(out / "manifest.json")
    keys = ("parameters", "voice", "quality", "silent", "music")
    if full and any(full.get(key) != manifest.get(key) for key in keys):
        raise RenderError(f"{out} holds a full render with other parameters, voice, quality or music; its scenes "
                          "would no longer match its explainer: choose another --out for these scenes")


def read_manifest(path):
    """The manifest at ``path``, or None if there is none or it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def up_to_date(out, manifest_path, manifest):
    """True if ``out`` holds every output of a render with the same inputs, each file as it was written."""
    previous = read_manifest(manifest_path)
    if not previous or previous.get("input_hash") != manifest["input_hash"] or not previous.get("files"):
        return False
    return all(file_sha256(out / name) == digest for name, digest in previous["files"].items())


def caption_sets(narration, names, whole):
    """Caption file stems to check, with the written words and text they must match."""
    sets = {}
    if whole:
        sets["explainer"] = narration.caption_words()
    for index, scene in enumerate(narration.timeline.scenes, 1):
        if scene.name in names:
            sets[f"scenes/{scene_stem(index, scene.name)}"] = narration.caption_words(scene.name)
    return sets


def output_videos(narration, names, whole):
    """The video files a render writes."""
    videos = ["explainer.mp4", "explainer-clean.mp4"] if whole else []
    return videos + [f"scenes/{scene_stem(i, s.name)}{kind}.mp4" for i, s in enumerate(narration.timeline.scenes, 1)
                     if s.name in names for kind in ("", "-clean")]


def _publish(staging, out, manifest_name):
    """Move every staged file into the output folder by atomic renames, the manifest last.

    The manifest records every file's hash, so a folder interrupted mid-way (a kill,
    a power cut) is never taken for up to date; Ctrl-C and SIGTERM wait until the
    renames are done.
    """
    manifest_path = staging / manifest_name
    files = [p for p in sorted(staging.rglob("*")) if p.is_file() and p != manifest_path]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"] = {p.relative_to(staging).as_posix(): file_sha256(p) for p in files}
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        for path in [*files, manifest_path]:
            target = out / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)


def main(argv=None) -> int:
    """Run the command; return its exit status."""
    parser, args = parse_args(argv)
    if args.list_cells or args.list_scenes:
        print("\n".join((PRESETS if args.list_cells else ()) + (SCENES_IN_ORDER if args.list_scenes else ())))
        return 0
    progress = Progress()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.batch:
            from batch import run_batch

            return run_batch(args, sys.argv[1:] if argv is None else argv, progress)
        return run(args, progress)
    except ExplainerError as error:
        return parser.fail(error)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
        return parser.fail(DISK_FULL)
    except KeyboardInterrupt:
        parser.fail("interrupted: the previous outputs are untouched; the next run resumes from the caches")
        return 130


def _interrupt(signum, frame):
    """SIGTERM ends a render as Ctrl-C does: cleaned up, one line, the outputs as they were."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
