"""Which country rules a result was mapped under is recorded wherever the result goes
(review 8, section 7): ``Corpus.rules`` (set by analysis.tables.under_rules), the
summary's corpus block (JSON and Markdown), the ZIP bundle (README.txt, summary.json,
country_rules.csv), the workbook's country_rules sheet and the HTML report; each switched
rule's meaning comes from the registry (analysis.countries.rules.RULES). The spec is the
CLI's ``--rules`` syntax, read by one function (read_spec) for the CLI and the URL.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_filters import make_corpus

from analysis.countries.rule_specs import (
    describe_spec,
    parse_switches,
    read_spec,
    rules_in_force,
    spec_of,
    spec_record,
)
from analysis.countries.rules import RULES, ContextRules, CountryRules
from analysis.filters import Filters, apply_filters
from analysis.present import html_report, report
from analysis.present.summary import summarize, to_markdown
from analysis.tables import under_rules

SWITCHABLE = [r.id for r in RULES.values() if r.kind != "cue"]
OFF = "-names,-cities"


_OFF_MADE: list = []  # off_corpus's corpus, mapped once per process (~0.5 s of CPU each time)


def off_corpus():
    """make_corpus() mapped again with the name and city readings switched off; each call
    returns its own deep copy of the one mapping, so a test's edits reach no other test."""
    if not _OFF_MADE:
        _OFF_MADE.append(_under(make_corpus(), OFF))
    return copy.deepcopy(_OFF_MADE[0])


def _under(corpus, spec: str):
    """``corpus`` assembled again under ``spec`` from its per-document tables."""
    per_doc = {name: corpus.table(name) for name in ("sentences", "mentions", "events")}
    return under_rules(corpus, per_doc, spec)


# ---------------------------------------------------------------- the spec


@given(st.dictionaries(st.sampled_from(SWITCHABLE), st.booleans()))
def test_spec_of_is_the_shortest_spec_that_gives_the_switches(state: dict[str, bool]) -> None:
    kinds = {r.id: r.kind for r in RULES.values()}
    rules = CountryRules(**{k: v for k, v in state.items() if kinds[k] == "reading"})
    context = ContextRules(**{k: v for k, v in state.items() if kinds[k] == "context"})
    spec = spec_of(rules, context)
    assert read_spec(spec) == (rules, context, [])
    assert parse_switches(spec) == (rules, context)
    changed = {k for k, v in state.items() if v != RULES[k].default}
    assert {part.lstrip("+-") for part in spec.split(",") if part} == changed
    assert [r["rule"] for r in spec_record(spec)] == [i for i in SWITCHABLE if i in changed]


def test_read_spec_ignores_what_is_no_switchable_rule_and_parse_switches_refuses_it() -> None:
    rules, context, ignored = read_spec("-names, -nosuchrule,,-hyphen_places,+strays")
    assert rules == CountryRules(names=False) and context == ContextRules()
    assert ignored == ["-nosuchrule", "-hyphen_places"]  # unknown; a cue rule
    with pytest.raises(ValueError, match="unknown country rule 'nosuchrule'"):
        parse_switches("-names,-nosuchrule")


def test_a_part_with_more_than_one_sign_is_ignored() -> None:
    """Review 11, §7: "--names" was read as "-names" and "+-names" as "+names"."""
    for spec in ("--names", "+-names", "-+names", "++names"):
        assert read_spec(spec) == (CountryRules(), ContextRules(), [spec])
    assert read_spec("-names,+strays") == (CountryRules(names=False), ContextRules(), [])
    with pytest.raises(ValueError, match="unknown country rule '-names'"):
        parse_switches("--names")


def test_describe_spec_reads_the_registry() -> None:
    assert describe_spec(None) == describe_spec("") == ["country rules: the defaults"]
    assert describe_spec("-strays") == [
        f"country rule strays switched off: {RULES['strays'].meaning}"
    ]
    table = rules_in_force(OFF)
    assert [r["rule"] for r in table] == SWITCHABLE
    default_off = {r.id for r in RULES.values() if not r.default}  # historic_successor
    assert {r["rule"] for r in table if r["in_force"] == "off"} == {"names", "cities"} | default_off


# ---------------------------------------------------------------- the corpus


def test_under_rules_records_the_spec_and_remakes_every_country_table() -> None:
    base, off = make_corpus(), off_corpus()
    assert base.rules == "" and off.rules == OFF
    assert _under(base, "+names").rules == ""
    # the per-country confidence and per-day tables follow the switched rules too
    counted = dict(zip(off.table("countries")["iso3"], off.table("countries")["documents"],
                       strict=True))  # fmt: skip
    sure = off.table("country_confidence")
    assert set(sure["iso3"]) <= set(counted)
    assert all(n <= counted[c] for c, n in zip(sure["iso3"], sure["confident_documents"],
                                               strict=True))  # fmt: skip
    assert set(off.table("country_days")["iso3"]) == set(counted)
    assert apply_filters(off, Filters(sources=("Tasnim",))).rules == OFF  # filters keep it


def test_summary_records_the_rules_in_force() -> None:
    assert summarize(make_corpus())["corpus"]["rules"] is None
    assert summarize(make_corpus())["corpus"]["rules_changed"] == []
    summary = summarize(off_corpus())
    assert summary["corpus"]["rules"] == OFF
    assert summary["corpus"]["rules_changed"] == [
        {"rule": "names", "kind": "reading", "on": False, "meaning": RULES["names"].meaning},
        {"rule": "cities", "kind": "reading", "on": False, "meaning": RULES["cities"].meaning},
    ]
    for row in summary["countries"]:  # confidence read under the same rules
        assert row["confident_documents"] <= row["documents"]
    text = to_markdown(summary)
    assert f"- Country rules: `{OFF}`" in text
    assert "  - names switched off: A country\\'s name" in text
    assert "- Country rules: the defaults" in to_markdown(summarize(make_corpus()))


def test_bundle_and_workbook_record_the_rules() -> None:
    with zipfile.ZipFile(io.BytesIO(report.bundle_zip(off_corpus(), Filters()))) as zf:
        readme = zf.read("README.txt").decode()
        summary = json.loads(zf.read("summary.json"))
        table = pd.read_csv(io.BytesIO(zf.read("country_rules.csv")))
    assert f"Country rules: {OFF}" in readme
    assert f"  - country rule cities switched off: {RULES['cities'].meaning}" in readme
    assert summary["corpus"]["rules"] == OFF
    assert list(table.columns) == ["rule", "kind", "default", "in_force", "meaning"]
    assert table.set_index("rule").loc[["names", "cities", "strays"], "in_force"].tolist() == [
        "off", "off", "on"]  # fmt: skip
    book = pd.read_excel(io.BytesIO(report.xlsx_workbook(off_corpus())),
                         sheet_name="country_rules")  # fmt: skip
    assert book.to_dict("records") == table.to_dict("records")
    with zipfile.ZipFile(io.BytesIO(report.bundle_zip(make_corpus(), Filters()))) as zf:
        assert "Country rules: the defaults" in zf.read("README.txt").decode()
        rules = pd.read_csv(io.BytesIO(zf.read("country_rules.csv")))
        # the defaults: each rule in force as the registry declares it
        assert (rules["in_force"] == rules["default"]).all()


def test_reports_record_the_rules() -> None:
    md = report.markdown_summary(off_corpus(), Filters())
    assert f"- Country rules: `{OFF}`" in md
    page = html_report.html_report(off_corpus(), Filters(), figures=[])
    assert f'<span id="nl-country-rules">Country rules: {OFF}</span>' in page
    assert f"country rule names switched off: {RULES['names'].meaning}" in page.replace(
        "&#39;", "'")  # fmt: skip
    plain = html_report.html_report(make_corpus(), Filters(), figures=[])
    assert '<span id="nl-country-rules">Country rules: the defaults</span>' in plain
    assert "nl-country-rules-changed" not in plain


# ---------------------------------------------------------------- the CLI, end to end


def test_cli_summary_and_export_say_which_rules_were_in_force(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from analysis.__main__ import main
    from analysis.nlp import RULE_BASED

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Officials in Iran met in Tehran. Iran said so.\n")
    common = [str(corpus), "--cache", str(tmp_path / "cache"), "--model", RULE_BASED,
              "--quiet", "--workers", "1"]  # fmt: skip
    assert main(["summary", *common, "--rules=-cities"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["corpus"]["rules"] == "-cities"
    assert [r["rule"] for r in summary["corpus"]["rules_changed"]] == ["cities"]
    assert main(["summary", *common]) == 0
    assert json.loads(capsys.readouterr().out)["corpus"]["rules"] is None
    out = tmp_path / "countries.csv"
    assert main(["export", *common, "--rules=-cities", "--table", "countries", "--out",
                 str(out)]) == 0  # fmt: skip
    note = capsys.readouterr().err
    assert "note: country rules -cities (country rule cities switched off:" in note
    assert main(["export", *common, "--rules=-cities,-demonyms", "--table", "countries",
                 "--out", str(out)]) == 0  # fmt: skip
    note = capsys.readouterr().err
    assert ".;" not in note and ".)" not in note, note  # ui26: "...its country.; country rule"
    assert "; country rule cities switched off" in note, note
    assert main(["export", *common, "--table", "countries", "--out", str(out)]) == 0
    assert "country rules" not in capsys.readouterr().err
