"""Provides the tables the shell shows: survey periods, "Tugas saya" and a period's SOP steps.

Each table takes records and renders them; row keys are the record ids, so callers read the
selected record with `selected()`. Late rows are drawn in the theme's $error colour and also
say "Terlambat" in words (readable without colour).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

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


class RecordTable(DataTable[object]):
    """A row-cursor table whose row keys are record ids."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

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

    def replace_rows(
        self, rows: Sequence[tuple[str, Sequence[str | Text]]], height: int | None = 1
    ) -> None:
        """Replace every row, keeping the cursor on the same key when it is still there.

        `height=None`: each row as tall as its longest cell needs (long text wraps)."""
        previous = self.selected_key()
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key, height=height)
        keys = [key for key, _ in rows]
        if previous in keys:
            self.move_cursor(row=keys.index(previous))


class PeriodTable(RecordTable):
    """Periode, Regime, Langkah saat ini, Tenggat, Responden, Status."""

    def on_mount(self) -> None:
        self.add_column("Periode", width=15)
        self.add_column("Regime", width=7)
        self.add_column("Langkah saat ini", width=sop.SHORT_NAME_MAX + 3)
        self.add_column("Tenggat", width=10)
        self.add_column("Resp.", width=5)
        self.add_column("Status", width=9)

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

    def on_mount(self) -> None:
        self.add_column("Periode", width=15)
        self.add_column("Lgk", width=3)
        self.add_column("Tugas", width=56)

    def show(self, tasks: Sequence[Task]) -> None:
        """Long tasks wrap onto a second line rather than lose their end."""
        rows = [(str(index), self._cells(task)) for index, task in enumerate(tasks)]
        self.replace_rows(rows, height=None)

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
        self.wide: bool | None = None

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE_STEPS
        if wide != self.wide:
            self.wide = wide
            selected = self.cursor_row
            self.clear(columns=True)
            for label, width in (
                ("No", 2),
                ("Langkah", 47 if wide else 24),
                ("Pelaksana", 23 if wide else 9),
                ("Mutu", 8),
                ("Tenggat", 16),
                ("Status", 9),
            ):
                self.add_column(label, width=width)
            self.show(self.steps)
            if self.row_count:
                self.move_cursor(row=min(selected, self.row_count - 1))

    def show(self, steps: Sequence[StepStatus]) -> None:
        self.steps = steps
        if self.wide is not None:
            self.replace_rows([(str(step.number), self._cells(step)) for step in steps])

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
