"""Provides IkmCommands: the command palette's main actions, in Bahasa Indonesia."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
