"""Tests AuthService (login, slowdown, lockout, disabled) and UserService (accounts, NIP)."""

from __future__ import annotations

import pytest

from ikm_tui.domain.nip import format_nip, nip_problem
from ikm_tui.errors import AuthError, NotFound, PermissionDenied, ValidationError
from ikm_tui.persistence.models import AuditRow, UserRow
from ikm_tui.persistence.records import UserRecord
from ikm_tui.services.auth import AuthService, failure_delay
from ikm_tui.services.registry import Services
from tests.services.conftest import PASSWORD, MovingClock, make_users


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def auth(moving: MovingClock, slept: list[float]) -> AuthService:
    return AuthService(moving, sleep=slept.append)


@pytest.fixture
def accounts(moving_services: Services) -> dict[str, UserRecord]:
    return make_users(moving_services)


def audit_actions() -> list[str]:
    return [
        row.action
        for row in AuditRow.select()
        .where(AuditRow.action.startswith("login"))
        .order_by(AuditRow.id)
    ]


def test_login_success_returns_the_record(
    auth: AuthService, accounts: dict[str, UserRecord]
) -> None:
    user = auth.login(" Sari ", PASSWORD)
    assert user == accounts["staf"] and user.roles == frozenset({"staf"})
    assert audit_actions() == ["login_berhasil"]


def test_unknown_user_and_wrong_password_read_the_same(
    auth: AuthService, accounts: dict[str, UserRecord]
) -> None:
    with pytest.raises(AuthError) as unknown:
        auth.login("siapa", PASSWORD)
    with pytest.raises(AuthError) as wrong:
        auth.login("sari", "salah-sandi")
    assert unknown.value.message == wrong.value.message == "Nama pengguna atau kata sandi salah."
    assert audit_actions() == ["login_gagal", "login_gagal"]


def test_failures_slow_down_then_lock_for_15_minutes(
    auth: AuthService, moving: MovingClock, slept: list[float], accounts: dict[str, UserRecord]
) -> None:
    for _ in range(4):
        with pytest.raises(AuthError, match="salah"):
            auth.login("sari", "salah-sandi")
    assert slept == [0.5]  # the 4th attempt, after 3 failures in a row
    with pytest.raises(
        AuthError, match="Akun terkunci sampai 09.45 karena terlalu banyak percobaan gagal."
    ):
        auth.login("sari", "salah-sandi")
    with pytest.raises(AuthError, match="terkunci sampai 09.45"):
        auth.login("sari", PASSWORD)  # even the right password while locked
    assert slept == [0.5, 1.0]
    assert audit_actions()[-1] == "login_terkunci"
    moving.advance(minutes=15)
    assert auth.login("sari", PASSWORD).username == "sari"
    assert UserRow.get(UserRow.username == "sari").failed_attempts == 0


def test_delay_grows_to_two_seconds() -> None:
    assert [failure_delay(n) for n in range(8)] == [0, 0, 0, 0.5, 1.0, 2.0, 2.0, 2.0]


def test_success_resets_the_counter(
    auth: AuthService, slept: list[float], accounts: dict[str, UserRecord]
) -> None:
    for _ in range(3):
        with pytest.raises(AuthError):
            auth.login("sari", "salah-sandi")
    auth.login("sari", PASSWORD)
    with pytest.raises(AuthError, match="salah"):
        auth.login("sari", "salah-sandi")
    assert slept == [0.5]


def test_disabled_account_is_refused(
    auth: AuthService, moving_services: Services, accounts: dict[str, UserRecord]
) -> None:
    moving_services.users.disable("sari", accounts["admin"])
    with pytest.raises(AuthError, match="Akun ini dinonaktifkan. Hubungi Admin."):
        auth.login("sari", PASSWORD)
    moving_services.users.enable("sari", accounts["admin"])
    assert auth.login("sari", PASSWORD).disabled is False


def test_check_password_counts_towards_lockout(
    auth: AuthService, accounts: dict[str, UserRecord]
) -> None:
    auth.check_password(accounts["camat"].id, PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthError, match="Kata sandi salah."):
            auth.check_password(accounts["camat"].id, "keliru-sandi")
    with pytest.raises(AuthError, match="terkunci"):
        auth.login("agus", "keliru-sandi")


def test_passwords_are_hashed_with_scrypt(accounts: dict[str, UserRecord]) -> None:
    stored = [row.password_hash for row in UserRow.select()]
    assert all(h.startswith("scrypt$") and PASSWORD not in h for h in stored)
    assert len(set(stored)) == len(stored)  # per-user salt


@pytest.mark.parametrize(
    "nip, problem",
    [
        ("198003032002121003", None),
        ("19800303200212100", "18 angka"),
        ("1980030320021210a3", "18 angka"),
        ("198002302002121003", "tanggal lahir"),
        ("198003032002131003", "TMT"),
        ("198003031975011003", "sesudah tanggal lahir"),
        ("198003032002123003", "angka ke-15"),
    ],
)
def test_nip_rules(nip: str, problem: str | None) -> None:
    found = nip_problem(nip)
    assert (found is None) if problem is None else (problem in (found or ""))


def test_format_nip() -> None:
    assert format_nip("198003032002121003") == "19800303 200212 1 003"


def test_add_user_validation(services: Services, users: dict[str, UserRecord]) -> None:
    admin = users["admin"]
    add = services.users.add
    with pytest.raises(ValidationError, match="NIP wajib diisi"):
        add("tono", "Tono", "", "Staf", "", ["staf"], PASSWORD, admin)
    with pytest.raises(ValidationError, match="tanggal lahir"):
        add("tono", "Tono", "198013032002121003", "Staf", "", ["staf"], PASSWORD, admin)
    with pytest.raises(ValidationError, match="minimal 8"):
        add("tono", "Tono", "198003032002121004", "Staf", "", ["staf"], "pendek", admin)
    with pytest.raises(ValidationError, match="Peran tidak dikenal: lurah"):
        add("tono", "Tono", "198003032002121004", "Staf", "", ["lurah"], PASSWORD, admin)
    with pytest.raises(ValidationError, match="sudah dipakai"):
        add("sari", "Sari", "198003032002121004", "Staf", "", ["staf"], PASSWORD, admin)
    with pytest.raises(PermissionDenied):
        add("tono", "Tono", "198003032002121004", "Staf", "", ["staf"], PASSWORD, users["camat"])
    tono = add("Tono", "Tono", "198003032002121004", "Staf", "", ["staf", "admin"], PASSWORD, admin)
    assert tono.username == "tono" and tono.roles == frozenset({"staf", "admin"})


def test_user_management(services: Services, users: dict[str, UserRecord]) -> None:
    admin, staf = users["admin"], users["staf"]
    assert [u.username for u in services.users.list()] == ["admin", "agus", "budi", "sari"]
    with pytest.raises(ValidationError, match="Admin aktif terakhir"):
        services.users.disable("admin", admin)
    with pytest.raises(PermissionDenied):
        services.users.disable("budi", staf)
    services.users.set_password("sari", "sandi-baru-123", staf)  # own password
    with pytest.raises(PermissionDenied):
        services.users.set_password("budi", "sandi-baru-123", staf)
    updated = services.users.update("sari", admin, jabatan="Pengadministrasi", roles=["staf"])
    assert updated.jabatan == "Pengadministrasi"
    with pytest.raises(ValidationError, match="Admin aktif terakhir"):
        services.users.update("admin", admin, roles=["staf"], nip="198003032002121005")
    with pytest.raises(NotFound):
        services.users.get("tidakada")
    assert AuthService(services.clock).login("sari", "sandi-baru-123").jabatan == "Pengadministrasi"


def test_unknown_username_is_not_stored(auth: AuthService, accounts: dict[str, UserRecord]) -> None:
    """A password typed into the username field must not stay in the audit log."""
    with pytest.raises(AuthError):
        auth.login("Sandi-Rahasia-99", PASSWORD)
    rows = list(AuditRow.select().where(AuditRow.action == "login_gagal"))
    assert len(rows) == 1
    stored = f"{rows[0].username} {rows[0].entity_id} {rows[0].detail}"
    assert "rahasia" not in stored.lower()
