"""Compose the stages into the explainer: for now, validate parameters and list what exists."""

import sys

from physics import PRESETS, ParameterError, resting_state
from physics.__main__ import table
from physics.params import CommandParser, add_cell_arguments, cell_from_args
from scenes import SCENES_IN_ORDER


def main(argv=None) -> int:
    """Run the command; return its exit status."""
    parser = CommandParser(
        prog="python render.py",
        description="Render the resting-membrane-potential explainer. "
        "Narration, scenes and assembly are not built yet: today this validates "
        "parameters (--dry-run) and lists cells and scenes.",
        epilog="example: python render.py --dry-run --cell skeletal_muscle --set K.out=8",
    )
    add_cell_arguments(parser)
    parser.add_argument("--dry-run", action="store_true", help="validate the parameters and print the physics")
    parser.add_argument("--list-cells", action="store_true", help="print the cell presets")
    parser.add_argument("--list-scenes", action="store_true", help="print the scenes in order")
    args = parser.parse_args(argv)
    if args.list_cells or args.list_scenes:
        print("\n".join((PRESETS if args.list_cells else ()) + (SCENES_IN_ORDER if args.list_scenes else ())))
        return 0
    try:
        cell = cell_from_args(args)
        state = resting_state(cell)
    except ParameterError as error:
        return parser.fail(error)
    print(table(cell, state))
    if not args.dry_run:
        return parser.fail("rendering needs the scenes and assembly stages, which are not built yet; use --dry-run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
