"""Cell parameters from a preset, a TOML file and --set overrides: the one parser every command uses."""

import argparse
import sys
import tomllib
from dataclasses import replace

from physics import checks
from physics.cell import ATTRIBUTE, SCALAR_KEYS, Cell
from physics.constants import VALENCE
from physics.presets import PRESETS, preset

#: Every key a TOML file or ``--set`` may name.
KEYS = (SCALAR_KEYS[0], *(f"{ion}.{key}" for ion in VALENCE for key in ATTRIBUTE), *SCALAR_KEYS[1:])

DEFAULT_CELL = "neuron"


def parameters(cell: Cell) -> dict:
    """Every settable value of ``cell`` as a flat dict keyed like ``--set``."""
    flat = {key: getattr(cell, key) for key in SCALAR_KEYS}
    for ion in cell.ions:
        for key, attribute in ATTRIBUTE.items():
            flat[f"{ion}.{key}"] = getattr(cell, attribute)[ion]
    return {key: flat[key] for key in KEYS if key in flat}


def with_overrides(cell: Cell, overrides: dict) -> Cell:
    """Return a new Cell with ``overrides`` (flat keys, as :data:`KEYS`) applied."""
    changes = {}
    for key, value in overrides.items():
        if key not in KEYS:
            raise checks.ParameterError("parameter", key, "one of the keys " + ", ".join(KEYS))
        ion, _, ion_key = key.partition(".")
        if ion_key:
            attribute = ATTRIBUTE[ion_key]
            changes.setdefault(attribute, dict(getattr(cell, attribute)))[ion] = value
        else:
            changes[key] = value
    return replace(cell, **changes)


def read_params_file(path) -> dict:
    """Read a TOML parameter file into flat keys (``[K] out = 8`` gives ``K.out``)."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise checks.ParameterError("--params", str(path), f"a readable TOML file ({error})") from None
    flat = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{sub}": v for sub, v in value.items()})
        else:
            flat[key] = value
    return flat


def parse_set(text: str) -> tuple:
    """Split one ``KEY=VALUE`` override into its key and float value (``true``/``false`` as bool)."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise checks.ParameterError("--set", text, "KEY=VALUE, e.g. K.out=8")
    # TOML writes a flag as true/false; the same words work on the command line.
    words = {"true": True, "false": False}
    if value.strip().lower() in words:
        return key, words[value.strip().lower()]
    try:
        return key, float(value)
    except ValueError:
        raise checks.ParameterError(key, value.strip(), "a number") from None


def load_cell(name=DEFAULT_CELL, params_file=None, sets=()) -> Cell:
    """Build a Cell: the preset ``name``, then ``params_file``, then ``sets`` (``KEY=VALUE``)."""
    cell = preset(name)
    if params_file is not None:
        cell = with_overrides(cell, read_params_file(params_file))
    return with_overrides(cell, dict(parse_set(text) for text in sets))


def add_cell_arguments(parser):
    """Add ``--cell``, ``--params`` and ``--set`` to an argparse parser."""
    parser.add_argument("--cell", default=DEFAULT_CELL, metavar="NAME",
                        help=f"cell preset: {', '.join(PRESETS)} (default: {DEFAULT_CELL})")
    parser.add_argument("--params", metavar="FILE",
                        help="TOML file of overrides, e.g. 'temp_c = 20' or '[K]\\nout = 8'")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="sets",
                        help="override one value, repeatable, e.g. --set K.out=8; keys: " + ", ".join(KEYS))


def cell_from_args(args) -> Cell:
    """The Cell named by arguments from :func:`add_cell_arguments`."""
    return load_cell(args.cell, args.params, args.sets)


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")

    def fail(self, error):
        """Report ``error`` in one line on stderr; return exit status 2."""
        print(f"{self.prog}: error: {error}", file=sys.stderr)
        return 2
