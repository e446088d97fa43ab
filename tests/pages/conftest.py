"""AppTest helpers: the real dashboard on a fixture corpus, with a temporary cache."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from ui import first_paint

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
FIXTURE = ROOT / "tests" / "fixtures" / "news"


@pytest.fixture(autouse=True)
def _navigation_as_in_a_running_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AppTest route pages through dashboard.py, as a running server does.

    With a ``pages/`` folder next to the entry script, Streamlit starts in its old
    pages-folder mode until the first ``st.navigation`` call switches it off for the
    rest of the process. AppTest resets that flag before every run, so after
    ``switch_page`` it would run the page file alone, without the router and sidebar.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(scope="session", autouse=True)
def _one_component_scan_per_session() -> Iterator[None]:
    """Scan the installed packages for Streamlit components once per session, as a running
    server does once per process.

    Each AppTest makes its own component registry and reads the metadata of every installed
    distribution to find component manifests (about 0.15 s of CPU each time, for ~100
    AppTests in the quick loop). The installed packages do not change while tests run, so
    the first scan's result is the answer for every AppTest.
    """
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    found: list = []

    def scan_once(max_workers: int | None = None) -> list:
        if not found:
            found.append(scan(max_workers))
        return list(found[0])

    patch = pytest.MonkeyPatch()
    patch.setattr(manifest_scanner, "scan_component_manifests", scan_once)
    yield
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def _one_compile_per_script() -> Iterator[None]:
    """Compile each page script once per session, as a running server does once per
    process (its ScriptCache lives as long as the server and is cleared when a file changes).

    Each ``AppTest.run`` makes two new ScriptCaches, so every run read, rewrote (Streamlit's
    "magic" AST pass) and compiled dashboard.py and the page it opens again: ~5-10 ms of CPU
    per run, for ~400 runs in the quick loop. Here the bytecode is kept per path *and
    content* (and the magic option), so a script edited or written by a test is compiled
    anew; the code that runs is the same compile of the same text.
    """
    from streamlit import config
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    compiled: dict[tuple[str, bytes, bool], object] = {}

    class SessionScriptCache(ScriptCache):
        def get_bytecode(self, script_path: str) -> object:
            path = os.path.abspath(script_path)
            with open(path, "rb") as f:
                key = (path, f.read(), bool(config.get_option("runner.magicEnabled")))
            if key not in compiled:
                compiled[key] = super().get_bytecode(path)
            return compiled[key]

    patch = pytest.MonkeyPatch()
    for module in (app_test, local_script_runner):
        patch.setattr(module, "ScriptCache", SessionScriptCache)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One analysis cache for the whole test session (builds are shared, as in production)."""
    return tmp_path_factory.mktemp("newslens-cache")


@pytest.fixture(autouse=True)
def _fresh_workspaces(cache_dir: Path) -> Iterator[None]:
    """Alias edits persist in the cache's workspaces (as in production): each test starts
    and ends without any, so one test's edits never show up in another's counts."""
    import shutil

    shutil.rmtree(cache_dir / "workspaces", ignore_errors=True)
    yield
    shutil.rmtree(cache_dir / "workspaces", ignore_errors=True)


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> Iterator[Callable[..., AppTest]]:
    """``open_app(corpus, model=..., params=..., page=...)``: an AppTest after its first run.

    With ``page``, the first run opens that page, as a link to it does (the router and the
    sidebar run as on every page); without, the first page (Overview). ``painted=True``
    (the default) opens it as a browser sees it once its first chart has painted
    (ui.first_paint: AppTest runs no JavaScript, so the gate never reports; the gated
    first run is tested on its own in test_first_paint.py).
    """

    def _open(
        corpus: Path = FIXTURE,
        *,
        model: str = "rule-based",
        params: dict[str, str | list[str]] | None = None,
        page: str | None = None,
        painted: bool = True,
    ) -> AppTest:
        monkeypatch.setenv("NEWSLENS_CACHE", str(cache_dir))
        monkeypatch.setenv("NEWSLENS_CORPUS", str(corpus))
        monkeypatch.setenv("NEWSLENS_MODEL", model)
        monkeypatch.delenv("NEWSLENS_ALLOWED_ROOTS", raising=False)
        at = AppTest.from_file(DASHBOARD, default_timeout=120)
        if painted:
            at.session_state[first_paint.PAINTED] = True
        for key, value in (params or {}).items():
            at.query_params[key] = value
        if page is not None:  # the pages' url paths are their file names (dashboard.py)
            at.switch_page(page)
        at.run()
        return at

    yield _open


@pytest.fixture
def fries(tmp_path: Path) -> Path:
    """One story whose countries change with the demonym-modifier rule alone: "French
    cuisine" (a culture noun, no WordNet compound; "French fries" is also one of rule
    lexical_compounds since branch ctry12)."""
    corpus = tmp_path / "fries"
    corpus.mkdir()
    (corpus / "diner.txt").write_text(
        "Officials in Iran met in Tehran. Iran served French cuisine at the talks, "
        "and the French cuisine was cold.\n",
        encoding="utf-8",
    )
    return corpus
