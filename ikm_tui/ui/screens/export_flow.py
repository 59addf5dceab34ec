"""Provides `ask_export`: ask where to write a document of the engine, export it in a worker,
and write the path (or the error) into the screen's `#export-status` line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widgets import Static

from ikm_tui.export.kinds import get_kind
from ikm_tui.ui.export_folder import export_path, remember_export
from ikm_tui.ui.worker import notify_error, run_service


def default_path(app: Any, kind: str, period_id: int, draft: bool) -> Path:
    return export_path(app, f"{kind}-periode-{period_id}{'-draf' if draft else ''}.docx")


def ask_export(screen: Screen[Any], kind: str, period_id: int, draft: bool) -> None:
    """FieldsDialog for the path (and PDF), then services.documents.export in a worker."""
    from ikm_tui.ui.dialogs.fields import FieldsDialog

    title = get_kind(kind).title
    note = 'Belum semua disetujui: dokumen ditandai "DRAF - belum disetujui".' if draft else ""
    screen.app.push_screen(
        FieldsDialog(
            f"Ekspor {title}",
            [
                ("Simpan ke berkas (.docx)", str(default_path(screen.app, kind, period_id, draft))),
                ("Juga PDF? (y/t)", "t"),
            ],
            note=note,
            check=lambda v: "" if v[1].strip().lower() in ("y", "t", "") else "Isi y atau t.",
            save_label="Ekspor",
        ),
        lambda values: _export(screen, kind, period_id, values),
    )


def _export(screen: Screen[Any], kind: str, period_id: int, values: list[str] | None) -> None:
    if values is None or not values[0].strip():
        return
    path, pdf = values[0].strip(), values[1].strip().lower() == "y"
    app = screen.app
    documents, user = app.services.documents, app.user  # type: ignore[attr-defined]
    status = screen.query_one("#export-status", Static)
    status.update(f"Mengekspor ke {path}…")

    def done(result: Any) -> None:
        remember_export(app, result.path)
        written = str(result.path) + (f" dan {result.pdf_path}" if result.pdf_path else "")
        status.update(f"Tersimpan: {written}")
        app.notify(f"Disimpan di {written}", title="Ekspor selesai", timeout=10)

    def failed(error: Any) -> None:
        status.update(error.message)
        notify_error(app, error)

    run_service(
        screen,
        lambda: documents.export(kind, period_id, path, user, pdf=pdf),
        done,
        on_error=failed,
        group=f"export-{kind}",
    )
