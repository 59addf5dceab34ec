"""Pilot tests of the workflow guards: closing collection below the sample target or before the
period's end asks with the figures; the Camat reopens collection with a reason; a dimmed key
says why it cannot act now."""

from __future__ import annotations

import datetime as dt

from ikm_tui.domain import sop
from ikm_tui.persistence.respondents import FormData
from ikm_tui.ui.dialogs.confirm import ConfirmDialog
from ikm_tui.ui.dialogs.correction import ReasonDialog
from tests.ui.conftest import PASSWORD, bindings, log_in, settle
from tests.ui.test_period import open_period


def at_collection_with_one_form(office) -> int:
    services, users, period_id = office.services, office.users, office.period.id
    document = services.signoff.latest(period_id, sop.KUESIONER)
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
            answers=dict.fromkeys(layout.unsur_keys, 4),
        ),
        users["sari"],
    )
    return period_id


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_close_asks_with_the_figures_and_the_camat_reopens(office) -> None:
    period_id = at_collection_with_one_form(office)
    services = office.services
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        await open_period(pilot, app, 0)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Perhatian" in text
        assert "Periode baru berakhir" in text and "hari lagi" in text
        assert "populasi belum diisi" in text  # the office entered no population yet
        await pilot.press("y")
        await settle(pilot)
    collection = sop.collection_step()
    assert services.periods.get(period_id).current_step == sop.next_step(collection)

    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "camat")
        screen = await open_period(pilot, app, 0)
        assert bindings(app)["b"] is True
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("enter")  # no reason: refused, the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press(*"formulir loket KK tertinggal", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert any("dibuka kembali" in m for m in notifications(app))
    assert services.periods.get(period_id).current_step == collection


async def test_a_dimmed_key_says_why(office) -> None:
    app = office.app()  # the period stands at step 1: entry is not due yet
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        screen = await open_period(pilot, app, 0)
        assert bindings(app)["e"] is False  # dimmed
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen
        said = notifications(app)
        assert any("Entri" in m and "belum dapat dilakukan" in m for m in said), said


async def test_staf_reads_the_approved_questionnaire_while_collecting(office) -> None:
    """K on the period screen at step 4 opens the approved kuesioner read-only: its edit keys
    are dimmed, its export is allowed, and an edit attempt changes nothing."""
    from ikm_tui.ui.screens.concept import ConceptScreen

    period_id = at_collection_with_one_form(office)
    before = office.services.signoff.latest(period_id, sop.KUESIONER)
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sari")
        await open_period(pilot, app, 0)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, ConceptScreen)
        assert "sudah disetujui Camat dan dibekukan" in str(
            app.screen.query_one("#readonly").render()
        )
        keys = bindings(app)
        assert keys["e"] is False and keys["x"] is True
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ConceptScreen)
    after = office.services.signoff.latest(period_id, sop.KUESIONER)
    assert after is not None and before is not None and after.content_hash == before.content_hash
