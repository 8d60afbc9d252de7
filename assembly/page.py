"""The offline web page and the chapters track."""

import functools
import html
import json
import re
from pathlib import Path

import physics
from common.palette import ACCENT, ION_COLOR
from assembly.explorer import MARKS, SLIDERS
from narration.captions import Cue, caption_file
from narration.quantities import quantity

HERE = Path(__file__).resolve().parent
#: The voltage scale's span, mV, its tick spacing, and where it sits in the drawing (SVG units).
SCALE_MV, TICK_MV, SCALE_LEFT, SCALE_WIDTH = (-140, 80), 20, 45, 550
#: The scale's markers: the value each follows, its colour, and the height of its label.
MARKERS = (("equilibrium_mv.K", ION_COLOR["K"], 54), ("equilibrium_mv.Na", ION_COLOR["Na"], 54),
           ("equilibrium_mv.Cl", ION_COLOR["Cl"], 84), ("rest_mv", ACCENT, 24))


def chapter_cues(scenes, titles):
    """One chapter cue per scene, in milliseconds."""
    return [Cue(round(s["start_s"] * 1000), round((s["start_s"] + s["duration_s"]) * 1000), (titles[s["name"]],))
            for s in scenes]


def chapters_vtt(scenes, titles, rules):
    """The chapters track as WebVTT text (``titles``: the language's chapter titles)."""
    return caption_file(chapter_cues(scenes, titles), rules).to_string("vtt")


def page_html(manifest, caption_cues, chapter_list, grid, downloads, licence, locale, sources=None,
              video_base64=None):
    """The offline page in ``locale``'s language, with the manifest, the cues and the explorer's grid inlined
    for file:// viewing.

    Parameters
    ----------
    grid : dict
        :func:`assembly.explorer.explorer_grid`.
    downloads : list of (str, str, int)
        Each downloadable file's name, label and size in bytes.
    licence : str
        The project's licence (pyproject.toml).
    locale : narration.locale.Locale
        The language: the page's words and its ``lang``, and the tracks' ``srclang``.
    sources : dict, optional
        For the one-file page: file name to the ``data:`` URI that replaces it.
    video_base64 : str, optional
        For the one-file page: explainer-clean.mp4 in base64, played from a blob.
    """
    sources = sources or {}
    text = locale.words["page"]
    cited, constants, equations = references(manifest, locale)
    cue_data = {
        "captions": [{"start": c.start_ms / 1000, "end": c.end_ms / 1000, "text": "\n".join(c.lines)}
                     for c in caption_cues],
        "chapters": [{"start": c.start_ms / 1000, "end": c.end_ms / 1000, "text": c.text} for c in chapter_list],
    }
    src = lambda name: html.escape(sources.get(name, name))  # noqa: E731
    tracks = ""
    if caption_cues:
        tracks += (f'  <track id="captions" kind="captions" srclang="{locale.code}" '
                   f'label="{html.escape(text["captions_label"])}"'
                   f' src="{src("explainer.vtt")}" default>\n')
    tracks += (f'  <track id="chapters" kind="chapters" srclang="{locale.code}" label="{html.escape(text["chapters"])}" '
               f'src="{src("chapters.vtt")}">\n')
    # The cell and its values are filled here; the other placeholders where their values are known.
    fill = functools.partial(filled, manifest=manifest, locale=locale)
    plain = {key: html.escape(fill(value)) for key, value in text.items() if isinstance(value, str)}
    slots = {
        **plain,
        "title": html.escape(manifest["title"]),
        "lang": locale.code,
        "style": (HERE / "page.css").read_text(encoding="utf-8"),
        "script": (HERE / "page.js").read_text(encoding="utf-8"),
        "poster": src("poster.png"),
        "format": html.escape(manifest.get("format", "landscape")),
        "video": "" if video_base64 else src("explainer-clean.mp4"),
        "tracks": tracks,
        "cell_options": "".join(f'<option value="{name}"{" selected" if name == manifest["cell"] else ""}>'
                                f'{html.escape(cell["label"])}</option>' for name, cell in grid["cells"].items()),
        "sliders": _sliders(grid["cells"][manifest["cell"]]["axes"], text, locale),
        "outputs": "\n".join(f'<dt{" class=rest" if key == "rest_mv" else ""}>{text["outputs"][key]}</dt>'
                             f'<dd data-value="{key}">—</dd>' for key in grid["outputs"]),
        "scale": _scale(text, locale),
        "objectives": "".join(f"<li>{html.escape(line)}</li>" for line in objectives(manifest, locale)),
        "beyond": "".join(f"<li>{html.escape(line)}</li>" for line in text["beyond"]),
        "downloads": "".join(_download(name, label, size, sources, video_base64, locale) for name, label, size in downloads
                             if name in sources or not (sources or video_base64)
                             or (video_base64 and name == "explainer-clean.mp4")),
        "references": "".join(_cited(label, works) for label, works in cited)
                      + f"<li>{html.escape(constants)}</li>",
        "equations": "".join(_cited(label, works) for label, works in equations),
        "embed": html.escape(_embed_snippet(manifest, text, bool(caption_cues), locale.code)),
        "licence": html.escape(text["licence"].format(licence=licence)),
        "manifest": _script_json(manifest),
        "cues": _script_json(cue_data),
        "text": _script_json({**text, "decimal_separator": locale.words["language"]["decimal_separator"]}),
        "explorer": _script_json(grid),
        "embedded": (f'<script id="video-data" type="application/octet-stream">{video_base64}</script>\n'
                     if video_base64 else ""),
    }
    page = (HERE / "page.html").read_text(encoding="utf-8")
    if video_base64:
        page = page.replace('  <source src="{{video}}" type="video/mp4">\n', "")
    # One pass, so that nothing filled in is read as a slot again.
    return re.sub(r"\{\{(\w+)\}\}", lambda match: slots[match[1]], page)


def _fill(values, line):
    """``line`` with each ``{name}`` of ``values`` filled in and any other placeholder left as it is."""
    return re.sub(r"\{(\w+)\}", lambda match: values.get(match[1], match[0]), line)


def _sliders(axes, text, locale):
    """A labelled range input per slider, over the indices of its values; the script fills in the rest."""
    rows = []
    unit = {key: locale.words["parameters"][key][1] for key in MARKS}
    for key in SLIDERS:
        axis, ident = axes[key], "slider-" + key.replace(".", "-").lower()
        mark = (f'<span class="preset mark" id="{ident}-mark">'
                f'{html.escape(text["marks"][key].format(value=quantity(MARKS[key], unit[key], locale).written))}</span>'
                if key in MARKS else "")
        described = f"{ident}-preset" + (f" {ident}-mark" if mark else "")
        rows.append(
            f'  <label for="{ident}">{html.escape(text["params"][key])}</label>\n'
            f'  <div class="slider-row"><input type="range" id="{ident}" data-param="{key}" min="0" '
            f'max="{len(axis["values"]) - 1}" step="1" value="{axis["preset"]}" list="{ident}-marks" '
            f'aria-describedby="{described}"><output id="{ident}-value" for="{ident}">'
            f'{html.escape(axis["written"][axis["preset"]])}</output></div>\n'
            f'  <datalist id="{ident}-marks"></datalist><span class="preset" id="{ident}-preset"></span>{mark}')
    return "\n".join(rows)


def _scale(text, locale):
    """The voltage scale, drawn: an axis in mV and a marker per value, which the script moves."""
    low, high = SCALE_MV
    x = lambda mv: SCALE_LEFT + (mv - low) / (high - low) * SCALE_WIDTH  # noqa: E731
    parts = [f'<svg class="scale" viewBox="0 0 640 144" role="img" aria-labelledby="scale-title" '
             f'data-min="{low}" data-max="{high}" data-left="{SCALE_LEFT}" data-width="{SCALE_WIDTH}">',
             f'<title id="scale-title">{html.escape(text["scale"])}</title>',
             f'<line x1="{SCALE_LEFT}" x2="{SCALE_LEFT + SCALE_WIDTH}" y1="104" y2="104" stroke="#8fa3b8"/>']
    for mv in range(low, high + 1, TICK_MV):
        labelled = mv % (2 * TICK_MV) == 0
        parts.append(f'<line x1="{x(mv):.1f}" x2="{x(mv):.1f}" y1="100" y2="{112 if labelled else 108}" '
                     'stroke="#8fa3b8"/>')
        if labelled:
            parts.append(f'<text x="{x(mv):.1f}" y="132" text-anchor="middle">'
                         f'{html.escape(quantity(mv, "mV", locale).bare_written)}</text>')
    parts.append(f'<text x="2" y="110">{html.escape(locale.units["mV"][0])}</text>')
    for key, colour, y in MARKERS:
        label = text["scale_rest"] if key == "rest_mv" else text["outputs"][key]
        label = re.sub(r"<sub>(.*?)</sub>", r'<tspan baseline-shift="sub" font-size="70%">\1</tspan>', label)
        parts.append(f'<g class="marker" data-marker="{key}" transform="translate({x(0):.1f} 0)">'
                     f'<line x1="0" x2="0" y1="{y + 4}" y2="104" stroke="{colour}" stroke-width="3"/>'
                     f'<text x="0" y="{y}" text-anchor="middle">{label}</text></g>')
    return "\n".join(parts + ["</svg>"])


def _download(name, label, size, sources, video_base64, locale):
    """A download link; in the one-file page, to the embedded copy; its size with ``locale``'s decimal separator."""
    megabytes = locale.decimal(f"{size / 1e6:.1f} MB") if size >= 1e5 else f"{size / 1e3:.0f} kB"
    if video_base64 and name == "explainer-clean.mp4":
        href = 'href="#" data-embedded-video'
    else:
        href = f'href="{html.escape(sources.get(name, name))}"'
    return (f'<li><a {href} download="{html.escape(Path(name).name)}">{html.escape(label)}</a> '
            f'<span class="hint">({html.escape(Path(name).name)}, {megabytes})</span></li>')


def filled(line, manifest, locale):
    """``line`` of the page's words with the cell, the voice's credit and the cell's written values filled in
    (for the page and the handout); any other placeholder is left for where its value is known."""
    values = {"cell": manifest["cell_label"], **manifest.get("cell_forms", {}),
              "voice": locale.voice_credit(manifest["voice"], "page"), **manifest["written"]}
    return _fill(values, line)


def objectives(manifest, locale):
    """The learning objectives in ``locale``'s language, filled in: the page's, the handout's."""
    return [filled(line, manifest, locale) for line in locale.words["page"]["objectives"]]


def references(manifest, locale, cells=None):
    """The works behind the numbers, as the page, the slides and the handout cite them, named in ``locale``'s
    language.

    Parameters
    ----------
    manifest : dict
        The render's manifest (the scipy version the constants came from).
    locale : narration.locale.Locale
    cells : collection of str, optional
        The presets whose works to cite; every preset (the page's explorer shows them all) by default.

    Returns
    -------
    tuple of (list, str, list)
        Each preset's name and works, the constants' source in a sentence, each equation's name and works.
    """
    text = locale.words["page"]
    cited = [(locale.words["cells"][name][0], works) for name, works in physics.REFERENCES.items()
             if cells is None or name in cells]
    scipy = manifest["versions"].get("scipy")
    equations = [(text["equations"][key], works) for key, works in physics.EQUATION_SOURCES.items()]
    return cited, text["constants"].format(scipy=f" (scipy {scipy})" if scipy else ""), equations


def _cited(label, works):
    """A reference: what the works are for, then the works."""
    return f"<li><strong>{html.escape(label)}</strong>: {html.escape('; '.join(works))}.</li>"


def _embed_snippet(manifest, text, captions, lang):
    """HTML that shows the explainer on another page, from files copied beside it."""
    track = (f'\n  <track kind="captions" srclang="{lang}" label="{text["captions_label"]}" src="explainer.vtt" default>'
             if captions else "")
    return (f'<video controls preload="metadata" poster="poster.png" style="width: 100%; max-width: 960px" '
            f'title="{html.escape(manifest["title"])}">\n  <source src="explainer-clean.mp4" type="video/mp4">{track}\n</video>')


def _script_json(data):
    # Inside <script>, "</" would end the element early.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
