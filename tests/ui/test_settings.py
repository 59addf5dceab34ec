"""Pilot tests of Pengaturan (Admin: users, kop, jenis layanan) and step 1's jenis layanan key."""

from __future__ import annotations

from typing import Any, cast

from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, SelectionList

from ikm_tui.persistence.models import OfficeRow
from ikm_tui.services import demo_data
from ikm_tui.services.auth import AuthService
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.commands import IkmCommands
from ikm_tui.ui.dialogs.day_off_form import DayOffFormDialog
from ikm_tui.ui.dialogs.office_form import OfficeFormDialog
from ikm_tui.ui.dialogs.service_form import PeriodServicesDialog, ServiceFormDialog
from ikm_tui.ui.dialogs.user_form import UserFormDialog
from ikm_tui.ui.screens.concept import ConceptScreen
from ikm_tui.ui.screens.dashboard import DashboardScreen
from ikm_tui.ui.screens.settings import SettingsScreen
from tests.ui.conftest import Office, bindings, log_in, settle

SIZE = (80, 24)


async def open_settings(pilot: Pilot[Any]) -> SettingsScreen:
    await log_in(pilot, "admin")
    assert isinstance(pilot.app.screen, DashboardScreen)
    assert bindings(cast(IkmApp, pilot.app))["p"] is True
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def test_admin_adds_a_staf_who_can_then_log_in(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, UserFormDialog)
        await pilot.press(
            *"dewi",
            "enter",
            *"Dewi Lestari, S.Sos",
            "enter",
            *"19920202 201801 2 004",
            "enter",
            *"Pengadministrasi",
            "enter",
            *"Pengatur / II-c",
            "enter",
        )
        assert dialog.focused is dialog.query_one("#role-staf", Checkbox)
        await pilot.press(
            "space", "tab", "tab", "tab", "tab", *"sandi-dewi", "enter", *"sandi-salah", "enter"
        )
        assert "Kedua kata sandi tidak sama" in str(dialog.query_one("#error").render())
        await pilot.press("ctrl+u", *"sandi-dewi", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        dewi = office.services.users.get("dewi")
        assert (dewi.nip, dewi.roles, dewi.pangkat) == (
            "199202022018012004",
            frozenset({"staf"}),
            "Pengatur / II-c",
        )
        table = app.screen.query_one("#users", DataTable)
        assert "dewi" in [row.value for row in table.rows]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("g")
        await log_in(pilot, "dewi", "sandi-dewi")
        assert isinstance(app.screen, DashboardScreen)
        assert app.user is not None and app.user.username == "dewi"
        assert "p" not in bindings(app)


async def test_admin_disables_enables_and_resets_a_password(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        table = screen.query_one("#users", DataTable)
        keys = [row.value for row in table.rows]
        table.move_cursor(row=keys.index("budi"))
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert office.services.users.get("budi").disabled is True
        assert str(table.get_row_at(keys.index("budi"))[4]) == "nonaktif"
        await pilot.press("d")
        await settle(pilot)
        assert office.services.users.get("budi").disabled is False
        table.move_cursor(row=keys.index("sari"))
        await pilot.press("k")
        await settle(pilot)
        await pilot.press(*"sandi-baru-1", "enter", *"sandi-baru-1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert AuthService(office.services.clock).login("sari", "sandi-baru-1").username == "sari"


async def test_admin_edits_the_kop_and_it_is_stored(office: Office) -> None:
    OfficeRow.create(**demo_data.load("office.json"))
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert "KECAMATAN BANDUNGAN" in str(screen.query_one("#office").render())
        assert bindings(app)["e"] is True and "t" not in bindings(app)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OfficeFormDialog)
        assert dialog.query_one("#nama_unit", Input).value == "KECAMATAN BANDUNGAN"
        await pilot.press("enter", "end", "ctrl+u", *"KECAMATAN AMBARAWA")
        dialog.query_one("#kode_pos", Input).value = "123"
        await pilot.press("ctrl+s")
        assert "Kode pos harus 5 angka" in str(dialog.query_one("#error").render())
        dialog.query_one("#kode_pos", Input).value = "50611"
        dialog.query_one("#paper_size", Input).value = "f4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        row = OfficeRow.get()
        assert (row.nama_unit, row.kode_pos, row.paper_size, row.kota) == (
            "KECAMATAN AMBARAWA",
            "50611",
            "F4",
            "Bandungan",
        )
        assert "KECAMATAN AMBARAWA" in str(screen.query_one("#office").render())


async def test_admin_adds_renames_and_orders_jenis_layanan(office: Office) -> None:
    periods = office.services.periods
    periods.add_service_type("01", "KTP elektronik", office.users["admin"])
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert "k" not in bindings(app) and bindings(app)["left_square_bracket"] is True
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ServiceFormDialog)
        await pilot.press(*"02", "enter", *"Legalisir surat", "enter")
        await settle(pilot)
        assert [(s.kode, s.nama) for s in periods.service_types()] == [
            ("01", "KTP elektronik"),
            ("02", "Legalisir surat"),
        ]
        table = screen.query_one("#service-types", DataTable)
        assert screen.focused is table
        await pilot.press("down", "left_square_bracket")
        await settle(pilot)
        assert [s.kode for s in periods.service_types()] == ["02", "01"]
        await pilot.press("d")
        await settle(pilot)
        assert [s.kode for s in periods.service_types()] == ["01"]
        assert str(table.get_row_at(0)[3]) == "nonaktif"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ServiceFormDialog)
        await pilot.press("enter", "end", "ctrl+u", *"Legalisir dokumen", "enter")
        await settle(pilot)
        assert [(s.kode, s.nama, s.active) for s in periods.service_types(active_only=False)] == [
            ("02", "Legalisir dokumen", False),
            ("01", "KTP elektronik", True),
        ]


async def test_staf_does_not_see_settings(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "sari")
        assert isinstance(app.screen, DashboardScreen)
        assert "p" not in bindings(app)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        titles = [title for title, _, _ in IkmCommands(app.screen)._commands()]
        assert "Pengaturan" not in titles and "Periode baru" in titles
        app.user = office.users["admin"]
        assert "Pengaturan" in [title for title, _, _ in IkmCommands(app.screen)._commands()]


async def test_staf_adds_a_jenis_layanan_to_the_period_in_step_1(office: Office) -> None:
    periods = office.services.periods
    ktp = periods.add_service_type("01", "KTP elektronik", office.users["admin"])
    periods.add_service_type("02", "Kartu Keluarga", office.users["admin"])
    assert periods.period_service_types(office.period.id) == []
    app = office.app()
    async with app.run_test(size=(100, 34)) as pilot:
        await log_in(pilot, "sari")
        await app.push_screen(ConceptScreen(office.period.id))
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PeriodServicesDialog)
        assert dialog.query_one(SelectionList).selected == []
        await pilot.press("space", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConceptScreen)
        assert periods.period_service_types(office.period.id) == [ktp]
        content = office.services.questionnaire.current(office.period.id).content
        assert content["services"] == [{"kode": "01", "nama": "KTP elektronik"}]
        services_table = app.screen.query_one("#services", DataTable)
        assert str(services_table.get_row_at(0)[1]) == "KTP elektronik"


def _day_rows(table: DataTable[Any]) -> list[tuple[str, str, str]]:
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]  # type: ignore[misc]


async def test_admin_adds_edits_and_removes_an_office_day_off(office: Office) -> None:
    calendar = office.services.calendar
    app = office.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.press("4")
        await settle(pilot)
        table = screen.query_one("#days-off", DataTable)
        assert screen.focused is table
        shown = bindings(app)
        assert shown["t"] is True and shown["d"] is True and "k" not in shown
        assert app.screen.active_bindings["d"].binding.action == "remove"
        rows = _day_rows(table)
        assert ("Kamis, 19 Maret 2026", "nasional", "Hari Suci Nyepi") in rows
        assert any(r[0].endswith("2027") for r in rows)  # this year and the next
        # a national holiday cannot be removed here
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        # add: a bad date is refused in the dialog, then a good one is stored
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DayOffFormDialog)
        await pilot.press(*"31-02-2026", "enter", *"Hari jadi", "enter")
        assert "Tanggal tidak dikenal" in str(dialog.query_one("#error").render())
        await pilot.press("shift+tab", "ctrl+u", *"25-03-2026", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert [(d.tanggal.isoformat(), d.keterangan) for d in calendar.days_off()] == [
            ("2026-03-25", "Hari jadi")
        ]
        rows = _day_rows(table)
        index = rows.index(("Rabu, 25 Maret 2026", "kantor", "Hari jadi"))
        assert rows[index - 1][0] == "Selasa, 24 Maret 2026"  # in date order
        # a day that is already off is refused by the service, said in a notification
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"19-03-2026", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert len(calendar.days_off()) == 1
        # Enter on the office's row changes its keterangan
        table.move_cursor(row=index)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DayOffFormDialog)
        await pilot.press("ctrl+u", *"Hari jadi Kabupaten Semarang", "enter")
        await settle(pilot)
        assert calendar.days_off()[0].keterangan == "Hari jadi Kabupaten Semarang"
        # D asks, N keeps it, D then Y removes it
        table.move_cursor(row=index)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert len(calendar.days_off()) == 1
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert calendar.days_off() == []
        assert ("Rabu, 25 Maret 2026", "kantor", "Hari jadi Kabupaten Semarang") not in _day_rows(
            table
        )


async def test_admin_exports_installs_and_resets_a_template(office: Office, tmp_path) -> None:
    """Tab 5: X writes the template in use, P installs an edited one (a broken one is refused
    with the placeholder named), B asks and goes back to the shipped one."""
    from tests.export.test_engine import replace_in_part

    templates = office.services.templates
    app = office.app()
    exported = tmp_path / "templat.docx"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert screen.focused is screen.query_one("#templates", DataTable)
        shown = bindings(app)
        assert shown["x"] is True and shown["p"] is True and shown["b"] is True
        assert "t" not in shown and "k" not in shown
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("ctrl+u", *str(exported), "enter")
        await settle(pilot)
        assert exported.read_bytes() == templates.template_bytes("kuesioner")
        broken = tmp_path / "rusak.docx"
        broken.write_bytes(replace_in_part(exported.read_bytes(), "{{ judul }}", "{{ judull }}"))
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("ctrl+u", *str(broken), "enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert not templates.status("kuesioner").installed
        assert any("{{ judull }}" in n.message for n in app._notifications)
        edited = tmp_path / "kantor.docx"
        edited.write_bytes(
            replace_in_part(exported.read_bytes(), "{{ saran }}", "SARAN {{ saran }}")
        )
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("ctrl+u", *str(edited), "enter")
        await settle(pilot)
        assert templates.status("kuesioner").installed
        row = screen.query_one("#templates", DataTable).get_row_at(0)
        assert "terpasang (kantor.docx)" in str(row[2])
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not templates.status("kuesioner").installed
