"""Provides `acting`: the user who acts, as the database has them now.

Services never trust the roles or the disabled flag of a `UserRecord` a caller hands them (a
record loaded at login may be stale, or forged): write use cases call `acting(user)` inside
their transaction and check roles and `disabled` on what it returns.
"""

from __future__ import annotations

import dataclasses

from ikm_tui.domain.sop import STAF
from ikm_tui.errors import PermissionDenied
from ikm_tui.persistence import converters
from ikm_tui.persistence.models import UserRow
from ikm_tui.persistence.records import UserRecord

UNKNOWN_ACCOUNT = "Akun ini tidak ditemukan. Masuk ulang, atau hubungi Admin."
# A command run without --as acts as "cli:<os user>", stored as no user (see cli.data), and
# may only do what a Staf does, whatever roles the record it passes claims.
HEADLESS_ID = 0
HEADLESS_ROLES = frozenset({STAF})


def acting(user: UserRecord | int) -> UserRecord:
    """The acting user re-read by id (PermissionDenied when the account no longer exists);
    the command line's headless user (id 0) keeps its name and gets the Staf role only."""
    user_id = user if isinstance(user, int) else user.id
    if user_id == HEADLESS_ID and not isinstance(user, int):
        return dataclasses.replace(user, roles=HEADLESS_ROLES, disabled=False)
    row = UserRow.get_or_none(UserRow.id == user_id)
    if row is None:
        raise PermissionDenied(UNKNOWN_ACCOUNT)
    return converters.user(row)
