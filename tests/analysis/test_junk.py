"""Junk filters (analysis.junk, registered in analysis.entities.RULES)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.entities import RULES, clean_records
from tests.factories import located_rows
from tests.properties import examples


def kept(text: str, spans: list[tuple[str, str]], rules: list[str] | None = None) -> list[str]:
    """The surfaces clean_records keeps of ``spans`` ((surface, label), each after the last)."""
    rows = located_rows(text, spans, resume="end", canonical=None)
    return [m["text"] for m in clean_records(rows, text, rules=rules)]


def test_wire_sign_off_and_credit_go_but_the_company_stays() -> None:
    text = "LONDON (Reuters) - Reuters Holdings said profits rose.\n Reuter"
    spans = [("Reuters", "ORG"), ("Reuters Holdings", "ORG"), ("Reuter", "PERSON")]
    assert kept(text, spans, rules=["drop_wire_boilerplate"]) == ["Reuters Holdings"]


def test_a_stock_ticker_in_angle_brackets_goes_but_the_name_before_it_stays() -> None:
    """ "<UK>" is Union Carbide's ticker, no country; "<BOLD.S>" a ticker with its
    exchange; the UK written outside brackets stays."""
    text = "Union Carbide <UK> and Bold Mining <BOLD.S> met UK buyers. <Bold Resources Ltd>"
    spans = [("Union Carbide", "ORG"), ("UK", "GPE"), ("Bold Mining", "ORG"),
             ("BOLD", "ORG"), ("UK", "GPE"), ("Bold Resources Ltd", "ORG")]  # fmt: skip
    assert kept(text, spans, rules=["drop_tickers"]) == [
        "Union Carbide",
        "Bold Mining",
        "UK",
        "Bold Resources Ltd",
    ]


def test_units_and_currencies_go() -> None:
    text = "Net profit 12 mln U.S. Dlrs.\nRevs 291.8 mln vs 151.1 mln.\nIBM said."
    spans = [("U.S. Dlrs", "ORG"), ("Revs", "PERSON"), ("IBM", "ORG")]
    assert kept(text, spans, rules=["drop_units"]) == ["U.S.", "IBM"]


def test_a_country_before_units_stays_a_place() -> None:
    """ "against the U.S. Dollar" (a wire's title case): the unit goes, the country stays
    as a GPE of its own words (review 12, C6; before: the whole mention was dropped)."""
    text = "The pound fell against the U.S. Dollar and 49 U.K. Cts."
    rows = located_rows(text, [("the U.S. Dollar", "ORG"), ("U.K. Cts", "ORG")],
                        resume="end", canonical=None)  # fmt: skip
    out = clean_records(rows, text, rules=["drop_units"])
    assert [(m["text"], m["label"], text[m["start"] : m["end"]]) for m in out] == [
        ("U.S.", "GPE", "U.S."), ("U.K.", "GPE", "U.K.")]  # fmt: skip


def test_sentence_start_common_nouns_go_but_names_stay() -> None:
    text = ("Shares rose on Monday. The shares of the firm fell. Woods won. He walked in the "
            "woods where Woods lives.")  # fmt: skip
    spans = [("Shares", "ORG"), ("Woods", "PERSON")]
    assert kept(text, spans, rules=["drop_sentence_start_nouns"]) == ["Woods"]


def test_generic_words_go_unless_they_are_a_named_person() -> None:
    text = "Company officials met the Caretaker. Larry King said King would go."
    spans = [("Company", "ORG"), ("Caretaker", "ORG"), ("Larry King", "PERSON"),
             ("King", "PERSON")]  # fmt: skip
    assert kept(text, spans, rules=["drop_generic_words"]) == ["Larry King", "King"]


def test_junk_rules_are_named_and_switchable() -> None:
    names = {"drop_wire_boilerplate", "drop_tickers", "drop_units",
             "drop_sentence_start_nouns", "drop_generic_words"}  # fmt: skip
    assert names <= set(RULES)
    text = "Company officials met."
    others = [r for r in RULES if r != "drop_generic_words"]
    assert kept(text, [("Company", "ORG")], rules=others) == ["Company"]
    assert kept(text, [("Company", "ORG")]) == []


_SYMBOL = st.from_regex(r"[A-Z][A-Z0-9]{0,5}(\.[A-Z]{1,2})?", fullmatch=True)


@settings(max_examples=examples(100))
@given(symbol=_SYMBOL, label=st.sampled_from(["GPE", "ORG", "PERSON", "LOC"]))
def test_no_name_inside_a_bracketed_ticker_survives_and_the_same_word_outside_does(
    symbol: str, label: str
) -> None:
    """Whatever the ticker and the model's label, a mention inside "<...>" goes, and the
    same letters written outside brackets stay (drop_tickers reads the brackets, not the
    word)."""
    word = symbol.split(".")[0]
    text = f"Acme Holdings <{symbol}> said {word} rose."
    spans = [("Acme Holdings", "ORG"), (word, label), (word, label)]
    assert kept(text, spans, rules=["drop_tickers"]) == ["Acme Holdings", word]
