"""Small typed tables and corpora for tests, built one way (``from tests.factories import ...``).

Every test that needs a MENTIONS frame builds it here, so the frames have the schema's
columns and dtypes (analysis.schema.conform) like the tables the build writes, and a
schema change is made once. Corpora that several test folders open (AppTest and the
browser) are written here too, so both see the same stories.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from analysis import schema
from analysis.tables import SNAPSHOT_TABLES, Corpus

if TYPE_CHECKING:
    from analysis.countries import CountryRules


def mention_frame(
    rows: Iterable[Mapping[str, Any] | Sequence[Any]] = (),
    *,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A MENTIONS table from ``rows``: dicts, or tuples named by ``columns``.

    A row with ``start`` and ``text`` but no ``end`` ends after its text. Columns the
    rows leave out are null; the result has the schema's columns and dtypes.
    """
    records = []
    for row in rows:
        record = dict(row) if columns is None else dict(zip(columns, row, strict=True))
        if "end" not in record and record.get("start") is not None and record.get("text"):
            record["end"] = record["start"] + len(record["text"])
        records.append(record)
    return schema.conform(records, "mentions")


def document_mentions(
    *docs: Sequence[tuple[Any, ...]],
    fields: Sequence[str] = ("text", "label"),
    spacing: int = 100,
    sentence_per_mention: bool = False,
    canonical: bool = False,
) -> pd.DataFrame:
    """A MENTIONS table of documents ``d0``, ``d1``…, one per argument, each a list of
    tuples named by ``fields`` (e.g. ``("Iran", "GPE")``).

    Mention ``i`` of a document starts at ``spacing * i`` (far enough apart that none
    qualifies the next) in sentence 0, or sentence ``i`` with ``sentence_per_mention``;
    ``canonical=True`` sets each mention's canonical name to its text.
    """
    rows = []
    for d, mentions in enumerate(docs):
        for i, values in enumerate(mentions):
            row = dict(zip(fields, values, strict=True))
            row.update(doc_id=f"d{d}", sent_id=i if sentence_per_mention else 0, start=spacing * i)
            if canonical:
                row.setdefault("canonical", row["text"])
            rows.append(row)
    return mention_frame(rows)


def stray_date_corpus(folder: Path) -> Path:
    """Writes ``folder/stray-dates.jsonl`` and returns it: 30 stories of June 2024, each
    with an arrest dated in its text, plus one about 1863 and one about 2099 (published in
    June too; their events are dated by the text, far from the rest). Issue 19.2: time
    axes open on June 2024 and announce the two stray events."""
    rows = [{"id": f"s{d}", "title": f"Story {d}", "date": f"2024-06-{d:02d}", "source": "Wire",
             "text": f"Police arrested three protesters in Nairobi on June {d}, 2024."}
            for d in range(1, 31)]  # fmt: skip
    rows += [
        {"id": "old", "title": "History", "date": "2024-06-15", "source": "Wire",
         "text": "Union troops attacked Confederate positions at Gettysburg on July 1, 1863."},
        {"id": "new", "title": "Plan", "date": "2024-06-16", "source": "Wire",
         "text": "Police arrested a smuggler in Mombasa on January 1, 2099."},
    ]  # fmt: skip
    path = folder / "stray-dates.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


#: What the small saved pipeline of tests/analysis/conftest.py (``model``: blank English +
#: an entity ruler) tags: these places as GPE, this person as PERSON; ``ruler_story`` writes
#: stories of them.
RULER_PLACES = ["Paris", "France", "Berlin", "Germany", "Cairo", "Egypt", "Lima", "Peru"]
RULER_PERSON = "Maria Lopez"


def ruler_story(i: int, extra: int = 0) -> str:
    """Story ``i``: two of :data:`RULER_PLACES` and :data:`RULER_PERSON`, with ``extra``
    more sentences (a longer text)."""
    a, b = RULER_PLACES[i % len(RULER_PLACES)], RULER_PLACES[(i * 3 + 1) % len(RULER_PLACES)]
    tail = f" {RULER_PERSON} went back to Lima." * extra
    return f"{a} (story {i}) - {RULER_PERSON} met officials of {b} and {a} on Monday.{tail}"


def write_corpus(folder: Path, docs: Mapping[str, tuple[str, ...]]) -> Path:
    """``docs``: file name -> (text, date[, source]); writes the files and a metadata.csv
    into ``folder`` (emptied first) and returns it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["file", "title", "date", "source"])
    for name, (text, date, *source) in sorted(docs.items()):
        (folder / name).write_text(text, encoding="utf-8")
        writer.writerow([name, name, date, source[0] if source else ""])
    (folder / "metadata.csv").write_text(buf.getvalue(), encoding="utf-8")
    return folder


def event_report(event_id: str, date: str | None, **fields: Any) -> dict[str, Any]:
    """One EVENTS row (a report of Ali Baqeri meeting someone) for ``event_id``
    ('doc:sent:n') on ``date``, with ``fields`` overriding any column."""
    doc_id, sent_id, _ = event_id.split(":")
    return {"event_id": event_id, "doc_id": doc_id, "sent_id": int(sent_id),
            "actors": "Ali Baqeri", "action": "meet", "event_type": "consult_meet",
            "date": date, "date_precision": "day" if date else None,
            "date_basis": "text" if date else None, "planned": False, "negated": False,
            "sentence": "He met them.", **fields}  # fmt: skip


def spans(*items: tuple[str, str, int]) -> pd.DataFrame:
    """A one-document MENTIONS frame from (text, label, start) triples."""
    rows = [
        {"doc_id": "d", "sent_id": 0, "start": s, "end": s + len(t), "text": t, "label": lab}
        for t, lab, s in items
    ]
    return schema.conform(rows, "mentions")


#: Where :func:`located` looks for the next surface: from the previous one's ``start``
#: (the same text twice is the same occurrence), ``next`` (start + 1: nested or
#: overlapping spans, "New York" then "York") or ``end`` (after it: no overlap).
Resume = Literal["start", "next", "end"]


def located_rows(
    text: str,
    found: Iterable[tuple[str, str]],
    *,
    doc_id: str = "d",
    sent_id: int = 0,
    resume: Resume = "next",
    outside: Sequence[tuple[int, int]] = (),
    **columns: Any,
) -> list[dict[str, Any]]:
    """MENTIONS rows (dicts) for ``found``'s (surface, label) pairs located in ``text``
    in order: each is the first occurrence of its surface from where the previous one
    leaves off (``resume``) that starts in none of the ``outside`` (start, end) spans
    (a place written inside a person's name); ``columns`` are added to every row
    (``rule=None``). Raises ValueError when a surface is not found (a test's typo, not a
    silent skip)."""
    rows: list[dict[str, Any]] = []
    at = 0
    for surface, label in found:
        start = text.index(surface, at)
        while any(s <= start < e for s, e in outside):
            start = text.index(surface, start + 1)
        end = start + len(surface)
        at = {"start": start, "next": start + 1, "end": end}[resume]
        rows.append({"doc_id": doc_id, "sent_id": sent_id, "start": start, "end": end,
                     "text": surface, "label": label, **columns})  # fmt: skip
    return rows


def located(
    text: str,
    found: Iterable[tuple[str, str]],
    *,
    doc_id: str = "d",
    sent_id: int = 0,
    resume: Resume = "next",
    outside: Sequence[tuple[int, int]] = (),
    **columns: Any,
) -> pd.DataFrame:
    """:func:`located_rows` as a MENTIONS frame (the schema's columns and dtypes)."""
    rows = located_rows(text, found, doc_id=doc_id, sent_id=sent_id, resume=resume,
                        outside=outside, **columns)  # fmt: skip
    return schema.conform(rows, "mentions")


def gpe_countries(text: str, names: Sequence[str], **context: bool) -> list[object]:
    """The countries map_countries gives the GPE mentions ``names`` of the one-document
    ``text`` (each name's first occurrence), under ContextRules(**context); None for
    no country."""
    from analysis.countries import ContextRules, map_countries  # imported when first used

    frame = spans(*((name, "GPE", text.index(name)) for name in names))
    out = map_countries(frame, texts={"d": text}, context=ContextRules(**context))
    return [None if pd.isna(v) else v for v in out["iso3"]]


def mapped(*docs: list[tuple[str, str]], rules: CountryRules | None = None) -> list:
    """(text, iso3, rule) per mention after map_countries, None for nulls: documents
    ``d0``, ``d1``… of (text, label) pairs (:func:`document_mentions`), mapped under
    ``rules`` (every rule switched on when None)."""
    from analysis.countries import CountryRules, map_countries  # imported when first used

    out = map_countries(document_mentions(*docs), rules=rules or CountryRules())
    return [
        (t, None if pd.isna(i) else i, None if pd.isna(r) else r)
        for t, i, r in zip(out["text"], out["iso3"], out["rule"], strict=True)
    ]


def assert_same_tables(
    a: Corpus | Mapping[str, pd.DataFrame], b: Corpus | Mapping[str, pd.DataFrame]
) -> None:
    """Two builds gave the same tables: values, dtypes and row order (the one comparison
    of the cache and build tests).

    ``a``, ``b``: Corpus objects (their documents, skipped and every snapshot table are
    compared), or {table name: frame} as read from snapshot folders (then both hold the
    same names, every snapshot table among them).
    """
    if isinstance(a, Corpus) or isinstance(b, Corpus):
        assert isinstance(a, Corpus) and isinstance(b, Corpus), (type(a), type(b))
        for name in ("documents", "skipped", *SNAPSHOT_TABLES):
            pd.testing.assert_frame_equal(a.table(name), b.table(name), obj=name)
        return
    assert sorted(a) == sorted(b)
    assert set(SNAPSHOT_TABLES) <= set(b), sorted(b)
    for name, frame in b.items():
        pd.testing.assert_frame_equal(a[name], frame, obj=name)


def gpe_after_pass(text: str, found: Iterable[tuple[str, str]]) -> list[tuple[str, Any, Any]]:
    """(text, iso3, rule) of the GPE rows of ``text`` after the gazetteer pass
    (analysis.countries.add_place_records) and the mapping (map_countries), for ``found``'s
    (surface, label) pairs located as :func:`located_rows` does; missing cells as None."""
    from analysis.countries import add_place_records, map_countries

    rows = add_place_records(located_rows(text, found, rule=None), text)
    out = map_countries(schema.conform(rows, "mentions"), texts={"d": text})
    gpe = out[out["label"] == "GPE"][["text", "iso3", "rule"]].itertuples(index=False)
    return [tuple(None if pd.isna(v) else v for v in row) for row in gpe]
