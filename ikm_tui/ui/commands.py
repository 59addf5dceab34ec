"""Provides IkmCommands (the command palette's main actions) and the palette and drop-down
lists with Textual's own words in Bahasa Indonesia.

Textual writes "Search for commands…", "No matches found" and "Dismiss menu" itself; where it
lets an application change them, they are changed here: the palette is `IkmCommandPalette`, and
every drop-down list (Select) of the app gets an Indonesian Escape binding when this module is
imported (by ui/app.py, before any screen).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.align import Align
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets._select import SelectOverlay
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from ikm_tui.ui.app import IkmApp

Command = tuple[str, str, Callable[[], Any]]


def _open_settings(app: IkmApp) -> None:
    from ikm_tui.ui.screens.settings import open_settings

    open_settings(app)


class IkmCommands(Provider):
    """Dasbor, Periode baru, Bantuan, Ganti pengguna, Keluar (only those usable now)."""

    def _commands(self) -> Iterator[Command]:
        from ikm_tui.domain.sop import ADMIN, STAF  # not at import: the app's start is lean

        app = cast("IkmApp", self.app)
        logged_in = app.user is not None
        if logged_in:
            yield ("Dasbor", "Kembali ke daftar periode survei", app.action_dashboard)
        if logged_in and app.user is not None and app.user.has_role(STAF):
            yield ("Periode baru", "Buat periode survei baru (Staf)", app.action_new_period)
        if logged_in and app.user is not None and app.user.has_role(ADMIN):
            yield (
                "Pengaturan",
                "Pengguna, kop kantor dan jenis layanan (Admin)",
                lambda: _open_settings(app),
            )
        yield ("Bantuan", "Tombol-tombol layar ini", app.action_help)
        if logged_in:
            yield (
                "Ganti pengguna",
                "Keluar dari akun ini dan masuk sebagai orang lain",
                app.action_switch_user,
            )
        yield ("Keluar", "Tutup aplikasi", app.action_quit)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)


NO_MATCHES = "Tidak ada perintah yang cocok"
PLACEHOLDER = "Cari perintah…"


class IkmCommandPalette(CommandPalette):
    """Textual's command palette, speaking Bahasa Indonesia."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+end, shift+end", "command_list('last')", "Ke paling bawah", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "Ke paling atas", show=False),
        Binding("down", "cursor_down", "Perintah berikutnya", show=False),
        Binding("escape", "escape", "Tutup daftar perintah"),
        Binding("pagedown", "command_list('page_down')", "Halaman berikutnya", show=False),
        Binding("pageup", "command_list('page_up')", "Halaman sebelumnya", show=False),
        Binding("up", "command_list('cursor_up')", "Perintah sebelumnya", show=False),
    ]

    def __init__(self, placeholder: str = PLACEHOLDER, id: str | None = None) -> None:  # noqa: A002
        super().__init__(placeholder=placeholder, id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's own countdown to "no matches" (textual 8.2.8), with the words changed."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def _indonesian_drop_downs() -> None:
    """The footer of an open drop-down list says "Tutup daftar", not "Dismiss menu".

    Textual merges a widget class's bindings when the class is created, so they are merged
    again after the description is replaced.
    """
    SelectOverlay.BINDINGS = [Binding("escape", "dismiss", "Tutup daftar")]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()


_indonesian_drop_downs()
