"""Provides PeriodService: survey periods and the office's jenis layanan (read and create)."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Sequence

from peewee import IntegrityError, fn

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import questionnaire as questionnaire_template
from ikm_tui.domain.regimes import DEFAULT_REGIME, REGIMES
from ikm_tui.domain.scoring import WEIGHT_RULES
from ikm_tui.domain.sop import KUESIONER, STAF, TimeStandard
from ikm_tui.errors import NotFound, PermissionDenied, ValidationError
from ikm_tui.persistence import audit_log, converters
from ikm_tui.persistence.models import (
    PeriodRow,
    PeriodServiceRow,
    RespondentRow,
    ServiceTypeRow,
    database_proxy,
    tuples,
)
from ikm_tui.persistence.records import PeriodRecord, ServiceTypeRecord, UserRecord

DEFAULT_LENGTH = TimeStandard(4, "bulan")  # SOP step 4: the survey runs four months


def default_end_date(start: dt.date) -> dt.date:
    """The day before the same date four months later (1 Sep -> 31 Dec)."""
    moment = dt.datetime.combine(start, dt.time())
    return DEFAULT_LENGTH.deadline(moment).date() - dt.timedelta(days=1)


class PeriodService:
    """Survey periods and jenis layanan."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    def list(self) -> builtins.list[PeriodRecord]:
        """Every period, newest first, with its counted respondents."""
        query = (RespondentRow.select(RespondentRow.period, fn.COUNT(RespondentRow.id))
                 .where(RespondentRow.excluded == False)  # noqa: E712
                 .group_by(RespondentRow.period))
        counts: dict[int, int] = {int(pid): int(n) for pid, n in tuples(query)}
        rows = PeriodRow.select().order_by(PeriodRow.start_date.desc(), PeriodRow.id.desc())
        return [converters.period(row, counts.get(row.id, 0)) for row in rows]

    def get(self, period_id: int) -> PeriodRecord:
        row = PeriodRow.get_or_none(PeriodRow.id == period_id)
        if row is None:
            raise NotFound(f"Periode survei nomor {period_id} tidak ditemukan.")
        count = (RespondentRow.select()
                 .where((RespondentRow.period == period_id) & (RespondentRow.excluded == False))  # noqa: E712
                 .count())
        return converters.period(row, count)

    def service_types(self, active_only: bool = True) -> builtins.list[ServiceTypeRecord]:
        query = ServiceTypeRow.select().order_by(ServiceTypeRow.sort_order, ServiceTypeRow.kode)
        if active_only:
            query = query.where(ServiceTypeRow.active == True)  # noqa: E712
        return [converters.service_type(row) for row in query]

    def period_service_types(self, period_id: int) -> builtins.list[ServiceTypeRecord]:
        """The jenis layanan surveyed in a period, in the office's order."""
        query = (ServiceTypeRow.select()
                 .join(PeriodServiceRow, on=(PeriodServiceRow.service_type == ServiceTypeRow.id))
                 .where(PeriodServiceRow.period == period_id)
                 .order_by(ServiceTypeRow.sort_order, ServiceTypeRow.kode))
        return [converters.service_type(row) for row in query]

    def add_service_type(self, kode: str, nama: str, actor: UserRecord | None) -> ServiceTypeRecord:
        kode, nama = kode.strip(), nama.strip()
        if not kode or not nama:
            raise ValidationError("Kode dan nama jenis layanan wajib diisi.")
        now = self.clock()
        with database_proxy.atomic():
            order = (ServiceTypeRow.select(fn.MAX(ServiceTypeRow.sort_order)).scalar() or 0) + 1
            try:
                row = ServiceTypeRow.create(kode=kode, nama=nama, sort_order=order)
            except IntegrityError:
                raise ValidationError(f"Kode jenis layanan {kode} sudah dipakai.") from None
            _audit(now, actor, "layanan_tambah", "service_type", row.id, {"kode": kode, "nama": nama})
        return converters.service_type(row)

    def create(
        self,
        name: str,
        user: UserRecord,
        regime_id: str = DEFAULT_REGIME,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        service_type_ids: Sequence[int] | None = None,
        weights: str = "exact",
    ) -> PeriodRecord:
        """Create a period (SOP step 1 starts) with a draft questionnaire from the regime template."""
        if not user.has_role(STAF):
            raise PermissionDenied("Hanya Staf yang dapat membuat periode survei baru.")
        name = name.strip()
        if not name:
            raise ValidationError("Nama periode wajib diisi.")
        if regime_id not in REGIMES:
            raise ValidationError(f"Regime {regime_id} tidak dikenal.")
        if weights not in WEIGHT_RULES:
            raise ValidationError(f"Aturan bobot {weights} tidak dikenal.")
        start = start_date or self.clock().date()
        end = end_date or default_end_date(start)
        if end < start:
            raise ValidationError("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        if service_type_ids is None:
            service_type_ids = [s.id for s in self.service_types()]
        now = self.clock()
        with database_proxy.atomic():
            row = PeriodRow.create(name=name, regime_id=regime_id, weights=weights,
                                   start_date=start, end_date=end, current_step=1,
                                   created_at=now, created_by=user.id)
            for service_type_id in service_type_ids:
                PeriodServiceRow.create(period=row.id, service_type=service_type_id)
            _audit(now, user, "periode_buat", "period", row.id,
                   {"nama": name, "regime": regime_id, "mulai": start, "selesai": end})
            self._start(row.id, user, regime_id)
        return self.get(row.id)

    def _start(self, period_id: int, user: UserRecord, regime_id: str) -> None:
        """Step 1 begins: the workflow records it and a draft questionnaire is created."""
        from ikm_tui.services.signoff import SignOffService
        from ikm_tui.services.workflow import WorkflowService

        services = [(s.kode, s.nama) for s in self.period_service_types(period_id)]
        content = questionnaire_template.template(regime_id, services)
        WorkflowService(self.clock).start_period(period_id, user)
        SignOffService(self.clock).create(period_id, KUESIONER, "Kuesioner Survei Kepuasan "
                                          "Masyarakat", content, user)


def _audit(now: dt.datetime, actor: UserRecord | None, action: str, entity: str,
           entity_id: int, detail: dict[str, object]) -> None:
    audit_log.append(now, actor.id if actor else None, actor.username if actor else "sistem",
                     action, entity, entity_id, detail)
