"""Rule specs: the CLI's ``--rules`` and the Countries page's ``rules`` URL parameter
read into the switch dataclasses of :mod:`analysis.countries.rules` and written back,
and the registry's texts generated from :data:`~analysis.countries.rules.RULES` for
readers (the ``--rules`` help and listing, the reports' and exports' record of the
rules in force, the README's rules table). Split from rules.py (the registry itself)
when it grew past the core's 800-line limit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from analysis.countries.rules import RULES, ContextRules, CountryRules, Kind, Rule


def read_spec(spec: str) -> tuple[Any, Any, list[str]]:
    """A rules spec -> (CountryRules, ContextRules, the parts it ignored).

    ``spec`` is a comma-separated list of rule ids, each optionally prefixed with one "-"
    (off) or "+" (on), applied to the defaults: "-demonyms,-strays" (the CLI's
    ``--rules``, the Countries page's ``rules`` URL parameter). A part that names no
    switchable rule (an unknown id, or a ``cue`` rule, which applies when a corpus is
    built) is ignored and returned, as written, for the caller to report.
    """
    values: dict[str, dict[str, bool]] = {"reading": {}, "context": {}}
    ignored: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        sign = part[:1] if part[:1] in ("+", "-") else ""
        rule = RULES.get(part[len(sign) :])  # one sign at most: "--names" names no rule
        if rule is None or rule.kind not in values:
            ignored.append(part)
            continue
        values[rule.kind][rule.id] = not part.startswith("-")
    return CountryRules(**values["reading"]), ContextRules(**values["context"]), ignored


def parse_switches(spec: str) -> tuple[Any, Any]:
    """A CLI ``--rules`` value -> (CountryRules, ContextRules) (:func:`read_spec`).

    Cue rules apply when a corpus is built and cannot be switched here. Raises
    ValueError naming the valid ids for an unknown id.
    """
    rules, context, ignored = read_spec(spec)
    if ignored:
        valid = ", ".join(r.id for r in RULES.values() if r.kind != "cue")
        part = ignored[0][1:] if ignored[0][:1] in ("+", "-") else ignored[0]  # one sign
        raise ValueError(f"unknown country rule {part!r} (valid: {valid})")
    return rules, context


def spec_of(*switches: Any) -> str:
    """The shortest spec (:func:`read_spec`) that gives ``switches`` (CountryRules,
    ContextRules): each rule not at its default, in registry order, "-id" or "+id";
    "" for the defaults. ``read_spec(spec_of(r, c))[:2] == (r, c)``."""
    state = {f.name: getattr(s, f.name) for s in switches for f in dataclasses.fields(s)}
    return ",".join(("+" if state[r.id] else "-") + r.id for r in RULES.values()
                    if r.id in state and state[r.id] != r.default)  # fmt: skip


def spec_record(spec: str | None) -> list[dict[str, Any]]:
    """What a spec changes, from the registry: one {"rule", "kind", "on", "meaning"}
    per rule it sets away from its default, in registry order; [] for the defaults.
    The exports and reports write this beside the spec itself."""
    rules, context, _ = read_spec(spec or "")
    ids = [part.lstrip("+-") for part in spec_of(rules, context).split(",") if part]
    return [{"rule": i, "kind": RULES[i].kind, "on": not RULES[i].default,
             "meaning": RULES[i].meaning} for i in ids]  # fmt: skip


def rules_in_force(spec: str | None) -> list[dict[str, Any]]:
    """Every switchable rule of the registry with its state under ``spec``: one
    {"rule", "kind", "default", "in_force", "meaning"} per rule ("on"/"off"), in
    registry order: the ZIP's country_rules.csv and the workbook's country_rules sheet."""
    rules, context, _ = read_spec(spec or "")
    state = {f.name: getattr(s, f.name) for s in (rules, context) for f in dataclasses.fields(s)}
    return [{"rule": r.id, "kind": r.kind, "default": "on" if r.default else "off",
             "in_force": "on" if state[r.id] else "off", "meaning": r.meaning}
            for r in RULES.values() if r.id in state]  # fmt: skip


def describe_spec(spec: str | None) -> list[str]:
    """The reports' text for ``spec``: one line per rule it changes ("country rule
    names switched off: <meaning>"), or one line saying the defaults are in force."""
    record = spec_record(spec)
    if not record:
        return ["country rules: the defaults"]
    return [f"country rule {r['rule']} switched {'on' if r['on'] else 'off'}: {r['meaning']}"
            for r in record]  # fmt: skip


def cli_help() -> str:
    """The ``--rules`` help: every switchable rule of the registry with its default."""
    ids = ", ".join(f"{r.id} ({'on' if r.default else 'off'})" for r in RULES.values()
                    if r.kind != "cue")  # fmt: skip
    return (
        "country rules switched on (+id) or off (-id), comma-separated, e.g. "
        f'"-demonyms,-strays"; "list" prints them with their meaning. Rules: {ids}'
    )


def cli_listing() -> str:
    """``--rules list``: one line per switchable rule: id, kind, default, meaning."""
    return "".join(f"{r.id}\t{r.kind}\t{'on' if r.default else 'off'}\t{r.meaning}\n"
                   for r in RULES.values() if r.kind != "cue")  # fmt: skip


def switched_off(*switches: Any) -> list[Rule]:
    """The rules switched off in the given switch dataclasses, in registry order."""
    off = {f.name for s in switches for f in dataclasses.fields(s) if not getattr(s, f.name)}
    return [r for r in RULES.values() if r.id in off]


def changed_rules(*switches: Any) -> list[tuple[Rule, bool]]:
    """(rule, on) for each rule the switch dataclasses set away from its default, in
    registry order: what :func:`spec_of` writes, for a reader ([] at the defaults; a
    rule off by default and left off is no change)."""
    state = {f.name: getattr(s, f.name) for s in switches for f in dataclasses.fields(s)}
    return [(r, bool(state[r.id])) for r in RULES.values()
            if r.id in state and state[r.id] != r.default]  # fmt: skip


def markdown_table(kinds: Iterable[Kind] = ("reading", "context", "cue")) -> str:
    """The registry as a Markdown table (the README's country rules table)."""
    lines = ["| rule | kind | default | meaning | example | writes `rule` |",
             "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for r in RULES.values():
        if r.kind in kinds:
            tags = ", ".join(f"`{t}`" for t, _ in r.tags)
            default = "on" if r.default else "off"
            lines.append(f"| `{r.id}` | {r.kind} | {default} | {r.meaning} | {r.help} | {tags} |")
    return "\n".join(lines) + "\n"
