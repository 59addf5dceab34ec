"""Tests the audit view: Sekretaris Camat, Camat and Admin open it from the dashboard (A) and
filter the trail by period, user and action, with the reasons of corrections shown; a Staf
cannot open it (no key, and the service refuses)."""

from __future__ import annotations

import dataclasses

import pytest
from textual.widgets import Input, Select

from ikm_tui.errors import PermissionDenied
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.audit import AuditFilter
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.screens.audit import AuditScreen, AuditTable
from tests.ui.conftest import log_in, settle
from tests.ui.test_entry import SIZE, Office, office  # noqa: F401

REASON = "salah ketik umur pada formulir kertas"


@pytest.fixture
def worked(office: Office) -> Office:  # noqa: F811
    """Two forms saved by Sari, the second corrected with a reason; a second period."""
    entry = office.services.entry
    layout = entry.layout(office.period_id)
    answers = dict.fromkeys(layout.unsur_keys, 3)
    form = FormData(usia=40, jenis_kelamin="1", answers=answers)
    entry.save_form(office.period_id, form, office.users["sari"])
    entry.save_form(office.period_id, form, office.users["sari"])
    entry.correct(
        office.period_id, 2, dataclasses.replace(form, usia=41), REASON, office.users["sari"]
    )
    office.services.periods.create("SKM Lain 2026", office.users["sari"])
    return office


def rows(app: IkmApp) -> list[list[str]]:
    table = app.screen.query_one(AuditTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def test_the_service_filters_by_period_and_refuses_a_staf(worked: Office) -> None:
    audit = worked.services.audit
    sekcam = worked.users["budi"]
    of_period = audit.lines(sekcam, AuditFilter(period_id=worked.period_id))
    actions = {line.action for line in of_period}
    assert {"formulir_simpan", "formulir_koreksi", "dokumen_setujui"} <= actions
    assert "periode_buat" in actions
    others = audit.lines(sekcam, AuditFilter(period_id=worked.period_id + 1))
    assert {line.action for line in others} <= {"periode_buat", "dokumen_buat", "langkah_mulai"}
    correction = audit.lines(sekcam, AuditFilter(action="formulir_koreksi"))
    assert len(correction) == 1 and correction[0].keterangan.startswith(f"alasan: {REASON}")
    assert audit.lines(sekcam, AuditFilter(text="umur")) == correction
    with pytest.raises(PermissionDenied):
        audit.lines(worked.users["sari"], AuditFilter())


async def test_sekcam_opens_and_filters_the_audit_view(worked: Office) -> None:
    async with IkmApp(worked.services).run_test(size=SIZE) as pilot:
        await log_in(pilot, "budi")
        await pilot.press("a")
        await settle(pilot)
        app = pilot.app
        assert isinstance(app.screen, AuditScreen)
        period = app.screen.query_one("#filter-period", Select)
        assert period.value == worked.period_id + 1  # the period highlighted on the dashboard
        assert {row[2] for row in rows(app)} <= {
            "Periode dibuat",
            "Dokumen dibuat",
            "Langkah dimulai",
        }
        period.clear()
        await settle(pilot)
        assert len(rows(app)) > 10
        app.screen.query_one("#filter-action", Select).value = "formulir_koreksi"
        await settle(pilot)
        shown = rows(app)
        assert len(shown) == 1 and shown[0][1] == "sari"
        assert shown[0][2] == "Formulir dikoreksi" and REASON in shown[0][3]
        assert REASON in str(app.screen.query_one("#audit-detail").render())
        app.screen.query_one("#filter-action", Select).clear()
        await settle(pilot)
        await pilot.press("slash", *"umur", "enter")
        await settle(pilot)
        assert isinstance(app.focused, AuditTable)
        assert [row[2] for row in rows(app)] == ["Formulir dikoreksi"]
        assert app.screen.query_one("#filter-text", Input).value == "umur"
        await pilot.press("escape")
        assert not isinstance(app.screen, AuditScreen)


async def test_a_staf_has_no_audit_key(worked: Office) -> None:
    async with IkmApp(worked.services).run_test(size=SIZE) as pilot:
        await log_in(pilot, "sari")
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, AuditScreen)


def test_details_name_forms_not_fingerprints() -> None:
    """A {form number: content hash} detail reads as the forms' numbers in runs, keys without
    underscores and ISO dates as the office writes them; the hashes stay for `verify`."""
    import datetime as dt

    from ikm_tui.persistence.audit_view import AuditEntry
    from ikm_tui.services.audit import describe

    digests = {str(n): f"{n:064x}" for n in (233, 234, 235, 236, 240)}
    entry = AuditEntry(
        1, dt.datetime(2026, 11, 24), "agus", "responden_entri", "period", "2",
        {"jumlah": 5, "isi_formulir": digests, "tanggal": "2026-11-24"},
    )  # fmt: skip
    text = describe(entry)
    assert text == "jumlah: 5; isi formulir: no. 233-236, 240; tanggal: 24-11-2026", text
    assert "0000" not in text


async def test_the_detail_pane_shows_the_whole_entry_above_the_footer(worked: Office) -> None:
    """At 80x24 the highlighted entry's detail is whole and not under the key footer."""
    from textual.widgets import Static

    from ikm_tui.ui.widgets.footer import KeyFooter

    async with IkmApp(worked.services).run_test(size=SIZE) as pilot:
        await log_in(pilot, "budi")
        pilot.app.push_screen(AuditScreen())
        await settle(pilot)
        detail = pilot.app.screen.query_one("#audit-detail", Static)
        footer = pilot.app.screen.query_one(KeyFooter)
        assert detail.region.bottom <= footer.region.y, (detail.region, footer.region)
        assert detail.region.height >= 1 and detail.region.bottom <= SIZE[1]
        text = str(detail.render())
        assert text.startswith("#") and "_" not in text.split(":")[0], text


async def test_the_filters_show_a_long_period_name_whole_at_80_columns(worked: Office) -> None:
    """On a narrow screen the four filters take two lines, so a period's name is not cut."""
    from tests.ui.snapshots.screens import screen_text

    name = "Survei Kepuasan Semester II 2027"
    period = worked.services.periods.create(name, worked.users["sari"])
    async with IkmApp(worked.services).run_test(size=SIZE) as pilot:
        await log_in(pilot, "budi")
        pilot.app.push_screen(AuditScreen(period.id))
        await settle(pilot)
        assert name in screen_text(pilot.app)
