"""The Countries page's rule switches live in the URL as one parameter, ``rules``, the
spec the CLI's ``--rules`` takes (ui.country_rules; review 8, section 7): switching a
rule off writes it, a link carrying it opens the switches in that state and the numbers
follow, the defaults write nothing (old links open with the defaults), an unknown rule
in a link is ignored with a visible note, and a page switch keeps the switches.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.pages.test_countries_page import counts, no_exception

OpenApp = Callable[..., AppTest]
PAGE = "pages/countries.py"
FRIES = "countries-context-demonym_modifiers"  # "French cuisine": no country while on


def _rules(at: AppTest) -> list[str]:
    """The URL's ``rules`` values ([] when absent)."""
    if "rules" not in at.query_params:
        return []
    value = at.query_params["rules"]
    return [value] if isinstance(value, str) else list(value)


def _notes(at: AppTest) -> list[str]:
    """The page's notes about link parts it ignored."""
    return [w.value for w in at.warning if "cannot switch" in w.value]


def test_switching_a_rule_off_writes_it_and_back_on_removes_it(
    open_app: OpenApp, fries: Path
) -> None:
    at = open_app(fries, page=PAGE)
    no_exception(at)
    assert _rules(at) == []  # the defaults write nothing
    at.toggle(key=FRIES).set_value(False).run()
    no_exception(at)
    assert _rules(at) == ["-demonym_modifiers"]
    assert set(counts(at)) == {"Iran", "France"}
    at.toggle(key="countries-rule-metonyms").set_value(False).run()
    assert _rules(at) == ["-metonyms,-demonym_modifiers"]  # registry order, one parameter
    at.toggle(key=FRIES).set_value(True).run()
    at.toggle(key="countries-rule-metonyms").set_value(True).run()
    no_exception(at)
    assert _rules(at) == []
    assert set(counts(at)) == {"Iran"}


def test_a_link_with_rules_opens_them_off_and_the_numbers_follow(
    open_app: OpenApp, fries: Path
) -> None:
    plain = open_app(fries, page=PAGE)  # an old link: no parameter, the defaults
    assert plain.toggle(key=FRIES).value is True
    assert set(counts(plain)) == {"Iran"}
    at = open_app(fries, page=PAGE, params={"rules": "-demonym_modifiers"})
    no_exception(at)
    assert at.toggle(key=FRIES).value is False
    assert at.toggle(key="countries-rule-names").value is True
    assert set(counts(at)) == {"Iran", "France"}
    assert any("rules=-demonym_modifiers" in c.value for c in at.caption)
    assert _rules(at) == ["-demonym_modifiers"]
    # the page's downloads say which rules they were made under (help and file name)
    helps = [b.proto.help for b in at.get("download_button")]
    assert helps and all("rules \\-demonym\\_modifiers" in h for h in helps), helps
    assert not any("rules" in b.proto.help for b in plain.get("download_button"))
    # another page and back: the switches and the parameter come back
    at.switch_page("pages/overview.py").run()
    at.switch_page(PAGE).run()
    no_exception(at)
    assert at.toggle(key=FRIES).value is False
    assert _rules(at) == ["-demonym_modifiers"]


def test_an_unknown_rule_in_a_link_is_ignored_with_a_note(open_app: OpenApp, fries: Path) -> None:
    at = open_app(fries, page=PAGE,
                  params={"rules": "-demonym_modifiers,-no_such_rule,-hyphen_places"})  # fmt: skip
    no_exception(at)
    notes = _notes(at)
    assert any("no\\_such\\_rule" in n and "hyphen\\_places" in n for n in notes), notes
    assert at.toggle(key=FRIES).value is False  # the known part applies
    assert _rules(at) == ["-demonym_modifiers"]  # the address keeps what was applied
    at.toggle(key="countries-rule-names").set_value(False).run()  # a change ends the note
    assert not _notes(at)
    assert _rules(at) == ["-names,-demonym_modifiers"]


def test_a_link_with_nothing_but_junk_opens_the_defaults(open_app: OpenApp, fries: Path) -> None:
    at = open_app(fries, page=PAGE, params={"rules": ",,-,+<b>x</b>"})
    no_exception(at)
    assert set(counts(at)) == {"Iran"}
    assert _rules(at) == []
    assert _notes(at)  # said, not silently dropped


def test_the_note_ends_when_a_clean_link_is_followed(open_app: OpenApp, fries: Path) -> None:
    """Review 11, §5: a later link in the same session kept the earlier link's note."""
    at = open_app(fries, page=PAGE,
                  params={"rules": "-demonym_modifiers,[x](http://evil.example)"})  # fmt: skip
    assert _notes(at)
    at.query_params["rules"] = "-names"  # a followed link, same session
    at.run()
    no_exception(at)
    assert not _notes(at)
    assert _rules(at) == ["-names"]
    assert at.toggle(key="countries-rule-names").value is False


def test_a_repeated_parameter_is_applied_whole_and_kept_once(
    open_app: OpenApp, fries: Path
) -> None:
    """Review 11, §6: only the last value applied and the address kept both."""
    at = open_app(fries, page=PAGE, params={"rules": ["-names", "-demonym_modifiers"]})
    no_exception(at)
    assert at.toggle(key="countries-rule-names").value is False
    assert at.toggle(key=FRIES).value is False
    assert _rules(at) == ["-names,-demonym_modifiers"]
    assert not _notes(at)


def _rule_notes(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("Rules ")]


def test_the_defaults_name_no_rule_and_a_change_names_its_direction(
    open_app: OpenApp, fries: Path
) -> None:
    """ui26: the defaults (historic_successor is off by default) wrote "Rules switched off:
    Split states' successors (`rules=`)", an empty spec beside a rule the user never
    touched; a note names only the rules set away from their defaults, each on or off."""
    at = open_app(fries, page=PAGE)
    no_exception(at)
    assert _rule_notes(at) == []
    at = open_app(fries, page=PAGE, params={"rules": "+historic_successor,-demonym_modifiers"})
    no_exception(at)
    (note,) = _rule_notes(at)
    assert "Split states' successors on" in note, note
    assert "Food, culture, styles off" in note, note
    assert "rules=+historic_successor,-demonym_modifiers" in note, note
