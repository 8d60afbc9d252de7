"""Assembling the outputs in a staging folder: videos, captions, chapters, poster, manifest, page, lecture."""

import base64
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

from assembly import handout, music, page, scorm
from assembly.explorer import stored_grid
from common import ffmpeg
from common.format import LANDSCAPE
from common.plan import scene_stem
from narration.narrate import write_narration
from narration.validate import parse_vtt
from physics import ION_LABEL


class Assembly:
    """The outputs of one render, written into ``staging`` (a new folder beside the output folder).

    Parameters
    ----------
    staging : Path
    narration : narration.narrate.Narration
    fps : int
    silent : bool
        Lecture mode: no narration, no captions.
    progress : callable
        Takes a line of progress to show.
    names : list of str
        The scenes whose files this render writes; all of them for a full render.
    store : Path
        The store's folder: encoded narration audio (``audio/``) and the page's explorer grids (``explorer/``),
        shared by renders.
    force : bool
        Encode the audio again even if the cache holds it.
    bed : assembly.music.Music or None
        Music to lay under the narration, ducked while the voice speaks.
    fmt : common.format.Format
        The video's shape (the poster's size).
    """

    def __init__(self, staging, narration, fps, silent, progress, names, store, force=False, bed=None,
                 fmt=LANDSCAPE):
        self.staging, self.work, self.fmt, self.store = Path(staging), Path(staging) / ".work", fmt, Path(store)
        self.narration, self.silent, self.progress = narration, silent, progress
        #: The segments with captions burned in; a silent render has none.
        self._burned = "clean" if silent else "captioned"
        (self.staging / "scenes").mkdir(parents=True)
        write_narration(narration, self.work, fps)
        self.sounds = self._encode_sounds(names, self.store / "audio", force, bed)

    def explainer(self, segments):
        """explainer.mp4 (captions burned in) and explainer-clean.mp4: the scenes' segments joined, with the
        whole narration; and the sidecar captions."""
        joins = []
        for name, kind in (("explainer.mp4", self._burned), ("explainer-clean.mp4", "clean")):
            self.progress(f"joining {name}")
            joins.append((self._concat(name, [s.path(kind) for s in segments]), self.sounds[None], self.staging / name))
        _mux_all(joins)
        if not self.silent:
            for ext in ("srt", "vtt"):
                shutil.copy(self.work / f"explainer.{ext}", self.staging / f"explainer.{ext}")

    def scene_clips(self, segments):
        """scenes/NN-name.mp4 (captions burned in) and scenes/NN-name-clean.mp4, each its segment with the
        scene's own narration, and its .srt and .vtt, for each scene given."""
        joins = []
        for index, scene in enumerate(self.narration.timeline.scenes, 1):
            if scene.name not in segments:
                continue
            stem = scene_stem(index, scene.name)
            for name, kind in ((stem, self._burned), (f"{stem}-clean", "clean")):
                self.progress(f"joining scenes/{name}.mp4")
                joins.append((self._concat(name, [segments[scene.name].path(kind)]), self.sounds[scene.name],
                              self.staging / "scenes" / f"{name}.mp4"))
            if not self.silent:
                for ext in ("srt", "vtt"):
                    shutil.copy(self.work / "scenes" / f"{stem}.{ext}", self.staging / "scenes" / f"{stem}.{ext}")
        _mux_all(joins)

    def page(self, manifest, licence, one_file=False):
        """poster.png, chapters.vtt, manifest.json and index.html in the narration's language; with
        ``one_file``, explainer.html too."""
        locale = self.narration.locale
        titles = locale.titles
        # The poster is the title card, held until just before the first word.
        first_word_s = self.narration.timeline.scenes[0].beats[0].speech_start_s
        ffmpeg.still(self.staging / "explainer-clean.mp4", max(0.0, first_word_s - 0.7), self.staging / "poster.png",
                     *self.fmt.poster)
        chapters = page.chapter_cues(manifest["scenes"], titles)
        (self.staging / "chapters.vtt").write_text(page.chapters_vtt(manifest["scenes"], titles, locale.captions), encoding="utf-8")
        self.manifest(manifest)
        cues = [] if self.silent else parse_vtt((self.staging / "explainer.vtt").read_text(encoding="utf-8"))[0]
        grid = stored_grid(locale, self.store / "explorer")
        downloads = self._downloads(manifest, locale)
        (self.staging / "index.html").write_text(page.page_html(manifest, cues, chapters, grid, downloads, licence,
                                                                locale),
                                                 encoding="utf-8")
        if one_file:
            kinds = {"poster.png": "image/png", "chapters.vtt": "text/vtt", "explainer.vtt": "text/vtt",
                     "explainer.srt": "application/x-subrip"}
            sources = {name: f"data:{kind};base64,{_base64(self.staging / name)}" for name, kind in kinds.items()
                       if (self.staging / name).exists()}
            html = page.page_html(manifest, cues, chapters, grid, downloads, licence, locale, sources,
                                  _base64(self.staging / "explainer-clean.mp4"))
            (self.staging / "explainer.html").write_text(html, encoding="utf-8")
            self.progress(f"explainer.html: {(self.staging / 'explainer.html').stat().st_size / 1e6:.1f} MB")

    def lecture(self, manifest, licence):
        """slides.pptx, handout-a4.pdf, handout-letter.pdf and scorm.zip in the narration's language, after
        :meth:`page`."""
        from assembly import slides  # python-pptx: a tenth of a second to import, for --lecture only

        locale = self.narration.locale
        stills = self._key_stills(manifest)
        self.progress("writing slides.pptx")
        slides.write_slides(self.staging / "slides.pptx", manifest, self.staging, stills, locale)
        self.progress("printing the handout (A4 and Letter)")
        sheet = self.work / "handout.html"
        sheet.write_text(handout.handout_html(manifest, {name: path.name for name, path in stills.items()},
                                              handout.scene_numbers(self.narration), licence, locale),
                         encoding="utf-8")
        handout.print_handouts(sheet, {paper: self.staging / f"handout-{paper}.pdf" for paper in handout.PAPERS})
        self.progress("packing scorm.zip")
        scorm.write_scorm(self.staging / "scorm.zip", self.staging, manifest)

    def _key_stills(self, manifest):
        """Each scene's key picture, its clean clip's last frame (where every picture of its last beat has
        landed), as a PNG in the work folder at most the poster's width; keyed by scene name."""
        width, height = manifest["resolution"]
        scale = min(1.0, self.fmt.poster[0] / width)
        size = (2 * round(width * scale / 2), 2 * round(height * scale / 2))
        stills = {}
        for scene in manifest["scenes"]:
            last_frame_s = scene["duration_s"] - 1.5 / manifest["fps"]
            stills[scene["name"]] = ffmpeg.still(self.staging / scene["clean_file"], last_frame_s,
                                                 self.work / f"{Path(scene['file']).stem}.png", *size)
        return stills

    def _downloads(self, manifest, locale):
        """The files the page offers to download: name, label and size."""
        text, titles = locale.words["page"], locale.titles
        named = [("explainer.mp4", text["download_explainer"]), ("explainer-clean.mp4", text["download_clean"])]
        if not self.silent:
            named += [("explainer.srt", text["download_srt"]), ("explainer.vtt", text["download_vtt"])]
        named += [(s["file"], text["download_scene"].format(index=i, title=titles[s["name"]]))
                  for i, s in enumerate(manifest["scenes"], 1)]
        return [(name, label, (self.staging / name).stat().st_size) for name, label in named]

    def manifest(self, manifest, name="manifest.json"):
        (self.staging / name).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")

    def finish(self):
        """Remove the working files; what stays in ``staging`` is the output."""
        shutil.rmtree(self.work)

    def _encode_sounds(self, names, cache, force, bed):
        """Each narration WAV the outputs need (with ``bed`` under it) at the standard's loudness as AAC
        (silence when silent), from the cache or encoded two at a time; keyed by scene name, None for the
        whole explainer."""
        timeline = self.narration.timeline
        jobs = {None: (self.work / "narration.wav", timeline.duration_s)} if len(names) == len(timeline.scenes) else {}
        jobs.update({s.name: (self.work / "scenes" / f"{scene_stem(i, s.name)}.wav", s.duration_s)
                     for i, s in enumerate(timeline.scenes, 1) if s.name in names})

        def encode(key, wav, length):
            if self.silent:
                wav = None
            elif bed is not None:
                # Each output its own ducked mix; a scene's bed is the explainer's over the same seconds.
                start = 0.0 if key is None else timeline.scene(key).start_s
                wav = music.lay_bed(wav, bed, music.speech_spans(timeline, key), start, length,
                                    wav.with_name(f"{wav.stem}-bed.wav"))
            return ffmpeg.encode_audio(wav, length, cache, force)

        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {key: pool.submit(encode, key, wav, length) for key, (wav, length) in jobs.items()}
        return {key: future.result() for key, future in futures.items()}

    def _concat(self, stem, paths):
        """A list for ffmpeg's concat demuxer."""
        path = self.work / f"{stem}.txt"
        path.write_text("".join(f"file '{Path(p).resolve()}'\n" for p in paths))
        return path


def _mux_all(joins):
    """:func:`common.ffmpeg.mux` each (concat list, audio, output), two at a time: each is mostly an ffmpeg
    process starting."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda join: ffmpeg.mux(*join), joins))


def ion_rows(cell, state, locale):
    """The brief's ion table, formatted for the page with ``locale``'s decimal separator."""
    return [{"label": ION_LABEL[ion], "inside_mm": locale.decimal(f"{cell.conc_in_mm[ion]:g}"),
             "outside_mm": locale.decimal(f"{cell.conc_out_mm[ion]:g}"),
             "equilibrium": f"{state.equilibrium_mv[ion]:+.0f} mV".replace("-", "−"),
             "permeability": locale.decimal(f"{cell.permeability[ion]:g}")} for ion in cell.ions]


def physics_summary(state):
    """The manifest's physics block."""
    data = asdict(state)
    return {key: data[key] for key in ("equilibrium_mv", "ghk_mv", "pump_mv", "rest_mv", "field_v_per_m",
                                       "charge_mol_per_cm2")}


def _base64(path):
    return base64.b64encode(Path(path).read_bytes()).decode("ascii")
