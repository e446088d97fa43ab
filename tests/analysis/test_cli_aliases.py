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


def test_the_command_freezes_its_heap_before_exit_and_a_callers_main_does_not(
    tmp_path, news_corpus, capsys, monkeypatch
):
    """The command (main() reading sys.argv) freezes the heap at its end, so the
    interpreter's final collections skip the tables (0.5 CPU s of a 1,000-body build's
    exit); a caller's main(argv) (a test, a script) keeps collecting as usual."""
    import sys
    from types import SimpleNamespace

    import analysis.__main__ as cli

    corpus = news_corpus(tmp_path / "corpus", 2)
    frozen = []  # the CLI's own gc.freeze calls (the build's pool freezes its heap too)
    monkeypatch.setattr(cli, "gc", SimpleNamespace(freeze=lambda: frozen.append(True)))
    command = ["summary", str(corpus), "--model", "rule-based", "--quiet"]
    assert main(command) == 0 and frozen == []
    monkeypatch.setattr(sys, "argv", ["newslens", *command])
    assert main() == 0 and frozen == [True]
    capsys.readouterr()
