"""Switched country rules give the tables a build with those rules as defaults gives
(review 11, section 1).

The corpus pass reads the mentions' countries: the resolver joins "German" to "Germany"
because both read DEU, and names spread across documents carry their country. So a corpus
mapped again under ``-demonyms`` after that pass kept "Germany (NORP)" in its entities.
``build_corpus(rules=...)`` (the CLI's ``--rules``) now maps the cached per-document
mentions under the rules BEFORE the corpus passes. The reference here is the reviewer's:
a copy of the package whose ``DEFAULT_RULES``/``DEFAULT_CONTEXT`` are the switches, built
clean in a subprocess. Two reads in that copy stay at the registry's defaults, because
they ask what the gazetteer knows, not how a mention is read: whether a name has any
reading at all (analysis.countries.comention._unknown: with ``names`` off, "Germany"
would become an unknown place and be read in its story's country, undoing the switch)
and the countries a document names in the per-document place pass
(analysis.countries.pass_words._named_countries). Rule-based pipeline, nine short documents.
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.build import build_corpus
from analysis.countries.rule_specs import parse_switches

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "news"
STORIES = {
    "b.txt": "WASHINGTON - The Americans said Britons in London and Texas-style barbecue in "
    "Springfield drew crowds; Greek and Italian food was served in Athens.",
    "diner.txt": "Officials in Iran met in Tehran. Iran served French fries at the talks, and "
    "the French fries were cold. Iranian officials and Americans met in Paris.",
    "trade.txt": "German exporters met French buyers in Berlin. Germany and France signed. "
    "The German minister and a Canadian envoy flew to Ottawa.",
}
#: Every table made from the mentions (events: the rule-based pipeline makes none).
COMPARED = ("mentions", "entities", "cooccurrences", "entity_days", "countries",
            "country_days", "country_confidence", "places")  # fmt: skip
SPECS = ("-demonyms,-demonym_modifiers,-strays", "-names,-cities")


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for f in FIXTURES.glob("*"):
        if f.suffix in (".txt", ".md"):
            shutil.copy(f, folder / f.name)
    for name, text in STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


_CLEAN_BUILD = """
import pickle, sys
from analysis.build import build_corpus
c = build_corpus(sys.argv[1], cache_dir=sys.argv[2], model="rule-based", workers=1)
assert c.rules == ""
pickle.dump(c.tables, open(sys.argv[3], "wb"))
"""


def _patched_defaults_build(tmp: Path, corpus: Path, spec: str) -> dict[str, pd.DataFrame]:
    """The tables of a clean build by a package copy whose defaults are ``spec``."""
    rules, context = parse_switches(spec)
    pkg = tmp / "pkg"
    shutil.copytree(ROOT / "analysis", pkg / "analysis",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    source = pkg / "analysis" / "countries" / "rules.py"
    text = source.read_text(encoding="utf-8")
    patches = (("DEFAULT_RULES = CountryRules()", f"DEFAULT_RULES = {rules!r}"),
               ("DEFAULT_CONTEXT = ContextRules()", f"DEFAULT_CONTEXT = {context!r}"))  # fmt: skip
    for old, new in patches:
        assert old in text
        text = text.replace(old, new)
    source.write_text(text, encoding="utf-8")
    default_reading = "_reading(text, DEFAULT_RULES, DEFAULT_CONTEXT)"
    for name, old in (("comention.py", default_reading), ("pass_words.py", default_reading)):
        module = pkg / "analysis" / "countries" / name
        code = module.read_text(encoding="utf-8")
        assert old in code
        module.write_text(code.replace(old, "_reading(text, CountryRules(), ContextRules())")
                          + "\nfrom analysis.countries.rules import ContextRules, CountryRules\n",
                          encoding="utf-8")  # fmt: skip
    out = tmp / "tables.pickle"
    subprocess.run([sys.executable, "-c", _CLEAN_BUILD, str(corpus), str(tmp / "cacheB"),
                    str(out)], cwd=pkg, check=True, timeout=300)  # fmt: skip
    with out.open("rb") as f:
        return pickle.load(f)


@pytest.mark.slow  # three rule-based builds, one in a subprocess per spec
@pytest.mark.parametrize("spec", SPECS)
def test_switched_rules_equal_a_build_with_them_as_defaults(tmp_path: Path, spec: str) -> None:
    corpus = _corpus(tmp_path / "corpus")
    switched = build_corpus(corpus, cache_dir=tmp_path / "cacheA", model="rule-based",
                            workers=1, rules=spec)  # fmt: skip
    assert switched.rules == spec
    reference = _patched_defaults_build(tmp_path, corpus, spec)
    for name in COMPARED:
        pd.testing.assert_frame_equal(
            switched.table(name).reset_index(drop=True),
            reference[name].reset_index(drop=True),
            obj=name,
        )
    # the defaults' build (the cache the switched one was read from) differs: not vacuous
    default = build_corpus(corpus, cache_dir=tmp_path / "cacheA", model="rule-based", workers=1)
    assert default.rules == ""
    assert not default.table("mentions").equals(switched.table("mentions"))


def test_switched_demonyms_leave_no_demonym_named_after_its_country(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    switched = build_corpus(corpus, cache_dir=tmp_path / "cache", model="rule-based",
                            workers=1, rules="-demonyms")  # fmt: skip
    norp = switched.table("entities")
    names = set(norp.loc[norp["label"] == "NORP", "name"])
    assert {"German", "Americans"} <= names
    assert not names & {"Germany", "United States", "United Kingdom"}


@pytest.mark.slow  # two rule-based builds
def test_a_damaged_segment_under_switched_rules_is_repaired_not_an_error(tmp_path: Path) -> None:
    """The defaults' snapshot serves a plain build without reading the segments; the rules'
    re-assembly reads them, so it repairs a damaged one as a build does."""
    corpus, cache = _corpus(tmp_path / "corpus"), tmp_path / "cache"
    clean = build_corpus(corpus, cache_dir=cache, model="rule-based", workers=1, rules="-names")
    segment = next(p for p in sorted(cache.glob("*/segments/*")) if not p.name.startswith("."))
    damaged = next(p for p in sorted(segment.iterdir()) if p.suffix == ".parquet")
    damaged.write_bytes(damaged.read_bytes()[:20])
    repaired = build_corpus(corpus, cache_dir=cache, model="rule-based", workers=1,
                            rules="-names")  # fmt: skip
    assert len(repaired.repairs) == 1 and "damaged" in repaired.repairs[0]
    assert repaired.processed > 0
    for name in COMPARED:
        pd.testing.assert_frame_equal(repaired.table(name), clean.table(name), obj=name)
