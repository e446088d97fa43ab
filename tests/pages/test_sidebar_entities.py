"""The sidebar's entity picker lists the most mentioned entities only, and still reaches
every entity: by typing its name, or through a link that names it."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from ui import sidebar

OpenApp = Callable[..., AppTest]


def _picker(at: AppTest):
    return at.sidebar.multiselect(key="flt_entities")


def _url_entities(at: AppTest) -> list[str]:
    value = at.query_params.get("entity") or []
    return [value] if isinstance(value, str) else list(value)


def _all_entities(open_app: OpenApp) -> list[str]:
    sidebar._options.clear()  # the fixture corpus has far fewer than ENTITY_OPTIONS
    names = list(_picker(open_app()).options)
    sidebar._options.clear()
    assert len(names) > 5, names
    return names


def test_the_top_is_listed_and_any_entity_is_reached_by_typing_or_a_link(
    open_app: OpenApp, monkeypatch
) -> None:
    every = _all_entities(open_app)
    sidebar._options.clear()
    monkeypatch.setattr(sidebar, "ENTITY_OPTIONS", 3)
    try:
        at = open_app()
        assert list(_picker(at).options) == every[:3]  # the 3 most mentioned, nothing else
        wanted = next(n for n in every[3:] if n.lower() != n)
        _picker(at).set_value([f" {wanted.lower()} "]).run()  # typed, in the wrong case
        assert not at.exception
        assert _url_entities(at) == [wanted]  # the corpus's spelling, in the URL
        assert _picker(at).value == [wanted]
        assert wanted in _picker(at).options

        _picker(at).set_value([wanted, "Nobody Atall"]).run()
        assert _url_entities(at) == [wanted]
        assert any("No entity named Nobody Atall" in c.value for c in at.sidebar.caption)

        # a link naming an entity outside the top: listed beside it, selected, filtering
        at = open_app(params={"entity": every[-1]})
        assert not at.exception
        assert list(_picker(at).options) == [*every[:3], every[-1]]
        assert _picker(at).value == [every[-1]]
        _picker(at).set_value([every[-1], every[0]]).run()  # add a listed one beside it
        assert _url_entities(at) == [every[-1], every[0]]
    finally:
        sidebar._options.clear()


def test_match_entities_prefers_the_exact_name_then_any_case() -> None:
    names = ["US", "Us", "Iran"]
    folded = {n.casefold(): n for n in reversed(names)}  # "US" is the more mentioned
    assert sidebar.match_entities(["Us", "us ", "IRAN", "Iran", "Nowhere"], set(names),
                                  folded) == (["Us", "US", "Iran"], ["Nowhere"])  # fmt: skip
