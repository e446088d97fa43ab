"""YAML front matter of Markdown/text files, parsed with bounded size.

In: the decoded text of a .md/.txt file. Out: (metadata, body). Front matter is the
block between a first line ``---`` and the next ``---`` (or ``...``) line, as in Jekyll,
Hugo and python-frontmatter.

Why not ``frontmatter.loads``: PyYAML expands anchors and aliases, so a 585-byte header
of nested aliases becomes a 72-million-character title (a "billion laughs" bomb) before
any size check can run. Here the block is capped at :data:`MAX_FRONT_MATTER_CHARS` before
it is parsed, and parsed by a safe loader that refuses anchors and aliases outright
(news metadata never needs them). A refused header raises :class:`FrontMatterRefused`,
so the loader skips the file with that reason; a merely malformed header keeps the
whole text as the body, as before.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

#: Longest front matter block read (characters between the fences). Real headers hold a
#: few short fields; 64 KiB leaves room for long abstracts and keeps parsing bounded.
MAX_FRONT_MATTER_CHARS = 64 * 1024

# python-frontmatter's YAML fence, so documents keep the exact body (and doc_id) they had.
_FENCE = re.compile(r"^-{3,}\s*$", re.MULTILINE)


class FrontMatterRefused(ValueError):
    """The front matter may not be parsed (too long, or uses anchors/aliases)."""


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing every anchor (``&a``) and alias (``*a``)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise FrontMatterRefused(
                "front matter uses YAML anchors/aliases (refused: they can expand without bound)"
            )
        return super().compose_node(parent, index)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(metadata mapping, body) of ``text``; ({}, body) when it has no usable front matter.

    Splits as python-frontmatter does (text stripped, body stripped), so a document's
    text and doc_id do not change. Raises FrontMatterRefused when the header is longer
    than MAX_FRONT_MATTER_CHARS or uses YAML anchors/aliases.
    """
    if not text.startswith("---"):
        return {}, text
    stripped = text.strip()
    opening = _FENCE.match(stripped)
    if opening is None:
        return {}, stripped
    start = opening.end()
    closing = _FENCE.search(stripped, start, start + MAX_FRONT_MATTER_CHARS + 1)
    if closing is None:
        if _FENCE.search(stripped, start) is not None:
            raise FrontMatterRefused(
                f"front matter is longer than {MAX_FRONT_MATTER_CHARS:,} characters"
            )
        return {}, stripped  # no closing fence: a text that starts with a rule
    block, body = stripped[start : closing.start()], stripped[closing.end() :].strip()
    try:
        data = yaml.load(block, Loader=_NoAliasLoader)  # a SafeLoader subclass
    except FrontMatterRefused:
        raise
    except (yaml.YAMLError, RecursionError, ValueError):
        return {}, text  # malformed YAML: keep the whole text as the body
    return (data if isinstance(data, dict) else {}), body
