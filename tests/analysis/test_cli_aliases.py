"""The CLI reads a user alias file and every table it prints follows it."""

from __future__ import annotations

import json

from analysis.__main__ import main


def _entities(capsys, *args: str) -> dict[str, int]:
    assert main(["summary", *args, "--model", "rule-based", "--quiet", "--top", "50"]) == 0
    summary = json.loads(capsys.readouterr().out)
    return {e["name"]: e["mentions"] for e in summary["entities"]}


def test_aliases_file_renames_merges_and_excludes(tmp_path, news_corpus, capsys):
    corpus = news_corpus(tmp_path / "corpus", 16)
    before = _entities(capsys, str(corpus))
    assert before["Paris"] > 0 and before["France"] > 0 and before["Berlin"] > 0
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(
        "aliases:\n"
        "  - {alias: Paris, canonical: France (incl. Paris), label: GPE}\n"
        "  - {alias: France, canonical: France (incl. Paris), label: GPE}\n"
        "exclude: [Berlin]\n"
    )
    after = _entities(capsys, str(corpus), "--aliases", str(aliases))
    assert after["France (incl. Paris)"] == before["Paris"] + before["France"]
    assert "Paris" not in after and "France" not in after and "Berlin" not in after


def test_unreadable_aliases_file_is_a_one_line_error(tmp_path, news_corpus, capsys):
    corpus = news_corpus(tmp_path / "corpus", 2)
    bad = tmp_path / "aliases.csv"
    bad.write_text("no,such,columns\n1,2,3\n")
    assert main(["summary", str(corpus), "--aliases", str(bad), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err
