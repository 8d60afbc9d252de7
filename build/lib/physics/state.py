"""The resting state of a cell: every number the explainer says or shows."""

from dataclasses import dataclass

from physics import limits
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
    conc_in_mm : dict
        Inside concentration of each ion at rest, mM: the cell's own, except a
        passive Cl⁻ (``cell.cl_passive``), which has settled to E_Cl = rest.
    equilibrium_mv : dict
        Nernst potential of each ion at rest, mV.
    ghk_mv : float
        Goldman–Hodgkin–Katz voltage (every leak, settled concentrations), mV.
    pump_mv : float
        The pump's electrogenic share, ``rest_mv - ghk_mv``, mV (≤ 0 for a 3:2 pump; 0 when
        no Na⁺ leaks in, since the pump then idles in steady state).
    rest_mv : float
        Resting potential with the pump (Mullins–Noda), mV; at or above E_K.
    pull_mv : dict
        For each permeant ion but K⁺: how far its leak moves the resting
        potential, ``rest_mv`` minus the rest with that ion's permeability at 0
        (for Na⁺, the pump then idles too), mV (0 for a passive Cl⁻, which carries
        no current at rest).
    field_v_per_m : float
        Field strength across the membrane at rest, V/m.
    charge_mol_per_cm2 : float
        Monovalent ions per cm² separated to charge the membrane to rest, mol/cm².
    ions_per_um2 : float
        The same as a count per µm².
    k_fraction_moved : float
        Fraction of the cell's K⁺ that left to charge the membrane (at most 0.01).
    """

    conc_in_mm: dict
    equilibrium_mv: dict
    ghk_mv: float
    pump_mv: float
    rest_mv: float
    pull_mv: dict
    field_v_per_m: float
    charge_mol_per_cm2: float
    ions_per_um2: float
    k_fraction_moved: float


def pump_runs(cell: Cell) -> bool:
    """Whether the Na⁺/K⁺ pump works at rest: only when Na⁺ leaks in for it to move out."""
    return _na_leaks(cell.permeability)


def _na_leaks(permeability):
    # In steady state the pump moves out the Na⁺ that leaks in: with no Na⁺ leak it idles and
    # carries no current, and the leaks alone set the voltage (an electroneutral ratio of 1).
    return permeability.get("Na", 0.0) > 0


def resting_state(cell: Cell) -> RestingState:
    """Compute the :class:`RestingState` of ``cell``.

    Raises
    ------
    physics.OutsideModelError
        The cell's values are each in range but leave the model's assumptions:
        no K⁺ leak, rest below E_K (K⁺ would leak in), a passive Cl⁻ that would
        settle beyond 1000 mM, a muscle or heart cell in outside K⁺ low enough to
        depolarize it paradoxically, or a membrane whose charge would move more than 1%
        of the cell's K⁺.
    """
    limits.require_pump_ions(cell)
    limits.require_k_out_above_paradox(cell)
    # A passive Cl⁻ carries no current at rest, so the other ions alone set the voltage.
    passive_cl = cell.cl_passive and "Cl" in cell.ions
    setting = {ion: p for ion, p in cell.permeability.items() if not (passive_cl and ion == "Cl")}

    def rest_with(permeability, conc_in_mm):
        ratio = cell.pump_ratio if _na_leaks(permeability) else 1.0
        return pump_rest_mv(permeability, conc_in_mm, cell.conc_out_mm, cell.temp_c, ratio)

    rest = rest_with(setting, cell.conc_in_mm)
    limits.require_k_leak_outward(cell, setting, rest)
    conc_in = dict(cell.conc_in_mm)
    if passive_cl:
        conc_in["Cl"] = limits.settled_cl_in_mm(cell, rest)
    ghk = ghk_mv(cell.permeability, conc_in, cell.conc_out_mm, cell.temp_c)
    # With K⁺ leaking out (rest ≥ E_K) a pump moving more Na⁺ than K⁺ is a net outward
    # current; rest may lie ROUNDING_MV below E_K, which can tip the share by r times that.
    assert cell.pump_ratio < 1 or rest - ghk <= cell.pump_ratio * limits.ROUNDING_MV, (rest, ghk)
    charge = separated_charge_mol_per_cm2(rest, cell.capacitance_uf_per_cm2)
    surface_per_volume_per_cm = 3.0 / (cell.radius_um * _CM_PER_UM)
    k_fraction_moved = charge * surface_per_volume_per_cm / (conc_in["K"] * MOL_PER_CM3_PER_MM)
    limits.require_small_charge(cell, rest, k_fraction_moved)
    return RestingState(
        conc_in_mm=conc_in,
        equilibrium_mv={
            ion: nernst_mv(cell.conc_out_mm[ion], conc_in[ion], VALENCE[ion], cell.temp_c) for ion in cell.ions
        },
        ghk_mv=ghk,
        pump_mv=rest - ghk,
        rest_mv=rest,
        pull_mv={
            ion: rest - rest_with({**setting, ion: 0.0}, conc_in)
            for ion, p in cell.permeability.items() if ion != "K" and p > 0
        },
        field_v_per_m=field_v_per_m(rest, cell.thickness_nm),
        charge_mol_per_cm2=charge,
        ions_per_um2=charge * AVOGADRO_PER_MOL / _UM2_PER_CM2,
        k_fraction_moved=k_fraction_moved,
    )
