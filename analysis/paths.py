"""Which corpus paths a user may open: only those under folders the operator allowed.

The dashboard lets a user type a folder or file path; on a shared server that must not
reach /etc/passwd, another user's home or, through ``..`` or a symlink, anything outside
the operator's allowed roots. :func:`resolve_allowed` is the one check, kept pure (no
Streamlit) so it is tested directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


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
