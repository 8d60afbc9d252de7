"""The content-addressed store every stage caches into, and the one way anything is written: atomically."""

import contextlib
import hashlib
import os
from pathlib import Path


def store_root():
    """The store: the folder ``MEMBRANE_EXPLAINER_CACHE`` names (for a batch on a cluster, one every worker
    reaches), else ``membrane-explainer`` in the user's cache folder (``XDG_CACHE_HOME``, or ``~/.cache``)."""
    named = os.environ.get("MEMBRANE_EXPLAINER_CACHE")
    if named:
        return Path(named)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "membrane-explainer"


#: The store of this process, fixed when it starts.
STORE = store_root()


@contextlib.contextmanager
def atomic(path):
    """Yield a partial path beside ``path`` to write; on success rename it over ``path``, else remove it.

    The partial file keeps ``path``'s suffix, so a tool that reads the format from it (ffmpeg) can write it,
    and carries the process id, so two processes writing the same file never mix their bytes. A reader sees
    the old file or the new one, never a part.
    """
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial{path.suffix}")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_text(path, text):
    """Write ``text`` to ``path`` as UTF-8, atomically; return the path."""
    with atomic(path) as partial:
        partial.write_text(text, encoding="utf-8")
    return Path(path)


def code_hash(paths):
    """16 hex digits of a hash of the files at ``paths``, in the order given: a cache key's part that changes
    whenever the code that makes the cached thing does."""
    return hashlib.sha256(b"".join(Path(path).read_bytes() for path in paths)).hexdigest()[:16]


def file_sha256(path):
    """The SHA-256 of the file at ``path``, or None if it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
