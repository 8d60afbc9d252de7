"""The physics' two kinds of error, under the one base every command catches."""

from common.errors import ExplainerError


class ParameterError(ExplainerError, ValueError):
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


class OutsideModelError(ExplainerError, ValueError):
    """Values each in range that together leave the model's assumptions.

    Parameters
    ----------
    message : str
        One line: what goes wrong, in the user's terms, and what would make sense.
    """
