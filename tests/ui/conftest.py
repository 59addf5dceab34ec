"""Provides UI test fixtures: an office database seeded through the services, and Pilot helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from textual.pilot import Pilot

from ikm_tui.clock import fixed_clock
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp

PASSWORD = "sandi123"  # short: Pilot types it key by key in many tests
NOW = dt.datetime(2026, 9, 15, 9, 30)  # a Tuesday

PEOPLE = {
    "admin": ("Admin Kecamatan", "", "Pengelola Aplikasi", "", ("admin",)),
    "sari": (
        "Sari Wulandari, S.AP",
        "199001012015032001",
        "Pelaksana",
        "Penata Muda / III-a",
        ("staf",),
    ),
    "budi": (
        "Drs. Budi Santoso, M.Si",
        "197505052000031002",
        "Sekretaris Camat",
        "Pembina / IV-a",
        ("sekcam",),
    ),
    "camat": (
        "Agus Prasetyo, S.STP, M.Si",
        "198003032002121003",
        "Camat",
        "Pembina Tingkat I / IV-b",
        ("camat",),
    ),
}


@dataclass
class Office:
    """The seeded office: services with a frozen clock, the users by name, one period."""

    services: Services
    users: dict[str, UserRecord]
    period: PeriodRecord

    def app(self) -> IkmApp:
        return IkmApp(self.services)


@pytest.fixture
def office(db) -> Office:
    services = Services(fixed_clock(NOW))
    users: dict[str, UserRecord] = {}
    admin = None
    for username, (name, nip, jabatan, pangkat, roles) in PEOPLE.items():
        users[username] = services.users.add(
            username, name, nip, jabatan, pangkat, roles, PASSWORD, admin
        )
        admin = admin or users[username]
    period = services.periods.create(
        "SKM Semester II 2026", users["sari"], start_date=dt.date(2026, 9, 1)
    )
    return Office(services, users, period)


async def settle(pilot: Pilot[Any], rounds: int = 20) -> None:
    """Wait until every worker (and what their callbacks start) has finished."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        running = [w for w in app.workers if w.is_running]
        if not running:
            await pilot.pause()
            if not [w for w in app.workers if w.is_running]:
                return
        await app.workers.wait_for_complete()
    raise AssertionError("workers did not finish")


async def log_in(pilot: Pilot[Any], username: str, password: str = PASSWORD) -> None:
    """Type the user name and password on the login screen and press Enter twice."""
    await settle(pilot)
    await pilot.press(*username, "enter")
    await pilot.press(*password, "enter")
    await settle(pilot)


@pytest.fixture
def two_periods(office: Office) -> tuple[Office, PeriodRecord]:
    """The office plus a second period whose kuesioner the Staf has submitted (step 2)."""
    second = office.services.periods.create(
        "SKM Semester I 2026", office.users["sari"], start_date=dt.date(2026, 1, 5)
    )
    document = office.services.signoff.latest(second.id, "kuesioner")
    assert document is not None
    office.services.signoff.submit(document.id, office.users["sari"], PASSWORD)
    return office, office.services.periods.get(second.id)


def bindings(app: IkmApp) -> dict[str, bool]:
    """Key -> enabled for every binding the current screen shows (hidden ones are absent)."""
    return {key: active.enabled for key, active in app.screen.active_bindings.items()}
