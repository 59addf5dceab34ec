"""Provides IkmApp: the Textual shell (login, dashboard, navigation, help, command palette).

State lives in two attributes: `app.services` (one `Services` for the session) and `app.user`
(the `UserRecord` after login, None before). Screens receive records, never Rows, and run every
database call in a thread worker (`ikm_tui.ui.worker.run_service`).

Start-up: the login screen is painted first; then one worker opens (and migrates) the
database, checks it is ready for use and reads the office title (`start_database`). Until it
has finished, a login waits (`when_ready`); its error is shown on the login screen.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.content import Content

from ikm_tui.services.registry import Services
from ikm_tui.ui.commands import IkmCommandPalette, IkmCommands
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.errors import IkmError
    from ikm_tui.persistence.records import UserRecord

DEFAULT_TITLE = "Pengukuran Kepuasan Pelanggan"
LEAVE_DIALOG = "confirm-leave"  # id of the "unsaved typing: leave anyway?" dialog
IDLE_CHECK_SECONDS = 10.0  # how often the idle lock looks at the time of the last key


HEADER_SIDES = 18  # the header's icon (8 cells) and clock space (10) around the title
# From this many columns a screen has the class "-wide", below it "-narrow" (80 columns): one
# breakpoint for every screen's narrow layout (labels above their fields, borderless boxes).
WIDE = 110


class IkmApp(App[None]):
    """The ikm-tui terminal application."""

    CSS_PATH = "app.tcss"
    TITLE = DEFAULT_TITLE
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 (Textual's)
    COMMANDS: ClassVar = {IkmCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            "Keluar",
            priority=True,
            tooltip="Keluar dari aplikasi dan kembali ke prompt.",
        ),
        Binding("f1", "help", "Bantuan", tooltip="Tampilkan tombol-tombol layar ini."),
        Binding("question_mark", "help", "Bantuan", show=False),
        Binding(
            "ctrl+p",
            "command_palette",
            "Perintah",
            priority=True,
            show=False,
            tooltip="Buka daftar perintah.",
        ),
    ]

    def __init__(
        self,
        services: Services | None = None,
        open_database: Callable[[], object] | None = None,
    ) -> None:
        """`open_database` opens the database and checks it is ready (run by the start-up
        worker, after the first paint); None when the caller has opened it already."""
        super().__init__()
        self.services = services or Services()
        self.user: UserRecord | None = None
        self.last_input = time.monotonic()
        self.idle_lock_seconds = 15 * 60.0  # the office's setting replaces it at login
        self.locked = False
        self._open_database = open_database
        self.ready = False  # the database is open and ready for use
        self.start_error: IkmError | None = None  # why it is not (shown on the login screen)
        self.started = asyncio.Event()  # set when the start-up worker has finished, either way
        self._waiting: list[Callable[[], object]] = []
        self._user_name = ""  # the signed-in user's name: the sub-title without the roles

    def on_mount(self) -> None:
        from ikm_tui.ui.screens.login import LoginScreen

        self.push_screen(LoginScreen())
        self.call_after_refresh(self.start_database)
        self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle, name="idle-lock")

    # Start-up ------------------------------------------------------------------------------

    def start_database(self) -> None:
        """Open the database, check it and read the office title in one thread worker."""
        run_service(self, self._open, self._opened, on_error=self._not_opened, group="start")

    def _open(self) -> str:
        if self._open_database is not None:
            self._open_database()
        return self.services.office.title()

    def _opened(self, title: str) -> None:
        self.title = title
        self.ready = True
        self.started.set()
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()

    def _not_opened(self, error: IkmError) -> None:
        from ikm_tui.ui.screens.login import LoginScreen

        self.start_error = error
        self._waiting.clear()
        self.started.set()
        for screen in self.screen_stack:
            if isinstance(screen, LoginScreen):
                screen.show_start_error()

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's title: "title — user name (roles)", or "title (roles)" when that line
        would be cut (narrow terminals), so every screen's title fits and still names the role."""
        room = self.size.width - HEADER_SIDES
        if (
            len(title) + 3 + len(sub_title) > room
            and self._user_name
            and sub_title.startswith(self._user_name + " (")
        ):
            return Content.assemble(Content(title), (sub_title[len(self._user_name) :], "dim"))
        return super().format_title(title, sub_title)

    def when_ready(self, callback: Callable[[], object]) -> None:
        """Call `callback` once the database is ready (at once if it is; never if it failed)."""
        if self.ready:
            callback()
        elif self.start_error is None:
            self._waiting.append(callback)

    # Session -------------------------------------------------------------------------------

    def logged_in(self, user: UserRecord) -> None:
        """Called by the login screen: remember the user and open the dashboard."""
        from ikm_tui.ui.screens.dashboard import DashboardScreen
        from ikm_tui.ui.widgets.tables import ROLE_SHORT

        self.user = user
        # Short role names: with the full ones ("Sekretaris Camat") a long name and title ran
        # past 80 columns and the header cut them.
        roles = ", ".join(ROLE_SHORT[r] for r in sorted(user.roles) if r in ROLE_SHORT)
        self._user_name = user.full_name
        self.sub_title = f"{user.full_name} ({roles})" if roles else user.full_name
        self.last_input = time.monotonic()
        run_service(self, self.services.office.idle_lock_seconds, self._set_idle_lock, group="idle")
        self.switch_screen(DashboardScreen())

    # Idle lock -----------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.last_input = time.monotonic()
        await super().on_event(event)

    def _set_idle_lock(self, seconds: float) -> None:
        self.idle_lock_seconds = seconds

    def lock_if_idle(self) -> None:
        """Lock the screen when a user is signed in and no key came for the idle time."""
        if self.user is None or self.locked:
            return
        if time.monotonic() - self.last_input >= self.idle_lock_seconds:
            self.lock()

    def lock(self) -> None:
        from ikm_tui.ui.screens.lock import LockScreen

        if self.user is None or self.locked:
            return
        self.locked = True
        self.push_screen(LockScreen(self.user.id, self.user.full_name))

    def unlocked(self) -> None:
        self.locked = False
        self.last_input = time.monotonic()

    # Leaving with unsaved typing ---------------------------------------------------------

    def unsaved_work(self) -> str:
        """What closing the open screens would lose now ("" when nothing): a screen says so
        through its own `unsaved_work()` (the entry screen: a half-typed form)."""
        for screen in reversed(self.screen_stack):
            check = getattr(screen, "unsaved_work", None)
            problem = check() if callable(check) else ""
            if problem:
                return str(problem)
        return ""

    def asks_before_leaving(self, what: str, proceed: Callable[[], object]) -> bool:
        """True when unsaved typing would be lost: a dialog asks, `proceed` runs on "Ya".

        The same key pressed again while the dialog is open goes ahead (Ctrl+Q twice quits).
        """
        from ikm_tui.ui.dialogs.confirm import ConfirmDialog

        problem = self.unsaved_work()
        if not problem or self.screen.id == LEAVE_DIALOG:
            return False
        verb = what[:1].lower() + what[1:]  # "Kembali ke Dasbor" -> "tetap kembali ke Dasbor?"
        dialog = ConfirmDialog(what, f"{problem} Tetap {verb}? Isian itu hilang.")
        dialog.id = LEAVE_DIALOG

        async def answered(yes: bool | None) -> None:
            if yes:
                result = proceed()
                if inspect.isawaitable(result):
                    await result

        self.push_screen(dialog, answered)
        return True

    async def action_quit(self) -> None:
        """Ctrl+Q (Textual's quit binding) and the palette's Keluar: ask first when needed."""
        if not self.asks_before_leaving("Keluar dari aplikasi", self.exit):
            self.exit()

    async def action_switch_user(self) -> None:
        """Log out and return to the login screen (Ganti pengguna)."""
        if not self.asks_before_leaving("Ganti pengguna", self._switch_user):
            await self._switch_user()

    async def _switch_user(self) -> None:
        from ikm_tui.ui.screens.login import LoginScreen

        self.user = None
        self.locked = False
        self.sub_title = ""
        await self._unwind(keep=2)
        await self.switch_screen(LoginScreen())

    async def _unwind(self, keep: int) -> None:
        """Pop screens until `keep` remain (the default screen counts as one)."""
        while len(self.screen_stack) > keep:
            await self.pop_screen()

    # Navigation ----------------------------------------------------------------------------

    async def action_dashboard(self) -> None:
        """Back to the dashboard (closing every screen above it)."""
        if not self.asks_before_leaving("Kembali ke Dasbor", self._dashboard):
            await self._dashboard()

    async def _dashboard(self) -> None:
        from ikm_tui.ui.screens.dashboard import DashboardScreen

        if self.user is None:
            return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, DashboardScreen):
            await self.pop_screen()
        if isinstance(self.screen, DashboardScreen):
            self.screen.reload()

    async def action_new_period(self) -> None:
        """Open the dashboard and its "Periode baru" dialog (Staf only)."""
        if not self.asks_before_leaving("Buat periode baru", self._new_period):
            await self._new_period()

    async def _new_period(self) -> None:
        from ikm_tui.ui.screens.dashboard import DashboardScreen

        await self._dashboard()
        if isinstance(self.screen, DashboardScreen):
            self.screen.action_new_period()

    def open_period(self, period_id: int) -> None:
        from ikm_tui.ui.screens.period import PeriodScreen

        self.push_screen(PeriodScreen(period_id))

    def open_complaints(self, period_id: int | None = None) -> None:
        """The complaint register (of a period's dates, or every complaint)."""
        from ikm_tui.ui.screens.complaints import ComplaintsScreen

        self.push_screen(ComplaintsScreen(period_id))

    def open_saran(self, period_id: int) -> None:
        """The saran written on a period's forms."""
        from ikm_tui.ui.screens.saran import SaranScreen

        self.push_screen(SaranScreen(period_id))

    def open_step(self, action: str, period_id: int) -> None:
        """Open the screen registered for the SOP action (or the "belum tersedia" screen)."""
        from ikm_tui.ui.screens.steps import step_screen

        self.push_screen(step_screen(action, period_id))

    def action_help(self) -> None:
        from ikm_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(IkmCommandPalette(id="--command-palette"))

    def action_help_quit(self) -> None:
        self.notify("Tekan Ctrl+Q untuk keluar.", title="Keluar")
