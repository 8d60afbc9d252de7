"""The offline web page and the chapters track."""

import html
import json

from narration.captions import Cue, caption_file
from narration.words import page_text

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ margin: 0; font: 16px/1.5 "DejaVu Sans", system-ui, sans-serif; background: #0e1726; color: #e8eef5; }}
  main {{ max-width: 960px; margin: 0 auto; padding: 1.5rem; }}
  video {{ width: 100%; background: #000; border-radius: 6px; }}
  nav {{ display: flex; gap: .5rem; align-items: center; margin: .75rem 0; flex-wrap: wrap; }}
  button {{ font: inherit; padding: .35rem .8rem; border-radius: 4px; border: 1px solid #8fa3b8;
           background: #1b2a41; color: inherit; cursor: pointer; }}
  button:focus {{ outline: 2px solid #ffd166; }}
  ol {{ padding-left: 1.4rem; }}
  li button {{ border: none; background: none; padding: .15rem .3rem; text-align: left; }}
  li.current button {{ color: #ffd166; font-weight: bold; }}
  table {{ border-collapse: collapse; margin-top: .5rem; }}
  th, td {{ padding: .3rem .8rem; border-bottom: 1px solid #2c3e57; text-align: right; }}
  th:first-child, td:first-child {{ text-align: left; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<video id="video" controls preload="metadata" poster="poster.png">
  <source src="explainer-clean.mp4" type="video/mp4">
{captions_track}  <track id="chapters" kind="chapters" srclang="en" label="{chapters}" src="chapters.vtt">
</video>
<nav aria-label="{chapters}">
  <button id="previous" type="button">{previous}</button>
  <button id="next" type="button">{next}</button>
  <span id="now" aria-live="polite"></span>
</nav>
<ol id="chapter-list"></ol>
<h2>{ions_heading}</h2>
<table id="ions"><thead><tr><th>{ion}</th><th>{inside}</th><th>{outside}</th>
<th>{equilibrium}</th><th>{permeability}</th></tr></thead><tbody></tbody></table>
<p id="summary"></p>
</main>
<script id="manifest" type="application/json">{manifest}</script>
<script id="cues" type="application/json">{cues}</script>
<script id="text" type="application/json">{text}</script>
<script>
"use strict";
const manifest = JSON.parse(document.getElementById("manifest").textContent);
const cues = JSON.parse(document.getElementById("cues").textContent);
const text = JSON.parse(document.getElementById("text").textContent);
const video = document.getElementById("video");
const chapters = manifest.scenes;

// Chromium will not load a <track> file from disk (file://): add the same cues from this page.
function ensureTrack(id, kind, label, list) {{
  const element = document.getElementById(id);
  if (!element) return;  // a silent render has no captions
  const fallback = () => {{
    if (element.track.cues && element.track.cues.length) return;
    element.remove();
    const track = video.addTextTrack(kind, label, "en");
    for (const c of list) track.addCue(new VTTCue(c.start, c.end, c.text));
    track.mode = kind === "captions" ? "showing" : "hidden";
  }};
  element.addEventListener("error", fallback);
  if (location.protocol === "file:") fallback();
}}
ensureTrack("captions", "captions", text.captions_label, cues.captions);
ensureTrack("chapters", "chapters", text.chapters, cues.chapters);
// A disabled track loads no cues: show the captions, keep the chapters loaded but hidden.
for (const track of video.textTracks) track.mode = track.kind === "captions" ? "showing" : "hidden";

function current() {{
  const t = video.currentTime + 1e-3;
  let index = 0;
  chapters.forEach((c, i) => {{ if (t >= c.start_s) index = i; }});
  return index;
}}
function go(index) {{
  index = Math.max(0, Math.min(chapters.length - 1, index));
  video.currentTime = chapters[index].start_s;
  show();
}}
function show() {{
  const index = current();
  document.querySelectorAll("#chapter-list li").forEach((li, i) => li.classList.toggle("current", i === index));
  document.getElementById("now").textContent = text.scene_of.replace("{{index}}", index + 1)
    .replace("{{count}}", chapters.length).replace("{{title}}", chapters[index].title);
}}
const list = document.getElementById("chapter-list");
chapters.forEach((c, i) => {{
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = `${{c.title}} (${{c.start_s.toFixed(1)}} s)`;
  button.addEventListener("click", () => go(i));
  li.appendChild(button);
  list.appendChild(li);
}});
document.getElementById("previous").addEventListener("click", () => go(current() - 1));
document.getElementById("next").addEventListener("click", () => go(current() + 1));
video.addEventListener("timeupdate", show);
video.addEventListener("seeked", show);
show();

const body = document.querySelector("#ions tbody");
for (const ion of manifest.ions) {{
  const row = document.createElement("tr");
  for (const value of [ion.label, ion.inside_mm, ion.outside_mm, ion.equilibrium, ion.permeability]) {{
    const cell = document.createElement("td");
    cell.textContent = value;
    row.appendChild(cell);
  }}
  body.appendChild(row);
}}
document.getElementById("summary").textContent = manifest.summary;
</script>
</body>
</html>
"""


def chapter_cues(scenes, titles):
    """One chapter cue per scene, in milliseconds."""
    return [Cue(round(s["start_s"] * 1000), round((s["start_s"] + s["duration_s"]) * 1000), (titles[s["name"]],))
            for s in scenes]


def chapters_vtt(scenes, titles):
    """The chapters track as WebVTT text."""
    return caption_file(chapter_cues(scenes, titles)).to_string("vtt")


def page_html(manifest, caption_cues, chapter_list, title):
    """The offline page, with the manifest and the cues inlined for file:// viewing."""
    cues = {
        "captions": [{"start": c.start_ms / 1000, "end": c.end_ms / 1000, "text": "\n".join(c.lines)}
                     for c in caption_cues],
        "chapters": [{"start": c.start_ms / 1000, "end": c.end_ms / 1000, "text": c.text} for c in chapter_list],
    }
    text = page_text()
    track = (f'  <track id="captions" kind="captions" srclang="en" label="{html.escape(text["captions_label"])}" '
             'src="explainer.vtt" default>\n' if caption_cues else "")
    shown = {key: html.escape(value.format(cell=manifest["cell_label"])) for key, value in text.items()
             if key not in ("scene_of", "summary", "title")}
    return PAGE.format(title=html.escape(title), captions_track=track, manifest=_script_json(manifest),
                       cues=_script_json(cues), text=_script_json(text), **shown)


def _script_json(data):
    # Inside <script>, "</" would end the element early.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
