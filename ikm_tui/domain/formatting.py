"""Provides Indonesian number and date formatting: decimal comma, month and day names."""

from __future__ import annotations

import datetime as dt
import re
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
DATE_PATTERN = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
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


def parse_date(text: str) -> dt.date | None:
    """DD-MM-YYYY (also with / or .), or ISO YYYY-MM-DD; None when not a valid date."""
    match = DATE_PATTERN.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
