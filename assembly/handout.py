"""The lecture's handout (``render.py --lecture``): an HTML page printed to PDF, A4 and Letter, by headless Chromium.

Chromium lays the text out and writes it as text (tagged, with an outline), so the PDF is searchable and
selectable; nothing here draws a glyph.
"""

import html
import re
import shutil
from pathlib import Path

from assembly.page import filled, objectives, references
from common.errors import ExplainerError
from scenes.inputs import scene_inputs

HERE = Path(__file__).resolve().parent
#: The papers printed, as the file names and Chromium name them.
PAPERS = {"a4": "A4", "letter": "Letter"}
#: Chromium's names on the systems we know, the Debian package's first.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: The page number at the foot of each page (Chromium fills the classes in).
FOOTER = ('<div style="width: 100%; font: 8pt \'DejaVu Sans\', sans-serif; color: #555; text-align: center">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


class HandoutError(ExplainerError, RuntimeError):
    """The handout cannot be printed: no Chromium, or it failed; the message says which and what to do."""


def find_chromium():
    """The path of the Chromium that prints the handout; :class:`HandoutError` if there is none."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise HandoutError("Chromium not found: --lecture prints the handout with it. Install it "
                       "('apt-get install chromium', or run 'make test') or leave out --lecture")


def scene_numbers(narration):
    """The numbers each scene shows, as ``(label, written)`` pairs keyed by scene name, named in the narration's
    language."""
    labels = narration.locale.words["lecture"]["values"]
    phrases = narration.script.story.phrases
    # The cell in the forms a language's labels may need ("una neurona", "Nervenzellen").
    cell = {form: phrases[form].written for form in ("cell", "cells", "a_cell") if form in phrases}
    return {name: [(labels[key].format(**cell), written) for key, written in scene_input.written.items()
                   if key in scene_input.numbers]
            for name, scene_input in scene_inputs(narration).items()}


def handout_html(manifest, stills, numbers, licence, locale):
    """The handout as one HTML page in ``locale``'s language; ``stills`` are the scenes' PNGs, named relative to
    where it is written, ``numbers`` what :func:`scene_numbers` gives."""
    text, words = locale.words["page"], locale.words["lecture"]
    scenes = []
    for index, scene in enumerate(manifest["scenes"], 1):
        title = locale.titles[scene["name"]]
        sentences = "".join(f"<li>{html.escape(beat['text'])}</li>" for beat in scene["beats"])
        values = "".join(f"<tr><th scope=\"row\">{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
                         for label, value in numbers[scene["name"]])
        scenes.append(
            f'<section class="scene">\n<h3>{html.escape(words["scene_title"].format(index=index, title=title))}</h3>\n'
            f'<img src="{html.escape(stills[scene["name"]])}" '
            f'alt="{html.escape(words["still_alt"].format(index=index, title=title))}">\n'
            f'<ol class="sentences">{sentences}</ol>\n'
            + (f'<table class="numbers"><caption>{html.escape(words["numbers"])}</caption>{values}</table>\n'
               if values else "")
            + "</section>")
    ions = "".join("<tr>" + "".join(f"<td>{html.escape(ion[key])}</td>" for key in
                                    ("label", "inside_mm", "outside_mm", "equilibrium", "permeability")) + "</tr>"
                   for ion in manifest["ions"])
    cited, constants, equations = references(manifest, locale, {manifest["cell"]})
    slots = {
        "title": html.escape(manifest["title"]),
        "lang": locale.code,
        "summary": html.escape(manifest["summary"]),
        "objectives_heading": html.escape(text["objectives_heading"]),
        "objectives": "".join(f"<li>{html.escape(line)}</li>" for line in objectives(manifest, locale)),
        "scenes_heading": html.escape(words["scenes_heading"]),
        "scenes": "\n".join(scenes),
        "ions_heading": html.escape(filled(text["ions_heading"], manifest, locale)),
        "ion_head": "".join(f'<th scope="col">{html.escape(text[key])}</th>'
                            for key in ("ion", "inside", "outside", "equilibrium", "permeability")),
        "ions": ions,
        "references_heading": html.escape(words["references"]),
        "references": "".join(_cited(label, works) for label, works in [*cited, *equations])
                      + f"<li>{html.escape(constants)}</li>",
        "credits": html.escape(filled(text["credits"], manifest, locale)),
        "licence": html.escape(text["licence"].format(licence=licence)),
        "style": (HERE / "handout.css").read_text(encoding="utf-8"),
    }
    page = (HERE / "handout.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda match: slots[match[1]], page)


def print_handouts(page, outs):
    """Print the HTML file ``page`` to each PDF of ``outs`` (paper key of :data:`PAPERS` to path); return ``outs``."""
    from playwright.sync_api import Error, sync_playwright

    chromium = find_chromium()
    try:
        with sync_playwright() as playwright:
            # The page printed is our own, from disk, with its scripts off: Chromium's sandbox adds nothing
            # here, and it cannot start as root or in many containers.
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            try:
                tab = browser.new_context(java_script_enabled=False, offline=True).new_page()
                tab.goto(Path(page).resolve().as_uri(), wait_until="load")
                for paper, path in outs.items():
                    tab.pdf(path=str(path), format=PAPERS[paper], print_background=True, tagged=True,
                            outline=True, display_header_footer=True, header_template="<div></div>",
                            footer_template=FOOTER, margin={"top": "14mm", "bottom": "16mm", "left": "15mm",
                                                            "right": "15mm"})
            finally:
                browser.close()
    except Error as error:
        raise HandoutError(f"Chromium ({chromium}) could not print the handout: "
                           f"{str(error).strip().splitlines()[0]}") from None
    return outs


def _cited(label, works):
    return f"<li><strong>{html.escape(label)}</strong>: {html.escape('; '.join(works))}.</li>"
