"""Provides `WorkingCalendar`: which days the office works, for deadlines counted in working days.

A working day is Monday to Friday, not a national holiday or cuti bersama of Indonesia (from the
`holidays` package: its "public" and "government" categories; the latter holds the cuti bersama
set by the joint ministerial decree), and not one of the office's own extra days off (kept in
Pengaturan, `CalendarService`). `holidays` is slow to import and to compute a year, so it is
imported on first use and each year is computed once per process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

COUNTRY = "ID"
# "public": libur nasional; "government": cuti bersama for civil servants (ASN), the office's rule.
CATEGORIES = ("public", "government")
LANGUAGE = "id"  # holiday names in Bahasa Indonesia


@lru_cache(maxsize=64)
def national_holidays(year: int) -> Mapping[dt.date, str]:
    """Indonesia's national holidays and cuti bersama of `year`: date -> name (Indonesian)."""
    import holidays

    calendar = holidays.country_holidays(
        COUNTRY, years=year, categories=CATEGORIES, language=LANGUAGE
    )
    return MappingProxyType(dict(sorted(calendar.items())))


class WorkingCalendar:
    """Working days: Mon-Fri without national holidays, cuti bersama and `extra_days_off`."""

    def __init__(self, extra_days_off: Iterable[dt.date] = ()) -> None:
        self.extra_days_off = frozenset(extra_days_off)

    def day_off_reason(self, day: dt.date) -> str | None:
        """Why `day` is not a working day ("Sabtu", a holiday's name, "Libur kantor"), or None."""
        if day.weekday() == 5:
            return "Sabtu"
        if day.weekday() == 6:
            return "Minggu"
        holiday = national_holidays(day.year).get(day)
        if holiday is not None:
            return holiday
        if day in self.extra_days_off:
            return "Libur kantor"
        return None

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        return day not in self.extra_days_off and day not in national_holidays(day.year)

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (`start` itself is not counted; 0 -> start).

        A step started on Wednesday 18 March 2026 (cuti bersama Nyepi) with 1 working day is
        due Wednesday 25 March 2026: Nyepi, Idul Fitri, the weekend and the cuti bersama after
        it are skipped."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days d with start < d <= end (negative when end < start), so that
        `working_days_between(a, add_working_days(a, n)) == n`."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1
            for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + dt.timedelta(days=offset))
        )

    def add_working_days_at(self, start: dt.datetime, count: int) -> dt.datetime:
        """`add_working_days` keeping the time of day of `start`."""
        return dt.datetime.combine(self.add_working_days(start.date(), count), start.time())
