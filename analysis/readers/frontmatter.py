"""YAML front matter of Markdown/text files, parsed with bounded size.

In: the decoded text of a .md/.txt file. Out: (metadata, body, warning). Front matter is the
block between a first line ``---`` and the next ``---`` (or ``...``) line, as in Jekyll,
Hugo and python-frontmatter.

Why not ``frontmatter.loads``: PyYAML expands anchors and aliases, so a 585-byte header
of nested aliases becomes a 72-million-character title (a "billion laughs" bomb) before
any size check can run. Here the block is capped at :data:`MAX_FRONT_MATTER_CHARS` before
it is parsed, and parsed by a safe loader that refuses anchors and aliases outright
(news metadata never needs them). A refused header raises :class:`FrontMatterRefused`,
so the loader skips the file with that reason. A header that is not valid YAML, or not
a mapping of fields, is left out of the body (it is no prose: analysing it would count
its place names and dates as the text's) and its fields are not read; the warning says
why and where, and the loader keeps it in the document's ``warning`` column.
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


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """(metadata mapping, body, warning) of ``text``; ({}, body, None) when it has no front
    matter, ({}, body, reason) when its front matter cannot be read (see the module
    docstring: the block is left out of the body).

    Splits as python-frontmatter does (text stripped, body stripped), so a document's
    text and doc_id do not change. Raises FrontMatterRefused when the header is longer
    than MAX_FRONT_MATTER_CHARS or uses YAML anchors/aliases.
    """
    if not text.startswith("---"):
        return {}, text, None
    stripped = text.strip()
    opening = _FENCE.match(stripped)
    if opening is None:
        return {}, stripped, None
    start = opening.end()
    closing = _FENCE.search(stripped, start, start + MAX_FRONT_MATTER_CHARS + 1)
    if closing is None:
        if _FENCE.search(stripped, start) is not None:
            raise FrontMatterRefused(
                f"front matter is longer than {MAX_FRONT_MATTER_CHARS:,} characters"
            )
        return {}, stripped, None  # no closing fence: a text that starts with a rule
    block, body = stripped[start : closing.start()], stripped[closing.end() :].strip()
    try:
        data = yaml.load(block, Loader=_NoAliasLoader)  # a SafeLoader subclass
    except FrontMatterRefused:
        raise
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        return {}, body, f"front matter is not valid YAML: {_yaml_problem(exc)}; {_UNREAD}"
    if data is not None and not isinstance(data, dict):
        return {}, body, f"front matter is not a mapping of fields (title: ...); {_UNREAD}"
    return data or {}, body, None


_UNREAD = "its fields were not read and it was left out of the text"


def _yaml_problem(exc: BaseException) -> str:
    """One line naming what PyYAML found wrong and where, as a line number of the file (the
    block starts with the rest of the opening fence's line: its 0-based line N is the
    file's line N + 1)."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return type(exc).__name__ if isinstance(exc, RecursionError) else str(exc)[:120]
    mark = exc.context_mark or exc.problem_mark
    where = f" (line {mark.line + 1})" if mark is not None else ""
    what = f"{exc.context}{where}: {exc.problem}" if exc.context else f"{exc.problem}{where}"
    return " ".join(what.split())[:160]
