"""Every table on every photographed screen, at 80x24 and 120x40, shows each cell whole, and
every footer key of every screen is visible at 80x24.

A cell is whole when its text, wrapped at its column's width, needs no more lines than its
row is tall and no column sticks out past the table's right edge; a fixed (non-growing)
column of a RecordTable never wraps its values at all.
"""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable, Footer

from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.widgets.tables import WORD_MAX, Col, RecordTable, fit_widths, longest_words
from tests.ui.snapshots.screens import SHOTS, SIZES, ready, screen_text

# Screens whose table(s) must be on screen (so the check below cannot pass on nothing).
WITH_TABLES = {
    "dashboard_sri",
    "period_running_staf",
    "ptpp",
    "archive",
    "complaints",
    "saran",
    "audit",
    "settings_1",
    "settings_3",
    "settings_4",
    "settings_5",
    "settings_6",
}


def cut_cells(table: DataTable[object], console: Console) -> list[str]:
    """What of this table does not show whole: one line per cut cell or hidden column."""
    problems: list[str] = []
    padding = 2 * table.cell_padding
    columns = table.ordered_columns
    widths = [column.get_render_width(table) - padding for column in columns]
    used = sum(width + padding for width in widths)
    room = table.scrollable_content_region.width
    if used > room:
        problems.append(f"columns take {used} cells, the table shows {room}")
    fixed: set[int] = set()
    if isinstance(table, RecordTable):
        fixed = {i for i, c in enumerate(table.shown_columns()) if c.grow == 0}
    for column, width in zip(columns, widths, strict=True):
        if column.label.cell_len > width:
            problems.append(f"header {column.label.plain!r} wider than {width}")
    for row in table.ordered_rows:
        cells = table.get_row(row.key)
        for index, (value, width) in enumerate(zip(cells, widths, strict=True)):
            text = value if isinstance(value, Text) else Text(str(value))
            lines = len(text.wrap(console, width))
            if lines > row.height:
                problems.append(f"{text.plain!r}: {lines} lines in a row {row.height} tall")
            if index in fixed and text.cell_len > width:
                problems.append(f"{text.plain!r} wraps in fixed column {columns[index].label}")
    return problems


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(SHOTS))
async def test_no_table_cell_is_cut(demo_services: Services, name: str, size: str):
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES[size]) as pilot:
        await SHOTS[name].run(pilot)
        tables = [t for t in app.screen.query(DataTable) if t.display and t.size.width > 0]
        problems = [
            f"#{table.id}: {problem}"
            for table in tables
            for problem in cut_cells(table, app.console)
        ]
    assert not problems, "\n".join(problems)
    if name in WITH_TABLES:
        assert any(table.row_count for table in tables), (name, "no table rows on screen")


@pytest.mark.parametrize("name", list(SHOTS))
async def test_every_footer_key_shows_at_80x24(demo_services: Services, name: str):
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await SHOTS[name].run(pilot)
        if not app.screen.query(Footer):  # login's light footer, a dialog, help, the lock
            text = screen_text(app)  # screen: each names its way out in its own text
            assert any(key in text for key in ("Esc", "Ctrl+Q", "^q")), (name, text)
            return
        wanted = {
            b.binding.description
            for b in app.screen.active_bindings.values()
            if b.binding.show and b.binding.description
        } | {"Perintah"}
        footer = "\n".join(screen_text(app).splitlines()[-3:])
    missing = sorted(label for label in wanted if label not in footer)
    assert not missing, (name, missing, footer)


def test_fixed_columns_keep_their_width_and_growing_ones_share_the_rest():
    columns = [Col("No", 5), Col("Layanan", 14, grow=1), Col("Saran", 24, grow=2)]
    assert fit_widths(columns, 80, 2) == [5, 14 + 10, 24 + 21]  # 80 - 43 - 6 = 31 spare
    assert sum(fit_widths(columns, 117, 2)) + 6 == 117
    # too narrow: the growing ones give back cells, widest first, never below their label
    assert fit_widths(columns, 40, 2) == [5, 14, 15]
    assert fit_widths(columns, 10, 2) == [5, 7, 6]


async def test_the_cursor_stays_on_its_record_across_resizes(demo_services: Services):
    app = IkmApp(demo_services)
    async with app.run_test(size=SIZES["80x24"]) as pilot:
        await SHOTS["saran"].run(pilot)
        table = app.screen.query_one(RecordTable)
        await pilot.press("down", "down", "down", "down", "down")
        key = table.selected_key()
        assert key is not None and table.cursor_row == 5
        for size in ("120x40", "80x24"):
            await pilot.resize_terminal(*SIZES[size])
            await ready(pilot)
            assert table.selected_key() == key, size


def test_a_growing_column_is_measured_for_its_longest_word_a_fixed_one_for_its_value():
    columns = [Col("No", 3), Col("PIC", 10, grow=1), Col("Catatan", 10, grow=1)]
    rows = [
        ("1", ["1", "Pengadministrasi Umum", Text("x" * 64)]),
        ("2", ["150.292", "Sekretaris Camat", "singkat"]),
    ]
    # the fixed "No" is measured whole: a count over its declared width widens it, never wraps
    assert longest_words(rows, columns) == {0: 7, 1: 16, 2: 64}
    assert WORD_MAX < 64  # a 64-character hash does not take the table: it folds


async def test_a_value_wider_than_its_fixed_column_widens_it():
    """A count of 150,292 forms in a 5-wide fixed column: the column widens, the row stays
    one line (the growing column gives the cells back)."""
    from textual.app import App, ComposeResult

    class Counts(RecordTable):
        COLUMNS = (Col("Periode", 10, grow=1), Col("Resp.", 5))

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Counts()

    async with One().run_test(size=(40, 5)) as pilot:
        table = pilot.app.query_one(Counts)
        table.replace_rows([("1", ["Periode II 2026", "150.292"])])
        await pilot.pause()
        widths = [column.width for column in table.ordered_columns]
        assert widths[1] == 7, widths
        assert table.ordered_rows[0].height == 1
