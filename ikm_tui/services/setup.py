"""Provides SetupService: creating a new office database (office identity and first Admin,
with a one-time recovery code) and recovering a lost Admin password with that code."""

from __future__ import annotations

import base64
import dataclasses
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain.passwords import hash_password, verify_password
from ikm_tui.domain.sop import ADMIN
from ikm_tui.errors import AuthError, WorkflowError
from ikm_tui.persistence import audit_log, converters
from ikm_tui.persistence.models import (
    AuditRow,
    MetaRow,
    OfficeRow,
    PeriodRow,
    UserRow,
    database_proxy,
)
from ikm_tui.persistence.records import OfficeRecord, UserRecord
from ikm_tui.services.users import UserService, fingerprint

if TYPE_CHECKING:
    from ikm_tui.services.keys import KeyService

RECOVERY_KEY = "recovery_code"  # MetaRow: scrypt hash of the current one-time recovery code
WRONG_CODE = "Kode pemulihan salah."


def new_recovery_code() -> str:
    """16 letters/digits of base32 (80 random bits) in groups of four: "ABCD-EFGH-IJKL-MNOP"."""
    text = base64.b32encode(secrets.token_bytes(10)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class Initialised:
    """The first Admin and the recovery code, shown once and stored only hashed."""

    admin: UserRecord
    recovery_code: str
    office_key: str = ""  # the root key's fingerprint
    site_config: Path | None = None  # where it was written (None: not writable by this user)


@dataclass(frozen=True)
class OfficeIdentity:
    """The kop printed on every document: each office's own (`ikm-tui init` asks for it)."""

    pemerintah: str
    nama_unit: str
    alamat: str
    kota: str
    telepon: str = ""
    faks: str = ""
    kode_pos: str = ""


def office_record(office: OfficeIdentity) -> OfficeRecord:
    """The kop `office` gives, cleaned and checked as OfficeService checks an edited one
    (ValidationError for a missing required field, a bad kode pos, ...)."""
    from ikm_tui.services.office import blank_office, check_office, clean_value

    given: dict[str, Any] = {name: clean_value(name, value) for name, value in vars(office).items()}
    record = dataclasses.replace(blank_office(), **given)
    check_office(record)
    return record


def database_initialised() -> bool:
    """True once the open database holds anything: a user, a period or an audit entry."""
    return UserRow.select().exists() or PeriodRow.select().exists() or AuditRow.select().exists()


class SetupService:
    """First-run set-up of an empty database."""

    def __init__(
        self, clock: Clock = system_clock, *, users: UserService, keys: KeyService
    ) -> None:
        self.clock = clock
        self.users = users
        self.keys = keys

    def is_initialised(self) -> bool:
        """True once the database holds anything: a user, a period or an audit entry."""
        return database_initialised()

    def require_empty(self) -> None:
        if self.is_initialised():
            raise WorkflowError(
                "Basis data ini sudah berisi data; `ikm-tui init` hanya untuk basis data "
                "kosong. Tambah pengguna dengan `ikm-tui user add --as ADMIN`; Admin yang lupa "
                "kata sandi memakai `ikm-tui user recover`."
            )

    def initialise(
        self, office: OfficeIdentity, username: str, full_name: str, password: str, nip: str = ""
    ) -> Initialised:
        """Write the office identity, the first Admin and the recovery code's hash; refused
        unless the database is empty."""
        kop = office_record(office)  # checked as `kantor set` checks a kop
        with database_proxy.atomic():
            self.require_empty()
            OfficeRow.delete().execute()
            OfficeRow.create(**dataclasses.asdict(kop))
            admin = self.users.add(
                username, full_name, nip, "Admin aplikasi", "", [ADMIN], password, None
            )
            code = new_recovery_code()
            code_hash = self._store_code(code)
            office_key = self.keys.create_office(admin.id, normalise_code(code))
            audit_log.append_by(
                self.clock(),
                admin,
                "basis_data_init",
                "office",
                1,
                {
                    "unit": kop.nama_unit,
                    "admin": admin.username,
                    "kode_pemulihan": fingerprint(code_hash),
                    "kunci_kantor": office_key,
                },
            )
        from ikm_tui.paths import add_office_key_fingerprint

        return Initialised(admin, code, office_key, add_office_key_fingerprint(office_key))

    def recover(self, username: str, code: str, new_password: str) -> Initialised:
        """A lost Admin password: with the recovery code, set a new one (unlocking the account)
        and replace the code by a new one-time code, returned once. AuthError when the code
        is wrong or the account is no Admin."""
        stored = MetaRow.get_or_none(MetaRow.key == RECOVERY_KEY)
        row = UserRow.get_or_none(UserRow.username == username.strip().lower())
        ok = stored is not None and verify_password(normalise_code(code), stored.value)
        if not ok or row is None or ADMIN not in row.roles.split(",") or row.disabled:
            with database_proxy.atomic():
                audit_log.append(
                    self.clock(),
                    row.id if row else None,
                    row.username if row else "",
                    "pemulihan_gagal",
                    "user",
                    row.id if row else "",
                    {"alasan": "kode salah" if not ok else "bukan Admin aktif"},
                )
            raise AuthError(WRONG_CODE if not ok else "Hanya Admin aktif yang dapat dipulihkan.")
        admin = converters.user(row)
        with database_proxy.atomic():
            self.users.set_password(admin.username, new_password, admin, context="pemulihan")
            new_code = new_recovery_code()
            code_hash = self._store_code(new_code)
            self.keys.recover_root(admin.id, normalise_code(code), normalise_code(new_code))
            audit_log.append_by(
                self.clock(),
                admin,
                "pemulihan_admin",
                "user",
                admin.id,
                {"username": admin.username, "kode_pemulihan": fingerprint(code_hash)},
            )
        return Initialised(admin, new_code, self.keys.root_fingerprint() or "")

    @staticmethod
    def _store_code(code: str) -> str:
        code_hash = hash_password(normalise_code(code))
        MetaRow.insert(key=RECOVERY_KEY, value=code_hash).on_conflict(
            conflict_target=[MetaRow.key], update={MetaRow.value: code_hash}
        ).execute()
        return code_hash
