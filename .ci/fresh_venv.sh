#!/usr/bin/env bash
# The conventional install, checked as a user runs it: a fresh `python -m venv` with the pip
# it ships (no upgrade), `pip install -r requirements.txt`, `pip install .`, then the
# `newslens` command on the seed corpus from another folder (so the installed package is
# what runs, not the checkout). Reuses pip's own download cache; takes a couple of minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
started=$(date +%s)

"$PYTHON" -m venv "$tmp/venv"
py="$tmp/venv/bin/python"
echo "fresh venv: $("$py" --version), $("$py" -m pip --version | cut -d' ' -f1-2)"
"$py" -m pip install --quiet -r requirements.txt
# What git tracks (the working copy of it), as a user's clone would have it.
mkdir "$tmp/src"
git ls-files -z | tar --null -T - -cf - | tar -xf - -C "$tmp/src"
"$py" -m pip install --quiet "$tmp/src"
installed=$(($(date +%s) - started))

mkdir "$tmp/run"
cp -r seeds "$tmp/run/seeds"
cd "$tmp/run"
"$tmp/venv/bin/newslens" --help >/dev/null
"$tmp/venv/bin/newslens" summary seeds --quiet --cache "$tmp/cache" >summary.json
"$py" - <<'PY'
import json
import analysis

summary = json.load(open("summary.json"))
assert summary["corpus"]["documents"] == 1, summary["corpus"]
assert summary["entities"], "no entities: the model did not run"
assert "site-packages" in analysis.__file__, analysis.__file__
import ui.config  # `newslens serve` with no corpus opens the seed the wheel ships
assert (ui.config.DEFAULT_CORPUS / "metadata.csv").is_file(), ui.config.DEFAULT_CORPUS
assert "site-packages" in str(ui.config.DEFAULT_CORPUS), ui.config.DEFAULT_CORPUS
print(f"newslens summary seeds: {len(summary['entities'])} entities from the installed package")
PY
echo "fresh-venv install check passed: install ${installed}s, total $(($(date +%s) - started))s"
