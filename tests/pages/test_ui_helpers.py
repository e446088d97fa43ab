"""ui.config and ui.uploads: startup options, corpus references, upload checks (no Streamlit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui import config, uploads
from ui.uploads import MB, UploadLimits


def test_startup_options_from_argv_then_env_then_defaults(tmp_path: Path) -> None:
    env = {"NEWSLENS_CORPUS": str(tmp_path), "NEWSLENS_MODEL": "rule-based"}
    s = config.parse_startup(["--cache", str(tmp_path / "c")], env)
    assert s.corpus == tmp_path and s.model == "rule-based" and s.cache_dir == tmp_path / "c"
    s = config.parse_startup(["--corpus", "seeds", "--model", "x", "-k", "junk"], env)
    assert s.corpus == config.REPO / "seeds" and s.model == "x"
    s = config.parse_startup([], {})
    assert s.corpus == config.DEFAULT_CORPUS and s.model is None
    assert s.cache_dir.is_absolute()


def test_refs(tmp_path: Path) -> None:
    start = config.Startup(corpus=tmp_path / "seed", model=None, cache_dir=tmp_path / "cache")
    assert config.resolve_ref("", start, []) == start.corpus
    assert config.resolve_ref(str(start.corpus), start, []) == start.corpus  # its own path
    with pytest.raises(config.RefError, match="not a valid upload id"):
        config.resolve_ref("upload-../../etc", start, [])
    with pytest.raises(config.RefError, match="not found"):
        config.resolve_ref("upload-0123456789abcdef", start, [])
    (tmp_path / "cache" / "uploads" / "upload-0123456789abcdef").mkdir(parents=True)
    assert config.resolve_ref("upload-0123456789abcdef", start, []).name.startswith("upload-")
    with pytest.raises(config.RefError, match="disabled"):
        config.resolve_ref("/etc", start, [])


def test_allowed_roots_parsing(tmp_path: Path) -> None:
    roots = config.allowed_roots({"NEWSLENS_ALLOWED_ROOTS": f"{tmp_path}: :/srv/x"})
    assert roots == [tmp_path.resolve(), Path("/srv/x").resolve()]
    assert config.allowed_roots({}) == []


def test_list_folders_skips_hidden_and_symlinked(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "link").symlink_to("/etc")
    assert config.list_folders([tmp_path, tmp_path / "missing"]) == [tmp_path, tmp_path / "news"]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("story.txt", "story.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\news.csv", "news.csv"),
        (".hidden.txt", "hidden.txt"),
        ("we<ird>|name?.md", "we_ird_name_.md"),
        ("", "file"),
    ],
)
def test_safe_filename(name: str, safe: str) -> None:
    assert uploads.safe_filename(name) == safe


def test_check_upload_reports_every_problem() -> None:
    limits = UploadLimits(max_files=2, max_file_bytes=1 * MB, max_total_bytes=2 * MB)
    assert uploads.check_upload([("a.txt", 10), ("b.zip", 10)], limits) == []
    problems = uploads.check_upload([("a.txt", 2 * MB), ("b.exe", 10), ("c.csv", MB)], limits)
    text = " ".join(problems)
    assert "at most 2" in text and "b.exe: unsupported" in text
    assert "a.txt: 2.0 MB is over the 1 MB limit" in text and "in total" in text
    assert uploads.check_upload([], limits) == ["No files were chosen."]


def test_limits_from_env() -> None:
    limits = UploadLimits.from_env(
        {"NEWSLENS_UPLOAD_MAX_FILES": "3", "NEWSLENS_UPLOAD_MAX_FILE_MB": "0.5",
         "NEWSLENS_UPLOAD_MAX_TOTAL_MB": "nonsense"}
    )  # fmt: skip
    assert limits.max_files == 3 and limits.max_file_bytes == MB // 2
    assert limits.max_total_bytes == UploadLimits().max_total_bytes


def test_save_upload_is_content_addressed(tmp_path: Path) -> None:
    limits = UploadLimits()
    files = [("b.txt", b"Berlin."), ("a/../a.txt", b"Athens."), ("A.TXT", b"again")]
    ref = uploads.save_upload(files, tmp_path, limits)
    folder = tmp_path / "uploads" / ref
    assert sorted(p.name for p in folder.iterdir()) == ["A-2.TXT", "a.txt", "b.txt"]
    assert uploads.save_upload(list(reversed(files)), tmp_path, limits) == ref
    assert config.is_upload_ref(ref)
    assert not [p for p in (tmp_path / "uploads").iterdir() if p.name.startswith(".tmp")]
    with pytest.raises(ValueError, match="unsupported"):
        uploads.save_upload([("x.exe", b"MZ")], tmp_path, limits)


def test_one_build_shared_by_concurrent_sessions() -> None:
    """Two sessions opening the same corpus: one builds, the other waits and sees progress."""
    import threading
    import time

    from analysis.runtime import BuildProgress
    from ui.state import _BuildSlot

    slot = _BuildSlot()
    builds: list[int] = []
    seen: dict[str, list[int]] = {"a": [], "b": []}
    started = threading.Event()

    def build(report):  # the first session's build: slow, reporting progress
        builds.append(1)
        for done in range(1, 4):
            report(BuildProgress(done, 3, done * 0.1))
            started.set()
            time.sleep(0.4)
        return object()

    results = {}

    def session(name: str) -> None:
        results[name] = slot.run(build, lambda p: seen[name].append(p.done))

    first = threading.Thread(target=session, args=("a",))
    first.start()
    started.wait(5)
    second = threading.Thread(target=session, args=("b",))
    second.start()
    first.join(10)
    second.join(10)
    assert builds == [1]
    assert results["a"] is results["b"]
    assert seen["a"] == [1, 2, 3] and seen["b"]  # the waiting session watched the progress
