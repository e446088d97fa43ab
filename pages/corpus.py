"""Corpus: what is open and what was skipped; upload files or (if allowed) open a server folder."""

import streamlit as st

from analysis import dates
from analysis.corpus import CorpusError
from analysis.paths import public_table
from ui import config, state, uploads, widgets
from ui.text import md

st.title("Corpus")

# ---- what is open
ref = state.corpus_ref()
corpus = state.try_corpus()
if corpus is not None:
    st.markdown(
        f"**{md(state.display_name())}** · {len(corpus.documents):,} documents · "
        f"{len(corpus.skipped):,} skipped · model {md(corpus.model)}"
    )
    st.caption("The corpus is part of the page address: copy the URL to reopen this view.")
    st.subheader("Skipped items")
    if corpus.skipped.empty:
        st.caption("Every input item became a document.")
    else:
        widgets.table(state.skipped_for_display(corpus), "skipped items")
    st.subheader("Publication dates")
    problems = dates.date_problems(public_table(corpus.documents, corpus.path))
    if problems.empty:
        st.caption("Every document has a readable, plausible publication date.")
    else:
        banner = dates.date_banner(corpus.documents)  # counts and literals only
        st.warning(banner, icon=":material/event_busy:")
        first, last = dates.plausible_window()
        st.caption(
            f"Plausible window: {first} to {last} ({dates.PLAUSIBLE_FROM_ENV} / "
            f"{dates.PLAUSIBLE_TO_ENV} move it). Documents with a missing, unreadable or "
            "implausible date:"
        )
        widgets.table(problems, "documents with date problems", key="corpus-date-problems")
if ref:
    st.button(
        "Back to the default corpus",
        key="corpus-default",
        icon=":material/undo:",
        on_click=state.set_corpus,
        args=("",),
        kwargs={"rerun": False},
    )

# ---- upload
st.subheader("Analyse your own files")
limits = uploads.UploadLimits.from_env()
st.caption(
    f"Accepted: {', '.join('.' + t for t in uploads.accepted_types())} "
    f"(a .zip may hold any of them). {limits.describe()}"
)
files = st.file_uploader(
    "Files",
    type=uploads.accepted_types(),
    accept_multiple_files=True,
    key="corpus-upload",
    max_upload_size=max(1, limits.max_file_bytes // uploads.MB),
)
if files:
    problems = uploads.check_upload([(f.name, f.size) for f in files], limits)
    for problem in problems:
        st.error(md(problem), icon=":material/block:")  # names the user's files
    if not problems and st.button("Analyse these files", key="corpus-analyse", type="primary"):
        try:
            new_ref = uploads.save_upload(
                [(f.name, f) for f in files], state.startup().cache_dir, limits
            )
        except (ValueError, OSError) as exc:
            st.error(f"Could not save the upload: {md(state.public(exc))}", icon=":material/error:")
        else:
            state.set_corpus(new_ref)

# ---- server folder (operator-enabled)
st.subheader("Open a folder on the server")
roots = state.allowed_roots()
if not roots:
    st.caption(
        f"Disabled. An operator can allow folders with {config.ROOTS_ENV}=/data/news:/srv/corpora."
    )
else:
    st.caption("Allowed folders: " + ", ".join(md(r) for r in roots))
    folders = [str(p) for p in config.list_folders(roots)]
    picked = st.selectbox("Folder", folders, index=None, key="corpus-server-pick",
                          placeholder="Choose a folder, or type a path below")  # fmt: skip
    typed = st.text_input("Folder or file path", key="corpus-server-path")
    path = typed.strip() or (picked or "")
    if st.button("Open", key="corpus-server-open", disabled=not path):
        try:
            resolved = config.check_server_path(path, roots)
        except (config.RefError, CorpusError) as exc:
            st.error(md(state.public(exc)), icon=":material/block:")
        else:
            state.set_corpus(str(resolved))
