"""analysis.tables.prepare leaves nothing for the build's serial tail to load.

The build runs :func:`analysis.tables.prepare` in its own process while the workers run
the NLP; :func:`analysis.tables.assemble` runs after the NLP, on one CPU while the other
mostly idles. A module imported or a lookup table read for the first time inside
assemble lengthens that tail (1,000 Reuters bodies: rapidfuzz, pycountry, the town
list, the place index and the region tables took 0.045 CPU s there; docs/benchmarks.md, part 10).

Checked in a fresh interpreter (the test process has loaded everything already): after
prepare, assemble imports no module and fills no one-entry cache (``lru_cache(maxsize=1)``:
the loaders of the lookup tables); and the same probe without prepare does see such
loads, so the check can fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.build import build_corpus
from tests.factories import ruler_story

ROOT = Path(__file__).resolve().parents[2]

# slow: builds a corpus, then runs the passes in fresh interpreters that import the whole
# app (6 CPU s); `make test` runs it (docs/benchmarks.md, "The quick loop")
pytestmark = pytest.mark.slow

# Reads a built corpus's per-document tables, runs prepare (argv[3] == "prepare"; "imports":
# only the modules prepare imports, no table loaded) and then assemble, and prints what
# assemble loaded: modules, and one-entry caches it filled.
PROBE = """
import functools, gc, importlib, json, sys
from pathlib import Path
from analysis import store, tables
from analysis.corpus import load_corpus
root, corpus, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
docs = load_corpus(corpus).documents
per_doc = store.read_segments(root, store.segment_index(root))
early = tables.prepare(docs) if mode == "prepare" else None
if mode == "imports":
    for name in (*tables.PASS_MODULES, "analysis.gazetteer", "analysis.places", "analysis.stories"):
        importlib.import_module(name)
modules = set(sys.modules)
loaders = [f for f in gc.get_objects() if isinstance(f, functools._lru_cache_wrapper)
           and f.cache_info().maxsize == 1 and f.cache_info().currsize == 0]
tables.assemble(docs, per_doc, early=early)
filled = [f"{f.__module__}.{f.__qualname__}" for f in loaders if f.cache_info().currsize]
# the fork of the events merge (analysis.beside) names the child's main module and loads
# the fork starter; pandas loads its to_dict helper: under a millisecond each
cheap = {"__mp_main__", "multiprocessing.popen_fork", "pandas.core.methods.to_dict"}
new = [m for m in set(sys.modules) - modules if m not in cheap]
print(json.dumps({"modules": sorted(new), "tables": sorted(filled)}))
"""


def _story(i: int) -> dict[str, str]:
    return {"id": f"s{i}", "date": f"2024-03-{i % 27 + 1:02d}", "text": ruler_story(i, extra=1)}


@pytest.fixture(scope="module")
def built(model: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus of 12 stories built with the ruler pipeline: (version folder, corpus)."""
    folder = tmp_path_factory.mktemp("prepare-tail")
    corpus = folder / "news.jsonl"
    corpus.write_text("".join(json.dumps(_story(i)) + "\n" for i in range(12)), encoding="utf-8")
    cache = folder / "cache"
    build_corpus(corpus, cache_dir=cache, model=model, workers=1)
    (root,) = [p for p in cache.iterdir() if (p / "segments").is_dir()]
    return root, corpus


def _probe(built: tuple[Path, Path], mode: str) -> dict[str, list[str]]:
    root, corpus = built
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(root), str(corpus), mode],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_assemble_after_prepare_loads_nothing(built: tuple[Path, Path]) -> None:
    assert _probe(built, "prepare") == {"modules": [], "tables": []}


def test_the_probe_sees_what_assemble_loads_without_prepare(built: tuple[Path, Path]) -> None:
    assert {"analysis.resolve", "analysis.gazetteer"} <= set(_probe(built, "none")["modules"])
    tables = _probe(built, "imports")["tables"]  # the modules imported, no table loaded
    assert {"analysis.gazetteer.gazetteer", "analysis.geo_sources.geonames"} <= set(tables)
