"""Corpus strings made safe for Streamlit's Markdown and HTML (no raw corpus text as markup)."""

from __future__ import annotations

import html

from analysis.summary import escape_markdown


def md(value: object) -> str:
    """``value`` as inert Markdown (specials escaped, newlines flattened); '' for None."""
    if value is None:
        return ""
    text = escape_markdown(value)
    # Streamlit's Markdown also reads $...$ as LaTeX and :name: as icons/emoji.
    return text.replace("$", "\\$").replace(":", "\\:")


def html_text(value: object) -> str:
    """``value`` escaped for HTML text and attribute values; '' for None."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)
