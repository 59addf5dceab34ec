"""Provides the demo database: the SOP's office, its people, two survey periods and complaints.

`build_demo` walks the SOP through the real services (periods, sign-offs, workflow, meetings,
archive) with a clock that moves along a fixed 2026 timeline, so the demo obeys the same
rules as real use. `ensure_demo` builds into a temporary file and renames it into place, so
a killed build never leaves half a database.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import scoring, sop
from ikm_tui.domain.complaints import ComplaintInput
from ikm_tui.domain.formatting import angka, tanggal
from ikm_tui.domain.regimes import get_regime
from ikm_tui.errors import StorageError
from ikm_tui.persistence import audit_log, db, respondents, tallies
from ikm_tui.persistence.models import (
    MetaRow,
    OfficeRow,
    PtppRow,
    database_proxy,
)
from ikm_tui.persistence.records import UserRecord
from ikm_tui.services import demo_data
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
                saved = respondents.bulk_insert(
                    period_id, forms, self.clock(), clerk.id, questionnaire_id
                )
                audit_log.append_by(
                    self.clock(),
                    clerk,
                    "responden_entri",
                    "period",
                    period_id,
                    {"jumlah": saved, "tanggal": day, "sumber": "demo"},
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
        meeting = self.meeting(
            period_id, spec, result, self.clock.now.date() + dt.timedelta(days=1)
        )
        self.ptpp(period_id, spec, result)
        self.clock.now += dt.timedelta(minutes=5)
        minutes = self.services.signoff.create(
            period_id,
            sop.NOTULEN,
            f"Notulen Rapat Pembahasan Hasil IKM {spec['name']}",
            minutes_content(spec, result, meeting.tanggal),
            staf,
        )
        self.services.meeting.attach_minutes(meeting.id, minutes.id, staf)
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
    ) -> Any:
        self.at(day, 11, 15)
        people = self.people
        meeting = self.services.meeting.record(
            period_id,
            people["sri"],
            acara=f"Pembahasan hasil pengukuran kepuasan pelanggan "
            f"{spec['name']} (IKM {angka(result.ikm)})",
            tanggal=day,
            tempat="Ruang Rapat Kecamatan Bandungan",
            attendee_user_ids=[people[u].id for u in ("camat", "sekcam", "sri", "agus")],
            guests=[
                ("Kepala Seksi Pemerintahan", "Kasi Pemerintahan"),
                ("Kepala Seksi Pelayanan Umum", "Kasi Pelayanan Umum"),
            ],
        )
        self.clock.now += dt.timedelta(minutes=5)
        self.services.workflow.advance(period_id, sop.action_step("rapat"), people["camat"])
        return meeting

    def ptpp(self, period_id: int, spec: dict[str, Any], result: scoring.ScoreResult) -> None:
        weakest = result.weakest(1)[0]
        year = dt.date.fromisoformat(spec["start"]).year
        nomor = f"001/PTPP/{year}"
        self.clock.now = self.clock.now.replace(hour=13, minute=0)
        content = ptpp_content(nomor, weakest)
        document = self.services.signoff.create(
            period_id, sop.PTPP, f"PTPP {nomor}: {weakest.nama}", content, self.people["sri"]
        )
        self.sign_through(
            document.id,
            self.clock.now + dt.timedelta(minutes=10),
            dt.timedelta(minutes=50),
            dt.timedelta(minutes=20),
        )
        self.clock.now += dt.timedelta(minutes=3)
        with database_proxy.atomic():
            row = PtppRow.create(
                nomor=nomor,
                period=period_id,
                document=document.id,
                tanggal=self.clock.now.date(),
                sumber="survei",
                unsur_key=weakest.key,
                kategori="minor",
                uraian=str(content["uraian"]),
                pic="Sekretaris Camat",
                target_selesai=self.clock.now.date() + dt.timedelta(days=60),
            )
            audit_log.append_by(
                self.clock(),
                self.people["sri"],
                "ptpp_buat",
                "ptpp",
                row.id,
                {"nomor": nomor, "dokumen": document.id},
            )
        self.services.workflow.advance(period_id, sop.action_step("ptpp"), self.people["camat"])

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


def minutes_content(
    spec: dict[str, Any], result: scoring.ScoreResult, day: dt.date
) -> dict[str, object]:
    weakest = ", ".join(u.nama for u in result.weakest(2))
    return {
        "tanggal": tanggal(day),
        "acara": f"Pembahasan hasil IKM {spec['name']}",
        "pembahasan": [
            f"IKM {angka(result.ikm)} (mutu {result.mutu}, {result.kinerja}).",
            f"Unsur terendah: {weakest}.",
        ],
        "keputusan": [
            "Menetapkan PTPP untuk unsur terendah.",
            "Hasil survei diumumkan di papan informasi dan laman kecamatan.",
        ],
    }


def ptpp_content(nomor: str, weakest: scoring.UnsurScore) -> dict[str, object]:
    return {
        "nomor": nomor,
        "sumber": "Hasil survei kepuasan masyarakat",
        "unsur": weakest.nama,
        "nilai": angka(weakest.konversi),
        "uraian": f"Nilai unsur {weakest.nama} terendah ({angka(weakest.konversi)}).",
        "tindakan": "Menambah petugas loket pada jam sibuk dan memasang nomor antrean.",
        "penanggung_jawab": "Sekretaris Camat",
    }


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
