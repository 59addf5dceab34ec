"""Provides UserService: accounts, roles, NIP and passwords, managed by the Admin."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from peewee import IntegrityError

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain.nip import nip_problem, normalise_nip
from ikm_tui.domain.passwords import hash_with_material, password_problem
from ikm_tui.domain.sop import ADMIN, ROLE_NAMES, ROLES
from ikm_tui.errors import NotFound, PermissionDenied, ValidationError
from ikm_tui.persistence import audit_log, converters
from ikm_tui.persistence.models import UserRow, database_proxy
from ikm_tui.persistence.records import UserRecord
from ikm_tui.persistence.users import acting

if TYPE_CHECKING:
    from ikm_tui.services.keys import KeyService

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def normalise_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """Roles in the SOP's order; ValidationError for an unknown or empty set."""
    wanted = {r.strip().lower() for r in roles if r.strip()}
    unknown = wanted - set(ROLES)
    if unknown:
        raise ValidationError(
            f"Peran tidak dikenal: {', '.join(sorted(unknown))}. Pilih dari: {', '.join(ROLES)}."
        )
    if not wanted:
        raise ValidationError("Pilih sedikitnya satu peran.")
    return tuple(r for r in ROLES if r in wanted)


def check_identity(full_name: str, nip: str, roles: tuple[str, ...]) -> None:
    """Name required; NIP valid, or empty only for an Admin-only account."""
    if not full_name.strip():
        raise ValidationError("Nama lengkap wajib diisi.")
    if not nip:
        if roles != (ADMIN,):
            raise ValidationError("NIP wajib diisi untuk Staf, Sekretaris Camat dan Camat.")
        return
    problem = nip_problem(nip)
    if problem:
        raise ValidationError(problem)


def fingerprint(secret_hash: str) -> str:
    """A short digest of a stored password hash (or key) for the audit log: `verify` then
    catches a hash written into the database behind the application's back."""
    return hashlib.sha256(secret_hash.encode("utf-8")).hexdigest()[:16]


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise ValidationError(problem)


def check_new_user(
    username: str, full_name: str, nip: str, roles: Iterable[str], password: str
) -> tuple[str, str, tuple[str, ...]]:
    """ValidationError for an account `UserService.add` would refuse (before anything is
    stored: `init` checks its Admin before it creates the database); else the user name, NIP
    and roles as stored."""
    username = username.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise ValidationError(
            "Nama pengguna 2-64 karakter: huruf kecil, angka, titik, "
            "garis bawah atau tanda hubung, tanpa spasi."
        )
    role_tuple = normalise_roles(roles)
    nip = normalise_nip(nip)
    check_identity(full_name, nip, role_tuple)
    _check_password(password)
    return username, nip, role_tuple


class UserService:
    """Accounts: add, list, update, disable/enable, set password.

    `actor` is the logged-in Admin; None means the administrator's command line (`ikm-tui user
    ...`), which already holds the database file, and is audited as "sistem".
    """

    def __init__(self, clock: Clock = system_clock, *, keys: KeyService | None = None) -> None:
        self.clock = clock
        self.keys = keys  # a new signing key with every password set

    def add(
        self,
        username: str,
        full_name: str,
        nip: str,
        jabatan: str,
        pangkat: str,
        roles: Iterable[str],
        password: str,
        actor: UserRecord | None,
    ) -> UserRecord:
        """Create an account (roles from domain.sop.ROLES; NIP checked; password >= 8)."""
        _require_admin(actor)
        username, nip, role_tuple = check_new_user(username, full_name, nip, roles, password)
        now = self.clock()
        password_hash, material = hash_with_material(password)
        with database_proxy.atomic():
            try:
                row = UserRow.create(
                    username=username,
                    full_name=full_name.strip(),
                    nip=nip,
                    jabatan=jabatan.strip(),
                    pangkat=pangkat.strip(),
                    roles=",".join(role_tuple),
                    password_hash=password_hash,
                    created_at=now,
                )
            except IntegrityError:
                raise ValidationError(f"Nama pengguna {username} sudah dipakai.") from None
            if self.keys is not None:
                self.keys.password_set(row.id, material)
            audit_log.append_by(
                now,
                actor,
                "pengguna_tambah",
                "user",
                row.id,
                {
                    "username": username,
                    "nama": row.full_name,
                    "peran": list(role_tuple),
                    "sandi": fingerprint(row.password_hash),
                },
            )
        return converters.user(row)

    def list(self) -> list[UserRecord]:
        return [converters.user(row) for row in UserRow.select().order_by(UserRow.username)]

    def count(self) -> int:
        return UserRow.select().count()

    def get(self, username: str) -> UserRecord:
        return converters.user(_row(username))

    def get_by_id(self, user_id: int) -> UserRecord:
        row = UserRow.get_or_none(UserRow.id == user_id)
        if row is None:
            raise NotFound(f"Pengguna nomor {user_id} tidak ditemukan.")
        return converters.user(row)

    def disable(self, username: str, actor: UserRecord | None) -> UserRecord:
        """Refuse further logins; the last active Admin cannot be disabled."""
        _require_admin(actor)
        row = _row(username)
        if ADMIN in row.roles.split(",") and _active_admins() <= 1 and not row.disabled:
            raise ValidationError("Admin aktif terakhir tidak dapat dinonaktifkan.")
        return self._set_disabled(row, True, actor)

    def enable(self, username: str, actor: UserRecord | None) -> UserRecord:
        _require_admin(actor)
        return self._set_disabled(_row(username), False, actor)

    def _set_disabled(self, row: UserRow, disabled: bool, actor: UserRecord | None) -> UserRecord:
        now = self.clock()
        with database_proxy.atomic():
            row.disabled = disabled
            if not disabled:
                row.failed_attempts, row.locked_until = 0, None
            row.save()
            audit_log.append_by(
                now,
                actor,
                "pengguna_nonaktif" if disabled else "pengguna_aktif",
                "user",
                row.id,
                {"username": row.username},
            )
        return converters.user(row)

    def set_password(
        self, username: str, new_password: str, actor: UserRecord | None, context: str = ""
    ) -> None:
        """Admin sets anyone's password, a user their own; clears a lockout."""
        row = _row(username)
        if actor is not None and actor.id != row.id:
            _require_admin(actor)
        _check_password(new_password)
        now = self.clock()
        password_hash, material = hash_with_material(new_password)
        with database_proxy.atomic():
            row.password_hash = password_hash
            row.failed_attempts, row.locked_until = 0, None
            row.save()
            if self.keys is not None:
                self.keys.password_set(row.id, material)
            detail: dict[str, object] = {
                "username": row.username,
                "sandi": fingerprint(row.password_hash),
            }
            if context:
                detail["konteks"] = context
            audit_log.append_by(now, actor, "sandi_ubah", "user", row.id, detail)

    def update(
        self,
        username: str,
        actor: UserRecord | None,
        *,
        full_name: str | None = None,
        nip: str | None = None,
        jabatan: str | None = None,
        pangkat: str | None = None,
        roles: Iterable[str] | None = None,
    ) -> UserRecord:
        """Change identity fields or roles (None = unchanged)."""
        _require_admin(actor)
        row = _row(username)
        role_tuple = normalise_roles(roles) if roles is not None else tuple(row.roles.split(","))
        new = {
            "full_name": row.full_name if full_name is None else full_name.strip(),
            "nip": row.nip if nip is None else normalise_nip(nip),
            "jabatan": row.jabatan if jabatan is None else jabatan.strip(),
            "pangkat": row.pangkat if pangkat is None else pangkat.strip(),
            "roles": ",".join(role_tuple),
        }
        check_identity(new["full_name"], new["nip"], role_tuple)
        if (
            ADMIN in row.roles.split(",")
            and ADMIN not in role_tuple
            and not row.disabled
            and _active_admins() <= 1
        ):
            raise ValidationError("Peran Admin tidak dapat dicabut dari Admin aktif terakhir.")
        changed = {k: v for k, v in new.items() if getattr(row, k) != v}
        now = self.clock()
        with database_proxy.atomic():
            for key, value in changed.items():
                setattr(row, key, value)
            row.save()
            if "roles" in changed and self.keys is not None:
                self.keys.roles_changed(row.id)
            audit_log.append_by(
                now,
                actor,
                "pengguna_ubah",
                "user",
                row.id,
                {"username": row.username, "perubahan": changed},
            )
        return converters.user(row)


def _row(username: str) -> UserRow:
    row = UserRow.get_or_none(UserRow.username == username.strip().lower())
    if row is None:
        raise NotFound(f"Pengguna {username} tidak ditemukan.")
    return row


def _require_admin(actor: UserRecord | None) -> None:
    require_admin(actor, "mengelola pengguna")


def require_admin(actor: UserRecord | None, task: str) -> None:
    """PermissionDenied unless `actor` is an active Admin (None = the administrator's CLI)."""
    if actor is not None:
        actor = acting(actor)  # roles and disabled as stored, not as the caller's record says
    if actor is not None and (not actor.has_role(ADMIN) or actor.disabled):
        raise PermissionDenied(f"Hanya {ROLE_NAMES[ADMIN]} yang dapat {task}.")


def _active_admins() -> int:
    return (
        UserRow.select()
        .where(UserRow.roles.contains(ADMIN) & (UserRow.disabled == False))  # noqa: E712
        .count()
    )
