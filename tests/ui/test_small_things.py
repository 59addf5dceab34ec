"""Pilot tests of the small things a new user found (issue 12, point 8): period names said once,
unsur named rather than keyed, no doubled bracket, NIP as printed, Space on a role after Enter,
the export folder remembered per user, the palette and drop-downs in Bahasa Indonesia."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from ikm_tui.persistence.models import PeriodRow
from ikm_tui.ui.dialogs.fields import FieldsDialog
from ikm_tui.ui.dialogs.user_form import UserFormDialog
from ikm_tui.ui.screens.concept import ConceptScreen
from ikm_tui.ui.screens.period import PeriodScreen
from ikm_tui.ui.screens.settings import SettingsScreen
from ikm_tui.ui.screens.tabulation import TabulationScreen
from ikm_tui.ui.widgets.tables import TaskTable
from tests.ui.conftest import Office, log_in, settle
from tests.ui.test_tabulation import _to_step4

SIZE = (80, 24)


async def test_a_period_called_periode_is_named_once(office: Office) -> None:
    """ "Periode I 2027": the notice and the task say it once, not "Periode Periode I 2027"."""
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Periode I 2027", "enter")
        await settle(pilot)
        await pilot.press("enter")  # past the notice that the dates overlap the office's period
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
        notes = " ".join(str(n.message) for n in app._notifications)
        assert "Periode I 2027 dibuat" in notes and "Periode Periode" not in notes
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one(TaskTable)
        tasks = [str(cell) for i in range(table.row_count) for cell in table.get_row_at(i)]
        assert "Lengkapi dan ajukan kuesioner Periode I 2027" in tasks
        assert not any("periode Periode" in task for task in tasks)
        assert "Lengkapi dan ajukan kuesioner periode SKM Semester II 2026" in tasks  # bare


async def test_the_question_dialog_names_the_unsur(office: Office) -> None:
    """Editing U1 says "Unsur: U1 Persyaratan", not the internal key "persyaratan"."""
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await log_in(pilot, "sari")
        await app.push_screen(ConceptScreen(office.period.id))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        note = " ".join(str(s.render()) for s in dialog.query(Static))
        assert "Unsur: U1 Persyaratan." in note and "Unsur: persyaratan" not in note


async def test_tabulation_title_has_no_doubled_bracket(office: Office) -> None:
    period_id = _to_step4(office)
    PeriodRow.update(weights="0.11").where(PeriodRow.id == period_id).execute()
    app = office.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "sari")
        app.push_screen(TabulationScreen(period_id))
        await settle(pilot)
        # the weighting rule is shown with the IKM it makes
        ikm = str(app.screen.query_one("#ikm", Static).render())
        assert "bobot tercetak 0,11 (cara lama)" in ikm
        assert "((" not in ikm and "))" not in ikm


async def open_users(pilot) -> SettingsScreen:
    await log_in(pilot, "admin")
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def test_space_ticks_a_role_after_enter_navigation(office: Office) -> None:
    """Editing a user: Enter from field to field reaches the roles (it used to save from the
    last text field), Space ticks one, Enter moves on and saves from the last role."""
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_users(pilot)
        table = screen.query_one("#users", DataTable)
        table.move_cursor(row=[row.value for row in table.rows].index("budi"))
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, UserFormDialog)
        await pilot.press("enter", "enter", "enter", "enter")
        assert dialog.focused is dialog.query_one("#role-staf", Checkbox)
        await pilot.press("space", "enter")
        assert dialog.focused is dialog.query_one("#role-sekcam", Checkbox)
        await pilot.press("enter", "enter", "enter")  # sekcam stays ticked; saved from Admin
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
    assert office.services.users.get("budi").roles == frozenset({"staf", "sekcam"})


@pytest.mark.parametrize("typed", ["19920202 201801 2 004", "19920202.201801.2.004"])
async def test_nip_typed_as_printed_is_accepted(office: Office, typed: str) -> None:
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_users(pilot)
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, UserFormDialog)
        await pilot.press(*"dewi", "enter", *"Dewi", "enter", *typed, "enter", "enter", "enter")
        await pilot.press("space", "enter", "enter", "enter", "enter")
        await pilot.press(*"sandi-dewi", "enter", *"sandi-dewi", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen), dialog.query_one("#error").render()
    assert office.services.users.get("dewi").nip == "199202022018012004"


def test_the_service_takes_the_printed_nip_too(office: Office) -> None:
    """`ikm-tui user add --nip "19700605 199003 1 013"` and `init` go through the service."""
    user = office.services.users.add(
        "eko", "Eko", "19700605 199003 1 013", "Camat", "", ["camat"], "sandi-eko-1",
        office.users["admin"],
    )  # fmt: skip
    assert user.nip == "197006051990031013"


async def export_olah(app, pilot, target: Path | None) -> str:
    """Press O on the tabulation screen; return the suggested path (and export to `target`)."""
    await pilot.press("o")
    field = app.screen.query_one("#export-path", Input)
    suggested = field.value
    if target is None:
        await pilot.press("escape")
    else:
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.is_file()
    return suggested


async def test_export_folder_remembered_per_user(office: Office, tmp_path: Path) -> None:
    period_id = _to_step4(office)
    folder = tmp_path / "laporan sari"
    folder.mkdir()
    app = office.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "sari")
        app.push_screen(TabulationScreen(period_id))
        await settle(pilot)
        first = await export_olah(app, pilot, folder / "olah.xlsx")
        assert not first.startswith(str(folder))
        assert (await export_olah(app, pilot, None)).startswith(str(folder / ""))
    for username, remembered in (("sari", True), ("budi", False)):  # a new session each
        app = office.app()
        async with app.run_test(size=(120, 40)) as pilot:
            await log_in(pilot, username)
            app.push_screen(TabulationScreen(period_id))
            await settle(pilot)
            suggested = await export_olah(app, pilot, None)
            assert suggested.startswith(str(folder / "")) is remembered, username


async def test_palette_and_drop_downs_speak_indonesian(office: Office) -> None:
    from textual.command import CommandList

    from ikm_tui.ui.screens.audit import AuditScreen

    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "budi")
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.screen.query_one(Input).placeholder == "Cari perintah…"
        await pilot.press(*"zzz")
        await asyncio.sleep(0.8)  # Textual waits half a second before saying "no matches"
        await pilot.pause()
        options = app.screen.query_one(CommandList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Tidak ada perintah yang cocok" in text for text in texts), texts
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        select = app.screen.query_one("#filter-period", Select)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert select.expanded
        descriptions = [b.binding.description for b in app.screen.active_bindings.values()]
        assert "Tutup daftar" in descriptions and "Dismiss menu" not in descriptions


def test_step_tasks_name_the_period_once(office: Office) -> None:
    """The SOP's task texts hold "{period}" without the word: no "periode Periode II 2026"."""
    from ikm_tui.domain import sop
    from ikm_tui.services.workflow_text import step_task

    staf, step = office.users["sari"], sop.action_step("entri")
    assert step_task(staf, step, "Periode II 2026", False, False) == (
        "Laksanakan survei dan entri data Periode II 2026"
    )
    assert step_task(staf, step, "SKM 2026", False, False) == (
        "Laksanakan survei dan entri data periode SKM 2026"
    )


async def test_template_note_has_no_doubled_bracket(office: Office, tmp_path: Path) -> None:
    """Exporting an installed template: "… sekarang: terpasang (kantor.docx).", not "((…))"."""
    templates = office.services.templates
    source = tmp_path / "kantor.docx"
    source.write_bytes(templates.template_bytes("kuesioner"))
    templates.install("kuesioner", str(source), office.users["admin"])
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_users(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        note = " ".join(str(s.render()) for s in dialog.query(Static))
        assert "terpasang (kantor.docx)" in note and "))" not in note
