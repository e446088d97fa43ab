"""A change rebuilds exactly the stages it shapes (analysis.staged, analysis.stages).

- A country data change: the next build re-derives mentions (countries) and events from
  the stored parse, never parses (spaCy's ``Language.pipe`` is never called), and its
  tables are a clean build's with the new rules.
- An event rule change re-derives events alone (the mentions stage never runs).
- A change to the parse stage's code parses again.
- A cache folder of the layout before per-stage keys is never read, and the build says so.

Builds use the small saved pipeline of tests/analysis/conftest.py (``model``: blank
English + an entity ruler), the same code path as any spaCy pipeline; the key inputs are
a private copy of the analysis package (``stages.PACKAGE`` and the version folder's hash
point at it).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest
from spacy.language import Language

from analysis import countries, parse, pipeline, stages, store
from analysis.build import build_corpus
from tests.factories import assert_same_tables, ruler_story, write_corpus

#: Each test builds corpora two or three times over a copy of analysis/: the full suite only.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
REAL_VERSION = store.analysis_version
DATES = ["2024-01-05", "2024-02-10"]


@pytest.fixture
def code(tmp_path, monkeypatch) -> Path:
    """A private copy of the analysis package that every key is computed from."""
    root = tmp_path / "code" / "analysis"
    shutil.copytree(REPO / "analysis", root, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stages, "PACKAGE", root)
    monkeypatch.setattr(store, "analysis_version", lambda: REAL_VERSION(root=root))
    return root


@pytest.fixture
def corpus(tmp_path) -> Path:
    docs = {f"d{i}.txt": (ruler_story(i), DATES[i % 2]) for i in range(6)}
    return write_corpus(tmp_path / "news", docs)


def build(folder: Path, cache: Path, model: str):
    return build_corpus(folder, cache_dir=cache, model=model, workers=1)


def _touch(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\n")


class Calls:
    """Counts calls of the functions it wraps; ``forbid`` makes one raise instead."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.patch = monkeypatch
        self.count: dict[str, int] = {}

    def spy(self, owner: object, name: str, *, forbid: bool = False) -> None:
        real = getattr(owner, name)
        label = f"{getattr(owner, '__name__', owner)}.{name}"

        def wrapper(*args, **kwargs):
            self.count[label] = self.count.get(label, 0) + 1
            if forbid:
                raise AssertionError(f"{label} must not run")
            return real(*args, **kwargs)

        self.patch.setattr(owner, name, wrapper)

    def forbid_parsing(self) -> None:
        for owner, name in ((parse, "parse_texts"), (pipeline, "parse_texts")):
            self.spy(owner, name, forbid=True)
        self.spy(Language, "pipe", forbid=True)
        self.spy(Language, "__call__", forbid=True)


def _paris_unmapped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The country rules after a data edit that drops Paris (mapped to FRA before)."""
    real = countries.map_countries

    def edited(mentions, **kwargs):
        out = real(mentions, **kwargs)
        paris = (out["text"] == "Paris").fillna(False).to_numpy()
        out.loc[paris, ["iso3", "rule"]] = pd.NA
        return out

    monkeypatch.setattr(countries, "map_countries", edited)


def _paris(corpus) -> pd.Series:
    mentions = corpus.table("mentions")
    return mentions.loc[mentions["text"] == "Paris", "iso3"]


def test_a_country_data_change_rederives_countries_without_parsing(
    tmp_path, code, corpus, model, monkeypatch
):
    cache = tmp_path / "cache"
    first = build(corpus, cache, model)
    assert first.processed == 6 and (_paris(first) == "FRA").all() and len(_paris(first))
    _touch(code / "data" / "country_lexicon.json")  # a country data file changes ...
    _paris_unmapped(monkeypatch)  # ... and with it what the country rules say
    calls = Calls(monkeypatch)
    calls.forbid_parsing()
    calls.spy(pipeline, "derive_mentions")
    calls.spy(pipeline, "derive_events")
    again = build(corpus, cache, model)
    assert again.processed == 6
    assert calls.count["analysis.pipeline.derive_mentions"] >= 1
    assert calls.count["analysis.pipeline.derive_events"] >= 1
    assert _paris(again).isna().all()  # the mapped result follows the new rules
    assert "FRA" not in set(again.table("countries")["iso3"]) or (
        again.table("countries").set_index("iso3").loc["FRA", "mentions"]
        < first.table("countries").set_index("iso3").loc["FRA", "mentions"]
    )
    monkeypatch.undo()  # parse again for the clean build, keeping the new rules
    monkeypatch.setattr(stages, "PACKAGE", code)
    monkeypatch.setattr(store, "analysis_version", lambda: REAL_VERSION(root=code))
    _paris_unmapped(monkeypatch)
    assert_same_tables(again, build(corpus, tmp_path / "clean", model))


def test_an_event_rule_change_rederives_events_alone(tmp_path, code, corpus, model, monkeypatch):
    cache = tmp_path / "cache"
    first = build(corpus, cache, model)
    _touch(code / "data" / "event_lexicon.csv")
    calls = Calls(monkeypatch)
    calls.forbid_parsing()
    calls.spy(pipeline, "derive_mentions", forbid=True)
    calls.spy(pipeline, "derive_events")
    again = build(corpus, cache, model)
    assert again.processed == 6
    assert calls.count["analysis.pipeline.derive_events"] >= 1
    assert_same_tables(first, again)


def test_a_parse_stage_change_parses_again(tmp_path, code, corpus, model, monkeypatch):
    cache = tmp_path / "cache"
    first = build(corpus, cache, model)
    calls = Calls(monkeypatch)
    calls.spy(parse, "parse_texts")
    calls.spy(pipeline, "parse_texts")
    assert build(corpus, cache, model).processed == 0  # nothing changed: nothing runs
    assert calls.count == {}
    _touch(code / "parse.py")
    again = build(corpus, cache, model)
    assert again.processed == 6 and sum(calls.count.values()) >= 1
    assert_same_tables(first, again)


def _old_version(root: Path) -> str:
    """The version folder name's hash as NewsLens computed it before per-stage keys
    (analysis.store.analysis_version without the layout tag), for this code."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or "present" in rel.parts or "__pycache__" in rel.parts:
            continue
        if path.name in store._NOT_SHAPING_RESULTS or path.suffix in {".pyc", ".md"}:
            continue
        digest.update(rel.as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for name in store.SHAPING_PACKAGES:
        digest.update(f"{name}=={store._package_version(name)}\0".encode())
    return digest.hexdigest()[:12]


def test_a_cache_folder_of_the_old_layout_is_never_read(
    tmp_path, code, corpus, model, monkeypatch, caplog
):
    """An old NewsLens left a folder for this very code under its one-key name, holding
    results that differ from today's rules: it is not served, and the build says so."""
    cache = tmp_path / "cache"
    with monkeypatch.context() as patch:
        _paris_unmapped(patch)  # what the old folder holds differs from today's rules
        stale = build(corpus, cache, model)
    assert _paris(stale).isna().all()
    (root,) = [p for p in cache.iterdir() if not p.name.endswith(store.STAGES_SUFFIX)]
    shutil.rmtree(cache / (Path(root.name).name.rsplit("-", 1)[0] + store.STAGES_SUFFIX))
    (root / "layout").unlink()
    old = root.with_name(root.name.rsplit("-", 1)[0] + "-" + _old_version(code))
    root.rename(old)
    assert old.name != store.model_dir(cache, stale.model).name
    with caplog.at_level(logging.WARNING, logger="newslens.store"):
        fresh = build(corpus, cache, model)
    assert fresh.processed == 6 and (_paris(fresh) == "FRA").all()
    said = [r.getMessage() for r in caplog.records if old.name in r.getMessage()]
    assert len(said) == 1 and "not read" in said[0]
    assert_same_tables(fresh, build(corpus, tmp_path / "clean", model))


@pytest.mark.parametrize(("stage", "table"), [("parse", "parses"), ("mentions", "mentions")])
def test_a_damaged_stage_segment_is_reported_and_made_again(
    tmp_path, code, corpus, model, stage, table
):
    cache = tmp_path / "cache"
    first = build(corpus, cache, model)
    (folder,) = (cache / p.name for p in cache.iterdir() if p.name.endswith(store.STAGES_SUFFIX))
    (stage_folder,) = folder.glob(f"{stage}-*")
    segment = next(p for p in sorted((stage_folder / "segments").iterdir()))
    damaged = segment / f"{table}.parquet"
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    _touch(code / "data" / "event_lexicon.csv")  # the next build must read the stages
    again = build(corpus, cache, model)
    assert any(segment.name in note for note in again.repairs)
    assert not segment.exists()
    assert_same_tables(first, again)


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of documents of each chunk the NLP parses (in this process: workers=1)."""
    from analysis import staged

    sizes: list[int] = []
    real = staged.analyze_and_store

    def counting(where, nlp, chunk):
        sizes.append(len(chunk))
        return real(where, nlp, chunk)

    monkeypatch.setattr(staged, "analyze_and_store", counting)
    return sizes


@pytest.mark.parametrize("how", ["removed", "damaged"])
def test_a_vanished_parse_segment_reparses_only_its_documents(
    tmp_path, code, corpus, model, monkeypatch, how, fixed_batches
):
    from analysis import staged

    cache = tmp_path / "cache"
    first = build_corpus(corpus, cache_dir=cache, model=model, workers=1, chunk_size=2)
    (folder,) = (p for p in cache.iterdir() if p.name.endswith(store.STAGES_SUFFIX))
    (parse_folder,) = folder.glob("parse-*")
    segments = sorted((parse_folder / "segments").iterdir())
    assert len(segments) == 3
    gone, kept = segments[0], segments[1:]
    real_plan = staged.plan

    def plan_then_lose_one(where, todo, **kwargs):  # after plan, under the same lock
        groups = real_plan(where, todo, **kwargs)
        if gone.exists():
            if how == "removed":
                shutil.rmtree(gone)
            else:
                (gone / "keys.parquet").write_bytes(b"not parquet")
        return groups

    monkeypatch.setattr(staged, "plan", plan_then_lose_one)
    parsed = _parsed(monkeypatch)
    _touch(code / "data" / "event_lexicon.csv")  # the next build must read the stages
    again = build_corpus(corpus, cache_dir=cache, model=model, workers=1, chunk_size=2)
    assert sum(parsed) == 2  # the documents of that segment alone
    assert all(seg.exists() for seg in kept)
    assert not gone.exists()
    assert any(staged._VANISHED in note for note in again.repairs)
    assert_same_tables(first, again)


def test_the_stored_parses_are_merged_in_bounded_segments(
    tmp_path, code, corpus, model, monkeypatch, fixed_batches
):
    from analysis import staged

    cache = tmp_path / "cache"
    first = build_corpus(corpus, cache_dir=cache, model=model, workers=1, chunk_size=1)
    (folder,) = (p for p in cache.iterdir() if p.name.endswith(store.STAGES_SUFFIX))
    (parse_folder,) = folder.glob("parse-*")
    assert len(list((parse_folder / "segments").iterdir())) == 6
    monkeypatch.setattr(store, "MAX_SEGMENTS", 1)
    monkeypatch.setitem(staged.COMPACT_DOCUMENTS, "parse", 2)
    _touch(code / "data" / "event_lexicon.csv")  # the next build reads the stored parses
    again = build_corpus(corpus, cache_dir=cache, model=model, workers=1, chunk_size=1)
    sizes = [len(pd.read_parquet(seg / "keys.parquet"))
             for seg in (parse_folder / "segments").iterdir()]  # fmt: skip
    assert sorted(sizes) == [2, 2, 2]
    assert_same_tables(first, again)
