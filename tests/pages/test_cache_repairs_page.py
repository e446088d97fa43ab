"""The dashboard says when damaged cache parts were found and rebuilt (analysis.store)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "news"


@pytest.fixture
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache of this test's own (overrides the session's, tests/pages/conftest.py).

    The test damages the snapshot its first run wrote. In the session's shared cache an
    earlier test (any order, any xdist worker) may already hold the fixture corpus's
    snapshot under the same corpus key, so the first run writes none and the newest file
    there belongs to another corpus."""
    return tmp_path_factory.mktemp("repairs-cache")


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_snapshot_is_rebuilt_and_announced(
    open_app: Callable[..., AppTest], cache_dir: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "news"
    shutil.copytree(FIXTURE, corpus)
    first = open_app(corpus)
    assert not first.exception
    documents = next(m.value for m in first.metric if m.label == "Documents")
    assert not any("damaged cache" in w.value for w in first.warning)
    parquet = sorted(cache_dir.glob("*/corpora/*/*.parquet"), key=lambda p: p.stat().st_mtime)
    assert parquet, "the build wrote no snapshot"
    _flip_a_byte(parquet[-1])
    st.cache_resource.clear()  # a new server process would not have the corpus in memory
    st.cache_data.clear()
    again = open_app(corpus)
    assert not again.exception, [e.value for e in again.exception]
    assert any("damaged cache part(s) were found and rebuilt" in w.value for w in again.warning)
    assert next(m.value for m in again.metric if m.label == "Documents") == documents
