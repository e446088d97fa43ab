"""The events' per-token scans of a sentence read only the tokens they can act on
(analysis.events.extract._Scans): the reporting-verb scan (attributions), the clause scan
(_clauses) and the event-noun scan (_is_event_noun) each skip every other token as their
first test, so the events are those of a scan over every token, read from the Doc's
arrays once instead of three attributes of every token in Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.events import extract
from analysis.events.extract import extract_events

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_9635e7a99c58f50c.txt"
TEXTS = [
    "WASHINGTON, March 3 - Iran attacked two Iraqi oil platforms in the Gulf on Monday, "
    'U.S. officials said. "We won\'t accept it," the minister told reporters in Baghdad.',
    "According to the ministry, the talks in Vienna ended without an agreement after the "
    "strike. The minister announced that troops had withdrawn from the border.",
    "BRAZIL SUSPENDS DEBT PAYMENTS\n\nBrazil's finance minister said yesterday the country "
    "had suspended interest payments, and talks with creditor banks would resume.",
]


@pytest.fixture(scope="module")
def docs(trained_nlp):
    return [trained_nlp(t) for t in [SEED.read_text(encoding="utf-8"), *TEXTS]]


def _every_token(self, kind, tokens, start, end):
    """The scan before _Scans: every token of the sentence."""
    return tokens[start:end]


def _events(doc) -> list[dict]:
    return extract_events(doc, doc_id="d", doc_date="1987-03-02", mentions=[])


@pytest.mark.model
def test_each_scan_reads_only_the_tokens_it_can_act_on(docs, monkeypatch):
    seen: dict[str, list] = {"attributions": [], "_clauses": [], "_is_event_noun": []}
    for name in seen:
        real = getattr(extract, name)

        def spy(tokens_or_tok, *args, _real=real, _name=name):
            seen[_name].extend([tokens_or_tok] if _name == "_is_event_noun" else tokens_or_tok)
            return _real(tokens_or_tok, *args)

        monkeypatch.setattr(extract, name, spy)
    for doc in docs:
        _events(doc)
    assert {t.pos_ for t in seen["_clauses"]} == {"VERB"}
    assert {t.pos_ for t in seen["_is_event_noun"]} == {"NOUN", "PROPN"}
    assert all(t.pos_ == "VERB" or t.lower_ == "according" for t in seen["attributions"])
    assert any(t.lower_ == "according" for t in seen["attributions"])


@pytest.mark.model
def test_the_events_equal_those_of_a_scan_over_every_token(docs, monkeypatch):
    scanned = [_events(doc) for doc in docs]
    assert sum(map(len, scanned)) > 10  # the texts give events of every kind of scan
    monkeypatch.setattr(extract._Scans, "tokens", _every_token)
    assert [_events(doc) for doc in docs] == scanned
