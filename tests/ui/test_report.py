"""Pilot tests of step 5 (ReportScreen): the Staf (logged in, from the period screen) writes
and submits, the Sekretaris Camat and the Camat (logged in, from "Tugas saya") check and approve,
the Camat exports the report and the pengumuman."""

from __future__ import annotations

import pytest
from textual.widgets import Static, TextArea

from ikm_tui.clock import fixed_clock
from ikm_tui.domain import sop
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.dialogs.signoff import SignOffDialog
from ikm_tui.ui.screens.report import ReportScreen
from ikm_tui.ui.widgets.tables import TaskTable
from tests.report_helpers import period_at_report
from tests.services.conftest import PASSWORD
from tests.ui.conftest import NOW, settle


@pytest.fixture
def world(db):
    services = Services(fixed_clock(NOW))
    period, users = period_at_report(services, 30)
    return services, period, users


async def _log_in(pilot, app, username: str) -> None:
    """Ganti pengguna (back to the login screen), then log in as `username`."""
    await app.action_switch_user()
    await settle(pilot)
    await pilot.press(*username, "enter", *PASSWORD, "enter")
    await settle(pilot)
    assert app.user is not None and app.user.username == username


async def _from_period_screen(pilot, app, period_id) -> ReportScreen:
    app.open_period(period_id)
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(app.screen, ReportScreen)
    return app.screen


async def _from_my_tasks(pilot, app) -> ReportScreen:
    tasks = app.screen.query_one(TaskTable)
    tasks.focus()
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ReportScreen)
    return app.screen


async def _sign(pilot, app) -> None:
    await pilot.press("ctrl+t")
    await settle(pilot)
    assert isinstance(app.screen, SignOffDialog)
    await pilot.press(*PASSWORD, "enter")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_write_check_and_approve_through_the_screens(world, size, tmp_path):
    services, period, users = world
    app = IkmApp(services)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(*"sari", "enter", *PASSWORD, "enter")
        await settle(pilot)
        screen = await _from_period_screen(pilot, app, period.id)
        figures = services.report.figures(period.id)
        shown = str(screen.query_one("#figures", Static).render())
        assert f"IKM {figures['ikm']}" in shown and "U1 Persyaratan" in shown
        assert "█" in shown  # the unsur as text bars
        rtl = screen.query_one("#rtl", TextArea).text
        assert figures["terlemah"][0]["nama"] in rtl.splitlines()[0]
        area = screen.query_one("#narasi-lokasi", TextArea)
        area.focus()
        await pilot.press("f7", *"Aula Kecamatan", "ctrl+s")
        await settle(pilot)
        document = services.report.current(period.id)
        assert document is not None and document.content["narasi"]["lokasi"] == "Aula Kecamatan"
        await _sign(pilot, app)
        assert services.report.current(period.id).state == sop.DIAJUKAN
        assert screen.query_one("#narasi-lokasi", TextArea).read_only  # submitted: frozen

        await _log_in(pilot, app, "budi")
        screen = await _from_my_tasks(pilot, app)
        assert screen.check_action("save", ()) is None  # only the Staf writes
        await _sign(pilot, app)
        assert services.report.current(period.id).state == sop.DIPERIKSA_STATE

        await _log_in(pilot, app, "agus")
        screen = await _from_my_tasks(pilot, app)
        assert "Aula Kecamatan" in screen.query_one("#narasi-lokasi", TextArea).text
        assert screen.check_action("export", ("pengumuman",)) is None  # not approved yet
        await _sign(pilot, app)
        approved = services.report.approved(period.id)
        assert approved is not None and approved.content["narasi"]["lokasi"] == "Aula Kecamatan"
        assert services.periods.get(period.id).current_step != sop.action_step("laporan")
        assert screen.check_action("export", ("pengumuman",)) is True
        for key, name in (("ctrl+o", "laporan.docx"), ("ctrl+n", "pengumuman.docx")):
            await _export(pilot, app, key, tmp_path / name)
            status = str(screen.query_one("#export-status", Static).render())
            assert "Tersimpan" in status and name in status
            assert (tmp_path / name).is_file()


async def _export(pilot, app, key, target) -> None:
    from textual.widgets import Input

    from ikm_tui.ui.dialogs.fields import FieldsDialog

    await pilot.press(key)
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, FieldsDialog)
    dialog.query_one("#field-0", Input).value = str(target)
    dialog.query_one("#field-1", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
