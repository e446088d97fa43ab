"""YAML front matter of Markdown/text files, parsed with bounded size.

In: the decoded text of a .md/.txt file. Out: (metadata, body, warning). Front matter is the
block between a first line ``---`` and the next ``---`` line, as in Jekyll, Hugo and
python-frontmatter (a ``...`` line does not close it: those tools only take dashes), and
only when the block looks like a header (:func:`looks_like_fields`): every line at its
left edge is a ``key: value`` entry (a key without spaces), a list item of the entry
above, or a comment. Any other block (a story that opens with a ``---`` rule, a byline,
a Markdown list between two rules) is prose: the whole text is kept, unchanged, with no
warning. A file that is nothing but fences has no text (the loader skips it as empty).

Why not ``frontmatter.loads``: PyYAML expands anchors and aliases, so a 585-byte header
of nested aliases becomes a 72-million-character title (a "billion laughs" bomb) before
any size check can run. Here the block is capped at :data:`MAX_FRONT_MATTER_CHARS` before
it is parsed, and parsed by a safe loader that refuses anchors and aliases outright
(news metadata never needs them). A refused header raises :class:`FrontMatterRefused`,
so the loader skips the file with that reason. A header that looks like one but is not
valid YAML, or not a mapping of fields, is left out of the body (it is no prose:
analysing it would count its place names and dates as the text's) and its fields are not
read; the warning says why and where (the file's line), and the loader keeps it in the
document's ``warning`` column.
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
#: A header line at the left edge: a ``key: value`` entry (the key a name, no spaces:
#: "title", "published_at", "og:title" aside), a list item of the entry above, a comment.
_ENTRY = re.compile(r"""["']?[A-Za-z_][\w.-]*["']?[ \t]*:(?:[ \t]|$)""")
_HEADER_LINE = re.compile(r"""(?:#|-(?:[ \t]|$))|["']?[A-Za-z_][\w.-]*["']?[ \t]*:(?:[ \t]|$)""")


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
    if not stripped[start:].strip():  # nothing but the fence: no header, no text
        return {}, "", None
    closing = _FENCE.search(stripped, start, start + MAX_FRONT_MATTER_CHARS + 1)
    if closing is None:
        capped = stripped[start : start + MAX_FRONT_MATTER_CHARS]
        whole = capped[: capped.rfind("\n")]  # its whole lines, if it has any with text
        if _FENCE.search(stripped, start) is not None and looks_like_fields(
            whole if whole.strip() else capped
        ):
            raise FrontMatterRefused(
                f"front matter is longer than {MAX_FRONT_MATTER_CHARS:,} characters"
            )
        return {}, stripped, None  # no closing fence, or long prose: a text with a rule
    block, body = stripped[start : closing.start()], stripped[closing.end() :].strip()
    if not looks_like_fields(block):
        return {}, stripped, None  # prose between two rules (see the module docstring)
    try:
        data = yaml.load(block, Loader=_NoAliasLoader)  # a SafeLoader subclass
    except FrontMatterRefused:
        raise
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        first = stripped.count("\n", 0, start)  # the file's lines before the block's line 0
        return {}, body, f"front matter is not valid YAML: {_yaml_problem(exc, first)}; {_UNREAD}"
    if data is not None and not isinstance(data, dict):  # a safety net: an accepted block
        return {}, body, f"front matter is not a mapping of fields (title: ...); {_UNREAD}"
    return data or {}, body, None


_UNREAD = "its fields were not read and it was left out of the text"


def looks_like_fields(block: str) -> bool:
    """Whether ``block`` (the text between the two fences) reads as a header: blank, or
    at least one ``key: value`` entry and every line at the left edge an entry, a list
    item or a comment (indented lines continue the entry above)."""
    edge = [line for line in block.splitlines() if line.strip() and not line[0].isspace()]
    return not edge or (
        any(_ENTRY.match(line) for line in edge) and all(_HEADER_LINE.match(line) for line in edge)
    )


def _yaml_problem(exc: BaseException, first: int = 0) -> str:
    """One line naming what PyYAML found wrong and where, as a line number of the file:
    the block's 0-based line N is the file's line ``first`` + N + 1 (``first``: the
    file's lines before the block's line 0, which is the rest of the opening fence's line
    or, after blank lines, the first line with text)."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return type(exc).__name__ if isinstance(exc, RecursionError) else str(exc)[:120]
    mark = exc.context_mark or exc.problem_mark
    where = f" (line {first + mark.line + 1})" if mark is not None else ""
    what = f"{exc.context}{where}: {exc.problem}" if exc.context else f"{exc.problem}{where}"
    return " ".join(what.split())[:160]
