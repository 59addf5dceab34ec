"""Provides ServiceFormDialog (a jenis layanan's kode and nama) and PeriodServicesDialog (which of
the office's jenis layanan a period surveys)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static

from ikm_tui.persistence.records import ServiceTypeRecord
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
        super().__init__("Tambah jenis layanan" if service_type is None else
                         f"Ubah jenis layanan {service_type.kode}",
                         "Kode dicetak pada kuesioner sebagai kode jenis layanan, mis. 01.")
        self.service_type = service_type

    def compose_fields(self) -> ComposeResult:
        current = self.service_type
        yield row("Kode", Input(current.kode if current else "", id="kode",
                                max_length=KODE_LENGTH, compact=True))
        yield row("Nama jenis layanan", Input(current.nama if current else "", id="nama",
                                              placeholder="mis. KTP elektronik", compact=True))

    def collect(self) -> tuple[str, ServiceForm | None]:
        kode, nama = self.text("kode"), " ".join(self.text("nama").split())
        if not kode or not nama:
            return "Kode dan nama jenis layanan wajib diisi.", None
        return "", ServiceForm(kode, nama)


class PeriodServicesDialog(ModalScreen[set[int] | None]):
    """The office's active jenis layanan with those of the period checked (Space toggles)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal"),
        Binding("ctrl+s", "save", "Simpan"),
        Binding("enter", "save", "Simpan", show=False, priority=True),
    ]

    def __init__(self, offered: Sequence[ServiceTypeRecord], chosen: set[int]) -> None:
        super().__init__(classes="dialog-screen")
        self.offered = list(offered)
        self.chosen = set(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Jenis layanan periode ini", classes="dialog-title")
            yield Static("Spasi: pilih/batal; Ctrl+S atau Enter: simpan. Daftar jenis layanan "
                         "kantor diatur Admin di Pengaturan.", classes="dialog-body", markup=False)
            yield MarkedSelectionList[int](*[(f"{s.kode}  {s.nama}", s.id, s.id in self.chosen)
                                       for s in self.offered], id="services", compact=True)
            yield Static("", classes="field-error", id="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Simpan (^S)", id="save", variant="primary", compact=True)
                yield Button("Batal (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        checklist = self.query_one("#services", SelectionList)
        checklist.focus()
        if self.offered:
            checklist.highlighted = 0
        else:
            self.query_one("#error", Static).update("Kantor belum memiliki jenis layanan aktif; "
                                                    "minta Admin menambahkannya di Pengaturan.")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        selected = set(self.query_one("#services", SelectionList).selected)
        if not selected and self.offered:
            self.query_one("#error", Static).update("Pilih sedikitnya satu jenis layanan.")
            return
        self.dismiss(selected)

    def action_cancel(self) -> None:
        self.dismiss(None)
