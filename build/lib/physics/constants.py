"""Physical constants and ion properties: the one home for R, F and friends."""

from scipy import constants as _codata

#: Where R, F, N_A and k come from, for the page's references.
SOURCE = "CODATA recommended values, as scipy.constants gives them"

#: Molar gas constant R in J/(mol·K), CODATA 2018 via ``scipy.constants``.
GAS_CONSTANT_J_PER_MOL_K = _codata.gas_constant
#: Faraday constant F in C/mol, CODATA 2018 via ``scipy.constants``.
FARADAY_C_PER_MOL = _codata.physical_constants["Faraday constant"][0]
#: Avogadro constant N_A in 1/mol, exact in the SI since 2019 (``scipy.constants``).
AVOGADRO_PER_MOL = _codata.Avogadro
#: Boltzmann constant k in J/K, exact in the SI since 2019 (``scipy.constants``).
BOLTZMANN_J_PER_K = _codata.Boltzmann
#: 0 °C in kelvin (``scipy.constants.zero_Celsius``): T/K = t/°C + 273.15.
ZERO_CELSIUS_K = _codata.zero_Celsius

#: Valence of every ion the model knows, keyed by symbol.
VALENCE = {"K": 1, "Na": 1, "Cl": -1, "Ca": 2}

#: How each symbol is written for people (captions, tables).
ION_LABEL = {"K": "K⁺", "Na": "Na⁺", "Cl": "Cl⁻", "Ca": "Ca²⁺"}

#: 1 mM = 1 mol/m³ = 1e-6 mol/cm³.
MOL_PER_CM3_PER_MM = 1e-6
