"""Provides tests of Indonesian number and date formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from ikm_tui.domain.formatting import angka, bilangan, hari_tanggal, tanggal


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("76.93"), 2, "76,93"),
        (Fraction(1061, 29 * 9), 4, "4,0651"),
        (1234.5, 2, "1.234,50"),
        (None, 2, "-"),
        (Decimal("88.305"), 2, "88,31"),
        (100, 2, "100,00"),
    ],
)
def test_angka(value, places, text):
    assert angka(value, places) == text


def test_dates_and_thousands():
    assert bilangan(1234567) == "1.234.567"
    assert tanggal(dt.date(2019, 8, 19)) == "19 Agustus 2019"
    assert hari_tanggal(dt.date(2019, 8, 19)) == "Senin, 19 Agustus 2019"
