"""Pilot tests of the period screen: SOP steps and the keys each role sees, hidden or dimmed."""

from __future__ import annotations

import pytest

from ikm_tui.ui.screens.period import PeriodScreen
from ikm_tui.ui.screens.steps import STEP_SCREENS, UnavailableScreen, step_screen
from ikm_tui.ui.widgets.tables import StepTable
from tests.ui.conftest import bindings, log_in, settle


async def open_period(pilot, app, row: int) -> PeriodScreen:
    await pilot.press(*(["down"] * row), "enter")
    await settle(pilot)
    assert isinstance(app.screen, PeriodScreen)
    return app.screen


async def test_period_screen_lists_the_nine_sop_steps(two_periods):
    office, _ = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        screen = await open_period(pilot, app, 0)
        table = screen.query_one(StepTable)
        numbers = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert numbers == ["1", "2", "3", "4", "5", "6", "8", "9", "10"]
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[1].startswith("▶ Menyusun konsep")
        assert first[2:4] == ["Staf", "1 hari"]
        assert first[5] == "Berjalan"
        detail = str(screen.query_one("#step-detail").render())
        assert "Mulai: 15 September 2026 09.30 oleh Sari Wulandari, S.AP" in detail


# (user, period row on the dashboard) -> key: True enabled, False dimmed; None: hidden
EXPECTED_KEYS: dict[tuple[str, int], dict[str, bool | None]] = {
    ("sari", 0): {
        "k": True,
        "e": False,
        "i": False,
        "c": False,
        "t": False,
        "d": True,
        "p": None,
        "s": None,
    },
    ("budi", 1): {"p": True, "d": True, "k": None, "e": None, "s": None, "c": None, "t": False},
    ("camat", 1): {"s": False, "d": False, "k": None, "p": None, "e": None, "t": False},
    ("admin", 0): {"k": None, "p": None, "s": None, "e": None, "d": None, "t": None},
}


@pytest.mark.parametrize(("username", "row"), list(EXPECTED_KEYS))
async def test_keys_hidden_or_dimmed_per_role(two_periods, username, row):
    """Actions a role never takes are hidden; its actions not due yet are dimmed."""
    office, _ = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, username)
        await open_period(pilot, app, row)
        shown = bindings(app)
        for key, state in EXPECTED_KEYS[(username, row)].items():
            if state is None:
                assert key not in shown, key
            else:
                assert shown.get(key) is state, key


async def test_dimmed_key_does_nothing(two_periods):
    """Camat presses "s" before the Sekcam has checked: nothing opens, nothing fails."""
    office, second = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "camat")
        screen = await open_period(pilot, app, 1)
        await pilot.press("s", "e", "k")
        await settle(pilot)
        assert app.screen is screen
    assert office.services.periods.get(second.id).current_step == 2


def test_registry_names_sop_actions_and_says_when_a_screen_is_missing():
    from ikm_tui.domain import sop

    assert set(STEP_SCREENS) <= set(sop.ACTION_STEP)
    assert {"susun_konsep", "periksa_konsep", "setujui_konsep", "entri"} <= set(STEP_SCREENS)
    missing = next(a for a in sop.ACTION_STEP if sop.ACTION_STEP[a] and a not in STEP_SCREENS)
    screen = step_screen(missing, 1)
    assert isinstance(screen, UnavailableScreen)
    assert screen.step_no == sop.action_step(missing)
    with pytest.raises(KeyError):
        step_screen("tidak_ada", 1)


async def test_staf_closes_collection_after_confirming(office):
    """At step 4 with one counted form, C and Y close data collection; step 5 starts."""
    import datetime as dt

    from ikm_tui.persistence.respondents import FormData
    from ikm_tui.ui.dialogs.confirm import ConfirmDialog
    from tests.ui.conftest import PASSWORD

    services, users, period_id = office.services, office.users, office.period.id
    document = services.signoff.latest(period_id, "kuesioner")
    services.signoff.submit(document.id, users["sari"], PASSWORD)
    services.signoff.approve(document.id, users["budi"], PASSWORD)
    services.signoff.approve(document.id, users["camat"], PASSWORD)
    layout = services.entry.layout(period_id)
    services.entry.save_form(
        period_id,
        FormData(
            tanggal_survei=dt.date(2026, 9, 15),
            jenis_kelamin="1",
            usia=40,
            pendidikan="3",
            pekerjaan="4",
            answers=dict.fromkeys(layout.unsur_keys, 4),
        ),
        users["sari"],
    )
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        screen = await open_period(pilot, app, 0)
        assert bindings(app)["c"] is True
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert services.periods.get(period_id).current_step == 4
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert bindings(app)["c"] is False  # dimmed: step 4 is over
    period = services.periods.get(period_id)
    assert period.current_step == 5 and period.collection_closed_at is not None
