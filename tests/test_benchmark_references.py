"""Every name a benchmark takes from the core exists.

The benchmarks run by hand, against data outside the repository, so nothing in
``make test`` runs most of them: when a core function moves, a benchmark that still
names it only fails the next time someone quotes its figure (``benchmarks/report_size.py``
called ``analysis.present.report.html_report`` for a whole round after the function moved
to ``analysis.present.html_report``). This test reads each benchmark's source and checks
the names it takes from ``analysis``: ``from analysis.x import y`` (y a module or an
attribute of analysis.x), ``import analysis.x``, and ``m.attr`` on a module ``m`` so
imported (at any depth of the code, so imports inside functions count).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = sorted((ROOT / "benchmarks").glob("*.py"))


def _resolve(module: str, name: str | None = None) -> object:
    """The module ``module`` or its attribute / sub-module ``name``; raises when absent."""
    mod = importlib.import_module(module)
    if name is None:
        return mod
    if hasattr(mod, name):
        return getattr(mod, name)
    return importlib.import_module(f"{module}.{name}")


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _bound_in(scope: ast.AST) -> set[str]:
    """Names a function binds itself (arguments, assignments, loop and with targets):
    inside it they are no longer the module-level import of the same name."""
    names: set[str] = set()
    if isinstance(scope, _SCOPES):
        names |= {a.arg for a in ast.walk(scope.args) if isinstance(a, ast.arg)}
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        todo.extend(ast.iter_child_nodes(node))
    return names


def _attributes(node: ast.AST, shadowed: frozenset[str] = frozenset()):
    """Every ``x.attr`` node under ``node`` with the names its enclosing functions rebind."""
    if isinstance(node, _SCOPES):
        shadowed = shadowed | _bound_in(node)
    if isinstance(node, ast.Attribute):
        yield node, shadowed
    for child in ast.iter_child_nodes(node):
        yield from _attributes(child, shadowed)


def core_references(source: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every name ``source`` takes from the ``analysis`` package
    that does not exist. In: Python source text. Out: the missing ones, in source order."""
    tree = ast.parse(source)
    modules: dict[str, ModuleType] = {}  # local name -> core module it is bound to
    missing: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "analysis":
                continue
            for alias in node.names:
                try:
                    found = _resolve(node.module, alias.name)
                except ImportError:
                    missing.append((node.lineno, f"{node.module}.{alias.name}"))
                    continue
                if isinstance(found, ModuleType):
                    modules[alias.asname or alias.name] = found
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "analysis":
                    continue
                try:
                    found = _resolve(alias.name)
                except ImportError:
                    missing.append((node.lineno, alias.name))
                    continue
                if alias.asname:
                    modules[alias.asname] = found
    for node, shadowed in _attributes(tree):
        if (
            isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.value.id not in shadowed
            and not hasattr(modules[node.value.id], node.attr)
        ):
            missing.append((node.lineno, f"{modules[node.value.id].__name__}.{node.attr}"))
    return sorted(missing)


def test_the_check_sees_a_moved_function() -> None:
    """The check itself: the call report_size.py made before this test existed."""
    before = (
        "def main():\n"
        "    from analysis.present import report\n"
        "    from analysis.filters import Filters, NoSuchThing\n"
        "    return report.html_report(None, Filters()), report.xlsx_workbook\n"
        "def other(report):\n"
        "    return report.append  # an argument named like the module: not the module\n"
    )
    assert core_references(before) == [
        (3, "analysis.filters.NoSuchThing"),
        (4, "analysis.present.report.html_report"),
    ]


@pytest.mark.parametrize("path", BENCHMARKS, ids=[p.name for p in BENCHMARKS])
def test_every_core_name_a_benchmark_uses_exists(path: Path) -> None:
    assert core_references(path.read_text(encoding="utf-8")) == []


def test_no_benchmark_edits_its_own_import_path() -> None:
    """Benchmarks run as modules from the repository root (``python -m benchmarks.x``) and
    import the installed package: none puts the repository on ``sys.path`` (issue 20). The
    child programs a benchmark runs inside another checkout (strings passed to ``python
    -c``, importing that checkout named on their command line) are not code of the
    benchmark and are not read here."""
    offenders = [
        f"{path.name}:{call.lineno}: {ast.unparse(call)}"
        for path in BENCHMARKS
        for call in ast.walk(ast.parse(path.read_text()))
        if isinstance(call, ast.Call) and ast.unparse(call.func) == "sys.path.insert"
    ]
    assert not offenders, offenders
