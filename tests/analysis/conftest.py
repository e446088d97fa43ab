"""Fixtures shared by the tests of the core (tests/analysis).

- ``model``: a small saved spaCy pipeline (blank English + an entity ruler tagging
  ``tests.factories.RULER_PLACES`` and ``RULER_PERSON``), written once per session. It loads
  in well under a second and builds go through the same code path as any spaCy pipeline:
  the cache, stage, lock and crash tests (test_store_integrity, test_staged_cache,
  test_cache_admin, test_store_lock, test_crash_safety) build with it. Tests only load it,
  never change the folder.
"""

from __future__ import annotations

import pytest
import spacy

from tests.factories import RULER_PERSON, RULER_PLACES


@pytest.fixture(scope="session")
def model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The path of the saved pipeline (see the module docstring)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": p} for p in RULER_PLACES])
    ruler.add_patterns([{"label": "PERSON", "pattern": RULER_PERSON}])
    nlp.meta["name"], nlp.meta["version"] = "ruler_test", "1.0.0"
    path = tmp_path_factory.mktemp("model") / "ruler_test"
    nlp.to_disk(path)
    return str(path)


@pytest.fixture
def fixed_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in this process cut their documents into batches of exactly ``chunk_size``
    (a remainder last), whatever the workers: for the cache tests that need several
    small segments from a one-worker build, whose own batches are ``chunk_size`` x
    ``GUIDED_SPREAD`` documents (analysis.build.split_chunks, tested on its own in
    test_build)."""
    from analysis import build

    def fixed(todo, chunk_size: int, workers: int):
        return [todo.iloc[i : i + chunk_size] for i in range(0, len(todo), chunk_size)]

    monkeypatch.setattr(build, "split_chunks", fixed)
