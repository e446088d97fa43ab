"""Which corpus paths a user may open: only those under folders the operator allowed.

The dashboard lets a user type a folder or file path; on a shared server that must not
reach /etc/passwd, another user's home or, through ``..`` or a symlink, anything outside
the operator's allowed roots. :func:`resolve_allowed` is the one check, kept pure (no
Streamlit) so it is tested directly. Inside a corpus, :func:`inside_root` keeps files,
manifests and manifest rows from leading out of it (analysis.corpus).

Names shown to people: :func:`printable_name` makes any file name valid UTF-8 where it
enters a table; :func:`public_text` / :func:`public_table` strip the server folders
from paths and messages before a browser shows them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd


def resolve_allowed(path: str | os.PathLike[str], roots: Iterable[str | os.PathLike[str]]) -> Path:
    """The real path of ``path`` when it lies inside one of ``roots``; else ValueError.

    A relative ``path`` is taken relative to the first root. Symlinks and ``..`` are
    resolved before the check, in ``path`` and in the roots, so a link inside a root that
    points outside it is refused. Raises ValueError with a one-line message a user can
    read when no root is configured, the path is outside every root (without saying
    whether it exists there), or it is inside a root but does not exist.
    """
    real_roots = [Path(os.path.realpath(r)) for r in roots if str(r).strip()]
    if not real_roots:
        raise ValueError("opening folders is disabled: the operator allowed no folders")
    text = os.fspath(path)
    if not str(text).strip():
        raise ValueError("no path given")
    if "\x00" in str(text):
        raise ValueError("path contains a NUL character")
    candidate = Path(text)
    if not candidate.is_absolute():
        candidate = real_roots[0] / candidate
    real = Path(os.path.realpath(candidate))
    if not any(real == root or root in real.parents for root in real_roots):
        allowed = ", ".join(str(r) for r in real_roots)
        raise ValueError(f"{text} is outside the allowed folders ({allowed})")
    if not real.exists():
        raise ValueError(f"{text} not found")
    return real


def inside_root(real: Path, real_root: Path) -> bool:
    """Whether the resolved path ``real`` is ``real_root`` or lies under it (both realpaths)."""
    return real == real_root or real_root in real.parents


def printable_name(name: str) -> str:
    """``name`` as valid UTF-8 text: an undecodable byte shows as U+FFFD.

    On Linux a file name is bytes; Python hands a non-UTF-8 one over with lone
    surrogates ("caf\\udce9.txt"), which pyarrow, JSON and browsers refuse. Every name
    that enters a table goes through here (analysis.corpus), so one such file can no
    longer fail a whole corpus: it is read, and listed as "caf\\ufffd.txt".
    """
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that did not come from a file name
        return name.encode("utf-8", "replace").decode("utf-8")


def public_text(text: str, root: str | os.PathLike[str]) -> str:
    """``text`` (a path, message or skip reason) with the corpus root's server path removed.

    A path under the root becomes relative to it (``/srv/news/sub/a.txt`` -> ``sub/a.txt``);
    the root itself becomes its name (``/srv/news.jsonl#line=2`` -> ``news.jsonl#line=2``).
    The root is matched as a whole path, in one pass over the text: not inside a longer
    path or word (``/srv/newsroom`` is left alone), and never again in what a replacement
    left (root ``/0`` turns ``/0/0/0`` into ``0/0``, not ``00``).
    """
    base = os.fspath(root).rstrip("/\\")
    if not base:
        return text
    prefixes = sorted({base, os.path.realpath(base)}, key=len, reverse=True)
    names = {prefix: os.path.basename(prefix) or prefix for prefix in prefixes}
    pattern = re.compile(
        r"(?<![\w.~/\\-])(" + "|".join(re.escape(p) for p in prefixes) + r")"
        r"(?:([/\\])|(?![\w.~-]))"
    )
    return pattern.sub(lambda m: "" if m.group(2) else names[m.group(1)], text)


def public_table(frame: pd.DataFrame, root: str | os.PathLike[str]) -> pd.DataFrame:
    """A copy of a documents or skipped table for a browser: ``path``, ``reason`` and
    ``warning`` with the corpus root's server path removed (see :func:`public_text`)."""
    out = frame.copy()
    for column in ("path", "reason", "warning"):
        if column in out.columns:
            out[column] = (
                out[column]
                .map(lambda v: v if v is None or v is pd.NA else public_text(str(v), root))
                .astype(frame[column].dtype)
            )
    return out
