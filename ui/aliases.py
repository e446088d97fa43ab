"""This session's entity aliases (merge, rename, relabel, exclude) and the corpus under them.

The user's edits live in ``st.session_state`` as one :class:`analysis.aliases.Aliases`;
:func:`ui.state.filtered` passes the loaded corpus through :func:`aliased` before the
filters, so every page, chart and download counts with the same names. Editing calls
:func:`set_aliases` (from a widget callback, so the same run already sees the change)::

    from ui import aliases
    aliases.set_aliases(A.merge(aliases.current(), "Baqeri", "Ali Baqeri"))

The aliased corpus is built once per (corpus, alias set) and shared between sessions
by ``st.cache_resource``; its key carries a digest of the aliases (see
analysis.aliases.apply_user_aliases), so memoised filters never mix two alias sets.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from analysis import aliases as A
from analysis.build import Corpus

_KEY = "_nl_aliases"


def current() -> A.Aliases:
    """The aliases of this session (empty until the user edits or uploads some)."""
    value = st.session_state.get(_KEY)
    return value if isinstance(value, A.Aliases) else A.Aliases()


def set_aliases(aliases: A.Aliases) -> None:
    """Replace this session's aliases (every page recomputes on the next run)."""
    st.session_state[_KEY] = aliases


def is_empty(aliases: A.Aliases) -> bool:
    return not aliases.mapping and not aliases.exclude


def edit_count(aliases: A.Aliases | None = None) -> int:
    """How many names the aliases touch (renamed/merged/relabelled plus excluded)."""
    aliases = current() if aliases is None else aliases
    return len(aliases.mapping) + len(aliases.exclude)


def forget(aliases: A.Aliases, name: str) -> A.Aliases:
    """``aliases`` without the entry for ``name`` (its rename, merge, label or exclusion)."""
    mapping = {k: v for k, v in aliases.mapping.items() if k != name}
    return dataclasses.replace(aliases, mapping=mapping, exclude=aliases.exclude - {name})


@st.cache_resource(max_entries=8, ttl=3600, show_spinner="Applying your aliases…")
def _aliased(token: str, csv_text: str, _corpus: Corpus) -> Corpus:
    # The CSV form is the cache key (equal edits share one result) and reads back unchanged.
    return A.apply_user_aliases(_corpus, A.parse_aliases(csv_text, "csv", source="session"))


def aliased(corpus: Corpus) -> Corpus:
    """``corpus`` under this session's aliases; ``corpus`` itself when there are none."""
    aliases = current()
    if is_empty(aliases):
        return corpus
    token = f"{corpus.path}\x1f{corpus.model}\x1f{corpus.key}\x1f{id(corpus)}"
    return _aliased(token, A.dump_aliases(aliases, "csv"), corpus)
