"""The command line: its options and batch files made into jobs, run, and every failure told in one line.

``render.py`` and the installed ``membrane-explainer`` command are both :func:`main`.
"""

import argparse
import errno
import os
import signal
import sys
import time
import tomllib
from pathlib import Path

from assembly.music import read_music
from common.errors import ExplainerError
from common.ffmpeg import DISK_FULL
from common.format import FORMATS, QUALITIES
from common.plan import SCENES_IN_ORDER
from narration.options import add_speech_arguments, language_list, speech_from_args
from physics import PRESETS
from physics.params import CommandParser, add_cell_arguments, cell_from_args
from pipeline.batch import BatchError, Variant, run_batch
from pipeline.job import Job, JobError
from pipeline.stages import check_system, clips_to_render, job_narration, plan_clips, run_job

EXAMPLES = """examples:
  python render.py                                   the neuron explainer into output/
  python render.py --cell skeletal_muscle --out output/muscle
  python render.py --set K.out=8 --out output/hyperkalemia
  python render.py --scenes potassium_leak -q h      one scene for a lecture
  python render.py --dry-run                         check everything, render nothing
  python render.py --one-file                        also explainer.html: the page as one file
  python render.py --lecture                         also slides, a handout and a SCORM package
"""
#: What a ``[[variant]]`` table of a batch file may hold.
VARIANT_KEYS = {"name", "cell", "params", "set", "voice", "lang", "quality", "lecture", "format"}
#: Options of the batch itself, not passed on to each variant's render.
BATCH_OPTIONS = ("--batch", "--cluster", "--out")


class Progress:
    """Lines a person can follow: stage, scene, elapsed time and an estimate of what is left."""

    def __init__(self):
        self.started = time.monotonic()

    def __call__(self, line):
        print(f"[{time.monotonic() - self.started:6.1f} s] {line}", flush=True)


def parser():
    """The command's options."""
    parser = CommandParser(prog="python render.py", description="Render the explainer: parameters → narration → "
                           "scene clips (parallel, cached) → checked outputs.", epilog=EXAMPLES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    add_cell_arguments(parser)
    parser.add_argument("-q", "--quality", choices=list(QUALITIES), default="h",
                        help="manim's qualities: l 480p15, m 720p30, h 1080p60 (default), p 1440p60, k 2160p60")
    parser.add_argument("--format", choices=list(FORMATS), default=next(iter(FORMATS)),
                        help="the video's shape: landscape 16:9 (default), vertical 9:16 for Shorts, Reels and "
                             "TikTok, square 1:1 for feeds and slides")
    add_speech_arguments(parser)
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
    parser.add_argument("--lecture", action="store_true",
                        help="also write slides.pptx (a slide per scene, its clip and narration), handout-a4.pdf "
                             "and handout-letter.pdf, and scorm.zip (the page as a SCORM 1.2 package for an LMS)")
    parser.add_argument("--list-scenes", action="store_true", help="print the scenes in order")
    parser.add_argument("--list-cells", action="store_true", help="print the cell presets")
    parser.add_argument("--contact-sheet", action="store_true",
                        help="write contact-sheet.png (one still per beat) into the output folder instead of video")
    return parser


def music_from_args(args):
    """The ``--music`` bed, read and measured, or None; refused with ``--silent``, which has no narration."""
    if args.music is None:
        return None
    if args.silent:
        raise JobError("--music lays a bed under the narration and --silent has none: drop one of them")
    return read_music(args.music)


def job_from_args(args, music=None):
    """The :class:`Job` the parsed ``args`` ask for, with ``music`` already read (None: read ``--music``)."""
    if args.jobs < 1:
        raise JobError(f"--jobs = {args.jobs} is not allowed: must be 1 or more")
    scenes = SCENES_IN_ORDER if args.scenes is None else tuple(n.strip() for n in args.scenes.split(","))
    cell = cell_from_args(args)
    music = music or music_from_args(args)
    locale, voice = speech_from_args(args)
    return Job(cell=cell, out=Path(args.out), voice=voice, locale=locale, quality=args.quality,
               fmt=FORMATS[args.format], script=args.script and Path(args.script), scenes=scenes,
               silent=args.silent, music=music, one_file=args.one_file, lecture=args.lecture,
               force=args.force)


def read_batch(args, argv):
    """The variants of the batch file ``args.batch``: each a :class:`Variant` with its job, or why it has none.

    ``args`` is the parsed command line ``argv``; its options (but the batch's own) apply to every variant,
    after its table.
    """
    path = args.batch
    try:
        tables = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("variant", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BatchError(f"--batch {path}: not a readable TOML file ({error})") from None
    if not tables:
        raise BatchError(f"--batch {path}: no [[variant]] tables; each needs at least name and cell")
    # Read and measured once for every variant: a bad file stops the batch before any task.
    music = music_from_args(args)
    command, variants, seen, shared = parser(), [], set(), _without_batch_options(argv)
    for number, table in enumerate(tables, 1):
        unknown = set(table) - VARIANT_KEYS
        name = str(table.get("name", ""))
        if unknown or "cell" not in table or not name:
            extra = f" (not {', '.join(sorted(unknown))})" if unknown else ""
            raise BatchError(f"--batch {path}: variant {number} needs name and cell, and may hold only "
                             f"{', '.join(sorted(VARIANT_KEYS))}{extra}")
        if name in seen or not name.replace("-", "").replace("_", "").isalnum():
            raise BatchError(f"--batch {path}: variant name {name!r} must be unique and only letters, digits, - and _")
        seen.add(name)
        own = ["--cell", str(table["cell"])]
        if "params" in table:
            own += ["--params", str(Path(path).parent / table["params"])]
        for key, value in table.get("set", {}).items():
            own += ["--set", f"{key}={value}"]
        for key in ("voice", "lang", "quality", "format"):
            if key in table:
                own += [f"--{key}", str(table[key])]
        if not isinstance(table.get("lecture", False), bool):
            raise BatchError(f"--batch {path}: variant {name!r} has lecture = {table['lecture']!r}: "
                             "write lecture = true or false")
        if table.get("lecture"):
            own.append("--lecture")
        variant = Variant(name)
        try:
            variant.job = job_from_args(command.parse_args([*own, *shared, "--out", str(Path(args.out) / name)]),
                                        music)
        except ExplainerError as error:
            variant.failure = str(error)
        variants.append(variant)
    return variants


def _without_batch_options(argv):
    """The command line without the batch's own options: what applies to every variant."""
    kept, skip = [], False
    for token in argv:
        if skip:
            skip = False
        elif token in BATCH_OPTIONS:
            skip = True
        elif not token.startswith(tuple(f"{option}=" for option in BATCH_OPTIONS)):
            kept.append(token)
    return kept


def dry_run(job, progress):
    """Validate and plan ``job``: the script, the speech (made if missing), the timings and the cache hits."""
    narration = job_narration(job, progress)
    plan = plan_clips(job, narration)
    todo = clips_to_render(job, plan, progress)
    for scene in narration.timeline.scenes:
        print(f"  {scene.name:<24}{scene.start_s:7.2f} s +{scene.duration_s:6.2f} s  "
              f"{'render' if scene.name in todo else 'cached'}")
    progress("dry run: nothing rendered")


def contact_sheet(job, progress):
    """One still per narration beat into ``contact-sheet.png`` in the job's folder."""
    from scenes.stills import contact_sheet as sheet  # Manim loads only once the input is known good

    narration = job_narration(job, progress)
    progress(f"wrote {sheet(job.out / 'contact-sheet.png', narration, fmt=job.fmt)}")


def main(argv=None) -> int:
    """Run the command; return its exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    command = parser()
    args = command.parse_args(argv)
    if args.list_cells or args.list_scenes:
        print("\n".join((PRESETS if args.list_cells else ()) + (SCENES_IN_ORDER if args.list_scenes else ())))
        return 0
    if args.list_languages:
        print(language_list())
        return 0
    progress = Progress()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.batch:
            variants = read_batch(args, argv)
            check_system(lecture=any(v.job is not None and v.job.lecture for v in variants))
            return run_batch(variants, Path(args.out), progress, args.cluster, args.jobs)
        job = job_from_args(args)
        check_system(lecture=job.lecture)
        if args.dry_run:
            dry_run(job, progress)
        elif args.contact_sheet:
            contact_sheet(job, progress)
        else:
            run_job(job, progress, args.jobs)
        return 0
    except ExplainerError as error:
        return command.fail(error)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
        return command.fail(DISK_FULL)
    except KeyboardInterrupt:
        command.fail("interrupted: the previous outputs are untouched; the next run resumes from the caches")
        return 130


def _interrupt(signum, frame):
    """SIGTERM ends a render as Ctrl-C does: cleaned up, one line, the outputs as they were."""
    raise KeyboardInterrupt
