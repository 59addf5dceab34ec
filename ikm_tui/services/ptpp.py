"""Provides PtppService: step 8's PTPPs (Permintaan Tindakan Perbaikan dan Pencegahan).

A PTPP starts from a finding (an unsur, a complaint, an audit, free text). Parts 1 (requester)
and 2 (receiver) are the content of a ptpp document, signed Staf -> Sekretaris Camat -> Camat
through SignOffService (the Camat's approval "menetapkan" it). Part 3, the verification, is
recorded afterwards: for an unsur-based PTPP against the same unsur's NRR in the next period;
an ineffective PTPP spawns a follow-up PTPP linked to it. Numbers `001/PTPP/2026` count per
year, taken inside the write transaction (race-safe).
"""

from __future__ import annotations

import builtins
import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import ptpp as rules
from ikm_tui.domain import sop
from ikm_tui.domain.regimes import get_regime
from ikm_tui.errors import NoAnswersError, PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import audit_log, complaints, converters, meetings, users
from ikm_tui.persistence import ptpp as store
from ikm_tui.persistence.models import database_proxy
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import DocumentRecord, PtppRecord, UserRecord
from ikm_tui.services.meeting import KELUHAN as KELUHAN_FINDING

if TYPE_CHECKING:
    from ikm_tui.export.engine import DocumentData
    from ikm_tui.persistence.models import ComplaintRow
    from ikm_tui.services.complaints import ComplaintService
    from ikm_tui.services.signoff import SignOffService
    from ikm_tui.services.tabulation import TabulationService
    from ikm_tui.services.workflow import WorkflowService

VERIFY_ROLES = (sop.STAF, sop.SEKCAM, sop.CAMAT)


@dataclass(frozen=True)
class PtppInput:
    """Parts 1 and 2 of a PTPP as the form holds them."""

    sumber: str = rules.SURVEI
    persyaratan: str = ""
    kategori: str = "minor"
    uraian: str = ""
    unsur_key: str = ""
    complaint_id: int | None = None
    finding_id: int | None = None
    kepada: str = ""
    dari: str = ""
    batas_waktu: dt.date | None = None
    analisis_penyebab: str = ""
    koreksi: str = ""
    tindakan_perbaikan: str = ""
    tindakan_pencegahan: str = ""
    pic: str = ""
    pic_user_id: int | None = None
    target_selesai: dt.date | None = None
    dokumen_revisi: str = ""


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _complaint_rows(period_id: int | None, data: PtppInput) -> list[ComplaintRow]:
    """The complaints a PTPP answers: the one it was raised from; else, raised from a meeting's
    complaint finding, the complaints of that finding's group (received within the period's
    dates, of the finding's unsur or of none)."""
    if data.complaint_id is not None:
        return [complaints.joined(data.complaint_id)]
    if data.finding_id is None or period_id is None:
        return []
    finding, _ = meetings.get_finding(data.finding_id)
    if finding.kind != KELUHAN_FINDING:
        return []
    period = get_period_row(period_id)
    flt = complaints.ComplaintFilter(received_from=period.start_date, received_to=period.end_date)
    return [row for row in complaints.select(flt) if (row.unsur_key or "") == finding.ref]


def check_input(data: PtppInput) -> PtppInput:
    if data.sumber not in rules.SUMBER:
        raise ValidationError("Sumber PTPP tidak dikenal.")
    if data.kategori not in rules.KATEGORI:
        raise ValidationError("Kategori PTPP harus mayor, minor atau observasi.")
    if not data.uraian.strip():
        raise ValidationError("Uraian ketidaksesuaian wajib diisi.")
    stripped: dict[str, Any] = {
        key: value.strip()
        for key, value in asdict(data).items()
        if isinstance(value, str) and key not in ("sumber", "kategori")
    }
    return replace(data, **stripped)


class PtppService:
    """Create, edit, list, verify and follow up PTPPs."""

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        signoff: SignOffService,
        workflow: WorkflowService,
        tabulation: TabulationService,
        complaints: ComplaintService,
    ) -> None:
        self.clock = clock
        self.signoff = signoff
        self.workflow = workflow
        self.tabulation = tabulation
        self.complaints = complaints

    # -- reading ---------------------------------------------------------------------------

    def get(self, ptpp_id: int) -> PtppRecord:
        return store.get(ptpp_id)

    def by_nomor(self, nomor: str) -> PtppRecord:
        return store.get(store.id_of(nomor))

    def list(
        self, period_id: int, which: str = "semua", followups: bool = False
    ) -> builtins.list[PtppRecord]:
        """The period's PTPPs under a filter: semua, terbuka, terlambat, terverifikasi; with
        `followups`, also the follow-ups its ineffective PTPPs spawned into another period
        (the PTPP screen, where the verifier fills and signs them)."""
        if which not in rules.FILTERS:
            raise ValidationError(f"Saringan {which} tidak dikenal.")
        today = self.clock().date()
        items = store.of_period(period_id)
        if followups:
            items += store.followups_elsewhere(period_id)
        if which == "terbuka":
            return [p for p in items if not p.verified]
        if which == "terlambat":
            return [p for p in items if rules.is_overdue(p.target_selesai, p.verified, today)]
        if which == "terverifikasi":
            return [p for p in items if p.verified]
        return items

    def overdue(self, user: UserRecord | None = None) -> builtins.list[PtppRecord]:
        """PTPPs past their target and not verified (of `user` as PIC when given)."""
        return store.overdue(self.clock().date(), user.id if user else None)

    def due_for_verification(self, period_id: int) -> builtins.list[PtppRecord]:
        return store.due_for_verification(period_id)

    def content(self, ptpp: PtppRecord) -> dict[str, object]:
        return dict(ptpp.document.content) if ptpp.document else {}

    def as_input(self, ptpp: PtppRecord) -> PtppInput:
        """The stored PTPP as form input (to edit it)."""
        content = self.content(ptpp)
        if ptpp.document is None and ptpp.asal_nomor:  # a follow-up: addressed as its origin
            origin = self.content(self.by_nomor(ptpp.asal_nomor))
            content = {key: origin.get(key, "") for key in ("kepada", "dari")}
        text = {key: str(content.get(key, "")) for key in PtppInput.__dataclass_fields__}
        return PtppInput(
            sumber=ptpp.sumber,
            persyaratan=ptpp.persyaratan,
            kategori=ptpp.kategori,
            uraian=ptpp.uraian,
            unsur_key=ptpp.unsur_key,
            complaint_id=ptpp.complaint_id,
            finding_id=ptpp.finding_id,
            kepada=text["kepada"],
            dari=text["dari"],
            batas_waktu=ptpp.batas_waktu,
            analisis_penyebab=text["analisis_penyebab"],
            koreksi=text["koreksi"],
            tindakan_perbaikan=text["tindakan_perbaikan"],
            tindakan_pencegahan=text["tindakan_pencegahan"],
            pic=ptpp.pic,
            pic_user_id=ptpp.pic_user_id,
            target_selesai=ptpp.target_selesai,
            dokumen_revisi=text["dokumen_revisi"],
        )

    def from_finding(self, period_id: int, finding_id: int | None = None) -> PtppInput:
        """A new PTPP's part 1 prefilled from a meeting finding (or empty: free text)."""
        period = get_period_row(period_id)
        deadline = self.clock().date() + dt.timedelta(days=7)
        base = PtppInput(batas_waktu=deadline, kepada="Sekretaris Camat", dari="Staf pelaksana")
        if finding_id is None:
            return replace(base, sumber=rules.LAIN)
        finding, _ = meetings.get_finding(finding_id)
        base = replace(base, finding_id=finding_id, uraian=finding.uraian)
        if finding.kind == "unsur":
            unsur = get_regime(period.regime_id).unsur_by_key(finding.ref)
            return replace(
                base,
                sumber=rules.SURVEI,
                unsur_key=finding.ref,
                persyaratan=f"Standar pelayanan: unsur {unsur.kode} {unsur.nama} sekurang-"
                "kurangnya bermutu B (Baik)",
            )
        if finding.kind == "keluhan":
            return replace(
                base,
                sumber=rules.KELUHAN,
                unsur_key=finding.ref,
                persyaratan="Standar pelayanan dan maklumat pelayanan kecamatan",
            )
        return replace(base, sumber=rules.TINJAUAN if finding.kind == "verifikasi" else rules.LAIN)

    def from_complaint(self, period_id: int, complaint_id: int) -> PtppInput:
        """A new PTPP's part 1 prefilled from one complaint of the register."""
        complaint = self.complaints.get(complaint_id)
        get_period_row(period_id)
        return PtppInput(
            sumber=rules.KELUHAN,
            persyaratan="Standar pelayanan dan maklumat pelayanan kecamatan",
            uraian=f"Keluhan {complaint.nomor}: {complaint.uraian}",
            unsur_key=complaint.unsur_key,
            complaint_id=complaint.id,
            kepada="Sekretaris Camat",
            dari="Staf pelaksana",
            batas_waktu=self.clock().date() + dt.timedelta(days=7),
        )

    def related_complaints(self, period_id: int | None, data: PtppInput) -> builtins.list[str]:
        """The numbers of the complaints a PTPP answers (see `_complaint_rows`)."""
        return [row.nomor for row in _complaint_rows(period_id, data)]

    def unsur_figures(self, period_id: int, unsur_key: str) -> dict[str, str] | None:
        """The unsur's NRR, konversi and mutu in the period, from the scoring engine."""
        if not unsur_key:
            return None
        try:
            result = self.tabulation.summary(period_id).score
        except NoAnswersError:
            return None
        found = next((u for u in result.unsur if u.key == unsur_key), None) if result else None
        if found is None or found.nrr is None:
            return None
        return rules.unsur_figures(found, get_period_row(period_id).name)

    def comparison(self, ptpp: PtppRecord) -> rules.Comparison | None:
        """The unsur's NRR in the next period beside the one that raised the PTPP."""
        before = self.content(ptpp).get("unsur")
        if not ptpp.unsur_key or not isinstance(before, dict) or ptpp.period_id is None:
            return None
        following = store.next_period(ptpp.period_id)
        if following is None:
            return None
        try:
            result = self.tabulation.summary(following.id).score
        except NoAnswersError:
            return None
        after = next((u for u in result.unsur if u.key == ptpp.unsur_key), None) if result else None
        return rules.compare(
            {str(k): str(v) for k, v in before.items()},
            after,
            following.name,
            following.collection_closed_at is None,
        )

    def document_data(self, kind: str, period_id: int) -> DocumentData:
        """The document engine's data: "ptpp" (every PTPP, one per page) or "register-ptpp"."""
        from ikm_tui.services import meeting_documents

        if kind == "register-ptpp":
            return meeting_documents.register_data(self, period_id)
        return meeting_documents.ptpp_data(self, period_id)

    # -- writing ---------------------------------------------------------------------------

    def _content(self, period_id: int | None, nomor: str, data: PtppInput) -> dict[str, object]:
        figures = self.unsur_figures(period_id, data.unsur_key) if period_id else None
        return {
            "nomor": nomor,
            "tanggal": _iso(self.clock().date()),
            "kepada": data.kepada,
            "dari": data.dari,
            "sumber": data.sumber,
            "sumber_teks": rules.SUMBER[data.sumber],
            "persyaratan": data.persyaratan,
            "kategori": data.kategori,
            "uraian": data.uraian,
            "unsur": figures,
            "keluhan": ", ".join(self.related_complaints(period_id, data)),
            "batas_waktu": _iso(data.batas_waktu),
            "analisis_penyebab": data.analisis_penyebab,
            "koreksi": data.koreksi,
            "tindakan_perbaikan": data.tindakan_perbaikan,
            "tindakan_pencegahan": data.tindakan_pencegahan,
            "pic": data.pic,
            "target_selesai": _iso(data.target_selesai),
            "dokumen_revisi": data.dokumen_revisi,
        }

    @staticmethod
    def _columns(data: PtppInput) -> dict[str, object]:
        return {
            "sumber": data.sumber,
            "unsur_key": data.unsur_key,
            "kategori": data.kategori,
            "uraian": data.uraian,
            "persyaratan": data.persyaratan,
            "pic": data.pic,
            "pic_user": data.pic_user_id,
            "batas_waktu": data.batas_waktu,
            "target_selesai": data.target_selesai,
            "complaint": data.complaint_id,
            "finding": data.finding_id,
        }

    def create(self, period_id: int, user: UserRecord, data: PtppInput) -> PtppRecord:
        """A new PTPP of the period (at step 8), numbered within the write transaction. The
        complaints it answers (the one it was raised from, or those of a meeting's complaint
        finding not linked yet) get its number in the same transaction (audited)."""
        data = check_input(data)
        today = self.clock().date()
        rules.check_dates(today, data.batas_waktu, data.target_selesai)
        self.workflow.require_action_step(period_id, "ptpp")
        with database_proxy.atomic():
            nomor = store.next_nomor(today.year)
            content = self._content(period_id, nomor, data)
            document = self.signoff.create(period_id, sop.PTPP, store.title(nomor), content, user)
            related = _complaint_rows(period_id, data)
            if data.complaint_id is None and len(related) == 1:
                data = replace(data, complaint_id=related[0].id)
            ptpp_id = store.insert(
                nomor=nomor,
                period=period_id,
                document=document.id,
                tanggal=today,
                **self._columns(data),
            )
            audit_log.append_by(
                self.clock(),
                users.acting(user),
                "ptpp_buat",
                "ptpp",
                ptpp_id,
                {"nomor": nomor, "dokumen": document.id, "keluhan": [r.nomor for r in related]},
            )
            for row in related:
                if row.id == data.complaint_id or converters.fk_id(row, "ptpp") is None:
                    self.complaints.link_ptpp(row.id, document.id, user)
        return store.get(ptpp_id)

    def update(
        self, ptpp_id: int, user: UserRecord, data: PtppInput, base_hash: str | None = None
    ) -> PtppRecord:
        """Change parts 1-2 (signatures are voided; a returned PTPP becomes a new version). A
        follow-up PTPP without its document yet gets one here."""
        data = check_input(data)
        current = store.get(ptpp_id)
        rules.check_dates(current.tanggal, data.batas_waktu, data.target_selesai)
        with database_proxy.atomic():
            if current.document is None:
                document = self._first_document(current, data, user)
                store.update(ptpp_id, document=document.id, **self._columns(data))
            else:
                figures = current.document.content.get("unsur")
                content = self._content(current.period_id, current.nomor, data)
                content["tanggal"] = _iso(current.tanggal)
                if figures and data.unsur_key == current.unsur_key:
                    content["unsur"] = figures  # the figures that raised it stay as signed
                content["asal"] = current.document.content.get("asal", "")
                self.signoff.update_content(current.document.id, content, user, base_hash)
                store.update(ptpp_id, **self._columns(data))
        return store.get(ptpp_id)

    def _first_document(
        self, current: PtppRecord, data: PtppInput, user: UserRecord
    ) -> DocumentRecord:
        """The document of a follow-up PTPP: of its period while that period is at the PTPP
        step, else of no period (signed whenever it is ready)."""
        period_id = current.period_id
        if period_id is not None and self.workflow.can(user, "ptpp", period_id) is not True:
            period_id = None
        content = self._content(current.period_id, current.nomor, data)
        content["tanggal"] = _iso(current.tanggal)
        content["asal"] = current.asal_nomor
        return self.signoff.create(period_id, sop.PTPP, store.title(current.nomor), content, user)

    def verify(
        self,
        ptpp_id: int,
        user: UserRecord,
        hasil: str,
        catatan: str,
        verification_period_id: int | None = None,
    ) -> PtppRecord:
        """Part 3: efektif (closed) or tidak efektif (closed, with a follow-up PTPP spawned)."""
        if hasil not in rules.HASIL_VERIFIKASI:
            raise ValidationError("Pilih hasil verifikasi: efektif atau tidak efektif.")
        catatan = catatan.strip()
        if not catatan:
            raise ValidationError("Catatan verifikasi wajib diisi: apa yang diperiksa.")
        self._verify_check(ptpp_id, users.acting(user))
        today = self.clock().date()
        with database_proxy.atomic():
            actor = users.acting(user)
            current = self._verify_check(ptpp_id, actor)
            comparison = self.comparison(current)
            following = store.next_period(current.period_id) if current.period_id else None
            period_for = verification_period_id or (following.id if following else None)
            columns: dict[str, object] = {
                "verifikasi_hasil": hasil,
                "verifikasi_catatan": catatan,
                "tanggal_verifikasi": today,
                "verifikasi_oleh": actor.id,
                "verifikasi_periode": period_for if comparison or verification_period_id else None,
                "verifikasi_nrr": comparison.after_nrr if comparison else "",
                "status": rules.TERTUTUP,
            }
            if hasil == rules.TIDAK_EFEKTIF:
                columns["lanjutan"] = self._spawn(current, period_for, catatan, today)
            store.update(ptpp_id, **columns)
            audit_log.append_by(
                self.clock(),
                actor,
                "ptpp_verifikasi",
                "ptpp",
                ptpp_id,
                {"nomor": current.nomor, "hasil": hasil, "nrr": columns["verifikasi_nrr"]},
            )
        return store.get(ptpp_id)

    def _verify_check(self, ptpp_id: int, user: UserRecord) -> PtppRecord:
        current = store.get(ptpp_id)
        if user.disabled or not any(user.has_role(role) for role in VERIFY_ROLES):
            raise PermissionDenied(
                "Hanya Staf, Sekretaris Camat atau Camat yang dapat memverifikasi PTPP."
            )
        if current.verified:
            raise WorkflowError(f"PTPP {current.nomor} sudah diverifikasi.")
        if not current.approved:
            raise WorkflowError(
                f"PTPP {current.nomor} belum ditetapkan (disetujui) Camat; belum dapat "
                "diverifikasi."
            )
        return current

    def _spawn(
        self, origin: PtppRecord, period_id: int | None, catatan: str, today: dt.date
    ) -> int:
        """The follow-up of an ineffective PTPP: part 1 prefilled, parts 2 for the Staf."""
        nomor = store.next_nomor(today.year)
        uraian = f"Tindak lanjut PTPP {origin.nomor} yang tidak efektif: {catatan}"
        return store.insert(
            nomor=nomor,
            period=period_id or origin.period_id,
            tanggal=today,
            sumber=origin.sumber,
            unsur_key=origin.unsur_key,
            kategori=origin.kategori,
            uraian=uraian,
            persyaratan=origin.persyaratan,
            pic=origin.pic,
            pic_user=origin.pic_user_id,
            batas_waktu=today + dt.timedelta(days=7),
        )
