"""Provides LoginScreen: "Nama pengguna" and "Kata sandi"; wrong input is shown inline."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from ikm_tui.errors import IkmError
from ikm_tui.persistence.records import UserRecord
from ikm_tui.ui.widgets.typeahead import after_pending_input
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.ui.app import IkmApp


def warm_up(year: int) -> None:
    """Load Babel's "id" locale and `year`'s holidays (about 0.1 s together on first use) while
    the user types the password, so that the dashboard, which shows dates and deadlines, does
    not pay for them; the login screen itself is shown before either is imported."""
    from ikm_tui.domain import formatting
    from ikm_tui.domain.calendar import national_holidays

    formatting.preload()
    national_holidays(year)


class LoginScreen(Screen[None]):
    """Asks for the user name and password; logs in in a thread worker."""

    CSS_PATH = "login.tcss"
    AUTO_FOCUS = "#username"
    # Type-ahead safety over a slow SSH link: Enter is a priority binding, handled before keys
    # typed after it are handed out. On the user name it moves focus at once; on the password it
    # queues the login behind the characters already sent to that field, so the password is
    # exactly what was typed before Enter.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Masuk", priority=True, show=False),
    ]

    _warming = False

    @property
    def ikm_app(self) -> IkmApp:
        return cast("IkmApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="login-box"):
            yield Label("Masuk ke aplikasi IKM", id="login-title")
            yield Label("Nama pengguna", classes="field-label")
            yield Input(id="username", max_length=64)
            yield Label("Kata sandi", classes="field-label")
            yield Input(id="password", password=True, max_length=200)
            yield Static("", id="login-error", markup=False)
            yield Button("Masuk", id="login", variant="primary")
        yield Footer()

    @property
    def username_input(self) -> Input:
        return self.query_one("#username", Input)

    @property
    def password_input(self) -> Input:
        return self.query_one("#password", Input)

    def action_enter(self) -> None:
        """User name: move to the password. Password: log in. Elsewhere Enter works as usual."""
        if self.focused is self.username_input:
            self.set_focus(self.password_input)
            self.warm_up()
        elif self.focused is self.password_input:
            after_pending_input([self.username_input, self.password_input], self.submit)
        else:
            raise SkipAction()

    def warm_up(self) -> None:
        """Start `warm_up` once, in a thread, while the user types the password."""
        if self._warming:
            return
        self._warming = True
        year = self.ikm_app.services.clock().year
        self.run_worker(partial(warm_up, year), thread=True, group="warm-up", exit_on_error=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        if self.query_one("#login", Button).disabled:
            return  # a login is already being checked: one attempt per Enter
        username = self.username_input.value.strip()
        password = self.password_input.value
        if not username:
            self.show_error("Nama pengguna wajib diisi.")
            self.set_focus(self.username_input)
            return
        if not password:
            self.show_error("Kata sandi wajib diisi.")
            self.set_focus(self.password_input)
            return
        self.show_error("")
        self.query_one("#login", Button).disabled = True
        auth = self.ikm_app.services.auth
        self.warm_up()
        run_service(
            self,
            lambda: auth.login(username, password),
            self._succeeded,
            on_error=self._failed,
            group="login",
            exclusive=True,
        )

    def _succeeded(self, user: UserRecord) -> None:
        self.ikm_app.logged_in(user)

    def _failed(self, error: IkmError) -> None:
        self.query_one("#login", Button).disabled = False
        self.show_error(error.message)
        self.password_input.value = ""
        self.set_focus(self.password_input)

    def show_error(self, message: str) -> None:
        self.query_one("#login-error", Static).update(message)
