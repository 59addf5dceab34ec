"""Provides tests of the minimum sample: Krejcie & Morgan rows and (n_unsur + 1) x 10."""

from __future__ import annotations

import pytest

from ikm_tui.domain.regimes import KEPMENPAN_2004, PERMENPANRB_2017
from ikm_tui.domain.sampling import krejcie_morgan, minimum_sample


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (10, 10),
        (15, 14),
        (50, 44),
        (100, 80),
        (200, 132),
        (500, 217),
        (1000, 278),
        (2000, 322),
        (5000, 357),
        (10000, 370),
        (75000, 382),
        (100000, 383),
        (1000000, 384),
        (0, 0),
    ],
)
def test_krejcie_morgan_table_rows(population, sample):
    assert krejcie_morgan(population) == sample
    assert minimum_sample(population, PERMENPANRB_2017) == sample


def test_2004_minimum_is_unsur_plus_one_times_ten():
    assert minimum_sample(None, KEPMENPAN_2004) == 150
    assert minimum_sample(75000, KEPMENPAN_2004) == 150


def test_2017_needs_a_population():
    with pytest.raises(ValueError):
        minimum_sample(None, PERMENPANRB_2017)
    with pytest.raises(ValueError):
        krejcie_morgan(-1)
