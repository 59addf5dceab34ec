"""Pilot tests of the tabulation screen: figures, filters by key, export and closing step 4."""

from __future__ import annotations

import datetime as dt
import random

from textual.widgets import DataTable, Input, Static

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import angka
from ikm_tui.persistence import respondents
from ikm_tui.persistence.models import PeriodRow, PeriodServiceRow, database_proxy
from ikm_tui.persistence.respondents import FormData
from ikm_tui.ui.screens.tabulation import TabulationScreen, bar
from tests.ui.conftest import NOW, PASSWORD, log_in, settle

KEYS = [
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "sarana",
    "pengaduan",
]


def _to_step4(office) -> int:
    services, users = office.services, office.users
    document = services.signoff.latest(office.period.id, sop.KUESIONER)
    services.signoff.submit(document.id, users["sari"], PASSWORD)
    services.signoff.approve(document.id, users["budi"], PASSWORD)
    services.signoff.approve(document.id, users["camat"], PASSWORD)
    service = services.periods.add_service_type("01", "KTP elektronik", users["sari"])
    PeriodServiceRow.create(period=office.period.id, service_type=service.id)
    rng = random.Random(4)
    forms = [
        FormData(
            answers={k: rng.choice([2, 3, 4, 4, None]) for k in KEYS},
            tanggal_survei=rng.choice([dt.date(2026, 9, 10), dt.date(2026, 10, 12)]),
            jenis_kelamin=rng.choice(["1", "2"]),
            service_type_id=rng.choice([service.id, None]),
        )
        for _ in range(60)
    ]
    with database_proxy.atomic():
        respondents.bulk_insert(office.period.id, forms, NOW, None, None)
    return office.period.id


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def test_bar_uses_eighth_blocks():
    assert bar(4, 4, 10) == "█" * 10
    assert bar(2, 4, 10) == "█" * 5 + " " * 5
    assert bar(1.05, 4, 10) == "██▋" + " " * 7
    assert bar(0, 4, 4) == "    "


async def test_tabulation_shows_figures_and_filters_by_keys(office):
    period_id = _to_step4(office)
    whole = office.services.tabulation.summary(period_id)
    september = office.services.tabulation.summary(period_id, month=9)
    app = office.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "budi")
        app.push_screen(TabulationScreen(period_id))
        await settle(pilot)
        assert f"IKM sementara: {angka(whole.score.ikm)}" in _text(app, "#ikm")
        assert "Responden dihitung: 60" in _text(app, "#ikm")
        table = app.screen.query_one("#unsur", DataTable)
        assert table.row_count == 9
        first = whole.score.unsur[0]
        assert table.get_row_at(0)[3] == angka(first.nrr, 3)
        assert str(table.get_row_at(0)[6]).strip() == bar(float(first.nrr), 4.0).strip()
        counts = app.screen.query_one("#counts", DataTable)
        ktp = office.services.tabulation.breakdown_by_service(period_id)[0]
        assert [str(c) for c in counts.get_row_at(0)] == [
            "Jenis layanan",
            "KTP elektronik",
            str(ktp.respondents),
            "-",
            angka(ktp.score.ikm),
        ]
        await pilot.press("b")
        await settle(pilot)
        assert "Bulan September 2026" in _text(app, "#tab-filter")
        assert f"IKM sementara: {angka(september.score.ikm)}" in _text(app, "#ikm")
        await pilot.press("a")
        await settle(pilot)
        assert "Seluruh periode" in _text(app, "#tab-filter")
        await pilot.press("l")
        await settle(pilot)
        assert "Jenis layanan KTP elektronik" in _text(app, "#tab-filter")
        only_ktp = office.services.tabulation.summary(
            period_id, service_type_id=app.screen.service_type_id
        )
        assert f"Responden dihitung: {only_ktp.respondents}" in _text(app, "#ikm")
        assert 0 < only_ktp.respondents < 60
        # a Sekretaris Camat cannot close data collection: the key does nothing
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, TabulationScreen)
    assert PeriodRow.get_by_id(period_id).current_step == 4


async def test_export_olah_data_and_close_collection(office, tmp_path):
    period_id = _to_step4(office)
    target = tmp_path / "olah.xlsx"
    app = office.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "sari")
        app.push_screen(TabulationScreen(period_id))
        await settle(pilot)
        await pilot.press("o")
        field = app.screen.query_one("#export-path", Input)
        assert app.screen.focused is field and field.value.endswith(".xlsx")
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.is_file() and target.stat().st_size > 0
        assert field.has_class("hidden")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TabulationScreen)
    row = PeriodRow.get_by_id(period_id)
    assert row.current_step == 5 and row.collection_closed_at is not None
