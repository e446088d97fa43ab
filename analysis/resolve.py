"""Corpus-level entity resolution: one entity per real thing across the documents.

The per-document pass (:func:`analysis.canonical.canonicalize`) names each mention from
what its own document says ('Baqeri' -> 'Ali Baqeri' there). This module then joins
the canonical names of the whole corpus into entities, from corpus-wide statistics of
each name (its mentions per label and, for places, the country the gazetteer reads
in it). In:
MENTIONS (canonical, label, iso3, rule filled). Out: the same rows with ``canonical``
set to the entity's name; labels are left as the model/rules gave them, and an
entity's label is decided by the votes of all its mentions
(:func:`analysis.entities.entity_table`; :func:`label_votes` gives the counts).

Joining rules (:data:`JOIN_RULES`, each switchable, run in this order):

* ``normalised_form``: names equal after case, accents, dots, hyphens, '&' and a
  leading 'the' are folded ('U.S. Open' / 'US Open', 'TEHRAN' / 'Tehran');
* ``countries``: names and demonyms the gazetteer reads as one country
  ('US', 'United States', 'American') -> the country's common name;
* ``known_aliases``: short names of international bodies from ``data/known_aliases.tsv``
  ('UN', 'U.N.' -> 'United Nations', 'Fed' -> 'Federal Reserve');
* ``acronyms``: an acronym whose expansion is the only name in the corpus with those
  initials ('IRNA' <-> 'Islamic Republic News Agency');
* ``surnames``: a person's surname or name tail joined to the corpus's one full name
  ending in it ('Clinton' -> 'Bill Clinton' when no other '... Clinton' is named);
* ``fuzzy``: spelling variants of the same name ('Mohammad Khatami' / 'Mohammed
  Khatami'), compared with rapidfuzz only inside blocks (same start of the last word
  for people, of the first word otherwise), never all pairs.

Guards: role and title words are stripped from the front of person names
('Defender Hassan Abbas' -> 'Hassan Abbas'; list in ``data/role_words.txt``); a known
place is never joined into a longer name ('Belgrade' stays apart from 'Partizan
Belgrade'); names with different numbers never fuzzy-join ('Euro 96' / 'Euro 2000').

Incremental: the statistics are sums over documents, and every rule joins only names
that share a join key (:func:`join_keys`), so :class:`Resolver` adds new documents'
mentions to the statistics and re-decides only the names connected, through keys that
can join, to names the new documents changed; the result equals a clean resolution
(``benchmarks/entity_resolution_scale.py`` measures both at Reuters scale).
:meth:`Resolver.update` takes a whole corpus's new statistics (documents added, removed
or changed) and re-decides the names whose statistics differ; the build keeps a resolver
between builds in :mod:`analysis.corpus_state`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.canonical import ACRONYM, ACRONYM_LABELS, initials
from analysis.labels import NAME_LABELS

DATA = Path(__file__).parent / "data"
#: Country rules (analysis.countries) whose reading is the country itself, per join rule.
COUNTRY_RULES = {
    "countries": frozenset({"name"}),
    "demonyms": frozenset({"demonym"}),
    "territories": frozenset({"territory"}),  # a part of a country ('Scotland', 'Chechnya')
}
#: A people's word and the place it derives from share at least this many first letters...
DEMONYM_STEM = 4
#: ... and the place's name goes on for at most this many letters after them
#: ('Scot|tish' / 'Scot|land', 'Chech|en' / 'Chech|nya'; not 'Christ|ian' / 'Christ|church').
DEMONYM_PLACE_TAIL = 4
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: rapidfuzz ratio (0-100) from which two names in one block are one entity (dev-tuned)...
FUZZY_JOIN = 92
#: ... and from which they are offered to the analyst as a merge suggestion.
FUZZY_SUGGEST = 80
#: Letters of the blocking word that must agree for two names to be compared.
BLOCK_PREFIX = 3
#: Blocks larger than this are skipped by the fuzzy rule (a very common word).
MAX_BLOCK = 400


# --------------------------------------------------------------------------- word data


# The word lists live in analysis.name_data (shared with analysis.junk without an import
# circle); re-exported here for the resolution rules and their callers.
from analysis.name_data import company_suffixes, fold, known_aliases, role_words  # noqa: E402

# --------------------------------------------------------------------------- name forms


def strip_roles(name: str) -> str:
    """A person's name without leading role words ('Defender Hassan Abbas' ->
    'Hassan Abbas'); unchanged when nothing but role words would be left."""
    words = name.split(" ")
    roles = role_words()
    i = 0
    while i < len(words) - 1 and words[i].casefold().rstrip(".") in roles:
        i += 1
    return " ".join(words[i:])


@lru_cache(maxsize=50_000)
def is_known_place(name: str) -> bool:
    """Does the gazetteer read ``name`` as a country, state, region or city on its own?"""
    from analysis.gazetteer import candidates

    return any(not c.needs_context for c in candidates(name))


def _names_a_place(name: str) -> bool:
    """Does the gazetteer read ``name`` as a place by a rule other than a demonym?"""
    from analysis.gazetteer import candidates

    return any(not c.needs_context and c.rule != "demonym" for c in candidates(name))


# --------------------------------------------------------------------------- statistics


@dataclass
class NameStats:
    """Per canonical name: mentions per label, and per country read in it (iso3 of the
    mentions whose country rule is the country itself). Sums over documents."""

    labels: dict[str, Counter[str]] = field(default_factory=dict)
    countries: dict[str, Counter[str]] = field(default_factory=dict)
    demonyms: dict[str, Counter[str]] = field(default_factory=dict)
    territories: dict[str, Counter[str]] = field(default_factory=dict)
    #: name -> (majority label, total mentions), memoised; :meth:`add` drops changed names.
    _summary: dict[str, tuple[str, int]] = field(default_factory=dict, repr=False)

    def add(self, mentions: pd.DataFrame) -> set[str]:
        """Add MENTIONS rows; returns the names whose statistics changed."""
        named = mentions[mentions["label"].isin(NAME_LABELS) & mentions["canonical"].notna()]
        named = named[named["canonical"].astype(str) != ""]
        for (name, label), n in named.groupby(["canonical", "label"], observed=True).size().items():
            self.labels.setdefault(str(name), Counter())[str(label)] += int(n)
        for kind, rules in COUNTRY_RULES.items():
            found = named[named["rule"].isin(rules) & named["iso3"].notna()]
            counts = found.groupby(["canonical", "iso3"], observed=True).size()
            for (name, iso3), n in counts.items():
                getattr(self, kind).setdefault(str(name), Counter())[str(iso3)] += int(n)
        changed = set(named["canonical"].astype(str))
        for name in changed:
            self._summary.pop(name, None)
        return changed

    def _summarise(self, name: str) -> tuple[str, int]:
        found = self._summary.get(name)
        if found is None:
            votes = self.labels.get(name)
            if not votes:
                return "", 0
            best = min(votes, key=lambda k: (-votes[k], k))
            found = self._summary[name] = (best, sum(votes.values()))
        return found

    def total(self, name: str) -> int:
        """Mentions of ``name`` under every label."""
        return self._summarise(name)[1]

    def majority(self, name: str) -> str:
        """The label most of ``name``'s mentions carry (ties: alphabetical); "" if none."""
        return self._summarise(name)[0]

    def differs(self, other: NameStats) -> set[str]:
        """The names whose statistics differ between ``self`` and ``other``."""
        out = set()
        for kind in ("labels", *COUNTRY_RULES):
            mine, theirs = getattr(self, kind), getattr(other, kind)
            out.update(n for n in mine.keys() | theirs.keys() if mine.get(n) != theirs.get(n))
        return out

    def country(self, name: str, kind: str = "countries") -> str | None:
        """The country a name reads as in most of its mentions, if most of them do;
        ``kind``: "countries" (country names) or "demonyms"."""
        votes = getattr(self, kind).get(name)
        if not votes:
            return None
        iso3, n = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))
        return iso3 if 2 * n > self.total(name) else None


# --------------------------------------------------------------------------- clustering


class _Clusters:
    """Union-find over names, with a forced display name per cluster root."""

    def __init__(self, block_sizes: dict[str, int] | None = None) -> None:
        self.parent: dict[str, str] = {}
        self.forced: dict[str, str] = {}
        #: Fuzzy blocks' sizes in the whole corpus, when only part of it is decided.
        self.block_sizes = block_sizes

    def find(self, name: str) -> str:
        root = name
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(name, name) != root:
            self.parent[name], name = root, self.parent[name]
        return root

    def union(self, a: str, b: str, *, forced: str | None = None) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            ra, rb = sorted((ra, rb))  # deterministic root, whatever the order of joins
            self.parent[rb] = ra
            if rb in self.forced:
                self.forced.setdefault(ra, self.forced.pop(rb))
        if forced:
            self.forced[self.find(a)] = forced


JoinRule = Callable[[NameStats, list[str], _Clusters], None]


def _node(stats: NameStats, name: str) -> str:
    """The name a canonical name stands for before joining (roles stripped from people)."""
    return strip_roles(name) if stats.majority(name) == "PERSON" else name


def form_key(stats: NameStats, name: str) -> str:
    """What ``normalised_form`` compares: :func:`fold` of the name (roles stripped from
    people), without a company's legal form ('Johnson Controls Inc') or a people's
    plural ('Moslems' / 'Moslem')."""
    label, words = stats.majority(name), fold(_node(stats, name)).split(" ")
    if label == "ORG":  # 'NationsBank Corp' is NationsBank; 'Washington Group' is not Washington
        while len(words) > 1 and words[-1] in company_suffixes():
            rest = words[:-1]
            if rest[-1] in company_suffixes() or is_known_place(" ".join(rest).title()):
                break
            words.pop()
    elif label == "NORP" and len(words[-1]) > 4 and words[-1].endswith("s"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def join_normalised_form(stats: NameStats, names: list[str], clusters: _Clusters) -> None:
    """Names with the same :func:`form_key` are one entity."""
    by_form: dict[str, str] = {}
    for name in names:
        key = form_key(stats, name)
        if key:
            clusters.union(by_form.setdefault(key, name), name)


def _join_country_readings(
    stats: NameStats, names: list[str], clusters: _Clusters, kind: str
) -> None:
    from analysis.geo_sources import country_name

    first: dict[str, str] = {}
    for name in names:
        iso3 = stats.country(name, kind)
        if iso3:
            key = f"\x00country:{iso3}"  # a node standing for the country itself
            clusters.union(first.setdefault(key, key), name, forced=country_name(iso3))


def join_countries(stats: NameStats, names: list[str], clusters: _Clusters) -> None:
    """Names and variants read as one country are that country ('US', 'U.S.', 'United
    States' -> 'United States'), shown by its common name."""
    _join_country_readings(stats, names, clusters, "countries")


def join_demonyms(stats: NameStats, names: list[str], clusters: _Clusters) -> None:
    """A demonym is its country ('Iraqi' -> 'Iraq'): news names countries by their
    adjective as often as by their name (AIDA links both to the country). A people's
    word derived from a place the corpus names joins that place first: 'Scottish' is
    Scotland (not the United Kingdom), 'Chechen' is Chechnya (:func:`demonym_places`)."""
    places = demonym_places(stats, names)
    for name, place in places.items():  # shown by the place's name unless already forced
        named = clusters.forced.get(clusters.find(place))
        clusters.union(place, name, forced=named or place)
    rest = [n for n in names if n not in places]
    _join_country_readings(stats, rest, clusters, "demonyms")


def _stem(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def demonym_places(stats: NameStats, names: list[str]) -> dict[str, str]:
    """People's words -> the one place of the corpus they derive from.

    A one-word name mostly tagged NORP (not itself a place name) and a one-word name
    mostly tagged GPE/LOC that the gazetteer knows as a place share at least
    :data:`DEMONYM_STEM` first letters and at least half of the people's word, after
    which the place's name has at most :data:`DEMONYM_PLACE_TAIL` letters left; the
    longest shared beginning wins and must be unique. A word read as a country's
    demonym ('Scottish': United Kingdom) joins only a part of that country
    ('Scotland'), never another country ('Austrian' never joins Australia)."""
    by_stem: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in names:
        key = fold(name)
        if " " not in key and stats.majority(name) in PLACE_LABELS and is_known_place(name):
            by_stem[key[:DEMONYM_STEM]].append((key, name))
    out = {}
    for name in names:
        key = fold(name)
        if " " in key or stats.majority(name) != "NORP" or _names_a_place(name):
            continue
        country = stats.country(name, "demonyms")
        found = []
        for place_key, place in by_stem.get(key[:DEMONYM_STEM], []):
            stem = _stem(key, place_key)
            tail = len(place_key) - stem
            if stem == len(key) or 2 * stem < len(key) or tail > DEMONYM_PLACE_TAIL:
                continue  # the word must extend the stem, mostly be it, and so the place
            if country and stats.country(place, "territories") != country:
                continue
            found.append((stem, place))
        best = max((s for s, _ in found), default=0)
        top = [p for s, p in found if s == best]
        if len(top) == 1:
            out[name] = top[0]
    return out


def join_known_aliases(stats: NameStats, names: list[str], clusters: _Clusters) -> None:
    """Short names of international bodies (data/known_aliases.tsv) join their body."""
    table = known_aliases()
    first: dict[str, str] = {}
    for name in names:
        canonical = table.get(fold(name))
        if canonical and stats.majority(name) in ACRONYM_LABELS | {"PERSON"}:
            clusters.union(first.setdefault(canonical, name), name, forced=canonical)


def join_acronyms(stats: NameStats, names: list[str], clusters: _Clusters) -> None:
    """An acronym joins the one multi-word name of the corpus with those initials."""
    longs: dict[str, set[str]] = defaultdict(set)
    for name in names:
        if stats.majority(name) in ACRONYM_LABELS and (key := initials(name)) and len(key) > 1:
            longs[key].add(clusters.find(name))
    for name in names:
        if not ACRONYM.match(name) or stats.majority(name) not in ACRONYM_LABELS:
            continue
        if stats.country(name) or stats.country(name, "demonyms") or fold(name) in known_aliases():
            continue  # decided by a stronger rule
        found = longs.get(name, set())
        if len(found) == 1:
            clusters.union(next(iter(found)), name)


def join_surnames(stats: NameStats, names: list[str], clusters: _Clusters) -> None:
    """A person's name tail ('Clinton') joins the corpus's one full name ending in it.

    Guard: a tail that is a known place ('Belgrade') never joins a longer name."""
    tails: dict[str, set[str]] = defaultdict(set)
    for name in names:
        node = _node(stats, name)
        words = node.split(" ")
        if stats.majority(name) == "PERSON" and len(words) > 1:
            for i in range(1, len(words)):
                tails[fold(" ".join(words[i:]))].add(clusters.find(name))
    full = _full_roots(stats, names, clusters)
    for name in names:
        node = _node(stats, name)
        if stats.majority(name) != "PERSON" or " " in node or is_known_place(node):
            continue
        found = {clusters.find(r) for r in tails.get(fold(node), set())}
        if len(found) == 1 and clusters.find(name) not in full:
            clusters.union(next(iter(found)), name)


def _full_roots(stats: NameStats, names: list[str], clusters: _Clusters) -> set[str]:
    """Roots of clusters holding a multi-word person name (never absorbed as tails)."""
    return {
        clusters.find(n) for n in names if stats.majority(n) == "PERSON" and " " in _node(stats, n)
    }


def block_key(stats: NameStats, name: str) -> str | None:
    """The fuzzy rule's block of ``name``: its label and the first :data:`BLOCK_PREFIX`
    letters of its last word (people) or first word (others); None for one-word names
    of things (they differ by one letter too often)."""
    label, words = stats.majority(name), fold(_node(stats, name)).split(" ")
    if len(words) < 2 and label != "PERSON":
        return None
    return f"block:{label}:{(words[-1] if label == 'PERSON' else words[0])[:BLOCK_PREFIX]}"


def fuzzy_pairs(
    stats: NameStats,
    names: list[str],
    threshold: int,
    sizes: dict[str, int] | None = None,
) -> list[tuple[str, str, float]]:
    """(a, b, score) of names in one block whose rapidfuzz ratio reaches ``threshold``.

    Blocks: same label, then the same first :data:`BLOCK_PREFIX` letters of the last
    word (people: 'Nazarbayev' / 'Nazarbaev') or of the first word (others) after
    :func:`fold`; a block larger than :data:`MAX_BLOCK` is skipped, so the cost grows
    with the block sizes, not with the square of the number of names. ``sizes``: the
    blocks' sizes in the whole corpus when ``names`` is only part of it.
    """
    from rapidfuzz import fuzz, process

    blocks: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if key := block_key(stats, name):
            blocks[key].append(name)
    out = []
    for key, block in blocks.items():
        if len(block) < 2 or (sizes or {}).get(key, len(block)) > MAX_BLOCK:
            continue
        keys = [fold(_node(stats, n)) for n in block]
        scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=threshold)
        for i, j in zip(*scores.nonzero(), strict=True):
            if i < j and _digits(keys[i]) == _digits(keys[j]) and keys[i] != keys[j]:
                out.append((block[i], block[j], float(scores[i, j])))
    return out


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def join_fuzzy(stats: NameStats, names: list[str], clusters: _Clusters) -> None:
    """Spelling variants (ratio >= :data:`FUZZY_JOIN` within a block) are one entity.

    Guards: a known place is never joined to a different name by spelling alone, nor
    are two names that differ only in a place ('Austria national team' / 'Australia
    national team')."""
    for a, b, _ in fuzzy_pairs(stats, names, FUZZY_JOIN, clusters.block_sizes):
        if not (is_known_place(a) or is_known_place(b) or _differ_in_place(a, b)):
            clusters.union(a, b)


def _differ_in_place(a: str, b: str) -> bool:
    """Are the words of ``a`` not in ``b`` and those of ``b`` not in ``a`` both known
    places ('Austria national team' / 'Australia national team')?"""
    wa, wb = a.split(" "), b.split(" ")
    only_a = " ".join(w for w in wa if w not in wb)
    only_b = " ".join(w for w in wb if w not in wa)
    return bool(only_a and only_b) and is_known_place(only_a) and is_known_place(only_b)


@dataclass(frozen=True)
class JoinRuleInfo:
    """A registry entry: what the rule joins, whether it runs by default, the function."""

    meaning: str
    default: bool
    join: JoinRule


#: The joining rules, in the order they run; the benchmark ablates them by name.
JOIN_RULES: dict[str, JoinRuleInfo] = {
    "normalised_form": JoinRuleInfo("same name after case/accents/dots", True,
                                    join_normalised_form),
    "countries": JoinRuleInfo("country names and variants", True, join_countries),
    "demonyms": JoinRuleInfo("demonyms joined to their country", True, join_demonyms),
    "known_aliases": JoinRuleInfo("short names of international bodies", True,
                                  join_known_aliases),
    "acronyms": JoinRuleInfo("acronym and its one expansion in the corpus", True,
                             join_acronyms),
    "surnames": JoinRuleInfo("surname and the corpus's one full name", True, join_surnames),
    "fuzzy": JoinRuleInfo("spelling variants within a block (rapidfuzz)", True, join_fuzzy),
}  # fmt: skip


def _entity_names(stats: NameStats, names: list[str], clusters: _Clusters) -> dict[str, str]:
    """name -> the entity's display name: a forced name (country, known body), else the
    cluster's most mentioned multi-word name, else its most mentioned name."""
    members: dict[str, list[str]] = defaultdict(list)
    for name in names:
        members[clusters.find(name)].append(name)
    out = {}
    for root, group in members.items():
        best = clusters.forced.get(root)
        if best is None:
            nodes = Counter()
            for n in group:
                nodes[_node(stats, n)] += stats.total(n)
            best = min(nodes, key=_display_rank(nodes))
        out.update(dict.fromkeys(group, best))
    return out


def _display_rank(counts: Counter[str]) -> Callable[[str], tuple]:
    """Sort key of display names: multi-word first, then normally written ('Tehran'
    before 'TEHRAN'), then most mentioned, then alphabetical."""

    def rank(name: str) -> tuple:
        shouted = len(name) > 4 and name.isupper()
        return (" " not in name, shouted, -counts[name], name)

    return rank


def decide(
    stats: NameStats,
    *,
    rules: Iterable[str] | None = None,
    names: Iterable[str] | None = None,
    block_sizes: dict[str, int] | None = None,
) -> dict[str, str]:
    """Canonical name -> entity name for ``names`` (default: every name in ``stats``),
    only the names whose entity differs from them kept. The rules join only names that
    share a :func:`join_keys` key, so deciding a union of key-connected components gives
    those names exactly what deciding the whole corpus gives them (``block_sizes``: the
    fuzzy blocks' sizes in the whole corpus, see :func:`fuzzy_pairs`)."""
    names = sorted(stats.labels if names is None else names)
    clusters = _Clusters(block_sizes)
    chosen = [r for r, info in JOIN_RULES.items() if info.default] if rules is None else rules
    for rule in chosen:
        JOIN_RULES[rule].join(stats, names, clusters)
    entity = _entity_names(stats, names, clusters)
    return {name: target for name, target in entity.items() if target != name}


def join_keys(stats: NameStats, name: str) -> frozenset[str]:
    """Every key through which a joining rule may relate ``name`` to another name: two
    names no chain of shared keys connects are never joined, by any rule. Depends on the
    name's own statistics only (so a name's keys change only when its mentions do)."""
    label, node = stats.majority(name), _node(stats, name)
    folded = fold(node)
    keys = {f"form:{form_key(stats, name)}", f"alias:{known_aliases().get(fold(name), '')}"}
    for kind in ("countries", "demonyms"):
        if iso3 := stats.country(name, kind):
            keys.add(f"country:{iso3}")
    if " " not in folded and (label == "NORP" or label in PLACE_LABELS):
        keys.add(f"stem:{folded[:DEMONYM_STEM]}")
    if label in ACRONYM_LABELS:
        keys.add(f"initials:{initials(name) or name}")
    if label == "PERSON":
        words = folded.split(" ")
        keys.update(f"tail:{' '.join(words[i:])}" for i in range(len(words)))
    if block := block_key(stats, name):
        keys.add(block)
    keys.discard("alias:")
    return frozenset(keys)


class Resolver:
    """Corpus-level resolution that grows with the corpus: :meth:`add` documents'
    mentions, then :meth:`apply` the joins to any MENTIONS table.

    Incremental: it keeps the statistics of every name, each name's :func:`join_keys`
    and the names holding each key. Adding documents re-decides only the names
    connected, through shared keys, to a name whose statistics the new documents
    changed (before or after the change); every other name keeps its entity. The
    result equals a clean resolution of all documents (property-tested)."""

    def __init__(self, *, rules: Iterable[str] | None = None) -> None:
        self.stats = NameStats()
        self.rules = None if rules is None else list(rules)
        self.mapping: dict[str, str] = {}
        self.keys: dict[str, frozenset[str]] = {}
        self.holders: dict[str, set[str]] = defaultdict(set)
        self.acronym: dict[str, bool] = {}
        #: Names re-decided by the last :meth:`add` (its cost; the benchmark reports it).
        self.redecided = 0

    def add(self, mentions: pd.DataFrame) -> None:
        """Add new documents' MENTIONS (canonical filled) and re-decide the joins of the
        names they touch."""
        self._redecide(self.stats.add(mentions))

    def update(self, stats: NameStats) -> None:
        """Take ``stats`` (the whole corpus's, built afresh: documents added, removed or
        changed) as the statistics and re-decide the joins of every name whose
        statistics differ from the current ones."""
        old, self.stats = self.stats, stats
        self._redecide(old.differs(stats))

    @classmethod
    def from_stats(cls, stats: NameStats, *, rules: Iterable[str] | None = None) -> Resolver:
        """A resolver of a whole corpus decided from scratch (what :meth:`add` of every
        mention gives, without searching connected names: all are decided)."""
        resolver = cls(rules=rules)
        resolver.stats = stats
        for name in stats.labels:
            resolver.keys[name] = keys = join_keys(stats, name)
            resolver.acronym[name] = resolver._is_acronym(name)
            for key in keys:
                resolver.holders[key].add(name)
        resolver.mapping = decide(stats, rules=resolver.rules)
        resolver.redecided = len(stats.labels)
        return resolver

    def _redecide(self, changed: set[str]) -> None:
        """Re-key the ``changed`` names (a name without mentions any more loses its keys)
        and re-decide every name connected to them, before or after the change."""
        seeds = set(changed)
        for name in changed:
            gone = self.stats.total(name) == 0
            old = self.keys.get(name, frozenset())
            new = frozenset() if gone else join_keys(self.stats, name)
            was, now = self.acronym.get(name, False), not gone and self._is_acronym(name)
            for key in old - new:
                self.holders[key].discard(name)
                seeds |= self.holders[key]  # the old neighbours (a shrunk block's too)
            for key in new - old:
                self.holders[key].add(name)
                if key.startswith("block:") and len(self.holders[key]) == MAX_BLOCK + 1:
                    seeds |= self.holders[key]  # the block grew too large: its joins go
            if was != now:  # its initials keys now join (or no longer join) their holders
                seeds.update(*(self.holders[k] for k in old | new if k.startswith("initials:")))
            if gone:
                for held in (self.keys, self.acronym, self.mapping):
                    held.pop(name, None)
            else:
                self.keys[name], self.acronym[name] = new, now
        names = self._connected({n for n in seeds if n in self.keys})
        self.redecided = len(names)
        sizes = {k: len(self.holders[k]) for n in names for k in self.keys[n] if k[:6] == "block:"}
        decided = decide(self.stats, rules=self.rules, names=names, block_sizes=sizes)
        for name in names:
            if name in decided:
                self.mapping[name] = decided[name]
            else:
                self.mapping.pop(name, None)

    def _is_acronym(self, name: str) -> bool:
        return bool(ACRONYM.match(name)) and self.stats.majority(name) in ACRONYM_LABELS

    def _connected(self, seeds: set[str]) -> set[str]:
        """The names connected to ``seeds`` through keys that can join (breadth-first):
        a key shared by its holders, except that initials join only where one holder is
        an acronym, and a fuzzy block only joins names spelled alike
        (rapidfuzz ratio >= :data:`FUZZY_JOIN`) in a block of at most :data:`MAX_BLOCK`."""
        from rapidfuzz import fuzz, process

        seen, todo, done_keys = set(seeds), list(seeds), set()
        spelt: dict[str, tuple[list[str], list[str]]] = {}
        while todo:
            name = todo.pop()
            for key in self.keys[name] - done_keys:
                holders = self.holders[key]
                if key.startswith("block:"):
                    if len(holders) > MAX_BLOCK:
                        continue
                    if key not in spelt:
                        members = sorted(holders)
                        spelt[key] = (members, [fold(_node(self.stats, n)) for n in members])
                    members, folded = spelt[key]
                    query = fold(_node(self.stats, name))
                    hits = process.extract(query, folded, scorer=fuzz.ratio,
                                           score_cutoff=FUZZY_JOIN, limit=None)  # fmt: skip
                    fresh = {members[i] for _, _, i in hits} - seen
                else:
                    done_keys.add(key)
                    if key.startswith("initials:") and not any(
                        self.acronym.get(h, False) for h in holders
                    ):
                        continue
                    fresh = holders - seen
                seen |= fresh
                todo.extend(fresh)
        return seen

    def apply(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """``mentions`` with each name mention's ``canonical`` replaced by its entity."""
        return apply_mapping(mentions, self.mapping)


def apply_mapping(mentions: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """``mentions`` with each name mention's ``canonical`` replaced by ``mapping``'s
    entity for it (names not in ``mapping`` unchanged)."""
    if len(mentions) == 0 or not mapping:
        return mentions
    out = mentions.copy()
    named = out["label"].isin(NAME_LABELS)
    renamed = out.loc[named, "canonical"].map(mapping)
    keep = renamed.notna()
    out.loc[renamed.index[keep], "canonical"] = renamed[keep]
    return out


def resolve(mentions: pd.DataFrame, *, rules: Iterable[str] | None = None) -> pd.DataFrame:
    """A whole corpus's MENTIONS with names joined into entities (see module docstring),
    from scratch: no join keys kept (:class:`Resolver` keeps them to grow the corpus)."""
    stats = NameStats()
    stats.add(mentions)
    return apply_mapping(mentions, decide(stats, rules=rules))


def corpus_pass(
    mentions: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """The corpus-level steps of a build, in order: names spread to the documents where
    the model missed them (:mod:`analysis.propagate`; in a sports report a country's
    name spread there is read as its team, :func:`analysis.teams.mark_corpus_teams`),
    ALL-CAPS variants folded
    (:func:`analysis.canonical.merge_case_variants`), then :func:`resolve`."""
    from analysis.canonical import merge_case_variants
    from analysis.propagate import propagate_corpus_names
    from analysis.teams import mark_corpus_teams

    mentions = propagate_corpus_names(mentions, documents, sentences)
    mentions = mark_corpus_teams(mentions, documents)  # the names spread to sports reports
    return resolve(merge_case_variants(mentions))


def label_votes(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per entity and label, how many of its mentions carry that label.

    In: MENTIONS (resolved). Out: columns name, label, mentions; most first per name.
    """
    named = mentions[mentions["label"].isin(NAME_LABELS) & mentions["canonical"].notna()]
    counts = named.groupby(["canonical", "label"], observed=True).size().rename("mentions")
    out = counts.reset_index().rename(columns={"canonical": "name"})
    return out.sort_values(["name", "mentions", "label"], ascending=[True, False, True])


def suggestions(mentions: pd.DataFrame, *, top: int = 200) -> pd.DataFrame:
    """Near-misses the resolver did not join: pairs of entities that look alike.

    In: resolved MENTIONS. Out: columns a, b, score (0-100), a_mentions, b_mentions;
    best first; pairs already one entity are not offered.
    """
    stats = NameStats()
    stats.add(mentions)
    names = sorted(stats.labels)
    pairs = [p for p in fuzzy_pairs(stats, names, FUZZY_SUGGEST) if p[0] != p[1]]
    rows = [
        {"a": a, "b": b, "score": round(s, 1), "a_mentions": stats.total(a),
         "b_mentions": stats.total(b)}
        for a, b, s in pairs
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["a", "b", "score", "a_mentions", "b_mentions"])
    frame = frame.sort_values(["score", "a", "b"], ascending=[False, True, True])
    return frame.head(top).reset_index(drop=True)
