"""The window the fine pass searches (``banded.around``): cells near the coarse path's
corners, and whole rows where the path jumps past them."""

from __future__ import annotations

from library.align.banded import around
from library.model import Bead


def _path(*kinds: tuple[int, int]) -> list[Bead]:
    beads, i, j = [], 0, 0
    for di, dj in kinds:
        beads.append(Bead(tuple(range(i, i + di)), tuple(range(j, j + dj)), 1.0))
        i, j = i + di, j + dj
    return beads


def test_the_window_is_the_path_widened_by_the_radius_and_clipped_to_the_grid():
    diagonal = _path((1, 1), (1, 1), (1, 1))
    assert around(diagonal, 3, 3, 0) == [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert around(diagonal, 3, 3, 1) == [(0, 2), (0, 3), (0, 3), (1, 3)]
    assert around(diagonal, 3, 3, 5) == [(0, 3)] * 4


def test_a_skip_run_along_a_row_widens_that_row():
    path = _path((1, 0), (0, 1), (0, 1), (0, 1), (1, 1))
    assert around(path, 2, 4, 0) == [(0, 0), (0, 3), (4, 4)]


def test_rows_a_long_bead_jumps_over_are_searched_whole():
    """A corner far from a row leaves it no cells: the whole row is searched rather
    than none (a path of 3-1 beads with radius 0 reaches rows 0 and 3 only)."""
    path = _path((3, 1), (3, 1))
    assert around(path, 6, 2, 0) == [(0, 0), (0, 2), (0, 2), (1, 1), (0, 2), (0, 2), (2, 2)]
