"""``newslens cache [--prune]`` (analysis.cache_admin): the listing tells current from old
folders, prune removes exactly the old ones under the build locks, never follows a
symlink, keeps what it does not recognise, and a build after prune serves the same
tables."""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import __main__ as cli
from analysis import cache_admin, schema, staged, stages, store
from analysis.store_lock import BuildLock
from tests.analysis.test_staged_cache import (  # noqa: F401  (fixtures)
    _touch,
    build,
    code,
    corpus,
)
from tests.factories import assert_same_tables
from tests.properties import examples

LABEL = "toy_model 1.0"
SLUG = "toy_model_1.0"
NOW = "0123456789ab"  # this code's analysis version in the hand-made trees
THEN = "ba9876543210"


class Keys:
    """This code's version and stage keys, changeable to simulate an edit."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.version = NOW
        self.stage = {"parse": "a" * 16, "mentions": "b" * 16, "events": "c" * 16}
        monkeypatch.setattr(store, "analysis_version", lambda root=None: self.version)
        monkeypatch.setattr(stages, "stage_keys", lambda m, package=None, **kw: dict(self.stage))

    def change(self, stage: str) -> None:
        """An edit of the code ``stage`` reads: new version, new keys from it on."""
        self.version = THEN
        names = stages.STAGE_NAMES[stages.STAGE_NAMES.index(stage) :]
        self.stage = {**self.stage, **{n: "d" * 15 + str(i) for i, n in enumerate(names)}}


@pytest.fixture
def keys(monkeypatch) -> Keys:
    return Keys(monkeypatch)


def _fill(folder: Path, size: int = 1000) -> Path:
    """A published folder of analysis.store's shape holding ``size`` bytes."""
    seg = folder / "segments" / "20260101T000000-abcd1234"
    seg.mkdir(parents=True)
    (seg / "keys.parquet").write_bytes(b"x" * size)
    (seg / "meta.json").write_text("{}")
    return folder


def _tree(cache: Path, keys: Keys) -> None:
    """A cache as builds of this code leave it: a version folder and its stage folders."""
    version = _fill(cache / f"{SLUG}-{keys.version}")
    (version / "layout").write_text(store.LAYOUT + "\n")
    base = cache / f"{SLUG}{store.STAGES_SUFFIX}"
    base.mkdir(parents=True, exist_ok=True)
    (base / staged.MODELS_FILE).write_text(LABEL + "\n")
    for name, key in keys.stage.items():
        if not (base / f"{name}-{key}").exists():
            _fill(base / f"{name}-{key}")


def _status(cache: Path) -> dict[str, str]:
    return {e.path.relative_to(cache).as_posix(): e.status for e in cache_admin.scan(cache).entries}


def test_the_listing_marks_old_folders_after_a_key_change(tmp_path, keys):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    assert set(_status(cache).values()) == {cache_admin.CURRENT}
    keys.change("mentions")
    _tree(cache, keys)
    status = _status(cache)
    base = f"{SLUG}{store.STAGES_SUFFIX}"
    assert status[f"{SLUG}-{NOW}"] == cache_admin.OLD
    assert status[f"{SLUG}-{THEN}"] == cache_admin.CURRENT
    assert status[f"{base}/parse-{'a' * 16}"] == cache_admin.CURRENT  # the edit left it alone
    assert status[f"{base}/mentions-{'b' * 16}"] == cache_admin.OLD
    assert status[f"{base}/events-{'c' * 16}"] == cache_admin.OLD
    assert sum(v == cache_admin.CURRENT for v in status.values()) == 4
    text = cache_admin.format_listing(cache_admin.scan(cache))
    assert "3 folder(s) this version never reads" in text and "--prune" in text


def test_prune_removes_exactly_the_old_folders_and_reports_the_bytes(tmp_path, keys):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    keys.change("events")
    _tree(cache, keys)
    old_layout = _fill(cache / f"{SLUG}-{'e' * 12}", 500)  # no layout file: before stages
    unknown = [cache / n for n in ("workspaces", "uploads", "photos", f"backup-{'f' * 12}",
                                   "evil\x1b[2J")]  # fmt: skip
    for folder in unknown:
        folder.mkdir()
        (folder / "keep.txt").write_text("mine")
    before = _status(cache)
    old = {p for p, s in before.items() if s == cache_admin.OLD}
    assert old == {f"{SLUG}-{NOW}", f"{SLUG}-stages/events-{'c' * 16}", old_layout.name}
    pruned = cache_admin.prune(cache)
    assert {e.path.relative_to(cache).as_posix() for e in pruned.removed} == old
    assert pruned.freed == 1002 + 9 + 1002 + 502  # segment files with meta.json, layout
    after = _status(cache)
    assert after == {p: s for p, s in before.items() if p not in old}
    assert all((f / "keep.txt").read_text() == "mine" for f in unknown)
    text = cache_admin.format_listing(cache_admin.scan(cache))
    assert "evil\\x1b[2J" in text and "\x1b" not in text  # names are data: escaped
    assert not [p for p in cache.rglob(f"{store.TMP_PREFIX}*")]


def test_reading_a_snapshot_counts_as_a_use(tmp_path, keys):
    """The listing's "last used": a build that only reads a finished snapshot marks it."""
    cache = tmp_path / "cache"
    _tree(cache, keys)
    root = cache / f"{SLUG}-{NOW}"
    store.write_snapshot(root, "k" * 20, {"skipped": schema.empty("skipped")}, {})
    for path in [root, *root.rglob("*")]:
        os.utime(path, (1e9, 1e9), follow_symlinks=False)
    (entry,) = [e for e in cache_admin.scan(cache).entries if e.path == root]
    assert entry.written == 1e9
    store.read_snapshot(root, "k" * 20, ["skipped"])
    (entry,) = [e for e in cache_admin.scan(cache).entries if e.path == root]
    assert entry.written > time.time() - 60


def test_dry_run_removes_nothing(tmp_path, keys):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    keys.change("parse")
    before = _status(cache)
    pruned = cache_admin.prune(cache, dry_run=True)
    assert len(pruned.removed) == 4 and _status(cache) == before
    assert "would free" in cache_admin.format_pruned(pruned, cache)


def test_a_symlink_inside_the_cache_is_never_followed(tmp_path, keys):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    outside = _fill(tmp_path / "outside" / f"{SLUG}-{'9' * 12}")  # looks like a version folder
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "data.txt").write_text("keep")
    old = cache / f"{SLUG}-{NOW}"
    (old / "link").symlink_to(precious)  # inside a folder prune removes
    (cache / outside.name).symlink_to(outside)  # a link named like an old version folder
    base = cache / f"{SLUG}{store.STAGES_SUFFIX}"
    (base / f"events-{'8' * 16}").symlink_to(outside)  # a link named like an old stage
    keys.change("events")
    _tree(cache, keys)
    status = _status(cache)
    assert status[outside.name].startswith("kept")
    assert status[f"{base.name}/events-{'8' * 16}"].startswith("kept")
    pruned = cache_admin.prune(cache)
    assert {e.path: e.size for e in pruned.removed}[old] == 1002 + 9  # the link's target: not
    assert not old.exists()
    assert (precious / "data.txt").read_text() == "keep"
    assert (outside / "segments").is_dir() and (cache / outside.name).is_symlink()
    assert (base / f"events-{'8' * 16}").is_symlink()
    assert cache_admin.folder_size(cache / outside.name)[0] == 0  # not followed for sizes


def test_prune_waits_for_a_build_holding_the_stages_lock(tmp_path, keys):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    keys.change("events")
    base = cache / f"{SLUG}{store.STAGES_SUFFIX}"
    old_stage = base / f"events-{'c' * 16}"
    with BuildLock(base / "build.lock"):
        refused = cache_admin.prune(cache, timeout=0.3)
    assert old_stage.is_dir()  # refused: the build's folders were not touched
    assert [e.path for e in refused.busy] == [old_stage] and "locked by" in refused.reasons[0]
    assert [e.path.name for e in refused.removed] == [f"{SLUG}-{NOW}"]  # its own lock was free
    lock = BuildLock(base / "build.lock")
    lock.acquire()
    threading.Timer(0.6, lock.release).start()
    said: list[str] = []
    start = time.monotonic()
    pruned = cache_admin.prune(cache, timeout=20, on_wait=said.append)
    assert time.monotonic() - start >= 0.5 and said and "waiting" in said[0]
    assert not old_stage.exists() and old_stage in {e.path for e in pruned.removed}


def test_prune_waits_for_a_build_of_an_old_version_folder(tmp_path, keys):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    keys.change("events")
    old = cache / f"{SLUG}-{NOW}"
    with BuildLock(old / "build.lock"):
        refused = cache_admin.prune(cache, timeout=0.3)
    assert (old / "segments").is_dir() and [e.path for e in refused.busy] == [old]
    assert cache_admin.prune(cache, timeout=1).freed > 0 and not old.exists()


def test_a_kill_mid_delete_leaves_only_a_temporary_that_the_next_prune_removes(
    tmp_path, keys, monkeypatch
):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    keys.change("parse")

    def killed(path, *args, **kwargs):
        raise KeyboardInterrupt  # the process dies after the rename, inside the delete

    with monkeypatch.context() as patch:
        patch.setattr(shutil, "rmtree", killed)
        with pytest.raises(KeyboardInterrupt):
            cache_admin.prune(cache)
    left = [e for e in cache_admin.scan(cache).entries if e.kind == "temporary"]
    assert len(left) == 1 and all(e.current is False for e in left)
    assert not (cache / f"{SLUG}-{NOW}").exists()  # unpublished: no half-deleted folder
    cache_admin.prune(cache)
    assert all(e.current for e in cache_admin.scan(cache).entries)


def test_stage_folders_of_an_unknown_pipeline_are_kept(tmp_path, keys):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    (cache / f"{SLUG}{store.STAGES_SUFFIX}" / staged.MODELS_FILE).unlink()
    keys.change("parse")
    status = _status(cache)
    stage_status = [s for p, s in status.items() if "/" in p]
    assert stage_status and all(s.startswith("kept") for s in stage_status)
    cache_admin.prune(cache)
    assert len(list((cache / f"{SLUG}{store.STAGES_SUFFIX}").glob("*-*"))) == 3


_NAMES = st.sampled_from(["parse", "mentions", "events"])
_FOLDERS = st.lists(
    st.one_of(
        st.tuples(st.just("version"), st.sampled_from([NOW, THEN, "1" * 12]), st.booleans()),
        st.tuples(st.just("stage"), _NAMES, st.sampled_from(["a", "b", "c", "d"])),
        st.tuples(
            st.just("other"), st.sampled_from(["notes", "x-" + "2" * 12, ".hidden"]), st.booleans()
        ),
    ),
    max_size=12,
)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(folders=_FOLDERS)
def test_prune_never_removes_a_current_or_unknown_folder(tmp_path_factory, keys, folders):
    """Any set of folders: after prune every current and unrecognised folder is there,
    unchanged, and no old one is."""
    cache = tmp_path_factory.mktemp("cache")
    base = cache / f"{SLUG}{store.STAGES_SUFFIX}"
    base.mkdir()
    (base / staged.MODELS_FILE).write_text(LABEL + "\n")
    for kind, a, b in folders:
        if kind == "version":
            folder = _fill(cache / f"{SLUG}-{a}") if not (cache / f"{SLUG}-{a}").exists() else None
            if folder is not None and b:
                (folder / "layout").write_text(store.LAYOUT)
        elif kind == "stage" and not (base / f"{a}-{b * 16}").exists():
            _fill(base / f"{a}-{b * 16}")
        elif kind == "other":
            (cache / a).mkdir(exist_ok=True)
            if b:
                (cache / a / "segments").mkdir(exist_ok=True)
    listing = cache_admin.scan(cache)
    kept = {
        e.path: cache_admin.folder_size(e.path) for e in listing.entries if e.current is not False
    }
    cache_admin.prune(cache)
    for path, size in kept.items():
        assert path.is_dir() and cache_admin.folder_size(path) == size
    assert all(not e.path.exists() for e in listing.old)
    current = {f"{n}-{k}" for n, k in keys.stage.items()}
    assert {p.name for p in base.iterdir() if p.is_dir()} <= current | {
        p.name for p in kept if p.parent == base
    }
    assert (cache / f"{SLUG}-{NOW}").exists() == any(
        k == "version" and a == NOW for k, a, _ in folders
    )


def test_the_build_warning_is_said_once_above_the_threshold(tmp_path, keys, monkeypatch, caplog):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    keys.change("parse")
    with caplog.at_level(logging.WARNING, logger="newslens.store"):
        assert cache_admin.say_old(cache) is None  # 4 kB of old folders: below
        monkeypatch.setattr(cache_admin, "WARN_OLD_BYTES", 3000)
        said = cache_admin.say_old(cache)
        assert said is not None and "newslens cache --prune" in said and "4 folder(s)" in said
        assert cache_admin.say_old(cache) is None  # once per process
    assert [r.getMessage() for r in caplog.records] == [said]


def test_the_cli_lists_prunes_and_gives_up_on_a_held_lock(tmp_path, keys, capsys):
    cache = tmp_path / "cache"
    _tree(cache, keys)
    keys.change("events")
    assert cli.main(["cache", "--cache", str(cache)]) == 0
    out = capsys.readouterr().out
    assert out.count(cache_admin.OLD) == 2 and out.count(cache_admin.CURRENT) == 2
    assert cli.main(["cache", "--cache", str(cache), "--dry-run"]) == 2
    base = cache / f"{SLUG}{store.STAGES_SUFFIX}"
    with BuildLock(base / "build.lock"):
        code = cli.main(["cache", "--cache", str(cache), "--prune", "--wait", "0.2"])
    out, err = capsys.readouterr()
    assert code == 1 and "locked by" in err and "kept toy_model_1.0-stages/events-" in out
    assert "freed 0.0 MB (1,011 bytes) in 1 folder(s)" in out  # the old version folder
    assert cli.main(["cache", "--cache", str(cache), "--prune"]) == 0
    out = capsys.readouterr().out
    assert out.count("removed ") == 1 and "freed 0.0 MB (1,002 bytes) in 1 folder(s)" in out
    assert cache_admin.scan(cache).old == []


def test_a_build_after_prune_serves_the_same_tables(tmp_path, code, corpus, model):  # noqa: F811
    """A real build, an edit of the event rules' data, a second build: the first build's
    version folder and events folder are old, the parse and mentions folders current;
    prune removes the two, and the next build reads the same tables from what is left,
    equal to a clean build's."""
    cache = tmp_path / "cache"
    build(corpus, cache, model)
    _touch(code / "data" / "event_lexicon.csv")
    second = build(corpus, cache, model)
    old = {(e.kind, e.path.name.split("-")[0]) for e in cache_admin.scan(cache).old}
    assert len(old) == 2 and ("stage", "events") in old
    assert all(
        e.current for e in cache_admin.scan(cache).entries if e.path.name.startswith("parse-")
    )
    pruned = cache_admin.prune(cache)
    assert len(pruned.removed) == 2 and cache_admin.scan(cache).old == []
    again = build(corpus, cache, model)
    assert again.processed == 0
    assert_same_tables(second, again)
    (current,) = [e.path for e in cache_admin.scan(cache).entries if e.kind == "version"]
    shutil.rmtree(current)  # the next build must derive every table from the stage folders
    derived = build(corpus, cache, model)
    assert derived.processed == len(derived.documents)
    assert_same_tables(second, derived)
    assert_same_tables(derived, build(corpus, tmp_path / "clean", model))
