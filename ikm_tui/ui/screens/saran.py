"""Provides SaranScreen: the saran written on a period's forms (typed from paper or imported),
with a search, a filter by jenis layanan and by source, so the meeting can go through them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Input, Label, Static

from ikm_tui.domain.formatting import tanggal
from ikm_tui.persistence.records import PeriodRecord, SaranRecord, ServiceTypeRecord, UserRecord
from ikm_tui.services.registry import Services
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.tables import Col, RecordTable

SOURCES = ("", "kertas", "impor")
SOURCE_TEXT = {"": "semua sumber", "kertas": "formulir kertas", "impor": "impor"}


@dataclass(frozen=True)
class SaranData:
    period: PeriodRecord
    saran: list[SaranRecord]
    service_types: list[ServiceTypeRecord]


class SaranTable(RecordTable):
    """No. formulir, Tanggal, Layanan, Sumber, Saran."""

    COLUMNS = (
        Col("No", 5),
        Col("Tanggal", 10, shown_from=100),  # the detail under the table has both
        Col("Layanan", 14, grow=1),
        Col("Sumber", 6, shown_from=100),
        Col("Saran", 24, grow=2),
    )

    def show(self, items: list[SaranRecord]) -> None:
        self.replace_rows(
            [
                (
                    str(item.respondent_id),
                    [
                        Text(str(item.nomor)),
                        Text(f"{item.tanggal:%d-%m-%Y}" if item.tanggal else "-"),
                        Text(item.service_name or "-"),
                        Text(item.source),
                        Text(item.saran),
                    ],
                )
                for item in items
            ]
        )


class SaranScreen(DataScreen[SaranData]):
    """A period's saran, searchable."""

    CSS_PATH = "saran.tcss"
    AUTO_FOCUS = "#saran"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("slash", "search", "Cari"),
        Binding("l", "cycle_service", "Layanan"),
        Binding("s", "cycle_source", "Sumber"),
        Binding("r", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.search = ""
        self.service_index = 0  # 0 = every jenis layanan, else index + 1 in the period's list
        self.source = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Saran responden", id="saran-title", classes="section-title")
        yield Input(placeholder="Cari kata dalam saran (Enter)", id="search")
        yield SaranTable(id="saran")
        yield Static("", id="saran-detail", markup=False)
        yield KeyFooter()

    def load(self, services: Services, user: UserRecord) -> SaranData:
        period = services.periods.get(self.period_id)
        types = services.periods.period_service_types(self.period_id)
        service_id = (
            types[self.service_index - 1].id if 0 < self.service_index <= len(types) else None
        )
        return SaranData(
            period,
            services.complaints.saran(self.period_id, self.search, service_id, self.source),
            types,
        )

    def show(self, data: SaranData) -> None:
        service = (
            data.service_types[self.service_index - 1].nama
            if 0 < self.service_index <= len(data.service_types)
            else "semua layanan"
        )
        filters = [service, SOURCE_TEXT[self.source]] + (
            [f'"{self.search}"'] if self.search else []
        )
        self.query_one("#saran-title", Label).update(
            f"Saran responden {data.period.name}: {len(data.saran)} saran ({', '.join(filters)})"
        )
        self.query_one(SaranTable).show(data.saran)
        if not data.saran:
            self.query_one("#saran-detail", Static).update("Tidak ada saran yang cocok.")
        else:
            self._show_detail()

    def selected(self) -> SaranRecord | None:
        key = self.query_one(SaranTable).selected_key()
        if self.data is None or key is None:
            return None
        return next((s for s in self.data.saran if str(s.respondent_id) == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        item = self.selected()
        if item is not None:
            self.query_one("#saran-detail", Static).update(
                f"Formulir {item.nomor} ({tanggal(item.tanggal)}, {item.service_name or '-'}, "
                f"{SOURCE_TEXT.get(item.source, item.source)}):\n"
                f"{item.saran}"
            )

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.search = event.value.strip()
        self.query_one(SaranTable).focus()
        self.reload()

    def action_cycle_service(self) -> None:
        count = len(self.data.service_types) if self.data else 0
        self.service_index = (self.service_index + 1) % (count + 1)
        self.reload()

    def action_cycle_source(self) -> None:
        self.source = SOURCES[(SOURCES.index(self.source) + 1) % len(SOURCES)]
        self.reload()

    def action_back(self) -> None:
        if self.focused is self.query_one("#search", Input):
            self.query_one(SaranTable).focus()
            return
        self.app.pop_screen()
