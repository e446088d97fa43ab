"""User aliases: editing, applying at read time (entity counts change), files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.aliases import (
    Aliases,
    Target,
    apply_aliases,
    dump_aliases,
    exclude,
    load_aliases,
    merge,
    parse_aliases,
    relabel,
    rename,
)
from analysis.entities import cooccurrence_table, entity_table
from tests.factories import mention_frame


def mentions() -> pd.DataFrame:
    """Two documents naming the UN three ways, Baqeri twice, Erbil as an ORG."""
    rows = [
        ("d1", 0, "United Nations", "ORG"),
        ("d1", 0, "Ali Baqeri", "PERSON"),
        ("d1", 1, "UN", "ORG"),
        ("d1", 1, "Erbil", "ORG"),
        ("d2", 0, "U.N.", "ORG"),
        ("d2", 0, "Baqeri", "PERSON"),
        ("d2", 1, "Top Stories", "WORK_OF_ART"),
    ]
    cols = ["doc_id", "sent_id", "canonical", "label", "text"]
    return mention_frame([(*row, row[2]) for row in rows], columns=cols)


DOCUMENTS = pd.DataFrame({"doc_id": ["d1", "d2"], "date": ["2024-05-01", "2024-05-02"]})


def counts(aliases: Aliases) -> dict[str, tuple[str, int, int]]:
    table = entity_table(apply_aliases(mentions(), aliases), DOCUMENTS)
    return {
        n: (lab, m, d)
        for n, lab, m, d in zip(
            table["name"], table["label"], table["mentions"], table["documents"], strict=True
        )
    }


def test_no_aliases_changes_nothing() -> None:
    assert apply_aliases(mentions(), Aliases()).equals(mentions())


def test_merge_recomputes_counts() -> None:
    aliases = merge(merge(Aliases(), "UN", "United Nations"), "U.N.", "United Nations")
    table = counts(aliases)
    assert table["United Nations"] == ("ORG", 3, 2)
    assert "UN" not in table and "U.N." not in table


def test_merge_follows_and_repoints_chains() -> None:
    aliases = merge(Aliases(), "U.N.", "UN")
    aliases = merge(aliases, "UN", "United Nations")
    assert aliases.mapping["U.N."] == Target("United Nations")
    assert counts(aliases)["United Nations"][1:] == (3, 2)


def test_merge_back_and_forth_never_loops() -> None:
    aliases = merge(Aliases(), "Baqeri", "Ali Baqeri")
    aliases = merge(aliases, "Ali Baqeri", "Baqeri")  # the user changes their mind
    assert aliases.resolve("Ali Baqeri") == "Baqeri"
    assert aliases.resolve("Baqeri") == "Baqeri"
    assert counts(aliases)["Baqeri"] == ("PERSON", 2, 2)


def test_rename_keeps_counts_under_the_new_name() -> None:
    table = counts(rename(Aliases(), "Ali Baqeri", "Ali Bagheri"))
    assert table["Ali Bagheri"] == ("PERSON", 1, 1)
    assert "Ali Baqeri" not in table


def test_relabel_forces_the_label() -> None:
    table = counts(relabel(Aliases(), "Erbil", "GPE"))
    assert table["Erbil"] == ("GPE", 1, 1)


def test_relabel_survives_a_later_merge_into_it() -> None:
    aliases = relabel(Aliases(), "Erbil", "GPE")
    aliases = merge(aliases, "Top Stories", "Erbil")
    assert counts(aliases)["Erbil"] == ("GPE", 2, 2)


def test_exclude_drops_the_entity_everywhere() -> None:
    aliases = exclude(Aliases(), "Top Stories")
    assert "Top Stories" not in counts(aliases)
    applied = apply_aliases(mentions(), aliases)
    assert "Top Stories" not in set(cooccurrence_table(applied)["target"])


def test_exclude_applies_to_merged_names() -> None:
    aliases = exclude(merge(Aliases(), "UN", "United Nations"), "United Nations")
    assert not {"UN", "United Nations"} & set(counts(aliases))
    assert "U.N." in counts(aliases)


def test_editing_returns_new_objects() -> None:
    base = Aliases()
    merge(base, "UN", "United Nations")
    exclude(base, "UN")
    assert base == Aliases()


EDITED = relabel(
    exclude(merge(merge(Aliases(), "UN", "United Nations"), "Baqeri", "Ali Baqeri"), "Top Stories"),
    "Erbil",
    "GPE",
)


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_dump_and_parse_round_trip(fmt: str, tmp_path: Path) -> None:
    text = dump_aliases(EDITED, fmt)
    assert parse_aliases(text, fmt) == EDITED
    path = tmp_path / f"aliases.{fmt}"
    path.write_text(text, encoding="utf-8")
    assert load_aliases(path) == EDITED


def test_csv_layout_is_documented() -> None:
    text = dump_aliases(EDITED, "csv")
    assert text.splitlines() == [
        "alias,canonical,label",
        "Baqeri,Ali Baqeri,",
        "Erbil,Erbil,GPE",
        "UN,United Nations,",
        "Top Stories,,EXCLUDE",
    ]


def test_load_yaml_written_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yml"
    path.write_text(
        "aliases:\n"
        "  - {alias: UN, canonical: United Nations, label: ORG}\n"
        "  - alias: Hussein\n    canonical: Fuad Hussein\n"
        "exclude: [Top Stories]\n",
        encoding="utf-8",
    )
    aliases = load_aliases(path)
    assert aliases.mapping == {
        "UN": Target("United Nations", "ORG"),
        "Hussein": Target("Fuad Hussein"),
    }
    assert aliases.exclude == frozenset({"Top Stories"})


def test_load_csv_with_bom_blank_lines_and_no_label_column(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text("\ufeffalias,canonical\nUN,United Nations\n\n", encoding="utf-8")
    assert load_aliases(path).mapping == {"UN": Target("United Nations")}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", "name,target\nUN,United Nations\n", "needs columns alias,canonical"),
        ("a.csv", "", "needs columns alias,canonical"),
        ("a.csv", "alias,canonical,label\n,United Nations,\n", "line 2: 'alias' is empty"),
        ("a.csv", "alias,canonical,label\nUN,,ORG\n", "line 2: 'canonical' is empty"),
        ("a.yaml", "aliases: [unclosed\n", "not valid YAML"),
        ("a.yaml", "- UN\n- United Nations\n", "expected a mapping"),
        ("a.yaml", "alias: UN\n", "expected a mapping"),
        ("a.yaml", "aliases: {UN: United Nations}\n", "must be lists"),
        ("a.yaml", "aliases: [UN]\n", "aliases[0] must be a mapping"),
        ("a.yaml", "aliases: [{alias: UN}]\n", "aliases[0]: 'canonical' is empty"),
        ("a.yaml", "exclude: [1, '']\n", "'exclude' must be a list of names"),
        ("a.txt", "UN United Nations\n", "unknown aliases format 'txt'"),
    ],
)
def test_bad_files_raise_a_clear_value_error(
    name: str, content: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_aliases(path)


def test_missing_or_binary_file_raises_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        load_aliases(tmp_path / "nope.csv")
    binary = tmp_path / "aliases.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(ValueError, match="cannot read"):
        load_aliases(binary)


def test_dump_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown aliases format"):
        dump_aliases(Aliases(), "json")
