"""Numbers in two forms: written for captions ("−72 mV") and spoken for the voice."""

import math
from dataclasses import dataclass


MINUS = "\u2212"
#: The finest decimal place a number is said to.
MAX_DECIMALS = 6


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


def round_value(value, unit, locale):
    """The one rounding rule: whole millivolts and time units, two significant figures otherwise.

    Nothing is said finer than a millionth: a value smaller than that is shown and said as 0.
    """
    figures = locale.units[unit][4]
    if figures is None or value == 0:
        return float(round(value))
    digits = figures - 1 - math.floor(math.log10(abs(value)))
    return float(round(value, min(digits, MAX_DECIMALS)))


def quantity(value, unit, locale):
    """Round ``value`` once and give both forms in ``unit`` (a key of words.toml's ``[units]``) in ``locale``
    (a :class:`narration.locale.Locale`)."""
    written_unit, singular, plural, signed, _ = locale.units[unit]
    said = locale.words["numbers"]
    rounded = round_value(value, unit, locale)
    number = int(rounded) if rounded == int(rounded) else rounded
    sign_written = MINUS if number < 0 else ("+" if signed and number > 0 else "")
    sign_spoken = f"{said['minus']} " if number < 0 else (f"{said['plus']} " if signed and number > 0 else "")
    bare_written = sign_written + locale.written_number(abs(number))
    bare_spoken = sign_spoken + locale.said_number(abs(number))
    spoken_unit = singular if abs(number) == 1 else plural
    return Quantity(
        value=rounded,
        written=f"{bare_written} {written_unit}".strip(),
        spoken=f"{locale.said_before_unit(bare_spoken) if spoken_unit else bare_spoken} {spoken_unit}".strip(),
        bare_written=bare_written,
        bare_spoken=bare_spoken,
    )


def duration(seconds, locale):
    """A time span in whole units, the largest that keeps it at two or more."""
    for unit, size in (("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= 2 * size:
            return quantity(seconds / size, unit, locale)
    return quantity(seconds, "s", locale)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def scientific(value, unit, locale):
    """A value in scientific notation, two significant figures: "7.4 × 10⁻¹³ mol/cm²"."""
    written_unit, _, spoken_unit, _, _ = locale.units[unit]
    exponent = math.floor(math.log10(abs(value)))
    mantissa = round(value / 10 ** exponent, 1)
    if abs(mantissa) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    power = str(exponent).translate(_SUPERSCRIPT)
    said = locale.words["numbers"]
    said_power = (f"{said['minus']} " if exponent < 0 else "") + locale.said_number(abs(exponent))
    bare_written = f"{locale.written_number(int(mantissa) if mantissa == int(mantissa) else mantissa)} × 10{power}"
    bare_spoken = f"{locale.said_number(mantissa)} {said['times_ten_to_the']} {said_power}"
    return Quantity(
        value=mantissa * 10 ** exponent,
        written=f"{bare_written} {written_unit}",
        spoken=f"{bare_spoken} {spoken_unit}".strip(),
        bare_written=bare_written,
        bare_spoken=bare_spoken,
    )
