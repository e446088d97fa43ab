"""Countries: a world map, top countries, co-mentions, mentions over time, and per-country
evidence (sentences, surface forms with their rules), under switchable country rules."""

import json

import pandas as pd
import streamlit as st

from analysis.countries import (
    CONFIDENT,
    PLAUSIBLE,
    RULE_MEANING,
    ContextRules,
    CountryRules,
    changed_rules,
    country_cooccurrence,
    explain_country,
    form_evidence,
    mapped_mentions,
    mentions_by_date,
    readings_summary,
)
from analysis.countries import surface_forms as country_forms
from analysis.countries.rule_specs import spec_of
from analysis.geo_sources import country_name
from analysis.places import place_table
from analysis.present.charts import countries as charts
from analysis.present.charts import places as place_charts
from ui import country_rules, state, view_params, widgets
from ui.text import md

PICK = "countries-pick"  # the selected country (ISO3), set by the select or a chart click
PLACE = "countries-place-pick"  # the selected place (place id), by the select or a map click
SHOWN_DOCUMENTS = 25  # documents whose sentences are drawn; the download has them all


EVIDENCE = {
    0.0: "Any mention",
    PLAUSIBLE: "Plausible or better",
    CONFIDENT: "Confident only",
}
EVIDENCE_HELP = (
    "When a document counts for a country. Confident: an unambiguous name or place, or "
    'two or more mentions. Plausible: also demonyms alone ("Iranian officials") or one '
    'country name shared with a place elsewhere ("Jordan"). Any: also one mention of a '
    'city or region other countries share ("Alexandria").'
)


@st.cache_data(max_entries=32, ttl=3600, show_spinner="Mapping countries…")
def country_mentions(
    key: str,
    _mentions: pd.DataFrame,
    _documents: pd.DataFrame,
    _sentences: pd.DataFrame,
    rules: CountryRules,
    context: ContextRules,
    min_confidence: float,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """analysis.countries.mapped_mentions (counted, apart), cached per corpus ``key`` and
    switches."""
    found = mapped_mentions(_mentions, _documents, _sentences, rules=rules, context=context,
                            min_confidence=min_confidence)  # fmt: skip
    return found.counted, found.apart


def _pick_place(event: dict) -> None:
    ids = place_charts.selected_places(event)
    if ids:
        st.session_state[PLACE] = ids[0]


def _draw_sentences(contexts: pd.DataFrame) -> None:
    """Each document's KWIC lines (analysis.present.charts.countries.country_contexts) under a
    link to it, the first SHOWN_DOCUMENTS documents."""
    doc_ids = list(dict.fromkeys(contexts["doc_id"]))
    if len(doc_ids) > SHOWN_DOCUMENTS:
        st.caption(f"The first {SHOWN_DOCUMENTS} of {len(doc_ids):,} documents; "
                   "download the sentences for all of them.")  # fmt: skip
    for doc_id in doc_ids[:SHOWN_DOCUMENTS]:
        rows = contexts[contexts["doc_id"] == doc_id]
        first = rows.iloc[0]
        title = first["title"] if pd.notna(first["title"]) else "Untitled"
        date = f" · {first['date']}" if pd.notna(first["date"]) else ""
        st.page_link("pages/documents.py", label=md(f"{title}{date}"), icon=":material/article:",
                     query_params=state.link_params(doc=str(doc_id)))  # fmt: skip
        st.html(charts.kwic_html(rows))


def _pick(event: dict) -> None:
    codes = charts.selected_countries(event)
    if codes:
        st.session_state[PICK] = codes[0]


st.title("Countries")
corpus = state.filtered()

rules, context = country_rules.in_force()  # the URL's ``rules`` (the CLI's --rules spec)
with st.expander("Country rules", icon=":material/tune:"):
    st.caption(
        "How a place mention becomes a country. Switch a rule off to see what the counts "
        "rest on; every chart, table and download below follows, and the address keeps "
        "the switches (`rules=`, the same spec as the command line's `--rules`)."
    )
    country_rules.draw_toggles()
    evidence = st.segmented_control(
        "Count a country in a document on", list(EVIDENCE), default=0.0, required=True,
        format_func=EVIDENCE.get, **view_params.bound("evidence"), help=EVIDENCE_HELP,
    )  # fmt: skip
if country_rules.ignored():
    st.warning(
        "The link names country rules this version cannot switch; they were ignored: "
        + md(", ".join(country_rules.ignored())),
        icon=":material/link_off:",
    )
changed = changed_rules(rules, context)  # away from the defaults: what ``spec`` writes
spec = spec_of(rules, context)
# downloads made under switched rules say so in their file name and help
ruled = f" (rules {spec})" if spec else ""

key = state.corpus_token(corpus) + json.dumps(state.filters().to_params(), sort_keys=True)
mapped, apart = country_mentions(
    key,
    corpus.table("mentions"),
    corpus.table("documents"),
    corpus.table("sentences"),
    rules,
    context,
    evidence,
)
table = charts.country_overview(mapped)
if changed:
    states = ", ".join(f"{rule.label} {'on' if on else 'off'}" for rule, on in changed)
    st.caption(f"Rules changed from their defaults: {states} (`rules={spec}`).")
if evidence:
    st.caption(f"Counting only documents with {EVIDENCE[evidence].lower()} evidence "
               "for a country (see Country rules).")  # fmt: skip
if table.empty:
    widgets.empty_state(
        "No place in the documents under the current filters maps to a country"
        + (" with these rules." if changed else ".")
    )
    state.end_page()
st.caption(
    f"{len(table):,} countries · {int(table['mentions'].sum()):,} mentions in "
    f"{mapped['doc_id'].nunique():,} of {len(corpus.documents):,} documents."
)

# ---------------------------------------------------------------- map and top countries
value_col, scale_col = st.columns([1, 3], vertical_alignment="bottom")
value = value_col.radio("Colour by", ["mentions", "documents"], **view_params.bound("colour"),
                        horizontal=True, format_func=str.capitalize)  # fmt: skip
log = scale_col.toggle("Log scale", **view_params.bound("log"))
widgets.chart(charts.world_map(table, value=value, log=log), "countries-map", on_select=_pick)
st.caption("Click a country on the map or a bar to see its sentences and surface forms.")
left, right = st.columns([2, 3])
with left:
    st.subheader("Top countries")
    widgets.chart(charts.country_bar(table), "countries-bar", on_select=_pick)
with right:
    st.subheader("All countries")
    widgets.table(table, "countries", key="countries-table", note=ruled, column_config={
        "iso3": "ISO3", "name": "Country", "mentions": "Mentions", "documents": "Documents",
        "forms": st.column_config.TextColumn("Written as"),
    })  # fmt: skip

# ---------------------------------------------------------------- one country
st.header("Country details")
codes = table["iso3"].tolist()
if st.session_state.get(PICK) not in codes:
    st.session_state[PICK] = None  # picked under other filters or rules
iso3 = st.selectbox("Country", codes, key=PICK, index=None, placeholder="Pick a country…",
                    format_func=lambda c: f"{country_name(c)} ({c})")  # fmt: skip
if iso3 is not None:
    row = table[table["iso3"] == iso3].iloc[0]
    name = str(row["name"])
    a, b, c = st.columns([1, 1, 2], vertical_alignment="bottom")
    a.metric("Mentions", f"{int(row['mentions']):,}")
    b.metric("Documents", f"{int(row['documents']):,}")
    if state.filters().countries == (iso3,):
        c.button("Remove the country filter", key="countries-unfilter",
                 icon=":material/filter_alt_off:", on_click=state.set_filter,
                 args=("countries", None), kwargs={"rerun": False})  # fmt: skip
    else:
        c.button("Filter everything to this country", key="countries-filter",
                 icon=":material/filter_alt:", on_click=state.set_filter,
                 args=("countries", [iso3]), kwargs={"rerun": False})  # fmt: skip

    st.subheader(f"How {md(name)} is written")
    forms = country_forms(mapped, iso3)
    widgets.table(forms, f"surface forms of {name}",
                  key="countries-forms", note=ruled, column_config={
                      "text": "Surface form", "rule": "Rule", "mentions": "Mentions"})  # fmt: skip
    used = [r for r in RULE_MEANING if r in set(forms["rule"].dropna())]
    if used:
        st.caption("  \n".join(f"**{r}**: {RULE_MEANING[r]}" for r in used))
    # the documents whose sentences are drawn below: the evidence view explains the same
    contexts = charts.country_contexts(mapped, corpus.table("sentences"), corpus.documents, iso3)
    shown = list(dict.fromkeys(contexts["doc_id"]))[:SHOWN_DOCUMENTS]
    with st.expander("Evidence and alternatives", icon=":material/fact_check:"):
        st.caption("Per surface form: the reading that won, what it rests on, and the "
                   "other countries the same words could name.")  # fmt: skip
        widgets.table(form_evidence(mapped, iso3), f"evidence for {name}",
                      key="countries-evidence-table", note=ruled, column_config={
                          "text": "Surface form", "rule": "Rule", "evidence": "Evidence",
                          "alternatives": "Alternatives", "mentions": "Mentions"})  # fmt: skip
        st.caption("Per mention, in the documents whose sentences are shown below: the "
                   "reading that won with its evidence and score (the document's: co-mentions, a "
                   "named state; the mention's own: a qualifier after a comma, a person's "
                   "name, an organisation's name, a disputed region), and every other "
                   "reading with theirs. Kind says whether a row counts: mentions set "
                   "aside as a person or a disputed region, or set aside after scoring by "
                   "a rule (named, with its meaning and the reading it replaced), are "
                   "listed with no country and count for none; a reading a rule changed "
                   "after scoring names that rule.")  # fmt: skip
        readings = explain_country(corpus.table("mentions"), corpus.table("documents"),
                                   mapped, iso3, rules=rules, context=context,
                                   doc_ids=shown)  # fmt: skip
        readings = charts.with_documents(readings, corpus.documents)
        widgets.table(readings, f"readings of mentions of {name}",
                      key="countries-readings-table", note=ruled, column_config={
                          "doc_id": None,
                          "title": st.column_config.TextColumn("Document", width="medium"),
                          "date": st.column_config.TextColumn("Date", width="small"),
                          "start": "At", "text": "Written as",
                          "iso3": "Country", "kind": "Kind", "rule": "Rule",
                          "evidence": "Evidence (won)",
                          "alternatives": "Alternatives"})  # fmt: skip
        if not readings.empty:
            st.caption(md(readings_summary(readings, name)))

    st.subheader(f"Sentences naming {md(name)}")
    if contexts.empty:
        widgets.empty_state("No sentences found for this country.", clear_filters=False)
    else:
        _draw_sentences(contexts)
        widgets.download_table(
            contexts, f"sentences naming {name}", key="countries-sentences", note=ruled
        )

# ---------------------------------------------------------------- places
st.header("Places")
places = place_table(mapped, iso3)  # the picked country's places; every place when none
where = f"in {name}, the country picked above" if iso3 is not None else "inside the countries above"
if places.empty:
    st.caption("No mention under the current filters and rules names a city, town, county "
               f"or region {md(where)}.")  # fmt: skip
else:
    st.caption(f"{len(places):,} cities, towns, counties and regions {md(where)}, each a "
               "GeoNames place: namesakes in different countries or regions are different "
               "rows. Points are sized by mentions; click one for its sentences."
               + (" Pick no country to see every country's places." if iso3 else ""))  # fmt: skip
    widgets.chart(place_charts.places_map(places), "countries-places-map", on_select=_pick_place)
    widgets.table(places[place_charts.TABLE_COLUMNS],
                  f"places in {name}" if iso3 is not None else "places",
                  key="countries-places-table",
                  note=ruled,
                  column_config={
                      "label": "Place", "kind": "Kind", "country": "Country",
                      "mentions": "Mentions", "documents": "Documents", "lat": "Latitude",
                      "lon": "Longitude", "place_id": "GeoNames id", "iso3": "ISO3",
                      "name": "Name", "admin": "Region"})  # fmt: skip
    labels = dict(zip(places["place_id"], places["label"], strict=True))
    counted = dict(zip(places["place_id"], places["mentions"].astype(int), strict=True))
    if st.session_state.get(PLACE) not in labels:
        st.session_state[PLACE] = None  # picked under other filters, rules or country
    place_id = st.selectbox("Place", list(labels), key=PLACE, index=None,
                            placeholder="Pick a place…",
                            format_func=lambda i: f"{labels.get(i, i)} · {counted.get(i, 0):,} "
                                                  "mentions")  # fmt: skip
    if place_id is not None:
        place_name = str(labels[place_id])
        st.subheader(f"Sentences naming {md(place_name)}")
        contexts = place_charts.place_contexts(mapped, corpus.table("sentences"),
                                               corpus.documents, place_id)  # fmt: skip
        _draw_sentences(contexts)
        widgets.download_table(contexts, f"sentences naming {place_name}",
                               key="countries-place-sentences", note=ruled)  # fmt: skip

if not apart.empty:
    st.header("Counted apart")
    st.caption("Places named inside an organisation's name (its home, not a place the "
               "story names), disputed regions and former states that split into "
               "several (the Soviet Union): shown, counted for no country.")  # fmt: skip
    widgets.table(apart, "places counted apart", key="countries-apart", note=ruled,
                  column_config={
        "text": "Written as", "kind": "Kind", "countries": "Country, claimants or successors",
        "mentions": "Mentions", "documents": "Documents"})  # fmt: skip

# ---------------------------------------------------------------- pairs and time
st.header("Countries named together")
by = st.radio("Named in the same", ["sentence", "document"], **view_params.bound("pairs"),
              horizontal=True)  # fmt: skip
pairs = country_cooccurrence(mapped, by=by)
if pairs.empty:
    st.caption(f"No two countries are named in the same {by}.")
else:
    widgets.chart(charts.cooccurrence_heatmap(pairs), "countries-heatmap")
    widgets.download_table(charts.named_pairs(pairs), f"country pairs by {by}",
                           key="countries-pairs", note=ruled)  # fmt: skip

st.header("Mentions over time")
TIME = "countries-time"
if TIME not in st.session_state:
    st.session_state[TIME] = codes[:3]
else:
    st.session_state[TIME] = [c for c in st.session_state[TIME] if c in codes]
chosen = st.multiselect("Countries", codes, key=TIME,
                        format_func=lambda c: f"{country_name(c)} ({c})")  # fmt: skip
period = st.radio("Per", ["day", "month", "year"], index=1, **view_params.bound("period"),
                  horizontal=True)  # fmt: skip
every_country = mentions_by_date(mapped, corpus.documents, period=period)
over_time = every_country[every_country["iso3"].isin(chosen)]
if over_time.empty:
    st.caption("Pick countries named in dated documents to draw their mentions over time.")
else:
    widgets.chart(charts.mentions_over_time(every_country, countries=chosen),
                  "countries-time-chart")  # fmt: skip
    widgets.download_table(
        over_time, f"country mentions per {period}", key="countries-over-time", note=ruled
    )
