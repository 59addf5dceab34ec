"""Provides tests of CalendarService (the office's days off, Admin only) and of SOP deadlines
in working days: a step started on the Wednesday before Nyepi 2026 is not due on Nyepi, Idul
Fitri or their cuti bersama, nor on an office day off."""

from __future__ import annotations

import datetime as dt

import pytest

from ikm_tui.domain import sop
from ikm_tui.errors import NotFound, PermissionDenied, ValidationError
from ikm_tui.persistence.models import AuditRow
from ikm_tui.services.registry import Services
from tests.services.conftest import MovingClock, make_period, make_users

NYEPI_EVE = dt.datetime(2026, 3, 18, 10, 0)  # Wednesday, cuti bersama Nyepi
OFFICE_DAY_OFF = dt.date(2026, 3, 25)


def test_admin_adds_lists_and_removes_office_days_off(services: Services, users) -> None:
    calendar = services.calendar
    added = calendar.add_day_off(OFFICE_DAY_OFF, "  Hari jadi   kabupaten ", users["admin"])
    assert added.keterangan == "Hari jadi kabupaten"
    calendar.add_day_off(dt.date(2026, 4, 2), "", None)  # the administrator's CLI
    assert [d.tanggal for d in calendar.days_off()] == [OFFICE_DAY_OFF, dt.date(2026, 4, 2)]
    assert [d.tanggal for d in calendar.days_off(since=dt.date(2026, 4, 1))] == [
        dt.date(2026, 4, 2)
    ]
    assert not calendar.working_calendar().is_working_day(OFFICE_DAY_OFF)
    calendar.add_day_off(OFFICE_DAY_OFF, "Hari jadi Kabupaten Semarang", users["admin"])
    assert calendar.days_off()[0].keterangan == "Hari jadi Kabupaten Semarang"
    removed = calendar.remove_day_off(OFFICE_DAY_OFF, users["admin"])
    assert removed.keterangan == "Hari jadi Kabupaten Semarang"
    assert calendar.working_calendar().is_working_day(OFFICE_DAY_OFF)
    actions = [row.action for row in AuditRow.select().order_by(AuditRow.id)]
    assert actions[-4:] == ["libur_tambah", "libur_tambah", "libur_tambah", "libur_hapus"]


def test_only_an_admin_changes_days_off(services: Services, users) -> None:
    with pytest.raises(PermissionDenied, match="Admin"):
        services.calendar.add_day_off(OFFICE_DAY_OFF, "Libur", users["staf"])
    services.calendar.add_day_off(OFFICE_DAY_OFF, "Libur", users["admin"])
    with pytest.raises(PermissionDenied):
        services.calendar.remove_day_off(OFFICE_DAY_OFF, users["camat"])
    assert len(services.calendar.days_off()) == 1


def test_a_day_that_is_already_off_or_unknown_is_refused(services: Services, users) -> None:
    with pytest.raises(ValidationError, match=r"Kamis, 19 Maret 2026 .*Hari Suci Nyepi"):
        services.calendar.add_day_off(dt.date(2026, 3, 19), "Nyepi", users["admin"])
    with pytest.raises(ValidationError, match="Sabtu"):
        services.calendar.add_day_off(dt.date(2026, 3, 28), "", users["admin"])
    with pytest.raises(ValidationError, match="200"):
        services.calendar.add_day_off(OFFICE_DAY_OFF, "x" * 201, users["admin"])
    with pytest.raises(NotFound, match="Rabu, 25 Maret 2026"):
        services.calendar.remove_day_off(OFFICE_DAY_OFF, users["admin"])


def test_national_holidays_are_listed_with_indonesian_names(services: Services) -> None:
    listed = dict(services.calendar.national_holidays(2026))
    assert listed[dt.date(2026, 3, 19)] == "Hari Suci Nyepi"
    assert list(listed) == sorted(listed)


def _first_step(services: Services, period_id: int):
    return next(s for s in services.workflow.steps(period_id) if s.is_current)


def test_a_step_started_before_nyepi_is_due_after_idul_fitri(db) -> None:
    clock = MovingClock(NYEPI_EVE)
    services = Services(clock)
    users = make_users(services)
    period = make_period(services, users["staf"])
    step = _first_step(services, period.id)
    assert sop.step(step.number).standard == sop.TimeStandard(1, "hari")
    # not Nyepi (19), cuti bersama (20, 23, 24), Idul Fitri (21, 22): Wednesday 25 March
    assert step.deadline == dt.datetime(2026, 3, 25, 10, 0)
    clock.now = dt.datetime(2026, 3, 24, 16, 0)  # the last cuti bersama day
    assert not _first_step(services, period.id).late
    assert not services.workflow.current_step_late(period.id)
    clock.now = dt.datetime(2026, 3, 25, 10, 1)
    assert _first_step(services, period.id).late
    # an office day off on the 25th moves the deadline to Thursday 26 March
    services.calendar.add_day_off(OFFICE_DAY_OFF, "Hari jadi kabupaten", users["admin"])
    step = _first_step(services, period.id)
    assert step.deadline == dt.datetime(2026, 3, 26, 10, 0)
    assert not step.late
