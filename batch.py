"""Many variants in one command: ``render.py --batch FILE.toml``, as a graph of tasks on Dask's distributed scheduler.

The graph: speech (one task per sentence not yet in the store) → narration per
variant → scene segments (one task per segment set not yet in the store) → assembly
and checks per variant, into ``OUT/<name>/``; then a gallery ``OUT/index.html``.
Tasks are named by content (the speech cache key, the segments' stem), so work two
variants share is made once. Files pass between tasks through the content-addressed
store: the client's ``.cache/`` folder, or the one ``MEMBRANE_EXPLAINER_CACHE`` names,
passed to every task by its path (on a cluster, a folder every worker reaches there).
"""

import html
import json
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from common.store import STORE
from common.errors import ExplainerError

#: What a ``[[variant]]`` table may hold.
VARIANT_KEYS = {"name", "cell", "params", "set", "voice", "quality"}
#: Options of the batch itself, not passed on to each variant's render.
BATCH_OPTIONS = ("--batch", "--cluster", "--out")


class BatchError(ExplainerError, ValueError):
    """The batch file cannot be used; the message says why."""


@dataclass
class Variant:
    """One ``[[variant]]``: its render's arguments, and how it ended."""

    name: str
    argv: list
    args: object = None
    cell: object = None
    failure: str = None
    manifest: dict = field(default_factory=dict)


def read_batch(path, common_argv, out):
    """The variants of the batch file at ``path``, each with the render arguments it implies."""
    try:
        tables = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("variant", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BatchError(f"--batch {path}: not a readable TOML file ({error})") from None
    if not tables:
        raise BatchError(f"--batch {path}: no [[variant]] tables; each needs at least name and cell")
    variants, seen = [], set()
    for number, table in enumerate(tables, 1):
        unknown = set(table) - VARIANT_KEYS
        name = str(table.get("name", ""))
        if unknown or "cell" not in table or not name:
            raise BatchError(f"--batch {path}: variant {number} needs name and cell, and may hold only "
                             f"{', '.join(sorted(VARIANT_KEYS))}" + (f" (not {', '.join(sorted(unknown))})" if unknown else ""))
        if name in seen or not name.replace("-", "").replace("_", "").isalnum():
            raise BatchError(f"--batch {path}: variant name {name!r} must be unique and only letters, digits, - and _")
        seen.add(name)
        argv = ["--cell", str(table["cell"])]
        if "params" in table:
            argv += ["--params", str(Path(path).parent / table["params"])]
        for key, value in table.get("set", {}).items():
            argv += ["--set", f"{key}={value}"]
        for key in ("voice", "quality"):
            if key in table:
                argv += [f"--{key}", str(table[key])]
        # Options on the command line come last, so they apply to every variant.
        variants.append(Variant(name, [*argv, *common_argv, "--out", str(Path(out) / name)]))
    return variants


def common_arguments(argv):
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


def run_batch(args, argv, progress):
    """Render every variant of ``args.batch``; return 0 if all are done, 2 if some failed."""
    import dask

    import render

    out = Path(args.out)
    render.check_music(args)  # --music applies to every variant: a bad file stops the batch before any task
    variants = read_batch(args.batch, common_arguments(argv), out)
    for variant in variants:
        try:
            _, variant.args = render.parse_args(variant.argv)
            variant.cell = render.cell_from_args(variant.args)
        except ExplainerError as error:
            variant.failure = str(error)
    render.check_system()
    # --cluster, or Dask's own DASK_SCHEDULER_ADDRESS; with neither, a local cluster.
    address = args.cluster or dask.config.get("scheduler-address", None)
    progress(f"batch: {len(variants)} variants, on {address or 'this machine'}")
    with _client(address, args.jobs) as client:
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
                missing = _missing_speech(variant)
            except ExplainerError as error:
                variant.failure = str(error)
                continue
            speech = [self.submit(f"speech-{key}", speak, variant.args.voice, variant.args.lang, text, STORE)
                      for key, text in missing]
            future = self.submit(f"narration-{variant.name}", narrate_variant, variant.cell, variant.args, STORE,
                                 *speech)
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
        import render

        plan = render.plan_clips(narration, variant.args.quality, variant.args.silent)
        segments = [self.submit(f"segments-{planned.stem.name}", render_segments, scene_input, captions, planned,
                                variant.args.quality, STORE)
                    for scene_input, captions, planned in plan.values() if variant.args.force or not planned.is_whole()]
        self.progress(f"variant {variant.name}: narration ready, {len(segments)} scenes to draw ({self._counts()})")
        clips = {name: planned for name, (_, _, planned) in plan.items()}
        future = self.submit(f"assembly-{variant.name}", assemble_variant, variant.argv, narration, clips, STORE,
                             *segments)
        future.variant, future.stage = variant, "assembly"
        return future

    def _counts(self):
        finished = sum(1 for v in self.variants if v.manifest)
        done = sum(1 for future in self.tasks.values() if future.done())
        each = (time.monotonic() - self.started) / max(1, done)
        left = each * (len(self.tasks) - done) / max(1, len(self.client.scheduler_info()["workers"]))
        return f"{finished}/{len(self.variants)} variants, {done}/{len(self.tasks)} tasks, about {left:.0f} s left"


def _missing_speech(variant):
    """(cache key, text) of each sentence of the variant's script the store does not hold yet."""
    from narration.cache import SpeechCache
    from narration.script import load_script
    from narration.voices import make_voice

    cache = SpeechCache(make_voice(variant.args.voice, variant.args.lang), STORE / "narration")
    sentences = [s.spoken for s in load_script(variant.cell, variant.args.script).every_wording]
    return [(cache.key(text), text) for text in dict.fromkeys(sentences)
            if not (cache.directory / f"{cache.key(text)}.json").exists()]


# The tasks: module functions, so any worker that can import the project runs them. Each is
# given the client's store, the folder every worker reaches.

def speak(voice, lang, text, store):
    """Speak ``text`` into the store (a task of its own, so two variants share it)."""
    from narration.cache import SpeechCache
    from narration.voices import make_voice

    SpeechCache(make_voice(voice, lang), Path(store) / "narration").speak(text)


def narrate_variant(cell, args, store, *speech):
    """The variant's narration, from the store's speech."""
    from narration.narrate import narrate
    from narration.voices import make_voice

    return narrate(cell, voice=make_voice(args.voice, args.lang), script_path=args.script,
                   cache_dir=Path(store) / "narration")


def render_segments(scene_input, captions, segments, quality, store):
    """Draw and encode one scene into the store."""
    from scenes.clip import render_segments as draw

    return draw(scene_input, captions, segments, quality, Path(store) / "work")


def assemble_variant(argv, narration, clips, store, *segments):
    """Assemble, check and publish one variant into its folder; return its manifest."""
    import render
    from scenes import SCENES_IN_ORDER

    _, args = render.parse_args(argv)
    cell, out = render.cell_from_args(args), Path(args.out)
    with render.Lock(out):
        render.assemble(args, list(SCENES_IN_ORDER), cell, out, narration, clips, lambda line: None, store)
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def gallery_html(variants):
    """The gallery: each variant, its resting potential and what changed, linked to its page."""
    rows = []
    for variant in variants:
        name = html.escape(variant.name)
        if variant.failure:
            rows.append(f'<tr class="failed"><th scope="row">{name}</th><td colspan="2">failed: '
                        f"{html.escape(variant.failure)}</td></tr>")
            continue
        rest = f"{variant.manifest['physics']['rest_mv']:.0f} mV".replace("-", "−")
        rows.append(f'<tr><th scope="row"><a href="{name}/index.html">{name}</a></th><td>{rest}</td>'
                    f"<td>{html.escape(variant.manifest['title'])}</td></tr>")
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Resting membrane potential: {len(variants)} variants</title>
<style>body{{font-family:DejaVu Sans,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem}}
table{{border-collapse:collapse;width:100%}}th,td{{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}}
.failed{{color:#a00}}</style></head>
<body><h1>Resting membrane potential: {len(variants)} variants</h1>
<table><thead><tr><th scope="col">variant</th><th scope="col">resting potential</th><th scope="col">explainer</th></tr>
</thead><tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
