"""Time courses of a spherical cell: leaks, the 3:2 pump and the membrane capacitor."""

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy.integrate import quad, solve_ivp

from physics import checks, limits
from physics.cell import RANGES, Cell
from physics.constants import FARADAY_C_PER_MOL, MOL_PER_CM3_PER_MM, VALENCE
from physics.equations import ghk_flux_at, thermal_voltage_mv
from physics.errors import OutsideModelError
from physics.state import pump_runs, resting_state

#: Internal Na⁺ for half-activation of the Na⁺/K⁺-ATPase, mM, and its Hill
#: coefficient (three Na⁺ sites): K½ ≈ 10-20 mM (Glitsch 2001, Physiol Rev 81:1791).
PUMP_NA_HALF_MM = 15.0
PUMP_NA_HILL = 3
#: A starting voltage must lie within this many mV of 0: membranes break down
#: (electroporate) at a few hundred millivolts.
V_START_LIMIT_MV = 1000.0


@dataclass(frozen=True)
class Trace:
    """A simulated time course.

    Attributes
    ----------
    t_s : numpy.ndarray
        Sample times, s.
    v_mv : numpy.ndarray
        Membrane potential, mV.
    conc_in_mm : dict
        Inside concentration of each ion over time, mM.
    """

    t_s: np.ndarray
    v_mv: np.ndarray
    conc_in_mm: dict


def simulate(cell: Cell, t_end_s, *, pump_blocked_at_s=None, k_out_step=None, v_start_mv=None, samples=1001):
    """Simulate ``cell`` from rest for ``t_end_s`` seconds.

    The model is a sphere of ``cell.radius_um`` with a GHK leak for every ion
    (``permeability × permeability_scale_cm_per_s``), a Na⁺/K⁺ pump moving
    ``pump_ratio`` Na⁺ out per K⁺ in, and the membrane capacitance. Inside
    concentrations change with the fluxes; the outside is a large bath. The
    cell starts from its :func:`physics.resting_state`, a passive Cl⁻ settled,
    with the pump running at the rate that balances the K⁺ leak there, so a
    cell started at rest stays there; the pump speeds up and slows down with
    internal Na⁺.

    Parameters
    ----------
    cell : Cell
        The cell and its starting concentrations.
    t_end_s : float
        Length of the simulation, s.
    pump_blocked_at_s : float, optional
        Time at which the pump stops (ouabain, no ATP).
    k_out_step : tuple of (float, float), optional
        ``(t_s, mm)``: outside K⁺ becomes ``mm`` at ``t_s`` (hyperkalemia, hypokalemia).
    v_start_mv : float, optional
        Starting voltage; default the resting potential. ``0`` shows the
        membrane charging up.
    samples : int
        Number of evenly spaced samples; segment boundaries are added.

    Returns
    -------
    Trace

    Raises
    ------
    physics.OutsideModelError
        As :func:`physics.resting_state`, or the solver cannot follow the cell.
    """
    t_end_s = checks.positive("t_end_s", t_end_s)
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
        raise checks.ParameterError("samples", samples, "an integer ≥ 2")
    state = resting_state(cell)
    if v_start_mv is None:
        v_start_mv = state.rest_mv
    else:
        v_start_mv = checks.within("v_start_mv", checks.finite("v_start_mv", v_start_mv), -V_START_LIMIT_MV,
                                   V_START_LIMIT_MV, " mV", "membranes break down at a few hundred mV")
    events = {}
    if pump_blocked_at_s is not None:
        events[_within("pump_blocked_at_s", pump_blocked_at_s, t_end_s)] = "pump"
    if k_out_step is not None:
        if not isinstance(k_out_step, (tuple, list)) or len(k_out_step) != 2:
            raise checks.ParameterError("k_out_step", k_out_step, "a pair (t_s, mm)")
        step_t = _within("k_out_step time", k_out_step[0], t_end_s)
        mm = checks.within("k_out_step mm", checks.positive("k_out_step mm", k_out_step[1]),
                           *RANGES["concentration"])
        events[step_t] = ("K", mm)

    model = _Model(cell, state)
    # A nanovolt on the voltage: any tighter, and near 0 mV the solver crawled in steps of
    # the membrane's time constant. For each ion 1e-10 mM, or 1e-8 of its lower
    # concentration if smaller, so that a trace ion is followed too.
    atol = [1e-6, *(min(1e-10, 1e-8 * min(state.conc_in_mm[ion], cell.conc_out_mm[ion])) for ion in model.ions)]
    grid = np.linspace(0.0, t_end_s, samples)
    cuts = [0.0, *sorted(t for t in events if 0.0 < t < t_end_s), t_end_s]
    y = np.array([v_start_mv, *(state.conc_in_mm[ion] for ion in model.ions)])
    pieces = []
    for start, stop in zip(cuts, cuts[1:]):
        model.apply(events.get(start))
        # The solver's own first step can overshoot the fastest time scale by orders of
        # magnitude and fail; a tenth of it is safe.
        first_step = 0.1 * model.fastest_s(y[0], dict(zip(model.ions, y[1:])))
        t_eval = np.unique(np.concatenate(([start, stop], grid[(grid > start) & (grid < stop)])))
        solution = solve_ivp(model.derivative, (start, stop), y, method="LSODA", t_eval=t_eval,
                             rtol=1e-8, atol=atol, first_step=min(first_step, stop - start))
        if not solution.success:
            raise OutsideModelError(
                f"the simulation of {cell.name} failed between {start:g} s and {stop:g} s ({solution.message}): "
                "its time scales are too far apart to follow; bring permeabilities, radius_um and "
                "concentrations nearer those of a preset")
        y = solution.y[:, -1]
        pieces.append(solution if not pieces else _drop_first(solution))
    t = np.concatenate([p.t for p in pieces])
    ys = np.concatenate([p.y for p in pieces], axis=1)
    # An ion emptied toward 0 may come out a hair below it, within the solver's tolerance.
    return Trace(t_s=t, v_mv=ys[0], conc_in_mm={ion: np.maximum(ys[i + 1], 0.0) for i, ion in enumerate(model.ions)})


class _Model:
    """Right-hand side of the ODE; the state is [v_mv, conc_in_mm of each ion]."""

    def __init__(self, cell, state):
        self.cell = cell
        self.ions = cell.ions
        self.p_cm_per_s = {ion: cell.permeability[ion] * cell.permeability_scale_cm_per_s for ion in self.ions}
        self.area_per_volume_per_cm = 3.0 / (cell.radius_um * 1e-4)
        self.capacitance_f_per_cm2 = cell.capacitance_uf_per_cm2 * 1e-6
        self.thermal_mv = thermal_voltage_mv(cell.temp_c)  # no event changes the temperature
        # resting_state has checked that K⁺ leaks out at rest (rest ≥ E_K), so a
        # negative flux here is rounding at rest = E_K, where the pump idles.
        k_leak = max(self._flux("K", state.conc_in_mm["K"], state.rest_mv), 0.0)
        # With no Na⁺ leak the pump idles at rest (physics.state.pump_runs).
        self.pump_max = k_leak / _pump_activation(state.conc_in_mm["Na"]) if pump_runs(cell) else 0.0

    def apply(self, event):
        if event == "pump":
            self.pump_max = 0.0
        elif event is not None:
            ion, mm = event
            self.cell = replace(self.cell, conc_out_mm={**self.cell.conc_out_mm, ion: mm})

    def _flux(self, ion, conc_in, v_mv):
        return ghk_flux_at(self.p_cm_per_s[ion], VALENCE[ion], conc_in, self.cell.conc_out_mm[ion], v_mv,
                           self.thermal_mv)

    def fastest_s(self, v_mv, conc):
        """The fastest time scale of the cell at ``v_mv`` and ``conc``, s.

        The shortest of the membrane's time constant, the fastest ion exchange and
        the time for an ion to change by its own concentration.
        """
        step_mv = 1e-3
        slope_per_s = abs(self.rates(v_mv + step_mv, conc)[0] - self.rates(v_mv - step_mv, conc)[0]) / (2 * step_mv)
        exchange_per_s = max(self.p_cm_per_s.values()) * self.area_per_volume_per_cm
        dconc = self.derivative(0.0, [v_mv, *(conc[ion] for ion in self.ions)])[1:]
        # A trace of Na⁺ with no Na⁺ leak is pumped empty in picoseconds.
        emptying_per_s = max((abs(d) / conc[ion] for ion, d in zip(self.ions, dconc) if conc[ion] > 0), default=0.0)
        fastest_per_s = max(slope_per_s, exchange_per_s, emptying_per_s)
        return 1.0 / fastest_per_s if fastest_per_s > 0 else math.inf

    def rates(self, v_mv, conc):
        """dV/dt in mV/s, and the outward flux of each ion with the pump's, mol/(cm²·s)."""
        outward = {ion: self._flux(ion, conc[ion], v_mv) for ion in self.ions}
        # The pump moves K⁺ in at this rate and pump_ratio times as much Na⁺ out.
        k_in = self.pump_max * _pump_activation(conc["Na"])
        outward["K"] -= k_in
        outward["Na"] += self.cell.pump_ratio * k_in
        current_a_per_cm2 = FARADAY_C_PER_MOL * sum(VALENCE[ion] * f for ion, f in outward.items())
        return -1e3 * current_a_per_cm2 / self.capacitance_f_per_cm2, outward

    def derivative(self, _t, y):
        dv, outward = self.rates(y[0], dict(zip(self.ions, y[1:])))
        return [dv, *(-outward[ion] * self.area_per_volume_per_cm / MOL_PER_CM3_PER_MM for ion in self.ions)]


def _pump_activation(na_in_mm):
    na = max(na_in_mm, 0.0) ** PUMP_NA_HILL
    return na / (na + PUMP_NA_HALF_MM ** PUMP_NA_HILL)


def _within(name, t_s, t_end_s):
    t_s = checks.non_negative(name, t_s)
    if t_s > t_end_s:
        raise checks.ParameterError(name, t_s, f"between 0 and t_end_s = {t_end_s:g}")
    return t_s


def _drop_first(solution):
    solution.t, solution.y = solution.t[1:], solution.y[:, 1:]
    return solution


def rundown_s(cell: Cell, fraction=0.5, t_max_s=60 * 86400.0):
    """Time after the pump stops for the resting potential to lose ``fraction`` of its size.

    Returns
    -------
    float
        Seconds, found on a grid of 1/2000 of the crossing time; ``math.inf``
        if the voltage has not run down that far by ``t_max_s``.

    Raises
    ------
    physics.OutsideModelError
        As :func:`simulate`, or the resting potential is lost in thermal noise.
    """
    fraction = checks.positive("fraction", fraction)
    if fraction >= 1:
        raise checks.ParameterError("fraction", fraction, "a number between 0 and 1")
    t_end = checks.positive("t_max_s", t_max_s)
    limits.require_voltage_above_noise(cell, resting_state(cell).rest_mv, "its run-down")
    for _ in range(2):
        trace = simulate(cell, t_end, pump_blocked_at_s=0.0, samples=2001)
        target = abs(trace.v_mv[0]) * (1 - fraction)
        crossed = np.flatnonzero(np.abs(trace.v_mv) <= target)
        if crossed.size == 0:
            return math.inf
        # Simulate again just past the crossing, for 2000 samples of resolution there.
        t_end = min(t_end, 1.05 * trace.t_s[crossed[0]])
    return float(trace.t_s[crossed[0]])


def charging_time_s(cell: Cell, fraction=0.9):
    """Time for a membrane started at 0 mV to charge to ``fraction`` of its resting potential, s.

    Where :func:`simulate` from ``v_start_mv=0`` crosses ``fraction`` of the rest,
    interpolated between samples. The simulation runs to 1.5 times the time of
    charging with the concentrations held at rest (an integral of dV / (dV/dt)),
    longer if the moving concentrations slow it.

    Raises
    ------
    physics.OutsideModelError
        As :func:`simulate`, or the resting potential is lost in thermal noise,
        or the membrane does not charge before its concentrations move on.
    """
    fraction = checks.positive("fraction", fraction)
    if fraction >= 1:
        raise checks.ParameterError("fraction", fraction, "a number between 0 and 1")
    state = resting_state(cell)
    limits.require_voltage_above_noise(cell, state.rest_mv, "the time to charge to it")
    target_mv = fraction * abs(state.rest_mv)
    t_end = 1.5 * _charging_at_rest_s(cell, state, fraction)
    for _ in range(3):
        trace = simulate(cell, t_end, v_start_mv=0.0, samples=2001)
        size = np.abs(trace.v_mv)
        reached = np.flatnonzero(size >= target_mv)
        if reached.size:
            i = reached[0]  # > 0: the trace starts at 0 mV
            share = (target_mv - size[i - 1]) / (size[i] - size[i - 1])
            return float(trace.t_s[i - 1] + share * (trace.t_s[i] - trace.t_s[i - 1]))
        t_end *= 4
    raise OutsideModelError(
        f"started at 0 mV, the membrane of {cell.name} does not charge to {fraction:.0%} of its resting voltage "
        f"({state.rest_mv:+.1f} mV) within {t_end / 4:.3g} s: its concentrations move as fast as it charges. "
        "Raise radius_um or bring the concentrations nearer those of a preset".replace("-", "−"))


def _charging_at_rest_s(cell, state, fraction):
    """Charging time with the concentrations and the pump held at rest, s: ∫ dV / (dV/dt) from 0 mV."""
    # The time scales as 1/P: integrate with the largest permeability at 1 so that
    # tiny ones cannot underflow, then scale back.
    largest = max(cell.permeability.values())
    model = _Model(replace(cell, permeability={ion: p / largest for ion, p in cell.permeability.items()}), state)
    t_s, _ = quad(lambda v_mv: 1.0 / model.rates(v_mv, state.conc_in_mm)[0], 0.0, fraction * state.rest_mv,
                  epsrel=1e-10, limit=200)
    t_s /= largest
    if not (math.isfinite(t_s) and t_s > 0):
        raise OutsideModelError(
            f"the membrane leaks so little (largest permeability {largest * cell.permeability_scale_cm_per_s:.3g} "
            "cm/s) that it would take longer than any time to charge: raise the permeabilities")
    return t_s
