"""Captions: cut from the word timings, meeting every caption row of docs/STANDARDS.md."""

import subprocess

import numpy as np
import pytest
from conftest import VARIANTS

from narration import audio
from PIL import ImageFont

from common.format import SAFE_AREAS, SQUARE, VERTICAL
from narration.captions import FONT_FILE, Cue, burned_lines, caption_file, cut_cues, write_captions
from narration.locale import ENGLISH
from narration.narrate import DEFAULT_FPS, write_narration
from narration.validate import CaptionError, check_caption_file, check_cues, parse_srt, parse_vtt


@pytest.mark.parametrize("fps", [15, 30, 60])
@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_captions_pass_the_validator_and_are_the_narration_word_for_word(narrations, name, sets, fps):
    narration = narrations[(name, sets)]
    sentences = narration.written_words()
    cues = cut_cues(sentences, fps, ENGLISH.captions, until_s=narration.timeline.duration_s)
    words = [w for s in sentences for w in s]
    written = " ".join(s.written for scene in narration.script.scenes.values() for s in scene)
    assert check_cues(cues, fps, ENGLISH.captions, words=words, narration=written) == []
    assert " ".join(c.text for c in cues) == written


def test_written_files_parse_back_to_the_same_cues(narrations, tmp_path):
    narration = narrations[("neuron", ())]
    paths = write_narration(narration, tmp_path)
    srt, vtt = tmp_path / "explainer.srt", tmp_path / "explainer.vtt"
    assert srt in paths and vtt in paths
    srt_cues, srt_problems = parse_srt(srt.read_text(encoding="utf-8"))
    vtt_cues, vtt_problems = parse_vtt(vtt.read_text(encoding="utf-8"))
    assert srt_problems == vtt_problems == []
    assert len(srt_cues) >= 8 and srt_cues == vtt_cues
    assert vtt.read_text(encoding="utf-8").startswith("WEBVTT\n")
    assert "−72 mV" in srt.read_text(encoding="utf-8")
    # Per-scene captions start at the scene's own zero and end within it.
    hook = parse_srt((tmp_path / "scenes" / "01-hook.srt").read_text(encoding="utf-8"))[0]
    length_ms = narration.timeline.scene("hook").duration_s * 1000
    first_word_ms = narration.timeline.scene("hook").beats[0].words[0].start_s * 1000
    assert abs(hook[0].start_ms - first_word_ms) < 50 and hook[-1].end_ms <= length_ms
    assert (tmp_path / "scenes" / "06-why_it_matters.vtt").exists()


def cue(start, end, *lines):
    return Cue(start, end, tuple(lines))


@pytest.mark.parametrize(
    ("cues", "problem"),
    [
        ([cue(0, 2000, "x" * 43)], "line of 43 characters"),
        ([cue(0, 3000, "one", "two", "three")], "3 lines"),
        ([cue(0, 800, "short")], "lasts 800 ms"),
        ([cue(0, 7100, "long")], "lasts 7100 ms"),
        ([cue(0, 1000, "x" * 21)], "21.0 characters/s"),
        ([cue(0, 2000, "the end of"), cue(2010, 4000, "next")], "gap of 10 ms"),
        ([cue(0, 2000, "one"), cue(2300, 4000, "two")], "gap of 300 ms should be closed"),
        ([cue(0, 3000, "It sits near the", "potassium value.")], "first line ends in 'the'"),
        ([], "no cues were read"),
    ],
)
def test_validator_catches_each_rule(cues, problem):
    assert any(problem in p for p in check_cues(cues, 60, ENGLISH.captions)), check_cues(cues, 60, ENGLISH.captions)


def test_validator_checks_sync_and_text():
    from narration.timeline import Word

    words = [Word("Hello", 1.0, 1.4), Word("world.", 1.5, 2.0)]
    assert check_cues([cue(1000, 2200, "Hello world.")], 60, ENGLISH.captions, words=words, narration="Hello world.") == []
    late = check_cues([cue(1100, 2200, "Hello world.")], 60, ENGLISH.captions, words=words)
    assert any("starts 100 ms from its first word" in p for p in late)
    early_end = check_cues([cue(1000, 1900, "Hello world.")], 60, ENGLISH.captions, words=words)
    assert any("ends -100 ms after its last word" in p for p in early_end)
    assert any("word for word" in p for p in check_cues([cue(1000, 2200, "Hello there.")], 60, ENGLISH.captions, narration="Hello world."))


def test_validator_reads_timing_lines_itself(tmp_path):
    # webvtt-py reads comma timestamps in a .vtt as zero cues without an error: we do not.
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHello\n", encoding="utf-8")
    with pytest.raises(CaptionError, match="no cues were read"):
        check_caption_file(bad, 60, ENGLISH.captions)
    srt = tmp_path / "bad.srt"
    srt.write_text("2\n00:00:01,000 --> 00:00:02,500\nHello\n", encoding="utf-8")
    with pytest.raises(CaptionError, match="SRT cue 1 is numbered 2"):
        check_caption_file(srt, 60, ENGLISH.captions)
    nohead = tmp_path / "nohead.vtt"
    nohead.write_text("00:00:01.000 --> 00:00:02.500\nHello\n", encoding="utf-8")
    with pytest.raises(CaptionError, match="does not start with WEBVTT"):
        check_caption_file(nohead, 60, ENGLISH.captions)
    latin = tmp_path / "latin.srt"
    latin.write_bytes("1\n00:00:01,000 --> 00:00:02,500\n−72 mV\n".encode("utf-16"))
    with pytest.raises(CaptionError, match="UTF-8"):
        check_caption_file(latin, 60, ENGLISH.captions)


def burn(ass_path, tmp_path, size=(1920, 1080)):
    """Render the ASS file's first second onto a mid-grey frame of ``size`` with libass; return grey pixels."""
    png = tmp_path / "frame.gray"
    subprocess.run([audio.ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    f"color=c=0x808080:s={size[0]}x{size[1]}:d=1", "-vf", f"ass={ass_path}", "-frames:v", "1",
                    "-f", "rawvideo", "-pix_fmt", "gray", "-y", str(png)], check=True)
    return np.fromfile(png, dtype=np.uint8).reshape(size[1], size[0])


def box_rows(pixels):
    dark = np.flatnonzero((pixels < 0x50).sum(axis=1) > 200)
    return dark[0], dark[-1] + 1


def test_burned_in_style_box_placement_and_line_height(tmp_path):
    one = write_captions([cue(0, 1000, "K⁺ leaks out, leaving anions behind,")], tmp_path / "one",
                         ENGLISH.captions)[2]
    two = write_captions([cue(0, 1000, "K⁺ leaks out, leaving anions behind,", "until the pull balances.")],
                         tmp_path / "two", ENGLISH.captions)[2]
    one_px, two_px = burn(one, tmp_path), burn(two, tmp_path)
    top1, bottom1 = box_rows(one_px)
    top2, bottom2 = box_rows(two_px)
    line_height = (bottom2 - top2) - (bottom1 - top1)
    assert 0.05 * 1080 <= line_height <= 0.08 * 1080
    # Inside the 90 % title-safe area, at the bottom, centred.
    assert bottom2 <= 0.95 * 1080 and top2 >= 0.05 * 1080 and bottom2 > 0.8 * 1080
    columns = np.flatnonzero((two_px < 0x50).sum(axis=0) > 10)
    assert columns[0] >= 0.05 * 1920 and columns[-1] <= 0.95 * 1920
    assert abs((columns[0] + columns[-1]) / 2 - 960) < 20
    # A dark box at least 75 % opaque: grey 128 behind it shows through as at most 32.
    band = two_px[top2:bottom2]
    assert np.median(band[band < 0x50]) <= 0.25 * 128 + 1
    assert (two_px[top2:bottom2] > 200).any(), "white text on the box"


def test_a_caption_blended_into_its_box_is_what_libass_burns_in():
    # The captioned segments blend each cue, drawn once by libass, into their frames (scenes.encoder): over a
    # picture of every shade, the same pixels as libass burning it into that picture, to within two levels.
    import av

    from common.ffmpeg import burn_in
    from scenes.encoder import caption_overlays

    width, height = 1920, 1080
    captions = caption_file([cue(0, 1000, "K⁺ leaks out, leaving anions behind,", "until the pull balances.")],
                            ENGLISH.captions).to_string("ass")
    planes = [np.add.outer(np.arange(height), 3 * np.arange(width)),
              np.add.outer(5 * np.arange(height // 2), np.arange(width // 2)),
              np.add.outer(np.arange(height // 2), 7 * np.arange(width // 2))]
    picture = np.concatenate([plane.ravel() % 256 for plane in planes]).astype(np.uint8)
    burned = np.frombuffer(burn_in(picture.tobytes(), captions, width, height), np.uint8)
    frame = av.VideoFrame.from_ndarray(picture.reshape(height * 3 // 2, width), format="yuv420p")
    (caption,) = caption_overlays(captions, width, height)
    blended = caption.blended(frame).to_ndarray().ravel()
    assert (burned != picture).sum() > 100_000, "libass drew the box and its two lines"
    assert np.abs(blended.astype(int) - burned).max() <= 2
    luma = blended[:width * height].reshape(height, width)
    outside = np.ones_like(luma, dtype=bool)
    outside[caption.top:caption.bottom, caption.left:caption.right] = False
    assert (luma[outside] == picture[:width * height].reshape(height, width)[outside]).all()


@pytest.mark.parametrize("fmt", [VERTICAL, SQUARE], ids=lambda f: f.name)
@pytest.mark.parametrize(("name", "sets"), VARIANTS)
def test_burned_in_lines_fit_the_formats_narrower_line(narrations, name, sets, fmt):
    font = ImageFont.truetype(str(FONT_FILE), fmt.caption_font_px)
    for cue in narrations[(name, sets)].cues(60):
        lines = burned_lines(cue.lines, ENGLISH.captions, fmt)
        assert " ".join(lines) == cue.text and len(lines) <= fmt.caption_lines, (cue.lines, lines)
        assert all(font.getlength(line) <= fmt.caption_line_px for line in lines), lines
        assert not any(ENGLISH.captions.is_weak_ending(line.split(" ")[-1]) for line in lines[:-1]), lines


@pytest.mark.parametrize("fmt", [VERTICAL, SQUARE], ids=lambda f: f.name)
def test_burned_in_captions_keep_to_the_formats_safe_area(tmp_path, fmt):
    long = Cue(0, 1000, ("Goldman's equation weighs the leaks by how", "easily each ion crosses: −67 mV."))
    ass = tmp_path / "long.ass"
    ass.write_text(caption_file([long], ENGLISH.captions, fmt=fmt).to_string("ass"), encoding="utf-8")
    assert len(burned_lines(long.lines, ENGLISH.captions, fmt)) == 3
    pixels = burn(ass, tmp_path, (fmt.width, fmt.height))
    top, bottom = box_rows(pixels)
    top_safe, side, bottom_safe = SAFE_AREAS[fmt.name]
    # Three lines of 4–7 % of the width each; the box ends above the platforms' bottom overlay.
    assert 3 * 0.04 * fmt.width <= bottom - top <= 3 * 0.07 * fmt.width + 2 * fmt.caption_outline_px
    assert bottom <= (1 - bottom_safe) * fmt.height + 1 and top >= top_safe * fmt.height
    columns = np.flatnonzero((pixels < 0x50).sum(axis=0) > 10)
    assert columns[0] >= side * fmt.width and columns[-1] <= (1 - side) * fmt.width
    assert (pixels[top:bottom] > 200).any(), "white text on the box"


def test_caption_file_shifts_cues_for_a_scene():
    subs = caption_file([cue(5000, 7000, "Hi there")], ENGLISH.captions, offset_s=4.0)
    assert (subs[0].start, subs[0].end) == (1000, 3000)
    assert DEFAULT_FPS == 60
