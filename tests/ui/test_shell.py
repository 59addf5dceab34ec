"""Pilot tests of the shell: command palette, step registry fallbacks, worker error reports."""

from __future__ import annotations

from textual.widgets import Static

from ikm_tui.errors import IkmError, WorkflowError
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.commands import IkmCommands
from ikm_tui.ui.dialogs.message import MessageDialog
from ikm_tui.ui.screens.dashboard import DashboardScreen
from ikm_tui.ui.screens.login import LoginScreen
from ikm_tui.ui.screens.period import PeriodScreen
from ikm_tui.ui.worker import run_service
from tests.ui.conftest import log_in, settle


def palette_titles(app: IkmApp) -> list[str]:
    provider = IkmCommands(app.screen)
    return [title for title, _, _ in provider._commands()]


async def test_palette_offers_main_actions_by_role(office):
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert palette_titles(app) == ["Bantuan", "Keluar"]
        await log_in(pilot, "sari")
        assert palette_titles(app) == [
            "Dasbor",
            "Periode baru",
            "Bantuan",
            "Ganti pengguna",
            "Keluar",
        ]
        await pilot.press("g")
        await settle(pilot)
        await log_in(pilot, "camat")
        assert "Periode baru" not in palette_titles(app)


async def test_palette_runs_dashboard_command_from_a_period(office):
    """ctrl+p, "Dasbor", Enter: back on the dashboard from the period screen."""
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "budi")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Dasbor")
        await settle(pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_missing_step_screen_says_so_instead_of_crashing(office, monkeypatch):
    from ikm_tui.ui.screens import steps

    monkeypatch.delitem(steps.STEP_SCREENS, "entri")
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        app.open_step("entri", office.period.id)
        await settle(pilot)
        assert isinstance(app.screen, steps.UnavailableScreen)
        text = str(app.screen.query_one("#unavailable").render())
        assert (
            text.startswith("Layar langkah 4 (Melaksanakan pengukuran") and "belum tersedia" in text
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_worker_reports_ikm_error_and_unexpected_error(office):
    app = office.app()
    results: list[object] = []

    def refuse() -> None:
        raise WorkflowError("Kuesioner belum disetujui Camat.")

    def crash() -> None:
        raise ZeroDivisionError("pembagian nol")

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        run_service(app.screen, refuse, results.append)
        await settle(pilot)
        run_service(app.screen, crash, results.append, on_error=results.append)
        await settle(pilot)
        run_service(app.screen, lambda: 42, results.append)
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        run_service(app.screen, crash)
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert "ZeroDivisionError" in str(app.screen.query_one(".dialog-body", Static).render())
        await pilot.press("enter")
        assert isinstance(app.screen, LoginScreen)
        messages = [(n.title, n.message) for n in app._notifications]
        assert ("Belum dapat dilakukan", "Kuesioner belum disetujui Camat.") in messages
    assert isinstance(results[0], IkmError)
    assert "ZeroDivisionError: pembagian nol" in results[0].message
    assert results[1] == 42
