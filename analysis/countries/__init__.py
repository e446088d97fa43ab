"""Mentions -> ISO 3166-1 alpha-3 countries, with the rule that matched.

A package around one rule registry (:data:`analysis.countries.rules.RULES`):

* ``rules`` -- the registry; the switch dataclasses and meanings generated from it;
* ``lexicon`` -- word lists and patterns, loaded once from analysis/data;
* ``readings`` -- the candidate countries of a surface form;
* ``resolve`` -- :func:`map_countries`: choosing among readings with the document;
* ``modifiers``, ``register`` -- text context (food words, hometowns, local register);
* ``cues``, ``places`` -- the gazetteer pass (places the model missed);
* ``sources`` -- sources' home countries, :func:`mapped_mentions` under switched rules;
* ``confidence`` -- how sure each document's evidence is;
* ``aggregates`` -- the tables the pages, CLI and exports read.

Callers import from here (``from analysis.countries import map_countries``). Pure
pandas; no spaCy, no Streamlit.
"""

from analysis.countries.aggregates import (
    counted_apart,
    country_cooccurrence,
    country_table,
    form_evidence,
    mentions_by_date,
    surface_forms,
    top_surface_forms,
)
from analysis.countries.confidence import (
    CONFIDENT,
    DOUBTFUL,
    PLAUSIBLE,
    confidence_table,
    confident_documents,
    confident_mentions,
    document_countries,
)
from analysis.countries.explain import explain_country, mention_readings, readings_summary
from analysis.countries.places import (
    add_place_mentions,
    add_place_records,
    extra_place_mentions,
    extra_place_records,
)
from analysis.countries.register import _civic_register, local_register
from analysis.countries.resolve import map_countries
from analysis.countries.rule_specs import changed_rules, parse_switches, switched_off
from analysis.countries.rules import (
    _SWITCH,
    GAZETTEER_RULE,
    PLACE_LABELS,
    REGISTER_RULE,
    RULE_MEANING,
    RULES,
    SOURCE_RULE,
    ContextRules,
    CountryRules,
    PlaceCues,
    Rule,
)
from analysis.countries.sources import (
    MappedMentions,
    apply_source_homes,
    mapped_mentions,
    remap,
    source_homes,
)

__all__ = [
    "CONFIDENT",
    "DOUBTFUL",
    "GAZETTEER_RULE",
    "PLACE_LABELS",
    "PLAUSIBLE",
    "REGISTER_RULE",
    "RULES",
    "RULE_MEANING",
    "SOURCE_RULE",
    "_SWITCH",
    "ContextRules",
    "CountryRules",
    "MappedMentions",
    "PlaceCues",
    "Rule",
    "_civic_register",
    "add_place_mentions",
    "add_place_records",
    "apply_source_homes",
    "changed_rules",
    "confidence_table",
    "confident_documents",
    "confident_mentions",
    "counted_apart",
    "country_cooccurrence",
    "country_table",
    "document_countries",
    "explain_country",
    "extra_place_mentions",
    "extra_place_records",
    "form_evidence",
    "local_register",
    "map_countries",
    "mapped_mentions",
    "mention_readings",
    "mentions_by_date",
    "parse_switches",
    "readings_summary",
    "remap",
    "source_homes",
    "surface_forms",
    "switched_off",
    "top_surface_forms",
]
