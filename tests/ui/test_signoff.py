"""Pilot tests of the sign-off dialog: submit, approve and return for Staf, Sekcam and Camat,
with the stored result read back through SignOffService and WorkflowService."""

from __future__ import annotations

from textual.widgets import Button, Input, Static

from ikm_tui.domain import sop
from ikm_tui.ui.dialogs.signoff import SignOffDialog, SignOffResult
from ikm_tui.ui.screens.period import PeriodScreen
from tests.ui.conftest import PASSWORD, log_in, settle


async def open_dialog(pilot, app, username: str, row: int) -> SignOffDialog:
    """Log in, open the period on dashboard row `row`, press "d" for the sign-off dialog."""
    await log_in(pilot, username)
    await pilot.press(*(["down"] * row), "enter")
    await settle(pilot)
    assert isinstance(app.screen, PeriodScreen)
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(app.screen, SignOffDialog)
    return app.screen


def kuesioner(office, period_id):
    document = office.services.signoff.latest(period_id, sop.KUESIONER)
    assert document is not None
    return document


async def sign_as(office, username: str, row: int) -> SignOffDialog:
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app, username, row)
        await pilot.press(*PASSWORD, "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
    return dialog


async def test_staf_submits_the_draft(office):
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app, "sari", 0)
        summary = str(dialog.query_one("#summary", Static).render())
        assert "Kuesioner, versi 1; status: Draf" in summary
        assert kuesioner(office, office.period.id).content_hash[:16] in summary
        assert {b.id for b in dialog.query(Button) if b.display} == {"sign", "cancel"}
        assert "Ajukan" in str(dialog.query_one("#sign", Button).label)
        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
    document = kuesioner(office, office.period.id)
    assert document.state == sop.DIAJUKAN
    assert document.signature(sop.DIBUAT).full_name == office.users["sari"].full_name
    assert office.services.periods.get(office.period.id).current_step == 2


async def test_sekcam_then_camat_approve(two_periods):
    """Sekcam checks, Camat approves: the kuesioner is final and frozen, step 4 starts."""
    office, second = two_periods
    await sign_as(office, "budi", 1)
    document = kuesioner(office, second.id)
    assert document.state == sop.DIPERIKSA_STATE
    assert office.services.periods.get(second.id).current_step == 3
    await sign_as(office, "camat", 1)
    document = kuesioner(office, second.id)
    assert document.is_final and document.frozen
    assert document.signature(sop.DISETUJUI).full_name == office.users["camat"].full_name
    assert office.services.periods.get(second.id).current_step == 4


async def test_sekcam_returns_with_a_note(two_periods):
    """A return without a note is refused in the dialog; with a note it reaches the Staf."""
    office, second = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app, "budi", 1)
        await pilot.press(*PASSWORD, "ctrl+r")
        await settle(pilot)
        assert app.screen is dialog
        assert "Tuliskan catatan" in str(dialog.query_one("#error", Static).render())
        assert kuesioner(office, second.id).state == sop.DIAJUKAN
        await pilot.press(*"Unsur U3 kurang jelas", "ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
    document = kuesioner(office, second.id)
    assert document.state == sop.DIKEMBALIKAN
    assert document.return_note == "Unsur U3 kurang jelas"
    assert office.services.periods.get(second.id).current_step == 1
    tasks = office.services.workflow.my_tasks(office.users["sari"])
    assert any(task.period_id == second.id for task in tasks)


async def test_camat_returns_and_staf_sees_the_note(two_periods):
    office, second = two_periods
    await sign_as(office, "budi", 1)
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, app, "camat", 1)
        await pilot.press(*PASSWORD, "tab", *"Tambah saran", "enter")
        await settle(pilot)
    assert kuesioner(office, second.id).return_note == "Tambah saran"
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app, "sari", 1)
        assert "Catatan pengembalian: Tambah saran" in str(
            dialog.query_one("#summary", Static).render()
        )


async def test_wrong_password_keeps_the_dialog_open_and_changes_nothing(two_periods):
    office, second = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app, "budi", 1)
        await pilot.press(*"bukan-sandinya", "ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # still open, the field cleared, the reason shown
        assert "Kata sandi salah." in str(dialog.query_one("#error", Static).render())
        assert dialog.query_one("#password", Input).value == ""
        assert kuesioner(office, second.id).state == sop.DIAJUKAN
        await pilot.press(*PASSWORD, "ctrl+s")  # the right one now signs
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
    assert kuesioner(office, second.id).state == sop.DIPERIKSA_STATE


async def test_escape_cancels(two_periods):
    office, second = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, app, "budi", 1)
        await pilot.press(*PASSWORD, "escape")
        await settle(pilot)
        assert isinstance(app.screen, PeriodScreen)
    assert kuesioner(office, second.id).state == sop.DIAJUKAN


async def test_password_typed_before_the_document_loads_is_kept(two_periods):
    """D, the password and Ctrl+S in one burst: the dialog opens at once and signs when the
    document has loaded; no key reaches the period screen's own bindings."""
    office, second = two_periods
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "budi")
        await pilot.press("down", "enter")
        await settle(pilot)
        dialog = SignOffDialog()
        results: list[SignOffResult | None] = []
        app.push_screen(dialog, results.append)
        await pilot.pause()
        await pilot.press(*PASSWORD, "ctrl+s")
        assert dialog.document is None and dialog.pending == "sign"
        document = office.services.signoff.latest(second.id, sop.KUESIONER)
        dialog.set_document(document, {"setujui", "kembalikan"})
        await settle(pilot)
        assert dialog not in app.screen_stack
        assert results == [SignOffResult("setujui", PASSWORD)]
