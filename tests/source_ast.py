"""Small helpers for the tests that scan the project's own Python with ``ast``
(tests/analysis/test_private_names.py, tests/analysis/test_unused_names.py)."""

from __future__ import annotations

import ast
from pathlib import PurePath


def module_name(path: str | PurePath) -> str:
    """``analysis/store.py`` (relative to the repository) -> ``analysis.store``; a
    package's ``__init__`` -> the package's name."""
    parts = list(PurePath(path).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def dotted(node: ast.expr) -> list[str] | None:
    """``a.b.c`` -> ["a", "b", "c"]; None for anything else than names and attributes."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute) and (head := dotted(node.value)) is not None:
        return [*head, node.attr]
    return None
