"""Provides `acting`: the user who acts, as the database has them now.

Services never trust the roles or the disabled flag of a `UserRecord` a caller hands them (a
record loaded at login may be stale, or forged): write use cases call `acting(user)` inside
their transaction and check roles and `disabled` on what it returns.
"""

from __future__ import annotations

from ikm_tui.errors import PermissionDenied
from ikm_tui.persistence import converters
from ikm_tui.persistence.models import UserRow
from ikm_tui.persistence.records import UserRecord

UNKNOWN_ACCOUNT = "Akun ini tidak ditemukan. Masuk ulang, atau hubungi Admin."


def acting(user: UserRecord | int) -> UserRecord:
    """The acting user re-read by id (PermissionDenied when the account no longer exists;
    the command line always acts as an account it logged in with `--as`)."""
    user_id = user if isinstance(user, int) else user.id
    row = UserRow.get_or_none(UserRow.id == user_id)
    if row is None:
        raise PermissionDenied(UNKNOWN_ACCOUNT)
    return converters.user(row)


def find(user_id: int) -> UserRecord | None:
    """The user with this id as stored now, or None."""
    row = UserRow.get_or_none(UserRow.id == user_id)
    return converters.user(row) if row is not None else None


def active() -> list[UserRecord]:
    """Every user not disabled, in the order they were added."""
    query = UserRow.select().where(UserRow.disabled == False).order_by(UserRow.id)  # noqa: E712
    return [converters.user(row) for row in query]
