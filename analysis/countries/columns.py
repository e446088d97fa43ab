"""Column helpers of the country mapping (speed, branch speed19).

:func:`isin` is ``np.isin`` for the object arrays map_countries' readers test (labels,
document ids, surface forms): numpy compares an object array with each wanted value in
turn, or sorts it, some milliseconds per chunk for a few dozen document ids; pandas'
hash table answers the same membership in one pass
(tests/analysis/test_country_speed.py compares the two).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd


def isin(values: np.ndarray, wanted: Collection[object]) -> np.ndarray:
    """Boolean mask of the cells of ``values`` (a 1-d array, objects) equal to one of
    ``wanted``: ``np.isin(values, list(wanted))`` for cells that are strings, numbers
    or None, by hashing. A NaN matches nothing, as in numpy (pandas would match it to
    a NaN wanted)."""
    wanted = [w for w in wanted if not (isinstance(w, float) and w != w)]
    if not len(values) or not wanted:
        return np.zeros(len(values), dtype=bool)
    return pd.Series(values, dtype=object, copy=False).isin(wanted).to_numpy(dtype=bool)
