"""Provides tests of the working calendar: weekends, Indonesia's holidays and cuti bersama, the
office's own days off, and counting working days."""

from __future__ import annotations

import datetime as dt

import pytest

from ikm_tui.domain import sop
from ikm_tui.domain.calendar import WorkingCalendar, national_holidays

NYEPI_EVE = dt.date(2026, 3, 18)  # Wednesday; cuti bersama Nyepi
NYEPI = dt.date(2026, 3, 19)


def test_2026_holidays_include_nyepi_idul_fitri_and_their_cuti_bersama() -> None:
    days = national_holidays(2026)
    assert days[NYEPI] == "Hari Suci Nyepi"
    assert days[dt.date(2026, 3, 21)] == "Hari Raya Idul Fitri"
    for cuti in (NYEPI_EVE, dt.date(2026, 3, 20), dt.date(2026, 3, 23), dt.date(2026, 3, 24)):
        assert days[cuti].startswith("Cuti Bersama"), cuti
    assert days[dt.date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert days[dt.date(2026, 12, 24)].startswith("Cuti Bersama")


def test_working_days_skip_weekends_holidays_and_office_days_off() -> None:
    plain = WorkingCalendar()
    assert plain.is_working_day(dt.date(2026, 3, 17))  # Tuesday
    assert not plain.is_working_day(NYEPI)
    assert not plain.is_working_day(dt.date(2026, 3, 28))  # Saturday
    assert plain.is_working_day(dt.date(2026, 3, 25))
    office = WorkingCalendar([dt.date(2026, 3, 25)])
    assert not office.is_working_day(dt.date(2026, 3, 25))
    assert office.day_off_reason(dt.date(2026, 3, 25)) == "Libur kantor"
    assert office.day_off_reason(NYEPI) == "Hari Suci Nyepi"
    assert office.day_off_reason(dt.date(2026, 3, 29)) == "Minggu"
    assert office.day_off_reason(dt.date(2026, 3, 26)) is None


def test_a_day_after_the_nyepi_eve_is_the_wednesday_after_idul_fitri() -> None:
    calendar = WorkingCalendar()
    assert calendar.add_working_days(NYEPI_EVE, 1) == dt.date(2026, 3, 25)
    assert calendar.add_working_days(NYEPI_EVE, 3) == dt.date(2026, 3, 27)
    assert calendar.add_working_days(NYEPI_EVE, 4) == dt.date(2026, 3, 30)
    assert calendar.add_working_days(NYEPI_EVE, 0) == NYEPI_EVE
    assert WorkingCalendar([dt.date(2026, 3, 25)]).add_working_days(NYEPI_EVE, 1) == dt.date(
        2026, 3, 26
    )
    with pytest.raises(ValueError):
        calendar.add_working_days(NYEPI_EVE, -1)


def test_working_days_between_counts_the_days_add_working_days_moves() -> None:
    calendar = WorkingCalendar([dt.date(2026, 3, 26)])
    assert calendar.working_days_between(NYEPI_EVE, dt.date(2026, 3, 24)) == 0
    assert calendar.working_days_between(NYEPI_EVE, dt.date(2026, 3, 31)) == 4  # 25, 27, 30, 31
    assert calendar.working_days_between(dt.date(2026, 3, 31), NYEPI_EVE) == -4
    for count in range(0, 30):
        due = calendar.add_working_days(dt.date(2026, 3, 10), count)
        assert calendar.working_days_between(dt.date(2026, 3, 10), due) == count


def test_a_year_end_crossing_uses_both_years() -> None:
    # 24-25 Dec 2026 off, 26-27 weekend, 31 Dec a working day, 1 Jan 2027 New Year
    calendar = WorkingCalendar()
    assert calendar.add_working_days(dt.date(2026, 12, 23), 1) == dt.date(2026, 12, 28)
    assert calendar.add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)


def test_sop_working_day_standard_is_not_due_on_nyepi() -> None:
    started = dt.datetime(2026, 3, 18, 10, 15)
    one_day = sop.TimeStandard(1, "hari")
    assert one_day.deadline(started) == dt.datetime(2026, 3, 25, 10, 15)
    office = WorkingCalendar([dt.date(2026, 3, 25)])
    assert one_day.deadline(started, office) == dt.datetime(2026, 3, 26, 10, 15)
    # the other units do not count days
    assert sop.TimeStandard(1, "jam").deadline(started, office) == dt.datetime(2026, 3, 18, 11, 15)
