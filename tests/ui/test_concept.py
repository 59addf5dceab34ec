"""Pilot tests of step 1 (ConceptScreen) and the new-period dialog, driven by keys."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from ikm_tui.domain.regimes import KEPMENPAN_2004
from ikm_tui.persistence.models import PeriodRow
from ikm_tui.services.customers import CustomerService
from ikm_tui.ui.dialogs.fields import FieldsDialog
from ikm_tui.ui.dialogs.new_period import NewPeriodDialog
from ikm_tui.ui.dialogs.signoff import SignOffDialog
from ikm_tui.ui.screens.concept import ConceptScreen
from tests.ui.conftest import PASSWORD, log_in, settle


def add_two_services(office):
    """The office's jenis layanan 01 and 02; returns the Staf who added them."""
    staf = office.users["sari"]
    for kode, nama in (("01", "KTP elektronik"), ("02", "Kartu Keluarga")):
        office.services.periods.add_service_type(kode, nama, staf)
    return staf


async def open_concept(pilot, app, period_id: int) -> ConceptScreen:
    screen = ConceptScreen(period_id)
    await app.push_screen(screen)
    await settle(pilot)
    return screen


async def replace_field(pilot, text: str) -> None:
    """Clear the focused input and type `text`."""
    await pilot.press("end", "ctrl+u", *text)


async def test_staf_edits_moves_and_submits(office):
    """The Staf rewords U1, moves U9 up, and submits with the password; step 2 starts."""
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await log_in(pilot, "sari")
        screen = await open_concept(pilot, app, office.period.id)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FieldsDialog)
        await replace_field(pilot, "Apakah persyaratan layanan jelas?")
        await pilot.press("enter")
        await settle(pilot)
        document = office.services.questionnaire.current(office.period.id)
        assert document.content["questions"][0]["pertanyaan"] == "Apakah persyaratan layanan jelas?"
        table = screen.query_one("#questions", DataTable)
        assert screen.focused is table
        await pilot.press("ctrl+end", "left_square_bracket")
        await settle(pilot)
        keys = [
            q["key"]
            for q in office.services.questionnaire.current(office.period.id).content["questions"]
        ]
        assert keys[7:] == ["pengaduan", "sarana"]
        assert table.get_row_at(table.cursor_row)[1] == "U9"  # the cursor follows the row
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, SignOffDialog)
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert PeriodRow.get_by_id(office.period.id).current_step == 2
        assert app.screen is screen
        assert "sudah diajukan" in str(screen.query_one("#readonly", Static).render())
        assert screen.check_action("edit_question", ()) is None


async def test_other_roles_see_the_concept_read_only(office):
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await log_in(pilot, "budi")
        screen = await open_concept(pilot, app, office.period.id)
        assert screen.check_action("edit_question", ()) is False
        assert screen.check_action("submit", ()) is False
        assert screen.check_action("export", ()) is True
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen  # nothing opened
        assert "Hanya Staf" in str(screen.query_one("#readonly", Static).render())


async def test_populations_typed_update_targets_and_export(office, tmp_path: Path):
    """Populations typed per jenis layanan change the targets shown; "x" exports the draft."""
    staf = add_two_services(office)
    period = office.services.periods.create("Periode layanan", staf)
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await log_in(pilot, "sari")
        screen = await open_concept(pilot, app, period.id)
        await pilot.press("p")
        await settle(pilot)
        await replace_field(pilot, "600")
        await pilot.press("enter")
        await settle(pilot)
        services_table = screen.query_one("#services", DataTable)
        services_table.focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        await replace_field(pilot, "400")
        await pilot.press("enter")
        await settle(pilot)
        targets = CustomerService(office.services.clock).targets(period.id)
        assert [t.population for t in targets.services] == [600, 400]
        assert "278 responden dari populasi 1.000" in str(
            screen.query_one("#targets", Static).render()
        )
        assert services_table.get_row_at(1)[3] == "196"
        target = tmp_path / "keluar" / "kuesioner.docx"
        await pilot.press("x")
        await settle(pilot)
        await replace_field(pilot, str(target))
        await pilot.press("enter", *"F4", "enter", "enter")  # PDF: t (the default)
        await settle(pilot)
        assert target.is_file() and not target.with_suffix(".pdf").exists()
        import docx

        assert round(docx.Document(str(target)).sections[0].page_height.cm, 1) == 33.0


async def test_new_period_dialog_regime_key_and_service_checklist(office):
    """From the dashboard: N opens the dialog, F2 picks 2004, Space unchecks one service; dates
    overlapping the office's period are pointed out first and a second Ctrl+S creates it."""
    add_two_services(office)
    app = office.app()
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewPeriodDialog)
        await pilot.press(*"SKM 2027", "f2")
        dialog.query_one("#services").focus()
        await pilot.press("space")
        assert dialog.query_one("#end", Input).value == "14-01-2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        warning = str(dialog.query_one("#error", Static).render())
        assert "beririsan dengan SKM Semester II 2026 (01-09-2026 s.d." in warning
        assert not PeriodRow.select().where(PeriodRow.name == "SKM 2027").exists()
        await pilot.press("ctrl+s")
        await settle(pilot)
        created = PeriodRow.get(PeriodRow.name == "SKM 2027")
        assert created.regime_id == KEPMENPAN_2004
        kodes = [s.kode for s in office.services.periods.period_service_types(created.id)]
        assert kodes == ["02"]


async def test_import_populations_from_a_file_and_a_bad_file_explains(office, tmp_path: Path):
    """ "i" imports a CSV (targets update); a bad file opens a message naming row and column."""
    from ikm_tui.ui.dialogs.message import MessageDialog

    staf = add_two_services(office)
    period = office.services.periods.create("Periode impor", staf)
    good = tmp_path / "populasi.csv"
    good.write_text("jenis layanan;jumlah\n01;500\nKartu Keluarga;500\n", encoding="utf-8")
    bad = tmp_path / "salah.csv"
    bad.write_text("jenis layanan,jumlah\n01,100\n02,banyak\n", encoding="utf-8")
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await log_in(pilot, "sari")
        screen = await open_concept(pilot, app, period.id)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*str(good), "enter")
        await settle(pilot)
        assert "278 responden dari populasi 1.000" in str(
            screen.query_one("#targets", Static).render()
        )
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*str(bad), "enter")
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert "salah.csv, baris 3, kolom jumlah (B)" in app.screen.message
        await pilot.press("escape")
        await settle(pilot)
    targets = CustomerService(office.services.clock).targets(period.id)
    assert [t.population for t in targets.services] == [500, 500]  # the bad file stored nothing


async def test_new_period_outside_every_other_period_is_created_at_once(office):
    """Dates that share no day with another period create the period on the first Ctrl+S."""
    app = office.app()
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewPeriodDialog)
        await pilot.press(*"SKM 2027")
        dialog.query_one("#start", Input).value = "01-02-2027"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not dialog
        assert PeriodRow.get(PeriodRow.name == "SKM 2027").end_date.isoformat() == "2027-05-31"
