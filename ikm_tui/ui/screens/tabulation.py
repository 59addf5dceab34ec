"""Provides TabulationScreen: the live tabulation (NRR per unsur with bars, IKM so far, counts
against targets), filters by month/triwulan/jenis layanan, exports and closing data collection.

Every query and export runs in a thread worker; the screen only shows what the worker returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from ikm_tui.domain.formatting import angka, bilangan
from ikm_tui.persistence.records import PeriodRecord, ServiceTypeRecord, UserRecord
from ikm_tui.services.registry import Services
from ikm_tui.services.tabulation import period_triwulans
from ikm_tui.ui.app import WIDE
from ikm_tui.ui.export_folder import export_path, remember_export
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.services.tabulation import Tabulation
    from ikm_tui.ui.app import IkmApp

BAR_WIDTH = 20
SERVICE_GROUP = "layanan"
PENDING = "…"  # IKM of a group while its breakdown is being computed
NARROW_BAR = 12  # below WIDE columns the bar shrinks and the unsur names wrap to fit 80 columns
NARROW_NAME = 22  # the least width of the Unsur column (names wrap in it, never cut)
# Kode, Jawaban, NRR, Konversi, Mutu and the narrow Grafik column, one cell of padding each
# side of all seven, the scrollbar: what an 80-column screen leaves for the unsur names
UNSUR_FIXED = 4 + 7 + 5 + 8 + 4 + 14 + 7 * 2 + 2
# lines around the two tables at narrow width: header, title, filter, the IKM lines, footer
AROUND_TABLES = 1 + 1 + 1 + 2 + 2
COUNTS_LEAST = 4  # the group table's header and three rows always stay on screen
COUNT_GROUP = 13  # "Jenis layanan", "Pendidikan", ...
# Kelompok, Jumlah, Target and IKM, one cell of padding each side of all five, the scrollbar
COUNT_FIXED = COUNT_GROUP + 6 + 6 + 5 + 5 * 2 + 2
EIGHTHS = " ▏▎▍▌▋▊▉"
MUTU_STYLE = {"A": "green", "B": "cyan", "C": "yellow", "D": "red"}
EXPORTS = {  # key -> (label, default file name pattern, kind, format)
    "mentah_csv": ("Data mentah CSV", "data-mentah-periode-{id}.csv", "mentah", "csv"),
    "mentah_xlsx": ("Data mentah XLSX", "data-mentah-periode-{id}.xlsx", "mentah", "xlsx"),
    "olah_data": ("Olah data XLSX", "olah-data-periode-{id}.xlsx", "olah", "xlsx"),
}


def bar(value: float, maximum: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of unicode blocks (eighths), `width` cells for `maximum`."""
    eighths = round(max(0.0, min(value, maximum)) / maximum * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width)


def period_months(period: PeriodRecord) -> list[int]:
    """The month numbers the period covers, in order (each once)."""
    months: list[int] = []
    day = period.start_date.replace(day=1)
    while day <= period.end_date and len(months) < 12:
        months.append(day.month)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


@dataclass(frozen=True)
class TabulationData:
    """What the screen shows first, gathered in one worker call."""

    period: PeriodRecord
    tabulation: Tabulation
    services: list[ServiceTypeRecord]
    can_close: bool | None


def load_tabulation(
    services: Services,
    user: UserRecord,
    period_id: int,
    month: int | None,
    triwulan: int | None,
    service_type_id: int | None,
) -> TabulationData:
    period = services.periods.get(period_id)
    summary = services.tabulation.summary(period_id, month, triwulan, service_type_id)
    return TabulationData(
        period,
        summary,
        services.periods.period_service_types(period_id),
        services.workflow.can(user, "tutup_pengumpulan", period_id),
    )


def load_group_ikm(
    services: Services,
    summary: Tabulation,
    month: int | None,
    triwulan: int | None,
    service_type_id: int | None,
) -> dict[tuple[str, str], str]:
    """IKM per jenis layanan and per profile value: (group, key) -> IKM text ("-" if none).

    One grouped query for every breakdown (`TabulationService.breakdowns`), still slower than
    the summary on large periods, so the screen loads it in a second worker after the figures.
    """
    breakdowns = services.tabulation.breakdowns(summary.period_id, month, triwulan, service_type_id)
    group_ikm: dict[tuple[str, str], str] = {}
    for item in breakdowns["service_type"]:
        group_ikm[(SERVICE_GROUP, item.key)] = angka(item.score.ikm) if item.score else "-"
    for profile in summary.profiles:
        for item in breakdowns[profile.key]:
            group_ikm[(profile.key, item.key)] = angka(item.score.ikm) if item.score else "-"
    return group_ikm


class TabulationScreen(Screen[None]):
    """Hasil tabulasi of one period."""

    CSS_PATH = "tabulation.tcss"
    AUTO_FOCUS = "#unsur"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("b", "next_month", "Bulan"),
        Binding("w", "next_triwulan", "Triwulan"),
        Binding("l", "next_service", "Layanan"),
        Binding("a", "clear_filter", "Tanpa saringan", show=False),
        Binding("m", "export('mentah_csv')", "Mentah.csv"),
        Binding("x", "export('mentah_xlsx')", "Mentah.xlsx"),
        Binding("o", "export('olah_data')", "Olah data"),
        Binding("c", "close_collection", "Tutup pengumpulan"),
        Binding("r", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.month: int | None = None
        self.triwulan: int | None = None
        self.service_type_id: int | None = None
        self.data: TabulationData | None = None
        self.group_ikm: dict[tuple[str, str], str] = {}
        self.pending_export: str | None = None

    @property
    def ikm_app(self) -> IkmApp:
        return cast("IkmApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Hasil tabulasi", id="tab-title", classes="section-title")
        yield Static("Memuat…", id="tab-filter", markup=False)
        yield Static("", id="ikm", markup=False)
        yield DataTable(id="unsur", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="counts", cursor_type="row", zebra_stripes=True)
        yield Input(id="export-path", classes="hidden")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.data is not None:  # back from another screen: show the newest figures
            self.reload()

    # -- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        user = self.ikm_app.user
        if user is None:
            return
        services, period_id = self.ikm_app.services, self.period_id
        month, triwulan, service = self.month, self.triwulan, self.service_type_id
        run_service(
            self,
            lambda: load_tabulation(services, user, period_id, month, triwulan, service),
            self.show,
            group="tabulation",
            exclusive=True,
        )

    def action_reload(self) -> None:
        self.reload()

    def show(self, data: TabulationData) -> None:
        self.data = data
        result = data.tabulation
        # one line on 80 columns: the weighting rule is shown with the IKM it makes
        self.query_one("#tab-title", Label).update(
            f"Hasil tabulasi: {data.period.name}, {result.regime_nama}"
        )
        self.query_one("#tab-filter", Static).update(f"Saringan: {result.filter_text}")
        self._show_unsur(result)
        self._show_ikm(result)
        self.group_ikm = {}
        self._show_counts(result, PENDING if result.score is not None else "-")
        self.refresh_bindings()
        if result.score is not None:
            services, month, triwulan, service = (
                self.ikm_app.services,
                self.month,
                self.triwulan,
                self.service_type_id,
            )
            run_service(
                self,
                lambda: load_group_ikm(services, result, month, triwulan, service),
                self._show_group_ikm,
                group="tabulation-groups",
                exclusive=True,
            )

    def _show_group_ikm(self, group_ikm: dict[tuple[str, str], str]) -> None:
        self.group_ikm = group_ikm
        if self.data is not None:
            self._show_counts(self.data.tabulation, "-")

    def on_resize(self) -> None:
        """Narrow screens ("-narrow": the IKM box loses its border and the space between the
        tables): the unsur table leaves the group table its header and three rows, scrolling."""
        narrow = self.size.width < WIDE
        unsur = self.query_one("#unsur", DataTable)
        unsur.styles.max_height = (
            max(4, self.size.height - AROUND_TABLES - COUNTS_LEAST) if narrow else None
        )
        if self.data is not None:
            self._show_unsur(self.data.tabulation)
            self._show_counts(self.data.tabulation, "-" if self.group_ikm else PENDING)

    def _show_unsur(self, result: Tabulation) -> None:
        table = self.query_one("#unsur", DataTable)
        table.clear(columns=True)
        wide = self.size.width >= WIDE
        width = BAR_WIDTH if wide else NARROW_BAR
        names = [u.nama for u in result.score.unsur] if result.score else []
        longest = max(map(len, names), default=NARROW_NAME)
        # a name longer than the room wraps in its row (height=None), never cut
        room = max(NARROW_NAME, self.size.width - UNSUR_FIXED)
        # fixed widths: the header is drawn once, never before the rows measured the columns
        for label, cells in (
            ("Kode", 4),
            ("Unsur", longest if wide else min(longest, room)),
            ("Jawaban", 7),
            ("NRR", 5),
            ("Konversi", 8),
            ("Mutu", 4),
            ("Grafik NRR 1-4", max(width, 14)),
        ):
            table.add_column(label, width=cells)
        if result.score is None:
            return
        for unsur in result.score.unsur:
            name = Text(unsur.nama)
            if unsur.nrr is None:
                table.add_row(
                    unsur.kode,
                    name,
                    "0",
                    "-",
                    "-",
                    "-",
                    "belum dijawab",
                    key=unsur.key,
                    height=None,
                )
                continue
            style = MUTU_STYLE.get(unsur.mutu or "", "")
            table.add_row(
                unsur.kode,
                name,
                bilangan(unsur.n),
                angka(unsur.nrr, 3),
                angka(unsur.konversi),
                Text(unsur.mutu or "-", style=style),
                Text(bar(float(unsur.nrr), 4.0, width), style=style),
                key=unsur.key,
                height=None,
            )

    def _show_ikm(self, result: Tabulation) -> None:
        target = (
            (
                f" dari target {bilangan(result.target)}"
                + (" (terpenuhi)" if result.respondents >= result.target else " (belum terpenuhi)")
            )
            if result.target
            else ""
        )
        # the weighting rule (exact 1/n or a legacy printed weight) next to the IKM it makes
        if result.score is None:
            ikm = f"IKM sementara: belum ada jawaban  {result.weight_text}"
        else:
            score = result.score
            ikm = (
                f"IKM sementara: {angka(score.ikm)}  Mutu {score.mutu} ({score.kinerja})"
                f"  {result.weight_text}"
            )
        counted = f"Responden dihitung: {bilangan(result.respondents)}{target}"
        self.query_one("#ikm", Static).update(f"{ikm}\n{counted}")

    def _show_counts(self, result: Tabulation, missing: str) -> None:
        """Kelompok, Nilai, Jumlah, Target, IKM: Nilai takes what the other columns leave
        (a long service name wraps), so the per-group IKM stays on an 80-column screen."""
        table = self.query_one("#counts", DataTable)
        table.clear(columns=True)
        width = table.size.width or self.app.size.width
        counts = [g.count for g in result.services] + [
            g.count for profile in result.profiles for g in profile.groups
        ]
        # "Jumlah" as wide as its largest count (150.045 forms of one service), Nilai the rest
        extra = max([len(bilangan(count)) - 6 for count in counts] + [0])
        table.add_column("Kelompok", width=COUNT_GROUP)
        table.add_column("Nilai", width=max(12, min(40, width - COUNT_FIXED - extra)))
        table.add_column("Jumlah", width=6 + extra)
        table.add_column("Target", width=6)
        table.add_column("IKM", width=5)
        ikm = self.group_ikm
        for group in result.services:
            table.add_row(
                "Jenis layanan",
                Text(group.label),
                bilangan(group.count),
                bilangan(group.target) if group.target else "-",
                ikm.get((SERVICE_GROUP, group.key), missing),
                height=None,
            )
        for profile in result.profiles:  # profile values nobody gave are left out
            for group in profile.groups:
                if group.count:
                    table.add_row(
                        profile.label,
                        Text(group.label),
                        bilangan(group.count),
                        "",
                        ikm.get((profile.key, group.key), missing),
                        height=None,
                    )

    # -- filters ----------------------------------------------------------------------------

    def action_next_month(self) -> None:
        if self.data is None:
            return
        months: list[int | None] = [None, *period_months(self.data.period)]
        self.month = months[(months.index(self.month) + 1) % len(months)]
        self.triwulan = None
        self.reload()

    def action_next_triwulan(self) -> None:
        if self.data is None:
            return
        quarters: list[int | None] = [None, *period_triwulans(self.data.period)]
        self.triwulan = quarters[(quarters.index(self.triwulan) + 1) % len(quarters)]
        self.month = None
        self.reload()

    def action_next_service(self) -> None:
        if self.data is None:
            return
        ids: list[int | None] = [None, *(s.id for s in self.data.services)]
        current = self.service_type_id if self.service_type_id in ids else None
        self.service_type_id = ids[(ids.index(current) + 1) % len(ids)]
        self.reload()

    def action_clear_filter(self) -> None:
        self.month = self.triwulan = self.service_type_id = None
        self.reload()

    # -- exports ----------------------------------------------------------------------------

    def action_export(self, key: str) -> None:
        label, pattern, _, _ = EXPORTS[key]
        self.pending_export = key
        field = self.query_one("#export-path", Input)
        field.value = str(export_path(self.app, pattern.format(id=self.period_id)))
        field.border_title = f"{label}: lokasi berkas (Enter simpan, Esc batal)"
        field.remove_class("hidden")
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        key, path = self.pending_export, event.value.strip()
        self._hide_export()
        if key is None or not path:
            return
        label, _, kind, fmt = EXPORTS[key]
        tabulation, user, period_id = (
            self.ikm_app.services.tabulation,
            self.ikm_app.user,
            self.period_id,
        )
        if kind == "mentah":
            call = lambda: tabulation.export_raw(period_id, path, fmt, user)  # noqa: E731
        else:
            call = lambda: tabulation.export_olah_data(period_id, path, user)  # noqa: E731
        self.notify(f"{label} sedang dibuat; layar tetap dapat dipakai.", title="Ekspor")
        run_service(
            self,
            call,
            lambda count: self._exported(label, count, path),
            group="export",
        )

    def _exported(self, label: str, count: int, path: str) -> None:
        remember_export(self.app, path)
        self.notify(
            f"{label} ({bilangan(count)} responden) disimpan di {path}.", title="Ekspor selesai"
        )

    def _hide_export(self) -> None:
        self.pending_export = None
        field = self.query_one("#export-path", Input)
        field.add_class("hidden")
        self.query_one("#unsur", DataTable).focus()

    # -- closing ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_collection":
            return self.data.can_close if self.data is not None else False
        return True

    def action_back(self) -> None:
        if self.pending_export is not None:
            self._hide_export()
            return
        self.app.pop_screen()

    def action_close_collection(self) -> None:
        from ikm_tui.ui.flows import close_collection

        if self.check_action("close_collection", ()) is not True or self.data is None:
            return
        close_collection(self, self.data.period, lambda _period: self.reload())
