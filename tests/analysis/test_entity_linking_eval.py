"""benchmarks.entity_linking_eval: the within-document error pairs (--errors) account for
the whole B³ loss, so the loss classes it reports can be trusted."""

from __future__ import annotations

import pandas as pd

from benchmarks.entity_linking_eval import GoldMention, b_cubed, document_errors


def test_error_pairs_sum_to_the_b_cubed_losses() -> None:
    text = "Japan beat Syria. Japan is a country. Syria lost."
    spans = [(0, 5, "Japan_team"), (11, 16, "Syria_team"), (18, 23, "Japan"),
             (38, 43, "Syria_team")]  # fmt: skip
    gold = [GoldMention(0, s, e, "LOC", ent) for s, e, ent in spans]
    canon = ["Japan", "Syria", "Japan", "Syria team"]  # Japan x2 merged, Syria split
    mentions = pd.DataFrame({
        "doc_id": ["testa-000"] * 4, "start": [s for s, _, _ in spans],
        "end": [e for _, e, _ in spans], "text": [text[s:e] for s, e, _ in spans],
        "label": ["GPE"] * 4, "canonical": canon, "shown_label": ["GPE"] * 4,
    })  # fmt: skip
    result = b_cubed([(0, g.entity) for g in gold], [(0, c, "GPE") for c in canon])
    errors = document_errors(gold, mentions, [text])
    lost = {k: sum(e["loss"] for e in errors if e["kind"] == k) for k in ("precision", "recall")}
    assert round(1 - lost["precision"], 4) == result["precision"] < 1
    assert round(1 - lost["recall"], 4) == result["recall"] < 1
    assert {e["other_text"] for e in errors if e["kind"] == "precision"} == {"Japan"}
