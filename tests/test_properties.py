"""The Hypothesis profiles of the two test loops (tests/properties.py)."""

from __future__ import annotations

import pytest
from hypothesis import settings

from tests.properties import FAST_MINIMUM, examples, quick_share


@pytest.fixture
def profile():
    """``profile(name)`` loads a Hypothesis profile for this test; the session's comes back."""
    before = settings.get_current_profile_name()
    yield settings.load_profile
    settings.load_profile(before)


def test_the_full_profile_runs_what_each_test_declares(profile) -> None:
    profile("full")
    assert settings().max_examples == 100
    assert [examples(n) for n in (1, 8, 25, 300)] == [1, 8, 25, 300]


def test_the_fast_profile_runs_a_quarter_never_below_the_minimum(profile) -> None:
    profile("fast")
    assert settings().max_examples == 25
    assert [examples(n) for n in (1, 8, 15, 25, 300)] == [1, FAST_MINIMUM, 4, 7, 75]


def test_the_cases_of_a_quick_share_visit_every_item_once_between_them(profile) -> None:
    profile("fast")
    for n, cases in [(0, 2), (1, 3), (7, 3), (12, 2), (5, 5)]:
        visits = [k for case in range(cases) for k in quick_share(n, case, cases)]
        assert sorted(visits) == list(range(n)), (n, cases)
    profile("full")
    assert [list(quick_share(4, case, 3)) for case in range(3)] == [[0, 1, 2, 3]] * 3


def test_every_declared_example_count_goes_through_the_profile(repo_root) -> None:
    """A count written as a bare number would run in full in the quick loop too."""
    import re

    bare = re.compile(r"max_examples\s*=\s*\d")
    found = [
        str(path.relative_to(repo_root))
        for path in (repo_root / "tests").rglob("*.py")
        if path.name != "properties.py" and bare.search(path.read_text(encoding="utf-8"))
    ]
    assert found == [], f"write max_examples=examples(N) in {found}"
