"""ParameterError and the checks that reject physically meaningless inputs."""

import math
from numbers import Real

from physics.constants import VALENCE, ZERO_CELSIUS_K

# physics.checks.ParameterError stays importable: it lived here before physics.errors.
from physics.errors import ParameterError


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


def within(name, value, low, high, unit, reason):
    """Return ``value`` as a float if it lies from ``low`` to ``high``; ``reason`` says why those bounds."""
    if _is_finite_real(value) and low <= value <= high:
        return float(value)
    raise ParameterError(name, value, f"from {low:g} to {high:g}{unit} ({reason})")


def flag(name, value):
    """Return ``value`` as a bool if it is a bool, 0 or 1."""
    if isinstance(value, bool) or (_is_finite_real(value) and value in (0, 1)):
        return bool(value)
    raise ParameterError(name, value, "true or false (1 or 0)")


def finite_result(result, name, value, allowed):
    """Return ``result`` if it is finite; otherwise blame the input ``name`` = ``value``.

    The equations take any finite floats; where extreme ones would overflow, the
    caller hears which input to bring down, never sees inf or nan.
    """
    if math.isfinite(result):
        return result
    raise ParameterError(name, value, allowed)


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
