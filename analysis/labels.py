"""Entity label sets, declared once (spaCy/OntoNotes labels)."""

from __future__ import annotations

#: Labels that are quantities or times, not names: left out of aggregates by default.
NUMERIC_LABELS: frozenset[str] = frozenset(
    {"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME"}
)
#: Labels the clean-up rules may touch (numeric spans are left to analysis.dates).
NAME_LABELS: frozenset[str] = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
