"""No dead code at the top level: every function, class and constant a module of the core,
the pages, the dashboard (dashboard.py, ui) or the benchmarks defines is used somewhere.

Used means named anywhere in the project's Python (its own module included, tests too):
read as a name, imported, read as an attribute, or written in a string that is not a
docstring (a child Python's code, a ``getattr`` or ``monkeypatch.setattr`` name). A
docstring's mention (":data:`NAME`") is no use. An attribute of a project module
(``lemmas.NAME``, ``analysis.store.NAME``) is a use of that module's name only; one of a
standard-library module (``os.stop``) of none; any other (``frame.result()``) of any. A
decorated function needs a use like any other, unless its decorator registers it
(:data:`REGISTERING`: a spaCy component, a Click command); ``main`` needs none. No
dead-code finder (vulture) is in the locked environment; this is the part of one the
project needs, on the standard library's ``ast``.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

from tests.source_ast import dotted, module_name

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("analysis", "pages", "ui", "benchmarks")
#: Where a use may be: every Python file of the project.
SOURCES = (*CHECKED, "tests")

#: Left as they are, with why: analysis/countries/ is changed by another branch in the
#: session that added this test (its unused function is for that branch to remove).
KNOWN = {"analysis/countries/demonyms.py:derived_demonyms"}


def _python_files(folders: tuple[str, ...]) -> list[Path]:
    files = [ROOT / "dashboard.py"] if (ROOT / "dashboard.py").exists() else []
    for folder in folders:
        files += sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)
    return files


#: Decorators that register what they decorate, so it is used though never named: a
#: spaCy pipeline component or factory, a Click command or group.
REGISTERING = frozenset({"Language.component", "Language.factory", "click.command",
                         "click.group"})  # fmt: skip


def _imported_modules(tree: ast.AST) -> dict[str, str]:
    """Local name -> what an import binds it to (``import analysis.store`` binds
    ``analysis``; ``from analysis import store`` binds ``analysis.store``, which may also
    be a name other than a module: it is then no project module's, nor a standard one's)."""
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                bound[name] = alias.name if alias.asname else name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def _docstrings(tree: ast.AST) -> set[int]:
    """``id`` of each string standing alone as a statement: a module's, class's or
    function's docstring, or one after an assignment."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)}  # fmt: skip


def uses(source: str, project: frozenset[str] = frozenset()) -> Counter[tuple[str, str]]:
    """How often each identifier is read, imported or written in a string (not a
    docstring) in ``source``, as ``("", name)``; ``(module, name)`` for an attribute of a
    module of the ``project`` (its top-level package names); a standard module's
    attributes are left out. A name bound by an assignment or a ``def`` is not a use."""
    tree = ast.parse(source)
    docs, bound = _docstrings(tree), _imported_modules(tree)
    found: Counter[tuple[str, str]] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store):
            found["", node.id] += 1
        elif isinstance(node, ast.Attribute):
            chain = dotted(node.value) or [""]
            module = ".".join([bound[chain[0]], *chain[1:]]) if chain[0] in bound else ""
            top = module.split(".")[0]
            if top in project:
                found[module, node.attr] += 1
            elif top not in sys.stdlib_module_names:
                found["", node.attr] += 1
        elif isinstance(node, ast.ImportFrom | ast.Import):
            found.update(("", alias.name.rsplit(".", 1)[-1]) for alias in node.names)
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        ):
            found.update(("", w) for w in re.findall(r"[A-Za-z_]\w*", node.value))
    return found


def _registered(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    """Does a decorator of ``node`` register it (:data:`REGISTERING`)?"""
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ".".join(dotted(call) or []) in REGISTERING:
            return True
    return False


def definitions(source: str) -> list[str]:
    """The names ``source`` defines at its top level that need a use: functions and
    classes (not registered ones), and assigned names, tuples' too (not dunders, not
    ``main``)."""
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if not _registered(node):
                names.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                names += [t.id for t in elements if isinstance(t, ast.Name)]
    return [n for n in names if not n.startswith("__") and n != "main"]


def unused(files: dict[str, str], checked: list[str]) -> list[str]:
    """``path:name`` for each top-level name of the ``checked`` files that no file of
    ``files`` (path -> source, relative to the project root) uses."""
    project = frozenset(module_name(path).split(".")[0] for path in files)
    used: Counter[tuple[str, str]] = Counter()
    for source in files.values():
        used.update(uses(source, project))
    return [f"{path}:{name}" for path in checked for name in definitions(files[path])
            if not (used["", name] or used[module_name(path), name])]  # fmt: skip


def test_the_scan_tells_a_use_from_a_definition():
    files = {
        "a.py": 'X = 1\nY = 2\ndef f():\n    return X\n@Language.component("g")\ndef g():\n'
                "    pass\n",
        "b.py": "from a import f\nprobe = 'print(a.Z)'\n",
        "c.py": "class Z:\n    pass\ndef h():\n    pass\n",
    }  # fmt: skip
    assert unused(files, ["a.py", "c.py"]) == ["a.py:Y", "c.py:h"]
    assert unused(files, ["b.py"]) == ["b.py:probe"]


def test_a_decorator_a_docstring_or_another_modules_attribute_is_no_use():
    """Review 9 (finding 7): each of these dead names passed before."""
    files = {
        "pkg/a.py": "@lru_cache(maxsize=1)\ndef dead_table(): ...\ndef load(): ...\n"
                    "def stop(): ...\nX = 1\n'''see :data:`X`'''\nP, Q = 1, 2\n",
        "pkg/b.py": '"""Reads :data:`pkg.a.X`."""\nimport os\nfrom pkg import c\n'
                    "os.stop()\nc.load()\nprint(P)\n",
        "pkg/c.py": "def load(): ...\n",
    }  # fmt: skip
    assert unused(files, ["pkg/a.py"]) == ["pkg/a.py:dead_table", "pkg/a.py:load",
                                           "pkg/a.py:stop", "pkg/a.py:X", "pkg/a.py:Q"]  # fmt: skip
    assert unused(files, ["pkg/c.py"]) == []  # c.load(): that module's own
    files["pkg/b.py"] += "import pkg.a\npkg.a.load()\nframe.stop()\n"
    assert unused(files, ["pkg/a.py"]) == ["pkg/a.py:dead_table", "pkg/a.py:X",
                                           "pkg/a.py:Q"]  # fmt: skip


def test_no_top_level_name_is_unused():
    here = Path(__file__).resolve()  # its KNOWN names are no use
    files = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
        for p in _python_files(SOURCES)
        if p.resolve() != here
    }
    checked = [str(p.relative_to(ROOT)) for p in _python_files(CHECKED)]
    found = set(unused(files, checked))
    assert sorted(found - KNOWN) == []
    assert sorted(KNOWN - found) == [], "a known unused name is gone: remove it from KNOWN"
