"""User aliases: merge, rename, relabel and exclude entities at read time.

Aliases are applied to the MENTIONS table after it is read from the cache, so editing
them never re-runs spaCy. The dashboard edits them with :func:`merge`, :func:`rename`,
:func:`relabel` and :func:`exclude` (each returns a new :class:`Aliases`), offers them
for download with :func:`dump_aliases` and reads an uploaded file back with
:func:`parse_aliases`. :func:`apply_user_aliases` gives a whole corpus under a set of
aliases (every table and aggregate), which is how the dashboard applies a user's edits.

File formats
------------
CSV, columns ``alias,canonical,label`` (``label`` optional, may be empty)::

    alias,canonical,label
    UN,United Nations,ORG
    Hussein,Fuad Hussein,
    Top Stories,,EXCLUDE

A row with an empty ``canonical`` and label ``EXCLUDE`` removes the entity named in
``alias`` from every table. A row whose alias equals its canonical only relabels.

YAML::

    aliases:
      - {alias: UN, canonical: United Nations, label: ORG}
      - {alias: Hussein, canonical: Fuad Hussein}
    exclude: [Top Stories]
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd
import yaml

from analysis.present import exports

if TYPE_CHECKING:
    from analysis.tables import Corpus

EXCLUDE_LABEL = "EXCLUDE"
CSV_COLUMNS = ("alias", "canonical", "label")
FORMATS = ("csv", "yaml")


class Target(NamedTuple):
    """What an alias stands for: a canonical name and, optionally, a label to force."""

    canonical: str
    label: str | None = None


@dataclass(frozen=True)
class Aliases:
    """Alias name -> :class:`Target`, plus names to exclude. Treat as immutable:
    the editing functions return new instances."""

    mapping: dict[str, Target] = field(default_factory=dict)
    exclude: frozenset[str] = frozenset()

    def resolve(self, name: str) -> str:
        """Follow alias chains (a -> b -> c) to the final name; a cycle stops where it loops."""
        seen = {name}
        while name in self.mapping and self.mapping[name].canonical not in seen:
            name = self.mapping[name].canonical
            seen.add(name)
        return name

    def labels(self) -> dict[str, str]:
        """Final name -> the label forced on it."""
        return {self.resolve(t.canonical): t.label for t in self.mapping.values() if t.label}


# --------------------------------------------------------------------------- editing


def merge(aliases: Aliases, a: str, b: str) -> Aliases:
    """Merge entity ``a`` into entity ``b``: mentions of ``a`` (and its aliases) count as ``b``."""
    final = aliases.resolve(b)
    if final == a:  # b was an alias of a: that link is reversed
        final = b
    if a == final:
        return aliases
    mapping = {
        k: Target(final, v.label) if v.canonical == a else v
        for k, v in aliases.mapping.items()
        if not (k == final and v.canonical != final)  # final must not point elsewhere
    }
    mapping[a] = Target(final)
    return replace(aliases, mapping=mapping)


def rename(aliases: Aliases, old: str, new: str) -> Aliases:
    """Show entity ``old`` as ``new`` (same as merging ``old`` into ``new``)."""
    return merge(aliases, old, new)


def relabel(aliases: Aliases, name: str, label: str) -> Aliases:
    """Force the label of entity ``name`` (e.g. 'Erbil' -> GPE)."""
    final = aliases.resolve(name)
    mapping = dict(aliases.mapping)
    mapping[final] = Target(final, label)
    return replace(aliases, mapping=mapping)


def exclude(aliases: Aliases, name: str) -> Aliases:
    """Hide entity ``name`` from every table."""
    return replace(aliases, exclude=aliases.exclude | {name})


# --------------------------------------------------------------------------- applying


def apply_aliases(mentions: pd.DataFrame, aliases: Aliases) -> pd.DataFrame:
    """MENTIONS with ``canonical`` renamed, labels forced and excluded names dropped.

    In: MENTIONS (canonical filled). Out: a copy; a row is dropped when its canonical
    name before or after renaming is excluded.
    """
    if not aliases.mapping and not aliases.exclude:
        return mentions
    names = pd.unique(mentions["canonical"].dropna())
    renamed = {n: aliases.resolve(n) for n in names}
    out = mentions.copy()
    out["canonical"] = mentions["canonical"].map(renamed).astype(mentions["canonical"].dtype)
    labels = aliases.labels()
    forced = out["canonical"].isin(list(labels))
    out.loc[forced, "label"] = out.loc[forced, "canonical"].map(labels).astype(out["label"].dtype)
    dropped = mentions["canonical"].isin(aliases.exclude) | out["canonical"].isin(aliases.exclude)
    return out[~dropped].reset_index(drop=True)


ACTOR_SEPARATOR = "; "  # how analysis.schema.EVENTS joins canonical actor names


def rename_actors(events: pd.DataFrame, aliases: Aliases) -> pd.DataFrame:
    """EVENTS with each actor name renamed by ``aliases`` and excluded actors dropped.

    ``actors`` holds canonical names joined by "; "; renamed names that now repeat are
    kept once, and an event whose every actor is excluded keeps the event with null
    actors (it still happened). ``target`` and ``participants`` (the names merging
    compares) are rewritten the same way, so merged events follow the user's names.
    Out: a copy, other columns untouched; ``events`` itself when no name changes.
    """
    if len(events) == 0 or (not aliases.mapping and not aliases.exclude):
        return events

    def rewrite(actors: str) -> str | None:
        names = []
        for name in actors.split(ACTOR_SEPARATOR):
            final = aliases.resolve(name) if name else name
            if name and name not in aliases.exclude and final not in aliases.exclude:
                names.append(final)
        return ACTOR_SEPARATOR.join(dict.fromkeys(names)) or None

    columns = [c for c in ("actors", "target", "participants") if c in events.columns]
    values = pd.unique(pd.concat([events[c].dropna() for c in columns]).astype(str))
    lookup = {v: rewrite(str(v)) for v in values}
    if all(lookup[v] == v for v in values):
        return events
    out = events.copy()
    for column in columns:
        out[column] = events[column].map(lookup).astype(events[column].dtype)
    return out


def apply_user_aliases(corpus: Corpus, aliases: Aliases) -> Corpus:
    """``corpus`` as the user names things: every table and aggregate under ``aliases``.

    Renames, relabels and drops mentions (:func:`apply_aliases`) and event actors
    (:func:`rename_actors`), then recomputes the aggregates (entities, countries,
    co-occurrences, merged events, per-day tables) with analysis.tables.aggregates, so
    every count, chart and download agrees. Returns ``corpus`` itself when ``aliases``
    is empty; otherwise a new Corpus whose ``key`` gains a digest of the aliases (two
    alias sets never share a key) and whose ``aliases`` is their CSV text, which every
    export records. ``corpus`` is not modified.
    """
    if not aliases.mapping and not aliases.exclude:
        return corpus
    from analysis.tables import aggregates  # here: tables imports the table rules

    mentions = apply_aliases(corpus.table("mentions"), aliases)
    events = rename_actors(corpus.table("events"), aliases)
    same_events = events is corpus.table("events")
    # Merging event reports is the slowest aggregate (seconds at 20,000 documents), and
    # aliases that touch no actor leave it as it was.
    tables = {**corpus.tables, "mentions": mentions, "events": events}
    tables.update(
        aggregates(corpus.documents, mentions, events.iloc[:0] if same_events else events)
    )
    if same_events:
        tables["merged_events"] = corpus.table("merged_events")
    text = dump_aliases(aliases)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return replace(corpus, key=f"{corpus.key}+aliases-{digest}", tables=tables, aliases=text)


# --------------------------------------------------------------------------- files


def _entry(alias: Any, canonical: Any, label: Any, where: str) -> tuple[str, Target | None]:
    """Validate one alias entry; Target None means 'exclude alias'."""
    alias = "" if alias is None else str(alias).strip()
    canonical = "" if canonical is None else str(canonical).strip()
    label = "" if label is None else str(label).strip()
    if not alias:
        raise ValueError(f"{where}: 'alias' is empty")
    if label.upper() == EXCLUDE_LABEL:
        return alias, None
    if not canonical:
        raise ValueError(f"{where}: 'canonical' is empty (use label EXCLUDE to exclude)")
    return alias, Target(canonical, label or None)


def _build(entries: list[tuple[str, Target | None]], excluded: list[str]) -> Aliases:
    mapping = {alias: target for alias, target in entries if target is not None}
    gone = {alias for alias, target in entries if target is None} | set(excluded)
    return Aliases(mapping=mapping, exclude=frozenset(gone))


def _parse_csv(text: str, source: str) -> Aliases:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    if "alias" not in columns or "canonical" not in columns:
        raise ValueError(
            f"{source}: a CSV aliases file needs columns alias,canonical[,label]; "
            f"found {columns or 'no header'}"
        )
    entries = []
    for row_number, row in enumerate(reader, start=2):
        row = {
            (k or "").strip(): exports.restore_cell(v) if isinstance(v, str) else v
            for k, v in row.items()
        }
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # blank line
        where = f"{source} line {row_number}"
        entries.append(_entry(row.get("alias"), row.get("canonical"), row.get("label"), where))
    return _build(entries, [])


def _parse_yaml(text: str, source: str) -> Aliases:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(f"{source}: not valid YAML ({error})") from error
    data = {} if data is None else data
    if not isinstance(data, dict) or set(data) - {"aliases", "exclude"}:
        raise ValueError(f"{source}: expected a mapping with keys 'aliases' and/or 'exclude'")
    items, excluded = data.get("aliases") or [], data.get("exclude") or []
    if not isinstance(items, list) or not isinstance(excluded, list):
        raise ValueError(f"{source}: 'aliases' and 'exclude' must be lists")
    entries = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValueError(f"{source}: aliases[{i}] must be a mapping with alias, canonical")
        where = f"{source} aliases[{i}]"
        entries.append(_entry(item.get("alias"), item.get("canonical"), item.get("label"), where))
    if not all(isinstance(x, str) and x.strip() for x in excluded):
        raise ValueError(f"{source}: 'exclude' must be a list of names")
    return _build(entries, [x.strip() for x in excluded])


def describe_edits(aliases_csv: str | None, *, limit: int = 20) -> str:
    """One line naming the alias edits a corpus is shown under (the HTML report's
    "Entity edits" line). In: the alias CSV a corpus records (``corpus.aliases``); out:
    "none", or "N edits: A -> B; C excluded; ..." (the first ``limit``, then "..."); an
    unreadable CSV is named as such, never raised."""
    if not aliases_csv:
        return "none"
    try:
        aliases = _parse_csv(aliases_csv, "aliases")
    except ValueError as err:
        return f"unreadable alias file ({err})"
    parts = []
    for alias, target in sorted(aliases.mapping.items()):
        label = f" ({target.label})" if target.label else ""
        parts.append(f"{alias}{label}" if alias == target.canonical
                     else f"{alias} -> {target.canonical}{label}")  # fmt: skip
    parts += [f"{name} excluded" for name in sorted(aliases.exclude)]
    shown = "; ".join(parts[:limit]) + ("; ..." if len(parts) > limit else "")
    return f"{len(parts)} edit{'s' * (len(parts) != 1)}: {shown}"


def parse_aliases(text: str, fmt: str, *, source: str = "aliases") -> Aliases:
    """Aliases from file contents. ``fmt``: "csv" or "yaml" ("yml" accepted).

    Raises ValueError naming ``source`` and the faulty line or entry.
    """
    fmt = "yaml" if fmt.lower() in ("yml", "yaml") else fmt.lower()
    if fmt == "csv":
        return _parse_csv(text, source)
    if fmt == "yaml":
        return _parse_yaml(text, source)
    raise ValueError(f"{source}: unknown aliases format {fmt!r} (use csv or yaml)")


def load_aliases(path: str | Path) -> Aliases:
    """Read an aliases file (.csv, .yaml or .yml); ValueError if it is malformed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read aliases file ({error})") from error
    return parse_aliases(text, path.suffix.lstrip(".") or "csv", source=str(path))


def dump_aliases(aliases: Aliases, fmt: str = "csv") -> str:
    """The text of an aliases file that :func:`parse_aliases` reads back unchanged."""
    rows = [
        (alias, t.canonical, t.label or "")
        for alias, t in sorted(aliases.mapping.items(), key=lambda kv: kv[0].casefold())
    ]
    gone = sorted(aliases.exclude, key=str.casefold)
    if fmt == "csv":
        # The one CSV writer (formula cells neutralised); _parse_csv restores them.
        return exports.csv_rows(CSV_COLUMNS, [*rows, *((n, "", EXCLUDE_LABEL) for n in gone)])
    if fmt in ("yaml", "yml"):
        entries = [
            {"alias": a, "canonical": c, **({"label": lab} if lab else {})} for a, c, lab in rows
        ]
        data = {"aliases": entries, "exclude": gone}
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    raise ValueError(f"unknown aliases format {fmt!r} (use csv or yaml)")
