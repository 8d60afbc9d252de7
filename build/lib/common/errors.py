"""The one error base every command catches and reports in one line."""


class ExplainerError(Exception):
    """Base of every error a command reports to its user in one line.

    Other packages subclass it with their own ``__init__``; :meth:`__reduce__`
    rebuilds any subclass from its message and attributes without calling that
    ``__init__``, so every one of them pickles (multiprocessing, Dask, caches).
    """

    def __reduce__(self):
        return _rebuild, (type(self), self.args, dict(self.__dict__))


def _rebuild(cls, args, attributes):
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(attributes)
    return error
