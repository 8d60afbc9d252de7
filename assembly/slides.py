"""The lecture's slides (``render.py --lecture``): a title slide, a slide per scene with its clip, the references.

Each scene's slide plays the scene's clip with its captions burned in, not the clean clip with the captions as
slide text. A slide cannot time text to its video: text beside the clip would be the whole narration at once, a
transcript that crowds the picture and repeats the speaker notes. The burned-in captions keep in step with the
voice in every program that plays the slide (PowerPoint, Impress, Keynote, Google Slides), sit in the band the
scenes keep free for them, and pass the caption standard the render checks; the notes hold the narration for
the lecturer, and the clean clips stay beside the slides for anyone who wants to set captions their own way.
"""

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

from assembly.page import references
from common.palette import ACCENT, BACKGROUND, INK, MUTED
from common.store import atomic

#: PowerPoint's widescreen slide, 13.333 × 7.5 in (EMU: 914,400 an inch).
SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)
#: Space around everything on a slide, and the height of a scene slide's title.
MARGIN, TITLE_HEIGHT = Emu(457_200), Emu(868_680)
#: The default template's layouts by their use.
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5


def write_slides(path, manifest, folder, stills, locale):
    """Write the deck to ``path`` in ``locale``'s language; return the path.

    Parameters
    ----------
    path : Path
    manifest : dict
        The render's manifest: its title, summary, scenes (their files and sentences) and resolution.
    folder : Path
        The folder the manifest's files are in.
    stills : dict
        Scene name to a PNG of its key picture, shown on its slide until the clip plays.
    locale : narration.locale.Locale
        The language: its ``[lecture]`` words and chapter titles.
    """
    text, titles = locale.words["lecture"], locale.titles
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(deck, manifest, text)
    for index, scene in enumerate(manifest["scenes"], 1):
        heading = text["scene_title"].format(index=index, title=titles[scene["name"]])
        slide = _titled(deck, heading)
        width, height = _fit(manifest["resolution"], SLIDE_WIDTH - 2 * MARGIN,
                             SLIDE_HEIGHT - 2 * MARGIN - TITLE_HEIGHT)
        movie = slide.shapes.add_movie(str(folder / scene["file"]), (SLIDE_WIDTH - width) // 2,
                                       MARGIN + TITLE_HEIGHT + (SLIDE_HEIGHT - 2 * MARGIN - TITLE_HEIGHT - height) // 2,
                                       width, height, poster_frame_image=str(stills[scene["name"]]),
                                       mime_type="video/mp4")
        movie.name = text["clip_name"].format(index=index, title=titles[scene["name"]])
        slide.notes_slide.notes_text_frame.text = "\n".join(beat["text"] for beat in scene["beats"])
    _references_slide(deck, manifest, text, locale)
    with atomic(path) as partial:
        deck.save(str(partial))
    return path


def _title_slide(deck, manifest, text):
    """The explainer's title, the cell's numbers in a sentence, and what the deck is."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Emu(1_828_800), SLIDE_WIDTH - 2 * MARGIN, Emu(1_463_040)
    subtitle.left, subtitle.top = MARGIN, Emu(3_474_720)
    subtitle.width, subtitle.height = SLIDE_WIDTH - 2 * MARGIN, Emu(1_554_480)
    title.text = manifest["title"]
    _style(title.text_frame, 40, INK, bold=True)
    subtitle.text_frame.text = manifest["summary"]
    subtitle.text_frame.add_paragraph().text = text["course"]
    summary, course = subtitle.text_frame.paragraphs
    _style_paragraph(summary, 20, ACCENT)
    _style_paragraph(course, 18, MUTED)
    course.space_before = Pt(18)
    _dark(slide)


def _titled(deck, heading):
    """A new slide whose title is ``heading``, across the top."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Emu(228_600), SLIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT
    title.text = heading
    _style(title.text_frame, 32, INK, bold=True)
    _dark(slide)
    return slide


def _references_slide(deck, manifest, text, locale):
    """The works behind this cell's numbers, the equations and the constants, as the page cites them."""
    slide = _titled(deck, text["references"])
    cited, constants, equations = references(manifest, locale, {manifest["cell"]})
    box = slide.shapes.add_textbox(MARGIN, MARGIN + TITLE_HEIGHT, SLIDE_WIDTH - 2 * MARGIN,
                                   SLIDE_HEIGHT - 2 * MARGIN - TITLE_HEIGHT)
    frame = box.text_frame
    frame.word_wrap = True
    entries = [(label, f": {'; '.join(works)}.") for label, works in [*cited, *equations]] + [("", constants)]
    for number, (label, works) in enumerate(entries):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(10)
        for words, bold in ((label, True), (works, False)):
            if words:
                paragraph.add_run().text = words
                _style_run(paragraph.runs[-1], 18, INK, bold)


def _fit(resolution, width, height):
    """The largest box of the video's aspect ratio inside ``width`` × ``height``."""
    video_width, video_height = resolution
    scale = min(width / video_width, height / video_height)
    return Emu(round(video_width * scale)), Emu(round(video_height * scale))


def _style(frame, size, colour, bold=False):
    for paragraph in frame.paragraphs:
        _style_paragraph(paragraph, size, colour, bold)


def _style_paragraph(paragraph, size, colour, bold=False):
    for run in paragraph.runs:
        _style_run(run, size, colour, bold)


def _style_run(run, size, colour, bold=False):
    run.font.size, run.font.bold = Pt(size), bold
    run.font.color.rgb = _rgb(colour)


def _dark(slide):
    """The scenes' own background colour, so a clip's edges hardly show on its slide."""
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(BACKGROUND)


def _rgb(hex_colour):
    return RGBColor.from_string(hex_colour.lstrip("#").upper())
