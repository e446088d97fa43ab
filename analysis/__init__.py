"""NewsLens core: corpus in -> NLP (analysis.pipeline) -> tables (analysis.tables) ->
presentation (analysis.present).

Importing the package caps the BLAS and OpenMP thread pools at one thread per process
(:data:`BLAS_THREAD_VARS`, set only where the environment does not already choose): the
build runs one spaCy process per CPU, and numpy's OpenBLAS otherwise starts a second
thread in each that spins for small matrix products, which cost more CPU than they save
(spaCy's ``nlp.pipe`` on 300 Reuters bodies: about 12% more CPU seconds with the default
pool than with one thread, same run; docs/benchmarks.md, branch build-speed). It must
run before numpy is first imported, hence here; worker processes inherit the
environment. :data:`BLAS_SET_HERE` names the variables set here (not by the user), so a
benchmark can run a baseline program with the environment the user had.
"""

import os

#: Environment variables that size the BLAS/OpenMP thread pools, each set to "1".
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: The ones this import set (the user's environment did not choose them).
BLAS_SET_HERE = tuple(name for name in BLAS_THREAD_VARS if not os.environ.get(name))

for _name in BLAS_SET_HERE:
    os.environ[_name] = "1"
