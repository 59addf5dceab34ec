"""Provides AuthService: login and password re-entry, slowing down and locking on failures."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain.formatting import jam
from ikm_tui.domain.passwords import hash_password, material_if_valid, verify_password
from ikm_tui.errors import AuthError
from ikm_tui.persistence import audit_log, converters
from ikm_tui.persistence.models import UserRow, database_proxy
from ikm_tui.persistence.records import UserRecord

if TYPE_CHECKING:
    from ikm_tui.services.keys import KeyService

WRONG_LOGIN = "Nama pengguna atau kata sandi salah."
WRONG_PASSWORD = "Kata sandi salah."
DISABLED = "Akun ini dinonaktifkan. Hubungi Admin."
SLOW_AFTER = 3  # consecutive failures before each further attempt is slowed down
LOCK_AFTER = 5  # consecutive failures that lock the account
LOCK_MINUTES = 15
MAX_DELAY = 2.0  # seconds


def failure_delay(failed_attempts: int) -> float:
    """Seconds to wait before checking a password after `failed_attempts` failures in a row."""
    if failed_attempts < SLOW_AFTER:
        return 0.0
    return min(MAX_DELAY, 0.5 * 2 ** (failed_attempts - SLOW_AFTER))


def locked_message(until: dt.datetime) -> str:
    return f"Akun terkunci sampai {jam(until)} karena terlalu banyak percobaan gagal."


UNKNOWN_USER = "(tidak dikenal)"


class AuthService:
    """Checks passwords; every login attempt is audited."""

    _dummy_hash: str | None = None  # checked for unknown users so timing reveals nothing

    def __init__(
        self,
        clock: Clock = system_clock,
        sleep: Callable[[float], None] = time.sleep,
        *,
        keys: KeyService | None = None,
    ) -> None:
        self.clock = clock
        self.sleep = sleep
        self.keys = keys  # opens the user's signing key with the same scrypt run

    def login(self, username: str, password: str) -> UserRecord:
        """The user record on success; AuthError (same message for unknown user or password)."""
        name = username.strip().lower()
        row = UserRow.get_or_none(UserRow.username == name)
        if row is None:
            verify_password(password, self._dummy())
            # What was typed is not stored: it may be a password typed into the wrong field.
            self._audit(None, UNKNOWN_USER, "login_gagal", {"alasan": "pengguna tidak dikenal"})
            raise AuthError(WRONG_LOGIN)
        return self._attempt(row, password, "login", WRONG_LOGIN)

    def check_password(self, user_id: int, password: str) -> None:
        """Password re-entry at signing; failures count towards the lockout like logins."""
        row = UserRow.get_or_none(UserRow.id == user_id)
        if row is None:
            raise AuthError(WRONG_PASSWORD)
        self._attempt(row, password, "tanda_tangan", WRONG_PASSWORD)

    def _attempt(self, row: UserRow, password: str, context: str, wrong: str) -> UserRecord:
        now = self.clock()
        if row.disabled:
            self._audit(
                row.id,
                row.username,
                "login_gagal",
                {"alasan": "akun dinonaktifkan", "konteks": context},
            )
            raise AuthError(DISABLED)
        if row.locked_until is not None and now < row.locked_until:
            self._audit(
                row.id,
                row.username,
                "login_terkunci",
                {"sampai": row.locked_until, "konteks": context},
            )
            raise AuthError(locked_message(row.locked_until))
        delay = failure_delay(row.failed_attempts)
        if delay:
            self.sleep(delay)
        material = material_if_valid(password, row.password_hash)
        if material is not None:
            self._succeed(row, context)
            if self.keys is not None:
                with database_proxy.atomic():
                    self.keys.password_checked(row.id, material)
            return converters.user(row)
        self._fail(row, now, context)
        if row.locked_until is not None:
            raise AuthError(locked_message(row.locked_until))
        raise AuthError(wrong)

    def _succeed(self, row: UserRow, context: str) -> None:
        with database_proxy.atomic():
            UserRow.update(failed_attempts=0, locked_until=None).where(
                UserRow.id == row.id
            ).execute()
            if context == "login":
                self._audit(row.id, row.username, "login_berhasil", {})
        row.failed_attempts, row.locked_until = 0, None

    def _fail(self, row: UserRow, now: dt.datetime, context: str) -> None:
        with database_proxy.atomic():
            failures = (
                UserRow.select(UserRow.failed_attempts).where(UserRow.id == row.id).scalar() or 0
            ) + 1
            locked_until = (
                now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= LOCK_AFTER else None
            )
            UserRow.update(failed_attempts=failures, locked_until=locked_until).where(
                UserRow.id == row.id
            ).execute()
            detail: dict[str, object] = {
                "alasan": "kata sandi salah",
                "gagal_berturut": failures,
                "konteks": context,
            }
            if locked_until is not None:
                detail["terkunci_sampai"] = locked_until
            self._audit(row.id, row.username, "login_gagal", detail)
        row.failed_attempts, row.locked_until = failures, locked_until

    def _audit(
        self, user_id: int | None, username: str, action: str, detail: dict[str, object]
    ) -> None:
        with database_proxy.atomic():
            audit_log.append(
                self.clock(),
                user_id,
                username,
                action,
                "user",
                user_id if user_id is not None else "",
                detail,
            )

    @classmethod
    def _dummy(cls) -> str:
        if cls._dummy_hash is None:
            cls._dummy_hash = hash_password("tidak-ada-pengguna")
        return cls._dummy_hash
