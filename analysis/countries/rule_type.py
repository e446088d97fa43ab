"""The type of one entry of the country rule registry (:data:`analysis.countries.rules.RULES`),
apart so that the registry's parts (:mod:`analysis.countries.cue_rules`) can declare
rules without importing the registry."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

#: spaCy labels that can name a country.
PLACE_LABELS: tuple[str, ...] = ("GPE", "LOC", "NORP", "FAC")

Kind = Literal["reading", "context", "cue"]


@dataclass(frozen=True)
class Rule:
    """One rule: ``id`` (the switch name), ``kind``, a short ``label`` (the page's
    toggle), its ``meaning`` (one sentence), ``help`` (an example), ``default`` (on or
    off), ``tags`` ((value, meaning) of the mentions table's ``rule`` column it
    writes) and ``function`` ("module:name" of the code behind it)."""

    id: str
    kind: Kind
    label: str
    meaning: str
    help: str
    function: str
    default: bool = True
    tags: tuple[tuple[str, str], ...] = ()

    def implementation(self) -> Callable[..., Any]:
        """The function behind the rule (imported on demand: no import cycle)."""
        module, _, name = self.function.partition(":")
        return getattr(importlib.import_module(module), name)
