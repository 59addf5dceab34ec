"""Provides ServiceFormDialog (a jenis layanan's kode and nama) and PeriodServicesDialog (which of
the office's jenis layanan a period surveys)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, SelectionList

from ikm_tui.persistence.records import ServiceTypeRecord
from ikm_tui.ui.dialogs.base import CollectDialog
from ikm_tui.ui.dialogs.form_dialog import FormDialog, row
from ikm_tui.ui.widgets.marks import MarkedSelectionList

KODE_LENGTH = 10  # ServiceTypeRow.kode


@dataclass(frozen=True)
class ServiceForm:
    kode: str
    nama: str


class ServiceFormDialog(FormDialog[ServiceForm]):
    """Add a jenis layanan, or change the kode and nama of one."""

    def __init__(self, service_type: ServiceTypeRecord | None = None) -> None:
        super().__init__(
            "Tambah jenis layanan"
            if service_type is None
            else f"Ubah jenis layanan {service_type.kode}",
            "Kode dicetak pada kuesioner sebagai kode jenis layanan, mis. 01.",
        )
        self.service_type = service_type

    def compose_fields(self) -> ComposeResult:
        current = self.service_type
        yield row(
            "Kode",
            Input(current.kode if current else "", id="kode", max_length=KODE_LENGTH, compact=True),
        )
        yield row(
            "Nama jenis layanan",
            Input(
                current.nama if current else "",
                id="nama",
                placeholder="mis. KTP elektronik",
                compact=True,
            ),
        )

    def collect(self) -> tuple[str, ServiceForm | None]:
        kode, nama = self.text("kode"), " ".join(self.text("nama").split())
        if not kode or not nama:
            return "Kode dan nama jenis layanan wajib diisi.", None
        return "", ServiceForm(kode, nama)


class PeriodServicesDialog(CollectDialog[set[int]]):
    """The office's active jenis layanan with those of the period checked (Space toggles)."""

    BOX_CLASSES = "dialog period-services"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        *CollectDialog.BINDINGS,
        Binding("enter", "save", "Simpan", show=False, priority=True),
    ]

    def __init__(self, offered: Sequence[ServiceTypeRecord], chosen: set[int]) -> None:
        super().__init__(
            "Jenis layanan periode ini",
            "Spasi: pilih/batal; Ctrl+S atau Enter: simpan. Daftar jenis layanan "
            "kantor diatur Admin di Pengaturan.",
        )
        self.offered = list(offered)
        self.chosen = set(chosen)

    def compose_fields(self) -> ComposeResult:
        yield MarkedSelectionList[int](
            *[(f"{s.kode}  {s.nama}", s.id, s.id in self.chosen) for s in self.offered],
            id="services",
            compact=True,
        )

    def on_mount(self) -> None:
        checklist = self.query_one("#services", SelectionList)
        checklist.focus()
        if self.offered:
            checklist.highlighted = 0
        else:
            self.show_problem(
                "Kantor belum memiliki jenis layanan aktif; minta Admin "
                "menambahkannya di Pengaturan."
            )

    def collect(self) -> tuple[str, set[int] | None]:
        selected = set(self.query_one("#services", SelectionList).selected)
        if not selected and self.offered:
            return "Pilih sedikitnya satu jenis layanan.", None
        return "", selected

    def action_cancel(self) -> None:
        self.dismiss(None)
