"""The resting state of a cell: every number the explainer says or shows."""

from dataclasses import dataclass

from physics.cell import Cell
from physics.constants import AVOGADRO_PER_MOL, MOL_PER_CM3_PER_MM, VALENCE
from physics.equations import field_v_per_m, ghk_mv, nernst_mv, pump_rest_mv, separated_charge_mol_per_cm2

_UM2_PER_CM2 = 1e8
_CM_PER_UM = 1e-4


@dataclass(frozen=True)
class RestingState:
    """A cell at rest.

    Attributes
    ----------
    equilibrium_mv : dict
        Nernst potential of each ion, mV.
    ghk_mv : float
        Goldman–Hodgkin–Katz voltage (leaks only), mV.
    pump_mv : float
        The pump's electrogenic share, ``rest_mv - ghk_mv``, mV (negative for 3:2).
    rest_mv : float
        Resting potential with the pump (Mullins–Noda), mV.
    field_v_per_m : float
        Field strength across the membrane at rest, V/m.
    charge_mol_per_cm2 : float
        Monovalent ions per cm² separated to charge the membrane to rest, mol/cm².
    ions_per_um2 : float
        The same as a count per µm².
    k_fraction_moved : float
        Fraction of the cell's K⁺ that left to charge the membrane (0-1).
    """

    equilibrium_mv: dict
    ghk_mv: float
    pump_mv: float
    rest_mv: float
    field_v_per_m: float
    charge_mol_per_cm2: float
    ions_per_um2: float
    k_fraction_moved: float


def resting_state(cell: Cell) -> RestingState:
    """Compute the :class:`RestingState` of ``cell``."""
    concs = (cell.permeability, cell.conc_in_mm, cell.conc_out_mm, cell.temp_c)
    ghk = ghk_mv(*concs)
    rest = pump_rest_mv(*concs, pump_ratio=cell.pump_ratio)
    charge = separated_charge_mol_per_cm2(rest, cell.capacitance_uf_per_cm2)
    surface_per_volume_per_cm = 3.0 / (cell.radius_um * _CM_PER_UM)
    k_in_mol_per_cm3 = cell.conc_in_mm.get("K", float("nan")) * MOL_PER_CM3_PER_MM
    return RestingState(
        equilibrium_mv={
            ion: nernst_mv(cell.conc_out_mm[ion], cell.conc_in_mm[ion], VALENCE[ion], cell.temp_c)
            for ion in cell.ions
        },
        ghk_mv=ghk,
        pump_mv=rest - ghk,
        rest_mv=rest,
        field_v_per_m=field_v_per_m(rest, cell.thickness_nm),
        charge_mol_per_cm2=charge,
        ions_per_um2=charge * AVOGADRO_PER_MOL / _UM2_PER_CM2,
        k_fraction_moved=charge * surface_per_volume_per_cm / k_in_mol_per_cm3,
    )
