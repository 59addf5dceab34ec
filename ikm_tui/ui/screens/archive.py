"""Provides ArchiveScreen (step 10, Arsip): what archiving the period will create, shown first
with every field of the daftar arsip editable; archiving after a confirmation; the period's
archive items; and the retention view (items past their active retention, every period).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Label, Static

from ikm_tui.domain import archive as rules
from ikm_tui.domain.formatting import bilangan, tanggal
from ikm_tui.persistence.records import ArchiveItemRecord, PeriodRecord, UserRecord
from ikm_tui.services.archive import RetentionDue
from ikm_tui.services.registry import Services
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.tables import Col, RecordTable
from ikm_tui.ui.worker import run_service

ACTION = "arsip"
PLAN, ITEMS, RETENTION = "rencana", "berkas", "retensi"
VIEW_TITLES = {
    PLAN: "Akan diarsipkan",
    ITEMS: "Berkas arsip periode ini",
    RETENTION: "Berkas melewati retensi aktif (semua periode)",
}
KIND_TEXT = {
    "laporan": "Laporan",
    "notulen": "Notulen",
    "ptpp": "PTPP",
    "pengumuman": "Pengumuman",
    rules.DAFTAR_HADIR: "Daftar hadir",
}
EDIT_FIELDS = (
    "Uraian",
    "Kode klasifikasi",
    "Kurun waktu",
    "Jumlah",
    "Tingkat perkembangan",
    "Retensi aktif (tahun)",
    "Retensi inaktif (tahun)",
    "Nasib akhir",
    "Lokasi simpan",
    "Rak",
    "Boks",
    "Klasifikasi keamanan",
    "Berkas pindaian (opsional)",
)


@dataclass(frozen=True)
class ArchiveData:
    period: PeriodRecord
    plan: list[rules.ArchiveDraft]
    items: list[ArchiveItemRecord]
    retention: list[RetentionDue]
    can_archive: bool | None


def draft_values(draft: rules.ArchiveDraft) -> list[str]:
    return [
        draft.uraian,
        draft.kode_klasifikasi,
        draft.kurun_waktu,
        draft.jumlah,
        draft.tingkat_perkembangan,
        str(draft.retensi_aktif),
        str(draft.retensi_inaktif),
        draft.nasib_akhir,
        draft.lokasi_simpan,
        draft.rak,
        draft.boks,
        draft.klasifikasi_keamanan,
        draft.berkas,
    ]


def edited_draft(draft: rules.ArchiveDraft, values: list[str]) -> tuple[str, rules.ArchiveDraft]:
    """The draft with the dialog's values, and the first problem ("" when none)."""
    years = [values[5].strip(), values[6].strip()]
    if not all(y.isdigit() for y in years):
        return "Retensi aktif dan inaktif: ketik jumlah tahun (angka).", draft
    changed = draft.edited(
        uraian=values[0].strip(),
        kode_klasifikasi=values[1].strip(),
        kurun_waktu=values[2].strip(),
        jumlah=values[3].strip(),
        tingkat_perkembangan=values[4].strip().lower(),
        retensi_aktif=int(years[0]),
        retensi_inaktif=int(years[1]),
        nasib_akhir=values[7].strip().lower(),
        lokasi_simpan=values[8].strip(),
        rak=values[9].strip(),
        boks=values[10].strip(),
        klasifikasi_keamanan=values[11].strip().lower(),
        berkas=values[12].strip(),
    )
    problems = rules.problems(changed)
    return (problems[0] if problems else ""), changed


VIEW_COLUMNS = {
    PLAN: (
        Col("No", 2),
        Col("Jenis", 12),
        Col("Uraian", 20, grow=3),
        Col("Kode", 9),
        Col("Lokasi", 12, grow=1),
    ),
    ITEMS: (
        Col("Nomor", 8),
        Col("Kode", 9),
        Col("Uraian", 20, grow=3),
        Col("Kurun", 5),
        Col("Rak/boks", 12, grow=1),
    ),
    RETENTION: (
        Col("Nomor", 8),
        Col("Uraian", 20, grow=1),
        Col("Aktif s.d.", 10),
        Col("Tahap", 11),
    ),
}


class ArchiveTable(RecordTable):
    """One of three views; its columns change with the view."""

    def show_view(self, view: str, data: ArchiveData, drafts: list[rules.ArchiveDraft]) -> None:
        rows: list[tuple[str, Sequence[str | Text]]]
        self.set_columns(VIEW_COLUMNS[view])
        if view == PLAN:
            rows = [
                (
                    str(index),
                    [
                        Text(str(index + 1)),
                        Text(KIND_TEXT.get(d.jenis, d.jenis)),
                        Text(d.uraian),
                        Text(d.kode_klasifikasi),
                        Text(
                            _place(d.lokasi_simpan, d.rak, d.boks),
                            style="" if _placed(d) else "bold",
                        ),
                    ],
                )
                for index, d in enumerate(drafts)
            ]
        elif view == ITEMS:
            rows = [
                (
                    str(item.id),
                    [
                        Text(item.nomor_berkas),
                        Text(item.kode_klasifikasi),
                        Text(item.uraian),
                        Text(item.kurun_waktu),
                        Text(
                            _place("", item.rak, item.boks)
                            if item.rak or item.boks
                            else item.lokasi_text
                        ),
                    ],
                )
                for item in data.items
            ]
        else:
            rows = [
                (
                    str(due.item.id),
                    [
                        Text(due.item.nomor_berkas),
                        Text(due.item.uraian),
                        Text(f"{due.active_until:%d-%m-%Y}"),
                        self.cell(due.stage, due.stage != "inaktif"),
                    ],
                )
                for due in data.retention
            ]
        self.replace_rows(rows)


def _placed(draft: rules.ArchiveDraft) -> bool:
    return bool(draft.lokasi_simpan.strip() or draft.rak.strip() or draft.boks.strip())


def _place(lokasi: str, rak: str, boks: str) -> str:
    parts = [lokasi.strip()] + [
        f"{n} {v.strip()}" for n, v in (("rak", rak), ("boks", boks)) if v.strip()
    ]
    return ", ".join(p for p in parts if p) or "BELUM DIISI"


class ArchiveScreen(DataScreen[ArchiveData]):
    """Step 10 of one period: archive its approved documents to standard."""

    CSS_PATH = "archive.tcss"
    AUTO_FOCUS = "#archive"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("enter", "edit", "Ubah isian", show=False),
        Binding("e", "edit", "Ubah isian"),
        Binding("l", "place_all", "Lokasi semua"),
        Binding("a", "archive", "Arsipkan"),
        Binding("v", "next_view", "Tampilan"),
        Binding("x", "export", "Daftar arsip"),
        Binding("r", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.view = ""
        self.edits: dict[tuple[str, int], rules.ArchiveDraft] = {}  # kept across reloads

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Arsip", id="archive-title", classes="section-title")
        yield ArchiveTable(id="archive")
        yield Static("", id="archive-detail", markup=False)
        yield Static("", id="export-status", markup=False)
        yield KeyFooter()

    def load(self, services: Services, user: UserRecord) -> ArchiveData:
        archive = services.archive
        return ArchiveData(
            services.periods.get(self.period_id),
            archive.plan(self.period_id),
            archive.list(self.period_id),
            archive.retention_due(),
            services.workflow.can(user, ACTION, self.period_id),
        )

    @property
    def drafts(self) -> list[rules.ArchiveDraft]:
        if self.data is None:
            return []
        return [self.edits.get((d.jenis, d.source_id), d) for d in self.data.plan]

    def show(self, data: ArchiveData) -> None:
        if not self.view or (self.view == PLAN and not data.plan):
            self.view = PLAN if data.plan and data.can_archive else ITEMS
        self._redraw()

    def _redraw(self) -> None:
        data = self.data
        if data is None:
            return
        title = f"{VIEW_TITLES[self.view]}: {data.period.name}"
        if self.view == ITEMS:
            title += f" ({len(data.items)} berkas)"
        self.query_one("#archive-title", Label).update(title)
        table = self.query_one(ArchiveTable)
        table.show_view(self.view, data, self.drafts)
        self._show_detail()
        self.refresh_bindings()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#archive-detail", Static)
        data = self.data
        if data is None:
            return
        key = self.query_one(ArchiveTable).selected_key()
        if self.view == PLAN:
            detail.update(self._draft_detail(int(key)) if key is not None else "")
        elif self.view == ITEMS:
            item = next((i for i in data.items if str(i.id) == key), None)
            detail.update(item_detail(item) if item else self._empty_items(data))
        else:
            due = next((d for d in data.retention if str(d.item.id) == key), None)
            detail.update(
                f"{due.item.nomor_berkas} {due.item.uraian} ({due.item.lokasi_text})\n{due.tindakan}"
                if due
                else "Tidak ada berkas yang melewati retensi aktifnya."
            )

    def _empty_items(self, data: ArchiveData) -> str:
        if data.plan and data.can_archive:
            return "Belum ada berkas arsip. Tekan V untuk melihat yang akan diarsipkan."
        if data.plan:
            return "Belum ada berkas arsip; pengarsipan dilakukan Staf di langkah ini."
        return "Belum ada berkas arsip: belum ada dokumen yang disetujui Camat untuk diarsipkan."

    def _draft_detail(self, index: int) -> str:
        drafts = self.drafts
        if not 0 <= index < len(drafts):
            return ""
        d = drafts[index]
        scan = (
            f"; berkas pindaian {d.berkas}"
            if d.berkas
            else "; berkas digital: isi yang ditandatangani"
        )
        return (
            f"{d.judul}\n{d.kode_klasifikasi}; kurun {d.kurun_waktu}; {d.jumlah}; "
            f"{d.tingkat_perkembangan}; retensi aktif {d.retensi_aktif} th, inaktif "
            f"{d.retensi_inaktif} th; {d.nasib_akhir}; {d.klasifikasi_keamanan}\n"
            f"Lokasi kertas bertanda tangan basah: {_place(d.lokasi_simpan, d.rak, d.boks)}{scan}"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export":
            return bool(self.data and self.data.items)
        if action in ("edit", "place_all", "archive"):
            if self.data is None or not self.data.plan:
                return False
            if not self.data.can_archive:
                return None if self.data.can_archive is None else False
            return True if action == "archive" or self.view == PLAN else None
        return True

    # -- actions ----------------------------------------------------------------------------

    def action_next_view(self) -> None:
        views = [v for v in (PLAN, ITEMS, RETENTION) if v != PLAN or (self.data and self.data.plan)]
        self.view = (
            views[(views.index(self.view) + 1) % len(views)] if self.view in views else views[0]
        )
        self._redraw()

    def action_edit(self) -> None:
        from ikm_tui.ui.dialogs.fields import FieldsDialog

        key = self.query_one(ArchiveTable).selected_key()
        if self.check_action("edit", ()) is not True or key is None:
            return
        draft = self.drafts[int(key)]

        def save(values: list[str] | None) -> None:
            if values is not None:
                self.edits[(draft.jenis, draft.source_id)] = edited_draft(draft, values)[1]
                self._redraw()

        self.app.push_screen(
            FieldsDialog(
                f"Isian berkas: {KIND_TEXT.get(draft.jenis, draft.jenis)}",
                list(zip(EDIT_FIELDS, draft_values(draft), strict=True)),
                note="Tingkat perkembangan asli/salinan; nasib akhir permanen/musnah/dinilai "
                "kembali; keamanan biasa/terbatas/rahasia.",
                check=lambda values: edited_draft(draft, values)[0],
                inline=True,
            ),
            save,
        )

    def action_place_all(self) -> None:
        from ikm_tui.ui.dialogs.fields import FieldsDialog

        if self.check_action("place_all", ()) is not True:
            return
        first = self.drafts[0]

        def save(values: list[str] | None) -> None:
            if values is None:
                return
            for draft in self.drafts:
                self.edits[(draft.jenis, draft.source_id)] = draft.edited(
                    lokasi_simpan=values[0].strip(), rak=values[1].strip(), boks=values[2].strip()
                )
            self._redraw()

        self.app.push_screen(
            FieldsDialog(
                "Lokasi simpan kertas bertanda tangan basah (semua berkas)",
                [("Lokasi simpan", first.lokasi_simpan), ("Rak", first.rak), ("Boks", first.boks)],
                check=lambda v: "" if any(x.strip() for x in v) else "Isi lokasi, rak atau boks.",
                inline=True,
            ),
            save,
        )

    def action_archive(self) -> None:
        from ikm_tui.ui.dialogs.confirm import ConfirmDialog

        user = self.ikm_app.user
        if self.check_action("archive", ()) is not True or user is None:
            return
        drafts = self.drafts
        problems = [p for d in drafts for p in rules.problems(d)]
        if problems:
            self.view = PLAN
            self._redraw()
            self.notify(
                problems[0] + (f" (dan {len(problems) - 1} lagi)" if len(problems) > 1 else ""),
                title="Isian belum lengkap",
                severity="warning",
            )
            return
        listing = "\n".join(
            f"{i}. {d.uraian} [{d.kode_klasifikasi}; {_place(d.lokasi_simpan, d.rak, d.boks)}]"
            for i, d in enumerate(drafts, 1)
        )
        question = (
            f"Arsipkan {len(drafts)} berkas?\n{listing}\n\nSetelah diarsipkan, berkas dan dokumen "
            "di dalamnya tidak dapat diubah lagi."
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            archive = self.ikm_app.services.archive
            run_service(
                self,
                lambda: archive.archive_period(self.period_id, drafts, user),
                self._archived,
                group="archive",
            )

        self.app.push_screen(ConfirmDialog("Arsipkan", question, "Arsipkan"), answered)

    def _archived(self, items: list[ArchiveItemRecord]) -> None:
        self.edits.clear()
        self.view = ITEMS
        numbers = ", ".join(i.nomor_berkas for i in items)
        self.notify(f"{len(items)} berkas diarsipkan ({numbers}).", title="Arsip")
        self.reload()

    def action_export(self) -> None:
        from ikm_tui.ui.screens.export_flow import ask_export

        if self.check_action("export", ()) is True:
            ask_export(self, "daftar-arsip", self.period_id, draft=False)

    def action_back(self) -> None:
        self.app.pop_screen()


def item_detail(item: ArchiveItemRecord) -> str:
    size = bilangan(item.file_size or 0)
    return (
        f"{item.nomor_berkas} {item.kode_klasifikasi}: {item.uraian}\n"
        f"Kurun {item.kurun_waktu}; {item.jumlah}; {item.tingkat_perkembangan}; retensi aktif "
        f"{item.retensi_aktif} th, inaktif {item.retensi_inaktif} th; {item.nasib_akhir}; "
        f"{item.klasifikasi_keamanan}; lokasi {item.lokasi_text}\n"
        f"Berkas {item.file_name} ({size} byte, SHA-256 {item.sha256[:16]}...); diarsipkan "
        f"{tanggal(item.archived_at.date())} oleh {item.archived_by_name or '-'}"
    )
