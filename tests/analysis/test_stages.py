"""The stage registry (analysis.stages): every module and data file is in a key, each
stage's key changes with exactly what shapes it, and the package versions it hashes
cover every third-party package its code imports."""

from __future__ import annotations

import json
import shutil
import sys
from importlib import metadata
from pathlib import Path

import pytest

from analysis import derived_cache, stages

REPO = Path(__file__).resolve().parents[2]
MODEL = "some_pipeline 1.0"


@pytest.fixture
def code(tmp_path, monkeypatch) -> Path:
    """A private copy of the analysis package, to edit; its files count as settled at once,
    so the keys are memoised per state of the files (derived_cache.memo_by_tree) and each
    edit below must be seen by the memo too."""
    monkeypatch.setattr(derived_cache, "SETTLED_SECONDS", 0.0)
    root = tmp_path / "code" / "analysis"
    shutil.copytree(REPO / "analysis", root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _touch(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\n")


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


def test_every_module_is_in_a_stage_or_declared_not_shaping() -> None:
    assert stages.unkeyed_modules() == []


def test_a_new_module_in_no_stage_is_reported(code) -> None:
    (code / "countries" / "brand_new.py").write_text("RULES = 1\n")  # imported by nobody
    (code / "helper.py").write_text("X = 1\n")
    assert stages.unkeyed_modules(code) == ["analysis.countries.brand_new", "analysis.helper"]
    # imported by a module of the mentions stage: in its key from then on
    lexicon = code / "countries" / "lexicon.py"
    lexicon.write_text(lexicon.read_text() + "\nfrom analysis.countries import brand_new\n")
    assert stages.unkeyed_modules(code) == ["analysis.helper"]
    names = [p.name for p in stages.stage_files(stages.stage("mentions"), code)]
    assert "brand_new.py" in names


def test_every_data_file_is_read_by_a_stage_or_declared() -> None:
    assert stages.unread_data_files() == []


def test_a_data_file_no_module_names_is_reported(code) -> None:
    (code / "data" / "new_list.txt").write_text("a\nb\n")
    assert stages.unread_data_files(code) == ["new_list.txt"]


@pytest.mark.parametrize("rule_based", [False, True], ids=["trained", "rule-based"])
@pytest.mark.parametrize("stage", stages.STAGES, ids=stages.STAGE_NAMES)
def test_a_stage_hashes_every_package_its_code_imports(stage, rule_based) -> None:
    files = stages.module_files()
    owners = metadata.packages_distributions()
    imported = set()
    stop = () if rule_based else stage.rule_based_only
    hashed = stage.packages + (stage.rule_based_packages if rule_based else ())
    for name in stages.closure(stage.modules, stop=stop):
        for target in stages.imports_of(files[name]):
            top = target.split(".")[0]
            if top not in sys.stdlib_module_names and top not in {"analysis", "__future__"}:
                imported |= {d.lower() for d in owners.get(top, [top])}
    assert imported - {p.lower() for p in hashed} == set()


def test_a_country_data_file_changes_the_mentions_and_events_keys_only(code) -> None:
    before = stages.stage_keys(MODEL, code)
    _touch(code / "data" / "country_lexicon.json")
    assert _changed(before, stages.stage_keys(MODEL, code)) == {"mentions", "events"}


def test_a_speech_verb_added_to_the_lexicon_changes_the_mentions_and_events_keys(code) -> None:
    # person_places' verbs of speech are data (country_lexicon.json), not code.
    path = code / "data" / "country_lexicon.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    before = stages.stage_keys(MODEL, code)
    data["speech_verbs"].append("whispered")
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    assert _changed(before, stages.stage_keys(MODEL, code)) == {"mentions", "events"}


def test_a_country_module_changes_the_mentions_and_events_keys_only(code) -> None:
    before = stages.stage_keys(MODEL, code)
    _touch(code / "countries" / "scoring.py")
    assert _changed(before, stages.stage_keys(MODEL, code)) == {"mentions", "events"}


def test_an_event_rule_file_changes_the_events_key_only(code) -> None:
    before = stages.stage_keys(MODEL, code)
    _touch(code / "data" / "event_lexicon.csv")
    assert _changed(before, stages.stage_keys(MODEL, code)) == {"events"}
    _touch(code / "events" / "extract.py")
    assert _changed(before, stages.stage_keys(MODEL, code)) == {"events"}


def test_a_parse_change_changes_every_key(code) -> None:
    before = stages.stage_keys(MODEL, code)
    _touch(code / "nlp.py")
    assert _changed(before, stages.stage_keys(MODEL, code)) == set(stages.STAGE_NAMES)
    assert _changed(before, stages.stage_keys("other_pipeline 1.0", code)) == set(
        stages.STAGE_NAMES
    )


def test_presentation_and_read_time_modules_change_no_key(code) -> None:
    before = stages.stage_keys(MODEL, code)
    for module in ("present/summary.py", "filters.py", "tables.py", "store.py"):
        _touch(code / module)
    (code / "data" / "README.md").write_text("notes only")
    assert stages.stage_keys(MODEL, code) == before


def test_the_gazetteer_shapes_the_parse_of_the_rule_based_pipeline_only(code) -> None:
    trained = stages.stage_keys(MODEL, code)
    rule_based = stages.stage_keys(MODEL, code, rule_based=True)
    _touch(code / "data" / "country_aliases.json")
    assert _changed(trained, stages.stage_keys(MODEL, code)) == {"mentions", "events"}
    assert _changed(rule_based, stages.stage_keys(MODEL, code, rule_based=True)) == set(
        stages.STAGE_NAMES
    )


@pytest.mark.parametrize(
    ("package", "changed"),
    [
        ("spacy", {"parse", "mentions", "events"}),
        ("dateparser", {"mentions", "events"}),
        ("pycountry", {"mentions", "events"}),
    ],
)
def test_a_package_version_changes_the_keys_of_the_stages_it_shapes(
    package, changed, monkeypatch
) -> None:
    before = stages.stage_keys(MODEL)
    real = stages.package_version
    monkeypatch.setattr(stages, "package_version", lambda n: "0.0" if n == package else real(n))
    assert _changed(before, stages.stage_keys(MODEL)) == changed


def test_a_rule_based_parse_key_follows_the_gazetteers_packages(monkeypatch) -> None:
    """The rule-based pipeline's entity ruler is built from the gazetteer packages: a new
    version of one selects a new parse key for that pipeline, not for a trained one."""
    before = {rb: stages.stage_keys(MODEL, rule_based=rb) for rb in (False, True)}
    real = stages.package_version
    monkeypatch.setattr(stages, "package_version", lambda n: "9.9" if n == "pycountry" else real(n))
    assert stages.stage_keys(MODEL, rule_based=True)["parse"] != before[True]["parse"]
    assert stages.stage_keys(MODEL, rule_based=False)["parse"] == before[False]["parse"]


def test_a_stored_scan_of_another_scanner_is_never_read(monkeypatch, tmp_path) -> None:
    """Scans are kept on disk by content; the scanner's own fingerprint is in the key, so a
    changed scanner (or Python) reads the module again instead of an old scan."""
    module = tmp_path / "m.py"
    module.write_text("import json\n")
    first = stages._scan(module)
    stages._scanner_key.cache_clear()
    monkeypatch.setattr(stages, "_scanner_key", lambda: "another scanner")
    monkeypatch.setattr(stages, "_parse", lambda data: (frozenset({"changed"}), ()))
    assert stages._scan(module) != first


def test_the_python_release_is_in_every_key(monkeypatch) -> None:
    """A venv rebuilt on another Python (other Unicode tables: unicodedata, str methods)
    reads no stage or version folder made by the old one; a patch release keeps them."""
    from analysis import store

    keys, version = stages.stage_keys("m 1"), store.analysis_version()
    major, minor = sys.version_info[:2]
    monkeypatch.setattr(sys, "version_info", (major, minor, 99, "final", 0))
    assert store.python_release() == f"python=={major}.{minor}"
    assert (stages.stage_keys("m 1"), store.analysis_version()) == (keys, version)
    monkeypatch.setattr(sys, "version_info", (3, 99, 0, "final", 0))
    assert store.python_release() == "python==3.99"
    other = stages.stage_keys("m 1")
    assert all(other[name] != keys[name] for name in stages.STAGE_NAMES)
    assert store.analysis_version() != version
