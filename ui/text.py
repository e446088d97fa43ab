"""Strings made safe for what a browser user sees: inert Markdown, no paths.

* :func:`md` — the one escape for Markdown: every user-, URL- or corpus-controlled string
  passed to ``st.markdown``/``caption``/``error``/``warning``/``info``/``success``/
  ``toast``/``subheader``, a widget ``label``/``help`` or a progress text goes through
  it (``tests/pages/test_markdown_escaping.py`` checks every call site).
* HTML is built by the core (analysis.present.report, analysis.present.charts), which escapes every
  corpus string with ``html.escape`` before any markup.
* :func:`public_message` — an error text with the server's file-system paths replaced
  by names, for messages shown in the browser.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from analysis.present.summary import escape_markdown


def md(value: object) -> str:
    """``value`` as inert inline Markdown (analysis.present.summary.escape_markdown); ''
    for None."""
    if value is None:
        return ""
    return escape_markdown(value)


# An absolute POSIX path (or ~/...) standing alone in a message: not inside a word, a URL
# or a relative path, and at least one character after the slash.
_PATH_CHAR = r"[^\s'\"`,;()<>\[\]{}]"
_ABSOLUTE_PATH = re.compile(rf"(?<![\w.~:/\\-])~?/{_PATH_CHAR}+(?<![.:])")


def public_message(text: object, names: Mapping[str | os.PathLike[str], str] | None = None) -> str:
    """``text`` with server file-system paths replaced, for a message a browser user reads.

    ``names`` maps known server folders (a corpus, the cache, an allowed root) to what the
    user may see (e.g. the corpus name); the longest is replaced first, so a file inside a
    corpus reads ``corpus-name/sub/file.txt``. Any other absolute path left in the text is
    cut to ``…/<last part>``. Out: the text without absolute server paths (not escaped:
    pass it through :func:`md` to show it as Markdown).
    """
    message = str(text)
    known = sorted(((str(p).rstrip("/"), n) for p, n in (names or {}).items()), reverse=True,
                   key=lambda item: len(item[0]))  # fmt: skip
    for path, name in known:
        if len(path) > 1:
            message = message.replace(path, name)
    return _ABSOLUTE_PATH.sub(_last_part, message)


def _last_part(match: re.Match[str]) -> str:
    name = Path(match.group(0)).name
    return f"…/{name}" if name else "…"
