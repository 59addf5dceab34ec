"""Provides the Pengaturan tab "Kelas keluhan": the deadline classes of complaints in working
days (default Umum, 14), which the Admin adds, changes and removes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ikm_tui.domain import complaints as rules
from ikm_tui.persistence.records import ComplaintClassRecord
from ikm_tui.ui.widgets.tables import Col, RecordTable

if TYPE_CHECKING:
    from ikm_tui.ui.screens.settings import SettingsScreen


class ComplaintClassTable(RecordTable):
    """Kelas, Target (hari kerja)."""

    COLUMNS = (Col("Kelas keluhan", 20, grow=1), Col("Target penyelesaian", 19))

    def show(self, classes: list[ComplaintClassRecord]) -> None:
        self.replace_rows(
            [(c.nama, [self.cell(c.nama), self.cell(f"{c.hari} hari kerja")]) for c in classes]
        )


def _check(values: list[str]) -> str:
    days = values[1].strip()
    if not days.isdigit():
        return "Target: jumlah hari kerja (angka)."
    problems = rules.class_problems(values[0], int(days))
    return problems[0] if problems else ""


def edit_class(screen: SettingsScreen, current: ComplaintClassRecord | None) -> None:
    """Add a class (current None) or change the target of one."""
    from ikm_tui.ui.dialogs.fields import FieldsDialog

    complaints = screen.ikm_app.services.complaints

    def done(values: list[str] | None) -> None:
        if values is not None:
            nama, hari = values[0].strip(), int(values[1])
            screen.call(
                lambda admin: complaints.set_class(nama, hari, admin),
                f"Kelas keluhan {nama}: {hari} hari kerja (berlaku untuk keluhan berikutnya).",
            )

    screen.app.push_screen(
        FieldsDialog(
            "Kelas keluhan" if current is None else f"Ubah kelas {current.nama}",
            [
                ("Nama kelas", current.nama if current else ""),
                ("Target (hari kerja)", str(current.hari) if current else ""),
            ],
            note=f"Batas waktu keluhan dihitung dalam hari kerja; paling lama "
            f"{rules.DEFAULT_TARGET_DAYS} hari kerja.",
            check=_check,
            inline=True,
        ),
        done,
    )


def remove_class(screen: SettingsScreen, current: ComplaintClassRecord | None) -> None:
    from ikm_tui.ui.dialogs.confirm import ConfirmDialog

    if current is None:
        return
    if current.id == 0:
        screen.notify(
            f"Kelas {current.nama} adalah kelas bawaan ({current.hari} hari kerja).",
            title="Kelas keluhan",
            severity="warning",
        )
        return
    complaints = screen.ikm_app.services.complaints
    nama = current.nama

    def done(yes: bool | None) -> None:
        if yes:
            screen.call(
                lambda admin: complaints.remove_class(nama, admin), f"Kelas {nama} dihapus."
            )

    screen.app.push_screen(
        ConfirmDialog(
            "Hapus kelas keluhan",
            f"Hapus kelas {nama}? Keluhan yang sudah dicatat tetap dengan batas waktunya.",
        ),
        done,
    )
