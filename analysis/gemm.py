"""Which matrix-product kernel the spaCy pipeline's layers run on (issue 20).

thinc's CPU ops (``NumpyOps``) do the layers' matrix products (``ops.gemm``: the tok2vec
CNN and Maxout layers, the parser's and NER's precomputed hidden layer) with BLIS. On
the build machine (an "AMD EPYC" VM with AVX2/AVX-512) BLIS 1.3.4 selects its *generic
reference* kernel, and no documented switch (``BLIS_ARCH_TYPE``) changes that: it was
15.5% of every CPU sample of a build, 27% of a worker's ``nlp.pipe``
(docs/benchmarks.md, "Inside a worker"). thinc's own option ``NumpyOps(use_blis=False)``
does the same products with numpy's ``dot`` (numpy's OpenBLAS, which picks this CPU's
kernel at run time). Measured on 300 Reuters bodies in one process, alternated, same
run: ``nlp.pipe`` 7.7-8.0 CPU s with BLIS, 5.2-5.6 with numpy; the generic kernel's
share of the samples 37% -> 4% (docs/benchmarks.md, "thr9").

What stays on BLIS: the parser's and NER's per-step output layer, which spaCy's Cython
loop calls through ``ops.cblas()`` (a C function pointer thinc sets to BLIS; replacing
it needs compiled code): the remaining 4%.

The switch is :data:`ENV_VAR` (``numpy`` or ``blis``; :data:`DEFAULT` when unset).
Another kernel sums in another order, so a score can differ in its last bits and, in
principle, an argmax with it: the choice is part of the parse stage's cache key
(analysis.stages, ``Stage.settings``). On 1,000 Reuters bodies both gave the same
entities, sentences, tags and dependencies (docs/benchmarks.md, "thr9").

numpy's BLAS runs one thread per process (analysis/__init__.py sets
``OPENBLAS_NUM_THREADS=1`` before numpy loads, unless the user chose a size):
:func:`blas_threads` reads what OpenBLAS itself says.
"""

from __future__ import annotations

import ctypes
import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from thinc.api import Ops

#: The environment variable that chooses the kernel.
ENV_VAR = "NEWSLENS_GEMM"
#: Choice -> what it means.
CHOICES = {
    "numpy": "thinc's NumpyOps(use_blis=False): numpy's dot (its OpenBLAS) for ops.gemm",
    "blis": "spaCy's own: thinc's default NumpyOps, BLIS for every matrix product",
}
#: Used when :data:`ENV_VAR` is unset or empty: the faster one on the build machine
#: (see the module docstring).
DEFAULT = "numpy"


def gemm_choice() -> str:
    """The kernel chosen by :data:`ENV_VAR` (:data:`DEFAULT` when unset or empty).
    Raises ValueError with a one-line message for another value."""
    return checked(os.environ.get(ENV_VAR, "").strip().lower() or DEFAULT)


def checked(value: str) -> str:
    """``value`` if it is one of :data:`CHOICES`; else ValueError with a one-line message."""
    if value not in CHOICES:
        raise ValueError(f"{ENV_VAR}={value!r}: expected one of {', '.join(CHOICES)}")
    return value


@lru_cache(maxsize=1)
def numpy_gemm_ops() -> Ops:
    """The ops of the ``numpy`` choice: thinc's NumpyOps without BLIS, one per process."""
    from thinc.api import NumpyOps

    return NumpyOps(use_blis=False)


def use_gemm(nlp: Language, choice: str) -> Language:
    """``nlp`` with every layer of its trained components on the ops of ``choice``
    (``blis``: left as spaCy loaded it). Returns ``nlp``."""
    if choice == "blis":
        return nlp
    ops = numpy_gemm_ops()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            layer.ops = ops
    return nlp


def blas_threads() -> int | None:
    """How many threads numpy's OpenBLAS runs matrix products on in this process (its
    own ``openblas_get_num_threads``), None when numpy's BLAS is not an OpenBLAS found
    among the loaded libraries (Linux: /proc/self/maps)."""
    import numpy  # noqa: F401  (loads numpy's BLAS)

    for path in _loaded_libraries():
        if "openblas" not in os.path.basename(path).lower():
            continue
        lib = ctypes.CDLL(path)
        for symbol in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                       "openblas_get_num_threads"):  # fmt: skip
            if hasattr(lib, symbol):
                return int(getattr(lib, symbol)())
    return None


def _loaded_libraries() -> list[str]:
    """Paths of the shared libraries mapped into this process (Linux), else []."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            paths = {line.split()[-1] for line in fh if ".so" in line}
    except OSError:
        return []
    return sorted(p for p in paths if p.startswith("/"))
