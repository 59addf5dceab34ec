"""Provides Row -> record conversions, one function per table that leaves persistence."""

from __future__ import annotations

from ikm_tui.persistence.models import OfficeRow, PeriodRow, ServiceTypeRow, UserRow
from ikm_tui.persistence.records import (
    OfficeRecord,
    PeriodRecord,
    ServiceTypeRecord,
    UserRecord,
)


def office(row: OfficeRow) -> OfficeRecord:
    return OfficeRecord(row.pemerintah, row.nama_unit, row.alamat, row.telepon, row.faks,
                        row.email, row.website, row.kota, row.kode_pos, row.kode_unit,
                        row.logo_path, row.paper_size)


def user(row: UserRow) -> UserRecord:
    roles = frozenset(r for r in row.roles.split(",") if r)
    return UserRecord(row.id, row.username, row.full_name, row.nip, row.jabatan, row.pangkat,
                      roles, bool(row.disabled))


def service_type(row: ServiceTypeRow) -> ServiceTypeRecord:
    return ServiceTypeRecord(row.id, row.kode, row.nama, bool(row.active))


def period(row: PeriodRow, respondents: int = 0) -> PeriodRecord:
    return PeriodRecord(row.id, row.name, row.regime_id, row.weights, row.start_date,
                        row.end_date, row.current_step, row.collection_closed_at,
                        row.created_at, respondents)
