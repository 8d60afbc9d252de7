"""Numbers in two forms: written for captions ("−72 mV") and spoken for the voice."""

import math
from dataclasses import dataclass

from num2words import num2words

MINUS = "\u2212"


@dataclass(frozen=True)
class Quantity:
    """A rounded value with its written and spoken forms.

    Attributes
    ----------
    value : float
        The value after rounding: both forms say exactly this number.
    written : str
        Caption form, e.g. "−72 mV".
    spoken : str
        Voice form, e.g. "minus seventy-two millivolts".
    bare_written, bare_spoken : str
        The same without the unit ("−72", "minus seventy-two").
    """

    value: float
    written: str
    spoken: str
    bare_written: str
    bare_spoken: str


#: unit key: (written unit, spoken singular, spoken plural, show a + sign, significant figures or None)
UNITS = {
    "mV": ("mV", "millivolt", "millivolts", True, None),
    "MV/m": ("MV/m", "million volts per meter", "million volts per meter", False, 2),
    "nm": ("nm", "nanometer", "nanometers", False, 2),
    "mM": ("mM", "millimolar", "millimolar", False, 2),
    "ms": ("ms", "millisecond", "milliseconds", False, 2),
    "s": ("seconds", "second", "seconds", False, None),
    "min": ("minutes", "minute", "minutes", False, None),
    "h": ("hours", "hour", "hours", False, None),
    "days": ("days", "day", "days", False, None),
    "count": ("", "", "", False, 2),
}


def round_value(value, unit):
    """The one rounding rule: whole millivolts and time units, two significant figures otherwise."""
    figures = UNITS[unit][4]
    if figures is None or value == 0:
        return float(round(value))
    digits = figures - 1 - math.floor(math.log10(abs(value)))
    return float(round(value, digits))


def quantity(value, unit):
    """Round ``value`` once and give both forms in ``unit`` (a key of :data:`UNITS`)."""
    written_unit, singular, plural, signed, _ = UNITS[unit]
    rounded = round_value(value, unit)
    number = int(rounded) if rounded == int(rounded) else rounded
    sign_written = MINUS if number < 0 else ("+" if signed and number > 0 else "")
    sign_spoken = "minus " if number < 0 else ("plus " if signed and number > 0 else "")
    bare_written = f"{sign_written}{abs(number):,}"
    bare_spoken = sign_spoken + num2words(abs(number)).replace(",", "")
    spoken_unit = singular if abs(number) == 1 else plural
    return Quantity(
        value=rounded,
        written=f"{bare_written} {written_unit}".strip(),
        spoken=f"{bare_spoken} {spoken_unit}".strip(),
        bare_written=bare_written,
        bare_spoken=bare_spoken,
    )


def duration(seconds):
    """A time span in whole units, the largest that keeps it at two or more."""
    for unit, size in (("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= 2 * size:
            return quantity(seconds / size, unit)
    return quantity(seconds, "s")


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def scientific(value, written_unit, spoken_unit):
    """A value in scientific notation, two significant figures: "7.4 × 10⁻¹³ mol/cm²"."""
    exponent = math.floor(math.log10(abs(value)))
    mantissa = round(value / 10 ** exponent, 1)
    if abs(mantissa) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    power = str(exponent).translate(_SUPERSCRIPT)
    said_power = ("minus " if exponent < 0 else "") + num2words(abs(exponent))
    return Quantity(
        value=mantissa * 10 ** exponent,
        written=f"{mantissa:g} × 10{power} {written_unit}",
        spoken=f"{num2words(mantissa)} times ten to the {said_power} {spoken_unit}",
        bare_written=f"{mantissa:g} × 10{power}",
        bare_spoken=f"{num2words(mantissa)} times ten to the {said_power}",
    )
