"""The Hypothesis profiles of the two test loops (tests/properties.py)."""

from __future__ import annotations

import pytest
from hypothesis import settings

from tests.properties import FAST_MINIMUM, examples


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
