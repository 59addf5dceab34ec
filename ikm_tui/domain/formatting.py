"""Provides Indonesian number and date formatting: decimal comma, month and day names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from ikm_tui.domain.scoring import round_half_up

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def angka(value: Fraction | Decimal | int | float | None, places: int = 2) -> str:
    """A number with a decimal comma and dot thousands, rounded half-up: 76,93 / 1.234,50."""
    if value is None:
        return "-"
    rounded = round_half_up(Fraction(value) if isinstance(value, float) else value, places)
    text = f"{rounded:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def bilangan(value: int) -> str:
    """A whole number with dot thousands: 1.234."""
    return f"{value:,}".replace(",", ".")


def tanggal(value: dt.date | None) -> str:
    """19 Agustus 2019."""
    if value is None:
        return "-"
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def hari_tanggal(value: dt.date) -> str:
    """Senin, 19 Agustus 2019."""
    return f"{HARI[value.weekday()]}, {tanggal(value)}"


def waktu(value: dt.datetime | None) -> str:
    """19 Agustus 2019 09.05."""
    if value is None:
        return "-"
    return f"{tanggal(value.date())} {value:%H.%M}"
