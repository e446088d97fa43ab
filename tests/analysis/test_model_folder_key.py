"""A pipeline given as a folder (``--model ./my_model``) is keyed by its files, not only by
its path and meta.json version: ``spacy train`` writes version 0.0.0 unless told, so a
model retrained in place kept serving the previous model's cached tables (review 8, §10).
"""

from __future__ import annotations

import os
from pathlib import Path

import spacy

from analysis.build import build_corpus


def _save_ruler(folder: Path, people: list[str]) -> None:
    """A blank English pipeline whose entity ruler tags ``people`` as PERSON, version 0.0.0
    (what ``spacy train`` writes by default), saved over ``folder``."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": p} for p in people])
    nlp.meta["name"], nlp.meta["version"] = "my_model", "0.0.0"
    nlp.to_disk(folder)


def _people(corpus) -> list[str]:
    """The people the pipeline tagged (places also come from the gazetteer pass)."""
    mentions = corpus.tables["mentions"]
    return sorted(set(mentions.loc[mentions["label"] == "PERSON", "text"]))


def test_a_pipeline_changed_in_place_is_rebuilt(tmp_path: Path, seeds_dir: Path) -> None:
    folder, cache = tmp_path / "my_model", tmp_path / "cache"
    _save_ruler(folder, ["Ali Baqeri"])
    first = build_corpus(seeds_dir, cache_dir=cache, model=str(folder), workers=1)
    assert _people(first) == ["Ali Baqeri"]
    _save_ruler(folder, ["Fuad Hussein"])  # retrained: same path, same version, other patterns
    second = build_corpus(seeds_dir, cache_dir=cache, model=str(folder), workers=1)
    assert second.model != first.model
    assert second.model.startswith(f"{folder} 0.0.0 #")
    assert _people(second) == ["Fuad Hussein"]  # the old cache served ["Ali Baqeri"]
    fresh = build_corpus(seeds_dir, cache_dir=tmp_path / "fresh", model=str(folder), workers=1)
    assert _people(fresh) == _people(second)


def test_the_folder_label_follows_content_not_mtimes(tmp_path: Path) -> None:
    from analysis.models import folder_label, installed_label

    folder = tmp_path / "m"
    _save_ruler(folder, ["Maria Lopez"])
    label = folder_label(str(folder))
    assert label is not None and installed_label(str(folder)) == label
    patterns = next(folder.rglob("patterns.jsonl"))
    stat = patterns.stat()
    os.utime(patterns, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # touched, same bytes
    assert folder_label(str(folder)) == label  # a copied or re-extracted folder: no rebuild
    patterns.write_text(patterns.read_text().replace("Maria", "Mario"))
    assert folder_label(str(folder)) != label
    (folder / "config.cfg").write_text((folder / "config.cfg").read_text() + "\n")
    assert folder_label(str(folder)) != label
    assert folder_label(str(tmp_path / "not_a_model")) is None


# ------------------------------------------------- review 11, §4: links and bad files


def test_a_component_behind_a_symlink_is_hashed(tmp_path: Path) -> None:
    from analysis.models import folder_label

    shared, folder = tmp_path / "shared", tmp_path / "m"
    _save_ruler(shared, ["Maria Lopez"])
    _save_ruler(folder, ["Maria Lopez"])
    ruler = folder / "entity_ruler"
    for f in ruler.iterdir():
        f.unlink()
    ruler.rmdir()
    ruler.symlink_to(shared / "entity_ruler", target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a cycle: walked once
    label = folder_label(str(folder))
    patterns = shared / "entity_ruler" / "patterns.jsonl"
    patterns.write_text(patterns.read_text().replace("Maria", "Mario"))  # retrained behind it
    assert folder_label(str(folder)) != label


def test_a_dangling_link_is_left_out_and_an_unreadable_file_named(
    tmp_path: Path, monkeypatch
) -> None:
    import pytest

    from analysis import models

    folder = tmp_path / "m"
    _save_ruler(folder, ["Maria Lopez"])
    label = models.folder_label(str(folder))
    (folder / "dangling.bin").symlink_to(tmp_path / "gone")  # spaCy could read nothing there
    assert models.folder_label(str(folder)) == label
    real_open = open

    def refusing(path, *args, **kwargs):  # the review ran as root, where chmod 000 reads
        if str(path).endswith("patterns.jsonl"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing)
    (folder / "entity_ruler" / "patterns.jsonl").touch()  # a new mtime: hashed again
    with pytest.raises(OSError) as err:
        models.folder_label(str(folder))
    assert str(err.value) == (
        f"cannot read the model file {folder.resolve() / 'entity_ruler' / 'patterns.jsonl'}: "
        "Permission denied"
    )
