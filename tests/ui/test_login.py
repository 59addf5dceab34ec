"""Pilot tests of the login screen: success for each role, failures shown inline."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from ikm_tui.persistence.models import AuditRow
from ikm_tui.ui.screens.dashboard import DashboardScreen
from ikm_tui.ui.screens.login import LoginScreen
from tests.ui.conftest import PASSWORD, log_in, settle
from tests.ui.test_screen_typeahead import burst


@pytest.mark.parametrize("username", ["admin", "sari", "budi", "camat"])
async def test_login_success_opens_dashboard_for_each_role(office, username):
    """Each role logs in with keys only and lands on the dashboard with their name shown."""
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await log_in(pilot, username)
        assert isinstance(app.screen, DashboardScreen)
        assert app.user is not None and app.user.username == username
        assert office.users[username].full_name in app.sub_title


@pytest.mark.parametrize("username", ["admin", "sari", "budi", "camat"])
async def test_wrong_password_is_shown_inline_and_audited(office, username):
    """A wrong password keeps the login screen, shows the AuthError text, clears the field."""
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, username, "salah-sandi-99")
        assert isinstance(app.screen, LoginScreen)
        assert app.user is None
        error = str(app.screen.query_one("#login-error", Static).render())
        assert "Nama pengguna atau kata sandi salah." in error
        assert app.screen.query_one("#password", Input).value == ""
        assert app.screen.focused is app.screen.query_one("#password", Input)
    failures = (
        AuditRow.select()
        .where((AuditRow.action == "login_gagal") & (AuditRow.username == username))
        .count()
    )
    assert failures == 1


async def test_unknown_user_and_empty_fields(office):
    """Empty fields are refused before any service call; an unknown user gets the same text."""
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Enter on the user name moves to the password field
        assert app.screen.focused is app.screen.query_one("#password", Input)
        await pilot.press("enter")
        await settle(pilot)
        error = app.screen.query_one("#login-error", Static)
        assert "Nama pengguna wajib diisi." in str(error.render())
        await log_in(pilot, "tidakada")
        assert "Nama pengguna atau kata sandi salah." in str(error.render())
        assert isinstance(app.screen, LoginScreen)


async def test_disabled_account_cannot_log_in(office):
    office.services.users.disable("budi", office.users["admin"])
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "budi", PASSWORD)
        assert isinstance(app.screen, LoginScreen)
        assert "dinonaktifkan" in str(app.screen.query_one("#login-error", Static).render())


async def test_second_enter_while_checking_makes_no_second_attempt(office):
    """Enter pressed twice on the password counts as one login attempt."""
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"budi", "enter", *"salah-sandi")
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        screen.submit()
        screen.submit()  # before the first check has answered
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
    failures = (
        AuditRow.select()
        .where((AuditRow.action == "login_gagal") & (AuditRow.username == "budi"))
        .count()
    )
    assert failures == 1


@pytest.mark.parametrize("forward", ["tab", "enter"])
async def test_login_typed_in_one_burst(office, forward):
    """User name, Tab (or Enter), password and Enter arriving together (a fast typist over
    SSH): the Tab moves to the password before the keys after it are handed out, and the
    Enter logs in with exactly what was typed."""
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(pilot, [*"budi", forward, *PASSWORD, "enter"])
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.user is not None and app.user.username == "budi"


async def test_shift_tab_in_a_burst_goes_back_to_the_user_name(office):
    """Shift+Tab on the password, in the same burst, moves back to the user name: the keys
    after it land there (replacing the name, which focus selects, as when typed slowly), none
    in the password."""
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(pilot, [*"bu", "tab", *"xy", "shift+tab", *"di"])
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        assert screen.username_input.value == "di"
        assert screen.password_input.value == "xy"
        assert screen.focused is screen.username_input
