"""Provides every date and number the app shows or prints, in Indonesian, through Babel.

This module is the one place: screens, the CLI and document writers call these functions,
never `strftime` or `str.replace(".", ",")`. Babel (`babel.dates`, `babel.numbers`, locale
"id") is imported inside the functions, on first use, so that it stays off the path to the
first screen. Rounding is the scoring's: `angka` rounds half-up exactly (`round_half_up`) to a
Decimal with the places shown, and Babel only lays that Decimal out (no rounding of its own).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

from ikm_tui.domain.scoring import round_half_up

LOCALE = "id"
DATE_PATTERN = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
Number = Fraction | Decimal | int | float


def _rounded(value: Number, places: int) -> Decimal:
    """Half-up to `places` decimals, exactly (a float by its exact binary value)."""
    return round_half_up(Fraction(value) if isinstance(value, float) else value, places)


def _decimal(value: Decimal, places: int) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    # the value already has exactly `places` decimals: no quantization (Babel rounds half-even)
    return format_decimal(value, format=pattern, locale=LOCALE, decimal_quantization=False)


def angka(value: Number | None, places: int = 2) -> str:
    """A number with a decimal comma and dot thousands, rounded half-up: 76,93 / 1.234,50."""
    if value is None:
        return "-"
    return _decimal(_rounded(value, places), places)


def bilangan(value: int) -> str:
    """A whole number with dot thousands: 1.234."""
    return _decimal(Decimal(value), 0)


def persen(value: Number | None, places: int = 2) -> str:
    """A percentage given in percent (76.93 -> "76,93%"), rounded half-up like `angka`."""
    if value is None:
        return "-"
    return f"{angka(value, places)}%"


def _date(value: dt.date, pattern: str) -> str:
    from babel.dates import format_date

    return format_date(value, format=pattern, locale=LOCALE)


def tanggal(value: dt.date | None) -> str:
    """19 Agustus 2019."""
    return "-" if value is None else _date(value, "d MMMM y")


def hari_tanggal(value: dt.date) -> str:
    """Senin, 19 Agustus 2019."""
    return _date(value, "EEEE, d MMMM y")


def hari(value: dt.date) -> str:
    """Senin."""
    return _date(value, "EEEE")


def bulan(month: int) -> str:
    """Maret (month 1-12)."""
    return _date(dt.date(2000, month, 1), "MMMM")


def bulan_tahun(value: dt.date) -> str:
    """Maret 2026."""
    return _date(value, "MMMM y")


def tanggal_angka(value: dt.date | None) -> str:
    """18-03-2026: compact, for tables and input fields (read back by `parse_date`)."""
    return "-" if value is None else _date(value, "dd-MM-y")


def jam(value: dt.datetime | dt.time) -> str:
    """09.05 (the Indonesian hour.minute)."""
    from babel.dates import format_time

    return format_time(value, format="HH.mm", locale=LOCALE)


def waktu(value: dt.datetime | None) -> str:
    """19 Agustus 2019 09.05."""
    if value is None:
        return "-"
    return f"{tanggal(value.date())} {jam(value)}"


def waktu_angka(value: dt.datetime | None) -> str:
    """18-03-2026 09.05."""
    if value is None:
        return "-"
    return f"{tanggal_angka(value.date())} {jam(value)}"


def preload() -> None:
    """Import Babel and load the "id" locale data (the first call costs tens of milliseconds);
    the app runs it in a thread while the login screen waits for the password."""
    angka(Decimal("1.5"))
    tanggal(dt.date(2000, 1, 1))
    jam(dt.time(0, 0))


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


def periode(name: str, word: str = "Periode") -> str:
    """A period named in a sentence: "Periode I 2027" as it is, a bare "SKM 2026" after `word`.

    Period names usually start with "Periode" already; prefixing it again printed
    "Periode Periode I 2027". `word` is "periode" inside a sentence ("data periode SKM 2026").
    """
    return name if name.casefold().startswith("periode") else f"{word} {name}"
