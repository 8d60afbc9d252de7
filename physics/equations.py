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

#: Each equation's own papers, for the page's references.
SOURCES = {
    "nernst": ("Nernst W (1889) Z Phys Chem 4:129",),
    "ghk": ("Goldman DE (1943) J Gen Physiol 27:37", "Hodgkin AL, Katz B (1949) J Physiol 108:37"),
    "pump": ("Mullins LJ, Noda K (1963) J Gen Physiol 47:117",),
}

#: What a temperature must also be when a voltage at it would overflow a float.
_NOT_TOO_HOT = "a finite number > -273.15 °C and below about 1e300 °C, so that the voltage is a finite number"


def thermal_voltage_mv(temp_c):
    """Return RT/F in mV at ``temp_c`` (26.7 mV at 37 °C)."""
    temp_c = checks.temperature("temp_c", temp_c)
    # (T · R/F) rather than (R · T)/F: finite for every finite temperature.
    return (temp_c + ZERO_CELSIUS_K) * (1000.0 * GAS_CONSTANT_J_PER_MOL_K / FARADAY_C_PER_MOL)


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
    # A difference of logarithms: out / in itself can overflow.
    e_mv = thermal_voltage_mv(temp_c) / valence * (math.log(conc_out_mm) - math.log(conc_in_mm))
    return checks.finite_result(e_mv, "temp_c", temp_c, _NOT_TOO_HOT)


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
    return zero_current_mv(permeability, conc_in_mm, conc_out_mm, temp_c, weight={"K": pump_ratio})


def separated_charge_mol_per_cm2(v_mv, capacitance_uf_per_cm2=1.0, valence=1):
    """Moles of ions per cm² that charge the membrane to ``v_mv`` (Q = C·V)."""
    v_mv = checks.finite("v_mv", v_mv)
    capacitance_uf_per_cm2 = checks.positive("capacitance_uf_per_cm2", capacitance_uf_per_cm2)
    valence = checks.valence("valence", valence)
    coulomb_per_cm2 = (capacitance_uf_per_cm2 * 1e-6) * (abs(v_mv) * 1e-3)
    return checks.finite_result(coulomb_per_cm2 / (abs(valence) * FARADAY_C_PER_MOL), "v_mv", v_mv,
                                f"small enough that C·V at {capacitance_uf_per_cm2:g} µF/cm² is a finite number")


def field_v_per_m(v_mv, thickness_nm=4.0):
    """Field strength across a membrane of ``thickness_nm`` at ``v_mv`` (magnitude)."""
    v_mv = checks.finite("v_mv", v_mv)
    thickness_nm = checks.positive("thickness_nm", thickness_nm)
    # mV/nm = 1e6 V/m; dividing first keeps a tiny thickness from underflowing to 0.
    return checks.finite_result(abs(v_mv) / thickness_nm * 1e6, "thickness_nm", thickness_nm,
                                f"thick enough that the field at {v_mv:g} mV is a finite number")


def ghk_flux_mol_per_cm2_s(p_cm_per_s, valence, conc_in_mm, conc_out_mm, v_mv, temp_c):
    """Outward GHK flux of one ion, mol/(cm²·s); smooth through 0 mV.

    The outward current density is ``valence · F`` times this flux.
    """
    return ghk_flux_at(p_cm_per_s, valence, conc_in_mm, conc_out_mm, v_mv, thermal_voltage_mv(temp_c))


def ghk_flux_at(p_cm_per_s, valence, conc_in_mm, conc_out_mm, v_mv, thermal_mv):
    """:func:`ghk_flux_mol_per_cm2_s` at the thermal voltage ``thermal_mv`` (RT/F, mV), with the temperature
    checked and turned into it once by the caller: the simulation's inner loop."""
    x = valence * v_mv / thermal_mv
    # P·x/(1 - e^-x)·(in - out·e^-x), written as P·(g(x)·in - g(-x)·out) so that no
    # exponential of a large |x| is ever formed.
    return p_cm_per_s * (_g(x) * conc_in_mm - _g(-x) * conc_out_mm) * MOL_PER_CM3_PER_MM


def zero_current_mv(permeability, conc_in_mm, conc_out_mm, temp_c, weight=None):
    """Voltage where the permeability-weighted GHK currents sum to zero.

    ``weight`` multiplies an ion's permeability (the pump's ratio for K⁺). The
    sums are taken over logarithms, so no sum of large values overflows and no
    ratio of small ones underflows.
    """
    temp_c = checks.temperature("temp_c", temp_c)
    permeability = checks.ion_values("permeability", permeability, checks.non_negative)
    conc_in_mm = checks.ion_values("conc_in_mm", conc_in_mm, checks.non_negative)
    conc_out_mm = checks.ion_values("conc_out_mm", conc_out_mm, checks.non_negative)
    if not any(p > 0 for p in permeability.values()):
        raise checks.ParameterError("permeability", permeability, "≥ 0 for every ion, with at least one above 0")
    log_p = {ion: math.log(p) + math.log((weight or {}).get(ion, 1.0)) for ion, p in permeability.items() if p > 0}
    for ion in log_p:
        for name, conc in (("conc_in_mm", conc_in_mm), ("conc_out_mm", conc_out_mm)):
            if ion not in conc:
                raise checks.ParameterError(name, conc, f"a concentration for every permeant ion ({ion} is missing)")
    # The voltage is pushed up by cations outside and anions inside, down by the reverse.
    up = [log_p[i] + math.log(conc_out_mm[i] if VALENCE[i] > 0 else conc_in_mm[i]) for i in log_p
          if (conc_out_mm[i] if VALENCE[i] > 0 else conc_in_mm[i]) > 0]
    down = [log_p[i] + math.log(conc_in_mm[i] if VALENCE[i] > 0 else conc_out_mm[i]) for i in log_p
            if (conc_in_mm[i] if VALENCE[i] > 0 else conc_out_mm[i]) > 0]
    if not up or not down:
        raise checks.ParameterError(
            "GHK ratio", f"{_total(up):g} / {_total(down):g}",
            "a permeant ion on each side (cations outside or anions inside, and the reverse)",
        )
    if all(abs(VALENCE[i]) == 1 for i in log_p):
        x = _log_sum_exp(up) - _log_sum_exp(down)
    else:
        x = _root_x(log_p, conc_in_mm, conc_out_mm)
    return checks.finite_result(thermal_voltage_mv(temp_c) * float(x), "temp_c", temp_c, _NOT_TOO_HOT)


def _root_of_net_current(permeant, conc_in_mm, conc_out_mm, temp_c):
    """Zero-current voltage in mV by root finding, for any valences (``permeant``: p > 0 by ion)."""
    log_p = {ion: math.log(p) for ion, p in permeant.items()}
    return thermal_voltage_mv(temp_c) * _root_x(log_p, conc_in_mm, conc_out_mm)


def _root_x(log_p, conc_in_mm, conc_out_mm):
    """Root, in units of RT/F, of the summed GHK currents with log-permeabilities ``log_p``."""

    def log_outward_minus_log_inward(x):
        # Each ion's current is p·z·(g(zx)·in - g(-zx)·out); its two terms go to
        # the outward or the inward side by sign, and the sides are compared as logs.
        outward, inward = [], []
        for ion, log_pi in log_p.items():
            z = VALENCE[ion]
            for sign, y, conc in ((1, z * x, conc_in_mm[ion]), (-1, -z * x, conc_out_mm[ion])):
                if conc > 0:
                    (outward if sign * z > 0 else inward).append(log_pi + math.log(abs(z)) + _log_g(y) + math.log(conc))
        return _log_sum_exp(outward) - _log_sum_exp(inward)

    # Each ion's current rises with voltage and is zero at its own equilibrium, so
    # the one root lies between the equilibria; widen if an ion has only one side.
    equilibria = [(math.log(conc_out_mm[i]) - math.log(conc_in_mm[i])) / VALENCE[i]
                  for i in log_p if conc_in_mm[i] > 0 and conc_out_mm[i] > 0]
    low, high = (min(equilibria), max(equilibria)) if equilibria else (0.0, 0.0)
    width = 1.0
    while log_outward_minus_log_inward(low) > 0 or log_outward_minus_log_inward(high) < 0:
        assert width < 1e6, "the summed GHK currents change sign within a few thousand RT/F"
        low, high, width = low - width, high + width, 2 * width
    if low == high:
        return low
    # Near machine precision, so that a rest and E_K that are equal compare equal.
    return brentq(log_outward_minus_log_inward, low, high, xtol=1e-13, rtol=1e-15)


def _g(x):
    """x / (1 - e^-x), which tends to 1 at x = 0, computed without overflow."""
    if abs(x) < 1e-9:
        return 1.0 + x / 2.0
    if x > 0:
        return x / -math.expm1(-x)
    return -x * math.exp(x) / -math.expm1(x)


def _log_g(x):
    """log of :func:`_g`, finite for every finite x."""
    if abs(x) < 1e-9:
        return x / 2.0
    if x > 0:
        return math.log(x) - math.log(-math.expm1(-x))
    return math.log(-x) + x - math.log(-math.expm1(x))


def _log_sum_exp(logs):
    """log(Σ e^l) over ``logs`` (not empty), without overflow."""
    largest = max(logs)
    return largest + math.log(math.fsum(math.exp(log - largest) for log in logs))


def _total(logs):
    """Sum of the terms whose logarithms are ``logs``, for messages (0 if none, inf if it overflows)."""
    if not logs:
        return 0.0
    total = _log_sum_exp(logs)
    return math.exp(total) if total < 709.0 else math.inf
