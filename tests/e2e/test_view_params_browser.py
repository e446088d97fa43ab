"""A Timeline link with view parameters (ui.view_params) opens the same view in Chromium,
and again after a reload; changing a bound control writes its parameter into the address
bar, and its default takes it out. Internet blocked (conftest's page fixture).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page
from streamlit_browser import PageLog, app_exceptions, go_to, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _per(page: Page, value: str):
    return page.locator(".st-key-per").get_by_role("radio", name=value)


def _pressed(page: Page, key: str) -> list[str]:
    """The selected options of a segmented control."""
    on = page.locator(f".st-key-{key} button[aria-pressed='true'], "
                      f".st-key-{key} button[aria-checked='true']")  # fmt: skip
    return sorted(text.strip() for text in on.all_inner_texts())


def _view_shown(page: Page) -> None:
    """The view the link asks for: volume per week, statements and happenings, reports."""
    assert _per(page, "week").is_checked()
    assert not _per(page, "day").is_checked()
    assert _pressed(page, "kinds") == ["Happenings", "Statements"]
    assert _pressed(page, "show") == ["Individual reports"]


def test_timeline_view_link_survives_a_reload(app_url: str, page: Page, page_log: PageLog) -> None:
    page.goto(app_url)  # through the router first (see test_timeline_browser.py)
    wait_for_app(page, timeout=90_000)
    link = f"{app_url}/timeline?per=week&kinds=Happenings&kinds=Statements&show=Individual+reports"
    page.goto(link)
    wait_for_app(page, timeout=90_000)
    page.get_by_role("heading", name="Timeline", exact=True).wait_for(timeout=60_000)
    _per(page, "week").wait_for(timeout=30_000)
    assert not app_exceptions(page)
    _view_shown(page)

    page.reload()
    wait_for_app(page, timeout=90_000)
    _per(page, "week").wait_for(timeout=30_000)
    _view_shown(page)
    assert _query(page)["per"] == ["week"]

    # the user changes the control: the default leaves the URL, another value enters it
    page.locator(".st-key-per").get_by_text("day", exact=True).click()
    wait_for_app(page)
    assert "per" not in _query(page)
    page.locator(".st-key-per").get_by_text("week", exact=True).click()
    wait_for_app(page)
    assert _query(page)["per"] == ["week"]
    assert _query(page)["kinds"] == ["Happenings", "Statements"]

    # another page drops the Timeline's view parameters; coming back restores them
    go_to(page, "Entities")
    assert "per" not in _query(page)
    go_to(page, "Timeline")
    _per(page, "week").wait_for(timeout=30_000)
    _view_shown(page)
    assert not app_exceptions(page)
    assert not page_log.blocked, sorted(set(page_log.blocked))
    assert not page_log.page_errors, page_log.page_errors


def _switch(page: Page, key: str):
    return page.locator(f".st-key-{key} input[type='checkbox']")


def test_country_rules_link_opens_the_switches_and_a_click_writes_them(
    app_url: str, page: Page, page_log: PageLog
) -> None:
    """The Countries page's rule switches share one parameter, ``rules`` (ui.country_rules):
    a link with it opens those switches off, a click rewrites it, a reload keeps it."""
    page.goto(app_url)
    wait_for_app(page, timeout=90_000)
    page.goto(f"{app_url}/countries?rules=-cities")
    wait_for_app(page, timeout=90_000)
    page.get_by_role("heading", name="Countries", exact=True).wait_for(timeout=60_000)
    assert not app_exceptions(page)
    page.get_by_text("Country rules", exact=True).click()  # open the expander
    _switch(page, "countries-rule-cities").wait_for(state="attached", timeout=30_000)
    assert not _switch(page, "countries-rule-cities").is_checked()
    assert _switch(page, "countries-rule-names").is_checked()
    assert page.get_by_text("rules=-cities").count() >= 1  # the caption names the spec

    page.locator(".st-key-countries-rule-demonyms label").click()
    wait_for_app(page)
    # the address is rewritten a moment after the run: wait for it, then check it
    page.wait_for_url(lambda url: "demonyms" in url, timeout=30_000)
    assert _query(page)["rules"] == ["-demonyms,-cities"]  # registry order
    page.reload()
    wait_for_app(page, timeout=90_000)
    page.get_by_text("Country rules", exact=True).click()
    _switch(page, "countries-rule-demonyms").wait_for(state="attached", timeout=30_000)
    assert not _switch(page, "countries-rule-demonyms").is_checked()
    assert not _switch(page, "countries-rule-cities").is_checked()

    # another page drops the parameter (Streamlit's rule); coming back restores it
    go_to(page, "Entities")
    assert "rules" not in _query(page)
    go_to(page, "Countries")
    page.wait_for_url(lambda url: "rules=" in url, timeout=30_000)
    assert _query(page)["rules"] == ["-demonyms,-cities"]
    page.get_by_text("Country rules", exact=True).click()
    _switch(page, "countries-rule-demonyms").wait_for(state="attached", timeout=30_000)
    assert not _switch(page, "countries-rule-demonyms").is_checked()

    for key in ("countries-rule-demonyms", "countries-rule-cities"):  # back to the defaults
        page.locator(f".st-key-{key} label").click()
        wait_for_app(page)
    page.wait_for_url(lambda url: "rules=" not in url, timeout=30_000)
    assert "rules" not in _query(page)
    assert not app_exceptions(page)
    assert not page_log.blocked, sorted(set(page_log.blocked))
    assert not page_log.page_errors, page_log.page_errors
