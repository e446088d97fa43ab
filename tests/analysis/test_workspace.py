"""Workspaces (analysis.workspace): alias edits kept per corpus beside the cache, shared
by every session and the CLI, recorded in every export."""

from __future__ import annotations

import io
import json
import threading
import zipfile

import pytest

from analysis import aliases as A
from analysis import workspace as W
from analysis.__main__ import main


def test_edits_persist_with_undo_history(tmp_path) -> None:
    cache, corpus = tmp_path / "cache", str(tmp_path / "corpus")
    assert W.load(cache, corpus).aliases == A.Aliases()  # nothing saved yet: empty
    W.edit(cache, corpus, W.DEFAULT, lambda a: A.merge(a, "UN", "United Nations"))
    W.edit(cache, corpus, W.DEFAULT, lambda a: A.exclude(a, "Company"))
    again = W.load(cache, corpus)  # read back from disk, as another process would
    assert again.aliases.resolve("UN") == "United Nations" and "Company" in again.aliases.exclude
    assert len(again.history) == 2
    W.undo(cache, corpus)
    assert "Company" not in W.load(cache, corpus).aliases.exclude
    assert W.load(cache, corpus).aliases.resolve("UN") == "United Nations"
    assert not [p for p in W.path_of(cache, corpus).parent.iterdir() if p.suffix == ".json"
                and p.name.startswith(".tmp-")]  # fmt: skip


def test_workspaces_are_per_corpus_and_per_name(tmp_path) -> None:
    cache = tmp_path / "cache"
    W.edit(cache, str(tmp_path / "a"), W.DEFAULT, lambda a: A.exclude(a, "X"))
    assert W.load(cache, str(tmp_path / "b")).aliases == A.Aliases()
    assert W.load(cache, str(tmp_path / "a"), "draft").aliases == A.Aliases()
    with pytest.raises(ValueError, match="not valid"):
        W.path_of(cache, str(tmp_path / "a"), "../escape")


def test_concurrent_edits_all_land(tmp_path) -> None:
    cache, corpus = tmp_path / "cache", str(tmp_path / "corpus")

    def exclude(i: int) -> None:
        W.edit(cache, corpus, W.DEFAULT, lambda a: A.exclude(a, f"name{i}"))

    threads = [threading.Thread(target=exclude, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert W.load(cache, corpus).aliases.exclude == {f"name{i}" for i in range(8)}


def test_unreadable_workspace_is_a_clear_error(tmp_path) -> None:
    cache, corpus = tmp_path / "cache", str(tmp_path / "corpus")
    path = W.path_of(cache, corpus)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(ValueError, match="not a readable workspace"):
        W.load(cache, corpus)


def test_suggestions_accepted_in_one_step_and_rejected_for_good(tmp_path) -> None:
    cache, corpus = tmp_path / "cache", str(tmp_path / "corpus")
    W.accept(cache, corpus, W.DEFAULT, [("Nazarbayev", "Nazarbaev"), ("Tehran", "Teheran")])
    ws = W.reject(cache, corpus, W.DEFAULT, [("Jean Dupont", "Jean Dupond")])
    assert ws.aliases.resolve("Teheran") == "Tehran" and len(ws.history) == 1
    assert ("Jean Dupond", "Jean Dupont") in W.load(cache, corpus).rejected


def _summary(capsys, *args: str) -> dict:
    assert main(["summary", *args, "--model", "rule-based", "--quiet", "--top", "50"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_reads_the_workspace_and_summary_records_it(tmp_path, news_corpus, capsys) -> None:
    corpus, cache = news_corpus(tmp_path / "corpus", 6), tmp_path / "cache"
    before = {e["name"]: e["mentions"] for e in _summary(capsys, str(corpus), "--cache",
                                                          str(cache))["entities"]}  # fmt: skip
    assert before["Paris"] and before["Berlin"]
    W.edit(cache, str(corpus), W.DEFAULT, lambda a: A.merge(a, "Paris", "Berlin"))
    summary = _summary(capsys, str(corpus), "--cache", str(cache), "--workspace", "default")
    after = {e["name"]: e["mentions"] for e in summary["entities"]}
    assert after["Berlin"] == before["Berlin"] + before["Paris"] and "Paris" not in after
    assert A.parse_aliases(summary["corpus"]["aliases"], "csv").resolve("Paris") == "Berlin"
    plain = _summary(capsys, str(corpus), "--cache", str(cache))
    assert plain["corpus"]["aliases"] is None  # no edits asked for: none recorded
    assert main(["summary", str(corpus), "--workspace", "no/such", "--quiet"]) == 2


def test_zip_export_carries_the_alias_file(tmp_path, news_corpus) -> None:
    from analysis.build import build_corpus
    from analysis.filters import Filters
    from analysis.present.report import bundle_zip

    corpus = build_corpus(news_corpus(tmp_path / "corpus", 4), cache_dir=tmp_path / "cache",
                          model="rule-based")  # fmt: skip
    edits = A.exclude(A.merge(A.Aliases(), "Paris", "Berlin"), "France")
    aliased = A.apply_user_aliases(corpus, edits)
    with zipfile.ZipFile(io.BytesIO(bundle_zip(aliased, Filters()))) as zf:
        assert A.parse_aliases(zf.read("aliases.csv").decode(), "csv") == edits
        summary = json.loads(zf.read("summary.json"))
    assert A.parse_aliases(summary["corpus"]["aliases"], "csv") == edits
    with zipfile.ZipFile(io.BytesIO(bundle_zip(corpus, Filters()))) as zf:
        assert "aliases.csv" not in zf.namelist()


def test_html_report_names_the_alias_edits(tmp_path, news_corpus) -> None:
    """The report carries a line naming the edits in force (escaped like all corpus text)."""
    from analysis.build import build_corpus
    from analysis.filters import Filters
    from analysis.present.html_report import html_report

    corpus = build_corpus(news_corpus(tmp_path / "corpus", 4), cache_dir=tmp_path / "cache",
                          model="rule-based")  # fmt: skip
    edits = A.exclude(A.merge(A.Aliases(), "Paris", "<b>Berlin</b>"), "France")
    page = html_report(A.apply_user_aliases(corpus, edits), Filters())
    line = page.split('id="nl-alias-edits">', 1)[1].split("</span>", 1)[0]
    assert "2 edits: Paris -&gt; &lt;b&gt;Berlin&lt;/b&gt;; France excluded" in line
    assert "Entity edits (aliases.csv in the ZIP export): none" in html_report(corpus, Filters())
