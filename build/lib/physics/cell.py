"""The Cell: every parameter of the model, validated once on creation."""

from dataclasses import dataclass

from physics import checks
from physics.constants import VALENCE


@dataclass(frozen=True)
class Cell:
    """A cell's ions, membrane and size; values are checked on creation.

    Parameters
    ----------
    name : str
        Preset or user-given name.
    temp_c : float
        Temperature, °C.
    conc_in_mm, conc_out_mm : dict
        Concentrations by ion symbol ("K", "Na", "Cl", "Ca"), mM; all above zero,
        with the same ions on both sides.
    permeability : dict
        Relative permeability by ion symbol (K⁺ usually 1). Only ratios set the
        voltages; ``permeability_scale_cm_per_s`` turns them into cm/s for
        :func:`physics.simulate`.
    capacitance_uf_per_cm2 : float
        Specific membrane capacitance, µF/cm².
    thickness_nm : float
        Thickness of the membrane's insulating core, nm.
    pump_ratio : float
        Na⁺ pumped out per K⁺ pumped in (3:2 gives 1.5).
    radius_um : float
        Radius of the spherical cell, µm; sets how fast the gradients run down.
    permeability_scale_cm_per_s : float
        Absolute permeability of one unit of relative permeability, cm/s;
        sets the membrane's time constant.
    cl_passive : bool
        Cl⁻ is passively distributed: at rest it has settled to E_Cl = V and
        carries no current, so ``conc_in_mm["Cl"]`` is only the starting value
        (see :func:`physics.resting_state`).

    Every number must lie in its physical range (:data:`RANGES`), else
    :class:`physics.ParameterError` names it, its value and the range with its reason.
    """

    name: str
    temp_c: float
    conc_in_mm: dict
    conc_out_mm: dict
    permeability: dict
    capacitance_uf_per_cm2: float = 1.0
    thickness_nm: float = 4.0
    pump_ratio: float = 1.5
    radius_um: float = 10.0
    permeability_scale_cm_per_s: float = 1e-6
    cl_passive: bool = False

    def __post_init__(self):
        ions = set(self.conc_in_mm) if isinstance(self.conc_in_mm, dict) else set()
        for key, attribute in ATTRIBUTE.items():
            values = getattr(self, attribute)
            if not isinstance(values, dict) or set(values) != ions or not ions:
                raise checks.ParameterError(attribute, values, "a dict with the same ion symbols as conc_in_mm")
            # Logarithms need concentrations above zero; a permeability may be zero.
            check = checks.non_negative if key == "permeability" else checks.positive
            bounds = RANGES["permeability" if key == "permeability" else "concentration"]
            object.__setattr__(self, attribute, {
                checks.ion("ion", i): checks.within(f"{i}.{key}", check(f"{i}.{key}", v), *bounds)
                for i, v in values.items()
            })
        if not any(self.permeability.values()):
            raise checks.ParameterError("permeability", self.permeability, "≥ 0 for every ion, with at least one above 0")
        # First what any formula needs (above absolute zero, above zero), then the physical range.
        object.__setattr__(self, "temp_c", checks.within("temp_c", checks.temperature("temp_c", self.temp_c),
                                                         *RANGES["temp_c"]))
        for name in SCALAR_KEYS[1:-1]:
            value = checks.within(name, checks.positive(name, getattr(self, name)), *RANGES[name])
            object.__setattr__(self, name, value)
        object.__setattr__(self, "cl_passive", checks.flag("cl_passive", self.cl_passive))

    @property
    def ions(self):
        """Ion symbols of this cell, in the model's order."""
        return [ion for ion in VALENCE if ion in self.conc_in_mm]


#: Where each ``ION.key`` parameter lives on a Cell.
ATTRIBUTE = {"in": "conc_in_mm", "out": "conc_out_mm", "permeability": "permeability"}

#: Cell fields set by a plain key: ``temp_c`` first, the flag last, numbers above zero between.
SCALAR_KEYS = (
    "temp_c",
    "capacitance_uf_per_cm2",
    "thickness_nm",
    "pump_ratio",
    "radius_um",
    "permeability_scale_cm_per_s",
    "cl_passive",
)

#: The physical range of every number of a Cell: (low, high, unit, why), for checks.within.
RANGES = {
    "temp_c": (-2.0, 45.0, " °C", "from sea water's freezing point, where Antarctic fish live, "
                                 "to where proteins denature"),
    "capacitance_uf_per_cm2": (0.3, 3.0, " µF/cm²", "biological membranes have about 1"),
    "thickness_nm": (2.0, 10.0, " nm", "a lipid bilayer's insulating core is about 3-5 nm"),
    "pump_ratio": (1.0, 3.0, "", "a Na⁺/K⁺-ATPase moves more Na⁺ than K⁺ — 3:2 is 1.5; "
                                 "1 is an electroneutral what-if"),
    "radius_um": (0.5, 1000.0, " µm", "from the smallest animal cells to an oocyte"),
    "permeability_scale_cm_per_s": (1e-11, 1e-3, " cm/s", "from the tightest membranes, a red cell's "
                                                          "about 1e-10, to the leakiest"),
    "concentration": (1e-9, 1000.0, " mM", "from traces, 1 pM, to twice the salt of sea water"),
    "permeability": (0.0, 1e4, "", "relative to K⁺'s usual 1; 0 is impermeant"),
}
