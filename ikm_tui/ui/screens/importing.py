"""Provides ImportScreen: import CSV/XLSX responses with a preview, a column-mapping editor,
the rejected rows with reasons, and an all-or-nothing commit with a progress bar.

Reading, checking and storing run in thread workers (the screen never freezes); the commit
reports progress per chunk through `App.call_from_thread`.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, ProgressBar, Select, Static

from ikm_tui.domain.formatting import bilangan, waktu
from ikm_tui.errors import IkmError
from ikm_tui.persistence.records import PeriodRecord
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.worker import notify_error, run_service

if TYPE_CHECKING:
    from ikm_tui.services.importer import (
        ImportCheck,
        ImportPreview,
        ImportResult,
        UnfinishedImport,
    )
    from ikm_tui.ui.app import IkmApp

IGNORE_VALUE = "-"  # Select value of "(abaikan)"; the service's IGNORE is ""
PREVIEW_COLUMN = 30  # a preview column's width; a longer header (a form's question) wraps
HEADER_LINES = 4  # at most this many header lines: a column with a longer header is widened


def preview_widths(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[int]:
    """Each preview column's width: its header and cells up to PREVIEW_COLUMN, wider when its
    header would need more than HEADER_LINES lines (so no header is ever cut)."""
    widths = []
    for index, name in enumerate(columns):
        cells = [len(row[index]) for row in rows if index < len(row)]
        width = max(1, min(max([len(name), *cells]), PREVIEW_COLUMN))
        while len(textwrap.wrap(name, width)) > HEADER_LINES:
            width += 1
        widths.append(width)
    return widths


class ImportScreen(Screen[None]):
    """Impor data kuesioner (CSV/XLSX) into one period."""

    CSS_PATH = "importing.tcss"
    AUTO_FOCUS = "#import-path"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("f2", "check", "Periksa"),
        Binding("f5", "commit", "Impor"),
        Binding("f8", "discard", "Buang impor terhenti"),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.preview: ImportPreview | None = None
        self.check: ImportCheck | None = None
        self.busy = False

    @property
    def ikm_app(self) -> IkmApp:
        return cast("IkmApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Impor data kuesioner", id="import-title", classes="section-title")
        yield Input(placeholder="Lokasi berkas CSV atau XLSX, lalu Enter", id="import-path")
        yield Static(
            "Ketik lokasi berkas lalu tekan Enter untuk membaca pratinjau.",
            id="import-info",
            markup=False,
        )
        yield DataTable(id="import-preview", zebra_stripes=True)
        with Horizontal(id="import-lower"):
            with Vertical(id="mapping-box"):
                yield Label("Pemetaan kolom", classes="box-title")
                yield VerticalScroll(id="mapping")
            with Vertical(id="rejected-box"):
                yield Label("Baris ditolak", classes="box-title")
                yield Static("", id="check-summary", markup=False)
                with VerticalScroll(id="rejected-scroll"):
                    yield Static("", id="rejected", markup=False)
        yield ProgressBar(id="import-progress", show_eta=False, classes="hidden")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._load_title()
        self._point_out_unfinished()

    def _load_title(self) -> None:
        periods, period_id = self.ikm_app.services.periods, self.period_id
        run_service(self, lambda: periods.get(period_id), self._show_period, group="import-period")

    def _show_period(self, period: PeriodRecord) -> None:
        self.query_one("#import-title", Label).update(
            f"Impor data kuesioner: {period.name} ({bilangan(period.respondents)} responden tersimpan)"
        )

    # -- reading ----------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = event.value.strip()
        if not path or self.busy:
            return
        importer, period_id = self.ikm_app.services.importer, self.period_id
        self._info("Membaca berkas…")
        run_service(
            self,
            lambda: importer.preview(period_id, path),
            self.show_preview,
            on_error=self._failed,
            group="import-read",
            exclusive=True,
        )

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.check = None
        self._info(
            f"{preview.described}; {bilangan(preview.total_rows)} baris data, "
            f"{len(preview.columns)} kolom."
        )
        table = self.query_one("#import-preview", DataTable)
        table.clear(columns=True)
        columns = list(
            zip(preview.columns, preview_widths(preview.columns, preview.rows), strict=True)
        )
        table.header_height = max((len(textwrap.wrap(n, w)) for n, w in columns), default=1)
        for name, width in columns:
            table.add_column(Text(name), width=width)  # a long header wraps, never cut
        for row in preview.rows:
            table.add_row(*row)
        self._build_mapping(preview)
        self.action_check()

    def _build_mapping(self, preview: ImportPreview) -> None:
        box = self.query_one("#mapping", VerticalScroll)
        box.remove_children()
        options = [("(abaikan)", IGNORE_VALUE), *[(label, key) for key, label in preview.targets]]
        rows = []
        for index, name in enumerate(preview.columns):
            value = preview.mapping.get(index) or IGNORE_VALUE
            rows.append(  # the column's header in full (wrapping), the target beside or under it
                Horizontal(
                    Label(name, classes="map-column", markup=False),
                    Select(
                        options, value=value, allow_blank=False, id=f"map-{index}", compact=True
                    ),
                    classes="map-row",
                )
            )
        box.mount_all(rows)

    def mapping(self) -> dict[int, str]:
        """The mapping as edited: column index -> target key ("" = ignored)."""
        result: dict[int, str] = {}
        for select in self.query("#mapping Select").results(Select):
            index = int(str(select.id).removeprefix("map-"))
            value = select.value
            result[index] = "" if value in (IGNORE_VALUE, Select.NULL) else str(value)
        return result

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.preview is not None:
            self.action_check()

    # -- checking and storing ---------------------------------------------------------------

    def action_check(self) -> None:
        if self.preview is None or self.busy:
            return
        importer, period_id, path = (
            self.ikm_app.services.importer,
            self.period_id,
            self.preview.path,
        )
        mapping = self.mapping()
        run_service(
            self,
            lambda: importer.validate(period_id, path, mapping),
            self.show_check,
            on_error=self._failed,
            group="import-check",
            exclusive=True,
        )

    def show_check(self, check: ImportCheck) -> None:
        self.check = check
        if check.ok:
            text = (
                f"Siap diimpor: {check.counts}"
                + (f", {check.skipped_blank} baris kosong dilewati" if check.skipped_blank else "")
                + ". F5 menyimpan "
                + ("yang baru." if check.existing else "semuanya.")
            )
        elif check.rejected_count:
            text = (
                f"{check.accepted} baris baik, {check.rejected_rows} baris ditolak. "
                "Impor hanya berjalan bila tidak ada baris yang ditolak (semua atau tidak "
                "sama sekali)."
            )
        elif check.problems:  # an unmapped unsur, or every row already stored
            text = check.problems[0]
        else:
            text = "Berkas tidak memuat satu pun baris jawaban."
        summary = self.query_one("#check-summary", Static)
        others = [p for p in check.problems if p != text]
        summary.update("\n".join([text, *others, *check.notes]))
        summary.set_class(not check.ok, "problem")
        listed = [item.text for item in check.rejected]
        if check.rejected_count > len(listed):
            listed.append(f"... dan {check.rejected_count - len(listed)} masalah lain.")
        self.query_one("#rejected", Static).update("\n".join(listed))

    def action_commit(self) -> None:
        user = self.ikm_app.user
        if self.preview is None or self.busy or user is None:
            return
        if self.check is None:
            self.notify(
                "Baca berkas (Enter di lokasi berkas) dan tunggu hasil pemeriksaannya dahulu.",
                title="Belum dapat diimpor",
                severity="warning",
            )
            return
        if not self.check.ok:
            self.notify(
                "Perbaiki baris yang ditolak atau pemetaan kolom dahulu; tidak ada yang disimpan.",
                title="Belum dapat diimpor",
                severity="warning",
            )
            return
        importer, period_id, path = (
            self.ikm_app.services.importer,
            self.period_id,
            self.preview.path,
        )
        mapping, app = self.mapping(), self.app
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=self.check.new, progress=0)
        bar.remove_class("hidden")

        def report(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=total, progress=done)

        self.busy = True
        self._info("Menyimpan… (semua atau tidak sama sekali; entri formulir tetap dapat berjalan)")
        run_service(
            self,
            lambda: importer.commit(period_id, path, mapping, user, report),
            self.committed,
            on_error=self._failed,
            group="import-commit",
        )

    def committed(self, result: ImportResult) -> None:
        self.busy = False
        self.check = None  # F5 again does nothing; F2 re-checks (and sees the file imported)
        self._info(result.message)
        self.query_one("#check-summary", Static).update(
            "Sudah diimpor. Unduhan berikutnya boleh memuat semua baris: Enter di lokasi "
            "berkas, hanya baris baru yang disimpan."
        )
        self.notify(result.message, title="Impor selesai")
        self.query_one("#import-path", Input).focus()
        self._load_title()

    # -- a stopped import's pending forms (F8) ----------------------------------------------

    def _point_out_unfinished(self) -> None:
        """On opening: an unfinished import of the period is named where the file info goes."""
        importer, period_id = self.ikm_app.services.importer, self.period_id

        def show(found: list[UnfinishedImport]) -> None:
            if not found or self.preview is not None or self.busy:
                return
            item = found[0]  # two lines here: the full text comes with the check and F8
            if item.abandoned:
                self._info(
                    f"Impor {item.berkas} terhenti: {bilangan(item.stored)} formulir sementara "
                    f"(nomor {item.first_nomor}-{item.last_nomor}) {item.counting}. F8 "
                    "membuangnya."
                )
            else:
                self._info(
                    f"Impor {item.berkas} sedang berjalan: {bilangan(item.stored)} dari "
                    f"{bilangan(item.total)} formulir tersimpan sementara, belum dihitung."
                )

        run_service(self, lambda: importer.unfinished(period_id), show, group="import-unfinished")

    def action_discard(self) -> None:
        """Discard a stopped import's pending forms, after a confirmation naming them."""
        if self.busy:
            return
        importer, period_id = self.ikm_app.services.importer, self.period_id
        run_service(
            self,
            lambda: importer.unfinished(period_id),
            self._ask_discard,
            group="import-unfinished",
            exclusive=True,
        )

    def _ask_discard(self, found: list[UnfinishedImport]) -> None:
        from ikm_tui.ui.dialogs.confirm import ConfirmDialog

        stopped = [item for item in found if item.abandoned]
        if not stopped:
            self.notify(
                found[0].text + " Hanya impor yang terhenti yang dapat dibuang."
                if found
                else "Tidak ada impor yang terhenti di periode ini; tidak ada yang dibuang.",
                title="Tidak ada yang dibuang",
                severity="warning",
            )
            return
        item = stopped[0]
        more = f"\n\n(Masih ada {len(stopped) - 1} impor terhenti lain: F8 lagi.)"
        counted = (
            f" Jumlah responden periode berkurang {bilangan(item.counted)}." if item.counted else ""
        )
        question = (
            f"Buang {bilangan(item.stored)} formulir sementara dari berkas {item.berkas}?\n\n"
            f"Impor oleh {item.username} ({waktu(item.started_at)}) terhenti sebelum selesai: "
            f"{bilangan(item.stored)} dari {bilangan(item.total)} baris tersimpan sementara "
            f"(nomor {item.first_nomor}-{item.last_nomor}), {item.counting}.{counted} "
            "Formulir lain tidak tersentuh; penghapusan dicatat di jejak audit. Berkas yang "
            "sama dapat diimpor ulang sesudahnya." + (more if len(stopped) > 1 else "")
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._discard(item)

        self.app.push_screen(
            ConfirmDialog("Buang impor yang terhenti", question, yes_label="Buang"), answered
        )

    def _discard(self, item: UnfinishedImport) -> None:
        user = self.ikm_app.user
        if user is None:
            return
        importer, period_id = self.ikm_app.services.importer, self.period_id
        self.busy = True
        self._info(f"Membuang formulir sementara dari {item.berkas}…")

        def done(removed: int) -> None:
            self.busy = False
            message = (
                f"{bilangan(removed)} formulir sementara dari impor {item.berkas} yang terhenti "
                "dibuang."
            )
            self._info(message)
            self.notify(message, title="Impor terhenti dibuang")
            self._load_title()
            if self.preview is not None:
                self.action_check()  # its notes named the stopped import

        run_service(
            self,
            lambda: importer.discard(period_id, item.run_id, user),
            done,
            on_error=self._failed,
            group="import-discard",
        )

    def _failed(self, error: IkmError) -> None:
        self.busy = False
        self.query_one("#import-progress", ProgressBar).update(progress=0)
        self._info(f"{error.title}: {error.message.splitlines()[0]}")
        notify_error(self.app, error)

    def _info(self, text: str) -> None:
        self.query_one("#import-info", Static).update(text)

    def action_back(self) -> None:
        if not self.busy:
            self.app.pop_screen()
