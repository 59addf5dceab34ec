"""Provides CustomerService: data pelanggan (population per jenis layanan) and sample targets.

API (E's entry screen and F's tabulation show running counts against these targets):

    svc = Services(clock).customers
    svc.populations(period_id) -> list[ServicePopulation]     # per jenis layanan of the period
    svc.set_population(period_id, service_type_id, n, user)   # typed by the Staf (None clears)
    svc.import_file(period_id, path, user) -> ImportSummary   # CSV/XLSX, all-or-nothing
    svc.targets(period_id) -> SampleTargets                   # minimum sample overall and per service

`SampleTargets.overall` is the minimum number of respondents for the period (None while no
population is known under PermenPANRB 14/2017); `SampleTargets.for_service(id)` the minimum for
one jenis layanan (None when unknown); `method` says how they were set. Under 14/2017 the
overall minimum is Krejcie & Morgan on the total population and each service's minimum is
Krejcie & Morgan on its own population; under Kepmenpan 25/2004 the overall minimum is
(n_unsur + 1) x 10 and each service gets a proportional share of it (rounded up).

Import files hold either one row per jenis layanan (columns "jenis layanan" = kode or nama,
and "jumlah") or one row per customer (columns "nama", "jenis layanan", optional "alamat",
"telepon", "tanggal"): customers are then stored and counted per service. Populations may be
changed by the Staf until data collection closes (step 4 ends).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import sop
from ikm_tui.domain.regimes import KEPMENPAN_2004
from ikm_tui.domain.sampling import krejcie_morgan, method_text, minimum_sample
from ikm_tui.domain.sop import STAF
from ikm_tui.errors import (
    InputFileError,
    NotFound,
    PermissionDenied,
    ValidationError,
    WorkflowError,
)
from ikm_tui.persistence import audit_log, users
from ikm_tui.persistence.models import (
    CustomerRow,
    PeriodServiceRow,
    ServiceTypeRow,
    database_proxy,
)
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import UserRecord
from ikm_tui.services.table_reader import Table, open_table

MAX_ERRORS_SHOWN = 10
SERVICE_COLUMNS = ("jenis layanan", "layanan", "kode layanan", "kode")
COUNT_COLUMNS = ("jumlah", "populasi", "jumlah pelanggan", "jumlah penerima layanan")
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class ServicePopulation:
    """A jenis layanan of a period with its population (None = not entered yet)."""

    service_type_id: int
    kode: str
    nama: str
    population: int | None


@dataclass(frozen=True)
class ServiceTarget:
    """The minimum sample for one jenis layanan (None when its population is unknown)."""

    service_type_id: int
    kode: str
    nama: str
    population: int | None
    minimum: int | None


@dataclass(frozen=True)
class SampleTargets:
    """Minimum respondents overall and per jenis layanan, and how they were set."""

    regime_id: str
    method: str
    total_population: int | None
    overall: int | None
    services: tuple[ServiceTarget, ...]
    complete: bool  # every service has a population

    def for_service(self, service_type_id: int) -> int | None:
        for item in self.services:
            if item.service_type_id == service_type_id:
                return item.minimum
        return None


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored: populations per service kode, and customers stored (0 for counts)."""

    populations: dict[str, int]
    customers: int


class CustomerService:
    """Data pelanggan of a period and the sample targets that follow from it."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    def populations(self, period_id: int) -> list[ServicePopulation]:
        get_period_row(period_id)
        query = (
            PeriodServiceRow.select(PeriodServiceRow, ServiceTypeRow)
            .join(ServiceTypeRow)
            .where(PeriodServiceRow.period == period_id)
            .order_by(ServiceTypeRow.sort_order, ServiceTypeRow.kode)
        )
        return [
            ServicePopulation(
                row.service_type.id, row.service_type.kode, row.service_type.nama, row.population
            )
            for row in query
        ]

    def set_population(
        self, period_id: int, service_type_id: int, n: int | None, user: UserRecord
    ) -> ServicePopulation:
        """Type the number of service recipients of one jenis layanan (None clears it)."""
        _require_editable(period_id, user)
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
            raise ValidationError("Jumlah penerima layanan harus bilangan bulat 0 atau lebih.")
        row = PeriodServiceRow.get_or_none(
            (PeriodServiceRow.period == period_id)
            & (PeriodServiceRow.service_type == service_type_id)
        )
        if row is None:
            raise NotFound("Jenis layanan ini tidak termasuk dalam periode survei.")
        with database_proxy.atomic():
            before = row.population
            row.population = n
            row.save()
            audit_log.append_by(
                self.clock(),
                user,
                "populasi_ubah",
                "period",
                period_id,
                {"layanan": row.service_type.kode, "sebelum": before, "sesudah": n},
            )
        return ServicePopulation(service_type_id, row.service_type.kode, row.service_type.nama, n)

    def import_file(
        self, period_id: int, path: str | Path, user: UserRecord, sheet: str | None = None
    ) -> ImportSummary:
        """Import populations or a customer list from CSV/XLSX; stores nothing on any bad row."""
        _require_editable(period_id, user)
        table, rows = read_table(Path(path).expanduser(), sheet)
        services = self.populations(period_id)
        columns = _columns(list(table.header))
        if "jumlah" in columns:
            counts, customers = _parse_counts(table, columns, rows, services), []
        elif "nama" in columns:
            customers = _parse_customers(table, columns, rows, services)
            counts = Counter(c[0] for c in customers)
            counts.update(
                {s.service_type_id: 0 for s in services if s.service_type_id not in counts}
            )
        else:
            raise table.error(
                1,
                None,
                'berkas harus memiliki kolom "jenis layanan" dan "jumlah", '
                'atau satu baris per pelanggan dengan kolom "nama" dan '
                '"jenis layanan".',
            )
        return self._store(period_id, user, table.name, dict(counts), customers, services)

    def _store(
        self,
        period_id: int,
        user: UserRecord,
        file_name: str,
        counts: dict[int, int],
        customers: list[tuple[int, str, str, str, dt.date | None]],
        services: Sequence[ServicePopulation],
    ) -> ImportSummary:
        kode = {s.service_type_id: s.kode for s in services}
        with database_proxy.atomic():
            for service_type_id, count in counts.items():
                (
                    PeriodServiceRow.update(population=count)
                    .where(
                        (PeriodServiceRow.period == period_id)
                        & (PeriodServiceRow.service_type == service_type_id)
                    )
                    .execute()
                )
            if customers:
                CustomerRow.delete().where(CustomerRow.period == period_id).execute()
                CustomerRow.insert_many(
                    [
                        {
                            "period": period_id,
                            "service_type": sid,
                            "nama": nama,
                            "alamat": alamat,
                            "telepon": telepon,
                            "tanggal_layanan": tanggal,
                        }
                        for sid, nama, alamat, telepon, tanggal in customers
                    ]
                ).execute()
            populations = {kode[sid]: count for sid, count in counts.items()}
            audit_log.append_by(
                self.clock(),
                user,
                "populasi_impor",
                "period",
                period_id,
                {"berkas": file_name, "populasi": populations, "pelanggan": len(customers)},
            )
        return ImportSummary(populations, len(customers))

    def targets(self, period_id: int) -> SampleTargets:
        """Minimum sample overall and per jenis layanan for the period's regime."""
        regime_id = get_period_row(period_id).regime_id
        services = self.populations(period_id)
        known = [s.population for s in services if s.population is not None]
        total = sum(known) if known else None
        complete = bool(services) and len(known) == len(services)
        if regime_id == KEPMENPAN_2004:
            overall: int | None = minimum_sample(total, regime_id)
            per_service = [_share(overall, s.population, total) for s in services]
        else:
            overall = krejcie_morgan(total) if total is not None else None
            per_service = [
                krejcie_morgan(s.population) if s.population is not None else None for s in services
            ]
        return SampleTargets(
            regime_id,
            method_text(regime_id),
            total,
            overall,
            tuple(
                ServiceTarget(s.service_type_id, s.kode, s.nama, s.population, minimum)
                for s, minimum in zip(services, per_service, strict=True)
            ),
            complete,
        )


def _share(overall: int | None, population: int | None, total: int | None) -> int | None:
    """A service's proportional share of the overall minimum, rounded up (2004 regime)."""
    if overall is None or population is None or not total:
        return None
    return math.ceil(overall * population / total)


def _require_editable(period_id: int, user: UserRecord) -> None:
    user = users.acting(user)
    if not user.has_role(STAF) or user.disabled:
        raise PermissionDenied("Hanya Staf yang dapat mengubah data pelanggan.")
    period = get_period_row(period_id)
    closed = period.collection_closed_at is not None
    if closed or sop.passed(period.current_step, sop.collection_step()):
        raise WorkflowError(
            "Data pelanggan tidak dapat diubah lagi: pengumpulan data periode ini sudah ditutup."
        )


# Reading files -------------------------------------------------------------------------------

Cell = str | int | float | dt.date | dt.datetime | None


def read_table(path: Path, sheet: str | None = None) -> tuple[Table, list[tuple[int, list[Cell]]]]:
    """The file through the one table reader and its non-blank rows as (row number, cells)."""
    table = open_table(path, sheet)
    rows = [
        (number, list(cells)) for number, cells in table.rows() if any(c is not None for c in cells)
    ]
    return table, rows


def _norm(text: object) -> str:
    return " ".join(str(text).replace("_", " ").split()).casefold()


def _columns(header: list[str]) -> dict[str, int]:
    """Known column roles -> index: jenis layanan, jumlah, nama, alamat, telepon, tanggal."""
    names = [_norm(h) for h in header]
    roles: dict[str, int] = {}
    for role, aliases in (
        ("layanan", SERVICE_COLUMNS),
        ("jumlah", COUNT_COLUMNS),
        ("nama", ("nama", "nama pelanggan")),
        ("alamat", ("alamat",)),
        ("telepon", ("telepon", "no hp", "no. hp", "hp")),
        ("tanggal", ("tanggal", "tanggal layanan")),
    ):
        for alias in aliases:
            if alias in names:
                roles[role] = names.index(alias)
                break
    return roles


def _cell(row: list[Cell], index: int | None) -> Cell:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _service_id(value: Cell, services: Sequence[ServicePopulation], where: str) -> int:
    wanted = _norm(value if value is not None else "")
    if isinstance(value, float) and value.is_integer():
        wanted = str(int(value))
    for service in services:
        if wanted in (_norm(service.kode), _norm(service.nama)):
            return service.service_type_id
    for service in services:  # "1" for kode "01"
        if wanted.isdigit() and service.kode.isdigit() and int(wanted) == int(service.kode):
            return service.service_type_id
    raise ValueError(f'{where}: jenis layanan "{value or ""}" tidak ada dalam periode ini')


def _count(value: Cell, where: str) -> int:
    """A non-negative whole number; text may use dot thousands (1.200)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    text = str(value).strip() if isinstance(value, str) else ""
    if re.fullmatch(r"\d+|\d{1,3}(\.\d{3})+", text):
        return int(text.replace(".", ""))
    raise ValueError(
        f'{where}: jumlah "{value if value is not None else ""}" bukan bilangan bulat 0 atau lebih'
    )


def _date(value: Cell, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(str(value), fmt).date()
        except ValueError:
            continue
    raise ValueError(f'{where}: tanggal "{value}" tidak dikenali (pakai dd-mm-yyyy)')


def _raise_errors(table: Table, errors: list[str]) -> None:
    if errors:
        shown = "\n".join(errors[:MAX_ERRORS_SHOWN])
        more = len(errors) - MAX_ERRORS_SHOWN
        extra = f"\n... dan {more} kesalahan lain." if more > 0 else ""
        raise InputFileError(
            f"Tidak ada yang disimpan dari {table.where()}; {len(errors)} baris bermasalah:\n"
            f"{shown}{extra}"
        )


def _service_column(table: Table, columns: dict[str, int]) -> int:
    if "layanan" not in columns:
        raise table.error(1, None, 'kolom "jenis layanan" tidak ditemukan di baris judul.')
    return columns["layanan"]


def _parse_counts(
    table: Table,
    columns: dict[str, int],
    rows: list[tuple[int, list[Cell]]],
    services: Sequence[ServicePopulation],
) -> dict[int, int]:
    service_column = _service_column(table, columns)
    counts: dict[int, int] = {}
    errors: list[str] = []
    for number, row in rows:
        where = table.where(number, service_column)
        try:
            sid = _service_id(_cell(row, service_column), services, where)
            count = _count(_cell(row, columns["jumlah"]), table.where(number, columns["jumlah"]))
            if sid in counts:
                raise ValueError(f"{where}: layanan tercantum dua kali")
            counts[sid] = count
        except ValueError as exc:
            errors.append(str(exc))
    _raise_errors(table, errors)
    return counts


def _parse_customers(
    table: Table,
    columns: dict[str, int],
    rows: list[tuple[int, list[Cell]]],
    services: Sequence[ServicePopulation],
) -> list[tuple[int, str, str, str, dt.date | None]]:
    service_column = _service_column(table, columns)
    customers = []
    errors: list[str] = []
    for number, row in rows:
        try:
            nama = str(_cell(row, columns["nama"]) or "")
            if not nama:
                raise ValueError(f"{table.where(number, columns['nama'])}: nama pelanggan kosong")
            sid = _service_id(
                _cell(row, service_column), services, table.where(number, service_column)
            )
            tanggal = _date(
                _cell(row, columns.get("tanggal")), table.where(number, columns.get("tanggal"))
            )
            customers.append(
                (
                    sid,
                    nama,
                    str(_cell(row, columns.get("alamat")) or ""),
                    str(_cell(row, columns.get("telepon")) or ""),
                    tanggal,
                )
            )
        except ValueError as exc:
            errors.append(str(exc))
    _raise_errors(table, errors)
    return customers
