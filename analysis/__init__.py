"""NewsLens core: corpus in -> NLP (analysis.pipeline) -> tables (analysis.tables) ->
presentation (analysis.present).

Importing the package sets, for this process and the worker processes it starts, two
settings read when numpy is first imported (:data:`PROCESS_ENV`; each only where the
environment does not already choose it), hence here:

- the BLAS and OpenMP thread pools are capped at one thread per process
  (:data:`BLAS_THREAD_VARS`): the build runs one spaCy process per CPU, and numpy's
  OpenBLAS otherwise starts a second thread in each that spins for small matrix
  products, which cost more CPU than they save (spaCy's ``nlp.pipe`` on 300 Reuters
  bodies: about 12% more CPU seconds with the default pool than with one thread, same
  run; docs/benchmarks.md, branch build-speed);
- numpy does not ask Linux for transparent huge pages (``NUMPY_MADVISE_HUGEPAGE=0``,
  numpy's documented switch). numpy advises them for every array of 4 MB or more, and
  the arrays of a batched ``nlp.pipe`` are that large: each first touch of such a region
  made the kernel find and clear a 2 MB page, often compacting memory first. A cold
  1,000-document build spent 1.7-2.1 s of system CPU (naive spaCy: 0.1 s) and with the
  switch 0.9-1.3 s, the same work otherwise (docs/benchmarks.md, branch thru3).

:data:`SET_HERE` names the variables set here (not by the user), so a benchmark can run a
baseline program with the environment the user had (:data:`BLAS_SET_HERE`: the BLAS ones).
"""

import os

#: Environment variables that size the BLAS/OpenMP thread pools, each set to "1".
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: Every variable this import sets when the environment leaves it unset or empty.
PROCESS_ENV = {**dict.fromkeys(BLAS_THREAD_VARS, "1"), "NUMPY_MADVISE_HUGEPAGE": "0"}

#: The ones this import set (the user's environment did not choose them).
SET_HERE = tuple(name for name in PROCESS_ENV if not os.environ.get(name))
#: The BLAS thread variables among them.
BLAS_SET_HERE = tuple(name for name in SET_HERE if name in BLAS_THREAD_VARS)

for _name in SET_HERE:
    os.environ[_name] = PROCESS_ENV[_name]
