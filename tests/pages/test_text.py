"""ui.text: md() leaves no link, image or HTML in any renderer, and shows the text as is;
public_message() keeps server paths out of messages.

The Markdown property is checked with markdown-it-py (CommonMark, HTML enabled, the
parser behind rich; Streamlit's browser side is CommonMark too) plus the GFM steps
Streamlit runs on text *after* escapes are resolved: remark-gfm's literal autolinks
(``www.``, ``http://``, ``a@b.co``) and the emoji/icon shortcodes. The browser test
tests/e2e/test_url_markdown.py checks the real thing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from analysis.present.summary import WORD_JOINER, to_markdown
from tests.properties import examples
from ui.text import md, public_message

COMMONMARK = MarkdownIt("commonmark", {"html": True})
# remark-gfm's autolink-literal transform (mdast-util-gfm-autolink-literal, the regexes in
# Streamlit's bundle) and Streamlit's shortcodes, run on the text of the rendered HTML.
GFM_TEXT_LINKS = [
    re.compile(r"(?i)(https?://|www(?=\.))[-.\w]+"),
    re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    re.compile(r":[\w/+-]+:"),
]
PAYLOADS = [
    "![x](http://127.0.0.1:9/beacon.png)",
    "[log in](http://evil.example)",
    "<img src=x onerror=alert(1)>",
    "<http://evil.example>",
    "www.evil.example and http://evil.example/x?y=1 and mail me@evil.example",
    ":red[alert] :material/home: :smile: $x^2$ &amp; &#60;b&#62;",
    "[ref]: http://evil.example\n\n[ref]",
    "* item\n# head\n> quote\n    code\n1) one\n---\n| a | b |",
    "`code` **bold** _it_ ~~gone~~ \\ trailing\\",
]


class _Visible(HTMLParser):
    """The tags and the text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)

    def handle_comment(self, data) -> None:
        self.tags.append("<!--")


def render(markdown: str) -> tuple[set[str], str]:
    """The element names and the visible text of ``markdown`` rendered by CommonMark."""
    parser = _Visible()
    parser.feed(COMMONMARK.render(markdown))
    parser.close()
    return set(parser.tags), "".join(parser.text).strip("\n")


def expected_text(value: str) -> str:
    """What a reader sees of ``value``: whitespace runs as one space, NUL as U+FFFD, and
    no WORD_JOINER (invisible; md() inserts them, so the visible text is compared without
    them, and a joiner the value had itself is as invisible)."""
    return " ".join(value.replace("\x00", "\ufffd").split()).replace(WORD_JOINER, "")


@settings(max_examples=examples(500), deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",))))
@example("![x](http://host/beacon)")
@example("[log in](http://evil)")
@example("\u2060")  # a value that is a word joiner: found by CI's full examples
def test_md_renders_no_markup_and_shows_the_text(value: str) -> None:
    escaped = md(value)
    tags, visible = render(escaped)
    assert tags <= {"p"}, (value, escaped, tags)
    for pattern in GFM_TEXT_LINKS:
        assert not pattern.search(visible), (value, visible)
    assert visible.replace(WORD_JOINER, "") == expected_text(value)
    # inside other Markdown (bold, a list item, a caption line) it stays inert too
    tags, visible = render(f"- **Name:** {escaped} · 3 documents")
    assert tags <= {"ul", "li", "strong"}, tags


@pytest.mark.parametrize("payload", PAYLOADS)
def test_known_payloads_are_plain_text(payload: str) -> None:
    tags, visible = render(md(payload))
    assert tags <= {"p"}
    assert visible.replace(WORD_JOINER, "") == expected_text(payload)
    assert "href" not in COMMONMARK.render(md(payload))


def test_the_renderer_check_can_fail() -> None:
    # without escaping, the payloads are markup: the property above is not vacuous
    tags, _ = render(PAYLOADS[0] + " " + PAYLOADS[1] + " " + PAYLOADS[2])
    assert {"img", "a"} <= tags
    assert GFM_TEXT_LINKS[0].search(render(PAYLOADS[4])[1])


def test_summary_markdown_uses_the_same_escape() -> None:
    summary = {
        "corpus": {"path": "c", "documents": 1, "words": 1, "model": "m", "skipped": [],
                   "warnings": [], "first_date": None, "last_date": None},
        "entities": [{"name": PAYLOADS[0], "label": "ORG", "mentions": 1, "documents": 1}],
        "countries": [], "events": [],
    }  # fmt: skip
    tags, visible = render(to_markdown(summary))
    assert "img" not in tags and "a" not in tags
    assert PAYLOADS[0] in visible.replace(WORD_JOINER, "")


def test_md_of_none_is_empty() -> None:
    assert md(None) == ""


@pytest.mark.parametrize(
    ("message", "names", "shown", "hidden"),
    [
        ("corpus path not found: /srv/data/news.", {}, "…/news.", "/srv"),
        ("[Errno 28] No space left on device: '/srv/cache/uploads/u/a.txt'",
         {"/srv/cache": "the cache"}, "the cache/uploads/u/a.txt", "/srv"),
        ("/etc/passwd is outside the allowed folders (/srv/a, /home/x/b)",
         {"/srv/a": "a"}, "(a, …/b)", "/home"),
        ("Could not load news: cannot read corpus file /srv/news/a b.txt", {"/srv/news": "news"},
         "news/a b.txt", "/srv"),
        ("1.5 docs/s; and/or http://example.org/x stays", {},
         "docs/s; and/or http://example.org/x", "…"),
    ],
)  # fmt: skip
def test_public_message_hides_server_paths(message, names, shown, hidden) -> None:
    out = public_message(message, names)
    assert shown in out and hidden not in out, out


@given(st.lists(st.from_regex(r"[a-z0-9_. -]{1,8}", fullmatch=True), min_size=1, max_size=5))
def test_public_message_leaves_no_absolute_path(parts) -> None:
    path = "/" + "/".join(p.strip() or "x" for p in parts)
    # A path ends at whitespace (ui.text._PATH_CHAR): "/. 0" is the root "/." and a word.
    # "/." or "/.." name the root: nothing to hide.
    assume(path.split()[0].strip("/.") != "")
    out = public_message(f"cannot read '{path}' now", {})
    assert "'/" not in out and (path.count("/") < 1 or "…" in out), out
