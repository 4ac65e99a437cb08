"""Bilingual content library: Chinese and English news side by side in SQLite."""

from __future__ import annotations

import os

# One BLAS thread a process, set before numpy loads OpenBLAS: the build works in forked
# processes (one per core), so BLAS threads would only oversubscribe the cores, and a
# BLAS thread pool is not safe across fork() (a build of 20,000 items once hung with one
# worker dead and another waiting on a lock after the language identifier's matrix
# products ran in it). A value the user set is kept.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

__version__ = "0.1.0"
"""The version, written here once (pyproject.toml reads it; so do ``bilib --version``
and the TMX header)."""
