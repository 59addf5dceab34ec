"""Provides ComplaintService: the complaint register (SOP "Pencatatan dan Pendataan": Form
Catatan Keluhan Pelanggan and Buku Register Keluhan Pelanggan) and the saran of the forms.

A complaint is recorded (numbered KLH/<year>/NNN, race-safe inside the write transaction),
disposed to a staff member, answered and closed with the complainant's confirmation; it may be
linked to a PTPP. Its deadline is `target_hari` working days after it was received, fixed when
it is recorded (the Admin's deadline classes in Pengaturan; 14 by default), counted with the
office's working-day calendar (`CalendarService`: national holidays, cuti bersama, days off).
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import complaints as rules
from ikm_tui.domain import sop
from ikm_tui.domain.regimes import REGIMES
from ikm_tui.errors import NotFound, PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import audit_log, users
from ikm_tui.persistence import complaints as store
from ikm_tui.persistence import documents as document_rows
from ikm_tui.persistence import respondents as respondent_rows
from ikm_tui.persistence.models import ComplaintRow, UserRow, database_proxy
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import (
    ComplaintClassRecord,
    ComplaintRecord,
    SaranRecord,
    UserRecord,
)

if TYPE_CHECKING:
    from ikm_tui.domain.calendar import WorkingCalendar
    from ikm_tui.export.engine import DocumentData
    from ikm_tui.services.calendar import CalendarService

ComplaintFilter = store.ComplaintFilter
COMPLAINT_ROLES = sop.SIGNING_ROLES  # the petugas who receive, dispose and close complaints


def unsur_names() -> dict[str, str]:
    """Every unsur key of the regimes with its name (a complaint's related unsur)."""
    names: dict[str, str] = {}
    for regime in REGIMES.values():
        for unsur in regime.unsur:
            names.setdefault(unsur.key, unsur.nama)
    return names


class ComplaintService:
    """Record, dispose, answer and close complaints; the register; deadline classes; saran."""

    def __init__(self, clock: Clock = system_clock, *, calendar: CalendarService) -> None:
        self.clock = clock
        self.calendar = calendar

    # -- reading ----------------------------------------------------------------------------

    def list(
        self, flt: ComplaintFilter | None = None, overdue_only: bool = False
    ) -> builtins.list[ComplaintRecord]:
        """The register's rows matching `flt` in recording order, each marked overdue or not."""
        days = self.calendar.working_calendar()
        rows = [self._record(row, days) for row in store.select(flt or ComplaintFilter())]
        return [r for r in rows if r.overdue] if overdue_only else rows

    def period_filter(self, period_id: int, **fields: object) -> ComplaintFilter:
        """A filter on the complaints received within a period's dates."""
        period = get_period_row(period_id)
        return replace(
            ComplaintFilter(**fields),  # type: ignore[arg-type]
            received_from=period.start_date,
            received_to=period.end_date,
        )

    def year_filter(self, year: int, **fields: object) -> ComplaintFilter:
        return replace(
            ComplaintFilter(**fields),  # type: ignore[arg-type]
            received_from=dt.date(year, 1, 1),
            received_to=dt.date(year, 12, 31),
        )

    def get(self, complaint_id: int) -> ComplaintRecord:
        return self._record(store.joined(complaint_id), self.calendar.working_calendar())

    def by_nomor(self, nomor: str) -> ComplaintRecord:
        return self.get(store.id_of(nomor))

    def overdue(self) -> builtins.list[ComplaintRecord]:
        """Open complaints past their deadline (the dashboard's warning)."""
        return [r for r in self.list() if r.overdue and r.status != rules.SELESAI]

    def open_complaints(self, period_id: int | None = None) -> builtins.list[ComplaintRecord]:
        """Complaints not yet closed (received within the period's dates, when given): the
        findings the step 6 meeting goes through."""
        flt = self.period_filter(period_id) if period_id is not None else ComplaintFilter()
        return [r for r in self.list(flt) if r.status != rules.SELESAI]

    def ptpp_choices(self) -> builtins.list[tuple[int, str]]:
        """The PTPP documents a complaint may be linked to: (document id, label)."""
        return store.ptpp_documents()

    def staff(self) -> builtins.list[UserRecord]:
        """Who a complaint may be disposed to: active Staf, Sekretaris Camat and Camat."""
        return [u for u in users.active() if any(u.has_role(role) for role in COMPLAINT_ROLES)]

    def document_data(self, kind: str, key: int) -> DocumentData:
        """The engine's data: "keluhan" (key: the complaint's id) or "register-keluhan" (key: a
        period's id, or `complaint_documents.year_key(year)` for a calendar year)."""
        from ikm_tui.services import complaint_documents

        if kind == complaint_documents.KELUHAN:
            return complaint_documents.keluhan_data(self, key)
        return complaint_documents.register_data(self, key)

    def counts_by_unsur(self, period_id: int) -> dict[str, int]:
        """Complaints received within the period's dates per related unsur key ("" = none)."""
        period = get_period_row(period_id)
        return store.counts_by_unsur(period.start_date, period.end_date)

    def _record(self, row: ComplaintRow, days: WorkingCalendar) -> ComplaintRecord:
        today = self.clock().date()
        closed = row.selesai_at.date() if row.selesai_at else None
        overdue = rules.is_overdue(row.status, row.batas_waktu, today, closed)
        lama = days.working_days_between(row.received_at.date(), closed) if closed else None
        return store.record(row, overdue, lama)

    # -- recording --------------------------------------------------------------------------

    def record(self, data: rules.ComplaintInput, user: UserRecord) -> ComplaintRecord:
        """A new complaint (baru), numbered KLH/<year of receipt>/NNN."""
        actor = self._actor(user)
        keys = tuple(sorted(unsur_names()))
        found = rules.problems(data, keys)
        if data.received_at > self.clock() + dt.timedelta(minutes=5):
            found.append("Waktu diterima tidak boleh di masa depan.")
        target = self._target(data.kelas)
        if found:
            raise ValidationError(" ".join(found))
        now = self.clock()
        with database_proxy.atomic():
            actor = self._actor(user)
            row = ComplaintRow.create(
                nomor=store.next_nomor(data.received_at.year),
                received_at=data.received_at,
                saluran=data.saluran,
                lapor_ticket=data.lapor_ticket.strip(),
                pelapor_nama=data.pelapor_nama.strip(),
                pelapor_alamat=data.pelapor_alamat.strip(),
                pelapor_hp=data.pelapor_hp.strip(),
                service_type=data.service_type_id,
                uraian=data.uraian.strip(),
                harapan=data.harapan.strip(),
                klasifikasi=data.klasifikasi.strip(),
                unsur_key=data.unsur_key,
                tindakan_segera=data.tindakan_segera.strip(),
                petugas=actor.id or None,
                kelas=data.kelas or rules.DEFAULT_CLASS,
                target_hari=target,
                batas_waktu=self.calendar.working_calendar().add_working_days(
                    data.received_at.date(), target
                ),
                status=rules.BARU,
                updated_at=now,
            )
            audit_log.append_by(
                now,
                actor,
                "keluhan_catat",
                "complaint",
                row.id,
                {"nomor": row.nomor, "saluran": row.saluran, "batas_waktu": row.batas_waktu},
            )
        return self.get(row.id)

    def dispose(
        self, complaint_id: int, to_user_id: int, user: UserRecord, catatan: str = ""
    ) -> ComplaintRecord:
        """Dispose (disposisi) an open complaint to a staff member: status diproses."""
        target = UserRow.get_or_none(UserRow.id == to_user_id)
        if target is None or target.disabled:
            raise ValidationError("Pegawai tujuan disposisi tidak ditemukan atau nonaktif.")
        detail = target.full_name + (f" ({catatan.strip()})" if catatan.strip() else "")

        def change(row: ComplaintRow, now: dt.datetime) -> dict[str, object]:
            return {
                "status": rules.DIPROSES,
                "disposisi_user": to_user_id,
                "disposisi_at": now,
                "diteruskan_ke": detail,
            }

        return self._change(complaint_id, user, "keluhan_disposisi", change)

    def respond(
        self, complaint_id: int, user: UserRecord, *, tanggapan: str, tindak_lanjut: str = ""
    ) -> ComplaintRecord:
        """Write down the answer to the complainant and the follow-up (still open)."""
        if not tanggapan.strip():
            raise ValidationError("Tanggapan kepada pelapor wajib diisi.")
        return self._change(
            complaint_id,
            user,
            "keluhan_tanggapan",
            lambda row, now: {
                "tanggapan": tanggapan.strip(),
                "tindak_lanjut": tindak_lanjut.strip() or row.tindak_lanjut,
            },
        )

    def close(
        self,
        complaint_id: int,
        user: UserRecord,
        *,
        konfirmasi: str,
        tanggapan: str = "",
        tindak_lanjut: str = "",
    ) -> ComplaintRecord:
        """Close a complaint (selesai): the answer given and the complainant's confirmation
        (for an anonymous complaint, how the answer was made public)."""

        def change(row: ComplaintRow, now: dt.datetime) -> dict[str, object]:
            answer = tanggapan.strip() or row.tanggapan
            if not answer:
                raise ValidationError("Tanggapan kepada pelapor wajib diisi sebelum ditutup.")
            if not konfirmasi.strip():
                raise ValidationError(
                    "Konfirmasi ke pelapor wajib diisi (bagaimana dan kapan pelapor menerima "
                    "tanggapan; untuk pelapor anonim: di mana tanggapan diumumkan)."
                )
            return {
                "status": rules.SELESAI,
                "tanggapan": answer,
                "tindak_lanjut": tindak_lanjut.strip() or row.tindak_lanjut,
                "konfirmasi": konfirmasi.strip(),
                "konfirmasi_at": now,
                "selesai_at": now,
            }

        return self._change(complaint_id, user, "keluhan_selesai", change)

    def link_ptpp(self, complaint_id: int, document_id: int, user: UserRecord) -> ComplaintRecord:
        """Link the PTPP raised for a complaint (also after it is closed)."""
        if document_rows.get(document_id).kind != sop.PTPP:
            raise ValidationError("Dokumen yang dikaitkan bukan PTPP.")
        return self._change(
            complaint_id,
            user,
            "keluhan_ptpp",
            lambda row, now: {"ptpp": document_id},
            closed_ok=True,
        )

    def _change(
        self,
        complaint_id: int,
        user: UserRecord,
        action: str,
        change: Callable[[ComplaintRow, dt.datetime], dict[str, object]],
        closed_ok: bool = False,
    ) -> ComplaintRecord:
        self._actor(user)
        now = self.clock()
        with database_proxy.atomic():
            actor = self._actor(user)
            row = store.row(complaint_id)
            if row.status == rules.SELESAI and not closed_ok:
                raise WorkflowError(f"Keluhan {row.nomor} sudah selesai; tidak dapat diubah.")
            values = change(row, now)
            values["updated_at"] = now
            changed = (
                ComplaintRow.update(**values)
                .where((ComplaintRow.id == row.id) & (ComplaintRow.status == row.status))
                .execute()
            )
            if changed != 1:
                raise WorkflowError(f"Keluhan {row.nomor} diubah pengguna lain; buka lagi.")
            detail = {k: v for k, v in values.items() if k != "updated_at"}
            audit_log.append_by(
                now, actor, action, "complaint", row.id, {"nomor": row.nomor, **detail}
            )
        return self.get(complaint_id)

    def _actor(self, user: UserRecord) -> UserRecord:
        actor = users.acting(user)
        if actor.disabled or not any(actor.has_role(role) for role in COMPLAINT_ROLES):
            raise PermissionDenied(
                "Hanya Staf, Sekretaris Camat atau Camat yang dapat mencatat keluhan."
            )
        return actor

    # -- deadline classes (Pengaturan) ------------------------------------------------------

    def classes(self) -> builtins.list[ComplaintClassRecord]:
        """The deadline classes: the Admin's, plus the default class (14 working days)."""
        own = store.classes()
        if not any(c.nama == rules.DEFAULT_CLASS for c in own):
            own.append(ComplaintClassRecord(0, rules.DEFAULT_CLASS, rules.DEFAULT_TARGET_DAYS))
        return own

    def set_class(self, nama: str, hari: int, user: UserRecord) -> None:
        """Add or change a deadline class (Admin); applies to complaints recorded after."""
        actor = users.acting(user)
        if actor.disabled or not actor.has_role(sop.ADMIN):
            raise PermissionDenied("Hanya Admin yang dapat mengatur kelas keluhan.")
        found = rules.class_problems(nama, hari)
        if found:
            raise ValidationError(" ".join(found))
        with database_proxy.atomic():
            store.set_class(nama.strip(), hari)
            audit_log.append_by(
                self.clock(), actor, "keluhan_kelas", "complaint_class", nama, {"hari": hari}
            )

    def remove_class(self, nama: str, user: UserRecord) -> None:
        actor = users.acting(user)
        if actor.disabled or not actor.has_role(sop.ADMIN):
            raise PermissionDenied("Hanya Admin yang dapat mengatur kelas keluhan.")
        with database_proxy.atomic():
            if not store.remove_class(nama):
                raise NotFound(f"Kelas keluhan {nama} tidak ada.")
            audit_log.append_by(self.clock(), actor, "keluhan_kelas_hapus", "complaint_class", nama)

    def _target(self, kelas: str) -> int:
        for item in self.classes():
            if item.nama == (kelas or rules.DEFAULT_CLASS):
                return item.hari
        raise ValidationError(f"Kelas keluhan {kelas} tidak dikenal (Pengaturan).")

    # -- saran ------------------------------------------------------------------------------

    def saran(
        self,
        period_id: int,
        search: str = "",
        service_type_id: int | None = None,
        source: str = "",
    ) -> builtins.list[SaranRecord]:
        """The saran typed from paper forms or imported, of a period's counted forms."""
        get_period_row(period_id)
        return respondent_rows.saran(period_id, search, service_type_id, source)
