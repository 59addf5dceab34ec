"""Provides tests of Indonesian number and date formatting (Babel, locale "id", behind
domain/formatting.py) and that its rounding is the scoring's half-up, not Babel's half-even."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikm_tui.domain.formatting import (
    angka,
    bilangan,
    bulan,
    bulan_tahun,
    hari,
    hari_tanggal,
    jam,
    parse_date,
    persen,
    tanggal,
    tanggal_angka,
    waktu,
    waktu_angka,
)
from ikm_tui.domain.scoring import round_half_up


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("76.93"), 2, "76,93"),
        (Fraction(1061, 29 * 9), 4, "4,0651"),
        (1234.5, 2, "1.234,50"),
        (None, 2, "-"),
        (Decimal("88.305"), 2, "88,31"),  # Babel alone rounds half-even: 88,30
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("-1234.565"), 2, "-1.234,57"),
        (100, 2, "100,00"),
        (1234567, 0, "1.234.567"),
        (Fraction(2, 3), 3, "0,667"),
    ],
)
def test_angka(value, places, text):
    assert angka(value, places) == text


def test_dates_and_thousands():
    assert bilangan(1234567) == "1.234.567"
    assert bilangan(999) == "999"
    assert tanggal(dt.date(2019, 8, 19)) == "19 Agustus 2019"
    assert tanggal(dt.date(2026, 3, 1)) == "1 Maret 2026"
    assert tanggal(None) == "-"
    assert hari_tanggal(dt.date(2019, 8, 19)) == "Senin, 19 Agustus 2019"
    assert hari_tanggal(dt.date(2026, 3, 18)) == "Rabu, 18 Maret 2026"
    assert hari(dt.date(2026, 3, 22)) == "Minggu"
    assert [bulan(m) for m in (1, 2, 5, 8, 12)] == [
        "Januari",
        "Februari",
        "Mei",
        "Agustus",
        "Desember",
    ]
    assert bulan_tahun(dt.date(2026, 3, 18)) == "Maret 2026"
    assert tanggal_angka(dt.date(2026, 3, 8)) == "08-03-2026"
    assert jam(dt.datetime(2026, 3, 18, 9, 5)) == "09.05"
    assert waktu(dt.datetime(2026, 3, 18, 14, 30)) == "18 Maret 2026 14.30"
    assert waktu_angka(dt.datetime(2026, 3, 18, 9, 5)) == "18-03-2026 09.05"
    assert waktu(None) == waktu_angka(None) == tanggal_angka(None) == "-"
    assert persen(Fraction(200, 3)) == "66,67%" and persen(None) == "-"


def test_a_compact_date_reads_back():
    day = dt.date(2026, 3, 8)
    assert parse_date(tanggal_angka(day)) == day
    assert parse_date("2026-03-08") == day
    assert parse_date("31-02-2026") is None


def _reference(value: Fraction | Decimal | int, places: int) -> str:
    """The decimal-comma layout written out by hand, on the scoring's half-up rounding."""
    rounded = round_half_up(value, places)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):.{places}f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + ".".join(groups) + ("," + fraction if places else "")


@given(
    value=st.one_of(
        st.fractions(min_value=-(10**9), max_value=10**9, max_denominator=10**6),
        st.decimals(min_value=-(10**9), max_value=10**9, places=5, allow_nan=False),
        st.integers(min_value=-(10**12), max_value=10**12),
    ),
    places=st.integers(min_value=0, max_value=4),
)
def test_babel_lays_out_exactly_the_half_up_rounded_value(value, places):
    assert angka(value, places) == _reference(value, places)
