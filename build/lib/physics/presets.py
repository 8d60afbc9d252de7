"""Published cell presets: concentrations and permeability ratios, with sources.

Only skeletal muscle has ``cl_passive=True``: its Cl⁻ is passively distributed
and settles with the voltage. The neuron, cardiac and smooth muscle cells hold
Cl⁻ away from equilibrium with transporters, and the red cell's Cl⁻ is already at
its Donnan equilibrium, so their measured inside Cl⁻ is taken as it is.
"""

from physics import checks
from physics.cell import Cell

_NEURON = Cell(
    name="neuron",
    temp_c=37.0,
    # Mammalian neuron, the brief's table (within the ranges of Purves et al., Neuroscience, Table 2.1).
    conc_in_mm={"K": 140.0, "Na": 15.0, "Cl": 10.0, "Ca": 0.0001},
    conc_out_mm={"K": 5.0, "Na": 145.0, "Cl": 110.0, "Ca": 1.2},
    # Hodgkin & Katz (1949) resting ratios P_K : P_Na : P_Cl = 1 : 0.04 : 0.45.
    permeability={"K": 1.0, "Na": 0.04, "Cl": 0.45, "Ca": 0.0},
    # A 20 µm soma; P_K of order 1e-6 cm/s (Hodgkin & Katz 1949) gives τ of a few ms.
    radius_um=10.0,
    permeability_scale_cm_per_s=1e-6,
    # The K⁺-Cl⁻ cotransporter KCC2 holds Cl⁻ below equilibrium (Rivera et al. 1999, Nature 397:251).
    cl_passive=False,
)

_SKELETAL_MUSCLE = Cell(
    name="skeletal_muscle",
    temp_c=37.0,
    # Mammalian skeletal muscle, Hille (2001) Table 1.1.
    conc_in_mm={"K": 155.0, "Na": 12.0, "Cl": 4.2, "Ca": 0.0001},
    conc_out_mm={"K": 4.0, "Na": 145.0, "Cl": 123.0, "Ca": 1.5},
    # Cl⁻ dominates resting conductance: P_Cl/P_K ≈ 2 and P_Na/P_K ≈ 0.01
    # (Hodgkin & Horowicz 1959; Bretag 1987, Physiol Rev 67:618).
    permeability={"K": 1.0, "Na": 0.01, "Cl": 2.0, "Ca": 0.0},
    # A fibre is long and thin; 25 µm is the radius of a sphere of similar surface/volume.
    radius_um=25.0,
    permeability_scale_cm_per_s=1e-6,
    # Cl⁻ distributes passively in muscle (Hodgkin & Horowicz 1959, J Physiol 148:127):
    # the 4.2 mM above is only where it starts; at rest it settles to E_Cl = V.
    cl_passive=True,
)

_CARDIAC_MYOCYTE = Cell(
    name="cardiac_myocyte",
    temp_c=37.0,
    # Human ventricular myocyte, ten Tusscher et al. (2004) Am J Physiol 286:H1573:
    # Ko 5.4, Ki 138.3, Nao 140, Nai 11.6, Cao 2, Cai 0.0002 mM.
    # Cl⁻ is not in that model: Cl_i ≈ 20 mM (Vaughan-Jones 1979), Cl_o 132 mM.
    conc_in_mm={"K": 138.3, "Na": 11.6, "Cl": 20.0, "Ca": 0.0002},
    conc_out_mm={"K": 5.4, "Na": 140.0, "Cl": 132.0, "Ca": 2.0},
    # I_K1 dominates at rest; a small background Na⁺ leak, P_Na/P_K ≈ 0.003, and
    # a little Cl⁻ (P_Cl/P_K ≈ 0.01) put rest near the model's −86 mV.
    permeability={"K": 1.0, "Na": 0.003, "Cl": 0.01, "Ca": 0.0},
    radius_um=15.0,
    permeability_scale_cm_per_s=1e-6,
    # Cl⁻/HCO₃⁻ exchange keeps Cl⁻ above equilibrium (Vaughan-Jones 1979, J Physiol 295:111).
    cl_passive=False,
)

_SMOOTH_MUSCLE = Cell(
    name="smooth_muscle",
    temp_c=37.0,
    # Smooth muscle keeps Cl⁻ high inside: a_Cl ≈ 40-50 mM (Aickin & Brading 1982,
    # guinea-pig vas deferens); K⁺ and Na⁺ as Casteels (1970) taenia coli.
    conc_in_mm={"K": 140.0, "Na": 15.0, "Cl": 50.0, "Ca": 0.0001},
    conc_out_mm={"K": 5.0, "Na": 140.0, "Cl": 130.0, "Ca": 2.0},
    # A large Na⁺ leak, P_Na/P_K ≈ 0.1-0.2, and P_Cl/P_K ≈ 0.5 (Casteels 1970).
    permeability={"K": 1.0, "Na": 0.12, "Cl": 0.5, "Ca": 0.0},
    radius_um=3.0,
    permeability_scale_cm_per_s=1e-6,
    # Inward Cl⁻ transport accumulates Cl⁻ above equilibrium (Aickin & Brading 1982).
    cl_passive=False,
)

_RED_BLOOD_CELL = Cell(
    name="red_blood_cell",
    temp_c=37.0,
    # Human red cell water: K⁺ ≈ 140, Na⁺ ≈ 11, Cl⁻ ≈ 75 mM in; plasma out
    # (Lassen 1977; Hoffman & Laris 1974, who measured about −10 mV).
    conc_in_mm={"K": 140.0, "Na": 11.0, "Cl": 75.0, "Ca": 0.00003},
    conc_out_mm={"K": 4.5, "Na": 145.0, "Cl": 110.0, "Ca": 1.2},
    # Conductive Cl⁻ permeability is about 100x that of K⁺, Na⁺ about 0.7x
    # (Lassen 1977; Hunter 1977): the red cell follows E_Cl.
    permeability={"K": 1.0, "Na": 0.7, "Cl": 100.0, "Ca": 0.0},
    # A red cell has 135 µm² of membrane around 94 fL (Canham & Burton 1968, Circ Res 22:405):
    # 1.4 µm⁻¹ of surface per volume, which a sphere has at 3/r, r = 2.1 µm. Its P_K is about 1e-10 cm/s.
    radius_um=2.1,
    permeability_scale_cm_per_s=1e-10,
    # Its Cl⁻ sits at the Donnan equilibrium set by haemoglobin, an impermeant anion
    # the model does not include; the measured concentrations are taken as they are
    # (they already give E_Cl ≈ V).
    cl_passive=False,
)

_PRESETS = {c.name: c for c in (_NEURON, _SKELETAL_MUSCLE, _CARDIAC_MYOCYTE, _SMOOTH_MUSCLE, _RED_BLOOD_CELL)}

#: The works each preset's values come from (cited beside the values above), for the page's references.
#: The equations' own papers are beside the equations (physics.equations.SOURCES).
REFERENCES = {
    # The brief's table names no source; its neuron values lie within the ranges of this textbook table
    # (K⁺ 140/5, Na⁺ 5-15/145, Cl⁻ 4-30/110, Ca²⁺ 0.0001/1-2 mM). Hille's Table 1.1 is a muscle table.
    "neuron": ("Purves D, Augustine GJ, Fitzpatrick D, et al. (eds) (2018) Neuroscience, 6th ed., Sinauer, "
               "Sunderland MA: Table 2.1, mammalian neuron",
               "Hodgkin AL, Katz B (1949) J Physiol 108:37",
               "Rivera C, Voipio J, Payne JA, et al. (1999) Nature 397:251"),
    "skeletal_muscle": ("Hille B (2001) Ion Channels of Excitable Membranes, 3rd ed., Sinauer, Sunderland MA: "
                        "Table 1.1",
                        "Hodgkin AL, Horowicz P (1959) J Physiol 148:127",
                        "Bretag AH (1987) Physiol Rev 67:618"),
    "cardiac_myocyte": ("ten Tusscher KHWJ, Noble D, Noble PJ, Panfilov AV (2004) Am J Physiol Heart Circ Physiol "
                        "286:H1573",
                        "Vaughan-Jones RD (1979) J Physiol 295:111"),
    "smooth_muscle": ("Aickin CC, Brading AF (1982) J Physiol 326:139 (guinea-pig vas deferens)",
                      "Casteels R (1970) in Bülbring E, Brading AF, Jones AW, Tomita T (eds) Smooth Muscle, "
                      "Edward Arnold, London (taenia coli)"),
    # Canham & Burton give the red cell's area and volume, which set radius_um (a sphere of the same
    # surface-to-volume ratio).
    "red_blood_cell": ("Lassen UV (1977) in Ellory JC, Lew VL (eds) Membrane Transport in Red Cells, "
                       "Academic Press, London, pp 137–172",
                       "Hoffman JF, Laris PC (1974) J Physiol 239:519",
                       "Hunter MJ (1977) J Physiol 268:35",
                       "Canham PB, Burton AC (1968) Circ Res 22:405 (area and volume)"),
}

#: The presets whose run-down after a pump block the model cannot time (it has a fixed volume and no
#: Cl⁻ accumulator), each for its reason. The narration says how fast the voltage halves only for the others.
RUNDOWN_UNMODELLED = frozenset({
    # The heart's Na⁺ enters mostly by Na⁺/Ca²⁺ and Na⁺/H⁺ exchange, which the model leaves out: its
    # small Na⁺ leak alone takes 14 hours, where an isolated heart on ouabain loses about a third of its
    # resting potential within an hour.
    "cardiac_myocyte",
    # Its Cl⁻ is held high by an accumulator (Aickin & Brading 1982) the model does not have, so once
    # the pump stops the model's Cl⁻ runs down on a clock no cell keeps.
    "smooth_muscle",
    # Its voltage follows Cl⁻ at its Donnan equilibrium, set by haemoglobin, not the K⁺ gradient; and a
    # red cell without its pump swells (Tosteson & Hoffman 1960), which a fixed volume cannot show.
    "red_blood_cell",
})

#: Names of the cell presets, in the order the explainer shows them.
PRESETS = tuple(_PRESETS)


def preset(name):
    """Return the preset :class:`Cell` called ``name``."""
    if name not in _PRESETS:
        raise checks.ParameterError("cell", name, "one of " + ", ".join(PRESETS))
    return _PRESETS[name]


assert set(REFERENCES) == set(_PRESETS), "every preset names its sources"
assert RUNDOWN_UNMODELLED <= set(_PRESETS)
