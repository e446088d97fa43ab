"""What the cache folder holds, which of it this code reads, and removing the rest safely.

Every change of code, data files or shaping packages selects new cache keys
(analysis.store.analysis_version for the version folders, analysis.stages.stage_keys for
the stage folders); the folders of the old keys are never read again. This module lists
each folder of a cache with its size, when it was last written and whether the running
code reads it, and removes only the folders it never reads (``newslens cache [--prune]``).

What is recognised (anything else, and every symlink, is listed as kept and never
touched; nothing outside the cache folder is ever followed or removed):

* ``<model slug>-<12 hex>/`` holding segments/, corpora/, corpus_state/, layout or
  build.lock: a version folder. Current when its 12 hex are this code's
  analysis_version; else old ("old layout" when it has no ``layout`` file: written
  before per-stage keys).
* ``<model slug>-stages/<stage>-<16 hex>/``: a stage folder. Current when its key is one
  of this code's stage keys for a pipeline label recorded in the stages folder
  (analysis.staged.MODELS_FILE) or installed with that slug; when no label is known its
  status is unknown and it is kept.
* ``.tmp-<hex>`` folders at the top and in a stages folder: what an interrupted removal
  left (old).

Removal takes the lock a build of that folder takes (the stages folder's build.lock for
stage folders, the version folder's own build.lock for a version folder), waiting like a
build does, so a running build is never disturbed; then one rename to a temporary name
unpublishes the folder before it is deleted (analysis.store.discard), so a kill
mid-delete leaves only a temporary folder, which the next prune removes.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from analysis import models, staged, stages, store
from analysis.store_integrity import LOG
from analysis.store_lock import BuildLock, BuildLockTimeout

#: The build says once (the ``newslens.store`` log: the CLI's stderr, the server log) that
#: the cache holds folders this version never reads when they total more than this many
#: bytes: 100 MiB, less than one Reuters-21578 set of stage folders (128 MB, 77 MB of it
#: stored parses), so one change of code or packages on a real corpus is reported, while
#: the few MB a small corpus leaves after each edit are not.
WARN_OLD_BYTES = 100 * 2**20
PRUNE_HINT = "`newslens cache --prune` removes them"

CURRENT = "current"
OLD = "old: not read by this version"
KEPT = "kept: not NewsLens results"

#: Folders of the cache that hold the user's own data, never results: listed, never pruned.
KEPT_FOLDERS = {
    "workspaces": "the dashboard's saved alias edits (analysis.workspace)",
    "uploads": "corpora uploaded in the dashboard (removed by its own age limit)",
}
_VERSION = re.compile(r"^(?P<slug>.+)-(?P<version>[0-9a-f]{12})$")
_STAGE = re.compile(r"^(?P<stage>[a-z_]+)-(?P<key>[0-9a-f]{16})$")
_TMP = re.compile(rf"^{re.escape(store.TMP_PREFIX)}[0-9a-f]{{32}}$")
#: What a version folder holds (analysis.store): one of these marks a folder as ours.
_VERSION_PARTS = ("segments", "corpora", store.STATE_DIR, "layout", "build.lock")


@dataclass
class Entry:
    """One folder of the cache: ``path``, ``kind`` (version, old layout, stage, temporary,
    workspaces, uploads, symlink, file, unknown), its ``size`` in bytes (files only,
    symlinks not followed), its last use (``written``, epoch s: the newest modification
    time inside; a build marks the snapshot and stage folders it reads, store.mark_used),
    ``current``: True when this code reads it, False when it never does (prunable),
    None when it is not NewsLens results or its status cannot be told (kept), and
    ``lock``: the build lock to hold while removing it (None: no build writes there).
    Size and last use are measured when first asked (the build's warning measures only
    the old folders)."""

    path: Path
    kind: str
    current: bool | None
    lock: Path | None = None
    note: str = ""

    @cached_property
    def _measured(self) -> tuple[int, float]:
        return folder_size(self.path)

    @property
    def size(self) -> int:
        return self._measured[0]

    @property
    def written(self) -> float:
        return self._measured[1]

    @property
    def status(self) -> str:
        if self.current is None:
            return f"kept: {self.note}" if self.note else KEPT
        return CURRENT if self.current else OLD


@dataclass
class Listing:
    """Every :class:`Entry` of the cache folder ``cache``."""

    cache: Path
    entries: list[Entry] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(e.size for e in self.entries)

    @property
    def old(self) -> list[Entry]:
        return [e for e in self.entries if e.current is False]


def _is_dir(path: Path) -> bool:
    """A real folder (a symlink to one is not)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def folder_size(path: Path) -> tuple[int, float]:
    """(bytes of the regular files under ``path``, newest mtime), never following a
    symlink (a link counts 0 bytes)."""
    try:
        info = os.lstat(path)
    except OSError:
        return 0, 0.0
    size, newest = 0, info.st_mtime
    if not stat.S_ISDIR(info.st_mode):
        return (info.st_size if stat.S_ISREG(info.st_mode) else 0), newest
    for top, dirs, files in os.walk(path, followlinks=False):
        for name in dirs + files:
            try:
                item = os.lstat(os.path.join(top, name))
            except OSError:
                continue  # removed meanwhile
            newest = max(newest, item.st_mtime)
            if stat.S_ISREG(item.st_mode):
                size += item.st_size
    return size, newest


def _slug(label: str) -> str:
    return store.stages_dir(Path("."), label).name[: -len(store.STAGES_SUFFIX)]


def known_labels(base: Path) -> set[str]:
    """Pipeline labels whose stage folders ``base`` may hold: those recorded by builds
    (analysis.staged.MODELS_FILE) and the installed pipelines with that folder name."""
    slug = base.name[: -len(store.STAGES_SUFFIX)]
    labels: set[str] = set()
    record = base / staged.MODELS_FILE
    if record.is_file() and not record.is_symlink():
        text = record.read_text(encoding="utf-8", errors="replace")
        labels |= {x for x in text.splitlines() if x.strip()}
    for name in (*models.PREFERRED_MODELS, models.RULE_BASED):
        label = models.installed_label(name)
        if label and _slug(label) == slug:
            labels.add(label)
    return labels


def current_stage_keys(labels: Iterable[str]) -> set[str]:
    """The stage keys this code reads for the pipelines ``labels`` (analysis.stages)."""
    rule_label = models.installed_label(models.RULE_BASED)
    keys: set[str] = set()
    for label in labels:
        keys |= set(stages.stage_keys(label, rule_based=label == rule_label).values())
    return keys


def _entry(path: Path, kind: str, current: bool | None, **extra: object) -> Entry:
    return Entry(path, kind, current, **extra)  # type: ignore[arg-type]


def _stage_entries(base: Path) -> list[Entry]:
    """The folders of one ``<model>-stages`` folder."""
    labels = known_labels(base)
    keys = current_stage_keys(labels) if labels else None
    lock = base / "build.lock"
    out = []
    for path in sorted(base.iterdir()):
        if path.is_symlink():
            out.append(_entry(path, "symlink", None, note="a symlink, never followed"))
        elif not _is_dir(path):
            continue  # build.lock, the models record: part of the stages folder itself
        elif _TMP.match(path.name):
            out.append(_entry(path, "temporary", False, lock=lock))
        elif (m := _STAGE.match(path.name)) is None:
            out.append(_entry(path, "unknown", None))
        elif keys is None:
            out.append(_entry(path, "stage", None, note="no build recorded its pipeline"))
        else:
            out.append(_entry(path, "stage", m["key"] in keys, lock=lock))
    return out


def _top_entry(path: Path, version: str) -> Entry:
    """The entry of one top-level item of the cache (not a stages folder)."""
    if path.is_symlink():
        return _entry(path, "symlink", None, note="a symlink, never followed")
    if not _is_dir(path):
        return _entry(path, "file", None)
    if _TMP.match(path.name):
        return _entry(path, "temporary", False)
    m = _VERSION.match(path.name)
    if m and any(os.path.lexists(path / part) for part in _VERSION_PARTS):
        if m["version"] == version:
            return _entry(path, "version", True)
        kind = "version" if os.path.lexists(path / "layout") else "old layout"
        return _entry(path, kind, False, lock=path / "build.lock")
    if path.name in KEPT_FOLDERS:
        return _entry(path, path.name, None, note=KEPT_FOLDERS[path.name])
    return _entry(path, "unknown", None)


def scan(cache: str | os.PathLike[str] | None = None) -> Listing:
    """Every folder of ``cache`` (default analysis.store.default_cache_dir()) with its
    size, last write and status; a missing cache folder lists nothing."""
    root = Path(cache or store.default_cache_dir())
    listing = Listing(root)
    if not root.is_dir():
        return listing
    version = store.analysis_version()
    for path in sorted(root.iterdir()):
        if path.name.endswith(store.STAGES_SUFFIX) and _is_dir(path):
            listing.entries += _stage_entries(path)
        else:
            listing.entries.append(_top_entry(path, version))
    return listing


# ---------------------------------------------------------------- prune


@dataclass
class Pruned:
    """What :func:`prune` removed (or, with ``dry_run``, would remove), and its bytes;
    ``busy``: the old folders it kept because a build held their lock past the timeout,
    with ``reasons`` (one line per lock)."""

    removed: list[Entry] = field(default_factory=list)
    dry_run: bool = False
    busy: list[Entry] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def freed(self) -> int:
        return sum(e.size for e in self.removed)


def _inside(path: Path, cache: Path) -> bool:
    """True when ``path`` (not resolved itself: it may be a link) lies in ``cache``."""
    parent = path.parent.resolve()
    return parent == cache or cache in parent.parents


def remove(path: Path, cache: Path) -> bool:
    """Remove ``path`` (a real folder inside ``cache``) as analysis.store.discard does: one
    rename to a temporary name unpublishes it, then the delete (a temporary folder is
    deleted as it is). False, and nothing done, when it is gone, a symlink or not in
    ``cache``. The delete never follows a symlink (shutil.rmtree unlinks them)."""
    if not _is_dir(path) or not _inside(path, cache.resolve()):
        return False
    if _TMP.match(path.name):
        shutil.rmtree(path, ignore_errors=True)
    else:
        store.discard(path)
    return True


def prune(
    cache: str | os.PathLike[str] | None = None,
    *,
    dry_run: bool = False,
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Pruned:
    """Remove every folder of ``cache`` that this code never reads (:func:`scan`'s old
    entries); keep everything else. Each folder is removed holding the build lock of the
    folder it lies in (waiting up to ``timeout`` seconds like a build, default
    analysis.store_lock.lock_timeout; when a build holds it longer, that lock's folders
    are kept and listed in ``busy``) and is re-checked under it.
    ``dry_run``: remove nothing, return what would go."""
    listing = scan(cache)
    root = listing.cache
    out = Pruned(dry_run=dry_run)
    for entry in listing.old:
        entry.size  # noqa: B018  (measured now: the bytes freed are those before removal)
    if dry_run:
        out.removed = listing.old
        return out
    by_lock: dict[Path | None, list[Entry]] = {}
    for entry in listing.old:
        by_lock.setdefault(entry.lock, []).append(entry)
    for lock, entries in by_lock.items():
        if lock is None:
            out.removed += [e for e in entries if remove(e.path, root)]
            continue
        try:
            with BuildLock(lock, timeout=timeout, on_wait=on_wait):
                still = {e.path for e in scan_folder(lock.parent, root) if e.current is False}
                out.removed += [e for e in entries if e.path in still and remove(e.path, root)]
        except BuildLockTimeout as exc:
            out.busy += entries
            out.reasons.append(str(exc))
    return out


def scan_folder(folder: Path, cache: Path) -> list[Entry]:
    """The entries :func:`scan` gives for ``folder`` (a stages folder: its stage folders;
    else the folder itself), computed again (under its lock)."""
    if folder.name.endswith(store.STAGES_SUFFIX) and folder.parent == cache:
        return _stage_entries(folder)
    return [_top_entry(folder, store.analysis_version())]


# ---------------------------------------------------------------- messages


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def shown(path: Path, cache: Path | None = None) -> str:
    """A folder's name (its path inside ``cache`` when given) for a terminal: every
    non-printable character escaped (folder names are data)."""
    name = path.relative_to(cache).as_posix() if cache is not None else path.name
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def format_listing(listing: Listing) -> str:
    """The text ``newslens cache`` prints: one line per folder, then the totals."""
    lines = [f"cache folder {listing.cache.resolve()}"]
    if not listing.entries:
        return lines[0] + ": empty or missing\n"
    lines.append(f"{'SIZE':>10}  {'LAST USED':16}  {'STATUS':31}  FOLDER")
    for e in listing.entries:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.written))
        name = shown(e.path, listing.cache)
        lines.append(f"{megabytes(e.size):>10}  {when:16}  {e.status:31}  {name} ({e.kind})")
    old = listing.old
    lines.append(f"total {megabytes(listing.total)}; {megabytes(sum(e.size for e in old))} in "
                 f"{len(old)} folder(s) this version never reads"
                 + (f" ({PRUNE_HINT})" if old else ""))  # fmt: skip
    return "\n".join(lines) + "\n"


def format_pruned(pruned: Pruned, cache: Path) -> str:
    """The text ``newslens cache --prune [--dry-run]`` prints."""
    verb = "would remove" if pruned.dry_run else "removed"
    lines = [f"{verb} {shown(e.path, cache)} ({megabytes(e.size)}, {e.kind})"
             for e in pruned.removed]  # fmt: skip
    lines.append(f"{'would free' if pruned.dry_run else 'freed'} {megabytes(pruned.freed)} "
                 f"({pruned.freed:,} bytes) in {len(pruned.removed)} folder(s)")  # fmt: skip
    lines += [f"kept {shown(e.path, cache)}: a build holds its lock" for e in pruned.busy]
    return "\n".join(lines) + "\n"


_SAID: set[tuple[str, ...]] = set()


def say_old(cache: Path) -> str | None:
    """Warn once per process and set of folders (the ``newslens.store`` log) that
    ``cache`` holds folders this version never reads: when they total more than
    :data:`WARN_OLD_BYTES`, or when one is of the layout before per-stage keys (named,
    as before). Returns the message (None when nothing is said). Advisory: a cache it
    cannot read is not a build error (nothing is said)."""
    try:
        old = scan(cache).old
    except (OSError, ValueError) as exc:
        LOG.debug("cache listing skipped: %s", exc)
        return None
    size = sum(e.size for e in old)
    layout = [e for e in old if e.kind == "old layout"]
    if not old or (size <= WARN_OLD_BYTES and not layout):
        return None
    seen = tuple(sorted(str(e.path) for e in old))
    if seen in _SAID:
        return None
    _SAID.add(seen)
    named = "; of an older NewsLens (one key for every stage): " + ", ".join(
        shown(e.path) for e in layout) if layout else ""  # fmt: skip
    message = (f"{cache}: {len(old)} folder(s) ({megabytes(size)}) are not read by this version "
               f"(made by older code, data or packages{named}); {PRUNE_HINT}")  # fmt: skip
    LOG.warning("%s", message)
    return message
