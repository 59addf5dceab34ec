"""Provides LockScreen: the app locks itself after the office's idle time (Pengaturan, default
15 minutes) and opens again with the same user's password only.

The lock is a modal screen over whatever was open, so a half-typed paper form, a dialog or a
cursor position is exactly as it was after unlocking. It hides the screen below (solid
background) and offers no way around the password; Ctrl+Q still quits the app. Wrong
passwords count towards the account's lockout like logins (AuthService.check_password).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ikm_tui.errors import IkmError
from ikm_tui.ui.widgets.typeahead import after_pending_input
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.ui.app import IkmApp


class LockScreen(ModalScreen[None]):
    """ "Layar terkunci": the signed-in user's password opens it again."""

    DEFAULT_CSS = """
    LockScreen {
        align: center middle;
        background: $background;
    }
    LockScreen #lock-box {
        width: 56;
        max-width: 100%;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 0 2;
    }
    LockScreen #lock-title { text-style: bold; width: 100%; content-align: center middle; }
    LockScreen #lock-error { color: $error; text-style: bold; height: auto; min-height: 1; }
    """
    AUTO_FOCUS = "#lock-password"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "unlock", "Buka", priority=True, show=False),
        Binding("escape", "ignore", show=False, priority=True),
    ]

    def __init__(self, user_id: int, full_name: str) -> None:
        super().__init__(id="lock-screen")
        self.user_id = user_id
        self.full_name = full_name
        self.checking = False

    @property
    def ikm_app(self) -> IkmApp:
        return cast("IkmApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Label("Layar terkunci", id="lock-title")
            yield Static(
                f"Aplikasi dikunci karena lama tidak dipakai. Pekerjaan Anda tetap seperti "
                f"semula.\nMasukkan kata sandi {self.full_name} untuk membuka.",
                markup=False,
            )
            yield Label("Kata sandi", classes="field-label")
            yield Input(id="lock-password", password=True, max_length=200)
            yield Static("", id="lock-error", markup=False)
            yield Static("Ctrl+Q: keluar dari aplikasi", markup=False)

    @property
    def password(self) -> Input:
        return self.query_one("#lock-password", Input)

    def action_ignore(self) -> None:
        """Escape does not open the lock."""

    def action_unlock(self) -> None:
        after_pending_input([self.password], self._check)

    def _check(self) -> None:
        if self.checking:
            return
        password = self.password.value
        if not password:
            self.query_one("#lock-error", Static).update("Kata sandi wajib diisi.")
            return
        self.checking = True
        user_id = self.user_id
        run_service(
            self,
            lambda: self.ikm_app.services.auth.check_password(user_id, password),
            lambda _: self._opened(),
            on_error=self._refused,
            group="unlock",
        )

    def _opened(self) -> None:
        self.checking = False
        self.ikm_app.unlocked()
        self.dismiss(None)

    def _refused(self, error: IkmError) -> None:
        self.checking = False
        self.password.value = ""
        self.query_one("#lock-error", Static).update(error.message)
