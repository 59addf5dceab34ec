"""Describes every screen the snapshot tests photograph: who logs in and how the screen is reached.

A `Shot` logs in through the login screen as a demo user (or stays on it), then `reach`
opens the screen the way the app does (its own `open_*` methods or the screen's key), and
`ready` waits until every worker has finished and no cursor blinks, so the picture never
depends on timing. `python -m tests.ui.snapshots.screens NAME [WxH]` prints a shot as text.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from ikm_tui.services import demo_data
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from tests.ui.conftest import log_in, settle

# The demo accounts as sample_data defines them: sri, agus (Staf), sekcam, camat, admin.
PASSWORDS = {u["username"]: u["password"] for u in demo_data.load("users.json")}
FINISHED, RUNNING = "Periode I 2026", "Periode II 2026"
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
STABLE_ROUNDS = 20

Reach = Callable[[Pilot[Any], Services], Awaitable[None]]


def period_id(services: Services, name: str) -> int:
    return next(p.id for p in services.periods.list() if p.name == name)


async def ready(pilot: Pilot[Any]) -> None:
    """Every worker done, animations over, no blinking cursor anywhere on screen, and the
    picture the same on two consecutive refreshes (tables measure their columns after the
    rows arrive, a resize can refill a table)."""
    app = cast(IkmApp, pilot.app)
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    for widget in app.screen.query("Input, TextArea"):
        cast("Input | TextArea", widget).cursor_blink = False
    previous = ""
    for _ in range(STABLE_ROUNDS):
        await pilot.pause()
        await settle(pilot)
        current = screen_text(app)
        if current == previous:
            return
        previous = current
    raise AssertionError("the screen kept changing")


@dataclass(frozen=True)
class Shot:
    """One screen: the user who sees it (None: nobody logged in) and how to get there."""

    user: str | None
    reach: Reach | None = None

    async def run(self, pilot: Pilot[Any]) -> None:
        app = cast(IkmApp, pilot.app)
        if self.user is not None:
            await log_in(pilot, self.user, PASSWORDS[self.user])
        if self.reach is not None:
            await self.reach(pilot, app.services)
        await ready(pilot)


def step(action: str, period: str) -> Reach:
    async def reach(pilot: Pilot[Any], services: Services) -> None:
        app = cast(IkmApp, pilot.app)
        app.open_period(period_id(services, period))
        await settle(pilot)
        app.open_step(action, period_id(services, period))
        await settle(pilot)

    return reach


def period_screen(period: str) -> Reach:
    async def reach(pilot: Pilot[Any], services: Services) -> None:
        cast(IkmApp, pilot.app).open_period(period_id(services, period))

    return reach


def keys(*pressed: str, before: Reach | None = None) -> Reach:
    async def reach(pilot: Pilot[Any], services: Services) -> None:
        if before is not None:
            await before(pilot, services)
            await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return reach


async def complaints(pilot: Pilot[Any], services: Services) -> None:
    cast(IkmApp, pilot.app).open_complaints()


async def saran(pilot: Pilot[Any], services: Services) -> None:
    cast(IkmApp, pilot.app).open_saran(period_id(services, FINISHED))


async def audit(pilot: Pilot[Any], services: Services) -> None:
    from ikm_tui.ui.screens.audit import AuditScreen

    await pilot.app.push_screen(AuditScreen(period_id(services, RUNNING)))


async def settings(pilot: Pilot[Any], services: Services) -> None:
    from ikm_tui.ui.screens.settings import SettingsScreen

    await pilot.app.push_screen(SettingsScreen())


def settings_tab(number: str) -> Reach:
    return keys(number, before=settings)


async def lock(pilot: Pilot[Any], services: Services) -> None:
    cast(IkmApp, pilot.app).lock()


async def new_concept(pilot: Pilot[Any], services: Services) -> None:
    """A third period, just created: its kuesioner is a draft the Staf can edit and submit."""
    app = cast(IkmApp, pilot.app)
    assert app.user is not None
    period = services.periods.create("Periode I 2027", app.user, start_date=dt.date(2027, 1, 4))
    app.open_step("susun_konsep", period.id)


async def ptpp_form(pilot: Pilot[Any], services: Services) -> None:
    from ikm_tui.ui.dialogs.ptpp_form import PtppFormScreen

    await step("ptpp", FINISHED)(pilot, services)
    item = services.ptpp.list(period_id(services, FINISHED), "semua")[0]
    users = [u for u in services.users.list() if not u.disabled]
    await pilot.app.push_screen(
        PtppFormScreen(f"Ubah PTPP {item.nomor}", services.ptpp.as_input(item), users)
    )


SHOTS: dict[str, Shot] = {
    "login": Shot(None),
    **{f"dashboard_{user}": Shot(user) for user in PASSWORDS},
    "period_running_staf": Shot("sri", period_screen(RUNNING)),
    "period_running_camat": Shot("camat", period_screen(RUNNING)),
    "period_finished_sekcam": Shot("sekcam", period_screen(FINISHED)),
    "period_finished_agus": Shot("agus", period_screen(FINISHED)),
    "concept_approved": Shot("sri", step("susun_konsep", RUNNING)),
    "concept_draft": Shot("sri", new_concept),
    "review": Shot("sekcam", step("periksa_konsep", RUNNING)),
    "entry": Shot("sri", step("entri", RUNNING)),
    "importing": Shot("agus", step("impor", RUNNING)),
    "tabulation": Shot("sri", step("tabulasi", RUNNING)),
    "report": Shot("sri", step("laporan", FINISHED)),
    "meeting": Shot("sri", step("rapat", FINISHED)),
    "ptpp": Shot("sri", step("ptpp", FINISHED)),
    "minutes": Shot("sri", step("notulen", FINISHED)),
    "archive": Shot("sri", step("arsip", FINISHED)),
    "complaints": Shot("sri", complaints),
    "saran": Shot("sri", saran),
    "audit": Shot("sekcam", audit),
    **{f"settings_{n}": Shot("admin", settings_tab(str(n))) for n in range(1, 7)},
    "help": Shot("sri", keys("f1")),
    "lock": Shot("sri", lock),
    "dialog_signoff": Shot("sri", keys("a", before=new_concept)),
    "dialog_new_period": Shot("sri", keys("n")),
    "dialog_user_form": Shot("admin", keys("t", before=settings)),
    "dialog_ptpp_form": Shot("sri", ptpp_form),
    "dialog_complaint": Shot("sri", keys("n", before=complaints)),
}


def screen_text(app: IkmApp) -> str:
    """The screen as plain text, as a terminal would show it."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


async def _print(names: list[str], size: tuple[int, int]) -> None:
    import shutil
    import tempfile
    from pathlib import Path

    from ikm_tui.clock import fixed_clock
    from ikm_tui.persistence import db as db_module
    from tests.ui.snapshots.conftest import NOW, build_fixed_demo

    folder = Path(tempfile.mkdtemp())
    build_fixed_demo(folder / "demo.db")
    for name in names:
        shutil.copyfile(folder / "demo.db", folder / "copy.db")
        db_module.connect(str(folder / "copy.db"))
        app = IkmApp(Services(fixed_clock(NOW)))
        async with app.run_test(size=size) as pilot:
            await SHOTS[name].run(pilot)
            print(f"===== {name} {size[0]}x{size[1]}")
            print(screen_text(app))
        db_module.close()
    shutil.rmtree(folder)


if __name__ == "__main__":
    wanted = [a for a in sys.argv[1:] if a not in SIZES] or list(SHOTS)
    for size in [SIZES[a] for a in sys.argv[1:] if a in SIZES] or list(SIZES.values()):
        asyncio.run(_print(wanted, size))
