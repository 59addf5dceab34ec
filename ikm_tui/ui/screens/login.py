"""Provides LoginScreen: "Nama pengguna" and "Kata sandi"; wrong input is shown inline.

It is the first screen painted, before the database is open: a login submitted earlier waits
for the app's start-up worker, and the worker's error (a database that cannot be opened or was
never initialised) is shown here.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from ikm_tui.ui.widgets.typeahead import after_pending_input
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.errors import IkmError
    from ikm_tui.persistence.records import UserRecord
    from ikm_tui.ui.app import IkmApp

WAITING = "Membuka basis data…"
QUIT_HINT = "Tekan Ctrl+Q untuk keluar."


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

    # The first screen's rules as default CSS: a screen's CSS_PATH makes Textual re-parse every
    # loaded stylesheet and restyle the app when the screen is first pushed (about 19 ms before
    # the first paint); default CSS is parsed on its own, like a widget's.
    DEFAULT_CSS = Path(__file__).with_name("login.tcss").read_text(encoding="utf-8")
    AUTO_FOCUS = "#username"
    # Type-ahead safety over a slow SSH link: Enter is a priority binding, handled before keys
    # typed after it are handed out. On the user name it moves focus at once; on the password it
    # queues the login behind the characters already sent to that field, so the password is
    # exactly what was typed before Enter. Tab and Shift+Tab are priority bindings for the same
    # reason: the app's focus keys are handled after the keys already queued, so a burst
    # "sri Tab staf2026 Enter" put the password into the user name.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Masuk", priority=True, show=False),
        Binding("tab", "switch_field", show=False, priority=True),
        Binding("shift+tab", "switch_field", show=False, priority=True),
    ]

    _warming = False
    _submitting = False  # a login is being checked, or waits for the database

    @property
    def ikm_app(self) -> IkmApp:
        return cast("IkmApp", self.app)

    def compose(self) -> ComposeResult:
        # A title line and a key line instead of Header and Footer: the first paint is measured
        # against a bare Textual app (bench/bench_ui_shell.py), and those two widgets (seven
        # widgets with their default CSS, the footer recomposed on every binding change) cost
        # ~40 ms of it. Every later screen has the real Header and Footer.
        yield Static(self.app.title, id="login-header", markup=False)
        with Vertical(id="login-box"):
            # Static, not Label, and no Button (the app is keyboard-only: Enter logs in): their
            # default CSS is parsed before the first paint, Button's alone is 7 KB.
            yield Static("Masuk ke aplikasi IKM", id="login-title", markup=False)
            yield Static("Nama pengguna", classes="field-label", markup=False)
            yield Input(id="username", max_length=64)
            yield Static("Kata sandi", classes="field-label", markup=False)
            yield Input(id="password", password=True, max_length=200)
            yield Static("", id="login-error", markup=False)
            yield Static("Enter: masuk", id="login-hint", markup=False)
        yield Static(self.key_line(), id="login-keys")

    def key_line(self) -> str:
        """The app's keys as the footer shows them: "^q Keluar  f1 Bantuan  ^p Perintah"."""
        shown = [
            binding
            for binding in self.app.BINDINGS
            if isinstance(binding, Binding)
            and (binding.show or binding.action == "command_palette")
        ]
        return "  ".join(
            f"[b]{self.app.get_key_display(binding)}[/b] {binding.description}" for binding in shown
        )

    def _show_title(self, title: str) -> None:
        self.query_one("#login-header", Static).update(title)

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._show_title)
        if self.ikm_app.start_error is not None:
            self.show_start_error()

    def show_start_error(self) -> None:
        """The start-up worker's error (called by the app): logging in is not possible."""
        error = self.ikm_app.start_error
        if error is not None:
            self._submitting = False
            self.query_one("#login-hint", Static).display = False
            self.show_error(f"{error.message}\n{QUIT_HINT}")

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

    def action_switch_field(self) -> None:
        """Tab or Shift+Tab: move between the user name and the password at once."""
        if self.focused is self.username_input:
            self.set_focus(self.password_input)
            self.warm_up()
        elif self.focused is self.password_input:
            self.set_focus(self.username_input)
        else:
            raise SkipAction()

    def warm_up(self) -> None:
        """Start `warm_up` once, in a thread, while the user types the password."""
        if self._warming:
            return
        self._warming = True
        year = self.ikm_app.services.clock().year
        self.run_worker(partial(warm_up, year), thread=True, group="warm-up", exit_on_error=False)

    def submit(self) -> None:
        if self.ikm_app.start_error is not None:
            self.show_start_error()
            return
        if self._submitting:
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
        self._submitting = True
        self.warm_up()
        if not self.ikm_app.ready:
            self.show_error(WAITING)
        self.ikm_app.when_ready(partial(self._check, username, password))

    def _check(self, username: str, password: str) -> None:
        """Check the password in a worker (once the database is ready)."""
        self.show_error("")
        auth = self.ikm_app.services.auth
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
        self._submitting = False
        self.show_error(error.message)
        self.password_input.value = ""
        self.set_focus(self.password_input)

    def show_error(self, message: str) -> None:
        self.query_one("#login-error", Static).update(message)
