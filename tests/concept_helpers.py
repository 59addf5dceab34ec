"""Provides test helpers for the concept steps (1-3): office, the three signers and a period."""

from __future__ import annotations

from ikm_tui.clock import Clock
from ikm_tui.domain.regimes import PERMENPANRB_2017
from ikm_tui.persistence.models import OfficeRow
from ikm_tui.persistence.records import PeriodRecord, UserRecord

PASSWORD = "rahasia-kantor-1"
SIGNERS = {
    "staf": (
        "budi",
        "Budi Santoso, S.E.",
        "199001012015031001",
        "Pengelola Layanan",
        "Penata Muda (III/a)",
    ),
    "sekcam": (
        "dhani",
        "DHANI ARDIANTO, S. STP",
        "198404192003121002",
        "Sekretaris Camat",
        "Penata Tk. I (III/d)",
    ),
    "camat": (
        "eko",
        "EKO PURWANTO, S.Sos",
        "197006051990031013",
        "Camat Bandungan",
        "Pembina (IV/a)",
    ),
}
SERVICES = (("01", "KTP elektronik"), ("02", "Kartu Keluarga"), ("03", "Surat Pindah"))


def add_office() -> None:
    OfficeRow.create(
        pemerintah="Pemerintah Kabupaten Semarang",
        nama_unit="Kecamatan Bandungan",
        alamat="Jl. P. Diponegoro Km 0,5",
        telepon="(0298) 711585",
        faks="(0298) 711877",
        kota="Bandungan",
        kode_pos="50665",
    )


def add_signers(clock: Clock) -> dict[str, UserRecord]:
    """Staf, Sekretaris Camat and Camat accounts, keyed by role."""
    from ikm_tui.services.users import UserService

    users = UserService(clock)
    return {
        role: users.add(username, name, nip, jabatan, pangkat, [role], PASSWORD, None)
        for role, (username, name, nip, jabatan, pangkat) in SIGNERS.items()
    }


def add_period(
    clock: Clock,
    staf: UserRecord,
    regime_id: str = PERMENPANRB_2017,
    services: tuple[tuple[str, str], ...] = SERVICES,
) -> PeriodRecord:
    """The office's jenis layanan and a new period (step 1) with its draft questionnaire."""
    from ikm_tui.services.registry import Services

    periods = Services(clock).periods
    known = {s.kode for s in periods.service_types(active_only=False)}
    for kode, nama in services:
        if kode not in known:
            periods.add_service_type(kode, nama, staf)
    return periods.create("Semester II 2026", staf, regime_id=regime_id)
