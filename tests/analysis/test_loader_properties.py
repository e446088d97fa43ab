"""Property-based tests of load_corpus: hostile input never raises, and every item is counted.

Count conservation is the contract checked throughout: every input item (a plain file, a
CSV data row, a JSONL line, a JSON list item, a zip member) ends up exactly once, either as
a document or as a skipped entry with a reason. A table file that cannot be read at all
(undecodable, no text column, invalid JSON, not a zip) is one skipped entry for the file.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis import schema
from analysis.corpus import Limits, load_corpus
from tests.properties import examples

FAST = settings(
    max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1", "shift_jis")
PLAIN_SUFFIXES = (".txt", ".md", ".TXT", ".html", ".htm", ".pdf", ".docx", "", ".exe")
NEWSY = (
    "Officials in Baghdad met Iranian envoys on Monday. ",
    "Le café de São Paulo est très connu. ",
    "東京で会議が開かれた。",
    "Москва и Киев. ",
    "<b>bold</b> & \"quoted\", commas, 'apostrophes' ",
    "\ufeffBOM inside ",
    "\u2028line separator\u2029 ",
    "\x00nul\x0bvt\x1cfs\x85nel ",
    "\r\n",
)

# -------------------------------------------------------------- strategies

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
news_text = st.lists(st.sampled_from(NEWSY) | any_text, max_size=6).map("".join)


@st.composite
def encoded(draw: st.DrawFn, text: st.SearchStrategy[str] = news_text) -> bytes:
    """Text in a random encoding, sometimes several encodings glued together."""
    parts = draw(st.lists(st.tuples(text, st.sampled_from(ENCODINGS)), min_size=1, max_size=3))
    return b"".join(t.encode(enc, errors="replace") for t, enc in parts)


file_bytes = st.one_of(
    st.binary(max_size=600),
    encoded(),
    st.integers(1, 200_000).map(lambda n: ("word " * n).encode()),  # a huge line
    st.just(b""),
    st.sampled_from(
        [b"---\ntitle: [unclosed\n---\nbody", b"---\n---\n", b"\xff\xfe", b"\xef\xbb\xbf"]
    ),
)

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_text
)
json_values = st.recursive(
    json_scalars,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(any_text, kids, max_size=3),
    max_leaves=12,
)
FIELD = st.sampled_from(["text", "body", "Content", "title", "date", "source", "url", "id", "x"])
records = st.one_of(
    st.dictionaries(FIELD, json_scalars | news_text, max_size=6),
    st.fixed_dictionaries(
        {"text": news_text | json_values, "date": any_text | st.integers() | json_scalars},
        optional={"title": json_values, "url": any_text, "id": json_values},
    ),
    json_values,
)


def _limits() -> st.SearchStrategy[Limits]:
    return st.builds(
        Limits,
        max_document_bytes=st.sampled_from([64, 2_000, 20 * 1024 * 1024]),
        max_file_bytes=st.sampled_from([256, 512 * 1024 * 1024]),
    )


# -------------------------------------------------------------- helpers


def _entries(result) -> Counter[str]:
    """How many times each path occurs among documents and skipped entries together."""
    paths = list(result.documents["path"]) + list(result.skipped["path"])
    return Counter(paths)


def _check_tables(result) -> None:
    assert list(result.documents.columns) == list(schema.DOCUMENTS)
    assert list(result.skipped.columns) == list(schema.SKIPPED)
    assert result.documents["doc_id"].is_unique
    assert all(isinstance(r, str) and r.strip() for r in result.skipped["reason"])
    assert all(t.strip() and "\x00" not in t for t in result.documents["text"])


def _items_of(result, file: str, marker: str) -> tuple[int, int]:
    """(entries for the file as a whole, entries for its items path#marker=N)."""
    whole = _entries(result)[file]
    items = [p for p in _entries(result).elements() if p.startswith(f"{file}#{marker}=")]
    return whole, len(items)


def _assert_conserved(result, file: str, marker: str, expected: int) -> None:
    whole, items = _items_of(result, file, marker)
    if whole:  # the file as a whole was refused: one entry, no item entries
        assert (whole, items) == (1, 0), (whole, items, result.skipped)
    else:
        assert items == expected, (items, expected, result.skipped)
        item_paths = [p for p in _entries(result) if p.startswith(f"{file}#{marker}=")]
        assert len(item_paths) == items  # each item at most once


# -------------------------------------------------------------- plain files


@FAST
@given(
    files=st.lists(st.tuples(st.sampled_from(PLAIN_SUFFIXES), file_bytes), min_size=1, max_size=8),
    limits=_limits(),
)
def test_folder_of_plain_files_every_file_counted_once(files, limits):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        names = []
        for i, (suffix, data) in enumerate(files):
            sub = root / ("sub" if i % 3 == 0 else "")
            sub.mkdir(exist_ok=True)
            path = sub / f"doc{i}{suffix}"
            path.write_bytes(data)
            names.append(str(path))
        result = load_corpus(root, limits=limits)
        _check_tables(result)
        assert len(result.documents) + len(result.skipped) == len(files)
        assert _entries(result) == Counter(names)


@FAST
@given(text=news_text)
def test_utf8_text_round_trips(text):
    # what a user typed is what they get back: only CRLF becomes LF
    text = "A" + text.replace("\x00", "")  # not front matter; a NUL byte reads as binary
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_bytes(text.encode("utf-8"))
        result = load_corpus(Path(tmp) / "a.txt")
    assert list(result.documents["text"]) == [text.replace("\r\n", "\n")]


@settings(max_examples=examples(15), deadline=None)
@given(
    text=st.lists(st.sampled_from(NEWSY[:4]), min_size=3, max_size=8).map("".join),
    encoding=st.sampled_from(["utf-16", "utf-32", "utf-8-sig"]),
)
def test_bom_encodings_decode_exactly(text, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_bytes(text.encode(encoding))
        result = load_corpus(Path(tmp) / "a.txt")
    assert list(result.documents["text"]) == [text.replace("\r\n", "\n")]


# -------------------------------------------------------------- CSV


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, int]:
    """A CSV (bytes) and its number of data rows."""
    header = draw(
        st.lists(
            FIELD | any_text.filter(lambda s: "\n" not in s),
            min_size=1,
            max_size=5,
            unique_by=str.lower,
        )
    )
    cell = news_text | any_text | st.integers(0, 10**6).map(str)
    width = st.sampled_from([len(header), len(header), len(header), len(header) + 1, 1])
    rows = draw(
        st.lists(width.flatmap(lambda w: st.lists(cell, min_size=w, max_size=w)), max_size=12)
    )
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1252", "shift_jis")))
    return buf.getvalue().encode(encoding, errors="replace"), len(rows)


@FAST
@given(table=csv_files(), limits=_limits())
def test_csv_every_row_counted_once(table, limits):
    data, rows = table
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.csv"
        path.write_bytes(data)
        result = load_corpus(path, limits=limits)
    _check_tables(result)
    _assert_conserved(result, str(path), "row", rows)


def test_csv_huge_field_skips_that_row_only(tmp_path):
    path = tmp_path / "huge.csv"
    big = "x " * 700_000  # 1.4 MB: over the CSV field limit of max(2 x 64 B, 1 MiB)
    path.write_text(f"title,text\nA,first\nB,{big}\nC,third\n")
    result = load_corpus(path, limits=Limits(max_document_bytes=64))
    assert sorted(result.documents["text"]) == ["first", "third"]
    _assert_conserved(result, str(path), "row", 3)


# -------------------------------------------------------------- JSONL and JSON


@st.composite
def jsonl_files(draw: st.DrawFn) -> tuple[bytes, int]:
    lines = draw(
        st.lists(
            st.one_of(
                records.map(lambda r: json.dumps(r, ensure_ascii=False)),
                records.map(json.dumps),
                any_text.map(lambda s: s.replace("\n", " ")),  # not JSON, or a bare value
            ),
            max_size=12,
        )
    )
    blank = draw(st.sampled_from(["\n", "\r\n", "\n\n"]))
    text = blank.join(lines)
    counted = sum(1 for ln in lines if ln.strip())
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16")))
    return text.encode(encoding), counted


@FAST
@given(table=jsonl_files(), limits=_limits())
@example(table=('{"text": "a\u2028b"}\n{"text": "c"}'.encode(), 2), limits=Limits())
def test_jsonl_every_line_counted_once(table, limits):
    data, lines = table
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.jsonl"
        path.write_bytes(data)
        result = load_corpus(path, limits=limits)
    _check_tables(result)
    _assert_conserved(result, str(path), "line", lines)


@FAST
@given(
    payload=st.one_of(
        st.lists(records, max_size=10),
        st.fixed_dictionaries({"documents": st.lists(records, max_size=10)}),
        st.fixed_dictionaries({"articles": records}),
        json_values,
    ),
    limits=_limits(),
)
def test_json_every_item_counted_once(payload, limits):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "items.json"
        path.write_text(json.dumps(payload))
        result = load_corpus(path, limits=limits)
    _check_tables(result)
    listed = payload
    if isinstance(payload, dict):  # a wrapper object: {"documents": [...]} and friends
        keys = [k for k in ("documents", "articles", "items", "data") if k in payload]
        listed = payload[keys[0]] if keys else None
    if isinstance(listed, list) and listed:
        _assert_conserved(result, str(path), "item", len(listed))
    else:  # an object (one record), a scalar or an empty list: one entry for the file
        assert _entries(result) == Counter([str(path)])


def test_deeply_nested_json_is_skipped_not_raised(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 200_000 + "]" * 200_000)
    (tmp_path / "deep.jsonl").write_text('{"text": "ok"}\n' + "[" * 200_000 + "\n")
    result = load_corpus(tmp_path)
    assert list(result.documents["text"]) == ["ok"]
    assert len(result.skipped) == 2
    assert result.skipped["reason"].str.startswith("invalid JSON").all()


# -------------------------------------------------------------- zip archives

member_names = st.one_of(
    st.sampled_from(
        [
            "../evil.txt",
            "/etc/passwd.txt",
            "a/../../b.txt",
            "C:evil.txt",
            "\\win\\abs.txt",
            ".hidden.txt",
            "__MACOSX/._a.txt",
            "deep/er/ok.md",
            "image.png",
            "noext",
        ]
    ),
    st.tuples(
        st.text(
            st.characters(exclude_categories=("Cs",), exclude_characters="/\\\x00"),
            min_size=1,
            max_size=12,
        ),
        st.sampled_from(PLAIN_SUFFIXES),
    ).map("".join),
)


@st.composite
def zip_files(draw: st.DrawFn) -> tuple[bytes, int]:
    """A zip archive of plain members (names unique, none a folder) and its member count."""
    names = draw(st.lists(member_names, min_size=1, max_size=8, unique=True))
    names = [
        n
        for n in names
        if not n.endswith("/") and n.lower() not in ("metadata.csv", "manifest.csv")
    ]
    buf = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name in names:
            zf.writestr(name, draw(file_bytes))
    data = buf.getvalue()
    if draw(st.booleans()):  # corrupt a few bytes somewhere
        raw = bytearray(data)
        for pos in draw(st.lists(st.integers(0, len(raw) - 1), max_size=4)):
            raw[pos] = draw(st.integers(0, 255))
        data = bytes(raw)
    return data, len(names)


@FAST
@given(archive=zip_files(), limits=_limits())
def test_zip_every_member_counted_once(archive, limits):
    data, members = archive
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.zip"
        path.write_bytes(data)
        result = load_corpus(Path(tmp), limits=limits)
    _check_tables(result)
    counts = _entries(result)
    whole = counts[str(path)]
    inside = [p for p in counts.elements() if p.startswith(f"{path}!")]
    if whole:
        assert (whole, len(inside)) == (1, 0)
    else:
        # A corrupted archive may list fewer members than were written (a damaged
        # central directory): every member zipfile itself can see is counted once.
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            visible = len([i for i in zf.infolist() if not i.is_dir()])
        assert len(inside) == visible <= members, (members, visible, result.skipped)


def test_member_paths_never_escape(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in ("../../x.txt", "/abs.txt", "a/../../y.txt", "C:z.txt", "ok.txt"):
            zf.writestr(name, f"Text of {name}.")
    (tmp_path / "z.zip").write_bytes(buf.getvalue())
    result = load_corpus(tmp_path / "z.zip")
    assert list(result.documents["text"]) == ["Text of ok.txt."]
    assert (result.skipped["reason"] == "zip entry has an absolute or '..' path").all()
    assert len(result.skipped) == 4
