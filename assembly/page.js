"use strict";
// The page's behaviour. It computes nothing: every value shown comes from the data the render embedded.
const data = id => JSON.parse(document.getElementById(id).textContent);
const manifest = data("manifest"), cues = data("cues"), text = data("text"), grid = data("explorer-data");
const video = document.getElementById("video");
const chapters = manifest.scenes;

// The one-file page carries its video as base64: play it from a blob, and offer that blob to download.
const embedded = document.getElementById("video-data");
if (embedded) {
  const binary = atob(embedded.textContent.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], {type: "video/mp4"}));
  video.src = url;
  document.querySelectorAll("a[data-embedded-video]").forEach(a => { a.href = url; });
}

// Chromium will not load a <track> file from disk (file://): add the same cues from this page.
function ensureTrack(id, kind, label, list) {
  const element = document.getElementById(id);
  if (!element) return;  // a silent render has no captions
  const fallback = () => {
    if (element.track.cues && element.track.cues.length) return;
    element.remove();
    const track = video.addTextTrack(kind, label, "en");
    for (const c of list) track.addCue(new VTTCue(c.start, c.end, c.text));
    track.mode = kind === "captions" ? "showing" : "hidden";
  };
  element.addEventListener("error", fallback);
  if (location.protocol === "file:") fallback();
}
ensureTrack("captions", "captions", text.captions_label, cues.captions);
ensureTrack("chapters", "chapters", text.chapters, cues.chapters);
// A disabled track loads no cues: show the captions, keep the chapters loaded but hidden.
for (const track of video.textTracks) track.mode = track.kind === "captions" ? "showing" : "hidden";

// Chapters: previous/next scene and the chapter list.
function currentChapter() {
  const t = video.currentTime + 1e-3;
  let index = 0;
  chapters.forEach((c, i) => { if (t >= c.start_s) index = i; });
  return index;
}
function goChapter(index) {
  index = Math.max(0, Math.min(chapters.length - 1, index));
  stopAt = null;
  video.currentTime = chapters[index].start_s;
  show();
}
const chapterList = document.getElementById("chapter-list");
chapters.forEach((c, i) => {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = `${c.title} (${c.start_s.toFixed(1).replace(".", text.decimal_separator)} s)`;
  button.addEventListener("click", () => goChapter(i));
  li.appendChild(button);
  chapterList.appendChild(li);
});
document.getElementById("previous").addEventListener("click", () => goChapter(currentChapter() - 1));
document.getElementById("next").addEventListener("click", () => goChapter(currentChapter() + 1));

// Beats: one sentence each; stepping plays one and stops at its end.
const beats = chapters.flatMap(c => c.beats || []);

// In a course's LMS, SCORM 1.2: the lesson is completed when the video has played to its end, or every sentence
// has been played to its end (stepped through, or played through). The API is found as ADL's guide finds it, up
// the frames this page sits in and then its opener's; outside an LMS there is none and this does nothing.
(() => {
  // How far a played stretch may fall short of a sentence's ends: a step stops 30 ms early, a frame late.
  const SHORT_S = 0.1;
  function apiIn(start) {
    let win = start;
    for (let depth = 0; win && depth < 8; depth++) {
      try {
        if (win.API) return win.API;
      } catch (error) {
        return null;  // a frame of another origin: not an LMS that serves this page
      }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  let api = apiIn(window) || (window.opener ? apiIn(window.opener) : null);
  if (!api || String(api.LMSInitialize("")) !== "true") return;
  let completed = ["completed", "passed"].includes(String(api.LMSGetValue("cmi.core.lesson_status")));
  if (!completed) {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    api.LMSCommit("");
  }
  function complete() {
    if (completed || !api) return;  // done before, or the lesson has ended
    completed = true;
    api.LMSSetValue("cmi.core.lesson_status", "completed");
    api.LMSCommit("");
  }
  const played = beat => [...Array(video.played.length).keys()].some(i =>
    video.played.start(i) <= beat.start_s + SHORT_S && video.played.end(i) >= beat.end_s - SHORT_S);
  // A step through the last sentence may run into the end before it is stopped (a busy machine, a fast
  // rate): that is one sentence played, not the video.
  video.addEventListener("ended", () => { if (stopAt === null) complete(); });
  video.addEventListener("pause", () => { if (beats.length && beats.every(played)) complete(); });
  function finish() {
    if (!api) return;
    api.LMSFinish("");
    api = null;
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();

let stopAt = null, stepping = false, held = null;
function beatAt(t) {
  let index = 0;
  beats.forEach((b, i) => { if (t + 1e-3 >= b.start_s) index = i; });
  return index;
}
function currentBeat() { return held === null ? beatAt(video.currentTime) : held; }
function playBeat(index) {
  if (!beats.length) return;
  index = Math.max(0, Math.min(beats.length - 1, index));
  held = index;
  stopAt = beats[index].end_s;
  stepping = video.paused;  // a play event follows only if it was paused
  video.currentTime = beats[index].start_s;
  show();
  video.play().catch(() => { stepping = false; });
}
function watch() {
  if (stopAt !== null && !video.paused && video.currentTime >= stopAt - 0.03) {
    video.pause();
    stopAt = null;
  }
  requestAnimationFrame(watch);
}
requestAnimationFrame(watch);
video.addEventListener("play", () => {
  // Playing other than by a step (Space, the video's own controls) plays on.
  if (!stepping) { stopAt = null; held = null; }
  stepping = false;
});
video.addEventListener("seeking", () => {
  // A seek out of the stepped beat (the video's own controls, a chapter) ends the step.
  const t = video.currentTime;
  if (held !== null && (t < beats[held].start_s - 0.05 || t > beats[held].end_s + 0.05)) { held = null; stopAt = null; }
});
document.getElementById("step-prev").addEventListener("click", () => playBeat(currentBeat() - 1));
document.getElementById("step-next").addEventListener("click", () => playBeat(currentBeat() + 1));
document.addEventListener("keydown", event => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const tag = event.target.tagName;
  if (["INPUT", "SELECT", "TEXTAREA"].includes(tag)) return;
  if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
    event.preventDefault();
    playBeat(currentBeat() + (event.key === "ArrowRight" ? 1 : -1));
  } else if (event.key === " " && !["BUTTON", "A", "VIDEO"].includes(tag)) {
    event.preventDefault();
    if (video.paused) video.play(); else video.pause();
  }
});

// The transcript: one control per sentence, the current one marked.
const transcript = document.getElementById("transcript");
const entries = beats.map((b, i) => {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = b.text;
  button.addEventListener("click", () => {
    held = null;
    stopAt = null;
    video.currentTime = b.start_s;
    show(i);
  });
  li.appendChild(button);
  transcript.appendChild(li);
  return button;
});

function show(beatIndex) {
  const index = currentChapter();
  document.querySelectorAll("#chapter-list li").forEach((li, i) => li.classList.toggle("current", i === index));
  document.getElementById("now").textContent = text.scene_of.replace("{index}", index + 1)
    .replace("{count}", chapters.length).replace("{title}", chapters[index].title);
  if (!beats.length) return;
  const beat = beatIndex === undefined ? currentBeat() : beatIndex;
  entries.forEach((button, i) => {
    if (i === beat) button.setAttribute("aria-current", "true"); else button.removeAttribute("aria-current");
  });
  const shown = document.getElementById("beat-text");
  if (shown.textContent !== beats[beat].text) shown.textContent = beats[beat].text;
}
video.addEventListener("timeupdate", () => show());
video.addEventListener("seeked", () => show());
show();

// The ion table and summary of the rendered cell.
const body = document.querySelector("#ions tbody");
for (const ion of manifest.ions) {
  const row = document.createElement("tr");
  for (const value of [ion.label, ion.inside_mm, ion.outside_mm, ion.equilibrium, ion.permeability]) {
    const cell = document.createElement("td");
    cell.textContent = value;
    row.appendChild(cell);
  }
  body.appendChild(row);
}
document.getElementById("summary").textContent = manifest.summary;

// The explorer: look the chosen combination up in the grid.
const cellSelect = document.querySelector('select[data-param="cell"]');
const sliders = [...document.querySelectorAll('input[data-param]')];
const scale = document.querySelector("svg.scale");
function setCell(name) {
  const axes = grid.cells[name].axes;
  for (const slider of sliders) {
    const axis = axes[slider.dataset.param];
    slider.max = axis.values.length - 1;
    slider.value = axis.preset;
    document.getElementById(`${slider.id}-preset`).textContent =
      text.preset_mark.replace("{value}", axis.written[axis.preset]);
    // Ticks on the slider: the cell's own value and any marked value (the spike's peak).
    const ticks = [axis.preset, ...("mark" in axis ? [axis.mark] : [])];
    document.getElementById(`${slider.id}-marks`).replaceChildren(...ticks.map(i => new Option("", String(i))));
  }
  explore();
}
function explore() {
  const cell = grid.cells[cellSelect.value];
  let index = 0;
  for (const slider of sliders) {
    const axis = cell.axes[slider.dataset.param];
    const i = Number(slider.value);
    index = index * axis.values.length + i;
    slider.setAttribute("aria-valuetext", axis.written[i]);
    document.getElementById(`${slider.id}-value`).textContent = axis.written[i];
  }
  const point = cell.points[index];
  const refused = !Array.isArray(point);
  document.getElementById("refusal").hidden = !refused;
  document.getElementById("refusal-text").textContent = refused ? grid.refusals[-1 - point] : "";
  grid.outputs.forEach((key, j) => {
    const [written, value] = refused ? ["—", null] : grid.strings[point[j]];
    document.querySelector(`dd[data-value="${key}"]`).textContent = written;
    const marker = scale.querySelector(`[data-marker="${key}"]`);
    if (!marker) return;
    marker.classList.toggle("hidden", refused);
    if (!refused) marker.setAttribute("transform", `translate(${scaleX(value)} 0)`);
  });
}
// Where a voltage sits on the drawn scale: geometry, not physics.
function scaleX(mv) {
  const low = Number(scale.dataset.min), high = Number(scale.dataset.max);
  const left = Number(scale.dataset.left), width = Number(scale.dataset.width);
  return left + (Math.max(low, Math.min(high, mv)) - low) / (high - low) * width;
}
cellSelect.addEventListener("change", () => setCell(cellSelect.value));
sliders.forEach(slider => slider.addEventListener("input", explore));
setCell(cellSelect.value);

// The embed snippet: copy it.
document.getElementById("copy").addEventListener("click", async () => {
  const area = document.getElementById("embed");
  try {
    await navigator.clipboard.writeText(area.value);
  } catch {
    area.select();
    document.execCommand("copy");
  }
  document.getElementById("copy-status").textContent = text.copied;
});
