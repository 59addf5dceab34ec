"""Provides RecordTable, whose columns fit its width and whose cells are never cut, and the
tables the shell shows with it: survey periods, "Tugas saya" and a period's SOP steps.

Each table declares its columns (`Col`) and takes records; row keys are the record ids, so
callers read the selected record with `selected_key()`. Long values wrap inside their column.
Late rows are drawn in the theme's $error colour and also say "Terlambat" in words (readable
without colour).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import bilangan, tanggal_angka, waktu, waktu_angka
from ikm_tui.domain.regimes import REGIMES
from ikm_tui.domain.sop import DONE
from ikm_tui.persistence.records import PeriodRecord, StepStatus, Task

LATE = "Terlambat"


def short_datetime(value: dt.datetime | None, with_time: bool = False) -> str:
    """25-11-2026 (or 25-11-2026 14.30): compact enough for an 80-column table."""
    if value is None:
        return "-"
    return waktu_angka(value) if with_time else tanggal_angka(value)


def needs_time(step: StepStatus) -> bool:
    """Deadlines measured in minutes or hours show the time of day too."""
    return step.standard_text.endswith(("menit", "jam"))


@dataclass(frozen=True)
class PeriodLine:
    """A period with the status of its current step (None once every step is done)."""

    period: PeriodRecord
    current: StepStatus | None

    @property
    def late(self) -> bool:
        return self.current is not None and self.current.late

    @property
    def status_text(self) -> str:
        if self.period.current_step == DONE or self.current is None:
            return "Selesai"
        return LATE if self.late else "Berjalan"


@dataclass(frozen=True)
class Col:
    """A column of a RecordTable: its label, its width in cells and its share of spare width.

    `grow=0`: `width` cells (dates, numbers, codes), or its longest word up to `WORD_MAX`.
    `grow>0`: at least `width` cells (when the table has room) plus this share of whatever
    the fixed columns leave over; its long values wrap onto more lines of their row.
    `shown_from`: on a table narrower than this the column is left out (give it only to a
    column whose value the screen also shows elsewhere, e.g. in the detail under the table).
    """

    label: str
    width: int
    grow: int = 0
    shown_from: int = 0  # a column the detail pane repeats: left out below this table width


GROW_FLOOR = 6  # a growing column never gets narrower than this on a too-narrow table
WORD_MAX = 20  # a column widens for a word up to this long (a count, a date, "Pengadministrasi")


def longest_words(rows: Rows, columns: Sequence[Col]) -> dict[int, int]:
    """For each column, the longest word of its cells ("Pengadministrasi" in a PIC column,
    "150.292" in a 5-wide count column): the column is made that wide (up to `WORD_MAX`) so
    that no word is split; text with spaces still wraps at the column's own width."""
    return {
        index: max(
            (cell_len(word) for _, cells in rows for word in plain(cells[index]).split()),
            default=0,
        )
        for index in range(len(columns))
    }


def plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def fit_widths(columns: Sequence[Col], available: int, padding: int) -> list[int]:
    """Each column's width so that all of them, with `padding` cells each, fill `available`.

    Fixed columns keep their width; growing ones share the spare cells by their `grow`
    (the last takes the remainder). Short of room, the growing ones give cells back, widest
    first, down to their label or `GROW_FLOOR` (or their declared width if smaller)."""
    widths = [c.width for c in columns]
    growing = [i for i, c in enumerate(columns) if c.grow > 0]
    if not growing:
        return widths
    spare = available - sum(widths) - padding * len(columns)
    if spare >= 0:
        shares = sum(columns[i].grow for i in growing)
        given = 0
        for i in growing[:-1]:
            extra = spare * columns[i].grow // shares
            widths[i] += extra
            given += extra
        widths[growing[-1]] += spare - given
        return widths
    floors = {i: min(columns[i].width, max(GROW_FLOOR, len(columns[i].label))) for i in growing}
    while spare < 0:
        i = max(growing, key=lambda j: widths[j] - floors[j])
        if widths[i] <= floors[i]:
            break
        widths[i] -= 1
        spare += 1
    return widths


Rows = Sequence[tuple[str, Sequence[str | Text]]]


class RecordTable(DataTable[object]):
    """A row-cursor table whose row keys are record ids and whose columns fit its width.

    A subclass declares its columns (`COLUMNS`, or `columns_for` when they depend on the
    width, or `set_columns` when they change with a view). The widths are computed from the
    table's own width (`fit_widths`) and the columns rebuilt, with the rows added again, only
    when a resize changes them. Rows are as tall as their longest cell needs: a long value
    wraps at its column's width instead of being cut.
    """

    COLUMNS: ClassVar[Sequence[Col]] = ()

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._spec: Sequence[Col] = self.COLUMNS
        self._widths: list[int] | None = None  # None: no columns yet (the width is unknown)
        self._shown: list[int] = []  # which of the declared columns are on screen
        self._words: dict[int, int] = {}  # column -> the longest word of its cells
        self._rows: Rows = ()
        self._row_height: int | None = None

    def cell(self, text: str, late: bool = False) -> str | Text:
        """Plain text, or bold in the theme's error colour when late."""
        if not late:
            return Text(text)
        colour = self.app.get_css_variables().get("error", "red")
        return Text(text, style=f"bold {colour}")

    def selected_key(self) -> str | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def columns_for(self, available: int) -> Sequence[Col]:
        """The columns at this width (the declared ones; StepTable shows more when wide)."""
        return self._spec

    def shown_columns(self) -> list[Col]:
        """The declared columns now on screen, in order (a narrow table leaves some out)."""
        if self._widths is None:
            return []
        declared = self.columns_for(self._available())
        return [declared[i] for i in self._shown]

    def set_columns(self, columns: Sequence[Col]) -> None:
        """Other columns (a view switch); rows follow with `replace_rows`. The same columns
        again change nothing (the cursor stays where it is)."""
        if tuple(columns) == tuple(self._spec):
            return
        self._spec = columns
        self._widths = None
        self._rows = ()
        self.clear(columns=True)

    def on_resize(self) -> None:
        self._fit()

    def _available(self) -> int:
        """Cells for the columns: the table's width less the vertical scrollbar when shown."""
        return self.size.width - self.scrollbar_size_vertical

    def watch_show_vertical_scrollbar(self) -> None:
        """Rows started or stopped overflowing: fit the columns to the width now left. (Narrower
        columns only make rows taller, so this settles after one refit either way.)"""
        self.call_after_refresh(self._fit)

    def _fit(self) -> bool:
        """Rebuild the columns (and add the rows again) when the widths change; True if so."""
        if self.size.width <= 0:
            return False
        available = self._available()
        declared = self.columns_for(available)
        shown = [i for i, c in enumerate(declared) if available >= c.shown_from]
        columns = [declared[i] for i in shown]
        wanted = [
            replace(c, width=max(c.width, min(self._words.get(i, 0), WORD_MAX)))
            for i, c in zip(shown, columns, strict=True)
        ]
        widths = fit_widths(wanted, available, 2 * self.cell_padding)
        if widths == self._widths and shown == self._shown:
            return False
        self._widths, self._shown = widths, shown
        previous = self.selected_key()
        self.clear(columns=True)
        for column, width in zip(columns, widths, strict=True):
            self.add_column(column.label, width=width)
        self.refill(previous)
        return True

    def refill(self, selected: str | None) -> None:
        """Add the rows again after the columns changed (a table whose cells depend on the
        width, like StepTable, builds them anew instead)."""
        self._add_rows(self._rows, self._row_height, selected)

    def replace_rows(self, rows: Rows, height: int | None = None) -> None:
        """Replace every row, keeping the cursor on the same key when it is still there.

        `height=None` (the default): each row as tall as its longest cell needs."""
        previous = self.selected_key()
        self._rows, self._row_height = rows, height
        self._words = longest_words(rows, self.columns_for(self._available()))
        if self._fit():
            return  # the columns changed and the rows were added with them
        if self._widths is not None:
            self._add_rows(rows, height, previous)

    def _add_rows(self, rows: Rows, height: int | None, selected: str | None) -> None:
        """Add the rows' shown cells, each row as tall as its cells wrapped at the widths
        (`height=None`) or `height` lines."""
        self.clear()
        shown, widths, console = self._shown, self._widths or [], self.app.console
        for key, cells in rows:
            texts = [as_text(cells[i]) for i in shown]
            lines = height if height is not None else wrapped_height(texts, widths, console)
            self.add_row(*texts, key=key, height=lines)
        keys = [key for key, _ in rows]
        if selected in keys:
            self.move_cursor(row=keys.index(selected))


def as_text(cell: str | Text) -> Text:
    """A cell as Rich Text; a plain string stays plain (no console markup in record data)."""
    return cell if isinstance(cell, Text) else Text(cell)


def wrapped_height(cells: Sequence[Text], widths: Sequence[int], console: Console) -> int:
    """Lines the tallest cell takes when wrapped at its column's width. Computed here, not by
    DataTable's height=None (which renders every cell of every row to learn it): a cell that
    fits its width on one line, most of them, costs one length check."""
    lines = 1
    for text, width in zip(cells, widths, strict=True):
        if text.cell_len > width or "\n" in text.plain:
            lines = max(lines, len(text.wrap(console, width)))
    return lines


class PeriodTable(RecordTable):
    """Periode, Regime, Langkah saat ini, Tenggat, Responden, Status."""

    COLUMNS = (
        Col("Periode", 15, grow=1),
        Col("Regime", 7),
        Col("Langkah saat ini", sop.SHORT_NAME_MAX + 3, grow=1),
        Col("Tenggat", 10),
        Col("Resp.", 5),
        Col("Status", 9),
    )

    def show(self, lines: Sequence[PeriodLine]) -> None:
        self.replace_rows([(str(line.period.id), self._cells(line)) for line in lines])

    def _cells(self, line: PeriodLine) -> list[str | Text]:
        period, current = line.period, line.current
        regime = REGIMES[period.regime_id].nama if period.regime_id in REGIMES else period.regime_id
        step_text = f"{current.number}. {sop.step(current.number).short}" if current else "Selesai"
        deadline = short_datetime(current.deadline, needs_time(current)) if current else "-"
        return [
            self.cell(period.name),
            self.cell(regime.split()[-1]),
            self.cell(step_text),
            self.cell(deadline, line.late),
            self.cell(bilangan(period.respondents)),
            self.cell(line.status_text, line.late),
        ]


class TaskTable(RecordTable):
    """Tugas saya: Periode, Langkah, Tugas (late tasks highlighted)."""

    COLUMNS = (Col("Periode", 15), Col("Lgk", 3), Col("Tugas", 30, grow=1))

    def show(self, tasks: Sequence[Task]) -> None:
        """Long tasks wrap onto a second line rather than lose their end."""
        self.replace_rows([(str(index), self._cells(task)) for index, task in enumerate(tasks)])

    def _cells(self, task: Task) -> list[str | Text]:
        text = f"{task.text} ({LATE})" if task.late else task.text
        return [
            self.cell(task.period_name),
            self.cell(str(task.step_no)),
            self.cell(text, task.late),
        ]


ROLE_SHORT = {sop.STAF: "Staf", sop.SEKCAM: "Sekcam", sop.CAMAT: "Camat", sop.ADMIN: "Admin"}
WIDE_STEPS = 117  # from this width the step table shows the SOP's full names and roles


class StepTable(RecordTable):
    """A period's SOP steps: No, Langkah, Pelaksana, Mutu baku, Tenggat, Status.

    On a narrow terminal the step's short name and first role (the detail line under the
    table has the full ones); from `WIDE_STEPS` columns on the SOP's full name and roles.
    Started/finished times are in `step_detail` (shown under the table for the selected step).
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.steps: Sequence[StepStatus] = ()
        self.wide = False

    def columns_for(self, available: int) -> Sequence[Col]:
        self.wide = self.size.width >= WIDE_STEPS
        return (
            Col("No", 2),
            Col("Langkah", 47 if self.wide else 24, grow=2),
            Col("Pelaksana", 23 if self.wide else 9, grow=1),
            Col("Mutu", 8),
            Col("Tenggat", 16),
            Col("Status", 9),
        )

    def refill(self, selected: str | None) -> None:
        """The names and roles depend on the width: the cells are built anew."""
        self._rows = self._step_rows()
        super().refill(selected)

    def show(self, steps: Sequence[StepStatus]) -> None:
        self.steps = steps
        self.replace_rows(self._step_rows())

    def _step_rows(self) -> Rows:
        return [(str(step.number), self._cells(step)) for step in self.steps]

    def _cells(self, step: StepStatus) -> list[str | Text]:
        marker = "▶ " if step.is_current else ""
        defined = sop.step(step.number)
        name = step.name if self.wide else defined.short
        role = step.role_text if self.wide else ROLE_SHORT.get(defined.role, step.role_text)
        return [
            self.cell(str(step.number)),
            self.cell(marker + name, step.late),
            self.cell(role),
            self.cell(step.standard_text),
            self.cell(short_datetime(step.deadline, needs_time(step)), step.late),
            self.cell(step_state(step), step.late),
        ]


def step_state(step: StepStatus) -> str:
    if step.finished_at is not None:
        return LATE if step.late else "Selesai"
    if step.started_at is not None:
        return LATE if step.late else "Berjalan"
    return "Belum"


def step_detail(step: StepStatus) -> str:
    """The selected step: its full name, then who started it when, then who finished it."""
    started = f"{waktu(step.started_at)} oleh {step.started_by_name}" if step.started_at else "-"
    finished = (
        f"{waktu(step.finished_at)} oleh {step.finished_by_name}" if step.finished_at else "-"
    )
    return (
        f"Langkah {step.number}: {step.name} ({step.role_text}, mutu baku "
        f"{step.standard_text}; tenggat {waktu(step.deadline)}; {step_state(step)})\n"
        f"Mulai: {started}\nSelesai: {finished}"
    )
