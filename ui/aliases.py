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
from analysis.tables import Corpus
from ui.text import md

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


# Few entries: each holds a renamed copy of the mentions table (the largest one).
@st.cache_resource(max_entries=4, ttl=3600, show_spinner="Applying your aliases…")
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


# ---------------------------------------------------------------- the editor


def _say(key: str, kind: str, text: str) -> None:
    st.session_state[f"{key}-message"] = (kind, text)


def _apply(key: str, new: A.Aliases, done: str) -> None:
    if new == current():
        _say(key, "info", "Nothing changed.")
        return
    set_aliases(new)
    _say(key, "success", done)


def _listed(names: list[str], most: int = 5) -> str:
    quoted = ", ".join(f"“{n}”" for n in names[:most])
    return quoted if len(names) <= most else f"{len(names):,} entities ({quoted}, …)"


def _merge(key: str) -> None:
    ss = st.session_state
    names = list(ss.get(f"{key}-merge-names") or [])
    target = " ".join(str(ss.get(f"{key}-merge-into") or "").split()) or (names[0] if names else "")
    if len(names) < 2:
        _say(key, "warning", "Pick at least two entities to merge.")
        return
    new = current()
    for name in names:
        new = A.merge(new, name, target)
    _apply(key, new, f"Merged {len(names)} entities into “{target}”: {_listed(names)}.")


def _rename(key: str) -> None:
    ss = st.session_state
    old = ss.get(f"{key}-rename-name")
    new_name = " ".join(str(ss.get(f"{key}-rename-to") or "").split())
    if not old or not new_name:
        _say(key, "warning", "Pick an entity and type its new name.")
        return
    _apply(key, A.rename(current(), old, new_name), f"“{old}” is now “{new_name}”.")


def _relabel(key: str) -> None:
    ss = st.session_state
    name, label = ss.get(f"{key}-relabel-name"), ss.get(f"{key}-relabel-label")
    label = str(label or "").strip().upper()
    if not name or not label:
        _say(key, "warning", "Pick an entity and a label.")
        return
    if label == A.EXCLUDE_LABEL:
        _say(key, "warning", "Use Exclude to hide an entity.")
        return
    _apply(key, A.relabel(current(), name, label), f"“{name}” is now labelled {label}.")


def _exclude(key: str) -> None:
    names = list(st.session_state.get(f"{key}-exclude-names") or [])
    if not names:
        _say(key, "warning", "Pick the entities to exclude.")
        return
    new = current()
    for name in names:
        new = A.exclude(new, name)
    _apply(key, new, f"Excluded {_listed(names)}.")


def _undo(key: str) -> None:
    names = list(st.session_state.get(f"{key}-undo-names") or [])
    new = current()
    for name in names:
        new = forget(new, name)
    _apply(key, new, f"Undid the edits of {len(names)} name(s).")


def _clear(key: str) -> None:
    _apply(key, A.Aliases(), "Cleared every alias edit.")


def _upload(key: str) -> None:
    file = st.session_state.get(f"{key}-upload")
    if file is None:  # the file was removed from the uploader: keep the edits
        return
    fmt = file.name.rsplit(".", 1)[-1] if "." in file.name else "csv"
    try:
        text = file.getvalue().decode("utf-8-sig")
        loaded = A.parse_aliases(text, fmt, source=file.name)
    except UnicodeDecodeError:
        _say(key, "error", f"{file.name}: not a UTF-8 text file.")
        return
    except ValueError as error:
        _say(key, "error", str(error))
        return
    set_aliases(loaded)
    _say(key, "success", f"Loaded {edit_count(loaded)} alias edits from {file.name}.")


def edits_table(aliases: A.Aliases) -> list[dict[str, str]]:
    """One row per edited name: name, becomes (its final name), label, excluded."""
    rows = [
        {"name": alias, "becomes": aliases.resolve(alias), "label": target.label or ""}
        for alias, target in sorted(aliases.mapping.items(), key=lambda kv: kv[0].casefold())
    ]
    rows += [
        {"name": name, "becomes": "(excluded)", "label": ""}
        for name in sorted(aliases.exclude, key=str.casefold)
    ]
    return rows


ACTIONS = ("Merge", "Rename", "Relabel", "Exclude", "Files")


def editor(names: list[str], labels: list[str], *, key: str = "aliases") -> None:
    """The alias editor (an expander): merge, rename, relabel, exclude, undo, download, upload.

    ``names`` are the entities offered (most mentioned first), ``labels`` the labels
    offered for relabelling. Edits apply at once to every page of this session. The
    contents are drawn only while the expander is open and only for the chosen action:
    each picker carries thousands of names, which costs the browser time on every run.
    """
    edits = current()
    count = edit_count(edits)
    # A fixed label: a label that changed with the count would make a new, closed expander.
    box = st.expander(
        "Aliases: merge, rename, relabel or exclude entities",
        icon=":material/edit_note:",
        key=f"{key}-open",
        on_change="rerun",
    )
    if not box.open:
        return
    with box:
        st.caption(
            f"{count} edit{'s' * (count != 1)} in force. Every count, chart and download on "
            "every page follows at once (for this session). Download the edits (Files) to "
            "reuse them, also with the command line (`--aliases`)."
        )
        message = st.session_state.pop(f"{key}-message", None)
        if message:
            kind, text = message
            getattr(st, kind)(md(text))  # names and file errors are corpus/user text
        action = st.segmented_control(
            "Action",
            ACTIONS,
            default="Merge",
            required=True,
            key=f"{key}-action",
            label_visibility="collapsed",
        )
        _FORMS[action or "Merge"](key, names, labels, edits)
        if count:
            _edit_list(key, edits)


def _merge_form(key: str, names: list[str], labels: list[str], edits: A.Aliases) -> None:
    with st.form(f"{key}-merge", border=False):
        left, right = st.columns([3, 2])
        left.multiselect(
            "Entities", names, key=f"{key}-merge-names", placeholder="Pick two or more…"
        )
        right.text_input(
            "Canonical name", key=f"{key}-merge-into", placeholder="the first entity picked"
        )
        st.form_submit_button(
            "Merge", key=f"{key}-merge-go", on_click=_merge, args=(key,), icon=":material/merge:"
        )


def _rename_form(key: str, names: list[str], labels: list[str], edits: A.Aliases) -> None:
    with st.form(f"{key}-rename", border=False):
        left, right = st.columns([3, 2])
        left.selectbox(
            "Entity", names, index=None, key=f"{key}-rename-name", placeholder="Pick an entity…"
        )
        right.text_input("New name", key=f"{key}-rename-to")
        st.form_submit_button(
            "Rename", key=f"{key}-rename-go", on_click=_rename, args=(key,), icon=":material/edit:"
        )


def _relabel_form(key: str, names: list[str], labels: list[str], edits: A.Aliases) -> None:
    with st.form(f"{key}-relabel", border=False):
        left, right = st.columns([3, 2])
        left.selectbox(
            "Entity", names, index=None, key=f"{key}-relabel-name", placeholder="Pick an entity…"
        )
        right.selectbox(
            "Label",
            labels,
            index=None,
            key=f"{key}-relabel-label",
            accept_new_options=True,
            placeholder="Pick or type a label…",
        )
        st.form_submit_button(
            "Relabel",
            key=f"{key}-relabel-go",
            on_click=_relabel,
            args=(key,),
            icon=":material/label:",
        )


def _exclude_form(key: str, names: list[str], labels: list[str], edits: A.Aliases) -> None:
    with st.form(f"{key}-exclude", border=False):
        st.multiselect(
            "Entities", names, key=f"{key}-exclude-names", placeholder="Pick the entities to hide…"
        )
        st.form_submit_button(
            "Exclude",
            key=f"{key}-exclude-go",
            on_click=_exclude,
            args=(key,),
            icon=":material/visibility_off:",
        )


def _files_form(key: str, names: list[str], labels: list[str], edits: A.Aliases) -> None:
    row = st.container(horizontal=True, gap="small")
    for fmt in A.FORMATS:
        row.download_button(
            f"aliases.{fmt}",
            data=A.dump_aliases(edits, fmt),
            file_name=f"aliases.{fmt}",
            mime="text/csv" if fmt == "csv" else "application/yaml",
            key=f"{key}-download-{fmt}",
            on_click="ignore",
            icon=":material/download:",
            disabled=not edit_count(edits),
        )
    st.file_uploader(
        "Load an aliases file (CSV or YAML; replaces the current edits)",
        type=["csv", "yaml", "yml"],
        key=f"{key}-upload",
        on_change=_upload,
        args=(key,),
    )


_FORMS = {
    "Merge": _merge_form,
    "Rename": _rename_form,
    "Relabel": _relabel_form,
    "Exclude": _exclude_form,
    "Files": _files_form,
}


def _edit_list(key: str, edits: A.Aliases) -> None:
    rows = edits_table(edits)
    st.dataframe(
        rows,
        key=f"{key}-edits",
        hide_index=True,
        column_config={"name": "Name", "becomes": "Counts as", "label": "Label"},
    )
    with st.form(f"{key}-undo", border=False):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.multiselect("Undo the edits of", [r["name"] for r in rows], key=f"{key}-undo-names")
        right.form_submit_button(
            "Undo", key=f"{key}-undo-go", on_click=_undo, args=(key,), icon=":material/undo:"
        )
    st.button(
        "Clear all edits",
        key=f"{key}-clear",
        on_click=_clear,
        args=(key,),
        icon=":material/delete_sweep:",
    )
