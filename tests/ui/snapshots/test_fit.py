"""Screens fit 80x24 and 120x40: every footer key, the tabulation's per-group IKM and whole unsur
names (both regimes), full SOP step names where there is room, the concept screen's full question
text, the meeting's whole findings and fields, the import mapping's whole labels, and every
header title, on screen and never cut."""

from __future__ import annotations

import datetime as dt
import random
import textwrap
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Label

from ikm_tui.domain import sop
from ikm_tui.domain.regimes import DEFAULT_REGIME, KEPMENPAN_2004, REGIMES
from ikm_tui.persistence import respondents
from ikm_tui.persistence.models import database_proxy
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from tests.ui.snapshots.screens import PASSWORDS, SHOTS, SIZES, screen_text


async def shown(services: Services, name: str, size: str) -> tuple[IkmApp, str]:
    app = IkmApp(services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await SHOTS[name].run(pilot)
        return app, screen_text(app)


@pytest.mark.parametrize("name", ["period_running_staf", "concept_draft", "ptpp", "tabulation"])
async def test_every_footer_key_is_on_an_80_column_screen(demo_services: Services, name: str):
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await SHOTS[name].run(pilot)
        shown_keys = {
            b.binding.description for b in app.screen.active_bindings.values() if b.binding.show
        }
        footer = "\n".join(screen_text(app).splitlines()[-3:])
    missing = [label for label in shown_keys if label not in footer]
    assert not missing, (name, missing, footer)


async def test_tabulation_keeps_the_group_ikm_at_80x24(demo_services: Services):
    _, text = await shown(demo_services, "tabulation", "80x24")
    header = next(line for line in text.splitlines() if "Kelompok" in line)
    assert header.split()[-1] == "IKM", header
    row = next(line for line in text.splitlines() if "Pengantar KTP-el" in line)
    assert row.split()[-1] == "83,04", row


@pytest.mark.parametrize("size", list(SIZES))
async def test_step_names_short_when_narrow_full_when_wide(demo_services: Services, size: str):
    _, text = await shown(demo_services, "period_running_camat", size)
    for step in sop.SOP_STEPS:
        assert (step.name if size == "120x40" else step.short) in text, (size, step.number)


async def test_concept_shows_the_full_question_text(demo_services: Services):
    _, text = await shown(demo_services, "concept_approved", "120x40")
    # U1 wraps in its column: "... kesesuaian persyaratan" / "pelayanan dengan jenis ..."
    assert "Bagaimana pendapat Saudara tentang kesesuaian persyaratan" in text
    assert "pelayanan dengan jenis pelayanannya?" in text
    assert "…" not in text


def _unsur_rows(text: str) -> str:
    """The unsur table's lines (from its header to the group table's), as one text."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.split()[:2] == ["Kode", "Unsur"])
    last = next(i for i, line in enumerate(lines) if line.split()[:1] == ["Kelompok"])
    return "\n".join(lines[first:last])


def _whole(name: str, rows: str) -> bool:
    """The name in the Unsur column of these table lines, on one line or wrapped over the next."""
    lines = rows.splitlines()
    start, end = lines[0].index("Unsur"), lines[0].index("Jawaban")
    cells = " ".join(line[start:end] for line in lines)
    return " ".join(name.split()) in " ".join(cells.split())


@pytest.mark.parametrize("size", list(SIZES))
async def test_tabulation_shows_every_unsur_name_whole(demo_services: Services, size: str):
    _, text = await shown(demo_services, "tabulation", size)
    rows = _unsur_rows(text)
    assert "…" not in rows, rows
    for unsur in REGIMES[demo_services.periods.list()[0].regime_id].unsur:
        assert _whole(unsur.nama, rows), (unsur.nama, rows)


def _kepmenpan_period(services: Services) -> int:
    """A 14-unsur (Kepmenpan 25/2004) period of the demo office with 40 answered forms."""
    staf = services.auth.login("sri", PASSWORDS["sri"])
    period = services.periods.create(
        "Periode I 2027", staf, regime_id=KEPMENPAN_2004, start_date=dt.date(2027, 1, 4)
    )
    rng = random.Random(14)
    unsur = REGIMES[KEPMENPAN_2004].unsur
    service = services.periods.period_service_types(period.id)[0]
    forms = [
        FormData(
            answers={u.key: rng.choice([2, 3, 4]) for u in unsur},
            tanggal_survei=dt.date(2027, 1, 5),
            service_type_id=service.id,
        )
        for _ in range(40)
    ]
    with database_proxy.atomic():
        respondents.bulk_insert(period.id, forms, dt.datetime(2027, 1, 5, 9), None, None)
    return period.id


@pytest.mark.parametrize("size", list(SIZES))
async def test_tabulation_of_14_unsur_keeps_names_whole_and_the_group_ikm(
    demo_services: Services, size: str
):
    from textual.widgets import DataTable

    from ikm_tui.ui.screens.tabulation import TabulationScreen
    from tests.ui.snapshots.screens import ready

    period_id = _kepmenpan_period(demo_services)
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await SHOTS["dashboard_sri"].run(pilot)
        await app.push_screen(TabulationScreen(period_id))
        await ready(pilot)
        text = screen_text(app)
        header = next(line for line in text.splitlines() if "Kelompok" in line)
        assert header.split()[-1] == "IKM", text
        group = next(line for line in text.splitlines() if "Jenis layanan" in line)
        assert group.split()[-1][0].isdigit(), text  # its IKM, on screen
        table = app.screen.query_one("#unsur", DataTable)
        seen = _unsur_rows(text)
        while table.scroll_y < table.max_scroll_y:  # a 24-line screen scrolls the unsur table
            table.scroll_y = table.max_scroll_y
            await ready(pilot)
            seen += "\n" + _unsur_rows(screen_text(app))
    assert "…" not in seen, seen
    for unsur in REGIMES[KEPMENPAN_2004].unsur:
        assert _whole(unsur.nama, seen), (unsur.nama, seen)


# every shot whose own screen has the header (not the login and lock screens, not a dialog)
HEADED = [n for n, s in SHOTS.items() if s.user and n != "lock" and not n.startswith("dialog_")]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", HEADED)
async def test_every_header_title_fits_and_names_the_role(
    demo_services: Services, name: str, size: str
):
    app, text = await shown(demo_services, name, size)
    title = text.splitlines()[0].strip(" ⭘")
    assert "…" not in title, title
    if name != "audit":  # its sub-title is the entry count, not the user
        assert app.user is not None
        assert title.endswith(app.sub_title[app.sub_title.rindex(" (") + 1 :]), title


def _flat(text: str) -> str:
    """The screen's lines joined by single spaces: a wrapped text reads as one line."""
    return " ".join(" ".join(line.split()) for line in text.splitlines())


@pytest.mark.parametrize("size", list(SIZES))
async def test_meeting_shows_its_fields_and_findings_whole(demo_services: Services, size: str):
    from textual.containers import VerticalScroll

    from ikm_tui.services.meeting import LAIN
    from ikm_tui.ui.screens.meeting import finding_label
    from tests.ui.snapshots.screens import FINISHED, period_id, ready

    meeting = demo_services.meeting.latest(period_id(demo_services, FINISHED))
    assert meeting is not None
    users = {u.id: u for u in demo_services.users.list()}
    officers = [getattr(meeting, key).user_id for key in ("ketua", "sekretaris", "pencatat")]
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await SHOTS["meeting"].run(pilot)
        top = screen_text(app)
        body = app.screen.query_one("#body", VerticalScroll)
        body.scroll_end(animate=False)
        await ready(pilot)
        bottom = screen_text(app)
    lines = [line.strip() for line in top.splitlines()]
    assert meeting.acara in lines or any(line.endswith(meeting.acara) for line in lines), top
    for user_id in officers:  # each Select shows its "NAME (jabatan)" whole
        label = f"{users[user_id].full_name} ({users[user_id].jabatan})"
        assert any(label in line for line in lines), (label, top)
    if size == "120x40":  # every finding in full, wrapped under its box, never cut with "…"
        assert "…" not in bottom, bottom
        for finding in meeting.findings:
            if finding.kind != LAIN:
                assert finding_label(finding) in _flat(bottom), (finding_label(finding), bottom)


def _google_forms_csv(path: Path) -> list[str]:
    """A Google Forms download: timestamp, profile, the questions' own text as headers."""
    questions = [f"{u.kode[1:]}. {u.pertanyaan}" for u in REGIMES[DEFAULT_REGIME].unsur]
    header = ["Stempel waktu", "Jenis kelamin", "Usia", *questions, "Alamat email"]
    rows = [
        [f"2026/11/0{1 + i % 9} 08:{i:02d}:00", "LP"[i % 2], str(20 + i), *"342342342", "a@b.id"]
        for i in range(12)
    ]
    path.write_text("\n".join(",".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return header


@pytest.mark.parametrize("size", list(SIZES))
async def test_import_mapping_and_preview_show_every_header_and_target_whole(
    demo_services: Services, size: str, tmp_path: Path
):
    from textual.containers import VerticalScroll
    from textual.widgets import DataTable, Input, Select

    from tests.ui.snapshots.screens import ready

    header = _google_forms_csv(tmp_path / "Survei (Jawaban).csv")
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await SHOTS["importing"].run(pilot)
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "Survei (Jawaban).csv")
        await pilot.press("enter")
        await ready(pilot)
        preview = app.screen.query_one("#import-preview", DataTable)
        for column in preview.ordered_columns:  # a long header wraps in its lines, never cut
            lines = textwrap.wrap(str(column.label), column.width)
            assert len(lines) <= preview.header_height, (column.label, column.width)
        mapping = app.screen.query_one("#mapping", VerticalScroll)
        rows = list(mapping.query(".map-row"))
        assert len(rows) == len(header)
        for name, row in zip(header, rows, strict=True):
            mapping.scroll_to_widget(row, top=True, animate=False)
            await ready(pilot)
            text = screen_text(app)
            # the column's header, in full in the label's cells (wrapped over its lines)
            assert _flat(_cells(text, row.query_one(Label).region)) == " ".join(name.split())
            select = row.query_one(Select)
            label = next(str(text) for text, value in select._options if value == select.value)
            assert label in _cells(text, select.region), (label, _cells(text, select.region))


def _cells(text: str, region: Region) -> str:
    """What the screen shows in a widget's region, line by line."""
    lines = text.splitlines()[region.y : region.y + region.height]
    return "\n".join(line[region.x : region.x + region.width] for line in lines)


@pytest.mark.parametrize("size", list(SIZES))
async def test_tabulation_group_count_over_six_digits_is_whole(demo_services: Services, size: str):
    """150.045 forms of one jenis layanan: "Jumlah" widens (it wrapped as "150.04"/"5")."""
    import dataclasses

    from ikm_tui.ui.screens.tabulation import TabulationScreen
    from tests.ui.snapshots.screens import ready

    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await SHOTS["tabulation"].run(pilot)
        screen = app.screen
        assert isinstance(screen, TabulationScreen) and screen.data is not None
        result = screen.data.tabulation
        first = dataclasses.replace(result.services[0], count=150045)
        screen._show_counts(
            dataclasses.replace(result, services=(first, *result.services[1:])), "-"
        )
        await ready(pilot)
        row = next(line for line in screen_text(app).splitlines() if first.label in line)
    assert "150.045" in row, row
