"""Provides the plain dataclasses that leave the persistence layer (screens never see Rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OfficeRecord:
    pemerintah: str
    nama_unit: str
    alamat: str
    telepon: str
    faks: str
    email: str
    website: str
    kota: str
    kode_pos: str
    kode_unit: str
    logo_path: str
    paper_size: str


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    full_name: str
    nip: str
    jabatan: str
    pangkat: str
    roles: frozenset[str]
    disabled: bool

    def has_role(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class ServiceTypeRecord:
    id: int
    kode: str
    nama: str
    active: bool


@dataclass(frozen=True)
class PeriodRecord:
    id: int
    name: str
    regime_id: str
    weights: str
    start_date: dt.date
    end_date: dt.date
    current_step: int  # SOP step number; 0 when every step is done
    collection_closed_at: dt.datetime | None
    created_at: dt.datetime
    respondents: int = 0  # counted (not excluded) respondents, when the query asked for it


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, object] = field(default_factory=dict)
