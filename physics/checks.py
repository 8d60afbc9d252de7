"""ParameterError and the checks that reject physically meaningless inputs."""

import math
from numbers import Real

from physics.constants import VALENCE, ZERO_CELSIUS_K


class ParameterError(ValueError):
    """A caller's value is outside what the physics allows.

    Parameters
    ----------
    parameter : str
        The parameter's name as the caller knows it (``"K.out"``, ``"temp_c"``).
    value : object
        The rejected value.
    allowed : str
        The allowed range, in words (``"a finite number > 0"``).
    """

    def __init__(self, parameter, value, allowed):
        self.parameter = parameter
        self.value = value
        self.allowed = allowed
        super().__init__(f"{parameter} = {value!r} is not allowed: must be {allowed}")


def positive(name, value):
    """Return ``value`` as a float if it is finite and above zero."""
    return _finite_at_least(name, value, 0.0, inclusive=False)


def non_negative(name, value):
    """Return ``value`` as a float if it is finite and not below zero."""
    return _finite_at_least(name, value, 0.0, inclusive=True)


def finite(name, value):
    """Return ``value`` as a float if it is a finite real number."""
    if not _is_finite_real(value):
        raise ParameterError(name, value, "a finite number")
    return float(value)


def temperature(name, temp_c):
    """Return ``temp_c`` as a float if it lies above absolute zero."""
    return _finite_at_least(name, temp_c, -ZERO_CELSIUS_K, inclusive=False, unit=" °C")


def valence(name, z):
    """Return ``z`` as an int if it is a non-zero whole number."""
    if not _is_finite_real(z) or z != int(z) or z == 0:
        raise ParameterError(name, z, "a non-zero integer")
    return int(z)


def ion(name, symbol):
    """Return ``symbol`` if the model knows that ion."""
    if symbol not in VALENCE:
        raise ParameterError(name, symbol, "one of the ion symbols " + ", ".join(VALENCE))
    return symbol


def ion_values(name, values, check):
    """Check an ion-keyed dict value by value; return a new dict of floats."""
    if not isinstance(values, dict) or not values:
        raise ParameterError(name, values, "a non-empty dict keyed by ion symbol")
    return {ion(f"{name} key", sym): check(f"{name}[{sym!r}]", v) for sym, v in values.items()}


def _is_finite_real(value):
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _finite_at_least(name, value, low, *, inclusive, unit=""):
    if _is_finite_real(value) and (value > low or (inclusive and value == low)):
        return float(value)
    raise ParameterError(name, value, f"a finite number {'≥' if inclusive else '>'} {low:g}{unit}")
