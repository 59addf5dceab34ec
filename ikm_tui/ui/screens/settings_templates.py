"""Provides the Pengaturan tab "Templat": the Word template of each document kind, and the
Admin's keys to export one for editing (X), install an edited one (P) and go back to the
shipped one (B). The dialogs collect a path; TemplateService checks and stores the template
(a broken one is refused with a message naming the placeholder).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ikm_tui.domain.formatting import waktu
from ikm_tui.ui.dialogs.fields import FieldsDialog
from ikm_tui.ui.export_folder import export_path, remember_export
from ikm_tui.ui.widgets.tables import Col, RecordTable
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.services.templates import TemplateStatus
    from ikm_tui.ui.screens.settings import SettingsScreen


class TemplateTable(RecordTable):
    """Jenis, Dokumen, Templat (bawaan or the installed file), Dipasang."""

    COLUMNS = (
        Col("Jenis", 16),
        Col("Dokumen", 16, grow=2),
        Col("Templat", 10, grow=1),
        Col("Dipasang", 16),
    )

    def show(self, statuses: list[TemplateStatus]) -> None:
        self.replace_rows(
            [
                (
                    s.kind,
                    [
                        self.cell(s.kind),
                        self.cell(s.title),
                        self.cell(s.source_text),
                        self.cell(waktu(s.installed_at) if s.installed_at else "-"),
                    ],
                )
                for s in statuses
            ]
        )


def _path_problem(values: list[str]) -> str:
    path = values[0].strip()
    if not path:
        return "Isi nama berkas."
    return "" if path.lower().endswith(".docx") else "Berkas templat harus berakhiran .docx."


def export_template(screen: SettingsScreen, status: TemplateStatus | None) -> None:
    if status is None:
        return
    templates = screen.ikm_app.services.templates

    def saved(path: object) -> None:
        remember_export(screen.app, str(path))
        screen.notify(
            f"Templat {status.title} disimpan di {path}. Sunting di Word atau LibreOffice, "
            "lalu pasang dengan P.",
            title="Templat",
            timeout=10,
        )

    def done(values: list[str] | None) -> None:
        if values is not None:
            target = values[0].strip()
            run_service(screen, lambda: templates.export(status.kind, target), saved)

    default = export_path(screen.app, f"templat-{status.kind}.docx")
    screen.app.push_screen(
        FieldsDialog(
            f"Ekspor templat {status.title}",
            [("Simpan ke berkas (.docx)", str(default))],
            note=f"Templat yang dipakai sekarang: {status.source_text}.",  # no "(… (x.docx))"
            check=_path_problem,
            save_label="Ekspor",
        ),
        done,
    )


def install_template(screen: SettingsScreen, status: TemplateStatus | None) -> None:
    if status is None:
        return
    templates = screen.ikm_app.services.templates

    def done(values: list[str] | None) -> None:
        if values is not None:
            source = values[0].strip()
            screen.call(
                lambda admin: templates.install(status.kind, source, admin),
                f"Templat {status.title} terpasang; ekspor berikutnya memakainya.",
            )

    default = export_path(screen.app, f"templat-{status.kind}.docx")
    screen.app.push_screen(
        FieldsDialog(
            f"Pasang templat {status.title}",
            [("Berkas templat hasil suntingan (.docx)", str(default))],
            note="Templat diperiksa dulu: isian yang salah ketik ditolak dengan namanya.",
            check=_path_problem,
            save_label="Pasang",
        ),
        done,
    )


def reset_template(screen: SettingsScreen, status: TemplateStatus | None) -> None:
    from ikm_tui.ui.dialogs.confirm import ConfirmDialog

    if status is None:
        return
    if not status.installed:
        screen.notify(f"Templat {status.title} sudah bawaan.", title="Templat")
        return
    templates = screen.ikm_app.services.templates

    def done(yes: bool | None) -> None:
        if yes:
            screen.call(
                lambda admin: templates.reset(status.kind, admin),
                f"Templat {status.title} kembali ke bawaan.",
            )

    screen.app.push_screen(
        ConfirmDialog(
            "Kembali ke templat bawaan",
            f"Templat {status.title} yang terpasang ({status.file_name}) dilepas; ekspor "
            "berikutnya memakai templat bawaan. Lanjutkan?",
        ),
        done,
    )
