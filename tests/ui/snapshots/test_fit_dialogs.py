"""Dialogs fit 80x24 and 120x40: the whole box and its buttons on screen without scrolling, the
PTPP form's text areas as tall as their paragraphs, long messages scrolling under fixed buttons."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, OptionList, SelectionList, TextArea

from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from tests.ui.conftest import settle
from tests.ui.snapshots.screens import (
    FINISHED,
    RUNNING,
    SHOTS,
    SIZES,
    Reach,
    Shot,
    complaints,
    keys,
    new_concept,
    period_id,
    period_screen,
    settings,
    step,
)


async def review_signoff(pilot: Pilot[Any], services: Services) -> None:
    """The tallest sign-off dialog: three signatures, a return note, password and note fields."""
    from ikm_tui.ui.dialogs.signoff import APPROVE, RETURN, SignOffDialog

    document = services.signoff.latest(period_id(services, RUNNING), "kuesioner")
    assert document is not None
    note = (
        "Pertanyaan U3 perlu disederhanakan dan dibandingkan lagi dengan standar pelayanan; "
        "pilihan jawaban U5 belum sesuai templat kantor; nomor urut pertanyaan U7 sampai U9 "
        "perlu diperiksa kembali sebelum diajukan ulang kepada Sekretaris Camat."
    )
    returned = dataclasses.replace(document, return_note=note)
    await pilot.app.push_screen(SignOffDialog(returned, {APPROVE, RETURN}))


async def long_message(pilot: Pilot[Any], services: Services) -> None:
    from ikm_tui.ui.dialogs.message import MessageDialog

    text = "".join(f"Baris {n}: nilai #N/A bukan jawaban 1-4.\n" for n in range(1, 41))
    await pilot.app.push_screen(MessageDialog("Impor gagal", text, error=True))


def more_services(then: Reach) -> Reach:
    """Twelve more jenis layanan in the office (22 in all), then `then`."""

    async def reach(pilot: Pilot[Any], services: Services) -> None:
        admin = next(u for u in services.users.list() if u.username == "admin")
        for n in range(1, 13):
            services.periods.add_service_type(f"X{n}", f"Layanan tambahan nomor {n}", admin)
        await then(pilot, services)

    return reach


DIALOGS: dict[str, Shot] = {
    **{name: SHOTS[name] for name in SHOTS if name.startswith("dialog_") and "ptpp" not in name},
    "entry_batch": Shot("sri", keys("f2", before=step("entri", RUNNING))),
    "entry_exclude": Shot("sri", keys("f4", before=step("entri", RUNNING))),
    "close_collection": Shot("sri", keys("c", before=period_screen(RUNNING))),
    "export_folder": Shot("sri", keys("ctrl+o", before=step("laporan", FINISHED))),
    "office_form": Shot("admin", keys("2", "e", before=settings)),
    "service_form": Shot("admin", keys("3", "t", before=settings)),
    "day_off_form": Shot("admin", keys("4", "t", before=settings)),
    "complaint_dispose": Shot("sekcam", keys("down", "down", "down", "d", before=complaints)),
    "review_signoff": Shot("sekcam", review_signoff),
    "period_services": Shot("sri", keys("s", before=new_concept)),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("shot", ["new_period", "period_services"])
async def test_service_checklists_fit_with_many_services(
    demo_services: Services, shot: str, size: str
):
    """22 jenis layanan: the dialog still fits with its buttons, the list scrolls inside and
    follows the highlight down to the last service."""
    reach = keys("n") if shot == "new_period" else keys("s", before=new_concept)
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await Shot("sri", more_services(reach)).run(pilot)
        assert misfits(app) == []
        checklist = app.screen.query_one("#services", SelectionList)
        assert checklist.option_count == 22
        checklist.focus()
        await pilot.press("end")
        await settle(pilot)
        assert checklist.highlighted == 21
        assert checklist.scroll_y == checklist.max_scroll_y > 0


def misfits(app: IkmApp) -> list[str]:
    """What of the open dialog is off the screen, hidden or scrolled ([] when it all fits)."""
    box = app.screen.query_one(".dialog")
    screen = app.screen.region
    problems = []
    if not screen.contains_region(box.region):
        problems.append(f"box {box.region} outside the screen {screen.size}")
    if box.max_scroll_y:
        problems.append(f"box scrolls by {box.max_scroll_y} lines")
    buttons = [b for b in box.query(Button) if b.display]
    if not buttons:
        problems.append("no button")
    problems += [
        f"button {b.label} at {b.region}"
        for b in buttons
        if not box.region.contains_region(b.region) or b.region.height == 0
    ]
    return problems


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_every_dialog_fits_80x24_with_its_buttons(demo_services: Services, name: str):
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await DIALOGS[name].run(pilot)
        assert app.screen.query(".dialog"), f"{name}: no dialog opened ({app.screen})"
        assert misfits(app) == [], name


@pytest.mark.parametrize("size", list(SIZES))
async def test_new_period_dialog_fits_with_a_bounded_service_list(
    demo_services: Services, size: str
):
    """Name and regime side by side, the dates on one line; the jenis layanan list scrolls
    inside its bounded height at 80x24 and shows every service at 120x40."""
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await SHOTS["dialog_new_period"].run(pilot)
        assert misfits(app) == []
        dialog = app.screen
        box = dialog.query_one("#new-period")
        assert box.region.height <= SIZES["80x24"][1]
        services = dialog.query_one("#services", SelectionList)
        assert services.option_count == 10
        if size == "80x24":
            assert services.region.height < services.option_count
            assert services.max_scroll_y > 0
        else:
            assert services.region.height == services.option_count
        name, regime = dialog.query_one("#name"), dialog.query_one("#regime")
        assert regime.region.y == name.region.y  # side by side
        assert dialog.query_one("#start").region.y == dialog.query_one("#end").region.y


async def test_new_period_overlap_warning_fits_80x24(demo_services: Services):
    """With 22 jenis layanan, the warning naming the overlapped period (three lines) still
    leaves the buttons on screen without scrolling."""
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await Shot("sri", more_services(keys("n"))).run(pilot)
        await pilot.press(*"SKM Uji", "ctrl+s")
        await settle(pilot)
        error = app.screen.query_one("#error")
        assert "beririsan dengan Periode II 2026" in str(error.render())
        assert error.region.height >= 3
        assert misfits(app) == []


async def test_new_period_tab_order_unchanged(demo_services: Services):
    """Tab walks name, regime, dates, the service list, then the buttons, as before."""
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await SHOTS["dialog_new_period"].run(pilot)
        visited = []
        for _ in range(7):
            focused = cast(Widget, app.screen.focused)
            visited.append(focused.id)
            await pilot.press("tab")
        assert visited == ["name", "regime", "start", "end", "services", "create", "cancel"]


def text_areas(app: IkmApp) -> list[TextArea]:
    return list(app.screen.query(TextArea))


@pytest.mark.parametrize("size", list(SIZES))
async def test_ptpp_form_text_areas_show_their_whole_paragraph(demo_services: Services, size: str):
    """Each text area is as tall as its wrapped text: nothing of the demo's paragraphs is
    scrolled out of its field (several wrap to two lines at 80 columns)."""
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await SHOTS["dialog_ptpp_form"].run(pilot)
        areas = text_areas(app)
        assert len(areas) == 7
        cut = {
            a.id: (a.wrapped_document.height, a.scrollable_content_region.height)
            for a in areas
            if a.wrapped_document.height > a.scrollable_content_region.height or a.max_scroll_y
        }
        assert cut == {}
        assert max(a.wrapped_document.height for a in areas) >= 2  # the test sees wrapped text


async def test_ptpp_text_area_grows_while_typing_up_to_a_bound(demo_services: Services):
    """Typed lines make the field taller; beyond its bound it scrolls inside and the form
    scrolls as a whole."""
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await SHOTS["dialog_ptpp_form"].run(pilot)
        area = app.screen.query_one("#text-koreksi", TextArea)
        area.focus()
        await settle(pilot)
        before = area.region.height
        await pilot.press("end", "enter", *"baris kedua", "enter", *"baris ketiga")
        await settle(pilot)
        assert area.region.height == before + 2
        assert area.max_scroll_y == 0
        for n in range(20):
            await pilot.press("enter", *f"baris {n}")
        await settle(pilot)
        bound = area.region.height
        assert 6 <= bound < SIZES["80x24"][1] - 4  # bounded, room for the label and more
        assert area.max_scroll_y > 0
        assert app.screen.query_one("#form-body").max_scroll_y > 0
        assert app.screen.query_one("#form-body").region.contains_region(area.region)


async def test_long_message_scrolls_under_its_button(demo_services: Services):
    """A message taller than the screen: its Tutup button stays on screen, Down scrolls."""
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await Shot("sri", long_message).run(pilot)
        box = app.screen.query_one(".dialog")
        assert box.max_scroll_y > 0
        button = app.screen.query_one("#close", Button)
        assert box.region.contains_region(button.region) and button.region.height > 0
        await pilot.press("down", "down")
        await settle(pilot)
        assert box.scroll_y == 2
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query(".dialog")


async def many_findings(pilot: Pilot[Any], services: Services) -> None:
    from ikm_tui.persistence.records import FindingRecord
    from ikm_tui.ui.dialogs.ptpp_form import FindingPickDialog

    text = "Unsur U3 Waktu Penyelesaian memperoleh NRR 2,935 (konversi 73,38, mutu C), di bawah "
    found = [FindingRecord(n, "unsur", "u3", f"{text}harapan ({n}).", True) for n in range(1, 31)]
    await pilot.app.push_screen(FindingPickDialog(found))


async def test_many_findings_scroll_inside_the_pick_list(demo_services: Services):
    """Thirty findings to pick from at 80x24: the title and the key hint stay on screen, the
    list scrolls inside and follows the highlight to the last choice."""
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await Shot("sri", many_findings).run(pilot)
        box = app.screen.query_one(".dialog")
        assert app.screen.region.contains_region(box.region)
        assert box.max_scroll_y == 0
        listed = app.screen.query_one("#findings", OptionList)
        assert listed.option_count == 31 and listed.max_scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert listed.scroll_y == listed.max_scroll_y
