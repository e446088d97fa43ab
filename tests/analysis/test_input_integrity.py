"""Hostile input files: YAML alias bombs, non-UTF-8 names, manifests leading out (issue 15)."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import paths
from analysis.corpus import CorpusError, load_corpus
from analysis.readers.frontmatter import MAX_FRONT_MATTER_CHARS
from tests.properties import examples


def _reasons(result) -> dict[str, str]:
    return dict(zip(result.skipped["path"], result.skipped["reason"], strict=True))


def _alias_bomb(levels: int) -> str:
    """Markdown whose YAML front matter expands to 9**levels strings (billion laughs)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append(f"title: *a{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\nThe body of a harmless looking story.\n"


# -------------------------------------------------------------- 15.2 YAML alias bomb


def test_real_alias_bomb_is_skipped_with_bounded_memory(tmp_path):
    bomb = _alias_bomb(9)  # 9**9 = 387 million strings once expanded
    assert len(bomb.encode()) < 700
    (tmp_path / "bomb.md").write_text(bomb)
    (tmp_path / "good.md").write_text("---\ntitle: Fine\ndate: 2024-06-13\n---\nA story.\n")
    tracemalloc.start()
    result = load_corpus(tmp_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 32 * 1024 * 1024
    assert list(result.documents["title"]) == ["Fine"]
    reason = _reasons(result)[str(tmp_path / "bomb.md")]
    assert "anchors/aliases" in reason


def test_small_alias_bomb_is_refused_not_expanded(tmp_path):
    # small enough for the old loader to expand (a title of about 3.7 million characters)
    (tmp_path / "bomb.md").write_text(_alias_bomb(6))
    result = load_corpus(tmp_path)
    assert result.documents.empty
    assert "anchors/aliases" in _reasons(result)[str(tmp_path / "bomb.md")]


def test_oversized_front_matter_is_refused(tmp_path):
    header = "title: x\n" + "".join(f"k{i}: {'v' * 60}\n" for i in range(1_200))
    assert len(header) > MAX_FRONT_MATTER_CHARS
    (tmp_path / "big.md").write_text(f"---\n{header}---\nBody.\n")
    result = load_corpus(tmp_path)
    assert result.documents.empty
    assert "longer than 65,536 characters" in _reasons(result)[str(tmp_path / "big.md")]


def test_ordinary_front_matter_keeps_its_fields_and_body(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: Talks\ndate: 2024-06-13\nsource: Wire\ntags: [a, b]\n---\n\nBody here.\n"
    )
    doc = load_corpus(tmp_path).documents.iloc[0]
    assert (doc["title"], doc["date"], doc["source"], doc["text"]) == (
        "Talks",
        "2024-06-13",
        "Wire",
        "Body here.",
    )


def test_malformed_front_matter_is_left_out_of_the_text_with_a_warning(tmp_path):
    """An unclosed quote made the whole header prose: its "Baghdad" and date were analysed
    as the text's, the document lost its title, date and source, and nothing said so."""
    (tmp_path / "a.md").write_text('---\ntitle: "Talks in Baghdad\ndate: 2024-06-13\n'
                                   "source: Wire\n---\nIraq and Iran held talks.\n")  # fmt: skip
    result = load_corpus(tmp_path)
    assert result.skipped.empty
    doc = result.documents.iloc[0]
    assert doc["text"] == "Iraq and Iran held talks."
    assert pd.isna(doc["title"]) and pd.isna(doc["date"]) and pd.isna(doc["source"])
    assert doc["warning"] == (
        "front matter is not valid YAML: while scanning a quoted scalar (line 2): found "
        "unexpected end of stream; its fields were not read and it was left out of the text"
    )


def test_a_header_that_does_not_parse_is_named_in_a_warning(tmp_path):
    (tmp_path / "b.md").write_text("---\ntitle: x: y\ndate: 31/31/2024\n---\nOther body.\n")
    (tmp_path / "c.md").write_text("---\n---\nEmpty header, fine.\n")
    docs = load_corpus(tmp_path).documents.set_index("text")
    assert docs.loc["Other body.", "warning"].startswith(
        "front matter is not valid YAML: mapping values are not allowed here (line 2);"
    )
    assert pd.isna(docs.loc["Empty header, fine.", "warning"])


def test_a_date_warning_follows_the_front_matter_warning(tmp_path):
    (tmp_path / "a.txt").write_text("---\ntitle: [unclosed\n---\nBody.\n")
    (tmp_path / "metadata.csv").write_text("file,date\na.txt,not a date\n")
    warning = load_corpus(tmp_path).documents.iloc[0]["warning"]
    assert warning.startswith("front matter is not valid YAML: while parsing a flow sequence")
    assert warning.endswith("; date 'not a date' could not be parsed; left undated")


# ------------------------------------------------- review 11: what a header is (§2, §3, §10)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\n\n\ntitle: [bad\n---\nBody one.", 4),
        ("---\n\n\n\n\nok: 1\ntitle: x: y\n---\nBody one.", 7),
        ("---\ntitle: x: y\n---\nBody one.", 2),
        ("---   \n\ntitle: x\ndate: a: b\n---\nBody one.", 4),
    ],
)
def test_the_warning_names_the_file_line_after_blank_lines(tmp_path, text, line):
    (tmp_path / "a.md").write_text(text)
    doc = load_corpus(tmp_path).documents.iloc[0]
    assert doc["text"] == "Body one."
    assert f"(line {line})" in doc["warning"]
    assert text.splitlines()[line - 1].strip()  # the line named holds the header's text


PROSE = [
    # a byline between two rules: the case review 11 found dropped
    "---\nBy John Smith\nNote: the talks in Baghdad were tense: both sides left.\n---\n"
    "Iraq and Iran held talks.",
    "---\n- one\n- two\n---\nBody.",  # a Markdown list between two rules
    "---\n[unclosed\n---\nBody.",
    "---\nThe talks went on.\n---\nMore text.",  # plain prose (was dropped with no word)
    "---\ntitle: x\nThe talks went on all night.\n---\nMore text.",  # a line of prose
    "---\ntitle: x\n...\nBody.",  # "..." closes no header (Jekyll, python-frontmatter)
]


@pytest.mark.parametrize("text", PROSE)
def test_a_block_that_is_no_header_is_kept_as_text_without_a_warning(tmp_path, text):
    (tmp_path / "a.txt").write_text(text + "\n")
    result = load_corpus(tmp_path)
    doc = result.documents.iloc[0]
    assert doc["text"] == text and pd.isna(doc["warning"]) and pd.isna(doc["title"])


def test_long_prose_between_rules_is_kept_not_refused_as_a_long_header(tmp_path):
    prose = "---\n" + "The talks went on. " * 4_000 + "\n---\nEnd."
    assert len(prose) > MAX_FRONT_MATTER_CHARS
    (tmp_path / "a.txt").write_text(prose)
    assert load_corpus(tmp_path).documents.iloc[0]["text"] == prose


@pytest.mark.parametrize("text", ["---", "---\n", "---  \n\n", "---\n---\n"])
def test_a_file_of_fences_only_is_skipped_as_empty(tmp_path, text):
    (tmp_path / "a.md").write_text(text)
    result = load_corpus(tmp_path)
    assert result.documents.empty
    assert "empty document" in _reasons(result)[str(tmp_path / "a.md")]


# -------------------------------------------------------------- 15.6 non-UTF-8 names


@pytest.mark.skipif(os.name != "posix", reason="byte file names are a POSIX thing")
def test_non_utf8_file_name_is_read_and_shown_with_a_replacement_character(tmp_path):
    folder = os.fsencode(tmp_path)
    try:
        with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as fh:
            fh.write(b"A story from the cafe in Paris.")
    except OSError:
        pytest.skip("this file system refuses non-UTF-8 names")
    (tmp_path / "other.txt").write_text("Another story.")
    (tmp_path / "bad\udcff.csv").write_bytes(b"nothing,here\n1,2\n")  # a skipped one
    result = load_corpus(tmp_path)
    names = sorted(Path(p).name for p in result.documents["path"])
    assert names == ["caf\ufffd.txt", "other.txt"]
    assert [Path(p).name for p in result.skipped["path"]] == ["bad\ufffd.csv"]
    pa.Table.from_pandas(result.documents)  # what failed the whole corpus before
    pa.Table.from_pandas(result.skipped)


def test_printable_name_never_leaves_surrogates():
    assert paths.printable_name("caf\udce9.txt") == "caf\ufffd.txt"
    assert paths.printable_name("lone \ud800 surrogate") == "lone ? surrogate"
    assert paths.printable_name("Zürich.txt") == "Zürich.txt"


# -------------------------------------------------------------- manifests leading out


def test_manifest_symlinked_outside_the_corpus_is_not_read(tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_text("file,title\na.txt,SECRET-TITLE\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A story.")
    (corpus / "metadata.csv").symlink_to(outside)
    result = load_corpus(corpus)
    assert result.documents["title"].isna().all()
    assert "SECRET-TITLE" not in result.documents.to_csv()
    assert _reasons(result) == {
        str(corpus / "metadata.csv"): "manifest is a symlink pointing outside the corpus "
        "folder; not read"
    }


def test_manifest_rows_pointing_outside_are_skipped_with_a_reason(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("outside")
    (corpus / "a.txt").write_text("Inside story.")
    (corpus / "sub" / "b.txt").write_text("Sub story.")
    (corpus / "metadata.csv").write_text(
        "file,title\n../a.txt,Escaped\n/etc/passwd,Root\nsub/b.txt,Sub title\n"
    )
    result = load_corpus(corpus)
    titles = dict(zip(result.documents["text"], result.documents["title"].fillna(""), strict=True))
    assert titles == {"Inside story.": "", "Sub story.": "Sub title"}
    reasons = _reasons(result)
    assert reasons[f"{corpus / 'metadata.csv'}#row=1"].startswith(
        "manifest row names a file outside the corpus folder: ../a.txt"
    )
    assert reasons[f"{corpus / 'metadata.csv'}#row=2"].endswith("/etc/passwd")


# -------------------------------------------------------------- no server paths for browsers


def test_public_table_and_errors_carry_no_server_path(tmp_path):
    corpus = tmp_path / "srv" / "news"
    corpus.mkdir(parents=True)
    (corpus / "a.txt").write_text("Same text.")
    (corpus / "b.txt").write_text("Same text.")
    (corpus / "c.pdf").write_bytes(b"%PDF")
    result = load_corpus(corpus)
    shown = paths.public_table(result.skipped, corpus)
    assert str(tmp_path) not in shown.to_csv()
    assert sorted(shown["path"]) == ["b.txt", "c.pdf"]
    assert "duplicate text of a.txt" in list(shown["reason"])
    docs = paths.public_table(result.documents, corpus)
    assert list(docs["path"]) == ["a.txt"]
    with pytest.raises(CorpusError) as err:
        load_corpus(tmp_path / "srv" / "missing")
    assert str(tmp_path) in str(err.value)  # the CLI keeps the full path
    assert str(tmp_path) not in err.value.public
    assert paths.public_text(f"{corpus}.jsonl#line=3", f"{corpus}.jsonl") == "news.jsonl#line=3"


@settings(max_examples=examples(300), deadline=None)
@given(st.binary(max_size=40))
def test_any_file_name_bytes_become_valid_utf8(raw: bytes) -> None:
    name = paths.printable_name(os.fsdecode(raw))
    name.encode("utf-8")  # strict: raises on a surrogate
    if raw.decode("utf-8", "ignore").encode() == raw:  # already valid UTF-8: unchanged
        assert name == raw.decode("utf-8")
