"""Provides the demo database: the SOP's office, its people, two survey periods and complaints.

`build_demo` walks the SOP through the real services (periods, sign-offs, workflow, meetings,
archive) with a clock that moves along a fixed 2026 timeline, so the demo obeys the same
rules as real use. `ensure_demo` builds into a temporary file and renames it into place, so
a killed build never leaves half a database.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import scoring, sop
from ikm_tui.domain.complaints import ComplaintInput
from ikm_tui.domain.formatting import angka
from ikm_tui.domain.regimes import get_regime
from ikm_tui.errors import StorageError
from ikm_tui.persistence import audit_log, db, respondents, tallies
from ikm_tui.persistence.models import (
    MetaRow,
    OfficeRow,
    database_proxy,
)
from ikm_tui.persistence.records import PersonRecord, UserRecord
from ikm_tui.services import demo_data
from ikm_tui.services.meeting import MeetingInput
from ikm_tui.services.registry import Services

DEMO_KEY = "demo"
ARCHIVE_PLACE = "Lemari arsip Sekretariat, map IKM 2026"


class DemoClock:
    """A clock the build moves along the demo timeline."""

    def __init__(self, moment: dt.datetime) -> None:
        self.now = moment

    def __call__(self) -> dt.datetime:
        return self.now

    def at(self, text: str) -> dt.datetime:
        self.now = dt.datetime.fromisoformat(text)
        return self.now


class _Builder:
    """One demo build: services on the moving clock, the people and their passwords."""

    def __init__(self) -> None:
        self.clock = DemoClock(dt.datetime(2026, 1, 2, 8, 0))
        self.services = Services(self.clock)
        self.people: dict[str, UserRecord] = {}
        self.passwords: dict[str, str] = {}
        self.service_ids: dict[str, int] = {}

    # -- office, people, jenis layanan ------------------------------------------------------

    def office(self) -> None:
        data = demo_data.load("office.json")
        with database_proxy.atomic():
            row = OfficeRow.create(**data)
            audit_log.append(
                self.clock(),
                None,
                "sistem",
                "kantor_atur",
                "office",
                row.get_id(),
                {"nama_unit": row.nama_unit},
            )

    def users(self) -> None:
        admin: UserRecord | None = None
        for item in demo_data.load("users.json"):
            record = self.services.users.add(
                item["username"],
                item["full_name"],
                item["nip"],
                item["jabatan"],
                item["pangkat"],
                item["roles"],
                item["password"],
                admin,
            )
            admin = admin or record
            self.people[item["username"]] = record
            self.passwords[item["username"]] = item["password"]
        assert admin is not None
        with database_proxy.atomic():  # the office key, certifying every demo user's key
            self.services.keys.create_office(admin.id, secrets.token_hex(10))

    def service_types(self) -> list[dict[str, Any]]:
        items = demo_data.load("layanan.json")
        for item in items:
            record = self.services.periods.add_service_type(
                item["kode"], item["nama"], self.people["admin"]
            )
            self.service_ids[item["kode"]] = record.id
        return items

    # -- signing ----------------------------------------------------------------------------

    def sign_through(
        self, document_id: int, start: dt.datetime, check: dt.timedelta, approve: dt.timedelta
    ) -> None:
        """Staf submits at `start`; the Sekcam checks `check` later, the Camat `approve` after."""
        signoff = self.services.signoff
        self.clock.now = start
        signoff.submit(document_id, self.people["sri"], self.passwords["sri"])
        self.clock.now += check
        signoff.approve(document_id, self.people["sekcam"], self.passwords["sekcam"])
        self.clock.now += approve
        signoff.approve(document_id, self.people["camat"], self.passwords["camat"])

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        self.clock.now = dt.datetime.combine(day, dt.time(hour, minute))
        return self.clock.now

    # -- a period ---------------------------------------------------------------------------

    def period(
        self, spec: dict[str, Any], index: int, services: list[dict[str, Any]], saran: list[str]
    ) -> int:
        start = dt.date.fromisoformat(spec["start"])
        self.clock.now = dt.datetime.combine(start, dt.time(8, 30))
        period = self.services.periods.create(
            spec["name"],
            self.people["sri"],
            spec["regime"],
            start,
            dt.date.fromisoformat(spec["end"]),
            [self.service_ids[s["kode"]] for s in services],
        )
        for item in services:
            self.services.customers.set_population(
                period.id,
                self.service_ids[item["kode"]],
                item["populasi"][index],
                self.people["sri"],
            )
        draft = self.services.questionnaire.current(period.id)
        self.sign_through(
            draft.id,
            self.at(start, 10),
            dt.timedelta(hours=23, minutes=10),
            dt.timedelta(minutes=20),
        )
        approved = self.services.questionnaire.approved(period.id)
        assert approved is not None
        self.respondents(period.id, spec, services, saran, approved.id)
        if spec["complete"]:
            self.finish(period.id, spec)
        return period.id

    def respondents(
        self,
        period_id: int,
        spec: dict[str, Any],
        services: list[dict[str, Any]],
        saran: list[str],
        questionnaire_id: int,
    ) -> None:
        keys = [u.key for u in get_regime(spec["regime"]).unsur]
        mix = demo_data.ServiceMix(
            tuple(self.service_ids[s["kode"]] for s in services),
            tuple(s["populasi"][0] for s in services),
        )
        by_day: dict[dt.date, list[respondents.FormData]] = defaultdict(list)
        for form in demo_data.generate_forms(spec, keys, mix, saran):
            assert form.tanggal_survei is not None
            by_day[form.tanggal_survei].append(form)
        for number, (day, forms) in enumerate(sorted(by_day.items())):
            clerk = self.people["sri" if number % 2 == 0 else "agus"]
            self.clock.now = dt.datetime.combine(day, dt.time(15, 30))
            with database_proxy.atomic():
                first = respondents.next_nomor(period_id)
                saved = respondents.bulk_insert(
                    period_id, forms, self.clock(), clerk.id, questionnaire_id
                )
                audit_log.append_by(
                    self.clock(),
                    clerk,
                    "responden_entri",
                    "period",
                    period_id,
                    {
                        "jumlah": saved,
                        "tanggal": day,
                        "sumber": "demo",
                        respondents.FORM_DIGEST: respondents.form_hashes(first, forms),
                    },
                )

    def finish(self, period_id: int, spec: dict[str, Any]) -> None:
        """Steps 4-10 of a completed period, each within the SOP's time standard."""
        end = dt.date.fromisoformat(spec["end"])
        staf = self.people["sri"]
        self.at(end, 16)
        self.services.workflow.close_collection(period_id, staf)
        result = self.score(period_id, spec["regime"])
        self.at(end + dt.timedelta(days=11), 9)
        report = self.services.report.save(period_id, staf)
        self.sign_through(
            report.id,
            self.at(end + dt.timedelta(days=11), 10),
            dt.timedelta(hours=23),
            dt.timedelta(hours=4, minutes=30),
        )
        self.meeting(period_id, spec, result, self.clock.now.date() + dt.timedelta(days=1))
        self.ptpps(period_id)
        self.clock.now += dt.timedelta(minutes=5)
        minutes = self.services.minutes.create(period_id, staf)
        self.sign_through(
            minutes.id,
            self.clock.now + dt.timedelta(minutes=5),
            dt.timedelta(minutes=15),
            dt.timedelta(minutes=15),
        )
        self.archive(period_id)

    def score(self, period_id: int, regime_id: str) -> scoring.ScoreResult:
        flt = tallies.TallyFilter(period_id)
        return scoring.score(
            get_regime(regime_id), tallies.answer_tallies(flt), tallies.count_respondents(flt)
        )

    def meeting(
        self, period_id: int, spec: dict[str, Any], result: scoring.ScoreResult, day: dt.date
    ) -> None:
        self.at(day, 11, 15)
        people = self.people
        offered = self.services.meeting.suggested_findings(period_id)
        # The meeting keeps the two weakest unsur for a PTPP each (`ptpps`) and drops the rest.
        weakest = [f.ref for f in offered if f.kind == "unsur"][:2]
        offered = [
            replace(f, accepted=f.accepted and (f.kind != "unsur" or f.ref in weakest))
            for f in offered
        ]
        self.services.meeting.save(
            period_id,
            people["sri"],
            MeetingInput(
                acara="Pembahasan Hasil Pengukuran Kepuasan Pelanggan "
                f"{spec['name']} (IKM {angka(result.ikm)})",
                tanggal=day,
                waktu_mulai="09.00",
                waktu_selesai="11.00",
                tempat="Ruang Rapat Kecamatan Bandungan",
                undangan_nomor=f"000.8.3.4/{day.month:02d}1/VI.01/{day.year}",
                undangan_tanggal=day - dt.timedelta(days=5),
                ketua_id=people["camat"].id,
                sekretaris_id=people["sekcam"].id,
                pencatat_id=people["sri"].id,
                agenda=(
                    "Paparan hasil pengukuran kepuasan pelanggan",
                    "Pembahasan unsur pelayanan dengan nilai terendah dan keluhan pelanggan",
                    "Penetapan tindakan perbaikan dan pencegahan",
                ),
                attendee_user_ids=tuple(people[u].id for u in ("camat", "sekcam", "sri", "agus")),
                guests=(
                    PersonRecord(
                        "BAMBANG SUTRISNO, S.H.", "Kepala Seksi Pemerintahan", "197812102006041011"
                    ),
                    PersonRecord(
                        "RINI ASTUTI, S.Sos.", "Kepala Seksi Pelayanan Umum", "198105152009022003"
                    ),
                ),
                findings=tuple(offered),
            ),
        )
        self.clock.now += dt.timedelta(minutes=5)
        self.services.workflow.advance(period_id, sop.action_step("rapat"), people["camat"])

    def ptpps(self, period_id: int) -> None:
        """Two PTPPs from the meeting's two weakest unsur, set by the Camat: the approval of the
        second (the last of the period) finishes the step."""
        meeting = self.services.meeting.latest(period_id)
        assert meeting is not None
        plans = demo_data.load("ptpp.json")
        unsur_findings = [
            f for f in meeting.findings if f.kind == "unsur" and f.accepted and f.ref in plans
        ][:2]
        self.clock.now = self.clock.now.replace(hour=13, minute=0)
        for finding in unsur_findings:
            plan = dict(plans[finding.ref])
            draft = self.services.ptpp.from_finding(period_id, finding.id)
            pic = self.people[plan.pop("pic_user")]
            target_days = int(plan.pop("target_hari"))
            draft = replace(
                draft,
                **plan,
                pic=pic.jabatan,
                pic_user_id=pic.id,
                kepada=pic.jabatan,
                dari=self.people["sri"].jabatan,
                target_selesai=self.clock.now.date() + dt.timedelta(days=target_days),
            )
            created = self.services.ptpp.create(period_id, self.people["sri"], draft)
            assert created.document is not None
            self.sign_through(
                created.document.id,
                self.clock.now + dt.timedelta(minutes=10),
                dt.timedelta(minutes=50),
                dt.timedelta(minutes=20),
            )

    def verify_first_ptpp(self) -> None:
        """The closed loop: Periode I's first PTPP checked against Periode II's data."""
        first = self.services.ptpp.by_nomor("001/PTPP/2026")
        comparison = self.services.ptpp.comparison(first)
        assert comparison is not None
        self.at(dt.date(2026, 11, 25), 10)
        self.services.ptpp.verify(
            first.id,
            self.people["sekcam"],
            comparison.suggestion,
            f"Dibandingkan dengan data {comparison.after_period}: NRR unsur naik dari "
            f"{comparison.before_nrr} menjadi {comparison.after_nrr} (mutu "
            f"{comparison.before_mutu} menjadi {comparison.after_mutu}). Nomor antrean dan "
            "loket tambahan berjalan.",
        )

    def archive(self, period_id: int) -> None:
        """Step 10: every approved document and the daftar hadir, on one shelf and box."""
        self.clock.now += dt.timedelta(minutes=5)
        year = self.clock.now.year
        drafts = [
            draft.edited(lokasi_simpan=ARCHIVE_PLACE, rak="2", boks=f"IKM-{year}-{period_id}")
            for draft in self.services.archive.plan(period_id)
        ]
        self.services.archive.archive_period(period_id, drafts, self.people["sri"], finish=False)
        self.clock.now += dt.timedelta(minutes=2)
        self.services.workflow.advance(period_id, sop.action_step("arsip"), self.people["sri"])

    # -- complaints -------------------------------------------------------------------------

    def complaints(self) -> None:
        """The register's complaints, recorded, disposed and closed through the service."""
        service = self.services.complaints
        for item in demo_data.load("complaints.json"):
            received = self.clock.at(item["received_at"])
            record = service.record(
                ComplaintInput(
                    received_at=received,
                    saluran=item["saluran"],
                    uraian=item["uraian"],
                    lapor_ticket=item.get("lapor_ticket", ""),
                    pelapor_nama=item.get("pelapor_nama", ""),
                    pelapor_hp=item.get("pelapor_hp", ""),
                    service_type_id=self.service_ids.get(item.get("service", "")),
                    harapan=item.get("harapan", ""),
                    klasifikasi=item.get("klasifikasi", ""),
                    unsur_key=item.get("unsur_key", ""),
                    tindakan_segera=item.get("tindakan_segera", ""),
                ),
                self.people["sri"],
            )
            disposition = item.get("disposisi")
            if disposition:
                self.clock.at(disposition["at"])
                service.dispose(
                    record.id,
                    self.people[disposition["to"]].id,
                    self.people[disposition["by"]],
                    disposition["catatan"],
                )
            done = item.get("selesai")
            if done:
                self.clock.at(done["at"])
                service.close(
                    record.id,
                    self.people[done["by"]],
                    konfirmasi=done["konfirmasi"],
                    tanggapan=item["tanggapan"],
                    tindak_lanjut=item.get("tindak_lanjut", ""),
                )


def build_demo(path: Path, clock: Clock = system_clock) -> None:
    """Create the demo database at `path` (which must not exist yet) and close it."""
    db.connect(str(path))
    try:
        builder = _Builder()
        builder.office()
        builder.users()
        services = builder.service_types()
        builder.complaints()  # before the periods: the report counts them by unsur
        saran = demo_data.load("saran.json")
        for index, spec in enumerate(demo_data.load("periods.json")):
            builder.period(spec, index, services, saran)
        builder.verify_first_ptpp()
        MetaRow.create(key=DEMO_KEY, value=clock().isoformat(timespec="seconds"))
    finally:
        db.close()


def is_demo_db(path: Path) -> bool:
    """Whether `path` is a database this module built (it may be overwritten)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = ?", (DEMO_KEY,)).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def ensure_demo(path: Path, reset: bool = False, clock: Clock = system_clock) -> Path:
    """The demo database at `path`, built if missing (or when `reset`); never a real one."""
    path = Path(path).expanduser()
    if path.exists() and not reset:
        return path
    if path.exists() and not is_demo_db(path):
        raise StorageError(
            f"{path} sudah berisi basis data yang bukan demo; tidak ditimpa. "
            "Pilih berkas lain untuk demo."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    _remove(temporary)
    try:
        build_demo(temporary, clock)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, path)
    finally:
        _remove(temporary)
    return path
