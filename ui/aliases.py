"""The corpus's entity aliases (merge, rename, relabel, exclude), kept in a server workspace.

The edits live in a workspace file beside the cache (:mod:`analysis.workspace`), one per
corpus and workspace name, so they survive a reload and every session and the CLI
(``--workspace NAME``) see the same ones. The URL names the workspace (``?ws=NAME``;
absent means ``default``), so a link reproduces the view. :func:`ui.state.filtered`
passes the loaded corpus through :func:`aliased` before the filters, so every page,
chart and download counts with the same names. Editing calls :func:`set_aliases` (from a
widget callback, so the same run already sees the change)::

    from ui import aliases
    aliases.set_aliases(A.merge(aliases.current(), "Baqeri", "Ali Baqeri"))

The aliased corpus is built once per (corpus, alias set) and shared between sessions
by ``st.cache_resource``; its key carries a digest of the aliases (see
analysis.aliases.apply_user_aliases), so memoised filters never mix two alias sets.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import aliases as A
from analysis import workspace as W
from analysis.tables import Corpus
from ui.text import md

WS_PARAM = "ws"  # the URL parameter naming the workspace
_WS = "_nl_workspace"  # this session's workspace name (kept when a link drops ?ws=)
_ERROR = "_nl_workspace_error"


def workspace_name() -> str:
    """This session's workspace: ``?ws=`` when valid, else the last one used, else default.

    A name other than the default is written back to the URL, so links carry it."""
    ss = st.session_state
    url = [v for v in st.query_params.get_all(WS_PARAM) if v]
    if url and W.NAME.match(url[-1]):
        ss[_WS] = url[-1]
    name = ss.get(_WS, W.DEFAULT)
    if name != W.DEFAULT and url[-1:] != [name]:
        st.query_params[WS_PARAM] = name
    return name


def _where(corpus_path: str | None = None) -> tuple[Path, str]:
    from ui import state  # ui.state imports this module

    path = corpus_path if corpus_path is not None else str(state.corpus_path())
    return state.startup().cache_dir, path


@lru_cache(maxsize=64)
def _read(cache: Path, corpus: str, name: str, stamp: int) -> W.Workspace:
    return W.load(cache, corpus, name)  # stamp: the file's mtime, so an edit is re-read


def current_workspace(corpus_path: str | None = None) -> W.Workspace:
    """The workspace of this session's corpus, as saved on the server (re-read when the
    file changes). An unreadable file gives an empty workspace and an error message."""
    cache, corpus = _where(corpus_path)
    name = workspace_name()
    path = W.path_of(cache, corpus, name)
    stamp = path.stat().st_mtime_ns if path.is_file() else 0
    try:
        return _read(cache, corpus, name, stamp)
    except ValueError as error:
        st.session_state[_ERROR] = str(error)
        return W.Workspace(name=name, corpus=corpus)


def current(corpus_path: str | None = None) -> A.Aliases:
    """The alias edits in force for this session's corpus and workspace."""
    return current_workspace(corpus_path).aliases


def set_aliases(aliases: A.Aliases) -> None:
    """Save new alias edits to the workspace (undoable; every session sees them)."""
    cache, corpus = _where()
    W.edit(cache, corpus, workspace_name(), lambda _old: aliases)


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
    """``corpus`` under its workspace's aliases; ``corpus`` itself when there are none."""
    aliases = current(corpus.path)
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
    _apply(key, A.Aliases(), "Cleared every alias edit (Undo last edit brings them back).")


def _undo_last(key: str) -> None:
    cache, corpus = _where()
    before = current()
    after = W.undo(cache, corpus, workspace_name()).aliases
    if after == before:
        _say(key, "info", "Nothing to undo.")
    else:
        _say(key, "success", "Undid the last edit.")


SUGGESTIONS = 100  # merge suggestions offered at once


@st.cache_resource(max_entries=8, ttl=3600, show_spinner="Looking for entities that look alike…")
def _suggestions(token: str, _corpus: Corpus) -> pd.DataFrame:
    from analysis import resolve  # its rules take ~0.1 s to import; only the Entities page

    return resolve.suggestions(_corpus.table("mentions"), top=1000)


def suggestion_pairs(corpus: Corpus) -> dict[str, tuple[str, str]]:
    """Merge suggestions still open: 'A ⇄ B' -> (keep, merge in), the more mentioned name
    kept; pairs already one entity or rejected in this workspace are left out."""
    found = _suggestions(f"{corpus.path}\x1f{corpus.key}\x1f{id(corpus)}", corpus)
    edits = current_workspace(corpus.path)
    out: dict[str, tuple[str, str]] = {}
    for row in found.itertuples(index=False):
        a, b = (row.a, row.b) if row.a_mentions >= row.b_mentions else (row.b, row.a)
        if tuple(sorted((a, b))) in edits.rejected:
            continue
        if edits.aliases.resolve(a) == edits.aliases.resolve(b):
            continue
        out[f"{a} ⇄ {b} ({row.score:.0f})"] = (a, b)
        if len(out) >= SUGGESTIONS:
            break
    return out


def _decide(key: str, accept: bool, everything: bool) -> None:
    offered: dict[str, list[str]] = st.session_state.get(f"{key}-suggest-offered") or {}
    chosen = offered if everything else st.session_state.get(f"{key}-suggest-pick") or []
    pairs = [tuple(offered[c]) for c in chosen if c in offered]
    if not pairs:
        _say(key, "warning", "Pick the suggestions to merge or reject.")
        return
    cache, corpus = _where()
    if accept:
        W.accept(cache, corpus, workspace_name(), pairs)
        _say(key, "success", f"Merged {len(pairs)} pair(s) (one undo step).")
    else:
        W.reject(cache, corpus, workspace_name(), pairs)
        _say(key, "success", f"Rejected {len(pairs)} suggestion(s); they will not come back.")


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


ACTIONS = ("Merge", "Suggestions", "Rename", "Relabel", "Exclude", "Files")


def editor(
    names: list[str], labels: list[str], *, corpus: Corpus | None = None, key: str = "aliases"
) -> None:
    """The alias editor (an expander): merge, suggestions, rename, relabel, exclude, undo,
    download, upload.

    ``names`` are the entities offered (most mentioned first), ``labels`` the labels
    offered for relabelling, ``corpus`` the corpus whose look-alike names are suggested.
    Edits are saved in the corpus's workspace and apply at once everywhere. The
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
        name = workspace_name()
        st.caption(
            f"{count} edit{'s' * (count != 1)} in force, saved on the server in workspace "
            f"“{md(name)}” of this corpus: every count, chart and download on every page "
            "follows, for everyone opening this corpus"
            + (f" with ?{WS_PARAM}={md(name)} in the link" if name != W.DEFAULT else "")
            + f". The command line reads them with `--workspace {md(name)}`."
        )
        error = st.session_state.pop(_ERROR, None)
        if error:
            st.error(md(error))
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
        if action == "Suggestions":
            _suggestions_form(key, corpus)
        else:
            _FORMS[action or "Merge"](key, names, labels, edits)
        if count or current_workspace().history:
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


def _suggestions_form(key: str, corpus: Corpus | None) -> None:
    offered = suggestion_pairs(corpus) if corpus is not None else {}
    st.session_state[f"{key}-suggest-offered"] = offered
    if not offered:
        st.caption("No open suggestions: no two entities look alike.")
        return
    st.caption(
        f"{len(offered)} pairs of entities that look alike (spelling score 0-100); "
        "merging keeps the more mentioned name. Rejected pairs are not offered again."
    )
    st.multiselect("Suggestions", list(offered), key=f"{key}-suggest-pick",
                   placeholder="Pick pairs, or act on all of them…")  # fmt: skip
    row = st.container(horizontal=True, gap="small")
    for label, accept, everything, icon in (
        ("Merge picked", True, False, ":material/merge:"),
        ("Reject picked", False, False, ":material/block:"),
        ("Merge all", True, True, ":material/done_all:"),
        ("Reject all", False, True, ":material/clear_all:"),
    ):
        row.button(label, key=f"{key}-suggest-{label.lower().replace(' ', '-')}",
                   on_click=_decide, args=(key, accept, everything), icon=icon)  # fmt: skip


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
    row = st.container(horizontal=True, gap="small")
    row.button("Undo last edit", key=f"{key}-undo-last", on_click=_undo_last, args=(key,),
               icon=":material/history:")  # fmt: skip
    row.button(
        "Clear all edits",
        key=f"{key}-clear",
        on_click=_clear,
        args=(key,),
        icon=":material/delete_sweep:",
    )
