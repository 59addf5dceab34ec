"""Provides SetupService: creating a new office database (office identity and first Admin)."""

from __future__ import annotations

from dataclasses import dataclass

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain.sop import ADMIN
from ikm_tui.errors import ValidationError, WorkflowError
from ikm_tui.persistence import audit_log
from ikm_tui.persistence.models import OfficeRow, UserRow, database_proxy
from ikm_tui.persistence.records import UserRecord
from ikm_tui.services.users import UserService


@dataclass(frozen=True)
class OfficeIdentity:
    """The kop printed on every document; defaults are the SOP's own office."""

    pemerintah: str = "PEMERINTAH KABUPATEN SEMARANG"
    nama_unit: str = "KECAMATAN BANDUNGAN"
    alamat: str = "Jl. P. Diponegoro Km 0,5"
    telepon: str = "(0298) 711585"
    faks: str = "(0298) 711877"
    kota: str = "Bandungan"
    kode_pos: str = "50665"


class SetupService:
    """First-run set-up of an empty database."""

    def __init__(self, clock: Clock = system_clock, *, users: UserService) -> None:
        self.clock = clock
        self.users = users

    def is_initialised(self) -> bool:
        return UserRow.select().exists()

    def require_empty(self) -> None:
        if self.is_initialised():
            raise WorkflowError(
                "Basis data ini sudah berisi pengguna; gunakan "
                "`ikm-tui user add` untuk menambah pengguna."
            )

    def initialise(
        self, office: OfficeIdentity, username: str, full_name: str, password: str, nip: str = ""
    ) -> UserRecord:
        """Write the office identity and the first Admin; refused once any user exists."""
        if not office.nama_unit.strip() or not office.kota.strip():
            raise ValidationError("Nama unit dan kota kantor wajib diisi.")
        with database_proxy.atomic():
            self.require_empty()
            OfficeRow.delete().execute()
            OfficeRow.create(
                pemerintah=office.pemerintah.strip(),
                nama_unit=office.nama_unit.strip(),
                alamat=office.alamat.strip(),
                telepon=office.telepon.strip(),
                faks=office.faks.strip(),
                kota=office.kota.strip(),
                kode_pos=office.kode_pos.strip(),
            )
            admin = self.users.add(
                username, full_name, nip, "Admin aplikasi", "", [ADMIN], password, None
            )
            audit_log.append_by(
                self.clock(),
                admin,
                "basis_data_init",
                "office",
                1,
                {"unit": office.nama_unit.strip(), "admin": admin.username},
            )
        return admin
