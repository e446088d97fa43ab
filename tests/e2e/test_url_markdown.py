"""Markdown in the page address is shown as text: no image is fetched, no link is drawn.

Issue 15 item 5: ``?entity=`` and ``?corpus=`` values carrying Markdown were rendered, so
an image pointing at a third-party server was fetched (a beacon telling it who opened
the link) and a fake "log in" link was shown. Here the third party is a local HTTP
server on 127.0.0.1 that counts every request; it must get none, and no ``<a href>`` to
it or to the fake login may exist. Also checked: the server's paths are not shown.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from streamlit_browser import app_exceptions, wait_for_app

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
EVIL = "http://evil.example/login"
WORD_JOINER = "\u2060"


class Beacon:
    """A local HTTP server that records every request it gets (a 1x1 GIF for each)."""

    GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"  # noqa: E501

    def __init__(self) -> None:
        self.hits: list[str] = []
        beacon = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                beacon.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.end_headers()
                self.wfile.write(Beacon.GIF)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def beacon() -> Iterator[Beacon]:
    server = Beacon()
    yield server
    server.close()


def payload(beacon: Beacon) -> str:
    return f"![x]({beacon.url}/pixel.gif) [log in]({EVIL}) www.evil.example {beacon.url}/bare"


def links_and_images(page, beacon: Beacon) -> list[str]:
    """Anchors and images that point at the beacon or the fake login, in every frame."""
    # the app's own links may carry the payload url-encoded in their query: only the
    # target host counts
    script = """(hosts) => [...document.querySelectorAll('a[href], img[src]')]
        .map(e => e.getAttribute('href') || e.getAttribute('src'))
        .filter(u => { try { return hosts.includes(new URL(u, location.href).host) }
                       catch (e) { return false } })"""
    hosts = [beacon.url.removeprefix("http://"), "evil.example"]
    return [u for frame in page.frames for u in frame.evaluate(script, hosts)]


def visible_text(page) -> str:
    return page.locator("body").inner_text().replace(WORD_JOINER, "")


def settle(page) -> None:
    wait_for_app(page, timeout=120_000)
    page.wait_for_timeout(1500)  # give any image time to be requested


def test_the_beacon_and_link_checks_can_fail(page, beacon) -> None:
    page.set_content(f'<img src="{beacon.url}/pixel.gif"><a href="{EVIL}">log in</a>')
    page.wait_for_timeout(500)
    assert beacon.hits == ["/pixel.gif"]
    assert len(links_and_images(page, beacon)) == 2


def test_entity_in_the_url_is_text(page, page_log, app_url, beacon) -> None:
    text = payload(beacon)
    page.goto(f"{app_url}/downloads?entity={quote(text)}")
    settle(page)
    assert app_exceptions(page) == []
    assert beacon.hits == []
    assert links_and_images(page, beacon) == []
    assert f"entities: {text}" in visible_text(page)  # the filter caption shows it as typed
    page.goto(f"{app_url}/entities?entity={quote(text)}")
    settle(page)
    assert beacon.hits == [] and links_and_images(page, beacon) == []
    assert page_log.page_errors == []


def test_invalid_corpus_in_the_url_is_text(page, app_url, beacon) -> None:
    ref = "upload-" + payload(beacon)
    page.goto(f"{app_url}/?corpus={quote(ref)}")
    settle(page)
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for()
    assert ref in error.inner_text().replace(WORD_JOINER, "")
    assert beacon.hits == []
    assert links_and_images(page, beacon) == []


def test_corpus_named_by_a_path_shows_its_name_not_the_url(page, app_url, seeds_dir, beacon):
    # "<seeds>/<markdown>/../.." opens the startup corpus: the caption used to print it raw
    text = payload(beacon)
    ups = "/.." * len([part for part in text.split("/") if part])
    ref = f"{seeds_dir}/{text}{ups}"
    page.goto(f"{app_url}/?corpus={quote(ref)}")
    settle(page)
    assert app_exceptions(page) == []
    sidebar = page.locator("[data-testid='stSidebar']")
    assert f"{seeds_dir.name} ·" in sidebar.inner_text()
    assert beacon.hits == []
    assert links_and_images(page, beacon) == []
    assert str(seeds_dir.parent) not in visible_text(page)  # a name, not a server path
