"""Provides PeriodService: survey periods, the office's jenis layanan and those of each period."""

from __future__ import annotations

import builtins
import copy
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from peewee import IntegrityError, fn

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import questionnaire as questionnaire_template
from ikm_tui.domain import sop
from ikm_tui.domain.regimes import DEFAULT_REGIME, REGIMES
from ikm_tui.domain.scoring import WEIGHT_RULES
from ikm_tui.domain.sop import DIKEMBALIKAN, DRAF, KUESIONER, STAF
from ikm_tui.errors import NotFound, PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import audit_log, converters, respondents, users
from ikm_tui.persistence import periods as period_rows
from ikm_tui.persistence.models import (
    CustomerRow,
    PeriodRow,
    PeriodServiceRow,
    ServiceTypeRow,
    database_proxy,
)
from ikm_tui.persistence.records import PeriodRecord, ServiceTypeRecord, UserRecord

if TYPE_CHECKING:
    from ikm_tui.services.signoff import SignOffService
    from ikm_tui.services.workflow import WorkflowService

DEFAULT_LENGTH = sop.step(sop.collection_step()).standard  # the survey runs as long as collection


def default_end_date(start: dt.date) -> dt.date:
    """The day before the collection time standard ends (4 bulan: 1 Sep -> 31 Dec)."""
    moment = dt.datetime.combine(start, dt.time())
    return DEFAULT_LENGTH.deadline(moment).date() - dt.timedelta(days=1)


class PeriodService:
    """Survey periods and jenis layanan."""

    def __init__(
        self, clock: Clock = system_clock, *, workflow: WorkflowService, signoff: SignOffService
    ) -> None:
        self.clock = clock
        self.workflow = workflow
        self.signoff = signoff

    def list(self) -> builtins.list[PeriodRecord]:
        """Every period, newest first, with its counted respondents."""
        counts = period_rows.counted_by_period()
        rows = PeriodRow.select().order_by(PeriodRow.start_date.desc(), PeriodRow.id.desc())
        return [converters.period(row, counts.get(row.id, 0)) for row in rows]

    def overlapping(self, start: dt.date, end: dt.date) -> builtins.list[PeriodRecord]:
        """Periods whose survey dates share at least one day with `start`..`end`, oldest first:
        a new period is warned about them (two surveys of one office at once are usually a
        typing mistake in a date), never refused."""
        rows = (
            PeriodRow.select()
            .where((PeriodRow.start_date <= end) & (PeriodRow.end_date >= start))
            .order_by(PeriodRow.start_date, PeriodRow.id)
        )
        return [converters.period(row, 0) for row in rows]

    def get(self, period_id: int) -> PeriodRecord:
        return converters.period(
            period_rows.get_period_row(period_id), respondents.counted(period_id)
        )

    def service_types(self, active_only: bool = True) -> builtins.list[ServiceTypeRecord]:
        query = ServiceTypeRow.select().order_by(ServiceTypeRow.sort_order, ServiceTypeRow.kode)
        if active_only:
            query = query.where(ServiceTypeRow.active == True)  # noqa: E712
        return [converters.service_type(row) for row in query]

    def period_service_types(self, period_id: int) -> builtins.list[ServiceTypeRecord]:
        """The jenis layanan surveyed in a period, in the office's order."""
        query = (
            ServiceTypeRow.select()
            .join(PeriodServiceRow, on=(PeriodServiceRow.service_type == ServiceTypeRow.id))
            .where(PeriodServiceRow.period == period_id)
            .order_by(ServiceTypeRow.sort_order, ServiceTypeRow.kode)
        )
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
            _audit(
                now, actor, "layanan_tambah", "service_type", row.id, {"kode": kode, "nama": nama}
            )
        return converters.service_type(row)

    # -- the office's jenis layanan (Admin) ---------------------------------------------------

    def update_service_type(
        self,
        service_type_id: int,
        actor: UserRecord | None,
        *,
        kode: str | None = None,
        nama: str | None = None,
    ) -> ServiceTypeRecord:
        """Rename a jenis layanan or change its kode (None = unchanged)."""
        _require_admin(actor)
        row = _service_type_row(service_type_id)
        new = {
            "kode": row.kode if kode is None else kode.strip(),
            "nama": row.nama if nama is None else " ".join(nama.split()),
        }
        if not new["kode"] or not new["nama"]:
            raise ValidationError("Kode dan nama jenis layanan wajib diisi.")
        changed = {k: v for k, v in new.items() if getattr(row, k) != v}
        if changed:
            with database_proxy.atomic():
                try:
                    ServiceTypeRow.update(**changed).where(ServiceTypeRow.id == row.id).execute()
                except IntegrityError:
                    raise ValidationError(
                        f"Kode jenis layanan {new['kode']} sudah dipakai."
                    ) from None
                _audit(
                    self.clock(),
                    actor,
                    "layanan_ubah",
                    "service_type",
                    row.id,
                    {"lama": {"kode": row.kode, "nama": row.nama}, "perubahan": changed},
                )
        return converters.service_type(_service_type_row(service_type_id))

    def set_service_type_active(
        self, service_type_id: int, active: bool, actor: UserRecord | None
    ) -> ServiceTypeRecord:
        """An inactive jenis layanan is no longer offered for new periods (old data stays)."""
        _require_admin(actor)
        row = _service_type_row(service_type_id)
        if bool(row.active) != active:
            with database_proxy.atomic():
                row.active = active
                row.save()
                _audit(
                    self.clock(),
                    actor,
                    "layanan_aktif" if active else "layanan_nonaktif",
                    "service_type",
                    row.id,
                    {"kode": row.kode, "nama": row.nama},
                )
        return converters.service_type(row)

    def move_service_type(
        self, service_type_id: int, offset: int, actor: UserRecord | None
    ) -> builtins.list[ServiceTypeRecord]:
        """Move a jenis layanan up (-1) or down (+1) in the office's order; the new list."""
        _require_admin(actor)
        rows = list(
            ServiceTypeRow.select().order_by(ServiceTypeRow.sort_order, ServiceTypeRow.kode)
        )
        index = next((i for i, r in enumerate(rows) if r.id == service_type_id), None)
        if index is None:
            raise NotFound(f"Jenis layanan nomor {service_type_id} tidak ditemukan.")
        target = min(max(index + offset, 0), len(rows) - 1)
        if target != index:
            rows.insert(target, rows.pop(index))
            with database_proxy.atomic():
                for order, row in enumerate(rows, start=1):
                    ServiceTypeRow.update(sort_order=order).where(
                        ServiceTypeRow.id == row.id
                    ).execute()
                _audit(
                    self.clock(),
                    actor,
                    "layanan_urutan",
                    "service_type",
                    service_type_id,
                    {"urutan": [r.kode for r in rows]},
                )
        return self.service_types(active_only=False)

    # -- the jenis layanan of one period (Staf, step 1) -------------------------------------

    def add_period_service(
        self, period_id: int, service_type_id: int, user: UserRecord
    ) -> builtins.list[ServiceTypeRecord]:
        """Survey one more jenis layanan in this period; the draft kuesioner lists it too."""
        self._require_concept(period_id, user)
        row = _service_type_row(service_type_id)
        if not row.active:
            raise ValidationError(
                f"Jenis layanan {row.kode} {row.nama} nonaktif; minta Admin "
                "mengaktifkannya lebih dulu."
            )
        with database_proxy.atomic():
            try:
                PeriodServiceRow.create(period=period_id, service_type=row.id)
            except IntegrityError:
                raise ValidationError(
                    f"Jenis layanan {row.kode} sudah ada di periode ini."
                ) from None
            _audit(
                self.clock(),
                user,
                "periode_layanan_tambah",
                "period",
                period_id,
                {"kode": row.kode, "nama": row.nama},
            )
            self._sync_questionnaire(period_id, user)
        return self.period_service_types(period_id)

    def remove_period_service(
        self, period_id: int, service_type_id: int, user: UserRecord
    ) -> builtins.list[ServiceTypeRecord]:
        """Stop surveying a jenis layanan in this period (its population goes with it)."""
        self._require_concept(period_id, user)
        row = _service_type_row(service_type_id)
        link = PeriodServiceRow.get_or_none(
            (PeriodServiceRow.period == period_id) & (PeriodServiceRow.service_type == row.id)
        )
        if link is None:
            raise ValidationError(f"Jenis layanan {row.kode} tidak ada di periode ini.")
        if (
            CustomerRow.select()
            .where((CustomerRow.period == period_id) & (CustomerRow.service_type == row.id))
            .exists()
        ):
            raise ValidationError(
                f"Data pelanggan periode ini memuat jenis layanan {row.kode}; "
                "hapus atau ganti data pelanggan itu lebih dulu."
            )
        with database_proxy.atomic():
            link.delete_instance()
            _audit(
                self.clock(),
                user,
                "periode_layanan_hapus",
                "period",
                period_id,
                {"kode": row.kode, "nama": row.nama, "populasi": link.population},
            )
            self._sync_questionnaire(period_id, user)
        return self.period_service_types(period_id)

    def _require_concept(self, period_id: int, user: UserRecord) -> None:
        """Staf only, at step 1, while the kuesioner is a draft or has been returned."""
        user = users.acting(user)
        if not user.has_role(STAF) or user.disabled:
            raise PermissionDenied("Hanya Staf yang dapat mengubah jenis layanan periode survei.")
        self.get(period_id)
        self.workflow.require_action_step(period_id, "susun_konsep")
        document = self.signoff.latest(period_id, KUESIONER)
        if document is not None and (document.frozen or document.state not in (DRAF, DIKEMBALIKAN)):
            raise WorkflowError(
                f"Kuesioner sudah diajukan ({document.state_text}); jenis layanan "
                "hanya dapat diubah bila kuesioner dikembalikan ke Staf."
            )

    def _sync_questionnaire(self, period_id: int, user: UserRecord) -> None:
        """The draft kuesioner's "services" follow the period's jenis layanan."""
        signoff = self.signoff
        document = signoff.latest(period_id, KUESIONER)
        if document is None:
            return
        content = copy.deepcopy(document.content)
        content["services"] = [
            {"kode": s.kode, "nama": s.nama} for s in self.period_service_types(period_id)
        ]
        questionnaire_template.validate(content)
        signoff.update_content(document.id, content, user, base_hash=document.content_hash)

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
        actor = users.acting(user)
        if not actor.has_role(STAF) or actor.disabled:
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
            row = PeriodRow.create(
                name=name,
                regime_id=regime_id,
                weights=weights,
                start_date=start,
                end_date=end,
                current_step=sop.FIRST_STEP,
                created_at=now,
                created_by=user.id,
            )
            for service_type_id in service_type_ids:
                PeriodServiceRow.create(period=row.id, service_type=service_type_id)
            _audit(
                now,
                user,
                "periode_buat",
                "period",
                row.id,
                {"nama": name, "regime": regime_id, "mulai": start, "selesai": end},
            )
            self._start(row.id, user, regime_id)
        return self.get(row.id)

    def _start(self, period_id: int, user: UserRecord, regime_id: str) -> None:
        """Step 1 begins: the workflow records it and a draft questionnaire is created."""
        services = [(s.kode, s.nama) for s in self.period_service_types(period_id)]
        content = questionnaire_template.template(regime_id, services)
        self.workflow.start_period(period_id, user)
        self.signoff.create(
            period_id, KUESIONER, "Kuesioner Survei Kepuasan Masyarakat", content, user
        )


def _service_type_row(service_type_id: int) -> ServiceTypeRow:
    row = ServiceTypeRow.get_or_none(ServiceTypeRow.id == service_type_id)
    if row is None:
        raise NotFound(f"Jenis layanan nomor {service_type_id} tidak ditemukan.")
    return row


def _require_admin(actor: UserRecord | None) -> None:
    from ikm_tui.services.users import require_admin

    require_admin(actor, "mengelola jenis layanan kantor")


def _audit(
    now: dt.datetime,
    actor: UserRecord | None,
    action: str,
    entity: str,
    entity_id: int,
    detail: dict[str, object],
) -> None:
    audit_log.append(
        now,
        actor.id if actor else None,
        actor.username if actor else "sistem",
        action,
        entity,
        entity_id,
        detail,
    )
