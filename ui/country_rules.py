"""The Countries page's rule switches and their one URL parameter, ``rules``.

The switches are many toggles but one view: ``?rules=-demonyms,-strays``, the spec the
CLI's ``--rules`` takes, read by the same core function
(analysis.countries.rule_specs.read_spec) and written in its shortest form
(analysis.countries.rule_specs.spec_of). Every rule at its default writes nothing, so old
links (without the parameter) open with the defaults. A link part that names no
switchable rule (a rule of another version, a typo, a ``cue`` rule) is ignored and the
page says so (:func:`ignored`) until a switch changes or another link is followed; the
address is rewritten without it. A parameter given twice is read as one spec (its parts
in order) and written back as one value.

Many toggles cannot share one ``bind="query-params"`` parameter, so this module syncs
it by hand, as ui.url_state does for the filters: the session's spec is the truth; a URL
that differs from what was last written (a followed link, an edited address) replaces
it; a URL without the parameter after a page switch (Streamlit drops unbound
parameters) gets it back. The toggles are seeded from the truth before they are drawn
and a change of any toggle recomputes the truth (:func:`_toggled`).
"""

from __future__ import annotations

import itertools
from typing import Any

import streamlit as st

from analysis.countries.rule_specs import read_spec, spec_of
from analysis.countries.rules import ContextRules, CountryRules, Kind, Rule, rules_of

PARAM = "rules"  # registered in ui.view_params.VIEW_PARAMS (bound=False: synced here)
_TRUTH = "_nl_country_rules"  # the spec in force for this session
_WRITTEN = "_nl_country_rules_written"  # what this module last wrote to the URL
_IGNORED = "_nl_country_rules_ignored"  # link parts ignored, shown until a switch or link
#: (kind, toggle key prefix) of the switchable kinds, in the order the page draws them.
KINDS: tuple[tuple[Kind, str], ...] = (("reading", "rule"), ("context", "context"))


def toggle_key(rule: Rule) -> str:
    """The session-state key of a rule's toggle ("countries-rule-names")."""
    prefix = dict(KINDS)[rule.kind]
    return f"countries-{prefix}-{rule.id}"


def _switches_from_toggles() -> tuple[Any, Any]:
    ss = st.session_state
    values: dict[str, dict[str, bool]] = {kind: {} for kind, _ in KINDS}
    for kind, _ in KINDS:
        for rule in rules_of(kind):
            if toggle_key(rule) in ss:
                values[kind][rule.id] = bool(ss[toggle_key(rule)])
    return CountryRules(**values["reading"]), ContextRules(**values["context"])


def _toggled() -> None:
    """A toggle changed (a callback, before the run): the truth follows the toggles."""
    st.session_state[_TRUTH] = spec_of(*_switches_from_toggles())
    st.session_state.pop(_IGNORED, None)


def in_force() -> tuple[Any, Any]:
    """(CountryRules, ContextRules) in force this run, reconciled with the URL: the URL
    then carries their spec (nothing for the defaults) and the toggles are seeded."""
    ss = st.session_state
    # a parameter given twice (?rules=-a&rules=-b) is one spec, rewritten as one value
    given = st.query_params.get_all(PARAM)
    url = ",".join(v for v in given if v)
    if _TRUTH not in ss or (url and url != ss.get(_WRITTEN)):
        rules, context, ignored = read_spec(url)  # a new session, or a followed link
        ss.pop(_IGNORED, None)  # the note is about this link only
        if ignored:
            ss[_IGNORED] = ignored
    else:
        rules, context, _ = read_spec(ss[_TRUTH])
    spec = spec_of(rules, context)
    ss[_TRUTH] = ss[_WRITTEN] = spec
    if spec and given != [spec]:
        st.query_params[PARAM] = spec
    elif not spec and PARAM in st.query_params:
        del st.query_params[PARAM]
    for kind, _ in KINDS:
        switches = rules if kind == "reading" else context
        for rule in rules_of(kind):
            ss[toggle_key(rule)] = bool(getattr(switches, rule.id))
    return rules, context


def ignored() -> list[str]:
    """The parts of the link's ``rules`` that named no switchable rule (shown as a note)."""
    return list(st.session_state.get(_IGNORED) or [])


def draw_toggles() -> None:
    """Every switchable rule's toggle, three per row, seeded by :func:`in_force`."""
    for kind, _ in KINDS:
        if kind == "context":
            st.caption("How a document's context settles an ambiguous name:")
        for col, rule in zip(itertools.cycle(st.columns(3)), rules_of(kind)):
            col.toggle(rule.label, key=toggle_key(rule), on_change=_toggled,
                       help=f"{rule.meaning} {rule.help}")  # fmt: skip
