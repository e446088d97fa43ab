"""Startup options of the dashboard and the corpus references a URL may open.

``streamlit run dashboard.py -- --corpus PATH --model NAME --cache DIR``; each option
falls back to its environment variable (NEWSLENS_CORPUS, NEWSLENS_MODEL,
NEWSLENS_CACHE) and then to the default (seeds/ next to this repository, or the copy an
installed package ships as ui/seeds; the best installed model; .newslens-cache).

A corpus reference (the ``corpus`` query parameter) is one of:

* empty: the startup corpus;
* ``upload-<hex>``: a folder of uploaded files under ``<cache>/uploads/``;
* a server path, accepted only inside NEWSLENS_ALLOWED_ROOTS (colon-separated) after
  resolving symlinks. With the variable unset no server path can be opened from a URL.

Nothing here imports Streamlit, so it is tested like the core.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis import store
from analysis.paths import resolve_allowed

REPO = Path(__file__).resolve().parent.parent


def default_corpus(package: Path, repo: Path) -> Path:
    """The seed corpus: ``package``/seeds where the installed package ships it (package
    data, pyproject.toml), else ``repo``/seeds of a checkout (or an editable install)."""
    shipped = package / "seeds"
    return shipped if shipped.is_dir() else repo / "seeds"


DEFAULT_CORPUS = default_corpus(Path(__file__).resolve().parent, REPO)
CORPUS_ENV = "NEWSLENS_CORPUS"
MODEL_ENV = "NEWSLENS_MODEL"
ROOTS_ENV = "NEWSLENS_ALLOWED_ROOTS"
UPLOAD_PREFIX = "upload-"
_UPLOAD_ID = re.compile(r"^upload-[0-9a-f]{8,64}$")


@dataclass(frozen=True)
class Startup:
    """The options the dashboard was started with, resolved to absolute paths."""

    corpus: Path
    model: str | None
    cache_dir: Path


def parse_startup(argv: Sequence[str], environ: os._Environ[str] | dict[str, str]) -> Startup:
    """Startup options from ``argv`` (the arguments after ``--``) and ``environ``.

    Unknown arguments are ignored (Streamlit and test runners pass their own).
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--corpus")
    parser.add_argument("--model")
    parser.add_argument("--cache")
    args, _ = parser.parse_known_args(list(argv))
    corpus = args.corpus or environ.get(CORPUS_ENV) or ""
    cache = args.cache or environ.get(store.CACHE_ENV) or str(store.DEFAULT_CACHE)
    return Startup(
        corpus=_resolve_corpus(corpus) if corpus else DEFAULT_CORPUS,
        model=(args.model or environ.get(MODEL_ENV) or "").strip() or None,
        cache_dir=Path(cache).expanduser().resolve(),
    )


def _resolve_corpus(text: str) -> Path:
    """A user-given path: relative to the working folder, else to the repository."""
    path = Path(text).expanduser()
    if path.is_absolute() or path.exists():
        return path.resolve()
    beside_repo = REPO / path
    return beside_repo.resolve() if beside_repo.exists() else path.resolve()


def allowed_roots(environ: os._Environ[str] | dict[str, str]) -> list[Path]:
    """The server folders an operator opened to the folder picker (resolved); [] = disabled."""
    raw = environ.get(ROOTS_ENV, "")
    roots = []
    for part in raw.split(os.pathsep):
        part = part.strip()
        if part:
            roots.append(Path(part).expanduser().resolve())
    return roots


class RefError(ValueError):
    """A corpus reference that may not be opened; the message is shown to the user."""


def uploads_dir(cache_dir: Path) -> Path:
    """Where uploaded corpora are kept (one folder per upload)."""
    return cache_dir / "uploads"


def is_upload_ref(ref: str) -> bool:
    return bool(_UPLOAD_ID.match(ref))


def resolve_ref(ref: str, startup: Startup, roots: Sequence[Path]) -> Path:
    """The corpus folder or file that ``ref`` names. Raises RefError when it may not be opened."""
    ref = ref.strip()
    if not ref:
        return startup.corpus
    if ref.startswith(UPLOAD_PREFIX):
        if not is_upload_ref(ref):
            raise RefError(f"'{ref}' is not a valid upload id.")
        folder = uploads_dir(startup.cache_dir) / ref
        if not folder.is_dir():
            raise RefError(f"Upload '{ref}' was not found (it may have been removed).")
        return folder
    if Path(ref).expanduser().resolve() == startup.corpus:
        return startup.corpus  # the operator's own corpus, named by its path
    return check_server_path(ref, roots)


def check_server_path(text: str, roots: Sequence[Path]) -> Path:
    """``text`` resolved (symlinks followed) when it lies inside one of ``roots``.

    Raises RefError when the picker is disabled, the path is outside every root, or
    it does not exist. The check itself is analysis.paths.resolve_allowed.
    """
    if not roots:
        raise RefError(
            "Opening server folders is disabled. An operator can enable it by setting "
            f"{ROOTS_ENV} to a colon-separated list of folders."
        )
    try:
        return resolve_allowed(Path(text).expanduser(), roots)
    except ValueError as exc:
        raise RefError(f"Cannot open '{text}': {exc}.") from None


def list_folders(roots: Sequence[Path], *, limit: int = 200) -> list[Path]:
    """The roots and their visible sub-folders (one level), for the folder picker.

    Symlinked folders are left out (they may lead outside the roots); unreadable
    roots are skipped.
    """
    found: list[Path] = []
    for root in roots:
        if not root.is_dir():
            continue
        found.append(root)
        try:
            children = sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink())
        except OSError:
            continue
        found += [p for p in children if not p.name.startswith(".")]
    return found[:limit]
