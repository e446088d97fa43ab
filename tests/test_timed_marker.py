"""`make test` runs the slow tests on one worker per core, except those marked ``timed``,
which run last, alone (Makefile, target ``test``). A slow test that bounds how long real
work takes (``assert time.perf_counter() - start < 5.0``) must carry the marker: beside
another test its bound measures the other test too.

An ``ast`` scan of the test files: a test is slow by its own marker or its module's
``pytestmark``, ``slow`` or ``e2e`` (tests/conftest.py marks every ``e2e`` test slow); it bounds
time when an assert compares a clock reading minus a start (or a name assigned from one)
with a number. A polling loop's ``assert time.monotonic() < deadline`` is a timeout, not a
bound, and is not counted. A test whose outcome depends on the clock in another way (the
``beside`` waits) is marked by hand.
"""

from __future__ import annotations

import ast
from pathlib import Path

from source_ast import dotted

TESTS = Path(__file__).resolve().parent
#: The markers that make a test slow: its own, and ``e2e`` (tests/conftest.py adds ``slow``).
SLOW = frozenset({"slow", "e2e"})
#: The clocks of the ``time`` module a bound reads.
CLOCKS = frozenset({"perf_counter", "monotonic", "process_time", "time"})


def _marks(nodes: list[ast.expr]) -> set[str]:
    """The ``pytest.mark.X`` names among decorators or a ``pytestmark`` value."""
    out = set()
    for node in nodes:
        name = dotted(node.func if isinstance(node, ast.Call) else node)
        if name and len(name) == 3 and name[:2] == ["pytest", "mark"]:
            out.add(name[2])
    return out


def _module_marks(tree: ast.Module) -> set[str]:
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            value = node.value
            out |= _marks(list(value.elts) if isinstance(value, ast.List | ast.Tuple) else [value])
    return out


def _is_clock(node: ast.expr) -> bool:
    name = dotted(node.func) if isinstance(node, ast.Call) else None
    return bool(name) and name[-1] in CLOCKS and (len(name) == 1 or name[-2] == "time")


def _elapsed(node: ast.expr) -> bool:
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and _is_clock(node.left)


def bounds_time(function: ast.FunctionDef) -> bool:
    """Whether an assert of ``function`` compares elapsed clock time with a number."""
    names = {
        target.id
        for node in ast.walk(function)
        if isinstance(node, ast.Assign) and _elapsed(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(function):
        for compare in ast.walk(node.test) if isinstance(node, ast.Assert) else ():
            if not isinstance(compare, ast.Compare):
                continue
            sides = [compare.left, *compare.comparators]
            timed = any(_elapsed(s) or (isinstance(s, ast.Name) and s.id in names) for s in sides)
            if timed and any(
                isinstance(s, ast.Constant) and type(s.value) in (int, float) for s in sides
            ):
                return True
    return False


def slow_bounded_tests() -> dict[str, set[str]]:
    """ "path::test" -> its markers, for every slow test that bounds elapsed time."""
    found = {}
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = _module_marks(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                marks = module | _marks(node.decorator_list)
                if marks & SLOW and bounds_time(node):
                    found[f"{path.relative_to(TESTS)}::{node.name}"] = marks
    return found


def test_every_slow_test_that_bounds_elapsed_time_is_marked_timed() -> None:
    found = slow_bounded_tests()
    # the scan sees the one it must (else it could pass by finding nothing)
    assert "analysis/test_country_resolve.py::test_map_countries_is_fast_on_300k_mentions" in found
    unmarked = sorted(name for name, marks in found.items() if "timed" not in marks)
    assert unmarked == [], (
        f"slow tests bounding elapsed time without @pytest.mark.timed: {unmarked}"
    )


def test_the_scan_tells_a_bound_from_a_timeout() -> None:
    bound, timeout = ast.parse(
        "def test_a():\n    start = time.perf_counter()\n    run()\n"
        "    assert time.perf_counter() - start < 2.0\n"
        "def test_b():\n    deadline = time.monotonic() + 10\n"
        "    while not done():\n        assert time.monotonic() < deadline\n"
    ).body
    assert bounds_time(bound) and not bounds_time(timeout)
