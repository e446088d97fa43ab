"""The tables a built corpus is: :class:`Corpus` and the corpus-level passes that derive
its aggregates from the per-document tables.

Light on purpose (pandas and the table rules; never spaCy, Dask or Streamlit): the pages,
filters, summary, exports and user aliases import it to read and re-derive a corpus, and
only :mod:`analysis.build` runs the NLP. The layers read: corpus in (analysis.corpus) ->
NLP (analysis.pipeline) -> tables (here, stored by analysis.store) -> presentation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis import schema
from analysis.runtime import mark

if TYPE_CHECKING:
    from analysis.beside import Beside

# analysis.countries, daily, entities, events and places (their rule data take a good
# part of a second to import) are imported where a pass runs, not here: reading a built
# corpus, e.g. the dashboard's first page on a restarted server, needs none of them.

#: The tables a snapshot stores (besides documents and skipped, which the loader gives).
SNAPSHOT_TABLES = (
    "sentences",
    "mentions",
    "events",
    "merged_events",
    "entities",
    "countries",
    "cooccurrences",
    "entity_days",
    "country_days",
    "country_confidence",
    "stories",
    "places",
)


@dataclass
class Corpus:
    """Every table of one analysed corpus, plus what produced it."""

    path: str
    model: str
    key: str
    documents: pd.DataFrame
    skipped: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    warning: str | None = None
    processed: int = 0  # documents whose per-document tables this build made (0 when cached)
    aliases: str = ""  # the user's alias edits applied, as an aliases CSV (analysis.aliases)
    # The country rules the mentions and countries tables were mapped under, as a spec
    # ("-demonyms,-strays", analysis.countries.rule_specs.spec_of); "" for the defaults.
    rules: str = ""
    repairs: list[str] = field(default_factory=list)  # damaged cache parts rebuilt now
    # True once analysis.present.exports.shareable made its paths relative to the corpus.
    shared: bool = False

    def table(self, name: str) -> pd.DataFrame:
        """The table ``name`` (any key of analysis.schema.TABLES)."""
        if name == "documents":
            return self.documents
        if name == "skipped":
            return self.skipped
        return self.tables[name]


def prepare(documents: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The part of :func:`assemble` that needs the documents only, done ahead of the NLP
    results: the corpus passes' modules imported, their place tables and the gazetteer
    loaded, and the STORIES table (near-duplicates: texts and dates only).

    The build runs it in its parent process while the worker processes run the NLP (the
    parent otherwise only waits there), so this work leaves the serial tail of the build;
    hand the result to :func:`assemble` as ``early``. In: DOCUMENTS. Out: {"stories": ...}.
    """
    _preload_passes()
    from analysis import stories

    return {"stories": stories.story_table(documents)}


#: Modules the corpus passes import where they run (datasketch and scipy through
#: stories; rapidfuzz through resolve; pyarrow.acero, which pandas loads on the first
#: arrow-backed join; beside and multiprocessing for the events merge's fork).
PASS_MODULES = (
    *(f"analysis.{name}" for name in ("canonical", "corpus_state", "countries", "daily",
                                      "entities", "events", "resolve", "beside")),
    "rapidfuzz.fuzz", "rapidfuzz.process", "pyarrow.acero",
)  # fmt: skip


def _preload_passes() -> None:
    """Import :data:`PASS_MODULES` and load every lookup table the corpus passes read on
    first use, so that none loads in the build's serial tail after the NLP (1,000
    Reuters bodies: 0.045 CPU s moved out of the tail, and :func:`assemble` took
    0.06-0.09 CPU s less; docs/benchmarks.md, part 10). tests/analysis/test_prepare_tail.py
    checks that :func:`assemble` after :func:`prepare` loads no module and fills no
    one-entry cache."""
    import importlib

    for module in PASS_MODULES:
        importlib.import_module(module)
    from analysis import gazetteer, geo_sources, name_data, places, teams
    from analysis.countries import lexicon

    places.preload()
    gazetteer.preload()  # read by the country passes (source homes, confidence)
    geo_sources.country_name("")  # the names the country and place tables show
    geo_sources.city_stopwords()
    geo_sources.excluded()
    lexicon.world_regions()
    lexicon.disputed_regions()
    lexicon.historic_states()
    name_data.company_suffixes()
    name_data.known_aliases()
    teams.sport_headings()


def assemble(
    documents: pd.DataFrame,
    per_doc: dict[str, pd.DataFrame],
    *,
    state_dir: Path | None = None,
    early: dict[str, pd.DataFrame] | None = None,
    rules: str = "",
) -> dict[str, pd.DataFrame]:
    """Per-document tables in corpus order, plus the corpus-level aggregates.

    ``rules``: a country-rules spec (analysis.countries.rule_specs.read_spec, the CLI's
    ``--rules``); "" is the defaults. The per-document mentions (mapped at the defaults
    by the cached stage) are mapped again under it BEFORE the corpus passes, since
    those read the countries (the resolver joins "German" to "Germany" by their shared
    reading, analysis.resolve.NameStats): every table then equals a build whose
    defaults are those rules (tests/analysis/test_rules_rebuild.py).
    ``state_dir``: where the corpus pass keeps its state between builds of one corpus
    (analysis.corpus_state; the build passes analysis.store.state_path); None: the pass
    runs clean and keeps nothing. Either way the tables are the same. ``early``: what
    :func:`prepare` returned for these ``documents`` (its tables are taken as they are,
    the same as computed here)."""
    tables = _in_corpus_order(documents, per_doc)
    # Merging the events reads the events only: a forked child (analysis.beside) runs it
    # beside the corpus pass on the CPU that would idle (the same call: the same table).
    from analysis.beside import beside
    from analysis.events import merge_reports

    with beside(merge_reports, tables["events"]) as merged:
        _mention_passes(documents, tables, state_dir, rules)
        tables.update(aggregates(documents, tables["mentions"], tables["events"], merged=merged))
    # Near-duplicate stories depend on every document's text, so they are corpus-level.
    if early is not None and "stories" in early:
        tables["stories"] = early["stories"]
    else:
        from analysis import stories  # MinHash (datasketch, scipy): only when building

        tables["stories"] = stories.story_table(documents)
    # The one place a build's tables take the schema's dtypes, whatever a pass inferred
    # (pandas' own "str" is not the schema's "string"): what is stored and what a read of
    # the cache gives are these tables, dtype for dtype (tests/analysis/test_assembled_dtypes.py).
    return {name: schema.conform(frame, name) for name, frame in tables.items()}


def under_rules(corpus: Corpus, per_doc: dict[str, pd.DataFrame], spec: str) -> Corpus:
    """``corpus`` with its tables assembled again from its PER_DOC tables (sentences,
    mentions, events as the cached stage gives them) under the country rules ``spec``
    (:func:`assemble`), and ``rules`` the shortest spec of those switches
    (analysis.countries.rule_specs.spec_of), which the summary, reports and exports record.
    Raises ValueError for an unknown rule."""
    import dataclasses

    from analysis.countries.rule_specs import parse_switches, spec_of

    spec = spec_of(*parse_switches(spec))
    tables = assemble(corpus.documents, per_doc, rules=spec)
    return dataclasses.replace(corpus, tables=tables, rules=spec)


def _in_corpus_order(
    documents: pd.DataFrame, per_doc: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """The per-document tables sorted into corpus order (then by position), conformed."""
    order = {doc_id: i for i, doc_id in enumerate(documents["doc_id"])}
    sort_keys = {
        "sentences": ["sent_id"],
        "mentions": ["start", "end", "label"],
        "events": ["sent_id", "event_id"],
    }
    tables: dict[str, pd.DataFrame] = {}
    for name, frame in per_doc.items():
        rank = frame["doc_id"].map(order)
        frame = frame.assign(_rank=rank).sort_values(["_rank", *sort_keys[name]], kind="stable")
        tables[name] = schema.conform(frame.drop(columns="_rank"), name)
    return tables


def _mention_passes(
    documents: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    state_dir: Path | None,
    rules: str = "",
) -> None:
    """The corpus-wide passes over ``tables["mentions"]`` (replaced in ``tables``): the
    countries under switched ``rules`` (see :func:`assemble`), source homes, the corpus
    pass (one entity per real thing) and the place in each country."""
    # Corpus-wide, so it runs here and not in the per-document (cached) stage.
    from analysis import countries

    switches = countries.parse_switches(rules)
    if rules:  # the stage mapped at the defaults; its state was saved from those readings
        texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
        tables["mentions"] = countries.map_countries(
            tables["mentions"], rules=switches[0], context=switches[1], texts=texts
        )
        state_dir = None
    tables["mentions"] = countries.apply_source_homes(
        tables["mentions"],
        documents,
        sentences=tables["sentences"],
        rules=switches[0],
        context=switches[1],
    )
    # One entity per real thing across documents (analysis.resolve; rapidfuzz, so imported
    # only when building), redoing only what new or changed documents touch.
    from analysis import corpus_state

    mark("corpus pass")
    tables["mentions"], _ = corpus_state.run_pass(
        tables["mentions"], documents, tables["sentences"], state_dir=state_dir
    )
    mark("places and aggregates")
    # The place inside each mention's country, once every country is settled.
    from analysis import places

    tables["mentions"] = places.locate(
        tables["mentions"], sources=places.sources_of(documents), texts=places.texts_of(documents)
    )


def aggregates(
    documents: pd.DataFrame,
    mentions: pd.DataFrame,
    event_reports: pd.DataFrame,
    *,
    merged: Beside[pd.DataFrame] | None = None,
) -> dict[str, pd.DataFrame]:
    """Corpus-level tables derived from mentions and events (entities, countries, ...).

    ``merged``: ``events.merge_reports(event_reports)`` already under way
    (analysis.beside), taken when every other table is made; None: merged here."""
    from analysis import countries, daily, entities, events, places

    entity_table = schema.conform(entities.entity_table(mentions, documents), "entities")
    countries_table = schema.conform(countries.country_table(mentions), "countries")
    confidence, place_table = countries.confidence_table(mentions), places.place_table(mentions)
    pairs = schema.conform(entities.cooccurrence_table(mentions), "cooccurrences")
    days = daily.daily_tables(documents, mentions, entity_table)
    merged_events = merged.result() if merged is not None else events.merge_reports(event_reports)
    return {  # the order they always had
        "entities": entity_table,
        "countries": countries_table,
        "country_confidence": confidence,
        "places": place_table,
        "cooccurrences": pairs,
        "merged_events": schema.conform(merged_events, "merged_events"),
        **days,
    }
