"""Every language, checked alike: the spoken text is words only, the captions meet the standard, espeak-ng
hears no word of another language, and each language's words.toml has every table English has."""

import html
import json
import os
import re
import statistics
import string
import subprocess

import pytest

import physics
from conftest import render_offline
from helpers import too_fast_scenes
from narration.locale import ENGLISH, languages, load_locale
from narration.narrate import CAPTION_FPS, narrate
from narration.quantities import quantity
from narration.script import load_script
from narration.voices import make_voice
from narration.validate import check_caption_file, check_cues
from narration.voices.espeak import language_switches
from physics.params import load_cell

#: Each preset, and a variant of each kind the narration tells differently (a change said, a leak gone).
CASES = [(name, ()) for name in physics.PRESETS] + [("neuron", ("K.out=2.5",)), ("neuron", ("Na.permeability=0",))]
#: Nothing a voice should read out: digits, signs, superscripts, units' symbols, the script's own marks.
NOT_SPOKEN = re.compile(r"[0-9−+⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹/×=%°µ<>_|{}\[\]#]")


@pytest.fixture(scope="module")
def spoken_in_every_language():
    """Each language's narration of each case, spoken by espeak-ng (offline, every language), keyed by
    ``(code, cell, sets)``."""
    return {(code, name, sets): narrate(load_cell(name, None, sets), make_voice("espeak", code), load_locale(code))
            for code in languages() for name, sets in CASES}


@pytest.mark.parametrize("code", languages())
def test_every_wording_is_spoken_in_words_only(code):
    """Every wording the fitting may choose, not only the one it chose, for every case."""
    locale = load_locale(code)
    for name, sets in CASES:
        for sentence in load_script(load_cell(name, None, sets), locale).every_wording:
            assert not NOT_SPOKEN.findall(sentence.spoken), (code, name, sets, sentence.spoken)


def test_captions_meet_the_standard_in_every_language(spoken_in_every_language):
    for (code, name, sets), narration in spoken_in_every_language.items():
        words, written = narration.caption_words()
        for fps in CAPTION_FPS:
            cues = narration.cues(fps)
            assert check_cues(cues, fps, load_locale(code).captions, words=words, narration=written) == [], \
                (code, name, sets, fps)
        assert narration.timeline.duration_s <= 59.0


def test_every_scene_keeps_the_pace_standard_in_every_language(spoken_in_every_language):
    """At most 160 words a minute a scene (docs/STANDARDS.md) in English words: a language's limit is scaled by
    the words it says for one English word."""
    fast = {(code, name, sets): too_fast_scenes(narration.timeline, 160 * load_locale(code).words_per_english_word)
            for (code, name, sets), narration in spoken_in_every_language.items()}
    assert {case: scenes for case, scenes in fast.items() if scenes} == {}


@pytest.mark.parametrize("code", [code for code in languages() if code != "en"])
def test_words_per_english_word_is_the_measured_median(code, english_sweep_words):
    """The scale of a language's pace limits is what its script says: the median, over the cells the budget
    sweep narrates, of its fullest wording's words per English word, to 0.02."""
    ratios = [load_script(load_cell(name, None, sets), load_locale(code)).word_count / english
              for (name, sets), english in english_sweep_words.items() if english is not None]
    assert load_locale(code).words_per_english_word == pytest.approx(statistics.median(ratios), abs=0.02)
    assert ENGLISH.words_per_english_word == 1.0


def test_espeak_hears_no_word_of_another_language(spoken_in_every_language):
    for (code, name, sets), narration in spoken_in_every_language.items():
        for scene in narration.timeline.scenes:
            for beat in scene.beats:
                assert language_switches(beat.spoken, code) == [], (code, name, sets, beat.spoken)


def test_the_checks_can_fail():
    """A digit, an English word in German, and a caption line ending in an article are each caught."""
    assert NOT_SPOKEN.findall("menos 72 milivoltios") == ["7", "2"]
    assert language_switches("Der Laptop ist neu", "de") == [("Laptop", "en")]
    assert load_locale("es").captions.is_weak_ending("la") and load_locale("de").captions.is_weak_ending("dem")


@pytest.mark.parametrize(("code", "written", "said"), [
    ("es", ["2,5 mM", "63\u202f000", "1500", "−72 mV", "+1 mV", "+21 mV"],
     ["dos coma cinco milimolar", "sesenta y tres mil", "mil quinientos", "menos setenta y dos milivoltios",
      "más un milivoltio", "más veintiún milivoltios"]),
    ("de", ["2,5 mM", "63\u202f000", "1500", "−72 mV", "+1 mV", "+21 mV"],
     ["zwei Komma fünf millimolar", "dreiundsechzigtausend", "eintausendfünfhundert", "minus zweiundsiebzig Millivolt",
      "plus ein Millivolt", "plus einundzwanzig Millivolt"]),
])
def test_numbers_are_written_and_said_in_the_language(code, written, said):
    """Decimal comma; thousands grouped by a narrow no-break space from five digits (RAE, DIN 5008); number
    words by num2words in the language, "uno" and "eins" shortened before a unit."""
    locale = load_locale(code)
    values = [(2.5, "mM"), (63000, "count"), (1500, "count"), (-72, "mV"), (1, "mV"), (21, "mV")]
    got = [quantity(value, unit, locale) for value, unit in values]
    assert [q.written for q in got] == written and [q.spoken for q in got] == said
    assert locale.said_number(140000) in ("ciento cuarenta mil", "einhundertvierzigtausend")
    assert locale.said_number(0.96) in ("cero coma noventa y seis", "null Komma neun sechs")
    assert quantity(3, "count", locale).spoken in ("tres", "drei") and quantity(1, "count", locale).spoken in ("uno", "eins")


def keys(table, path=""):
    """Every key of a words.toml, as dotted paths; a list's path carries its length."""
    found = set()
    for key, value in table.items():
        here = f"{path}.{key}" if path else key
        found.add(f"{here}[{len(value)}]" if isinstance(value, list) and key in ("objectives", "beyond") else here)
        if isinstance(value, dict):
            found |= keys(value, here)
    return found


@pytest.mark.parametrize("code", [c for c in languages() if c != "en"])
def test_every_table_english_has_is_translated(code):
    """The same tables, keys and list lengths as English's words.toml; each label names only values English's
    does, or the cell's other forms; no page or label text left in English."""
    words = load_locale(code).words
    assert not keys(ENGLISH.words) - keys(words), keys(ENGLISH.words) - keys(words)
    # Beyond English's keys only the language's own rules: how it says decimals and groups digits.
    extra = keys(words) - keys(ENGLISH.words)
    assert all(key.startswith("language.") or key == "numbers.list_serial_comma" for key in extra), extra
    forms = {"cell", "cells", "a_cell"}
    for scene, labels in words["labels"].items():
        for key, text in labels.items():
            named = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            english = {f for _, f, _, _ in string.Formatter().parse(ENGLISH.words["labels"][scene][key]) if f}
            assert named <= english | forms, (scene, key, text)
    english_only = {text for table in (ENGLISH.words["page"], *ENGLISH.words["labels"].values())
                    for text in table.values() if isinstance(text, str) and len(text) > 6}
    translated = {text for table in (words["page"], *words["labels"].values())
                  for text in table.values() if isinstance(text, str)}
    # German writes these as English does.
    assert english_only & translated <= {"Downloads", "neutral"}, english_only & translated


@pytest.fixture(scope="module")
def german_variant_out(tmp_path_factory):
    """A German variant spoken offline by espeak-ng: ``render.py -q l --lang de --voice espeak --set K.out=2.5``."""
    return render_offline(tmp_path_factory.mktemp("render") / "de", "--lang", "de", "--voice", "espeak",
                          "--set", "K.out=2.5")


@pytest.mark.parametrize(("out", "code"), [("spanish_espeak_out", "es"), ("german_variant_out", "de")])
def test_an_offline_render_is_wholly_in_its_language(out, code, request):
    """Rendered with the proxies closed and passing its own output checks (the fixtures); the page, its tracks,
    the captions, the chapters and the credits are in the language, and no English page text is left."""
    out, locale = request.getfixturevalue(out), load_locale(code)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["language"] == code and manifest["voice"]["engine"] == "espeak" and manifest["duration_s"] < 59.5
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{code}">' in page and page.count(f'srclang="{code}"') == 2
    for fps_name in ("explainer.srt", "explainer.vtt"):
        check_caption_file(out / fps_name, 15, locale.captions)
    chapters = (out / "chapters.vtt").read_text(encoding="utf-8")
    assert all(title in chapters for title in locale.titles.values())
    assert locale.voice_credit(manifest["voice"], "page") in page
    visible = html.unescape(re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", "\n", page, flags=re.S))
    english = {text for text in ENGLISH.words["page"].values() if isinstance(text, str) and len(text) > 6
               and "{" not in text} - {"Downloads"}
    assert not [text for text in english if text in visible]
    if code == "de":  # the variant's change, in German words and numbers, in the title, captions and ion table
        assert "<h1>Das Ruhemembranpotential: Nervenzelle, das äußere K⁺ = 2,5 mM</h1>" in page
        assert "2,5 mM" in (out / "explainer.srt").read_text(encoding="utf-8")
        assert {"2,5"} <= {row["outside_mm"] for row in manifest["ions"]}


def test_the_lecture_files_are_in_the_language(spanish_espeak_out):
    """The handout and the slides in Spanish: its headings, the numbers' names and the cell in the forms the
    language's words ask for ("de una neurona")."""
    from pptx import Presentation

    es = load_locale("es")
    handout = subprocess.run(["pdftotext", str(spanish_espeak_out / "handout-a4.pdf"), "-"], capture_output=True,
                             text=True, check=True).stdout
    lecture = es.words["lecture"]
    expected = [lecture["numbers"], lecture["values"]["rest"], "Los iones de una neurona",
                "Potencial de reposo de una neurona normal", es.titles["goldman"]]
    assert all(text in handout for text in expected), [text for text in expected if text not in handout]
    assert "{" not in handout and "Its numbers" not in handout
    slides = Presentation(str(spanish_espeak_out / "slides.pptx")).slides
    titles = [shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame]
    assert lecture["scene_title"].format(index=4, title=es.titles["goldman"]) in titles


def test_the_gallery_speaks_its_variants_language():
    from types import SimpleNamespace

    from pipeline.batch import Variant, gallery_html

    german = SimpleNamespace(locale=load_locale("de"), whole=True)
    manifest = {"physics": {"rest_mv": -78.4}, "language": "de", "title": "Das Ruhemembranpotential: Nervenzelle"}
    gallery = gallery_html([Variant("a", german, manifest=manifest), Variant("b", german, failure="kaputt")])
    assert '<html lang="de">' in gallery and "Ruhemembranpotential: 2 Varianten" in gallery
    assert "fehlgeschlagen: kaputt" in gallery and "−78 mV" in gallery
    mixed = gallery_html([Variant("a", german, manifest=manifest), Variant("c", SimpleNamespace(locale=ENGLISH, whole=True),
                                                                           manifest={**manifest, "language": "en"})])
    assert '<html lang="en">' in mixed and '<td lang="de">' in mixed


@pytest.mark.parametrize(("code", "said"), [("es", "menos setenta y dos milivoltios"),
                                            ("de", "minus zweiundsiebzig Millivolt")])
def test_gtts_speaks_spanish_and_german_against_the_stand_in(tmp_path, code, said):
    """gTTS asked in the language (the stand-in answers in it, as Google does), its narration and captions made."""
    from gtts_standin import GttsStandIn
    from helpers import run

    out = tmp_path / "out"
    with GttsStandIn(tmp_path) as service:
        env = {**os.environ, "HTTPS_PROXY": service.url, "https_proxy": service.url}
        result = run("-m", "narration", "--voice", "gtts", "--lang", code, "--force", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert {lang for _, lang, _ in service.requests} == {code}
    assert any(said in text for _, _, text in service.requests)
    check_caption_file(out / "explainer.srt", 60, load_locale(code).captions)
    assert (out / "narration.wav").exists()


#: The longest labels: the red cell's (its Cl⁻ balance, "un glóbulo rojo"), the longest count ("160 000") in a
#: variant, and German's balance at −108 mV beside the membrane.
AUDITED = [("es", "red_blood_cell", ()), ("es", "skeletal_muscle", ("K.out=8",)), ("de", "neuron", ("K.out=2.5",))]


@pytest.mark.parametrize(("code", "name", "sets"), AUDITED)
def test_labels_fit_their_places_in_every_language(code, name, sets):
    """The scenes' audit in the language: nothing drawn over a label, everything inside the safe area, nothing in
    the caption band while a cue shows."""
    from narration.captions import cut_cues
    from scenes import SCENES_IN_ORDER
    from scenes.inputs import scene_inputs
    from scenes.stills import render_stills

    locale = load_locale(code)
    narration = narrate(load_cell(name, None, sets), make_voice("espeak", code), locale)
    inputs = scene_inputs(narration)
    for scene_name in SCENES_IN_ORDER:
        scene = render_stills(inputs[scene_name], 320, 180, audit=True)
        cues = cut_cues(narration.written_words(scene_name), 15, locale.captions, until_s=scene.timeline.duration_s)
        in_band = [hit for hit in scene.band_intrusions if any(c.start_ms / 1000 <= hit[0] <= c.end_ms / 1000
                                                               for c in cues)]
        assert (scene.overlaps, scene.unsafe[:3], in_band) == ([], [], []), (code, name, sets, scene_name)
