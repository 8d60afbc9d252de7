"""Nernst, Goldman–Hodgkin–Katz and Mullins–Noda voltages, charge and field."""

import math

from scipy.optimize import brentq

from physics import checks
from physics.constants import (
    FARADAY_C_PER_MOL,
    GAS_CONSTANT_J_PER_MOL_K,
    MOL_PER_CM3_PER_MM,
    VALENCE,
    ZERO_CELSIUS_K,
)


def thermal_voltage_mv(temp_c):
    """Return RT/F in mV at ``temp_c`` (26.7 mV at 37 °C)."""
    temp_c = checks.temperature("temp_c", temp_c)
    return 1000.0 * GAS_CONSTANT_J_PER_MOL_K * (temp_c + ZERO_CELSIUS_K) / FARADAY_C_PER_MOL


def nernst_mv(conc_out_mm, conc_in_mm, valence, temp_c=37.0):
    """Equilibrium potential of one ion, inside relative to outside.

    Parameters
    ----------
    conc_out_mm, conc_in_mm : float
        Concentrations outside and inside, mM; both finite and above zero.
    valence : int
        Charge number of the ion, non-zero.
    temp_c : float
        Temperature, °C.

    Returns
    -------
    float
        E = (RT / zF) ln(out / in), in mV.
    """
    conc_out_mm = checks.positive("conc_out_mm", conc_out_mm)
    conc_in_mm = checks.positive("conc_in_mm", conc_in_mm)
    valence = checks.valence("valence", valence)
    return thermal_voltage_mv(temp_c) / valence * math.log(conc_out_mm / conc_in_mm)


def ghk_mv(permeability, conc_in_mm, conc_out_mm, temp_c=37.0):
    """Goldman–Hodgkin–Katz voltage: where the net GHK current is zero.

    Parameters
    ----------
    permeability : dict
        Permeability of each ion by symbol (any common unit: only ratios count).
    conc_in_mm, conc_out_mm : dict
        Concentrations inside and outside by symbol, mM. Every permeant ion needs both.
    temp_c : float
        Temperature, °C.

    Returns
    -------
    float
        Voltage in mV. The closed form when every permeant ion is monovalent,
        otherwise the root of the summed GHK currents.
    """
    return zero_current_mv(permeability, conc_in_mm, conc_out_mm, temp_c)


def pump_rest_mv(permeability, conc_in_mm, conc_out_mm, temp_c=37.0, pump_ratio=1.5):
    """Steady voltage with an electrogenic Na⁺/K⁺ pump (Mullins & Noda 1963).

    With the pump moving ``pump_ratio`` Na⁺ out per K⁺ in and balancing the
    passive K⁺ leak, zero net current means ``r·I_K + I_Na + I_Cl (+ I_Ca) = 0``:
    the GHK equation with the K⁺ terms weighted by r. ``pump_ratio=1`` (an
    electroneutral pump) gives back :func:`ghk_mv`.

    Returns
    -------
    float
        Voltage in mV.
    """
    pump_ratio = checks.positive("pump_ratio", pump_ratio)
    permeability = checks.ion_values("permeability", permeability, checks.non_negative)
    if "K" in permeability:
        permeability["K"] *= pump_ratio
    return zero_current_mv(permeability, conc_in_mm, conc_out_mm, temp_c)


def separated_charge_mol_per_cm2(v_mv, capacitance_uf_per_cm2=1.0, valence=1):
    """Moles of ions per cm² that charge the membrane to ``v_mv`` (Q = C·V)."""
    v_mv = checks.finite("v_mv", v_mv)
    capacitance_uf_per_cm2 = checks.positive("capacitance_uf_per_cm2", capacitance_uf_per_cm2)
    valence = checks.valence("valence", valence)
    coulomb_per_cm2 = capacitance_uf_per_cm2 * 1e-6 * abs(v_mv) * 1e-3
    return coulomb_per_cm2 / (abs(valence) * FARADAY_C_PER_MOL)


def field_v_per_m(v_mv, thickness_nm=4.0):
    """Field strength across a membrane of ``thickness_nm`` at ``v_mv`` (magnitude)."""
    v_mv = checks.finite("v_mv", v_mv)
    thickness_nm = checks.positive("thickness_nm", thickness_nm)
    return abs(v_mv) * 1e-3 / (thickness_nm * 1e-9)


def ghk_flux_mol_per_cm2_s(p_cm_per_s, valence, conc_in_mm, conc_out_mm, v_mv, temp_c):
    """Outward GHK flux of one ion, mol/(cm²·s); smooth through 0 mV.

    The outward current density is ``valence · F`` times this flux.
    """
    x = valence * v_mv / thermal_voltage_mv(temp_c)
    # x / (1 - e^-x) tends to 1 at x = 0; expm1 keeps it exact near there.
    drive = 1.0 + x / 2.0 if abs(x) < 1e-9 else x / -math.expm1(-x)
    return p_cm_per_s * drive * (conc_in_mm - conc_out_mm * math.exp(-x)) * MOL_PER_CM3_PER_MM


def zero_current_mv(permeability, conc_in_mm, conc_out_mm, temp_c):
    """Voltage where the permeability-weighted GHK currents sum to zero."""
    temp_c = checks.temperature("temp_c", temp_c)
    permeability = checks.ion_values("permeability", permeability, checks.non_negative)
    conc_in_mm = checks.ion_values("conc_in_mm", conc_in_mm, checks.non_negative)
    conc_out_mm = checks.ion_values("conc_out_mm", conc_out_mm, checks.non_negative)
    if not any(p > 0 for p in permeability.values()):
        raise checks.ParameterError("permeability", permeability, "≥ 0 for every ion, with at least one above 0")
    # Only ratios matter: dividing by the largest keeps tiny permeabilities from underflowing.
    largest = max(permeability.values())
    permeant = {ion: p / largest for ion, p in permeability.items() if p > 0}
    for ion in permeant:
        for name, conc in (("conc_in_mm", conc_in_mm), ("conc_out_mm", conc_out_mm)):
            if ion not in conc:
                raise checks.ParameterError(name, conc, f"a concentration for every permeant ion ({ion} is missing)")
    # The voltage is pushed up by cations outside and anions inside, down by the reverse.
    up = sum(p * (conc_out_mm[i] if VALENCE[i] > 0 else conc_in_mm[i]) for i, p in permeant.items())
    down = sum(p * (conc_in_mm[i] if VALENCE[i] > 0 else conc_out_mm[i]) for i, p in permeant.items())
    if up == 0 or down == 0:
        raise checks.ParameterError(
            "GHK ratio", f"{up:g} / {down:g}",
            "a permeant ion on each side (cations outside or anions inside, and the reverse)",
        )
    if all(abs(VALENCE[i]) == 1 for i in permeant):
        return thermal_voltage_mv(temp_c) * math.log(up / down)
    return _root_of_net_current(permeant, conc_in_mm, conc_out_mm, temp_c)


def _root_of_net_current(permeant, conc_in_mm, conc_out_mm, temp_c):
    def net_current(v_mv):
        return sum(
            VALENCE[i] * ghk_flux_mol_per_cm2_s(p, VALENCE[i], conc_in_mm[i], conc_out_mm[i], v_mv, temp_c)
            for i, p in permeant.items()
        )

    # Each ion's GHK current rises with voltage, so the sum has one root; widen
    # the bracket until the sign changes.
    low, high = -100.0, 100.0
    while net_current(low) > 0:
        low *= 2
    while net_current(high) < 0:
        high *= 2
    return brentq(net_current, low, high, xtol=1e-9, rtol=1e-12)
