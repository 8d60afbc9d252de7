"""``python -m physics``: print a cell's ion table and resting state."""

import json
import sys
from dataclasses import asdict

from physics.constants import ION_LABEL
from physics.errors import ExplainerError
from physics.params import CommandParser, add_cell_arguments, cell_from_args, parameters
from physics.state import resting_state


def report(cell, state) -> dict:
    """The cell's parameters and resting state, ready for JSON."""
    return {"cell": cell.name, "parameters": parameters(cell), "physics": asdict(state)}


def table(cell, state) -> str:
    """The brief's ion table for ``cell`` and its resting state, as text."""
    lines = [
        f"{cell.name} at {cell.temp_c:g} °C",
        f"{'Ion':<5}{'Inside (mM)':>13}{'Outside (mM)':>14}{'Equilibrium (mV)':>18}{'Rel. permeability':>19}",
    ]
    for ion in cell.ions:
        # Inside concentrations at rest: a passive Cl⁻ shows where it has settled.
        settles = "  settles with V" if cell.cl_passive and ion == "Cl" else ""
        lines.append(
            f"{ION_LABEL[ion]:<5}{state.conc_in_mm[ion]:>13.4g}{cell.conc_out_mm[ion]:>14g}"
            f"{state.equilibrium_mv[ion]:>+18.1f}{cell.permeability[ion]:>19g}{settles}"
        )
    rows = [
        ("GHK voltage (leaks only)", f"{state.ghk_mv:+.1f} mV"),
        ("Pump's electrogenic share", f"{state.pump_mv:+.1f} mV"),
        ("Resting potential", f"{state.rest_mv:+.1f} mV"),
        (f"Field across {cell.thickness_nm:g} nm", f"{state.field_v_per_m / 1e6:.1f} MV/m"),
        ("Separated charge", f"{state.charge_mol_per_cm2:.2e} mol/cm² ({state.ions_per_um2:,.0f} ions/µm², "
                             f"{state.k_fraction_moved:.1e} of the cell's K⁺)"),
    ]
    lines += [""] + [f"{label:<27}{value}" for label, value in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    """Run the command; return its exit status."""
    parser = CommandParser(prog="python -m physics", description=__doc__.strip("`"))
    add_cell_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = parser.parse_args(argv)
    try:
        cell = cell_from_args(args)
        state = resting_state(cell)
    except ExplainerError as error:
        return parser.fail(error)
    print(json.dumps(report(cell, state), indent=2, ensure_ascii=False) if args.json else table(cell, state))
    return 0


if __name__ == "__main__":
    sys.exit(main())
