"""Provides HelpScreen: the keys of the screen underneath, with their Bahasa Indonesia meaning."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

KEY_WIDTH = 16  # "Panah atas/bawah"
GENERAL_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "Pindah ke bagian berikutnya / sebelumnya"),
    ("Panah atas/bawah", "Pilih baris"),
    ("Enter", "Buka atau jalankan yang dipilih"),
    ("Esc", "Kembali / tutup dialog"),
    ("Ctrl+P", "Daftar perintah (Dasbor, Periode baru, Bantuan, Ganti pengguna, Keluar)"),
    ("Ctrl+Q", "Keluar dari aplikasi"),
)


def is_ours(node: DOMNode, binding: Binding) -> bool:
    """True when the binding's action is written in this app (Textual's built-in ones, such as a
    table's cursor keys, are summarised by GENERAL_KEYS instead, in Bahasa Indonesia)."""
    namespace, _, name = binding.action.rpartition(".")
    target = {"app": node.app, "screen": node.screen}.get(namespace, node)
    method = getattr(type(target), f"action_{name.split('(')[0]}", None)
    return getattr(method, "__module__", "").startswith("ikm_tui.")


def screen_keys(screen: Screen[object]) -> list[tuple[str, str, bool]]:
    """(key, description, enabled) of every binding the screen offers now; hidden ones omitted."""
    seen: set[str] = set()
    rows: list[tuple[str, str, bool]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if (
            binding.system
            or not binding.description
            or binding.description in seen
            or not is_ours(active.node, binding)
        ):
            continue
        seen.add(binding.description)
        rows.append((screen.app.get_key_display(binding), binding.description, active.enabled))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists the keys of `target` (the screen the user was on) and the general keys."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "close", "Tutup"),
    ]

    def __init__(self, target: Screen[object]) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label("Bantuan: tombol di layar ini", id="help-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(
                "Tombol redup belum dapat dipakai sekarang. Esc: tutup bantuan.", id="help-note"
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # the box is 78 wide: what the key column, padding and scrollbar leave; long text wraps
        table.add_column("Tombol", width=KEY_WIDTH)
        table.add_column("Fungsi", width=74 - KEY_WIDTH - 4 - 2)
        # keys a screen's own widget reads (the entry form's answer keys), not bindings
        for key, description in getattr(self.target, "HELP_KEYS", ()):
            table.add_row(key, Text(description), height=None)
        for key, description, enabled in screen_keys(self.target):
            text = description if enabled else f"{description} (belum dapat)"
            table.add_row(key, Text(text), height=None)
        for key, description in GENERAL_KEYS:
            table.add_row(key, Text(description), height=None)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
