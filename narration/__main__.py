"""``python -m narration``: speak the script for a cell; write the WAV, captions and timeline."""

import sys

from narration.narrate import narrate, write_narration
from narration.script import SCRIPT_PATH
from narration.voices import VOICES, make_voice
from common.errors import ExplainerError
from physics.params import CommandParser, add_cell_arguments, cell_from_args


def main(argv=None) -> int:
    """Run the command; return its exit status."""
    parser = CommandParser(prog="python -m narration", description=__doc__.strip("`"),
                     epilog="example: python -m narration --cell skeletal_muscle --set K.out=8 --out output/narration")
    add_cell_arguments(parser)
    parser.add_argument("--voice", choices=tuple(VOICES), default="piper",
                        help="piper: the offline voice (default); gtts: Google's voice, needs the network; "
                             "espeak: espeak-ng, offline, every language it speaks")
    parser.add_argument("--lang", default="en", help="the gtts or espeak voice's language (default: en)")
    parser.add_argument("--tld", help="gTTS Google domain, e.g. co.uk for a British accent (default: com)")
    parser.add_argument("--script", default=SCRIPT_PATH, metavar="FILE",
                        help="the narration script (default: narration/script.toml)")
    parser.add_argument("--force", action="store_true", help="ignore the speech cache")
    parser.add_argument("--out", default="output/narration", metavar="DIR", help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        cell = cell_from_args(args)
        voice = make_voice(args.voice, args.lang, **({} if args.tld is None else {"tld": args.tld}))
        narration = narrate(cell, voice=voice, force=args.force, script_path=args.script)
        write_narration(narration, args.out)
    except ExplainerError as error:
        return parser.fail(error)
    print(f"{'scene':<24}{'words':>6}{'seconds':>9}{'wpm':>6}  cache")
    for scene in narration.timeline.scenes:
        hits = [narration.hits[beat.spoken] for beat in scene.beats]
        print(f"{scene.name:<24}{scene.word_count:>6}{scene.duration_s:>9.2f}{scene.pace_wpm:>6.0f}  "
              f"{sum(hits)}/{len(hits)} hits")
    timeline = narration.timeline
    words = narration.script.word_count
    speech = sum(beat.speech_duration_s for scene in timeline.scenes for beat in scene.beats)
    print(f"{'total':<24}{words:>6}{timeline.duration_s:>9.2f}{words / speech * 60:>6.0f}")
    print(f"wrote {args.out}/narration.wav, timeline.json, explainer.srt/.vtt/.ass and scenes/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
