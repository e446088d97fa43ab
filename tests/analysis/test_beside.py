"""The build's serial tail uses the second CPU (issue 20, "Building at the limit"): the
events are merged in a forked child (analysis.beside) while the build's own process runs
the corpus pass, and the tables are those of the same passes run one after another."""

from __future__ import annotations

import os
import time

import pandas as pd
import pytest

# Same directory, no package: pytest's default import mode puts tests/analysis on sys.path.
from test_build import write_sample_corpus

from analysis import beside, corpus_state, events, schema, tables
from analysis.corpus import load_corpus
from analysis.nlp import RULE_BASED, load_model
from analysis.pipeline import analyze
from analysis.pool import BuildProcessError, can_fork
from tests.factories import event_report


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """The sample corpus's documents and per-document tables (rule-based pipeline, which
    finds no events: pairs of documents report one meeting each, which merge)."""
    docs = load_corpus(write_sample_corpus(tmp_path_factory.mktemp("corpus") / "news")).documents
    per_doc = analyze(load_model(RULE_BASED), docs)
    ids = docs["doc_id"].tolist()
    reports = [  # the same meeting reported by two documents, one pair of documents each
        event_report(f"{ids[k + side]}:0:0", "2024-01-02", event_class="happening",
                     participants=f"Envoy {k}", sentence=f"Envoy {k} met the grain traders.")
        for k in range(0, len(ids) - 1, 2)
        for side in (0, 1)
    ]  # fmt: skip
    per_doc["events"] = schema.conform(pd.DataFrame(reports), "events")
    return docs, per_doc


@pytest.fixture
def forkable() -> None:
    """Skips where this process may not fork (analysis.pool.can_fork): another test left
    a thread running. Run on its own, the file always forks."""
    if not can_fork():
        pytest.skip("a thread left running by another test: no fork allowed here")


def _wait_for(path, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists():
            return True
        time.sleep(0.01)
    return False


def test_the_events_merge_in_another_process_during_the_corpus_pass(
    analysed, tmp_path, monkeypatch, forkable
):
    """The corpus pass only starts once the merge has begun in a child process (it waits
    for the child's mark; run one after another, it would wait in vain), and the tables
    equal those of the passes run in this process alone."""
    docs, per_doc = analysed
    assert len(per_doc["events"]) > len(alone_merged := events.merge_reports(per_doc["events"]))
    assert len(alone_merged) > 0
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    alone = tables.assemble(docs, per_doc)
    monkeypatch.undo()
    mark = tmp_path / "merging"
    real_merge, real_pass = events.merge_reports, corpus_state.run_pass

    def merge(reports):
        mark.write_text(str(os.getpid()))
        return real_merge(reports)

    def corpus_pass(*args, **kwargs):
        assert _wait_for(mark), "the events were not merging while the corpus pass ran"
        return real_pass(*args, **kwargs)

    monkeypatch.setattr(events, "merge_reports", merge)
    monkeypatch.setattr(corpus_state, "run_pass", corpus_pass)
    together = tables.assemble(docs, per_doc)
    assert int(mark.read_text()) != os.getpid()
    assert list(together) == list(alone)
    for name, frame in alone.items():
        pd.testing.assert_frame_equal(together[name], frame, obj=name)


def test_a_call_beside_gives_its_value_or_its_error(forkable):
    with beside.beside(divmod, 7, 2) as call:
        assert call.forked and call.result() == (3, 1)
    with beside.beside(divmod, 7, 0) as call, pytest.raises(ZeroDivisionError):
        call.result()


def test_a_child_that_dies_is_reported_and_none_outlives_the_block(forkable):
    with beside.beside(os._exit, 3) as call, pytest.raises(BuildProcessError, match="exit code 3"):
        call.result()
    with beside.beside(time.sleep, 60) as call:
        process = call._process
    assert process is not None and not process.is_alive()  # killed when left unasked


def test_where_no_fork_is_allowed_the_call_runs_here(monkeypatch):
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    with beside.beside(os.getpid) as call:
        assert not call.forked and call.result() == os.getpid()


@pytest.mark.slow  # a build with the model host and two forked workers (rule-based pipeline)
def test_a_pool_build_merges_its_events_in_a_child(tmp_path, monkeypatch, forkable):
    """In a whole build (model host, two workers, the corpus passes after them) the build
    process runs no other thread at its tail, so the merge is forked beside it."""
    from analysis.build import build_corpus

    seen = tmp_path / "merged by"
    real_merge = events.merge_reports

    def merge(reports):
        seen.write_text(str(os.getpid()))
        return real_merge(reports)

    monkeypatch.setattr(events, "merge_reports", merge)
    folder = write_sample_corpus(tmp_path / "news", n=12)
    built = build_corpus(folder, cache_dir=tmp_path / "cache", model=RULE_BASED, workers=2,
                         chunk_size=4)  # fmt: skip
    assert built.processed == 12 and int(seen.read_text()) != os.getpid()
