"""Is a text a known place, and at what level? The gazetteer's context-free reading of a
name, shared by the entity rules (analysis.entities) and the junk rules (analysis.junk).
"""

from __future__ import annotations

from typing import Any

#: Country rules whose reading is a country-level place (not a city).
COUNTRY_LEVEL = frozenset({"name", "territory", "us_state"})


def place_reading(text: str) -> Any:
    """The gazetteer's preferred context-free reading of ``text`` (a Candidate) or None."""
    from analysis.gazetteer import candidates  # built lazily: ~1 s the first time

    return next((c for c in candidates(text) if not c.needs_context and c.rule != "metonym"), None)


def is_country_level(text: str) -> bool:
    """Is ``text`` a country, territory, US state or demonym ("Sri Lankan")?"""
    reading = place_reading(text)
    return reading is not None and reading.rule in (*COUNTRY_LEVEL, "demonym")
