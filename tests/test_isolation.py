"""A test run writes nothing into the user's home (tests/conftest.py ``pytest_configure``)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from analysis import derived_cache

ROOT = Path(__file__).resolve().parents[1]


def _in_temp(path: str | Path) -> bool:
    temp = Path(os.path.realpath(tempfile.gettempdir()))
    return temp in Path(os.path.realpath(path)).parents


def test_derived_tables_and_xdg_folders_point_into_the_runs_temporary_folder() -> None:
    folder = derived_cache.cache_folder()
    assert _in_temp(folder), folder
    assert Path.home() not in Path(os.path.realpath(folder)).parents
    for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        assert _in_temp(os.environ[var]), (var, os.environ[var])


def test_subprocesses_inherit_the_temporary_cache_folders() -> None:
    # the CLI and the Streamlit server the tests start derive their tables there too
    code = "from analysis import derived_cache; print(derived_cache.cache_folder())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)  # fmt: skip
    seen = Path(out.stdout.strip())
    assert _in_temp(seen) and seen == derived_cache.cache_folder(), seen
