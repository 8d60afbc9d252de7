"""An output folder: one render at a time, and a render published into it whole or not at all."""

import fcntl
import json
import os
import shutil
import signal
from pathlib import Path

from common.errors import ExplainerError
from common.store import file_sha256


class RenderError(ExplainerError, RuntimeError):
    """The render cannot go on; the message says why."""


class Lock:
    """One render at a time per output folder.

    An ``flock`` on ``.render.lock``: the kernel releases it when the process ends,
    however it ends, so a killed render never blocks the folder. Holding it, the
    render removes what killed renders left behind (their staging folders).
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        self.path = self.folder / ".render.lock"

    def __enter__(self):
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "a")
        except OSError as error:
            raise RenderError(f"cannot write to the output folder {self.folder}: {error.strerror}; "
                              "choose another --out") from None
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise RenderError(f"another render is writing to {self.folder}; wait for it or choose another --out"
                              ) from None
        for stale in self.folder.glob(".staging-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return self

    def __exit__(self, *exc):
        self.handle.close()  # closing releases the lock


def read_manifest(path):
    """The manifest at ``path``, or None if there is none or it cannot be read."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def up_to_date(out, manifest_path, manifest):
    """True if ``out`` holds every output of a render with the same inputs, each file as it was written."""
    previous = read_manifest(manifest_path)
    if not previous or previous.get("input_hash") != manifest["input_hash"] or not previous.get("files"):
        return False
    return all(file_sha256(out / name) == digest for name, digest in previous["files"].items())


def refuse_mixing(out, manifest):
    """Stop a render of some scenes into a folder whose full render has other inputs."""
    full = read_manifest(out / "manifest.json")
    keys = ("parameters", "voice", "quality", "silent", "music")
    if full and any(full.get(key) != manifest.get(key) for key in keys):
        raise RenderError(f"{out} holds a full render with other parameters, voice, quality or music; its scenes "
                          "would no longer match its explainer: choose another --out for these scenes")


def publish(staging, out, manifest_name):
    """Move every staged file into the output folder by atomic renames, the manifest last.

    The manifest records every file's hash, so a folder interrupted mid-way (a kill,
    a power cut) is never taken for up to date; Ctrl-C and SIGTERM wait until the
    renames are done.
    """
    manifest_path = staging / manifest_name
    files = [p for p in sorted(staging.rglob("*")) if p.is_file() and p != manifest_path]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"] = {p.relative_to(staging).as_posix(): file_sha256(p) for p in files}
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        for path in [*files, manifest_path]:
            target = out / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)
