"""analysis.present.exports: the one CSV writer neutralises spreadsheet formulas, numbers stay
numbers.

Issue 15 item 4: titles and entity names starting with ``=``, ``+``, ``-``, ``@``, tab or
CR went raw into every CSV (CLI export, dashboard downloads, ZIP bundle, aliases file).
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_filters import make_corpus

from analysis import aliases, schema
from analysis.__main__ import main
from analysis.filters import Filters
from analysis.nlp import RULE_BASED
from analysis.present import exports, report
from analysis.tables import Corpus
from tests.properties import examples

REPO = Path(__file__).resolve().parents[2]
TRIGGERS = tuple(exports.FORMULA_TRIGGERS)
HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1",
    "\r=1",
    "'=already quoted",
    "plain title",
]


def read_cells(text: str) -> list[list[str]]:
    """Rows of a CSV text as the csv module (and so a spreadsheet import) sees them."""
    return list(csv.reader(io.StringIO(text, newline="")))


def starts_formula(cell: str) -> bool:
    return cell.startswith(TRIGGERS)


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- the cell rule


def test_hostile_cells_are_prefixed_and_numbers_are_not() -> None:
    frame = pd.DataFrame({"title": HOSTILE, "n": range(-4, 4), "x": [-0.5] * 8})
    rows = read_cells(exports.csv_text(frame))
    assert rows[0] == ["title", "n", "x"]
    titles = [r[0] for r in rows[1:]]
    assert titles[0] == "'" + HOSTILE[0]
    assert titles[6] == "''=already quoted"  # one-to-one: restore_cell can undo it
    assert titles[7] == "plain title"
    assert not any(starts_formula(t) for t in titles)
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(-4, 4)]  # -4 stays -4
    assert {r[2] for r in rows[1:]} == {"-0.5"}
    assert [exports.restore_cell(t) for t in titles] == HOSTILE


def test_object_columns_keep_numbers_and_neutralise_the_rest() -> None:
    frame = pd.DataFrame({"mixed": ["-1", -1, None, ["=x"], "=y"]}, dtype=object)
    cells = [r[0] for r in read_cells(exports.csv_text(frame))[1:]]
    assert cells == ["'-1", "-1", "", "['=x']", "'=y"]


def test_header_and_categorical_and_string_dtypes_are_covered() -> None:
    frame = pd.DataFrame({"=h": pd.Categorical(["=a", "b"]), "s": pd.array(["@c", None])})
    rows = read_cells(exports.csv_text(frame))
    assert rows == [["'=h", "s"], ["'=a", "'@c"], ["b", ""]]


# ---------------------------------------------------------------- properties

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_tricky = st.one_of(_text, st.builds(lambda t, s: t + s, st.sampled_from([*TRIGGERS, "'"]), _text))
_numbers = st.one_of(
    st.lists(st.integers(-(10**15), 10**15), min_size=3, max_size=3),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=3, max_size=3),
)


@st.composite
def frames(draw) -> tuple[pd.DataFrame, list[str]]:
    """A 3-row frame of text and number columns (random names), and its text column names."""
    kinds = draw(st.lists(st.sampled_from(["text", "number"]), min_size=1, max_size=4))
    names = draw(st.lists(_tricky, min_size=len(kinds), max_size=len(kinds), unique=True))
    data, texts = {}, []
    for kind, name in zip(kinds, names, strict=True):
        if kind == "text":
            data[name] = draw(st.lists(_tricky, min_size=3, max_size=3))
            texts.append(name)
        else:
            data[name] = draw(_numbers)
    return pd.DataFrame(data), texts


@settings(max_examples=examples(300), deadline=None)
@given(frames())
def test_no_csv_cell_starts_a_formula_and_numbers_round_trip(case) -> None:
    frame, text_columns = case
    rows = read_cells(exports.table_bytes(frame, "csv", root=None).decode("utf-8"))
    header, body = rows[0], rows[1:]
    assert len(body) == len(frame)
    assert [exports.restore_cell(h) for h in header] == list(frame.columns)
    assert not any(starts_formula(h) for h in header)
    for j, name in enumerate(frame.columns):
        cells = [row[j] for row in body]
        if name in text_columns:
            assert not any(starts_formula(c) for c in cells), cells
            assert [exports.restore_cell(c) for c in cells] == list(frame[name])
        else:  # numbers untouched: a negative number is a number, not text
            for cell, value in zip(cells, frame[name], strict=True):
                if isinstance(value, float) and math.isnan(value):
                    assert cell == ""
                else:
                    assert is_number(cell) and float(cell) == value, (cell, value)


@given(_tricky)
def test_restore_undoes_neutralise(text: str) -> None:
    assert exports.restore_cell(exports.neutralise_cell(text)) == text
    assert not starts_formula(exports.neutralise_cell(text))


# ---------------------------------------------------------------- every writer uses it


def hostile_corpus() -> Corpus:
    corpus = make_corpus()
    docs = corpus.documents.copy()
    docs.loc[: len(docs) - 1, "title"] = HOSTILE[: len(docs)]
    ents = corpus.table("entities").copy()
    ents.loc[0, "name"] = "=cmd|' /C calc'!A0"
    tables = {**corpus.tables, "entities": ents}
    docs = schema.conform(docs, "documents")
    return Corpus(corpus.path, corpus.model, corpus.key, docs, corpus.skipped, tables)


def called_from(module: str, function: str) -> bool:
    """True when ``module.function`` is on the current call stack."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == module and frame.f_code.co_name == function:
            return True
        frame = frame.f_back
    return False


@pytest.fixture
def only_one_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any CSV written other than through analysis.present.exports.csv_text fails the test."""

    def guard(original):
        def checked(*args, **kwargs):
            if not called_from("analysis.present.exports", "csv_text"):
                raise AssertionError("a CSV was written outside analysis.present.exports.csv_text")
            return original(*args, **kwargs)

        return checked

    for owner, name in [(pd.DataFrame, "to_csv"), (pd.Series, "to_csv"), (csv, "writer"),
                        (csv, "DictWriter")]:  # fmt: skip
        monkeypatch.setattr(owner, name, guard(getattr(owner, name)))


def all_cells_safe(text: str) -> bool:
    return not any(starts_formula(c) and not is_number(c) for r in read_cells(text) for c in r)


def test_zip_bundle_csvs_are_neutralised(only_one_writer) -> None:
    data = report.bundle_zip(hostile_corpus(), Filters())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        texts = {n: zf.read(n).decode() for n in zf.namelist() if n.endswith(".csv")}
    assert len(texts) == len(report.EXPORT_TABLES) + 1  # the tables and country_rules.csv
    assert all(all_cells_safe(t) for t in texts.values())
    assert "'=HYPERLINK(" in texts["tables/documents.csv"]
    assert "'=cmd|" in texts["tables/entities.csv"]


def test_dashboard_download_bytes_are_neutralised(only_one_writer) -> None:
    # ui.widgets.download_table hands exactly this callable to st.download_button
    corpus = hostile_corpus()
    for name in report.EXPORT_TABLES:
        data = exports.table_bytes(corpus.table(name), "csv", root=corpus.path)
        assert all_cells_safe(data.decode())


def test_aliases_file_is_neutralised_and_reads_back(only_one_writer) -> None:
    edits = aliases.merge(aliases.Aliases(), "=evil()", "-Dash")
    text = aliases.dump_aliases(edits, "csv")
    assert all_cells_safe(text)
    assert aliases.parse_aliases(text, "csv") == edits


def test_cli_export_is_neutralised(only_one_writer, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = pd.DataFrame(
        {
            "title": HOSTILE[:5],
            "text": [f"Iran and Iraq met in Baghdad, day {i}." for i in range(5)],
        }
    )
    (corpus / "articles.jsonl").write_text(rows.to_json(orient="records", lines=True))
    out = tmp_path / "documents.csv"
    code = main(["export", str(corpus), "--cache", str(tmp_path / "cache"), "--model",
                 RULE_BASED, "--quiet", "--workers", "1", "--table", "documents", "--out",
                 str(out)])  # fmt: skip
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert all_cells_safe(text)
    header, *body = read_cells(text)
    titles = {exports.restore_cell(r[header.index("title")]) for r in body}
    assert {t.strip() for t in HOSTILE[:5]} == titles  # the loader trims whitespace


_RAW_WRITER = re.compile(r"\.to_csv\(|csv\.writer\(|DictWriter\(|csv\.writer\b")


def test_no_module_writes_csv_on_its_own() -> None:
    # a future raw writer is caught here even where no test reaches it at run time
    offenders = []
    for folder in ("analysis", "ui", "pages", "benchmarks"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if path == REPO / "analysis" / "present" / "exports.py":
                continue
            if path.parent == REPO / "analysis" / "data":
                continue  # scripts that rebuild shipped data files, not user exports
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if _RAW_WRITER.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    for extra in ("dashboard.py",):
        if _RAW_WRITER.search((REPO / extra).read_text(encoding="utf-8")):
            offenders.append(extra)
    assert offenders == [], "write CSV through analysis.present.exports.csv_text:\n" + "\n".join(
        offenders
    )


def test_xlsx_stays_free_of_formulas() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(report.xlsx_workbook(hostile_corpus())))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    values = {c.value for c in cells}
    assert HOSTILE[0] in values and "=cmd|' /C calc'!A0" in values  # as text, unprefixed
