"""Where the model stops: checks that raise OutsideModelError saying why and what would make sense."""

import math

from physics.cell import RANGES
from physics.constants import BOLTZMANN_J_PER_K, VALENCE, ZERO_CELSIUS_K
from physics.equations import nernst_mv, thermal_voltage_mv, zero_current_mv
from physics.errors import OutsideModelError

#: Voltages closer than this are equal: far below what is shown, far above rounding.
ROUNDING_MV = 1e-9
#: The model takes the concentrations as unchanged by charging the membrane; this is
#: the largest fraction of the cell's K⁺ that charging may move for that to hold.
MAX_K_FRACTION_MOVED = 0.01


def require_pump_ions(cell):
    """The Na⁺/K⁺ pump term needs a K⁺ leak to balance and Na⁺ to move out."""
    if "K" not in cell.ions or cell.permeability["K"] == 0:
        raise OutsideModelError(
            "the pump model needs a K⁺ leak for the pump to balance, and this cell has none: "
            + ("set K.permeability above 0" if "K" in cell.ions else "give the cell K⁺"))
    if "Na" not in cell.ions:
        raise OutsideModelError("the Na⁺/K⁺ pump model needs Na⁺ inside the cell to pump out: "
                                "give the cell Na⁺")


#: Below this outside K⁺ (mM) skeletal muscle and heart cells depolarize instead of hyperpolarizing:
#: their inward-rectifier K⁺ channels (Kir2.1) conduct less as outside K⁺ falls, so the Na⁺ leak wins.
#: Human muscle fibres: Jurkat-Rott K et al. (2009) PNAS 106:4036; rat and rabbit ventricular myocytes:
#: Bouchard R et al. (2004) J Physiol 556:773. The model's fixed K⁺ permeability cannot show it.
PARADOX_K_OUT_MM = 1.5
#: The presets whose K⁺ channels are inward rectifiers that close in low outside K⁺.
PARADOX_CELLS = ("skeletal_muscle", "cardiac_myocyte")


def require_k_out_above_paradox(cell):
    """Refuse a muscle or heart cell whose outside K⁺ is below :data:`PARADOX_K_OUT_MM`."""
    if cell.name in PARADOX_CELLS and cell.conc_out_mm["K"] < PARADOX_K_OUT_MM:
        raise OutsideModelError(
            f"below about {PARADOX_K_OUT_MM:g} mM outside K⁺, real {cell.name.replace('_', ' ')} cells depolarize "
            "instead of hyperpolarizing: their K⁺ channels close as outside K⁺ falls (Jurkat-Rott et al. 2009, "
            "Bouchard et al. 2004), which this model, with a fixed K⁺ permeability, cannot show. "
            f"Raise K.out to at least {PARADOX_K_OUT_MM:g} mM")


def require_k_leak_outward(cell, permeability, rest_mv):
    """Raise unless ``rest_mv`` (from ``permeability``, the leaks that set it) is at or above E_K."""
    e_k = nernst_mv(cell.conc_out_mm["K"], cell.conc_in_mm["K"], 1, cell.temp_c)
    if rest_mv >= e_k - ROUNDING_MV:
        return
    # At E_K the K⁺ current is zero and every current rises with voltage, so rest ≥ E_K
    # exactly when the other leaks alone settle at or above E_K: whatever P_K and the
    # pump's ratio, the limit on K⁺ is where E_K meets their zero-current voltage.
    others = {ion: p for ion, p in permeability.items() if ion != "K" and p > 0}
    args = (cell.conc_in_mm, cell.conc_out_mm, cell.temp_c)
    x_others = zero_current_mv(others, *args) / thermal_voltage_mv(cell.temp_c)
    low_mm, high_mm = RANGES["concentration"][:2]
    fixes = []
    k_out_max = cell.conc_in_mm["K"] * math.exp(x_others)
    if k_out_max >= low_mm:
        fixes.append(f"lower K.out to at most {k_out_max:.3g} mM")
    k_in_min = cell.conc_out_mm["K"] * math.exp(-x_others)
    if k_in_min <= high_mm:
        fixes.append(f"raise K.in to at least {k_in_min:.3g} mM")
    # The leaks that pull below E_K: without all of them the rest settles at or above it.
    below = [ion for ion in others if nernst_mv(cell.conc_out_mm[ion], cell.conc_in_mm[ion], VALENCE[ion],
                                                 cell.temp_c) < e_k]
    alone = [ion for ion in below if len(others) == 1
             or zero_current_mv({i: p for i, p in others.items() if i != ion}, *args) >= e_k]
    for ion in alone:
        fixes.append(f"lower {ion}.permeability")
        if ion == "Cl":
            fixes.append("let Cl⁻ settle with the voltage (--set cl_passive=1)")
    if not alone:
        fixes.append("lower " + " and ".join(f"{ion}.permeability" for ion in below))
    # Enough decimals to show the two apart.
    decimals = next(d for d in range(1, 16) if round(rest_mv, d) != round(e_k, d) or d == 15)
    raise OutsideModelError(
        f"at these values the resting voltage ({_mv(rest_mv, decimals)}) lies below E_K ({_mv(e_k, decimals)}): "
        "K⁺ would leak in, "
        f"and the pump model needs an outward K⁺ leak to balance. {_either(fixes)}")


def settled_cl_in_mm(cell, rest_mv):
    """Inside Cl⁻ at which E_Cl equals ``rest_mv``; raise if no cell could hold it."""
    x = rest_mv / thermal_voltage_mv(cell.temp_c)
    cl_out = cell.conc_out_mm["Cl"]
    low_mm, high_mm = RANGES["concentration"][:2]
    # x is bounded by the equilibria of in-range concentrations, so exp cannot overflow.
    cl_in = cl_out * math.exp(x)
    if cl_in > high_mm:
        raise OutsideModelError(
            f"with Cl⁻ settling at the resting voltage ({_mv(rest_mv)}), inside Cl⁻ would be {cl_in:.3g} mM, "
            f"more than the {high_mm:g} mM a cell can hold. Lower Cl.out to at most "
            f"{high_mm * math.exp(-x):.3g} mM, or keep Cl⁻ where it is measured (--set cl_passive=0)")
    if cl_in < low_mm:
        raise OutsideModelError(
            f"with Cl⁻ settling at the resting voltage ({_mv(rest_mv)}), inside Cl⁻ would be {cl_in:.3g} mM, "
            f"below the {low_mm:g} mM the model takes. Raise Cl.out to at least {low_mm * math.exp(-x):.3g} mM, "
            "or keep Cl⁻ where it is measured (--set cl_passive=0)")
    return cl_in


def require_small_charge(cell, rest_mv, k_fraction_moved):
    """The concentrations must not budge when the membrane charges up."""
    if k_fraction_moved <= MAX_K_FRACTION_MOVED:
        return
    radius_min_um = cell.radius_um * k_fraction_moved / MAX_K_FRACTION_MOVED
    raise OutsideModelError(
        f"charging the membrane to {_mv(rest_mv)} would move {100 * k_fraction_moved:.3g}% of the cell's K⁺ "
        f"(more than {MAX_K_FRACTION_MOVED:.0%}), and the model takes the concentrations as unchanged by it. "
        f"Raise radius_um to at least {radius_min_um:.3g} µm, or raise K.in")


def require_voltage_above_noise(cell, rest_mv, what):
    """Raise if ``rest_mv`` is lost in the thermal noise of the membrane, √(kT/C)."""
    area_cm2 = 4 * math.pi * (cell.radius_um * 1e-4) ** 2
    noise_mv = 1e3 * math.sqrt(BOLTZMANN_J_PER_K * (cell.temp_c + ZERO_CELSIUS_K)
                               / (cell.capacitance_uf_per_cm2 * 1e-6 * area_cm2))
    if abs(rest_mv) < noise_mv:
        rest = f"{rest_mv:+.2g} mV".replace("-", "−")
        raise OutsideModelError(
            f"the resting voltage ({rest}) is smaller than the membrane's thermal noise ({noise_mv:.2g} mV "
            f"for this cell), so {what} has no meaning: move the resting voltage away from 0 mV, or make "
            "the cell larger (radius_um), which quiets the noise")


def _mv(v_mv, decimals=1):
    """A voltage for a message, with a true minus sign."""
    return f"{v_mv:+.{decimals}f} mV".replace("-", "−")


def _either(fixes):
    """'A', 'A or B', 'A, B, or C', capitalised."""
    text = " or ".join(fixes) if len(fixes) <= 2 else ", ".join(fixes[:-1]) + ", or " + fixes[-1]
    return text[0].upper() + text[1:]
