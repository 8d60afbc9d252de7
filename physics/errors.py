"""The project's error types: one base every command catches, and the physics' two kinds."""


class ExplainerError(Exception):
    """Base of every error a command reports to its user in one line.

    Other packages subclass it with their own ``__init__``; :meth:`__reduce__`
    rebuilds any subclass from its message and attributes without calling that
    ``__init__``, so every one of them pickles (multiprocessing, caches).
    """

    def __reduce__(self):
        return _rebuild, (type(self), self.args, dict(self.__dict__))


def _rebuild(cls, args, attributes):
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(attributes)
    return error


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
