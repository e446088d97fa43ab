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
    """The XDG folders are the run's; the derived tables are the checkout's own, kept
    between runs (tests/conftest.py DERIVED_KEPT), never the user's ~/.cache/newslens."""
    folder = derived_cache.cache_folder()
    assert folder == ROOT / ".pytest_cache" / "newslens-derived", folder
    assert folder != Path.home() / ".cache" / "newslens"
    for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        assert _in_temp(os.environ[var]), (var, os.environ[var])


def test_subprocesses_inherit_the_temporary_cache_folders() -> None:
    # the CLI and the Streamlit server the tests start derive their tables there too
    code = "from analysis import derived_cache; print(derived_cache.cache_folder())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)  # fmt: skip
    seen = Path(out.stdout.strip())
    assert seen == derived_cache.cache_folder(), seen
