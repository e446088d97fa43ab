"""Workspaces: the analyst's alias edits of one corpus, kept on the server.

A workspace is a JSON file beside the cache, ``<cache>/workspaces/<corpus id>/<name>.json``
(the corpus id is a digest of the corpus's path, so it survives added documents). It
holds the alias edits in force (:class:`analysis.aliases.Aliases`, stored as the CSV
text :func:`analysis.aliases.dump_aliases` writes), the previous states for undo, and
the merge suggestions the analyst rejected. Every dashboard session and the CLI
(``--workspace NAME``) read the same file; the dashboard names the workspace in its URL
(``?ws=NAME``; absent = ``default``), so a link reproduces the view.

Writes are atomic (a temporary file in the same folder, fsync, ``os.replace``, then
the folder is fsynced, as :mod:`analysis.store` publishes snapshots) and serialised by a
file lock, so two sessions editing at once both land, one after the other. A missing
file is an empty workspace; an unreadable one raises ValueError with the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from filelock import FileLock

from analysis import aliases as A
from analysis import store

DEFAULT = "default"
FOLDER = "workspaces"
#: Workspace names: letters, digits, '-' and '_' (they become file names and URL values).
NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
#: Undo steps kept per workspace.
HISTORY = 100


@dataclass(frozen=True)
class Workspace:
    """The edits in force, earlier states (newest last) and rejected suggestion pairs."""

    name: str
    corpus: str
    aliases: A.Aliases = field(default_factory=A.Aliases)
    history: tuple[str, ...] = ()
    rejected: frozenset[tuple[str, str]] = frozenset()
    updated: str = ""


def check_name(name: str) -> str:
    """``name`` if it is a valid workspace name; ValueError saying why otherwise."""
    if not NAME.match(name or ""):
        raise ValueError(
            f"workspace name {name!r} is not valid: use 1-64 letters, digits, '-' or '_'"
        )
    return name


def corpus_id(corpus_path: str | os.PathLike[str]) -> str:
    """A stable id of a corpus: a digest of its absolute path."""
    resolved = str(Path(corpus_path).expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]


def path_of(cache_dir: str | os.PathLike[str], corpus_path: str, name: str = DEFAULT) -> Path:
    """Where the workspace ``name`` of a corpus lives."""
    return Path(cache_dir) / FOLDER / corpus_id(corpus_path) / f"{check_name(name)}.json"


def load(cache_dir: str | os.PathLike[str], corpus_path: str, name: str = DEFAULT) -> Workspace:
    """The workspace (empty when it does not exist yet). ValueError when unreadable."""
    path = path_of(cache_dir, corpus_path, name)
    if not path.is_file():
        return Workspace(name=name, corpus=str(corpus_path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        aliases = A.parse_aliases(data.get("aliases", ""), "csv", source=str(path))
        return Workspace(
            name=name,
            corpus=str(data.get("corpus", corpus_path)),
            aliases=aliases,
            history=tuple(str(h) for h in data.get("history", [])),
            rejected=frozenset((str(a), str(b)) for a, b in data.get("rejected", [])),
            updated=str(data.get("updated", "")),
        )
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError) as error:
        raise ValueError(f"{path}: not a readable workspace file ({error})") from error


def _write(path: Path, workspace: Workspace) -> None:
    """Write atomically: temporary file, fsync, rename over, fsync the folder."""
    data = {
        "corpus": workspace.corpus,
        "name": workspace.name,
        "updated": workspace.updated,
        "aliases": A.dump_aliases(workspace.aliases, "csv"),
        "history": list(workspace.history),
        "rejected": sorted([a, b] for a, b in workspace.rejected),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f"{store.TMP_PREFIX}{uuid.uuid4().hex}.json"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    store.fsync_dir(path.parent)


def update(
    cache_dir: str | os.PathLike[str],
    corpus_path: str,
    name: str,
    change: Callable[[Workspace], Workspace],
) -> Workspace:
    """Apply ``change`` to the workspace under its lock and save it; returns the result.

    When the aliases change, the previous aliases go onto the undo history.
    """
    path = path_of(cache_dir, corpus_path, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        before = load(cache_dir, corpus_path, name)
        after = change(before)
        if after.aliases != before.aliases:
            history = (*before.history, A.dump_aliases(before.aliases, "csv"))[-HISTORY:]
            after = replace(after, history=history)
        after = replace(after, updated=time.strftime("%Y-%m-%dT%H:%M:%S"))
        _write(path, after)
    return after


def edit(
    cache_dir: str | os.PathLike[str],
    corpus_path: str,
    name: str,
    change: Callable[[A.Aliases], A.Aliases],
) -> Workspace:
    """Apply an alias edit (e.g. ``lambda a: aliases.merge(a, "UN", "United Nations")``)."""
    return update(cache_dir, corpus_path, name, lambda w: replace(w, aliases=change(w.aliases)))


def undo(cache_dir: str | os.PathLike[str], corpus_path: str, name: str = DEFAULT) -> Workspace:
    """Go back to the aliases before the last edit (nothing happens without history)."""

    def back(w: Workspace) -> Workspace:
        if not w.history:
            return w
        previous = A.parse_aliases(w.history[-1], "csv", source="undo history")
        return replace(w, aliases=previous, history=w.history[:-1])

    path = path_of(cache_dir, corpus_path, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock"):
        after = back(load(cache_dir, corpus_path, name))
        after = replace(after, updated=time.strftime("%Y-%m-%dT%H:%M:%S"))
        _write(path, after)
    return after


def reject(
    cache_dir: str | os.PathLike[str], corpus_path: str, name: str, pairs: list[tuple[str, str]]
) -> Workspace:
    """Remember merge suggestions the analyst rejected, so they are not offered again."""
    keyed = {tuple(sorted(p)) for p in pairs}
    return update(cache_dir, corpus_path, name, lambda w: replace(w, rejected=w.rejected | keyed))


def accept(
    cache_dir: str | os.PathLike[str], corpus_path: str, name: str, pairs: list[tuple[str, str]]
) -> Workspace:
    """Merge each suggested pair (the second name into the first) in one undoable step."""

    def merge_all(aliases: A.Aliases) -> A.Aliases:
        for keep, other in pairs:
            aliases = A.merge(aliases, other, keep)
        return aliases

    return edit(cache_dir, corpus_path, name, merge_all)
