"""Every SOP step of the completed demo period opens its screen from the period screen.

A step whose screen is not written yet opens the "belum tersedia" screen naming the step;
no step opens another step's screen (Tabulasi used to stand in for steps 5-10).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ikm_tui.domain import sop
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.screens.concept import ConceptScreen
from ikm_tui.ui.screens.entry import EntryScreen
from ikm_tui.ui.screens.period import PeriodScreen
from ikm_tui.ui.screens.report import ReportScreen
from ikm_tui.ui.screens.review import ReviewScreen
from ikm_tui.ui.screens.steps import STEP_SCREENS, UnavailableScreen
from ikm_tui.ui.screens.tabulation import TabulationScreen
from ikm_tui.ui.widgets.tables import StepTable
from tests.ui.conftest import log_in, settle

# The screens written today, pinned so a registry that points a step elsewhere fails.
KNOWN = {1: ConceptScreen, 2: ReviewScreen, 3: ReviewScreen, 4: EntryScreen, 5: ReportScreen}


@pytest.fixture
def demo(tmp_path) -> Iterator[tuple[Services, int]]:
    from ikm_tui.persistence import db as db_module
    from ikm_tui.persistence.models import PeriodRow
    from ikm_tui.services.demo import build_demo

    path = tmp_path / "demo.db"
    build_demo(path)
    db_module.connect(str(path))
    period_id = PeriodRow.get(PeriodRow.name == "Periode I 2026").id
    yield Services(), period_id
    db_module.close()


@pytest.mark.parametrize("username,password", [("sri", "staf2026"), ("camat", "camat2026")])
async def test_every_step_of_the_completed_period_opens_its_screen(demo, username, password):
    services, period_id = demo
    assert services.periods.get(period_id).current_step == sop.DONE
    app = IkmApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, username, password)
        app.open_period(period_id)
        await settle(pilot)
        period_screen = app.screen
        assert isinstance(period_screen, PeriodScreen)
        table = period_screen.query_one(StepTable)
        assert table.row_count == len(sop.SOP_STEPS)
        for row, step in enumerate(sop.SOP_STEPS):
            table.move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            action = step.screen_action
            assert action is not None, step.number
            if action in STEP_SCREENS:
                expected = type(STEP_SCREENS[action](period_id))
                assert type(screen) is expected, (step.number, screen)
                assert getattr(screen, "period_id", None) == period_id
            else:
                assert isinstance(screen, UnavailableScreen), (step.number, screen)
                text = str(screen.query_one("#unavailable").render())
                assert f"Layar langkah {step.number} ({step.name}) belum tersedia" in text
            if step.number in KNOWN:
                assert type(screen) is KNOWN[step.number]
            if isinstance(screen, EntryScreen):  # collection is closed: no form to fill
                message = str(screen.query_one("#entry-error").render())
                assert ("tidak dapat dilakukan lagi" in message) == (username == "sri"), message
                assert ("Hanya Staf" in message) == (username == "camat"), message
            if action != "tabulasi":
                assert not isinstance(screen, TabulationScreen), step.number
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is period_screen, (step.number, app.screen)
