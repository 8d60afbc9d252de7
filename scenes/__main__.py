"""``python -m scenes``: a contact sheet of the explainer, one still per narration beat."""

import sys

from narration.narrate import narrate
from common.errors import ExplainerError
from common.format import FORMATS
from physics.params import CommandParser, add_cell_arguments, cell_from_args


def main(argv=None) -> int:
    """Run the command; return its exit status."""
    parser = CommandParser(prog="python -m scenes", description=__doc__.strip("`"),
                           epilog="example: python -m scenes --cell skeletal_muscle --out output/contact-sheet.png")
    add_cell_arguments(parser)
    parser.add_argument("--out", default="output/contact-sheet.png", metavar="PNG",
                        help="where to write the sheet (default: %(default)s)")
    parser.add_argument("--width", type=int, help="width of each still in pixels (default: 480; 320 if not landscape)")
    parser.add_argument("--format", choices=list(FORMATS), default=next(iter(FORMATS)),
                        help="the video's shape (default: landscape)")
    args = parser.parse_args(argv)
    if args.width is not None and not 64 <= args.width <= 1920:
        return parser.fail(f"--width = {args.width} is not allowed: must be between 64 and 1920")
    try:
        cell = cell_from_args(args)
        narration = narrate(cell)
        from scenes.stills import contact_sheet  # Manim loads only once the input is known good

        path = contact_sheet(args.out, narration, width=args.width, fmt=FORMATS[args.format])
    except ExplainerError as error:
        return parser.fail(error)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
