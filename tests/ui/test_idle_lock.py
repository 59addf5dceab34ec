"""Tests the idle lock: after the office's idle time the app locks over whatever is open, keys
go to the lock's password field only, a wrong password keeps it locked, the same user's password
opens it, and the half-typed paper form below is exactly as it was."""

from __future__ import annotations

import pytest

from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.screens.entry import EntryScreen
from ikm_tui.ui.screens.lock import LockScreen
from ikm_tui.ui.widgets.form_entry import FormEntry
from tests.ui.conftest import PASSWORD, settle
from tests.ui.test_entry import SIZE, Office, office, open_entry, stored_forms  # noqa: F401


def idle_for(app: IkmApp, seconds: float) -> None:
    app.last_input -= seconds
    app.lock_if_idle()


async def test_idle_lock_keeps_the_half_typed_form(office: Office) -> None:  # noqa: F811
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        app = pilot.app
        entry = await open_entry(pilot, office)
        assert app.idle_lock_seconds == 15 * 60  # the office's default
        await pilot.press("a", "1", "3", "4", "2", "1", "4", "3")  # half a form
        typed = (dict(entry.state.codes), entry.state.index, entry.state.partial)
        assert typed[1] > 0
        screen_text_before = str(entry.render())

        idle_for(app, 14 * 60)  # not yet
        assert not isinstance(app.screen, LockScreen)
        idle_for(app, 60)
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)

        await pilot.press("4", "4", "enter")  # keys go to the lock, not the form below
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "salah" in str(app.screen.query_one("#lock-error").render()).lower()
        await pilot.press("escape")
        assert isinstance(app.screen, LockScreen)

        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.query_one(FormEntry) is entry
        assert str(entry.render()) == screen_text_before
        assert (dict(entry.state.codes), entry.state.index, entry.state.partial) == typed
        await pilot.press(*"3333333", "enter")  # the rest of the form
        await settle(pilot)
        assert entry.saved_count == 1
    stored = stored_forms(office)
    assert len(stored) == 1
    assert stored[0]["layanan"] == "A" and stored[0]["jenis_kelamin"] == "1"
    assert stored[0]["usia"] == 34 and stored[0]["answers"] == [4, 3] + [3] * 7


async def test_the_office_sets_the_idle_time(office: Office) -> None:  # noqa: F811
    office.services.office.update(
        office.users["admin"],
        pemerintah="PEMERINTAH KABUPATEN SEMARANG",
        nama_unit="KECAMATAN BANDUNGAN",
        alamat="Jl. Raya",
        kota="Bandungan",
        idle_lock_minutes="5",
    )
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        app = pilot.app
        await open_entry(pilot, office)
        assert app.idle_lock_seconds == 5 * 60
        idle_for(app, 5 * 60)
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)


def test_idle_time_must_be_a_sensible_number(office: Office) -> None:  # noqa: F811
    from ikm_tui.errors import ValidationError

    for value, message in (("nol", "angka"), ("0", "antara 1 dan 480"), ("999", "antara")):
        with pytest.raises(ValidationError, match=message):
            office.services.office.update(
                office.users["admin"],
                pemerintah="P",
                nama_unit="K",
                alamat="A",
                kota="B",
                idle_lock_minutes=value,
            )
