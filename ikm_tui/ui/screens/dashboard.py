"""Provides DashboardScreen: survey periods with their current step and deadline, and "Tugas saya"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Label, Static

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import periode, tanggal_angka
from ikm_tui.domain.regimes import REGIMES
from ikm_tui.persistence.records import PeriodRecord, Task, UserRecord
from ikm_tui.services.registry import Services
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.tables import PeriodLine, PeriodTable, TaskTable, short_datetime
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.ui.dialogs.new_period import NewPeriod

CREATE_PERIOD = "buat_periode"


@dataclass(frozen=True)
class DashboardData:
    """Everything the dashboard shows, gathered in one worker call."""

    lines: list[PeriodLine]
    tasks: list[Task]
    can_create: bool | None
    overdue_complaints: list[str] = field(default_factory=list)  # their numbers
    overdue_ptpps: list[str] = field(default_factory=list)  # past target, not verified


def load_dashboard(services: Services, user: UserRecord) -> DashboardData:
    """Periods with their current step status, the user's tasks, and the "n" permission."""
    lines = []
    for period in services.periods.list():
        current = next((s for s in services.workflow.steps(period.id) if s.is_current), None)
        lines.append(PeriodLine(period, current))
    tasks = services.workflow.my_tasks(user)
    overdue = [record.nomor for record in services.complaints.overdue()]
    late_ptpps = [record.nomor for record in services.ptpp.overdue()]
    return DashboardData(
        lines, tasks, services.workflow.can(user, CREATE_PERIOD, None), overdue, late_ptpps
    )


class DashboardScreen(DataScreen[DashboardData]):
    """The first screen after login."""

    CSS_PATH = "dashboard.tcss"
    AUTO_FOCUS = "#periods"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_selected", "Buka", show=True),
        Binding("n", "new_period", "Periode baru"),
        Binding("r", "reload", "Muat ulang"),
        Binding("g", "app.switch_user", "Ganti pengguna"),
        Binding("p", "settings", "Pengaturan"),
        Binding("a", "audit", "Jejak audit"),
        Binding("k", "complaints", "Keluhan"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Periode survei", classes="section-title")
        yield PeriodTable(id="periods")
        yield Static("", id="period-detail", markup=False)
        yield Label("Tugas saya", classes="section-title")
        yield TaskTable(id="tasks")
        yield Static("", id="no-tasks", markup=False)
        yield Static("", id="overdue-complaints", markup=False)
        yield KeyFooter()

    def load(self, services: Services, user: UserRecord) -> DashboardData:
        return load_dashboard(services, user)

    def show(self, data: DashboardData) -> None:
        self.query_one(PeriodTable).show(data.lines)
        self.query_one(TaskTable).show(data.tasks)
        empty = "" if data.tasks else "Tidak ada tugas untuk Anda saat ini."
        if not data.tasks and self.check_action("settings", ()) is True:
            empty += " Tekan P untuk Pengaturan: pengguna, kop kantor, jenis layanan."
        self.query_one("#no-tasks", Static).update(empty)
        overdue = data.overdue_complaints
        warning = (
            f"{len(overdue)} keluhan melewati batas waktu ({', '.join(overdue[:3])}"
            f"{', ...' if len(overdue) > 3 else ''}). Tekan K untuk register keluhan."
            if overdue
            else ""
        )
        late = data.overdue_ptpps
        if late:
            shown = ", ".join(late[:3]) + (", ..." if len(late) > 3 else "")
            warning += f"\n{len(late)} PTPP melewati target selesai ({shown}); buka langkah PTPP."
        self.query_one("#overdue-complaints", Static).update(warning.strip())
        if not data.lines:
            self.query_one("#period-detail", Static).update(
                "Belum ada periode survei."
                + (" Tekan N untuk membuat periode baru." if data.can_create else "")
            )
        else:
            self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "periods":
            self._show_detail()

    def _show_detail(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        period, current = line.period, line.current
        regime = REGIMES[period.regime_id].nama if period.regime_id in REGIMES else period.regime_id
        text = f"{period.name}: {tanggal_angka(period.start_date)} s.d. {tanggal_angka(period.end_date)}, {regime}"
        if current is not None:
            text += (
                f"\nLangkah {current.number}: {current.name}\n{current.role_text}; tenggat "
                f"{short_datetime(current.deadline, True)}; {line.status_text}"
            )
        self.query_one("#period-detail", Static).update(text)

    def selected_line(self) -> PeriodLine | None:
        key = self.query_one(PeriodTable).selected_key()
        if self.data is None or key is None:
            return None
        return next((x for x in self.data.lines if str(x.period.id) == key), None)

    def selected_task(self) -> Task | None:
        key = self.query_one(TaskTable).selected_key()
        if self.data is None or key is None:
            return None
        return self.data.tasks[int(key)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_period":
            return self.data.can_create if self.data is not None else False
        if action == "settings":
            from ikm_tui.ui.screens.settings import is_admin

            return is_admin(self.ikm_app.user)
        if action == "audit":
            from ikm_tui.services.audit import READERS

            user = self.ikm_app.user
            return user is not None and any(user.has_role(role) for role in READERS)
        return True

    def action_audit(self) -> None:
        """Jejak audit (Sekretaris Camat, Camat, Admin), for the highlighted period."""
        from ikm_tui.ui.screens.audit import AuditScreen

        if self.check_action("audit", ()) is True:
            line = self.selected_line()
            self.app.push_screen(AuditScreen(line.period.id if line is not None else None))

    def action_complaints(self) -> None:
        self.ikm_app.open_complaints()

    def action_settings(self) -> None:
        """Pengaturan: users, kop and jenis layanan (Admin only)."""
        from ikm_tui.ui.screens.settings import open_settings

        if self.check_action("settings", ()) is True:
            open_settings(self.app)

    def action_open_selected(self) -> None:
        self._open_from(self.focused if isinstance(self.focused, TaskTable) else None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open_from(event.data_table if isinstance(event.data_table, TaskTable) else None)

    def _open_from(self, task_table: TaskTable | None) -> None:
        if task_table is not None:
            task = self.selected_task()
            if task is not None:
                self.open_task(task)
            return
        line = self.selected_line()
        if line is not None:
            self.ikm_app.open_period(line.period.id)

    def open_task(self, task: Task) -> None:
        """A step with its own screen opens it; a document waiting for a signature opens the
        sign-off dialog; anything else opens the period."""
        from ikm_tui.ui.dialogs.signoff import open_signoff
        from ikm_tui.ui.screens.steps import has_screen

        action = sop.step(task.step_no).screen_action
        if action is not None and has_screen(action):
            self.ikm_app.open_step(action, task.period_id)
        elif task.document_id is not None:
            open_signoff(self, task.document_id, on_done=lambda _doc: self.reload())
        else:
            self.ikm_app.open_period(task.period_id)

    def action_new_period(self) -> None:
        from ikm_tui.ui.dialogs.new_period import NewPeriodDialog

        if self.check_action("new_period", ()) is not True:
            return
        self.app.push_screen(
            NewPeriodDialog(self.ikm_app.services.clock().date()), self._create_period
        )

    def _create_period(self, request: NewPeriod | None) -> None:
        user = self.ikm_app.user
        if request is None or user is None:
            return
        periods = self.ikm_app.services.periods
        run_service(
            self,
            lambda: periods.create(
                request.name,
                user,
                request.regime_id,
                request.start_date,
                request.end_date,
                request.service_type_ids,
            ),
            self._period_created,
            group="create-period",
        )

    def _period_created(self, period: PeriodRecord) -> None:
        self.notify(
            f"{periode(period.name)} dibuat. Langkah {sop.FIRST_STEP} dimulai.",
            title="Periode baru",
        )
        self.reload()
        self.ikm_app.open_period(period.id)
