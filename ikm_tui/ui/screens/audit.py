"""Provides AuditScreen: the audit trail for the Sekretaris Camat, the Camat and the Admin,
filtered by period, user and action and searched in the details (reasons of corrections,
numbers, names). Newest first; the highlighted entry's full detail shows below the table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static

from ikm_tui.domain.formatting import waktu_angka
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.services.audit import AuditFilter, AuditLine
from ikm_tui.services.registry import Services
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.tables import Col, RecordTable

LIMIT = 500
ALL = Select.NULL


@dataclass(frozen=True)
class AuditData:
    lines: list[AuditLine]
    periods: list[PeriodRecord]
    usernames: list[str]
    actions: list[tuple[str, str]]


class AuditTable(RecordTable):
    COLUMNS = (
        Col("Waktu", 16),
        Col("Pengguna", 8, grow=1),
        Col("Tindakan", 14, grow=1),
        Col("Keterangan", 20, grow=4),
    )

    def show(self, lines: list[AuditLine]) -> None:
        self.replace_rows(
            [
                (
                    str(line.id),
                    [
                        waktu_angka(line.at),
                        line.username,
                        line.action_name,
                        line.keterangan,
                    ],
                )
                for line in lines
            ]
        )


class AuditScreen(DataScreen[AuditData]):
    """Jejak audit: who did what, when, and why."""

    CSS = """
    AuditScreen #audit-filters { height: 1; margin: 0 0 1 0; }
    AuditScreen.-narrow #audit-filters { layout: grid; grid-size: 2; height: 2; }
    AuditScreen #audit-filters Select { width: 1fr; }
    AuditScreen #audit-filters Input { width: 1fr; }
    AuditScreen AuditTable { height: 1fr; }
    AuditScreen #audit-detail { height: auto; max-height: 8; padding: 0 1; background: $boost; }
    """
    AUTO_FOCUS = "#audit-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Kembali"),
        Binding("slash", "search", "Cari"),
        Binding("r", "reload", "Muat ulang"),
    ]

    def __init__(self, period_id: int | None = None) -> None:
        super().__init__()
        self.filters = AuditFilter(period_id=period_id)
        self._choices_loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="audit-filters"):
            yield Select([], prompt="Semua periode", id="filter-period", compact=True)
            yield Select([], prompt="Semua pengguna", id="filter-user", compact=True)
            yield Select([], prompt="Semua tindakan", id="filter-action", compact=True)
            yield Input(placeholder="Cari keterangan", id="filter-text", compact=True)
        yield AuditTable(id="audit-table")
        yield Static("", id="audit-detail", markup=False)
        yield KeyFooter()

    def load(self, services: Services, user: UserRecord) -> AuditData:
        lines = services.audit.lines(user, self.filters, LIMIT)
        if self._choices_loaded:
            return AuditData(lines, [], [], [])
        usernames, actions = services.audit.choices(user)
        return AuditData(lines, services.periods.list(), usernames, actions)

    def show(self, data: AuditData) -> None:
        if not self._choices_loaded:
            self._choices_loaded = True
            with self.prevent(Select.Changed):
                period = self.query_one("#filter-period", Select)
                period.set_options([(p.name, p.id) for p in data.periods])
                if self.filters.period_id is not None:
                    period.value = self.filters.period_id
                self.query_one("#filter-user", Select).set_options(
                    [(name, name) for name in data.usernames]
                )
                self.query_one("#filter-action", Select).set_options(
                    [(label, key) for key, label in data.actions]
                )
        self.query_one(AuditTable).show(data.lines)
        count = len(data.lines)
        more = f" (terbaru {LIMIT}; persempit saringan)" if count == LIMIT else ""
        self.sub_title = f"Jejak audit: {count} entri{more}"
        self._show_detail()

    def on_select_changed(self, event: Select.Changed) -> None:
        value = None if event.value is ALL else event.value
        if event.select.id == "filter-period":
            self.filters = _replace(self.filters, period_id=value)
        elif event.select.id == "filter-user":
            self.filters = _replace(self.filters, username=value)
        elif event.select.id == "filter-action":
            self.filters = _replace(self.filters, action=value)
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.filters = _replace(self.filters, text=event.value)
        self.reload()
        self.query_one(AuditTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        key = self.query_one(AuditTable).selected_key()
        line = next((x for x in self.data.lines if str(x.id) == key), None) if self.data else None
        text = "" if line is None else f"#{line.id} {line.action_name}: {line.keterangan or '-'}"
        if self.data is not None and not self.data.lines:
            text = "Tidak ada entri yang cocok dengan saringan ini."
        self.query_one("#audit-detail", Static).update(text)

    def action_search(self) -> None:
        self.query_one("#filter-text", Input).focus()


def _replace(filters: AuditFilter, **changes: object) -> AuditFilter:
    import dataclasses

    return dataclasses.replace(filters, **changes)  # type: ignore[arg-type]
