"""Derived tables kept on disk (analysis.derived_cache): same value, verified, keyed."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import derived_cache, gazetteer, gazetteer_entries


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(derived_cache.ENV_VAR, str(tmp_path / "derived"))
    return tmp_path / "derived"


def counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def derive() -> object:
        calls.append(1)
        return value

    return calls, derive


def test_a_value_is_derived_once_and_then_read_back_equal(folder: Path) -> None:
    value = {"Paris": (gazetteer_entries.Candidate("FRA", "capital", 2_100_000),), "x": ()}
    calls, derive = counting(value)
    assert derived_cache.cached("table", "k1", derive) == value
    assert derived_cache.cached("table", "k1", derive) == value
    assert len(calls) == 1  # the second process-like call read the file
    assert [p.name for p in folder.iterdir()] == ["table-k1.pickle"]  # no temporary left


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage"])
def test_a_damaged_file_is_derived_again_and_replaced(folder: Path, damage: str) -> None:
    calls, derive = counting({"a": [1, 2, 3]})
    derived_cache.cached("table", "k", derive)
    path = folder / "table-k.pickle"
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) - 3]
    elif damage == "empty":
        data = bytearray()
    else:  # a valid digest of a payload that is no pickle
        import hashlib

        data = bytearray(hashlib.sha256(b"not a pickle").digest() + b"not a pickle")
    path.write_bytes(bytes(data))
    assert derived_cache.cached("table", "k", derive) == {"a": [1, 2, 3]}
    assert len(calls) == 2
    assert derived_cache.cached("table", "k", derive) == {"a": [1, 2, 3]}
    assert len(calls) == 2  # the rewritten file is valid again


def test_an_unwritable_folder_still_gives_the_value(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv(derived_cache.ENV_VAR, str(blocker / "derived"))
    calls, derive = counting([1])
    assert derived_cache.cached("table", "k", derive) == [1]
    assert derived_cache.cached("table", "k", derive) == [1]
    assert len(calls) == 2


def test_the_key_changes_with_a_source_file_and_a_package_version(tmp_path, monkeypatch):
    source = tmp_path / "aliases.json"
    source.write_text('{"a": 1}')
    base = derived_cache.fingerprint([source], ["pandas"])
    assert derived_cache.fingerprint([source], ["pandas"]) == base
    source.write_text('{"a": 2}')
    assert derived_cache.fingerprint([source], ["pandas"]) != base
    source.write_text('{"a": 1}')
    monkeypatch.setattr(derived_cache.metadata, "version", lambda name: "0.0.1")
    assert derived_cache.fingerprint([source], ["pandas"]) != base


def test_the_cached_gazetteer_and_towns_equal_fresh_derivations(folder: Path) -> None:
    key = gazetteer._data_key()
    for name, derive in (
        ("gazetteer", gazetteer_entries.derive_gazetteer),
        ("towns", gazetteer._read_towns),
    ):
        fresh = derive()
        # written through cached() (derived once: the same value a second derive() gives)
        assert derived_cache.cached(name, key, lambda v=fresh: v) is fresh
        assert derived_cache.cached(name, key, lambda: None) == fresh  # read back, equal


def test_the_cached_place_tables_equal_fresh_derivations(folder: Path) -> None:
    import numpy as np

    from analysis import places

    key = places._data_key()
    fresh = places._derive_data()
    derived_cache.cached("places", key, lambda: fresh)  # written (derived once)
    read = derived_cache.cached("places", key, lambda: None)
    for name in ("divisions", "names", "counties"):
        assert read[name] == fresh[name], name
    towns, fresh_towns = read["towns"], fresh["towns"]
    assert towns.keys == fresh_towns.keys and towns.ids == fresh_towns.ids
    assert towns.rows == fresh_towns.rows and towns.by_id == fresh_towns.by_id
    assert towns.own == fresh_towns.own
    assert np.array_equal(towns.lat, fresh_towns.lat) and np.array_equal(towns.lon, fresh_towns.lon)
    cities = places._derive_cities()
    derived_cache.cached("place-cities", key, lambda: cities)  # written (derived once)
    assert derived_cache.cached("place-cities", key, lambda: None) == cities


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_runs_no_collection_and_leaves_the_collector_as_it_was(
    folder: Path, enabled: bool
) -> None:
    import gc

    value = {i: [str(i), (i, float(i))] for i in range(50_000)}  # many objects
    derived_cache.cached("many", "k1", lambda: value)
    runs: list[str] = []

    def count(phase: str, _info: dict) -> None:
        runs.append(phase)

    (gc.enable if enabled else gc.disable)()
    gc.callbacks.append(count)
    try:
        got = derived_cache.cached("many", "k1", lambda: pytest.fail("derived again"))
        assert gc.isenabled() is enabled
    finally:
        gc.callbacks.remove(count)
        gc.enable()
    assert got == value
    assert runs == []  # the cyclic collector stayed out of the unpickling


def test_a_tree_memo_computes_once_per_state_of_the_files(tmp_path, monkeypatch) -> None:
    """memo_by_tree (the cache keys: analysis_version, stage_keys) computes again after any
    change of a file under the root: an append, a same-size replacement (a new inode), a
    new file, a removed one; and for another key. Files count as settled at once here."""
    import os

    monkeypatch.setattr(derived_cache, "SETTLED_SECONDS", 0.0)
    root = tmp_path / "code"
    (root / "sub").mkdir(parents=True)
    (root / "a.py").write_text("A = 1\n")
    (root / "sub" / "b.json").write_text("{}")
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    def memo(key: str = "k") -> int:
        return derived_cache.memo_by_tree(root, ("test", key), compute)

    assert memo() == memo() == 1
    assert memo("other") == 2 and memo() == 1
    (root / "a.py").write_text("A = 1\n# edited\n")
    assert memo() == memo() == 3
    (root / "sub" / "new.json").write_text("{}")
    assert memo() == 4
    (root / "sub" / "new.json").unlink()
    assert memo() == 3  # the files as they were at the third computation: its value
    (root / "c.tmp").write_text("A = 2\n# edited\n")  # same size, replaced by rename
    os.replace(root / "c.tmp", root / "a.py")
    assert memo() == memo() == 5
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "a.pyc").write_bytes(b"x")  # compiled files: no change
    assert memo() == 5


def test_a_tree_changed_within_the_settling_time_is_never_memoised(tmp_path) -> None:
    """A file written in the last SETTLED_SECONDS may be written again in the same tick of
    the file system's clock with the same size (its stamp unchanged): computed each time."""
    root = tmp_path / "code"
    root.mkdir()
    (root / "a.py").write_text("A = 1\n")
    calls: list[int] = []
    for _ in range(2):
        derived_cache.memo_by_tree(root, ("test",), lambda: calls.append(1))
        (root / "a.py").write_text("A = 2\n")  # same size, same tick as likely as not
    assert len(calls) == 2
    assert derived_cache.tree_stamp(root) is None


def test_a_tree_with_a_dangling_link_is_computed_every_time(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(derived_cache, "SETTLED_SECONDS", 0.0)
    root = tmp_path / "code"
    root.mkdir()
    (root / "gone.json").symlink_to(tmp_path / "nowhere.json")
    calls: list[int] = []
    for _ in range(2):
        derived_cache.memo_by_tree(root, ("test",), lambda: calls.append(1))
    assert len(calls) == 2
