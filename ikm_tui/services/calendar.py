"""Provides CalendarService: the office's working calendar and its own extra days off.

Working days are Monday to Friday without Indonesia's national holidays and cuti bersama
(`domain.calendar`, from the `holidays` package) and without the days off the Admin keeps in
Pengaturan (or `ikm-tui kantor libur`). SOP deadlines in working days and complaint targets
count with `working_calendar()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import formatting
from ikm_tui.domain.calendar import WorkingCalendar, national_holidays
from ikm_tui.errors import NotFound, ValidationError
from ikm_tui.persistence import audit_log, days_off
from ikm_tui.persistence.models import database_proxy
from ikm_tui.persistence.records import DayOffRecord, UserRecord

KETERANGAN_MAX = 200
OFFICE_DAY_OFF = "Libur kantor"  # shown for an office day off without keterangan


@dataclass(frozen=True)
class DayOffLine:
    """A day off besides the weekend, as the Admin sees it: national or the office's own."""

    tanggal: dt.date
    keterangan: str
    kantor: bool  # the office's own (removable); False = national holiday or cuti bersama

    @property
    def jenis(self) -> str:
        return "kantor" if self.kantor else "nasional"


class CalendarService:
    """Which days the office works; the Admin adds and removes the office's own days off."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    def working_calendar(self) -> WorkingCalendar:
        """The office's calendar as stored now (national holidays, cuti bersama, days off)."""
        return WorkingCalendar(days_off.dates())

    def days_off(self, since: dt.date | None = None) -> list[DayOffRecord]:
        """The office's own days off in date order (from `since` on, when given)."""
        return days_off.listed(since)

    def national_holidays(self, year: int) -> list[tuple[dt.date, str]]:
        """Indonesia's national holidays and cuti bersama of `year` with their names."""
        return list(national_holidays(year).items())

    def year_days_off(self, years: Iterable[int]) -> list[DayOffLine]:
        """National holidays, cuti bersama and office days off of `years`, in date order."""
        wanted = sorted(set(years))
        lines = [
            DayOffLine(day, name, False)
            for year in wanted
            for day, name in national_holidays(year).items()
        ]
        if wanted:
            lines += [
                DayOffLine(d.tanggal, d.keterangan or OFFICE_DAY_OFF, True)
                for d in days_off.listed(since=dt.date(wanted[0], 1, 1))
                if d.tanggal.year in wanted
            ]
        return sorted(lines, key=lambda line: (line.tanggal, line.kantor))

    def add_day_off(self, day: dt.date, keterangan: str, actor: UserRecord | None) -> DayOffRecord:
        """Make `day` an office day off (Admin only; None = the administrator's CLI); a day
        already there gets the new keterangan."""
        from ikm_tui.services.users import require_admin

        require_admin(actor, "mengubah hari libur kantor")
        keterangan = " ".join(keterangan.split())
        if len(keterangan) > KETERANGAN_MAX:
            raise ValidationError(
                f"Keterangan hari libur paling panjang {KETERANGAN_MAX} karakter."
            )
        reason = WorkingCalendar().day_off_reason(day)
        if reason is not None:
            raise ValidationError(
                f"{formatting.hari_tanggal(day)} sudah bukan hari kerja ({reason}); "
                "tidak perlu ditambahkan."
            )
        with database_proxy.atomic():
            days_off.put(day, keterangan, self.clock())
            audit_log.append_by(
                self.clock(),
                actor,
                "libur_tambah",
                "office_day_off",
                day.isoformat(),
                {"tanggal": day.isoformat(), "keterangan": keterangan},
            )
        return DayOffRecord(day, keterangan)

    def remove_day_off(self, day: dt.date, actor: UserRecord | None) -> DayOffRecord:
        """Make `day` a working day again (Admin only); NotFound when it was not a day off."""
        from ikm_tui.services.users import require_admin

        require_admin(actor, "mengubah hari libur kantor")
        with database_proxy.atomic():
            record = days_off.get(day)
            if record is None or not days_off.delete(day):
                raise NotFound(
                    f"{formatting.hari_tanggal(day)} bukan hari libur kantor yang tercatat."
                )
            audit_log.append_by(
                self.clock(),
                actor,
                "libur_hapus",
                "office_day_off",
                day.isoformat(),
                {"tanggal": day.isoformat(), "keterangan": record.keterangan},
            )
        return record
