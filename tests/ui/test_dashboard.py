"""Pilot tests of the dashboard: periods, "Tugas saya" and the keys each role may use."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import DataTable

from ikm_tui.ui.screens.dashboard import DashboardScreen
from ikm_tui.ui.screens.help import HelpScreen
from ikm_tui.ui.screens.period import PeriodScreen
from ikm_tui.ui.widgets.tables import PeriodTable, TaskTable
from tests.ui.conftest import bindings, log_in, settle


def cells(table, row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


async def test_dashboard_lists_periods_with_current_step(two_periods):
    """Both periods appear, newest start first, with step, deadline, respondents and status."""
    office, second = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "budi")
        table = app.screen.query_one(PeriodTable)
        assert table.row_count == 2
        first_row, second_row = cells(table, 0), cells(table, 1)
        assert first_row[0] == "SKM Semester II 2026"
        assert first_row[2].startswith("1. Menyusun konsep")
        assert first_row[3] == "16-09-2026"  # 1 working day after 15-09-2026 09.30
        assert first_row[4] == "0"
        assert first_row[5] == "Berjalan"
        assert second_row[0] == "SKM Semester I 2026"
        assert second_row[2].startswith("2. Memeriksa konsep")


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("sari", [("SKM Semester II 2026", "1")]),
        ("budi", [("SKM Semester I 2026", "2")]),
        ("camat", []),
        ("admin", []),
    ],
)
async def test_tugas_saya_per_role(two_periods, username, expected):
    """Each role sees only what it must do next: Staf the draft, Sekcam the submitted one."""
    office, _ = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, username)
        table = app.screen.query_one(TaskTable)
        rows = [tuple(cells(table, i)[:2]) for i in range(table.row_count)]
        assert rows == expected
        assert table.row_count == len(office.services.workflow.my_tasks(app.user))


@pytest.mark.parametrize(
    ("username", "can_create"),
    [("sari", True), ("budi", False), ("camat", False), ("admin", False)],
)
async def test_new_period_key_only_for_staf(office, username, can_create):
    """ "n" is in the footer only for the Staf; for others it is hidden and does nothing."""
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, username)
        assert ("n" in bindings(app)) is can_create
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) is not can_create


async def test_staf_creates_a_period_with_keys_only(office):
    """n, a name, Enter: the dates overlap the office's period, which the dialog points out;
    Enter again: the period exists through the service and its screen opens."""
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"SKM 2027", "enter")
        await settle(pilot)
        assert "beririsan" in str(app.screen.query_one("#error").render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
    names = [period.name for period in office.services.periods.list()]
    assert "SKM 2027" in names


async def test_enter_opens_period_and_escape_returns(two_periods):
    office, second = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "camat")
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
        assert app.screen.period_id == second.id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_help_lists_the_keys_of_the_screen(office):
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        descriptions = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "Periode baru" in descriptions
        assert "Ganti pengguna" in descriptions
        assert "Cursor up" not in descriptions  # Textual's English widget keys are left out
        assert "Pilih baris" in descriptions
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("question_mark")  # "?" opens the same help
        assert isinstance(app.screen, HelpScreen)


async def test_switch_user_returns_to_login(office):
    from ikm_tui.ui.screens.login import LoginScreen

    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.user is None
        await log_in(pilot, "budi")
        assert isinstance(app.screen, DashboardScreen)
        assert app.user is not None and app.user.username == "budi"


async def test_enter_on_a_task_opens_its_step_screen(two_periods):
    """The Sekcam's task (check the kuesioner) opens the review screen of that period."""
    from ikm_tui.ui.screens.review import ReviewScreen

    office, second = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "budi")
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.period_id == second.id  # type: ignore[attr-defined]


async def test_late_step_is_highlighted_and_named(office):
    """Three days on, step 1 (1 hari) is late: the status says so and is drawn as $error."""
    import datetime as dt

    from ikm_tui.clock import fixed_clock
    from ikm_tui.services.registry import Services
    from ikm_tui.ui.app import IkmApp
    from tests.ui.conftest import NOW

    app = IkmApp(Services(fixed_clock(NOW + dt.timedelta(days=3))))
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        table = app.screen.query_one(PeriodTable)
        status = table.get_row_at(0)[5]
        assert isinstance(status, Text) and str(status) == "Terlambat"
        error_colour = app.get_css_variables()["error"]
        assert error_colour.lower() in str(status.style).lower()
        tasks = app.screen.query_one(TaskTable)
        assert "(Terlambat)" in str(tasks.get_row_at(0)[2])
        assert str(table.get_row_at(0)[4]) == "0"
