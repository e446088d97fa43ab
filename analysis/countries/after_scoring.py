"""The rules that act after the scoring step, declared once, and the record of what
they did to each row.

:func:`analysis.countries.resolve.map_countries` decides each place mention with the
readings and the scoring step first (:mod:`analysis.countries.scoring`); then the steps
of :data:`STEPS` run in order, each under the rule of the registry
(:data:`analysis.countries.rules.RULES`) it implements: a currency in a sum is read in
its country (``money_currencies``), a former state that split is shown as historic
(``world_regions``), a place no gazetteer knows is put in its story's country
(``co_mentioned``), a common word used only in organisations' names is no town
(``common_word_towns``), a division written where a city is written is the city
(``city_names``). A step may change or clear a reading the steps before it (the scoring
step first) gave a row; :func:`apply_steps` records each such row as an
:class:`Amended` (the rules that changed it and the reading before the first of them),
so the evidence view can show a cleared row under the country it could have named and a
changed row's scored reading as what it was, not as a contradiction (review ui27,
item 1). Recording costs nothing when no record is asked for (a build's mapping).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.countries.city_names import city_rules
from analysis.countries.columns import PlaceRows, as_rows
from analysis.countries.comention import co_mentioned_places
from analysis.countries.common_words import cleared_rule, common_word_rows
from analysis.countries.modifiers import compass_point_rows
from analysis.countries.readings import is_historic_state
from analysis.countries.rules import (
    CURRENCY_RULE,
    GAZETTEER_RULE,
    HISTORIC_RULE,
    MODIFIER_RULE,
    PERSON_RULE,
    ContextRules,
    CountryRules,
)
from analysis.name_data import currencies

Columns = tuple[np.ndarray, np.ndarray]  # (iso3, rule) of the place rows


@dataclass(frozen=True)
class Amended:
    """A place row that rules acting after the scoring step changed or cleared:
    ``rules`` (their registry ids, in the order they acted) and the row's reading
    before the first of them (``iso3``, ``tag``: its country and its ``rule`` column
    value, as the scoring step or an earlier step left them)."""

    rules: tuple[str, ...]
    iso3: object
    tag: object

    @property
    def rule(self) -> str:
        """The last rule that changed the row (the one its final reading comes from)."""
        return self.rules[-1]


@dataclass(frozen=True)
class Setting:
    """What the steps read besides the rows' (iso3, rule): the place ``rows``, the rules
    they came with (``prior``, "" for none), every row of the frame (``chunk``: its
    PERSON and ORG mentions), the switches, the stories' texts and their local
    registers (doc_id -> ISO3, for rule register_places)."""

    rows: PlaceRows
    prior: np.ndarray
    chunk: PlaceRows
    rules: CountryRules
    context: ContextRules
    texts: Mapping[Any, str] | None = None
    register: Mapping[object, str] | None = None


@dataclass(frozen=True)
class Step:
    """One rule acting after the scoring step: its registry id (``rule``), whether it
    runs under a setting (``on``) and what it does (``apply``: the setting and the
    rows' (iso3, rule) -> the new (iso3, rule))."""

    rule: str
    on: Callable[[Setting], bool]
    apply: Callable[[Setting, np.ndarray, np.ndarray], Columns]


def currency_rows(s: Setting, iso3: np.ndarray, rule: np.ndarray) -> Columns:
    """(iso3, rule) with each currency word the gazetteer pass found in a sum (``prior``
    "currency": rule money_currencies) read in its country (data/currencies.tsv)."""
    found = s.prior == CURRENCY_RULE
    if not found.any():
        return iso3, rule
    table = currencies()
    words = s.rows.text
    country = np.full(len(words), None, dtype=object)
    country[found] = [table.get(str(t)) for t in words[found]]
    take = pd.notna(country)
    return np.where(take, country, iso3), np.where(take, CURRENCY_RULE, rule)


def historic_rows(rows: pd.DataFrame | PlaceRows, iso3: np.ndarray, rule: np.ndarray) -> np.ndarray:
    """``rule`` with each row left with no country and no rule that names a former state
    that split ("Soviet Union", "Czechoslovakia": rule historic_successor off) given the
    rule "historic": shown as a historic state, counted for no country, and no unknown
    place for rule co_mentioned to read."""
    open_ = pd.isna(iso3) & pd.isna(rule)
    if not open_.any():
        return rule
    texts = as_rows(rows).text
    open_[open_] = [is_historic_state(str(t)) for t in texts[open_]]
    return np.where(open_, HISTORIC_RULE, rule)


def set_aside(prior: np.ndarray, rule: np.ndarray) -> np.ndarray:
    """``rule`` with the rows read as a person's name or a culture word given no rule,
    but a row the gazetteer pass found (``prior``) keeps that provenance, so a second
    mapping (a source's home, the page's switches) reads it as found by the pass again
    (rule person_sense reads only such rows: "the Bush administration" beside
    "President Bush"; branch ctry13). Bookkeeping of the scoring step's own outcome
    (these rows have no country), not a step of :data:`STEPS`."""
    aside = (rule == PERSON_RULE) | (rule == MODIFIER_RULE)
    return np.where(aside, np.where(prior == GAZETTEER_RULE, GAZETTEER_RULE, None), rule)


def _compass_points(s: Setting, iso3: np.ndarray, rule: np.ndarray) -> Columns:
    # "the West": no town's country; a row the pass found keeps that provenance, as a
    # common word's does. co_mentioned reads no such row (the town's reading keeps the
    # name known to it), so it is given no country at all.
    points = compass_point_rows(s.rows, s.texts) & pd.notna(iso3)
    return np.where(points, None, iso3), np.where(points, cleared_rule(s.prior), rule)


def _co_mentioned(s: Setting, iso3: np.ndarray, rule: np.ndarray) -> Columns:
    # All of the chunk: its PERSON and ORG rows are read only for documents with open rows.
    local = s.register if s.context.register_places else None
    return co_mentioned_places(s.rows, iso3, rule, local, s.chunk, s.texts)


def _common_words(s: Setting, iso3: np.ndarray, rule: np.ndarray) -> Columns:
    return common_word_rows(s.rows, (iso3, rule, s.prior), s.chunk)


def _city_names(s: Setting, iso3: np.ndarray, rule: np.ndarray) -> Columns:
    capitals = s.context.capital_names
    return iso3, city_rules(s.rows, iso3, rule, s.texts, s.rules, capitals=capitals)


#: The rules acting after the scoring step, in the order they run; each names its rule
#: in the registry (its meaning, shown in the evidence view, is the registry's).
STEPS: tuple[Step, ...] = (
    Step("money_currencies", lambda s: True, currency_rows),  # "15 billion yen"
    # "Soviet Union" read as no country: a historic state
    Step("world_regions", lambda s: s.context.world_regions,
         lambda s, iso3, rule: (iso3, historic_rows(s.rows, iso3, rule))),
    # "the West": a direction's region, not West, Texas
    Step("compass_points", lambda s: bool(s.context.compass_points and s.texts),
         _compass_points),
    # "Naugatuck River" beside Waterbury, Connecticut
    Step("co_mentioned", lambda s: s.context.co_mentioned, _co_mentioned),
    # "Department of Energy": the word, not Energy, Illinois
    Step("common_word_towns", lambda s: s.context.common_word_towns, _common_words),
    # "WASHINGTON, March 3 -": the city, not the state
    Step("city_names", lambda s: bool(s.context.city_names and s.texts), _city_names),
)  # fmt: skip


def apply_steps(
    setting: Setting,
    read: Columns,
    amended: dict[int, Amended] | None = None,
    steps: tuple[Step, ...] = STEPS,
) -> Columns:
    """(iso3, rule) of the place rows after the ``steps`` that are on; ``read``: their
    (iso3, rule) from the scoring step. ``amended``, when given, receives (by row
    position) an :class:`Amended` for each row that had a country and that a step
    changed (country or rule) or cleared."""
    iso3, rule = read
    for step in steps:
        if not step.on(setting):
            continue
        new_iso3, new_rule = step.apply(setting, iso3, rule)
        if amended is not None:
            _record(step.rule, (iso3, rule), (new_iso3, new_rule), amended)
        iso3, rule = new_iso3, new_rule
    return iso3, rule


def _record(rule_id: str, before: Columns, after: Columns, amended: dict[int, Amended]) -> None:
    """Add to ``amended`` the rows that had a country ``before`` and that ``after``
    differs from."""
    changed = pd.notna(before[0]) & (_differs(before[0], after[0]) | _differs(before[1], after[1]))
    for i in np.flatnonzero(changed).tolist():
        was = amended.get(i)
        if was is None:
            amended[i] = Amended((rule_id,), before[0][i], before[1][i])
        else:
            amended[i] = Amended((*was.rules, rule_id), was.iso3, was.tag)


def _differs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per cell, whether ``a`` and ``b`` differ (two missing values do not)."""
    gone_a, gone_b = pd.isna(a), pd.isna(b)
    equal = np.asarray(a.astype(object) == b.astype(object), dtype=bool)
    return ~((gone_a & gone_b) | (~gone_a & ~gone_b & equal))
