"""Hypothesis profiles for the two test loops, declared once (``from tests.properties import
examples``).

- ``full`` (the default; ``make test``, plain ``pytest``): every property test runs the
  number of examples it declares, and tests that declare none run Hypothesis's default 100.
- ``fast`` (``make test-fast`` = ``pytest -m "not slow" --hypothesis-profile=fast -n auto``): a
  quarter of them (``FAST_SHARE``), at least ``FAST_MINIMUM`` per test; the ``@example``
  cases a test pins and the failures Hypothesis saved in its database still run every
  time. The quick loop samples each property; ``make test`` explores it fully.

Tests that declare a count write ``@settings(max_examples=examples(300))``: the number
stays the full-profile figure, and the profile scales it.
"""

from __future__ import annotations

import math

from hypothesis import settings

FULL_EXAMPLES = 100  # Hypothesis's own default max_examples: the full profile
FAST_SHARE = 0.25  # the fast profile runs this share of each test's examples
FAST_MINIMUM = 2  # ... but never fewer than this (nor more than the test declares)

settings.register_profile("full", max_examples=FULL_EXAMPLES)
settings.register_profile("fast", max_examples=math.ceil(FULL_EXAMPLES * FAST_SHARE))


def examples(n: int) -> int:
    """``n`` examples under the full profile; the active profile's share of ``n`` otherwise
    (rounded up, at least ``min(n, FAST_MINIMUM)``). Read when the test module is imported,
    after pytest has loaded the profile named by ``--hypothesis-profile``."""
    share = settings().max_examples / FULL_EXAMPLES
    if share >= 1:
        return n
    return max(min(n, FAST_MINIMUM), math.ceil(n * share))


def quick_share(n: int, case: int, cases: int) -> range:
    """Which of ``n`` items (numbered 0..n-1) a parametrised test's ``case``-th of ``cases``
    cases visits: all of them under the full profile; under the fast profile every
    ``cases``-th from ``case``, so the cases of one test visit every item once between
    them instead of each visiting all (the damage tests of test_store_integrity: each
    cache file is still damaged in the quick loop, by one of the kinds of damage;
    ``make test`` damages every file in every way)."""
    if settings().max_examples >= FULL_EXAMPLES:
        return range(n)
    return range(case % cases, n, cases)
