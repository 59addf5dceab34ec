"""Provides UserFormDialog (add or edit an account) and PasswordDialog (reset a password).

The dialogs only collect and check input with the same rules the UserService applies (user
name pattern, roles, NIP, password length); the screen calls the service.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input

from ikm_tui.domain.nip import normalise_nip
from ikm_tui.domain.passwords import password_problem
from ikm_tui.domain.sop import ROLE_NAMES, ROLES
from ikm_tui.errors import ValidationError
from ikm_tui.persistence.records import UserRecord
from ikm_tui.services.users import USERNAME_PATTERN, check_identity, normalise_roles
from ikm_tui.ui.dialogs.form_dialog import FormDialog, row
from ikm_tui.ui.widgets.marks import MarkedCheckbox

USERNAME_RULE = (
    "Nama pengguna 2-64 karakter: huruf kecil, angka, titik, garis bawah atau "
    "tanda hubung, tanpa spasi."
)


@dataclass(frozen=True)
class UserForm:
    """What the user dialog collected (password "" when editing)."""

    username: str
    full_name: str
    nip: str
    jabatan: str
    pangkat: str
    roles: tuple[str, ...]
    password: str = ""


def new_password_problem(first: str, again: str) -> str:
    """Why two typed passwords cannot be used ("" when they can)."""
    problem = password_problem(first)
    if problem:
        return problem
    return "" if first == again else "Kedua kata sandi tidak sama."


class UserFormDialog(FormDialog[UserForm]):
    """Add an account (with its password) or edit one (user name fixed, no password)."""

    def __init__(self, user: UserRecord | None = None) -> None:
        title = "Tambah pengguna" if user is None else f"Ubah pengguna {user.username}"
        super().__init__(
            title,
            "NIP boleh kosong hanya untuk akun yang hanya berperan Admin. Spasi: centang peran.",
        )
        self.user = user

    def compose_fields(self) -> ComposeResult:
        user = self.user
        yield row(
            "Nama pengguna",
            Input(
                user.username if user else "",
                id="username",
                disabled=user is not None,
                compact=True,
            ),
        )
        yield row(
            "Nama lengkap",
            Input(
                user.full_name if user else "",
                id="full_name",
                placeholder="dengan gelar",
                compact=True,
            ),
        )
        yield row(
            "NIP", Input(user.nip if user else "", id="nip", placeholder="18 angka", compact=True)
        )
        yield row("Jabatan", Input(user.jabatan if user else "", id="jabatan", compact=True))
        yield row(
            "Pangkat/golongan",
            Input(
                user.pangkat if user else "",
                id="pangkat",
                placeholder="mis. Penata Muda / III-a",
                compact=True,
            ),
        )
        checks = [
            MarkedCheckbox(
                ROLE_NAMES[role],
                user is not None and user.has_role(role),
                id=f"role-{role}",
                compact=True,
            )
            for role in ROLES
        ]
        yield row("Peran", Horizontal(*checks, classes="form-checks"))
        if user is None:
            yield row("Kata sandi", Input(id="password", password=True, compact=True))
            yield row("Ulangi kata sandi", Input(id="password2", password=True, compact=True))

    def roles(self) -> tuple[str, ...]:
        return tuple(r for r in ROLES if self.query_one(f"#role-{r}", Checkbox).value)

    def collect(self) -> tuple[str, UserForm | None]:
        username = self.text("username").lower()
        if self.user is None and not USERNAME_PATTERN.match(username):
            return USERNAME_RULE, None
        nip = normalise_nip(self.text("nip"))
        try:
            roles = normalise_roles(self.roles())
            check_identity(self.text("full_name"), nip, roles)
        except ValidationError as error:
            return error.message, None
        password = ""
        if self.user is None:
            password = self.query_one("#password", Input).value
            problem = new_password_problem(password, self.query_one("#password2", Input).value)
            if problem:
                return problem, None
        return "", UserForm(
            username,
            self.text("full_name"),
            nip,
            self.text("jabatan"),
            self.text("pangkat"),
            roles,
            password,
        )


class PasswordDialog(FormDialog[str]):
    """A new password typed twice; closes with the password."""

    def __init__(self, username: str) -> None:
        super().__init__(
            f"Reset kata sandi {username}",
            "Sampaikan kata sandi baru kepada pemiliknya secara langsung. "
            "Penguncian akun karena salah sandi ikut dibuka.",
        )

    def compose_fields(self) -> ComposeResult:
        yield row("Kata sandi baru", Input(id="password", password=True, compact=True))
        yield row("Ulangi kata sandi", Input(id="password2", password=True, compact=True))

    def collect(self) -> tuple[str, str | None]:
        password = self.query_one("#password", Input).value
        problem = new_password_problem(password, self.query_one("#password2", Input).value)
        return (problem, None) if problem else ("", password)
