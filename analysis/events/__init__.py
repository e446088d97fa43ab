"""Events: happenings first, speech as attribution, merged only when the same happening.

In: a parsed spaCy ``Doc`` and that document's MENTIONS rows. Out: EVENTS rows
(:data:`analysis.schema.EVENTS`); :func:`merge_reports` folds reports of the same
happening across documents into MERGED_EVENTS.

Modules, one concern each:

* :mod:`~analysis.events.lexicon`: the taxonomy (analysis/data/event_types.csv: CAMEO
  top-level categories plus ACE 2005 types for what CAMEO does not code), the lexicon
  derived from Open English WordNet (analysis/data/event_lexicon.csv) and the grammar
  word sets;
* :mod:`~analysis.events.context`: mentions aligned to tokens, quotation marks, the
  actors a noun phrase stands for;
* :mod:`~analysis.events.clauses`: clauses, their type, actors, targets and places;
* :mod:`~analysis.events.tense`: tense and the date an event took from its text;
* :mod:`~analysis.events.extract`: the event rules (module doc) and
  :func:`extract_events`;
* :mod:`~analysis.events.merge`: merging reports (no spaCy).

Each row carries ``trigger_start``/``trigger_end`` (character offsets of its trigger
word in the document text), ``event_class`` (happening or statement), ``source`` with
``source_start``/``source_end`` (who reported it, and where), and ``participants`` (its
named actors, targets and places, which merging compares).
"""

from analysis.events.context import MENTION_COLUMNS
from analysis.events.extract import extract_events
from analysis.events.lexicon import HAPPENING_TYPES, event_types
from analysis.events.merge import MERGE_RULES, merge_reports
from analysis.events.tense import clause_tense

__all__ = [
    "HAPPENING_TYPES",
    "MENTION_COLUMNS",
    "MERGE_RULES",
    "clause_tense",
    "event_types",
    "extract_events",
    "merge_reports",
]
