"""Provides EntryScreen: SOP step 4, heads-down entry of paper forms for one period.

The screen loads the layout synchronously while composing, so keys typed while it opens wait in
the queue for the form instead of going nowhere, and saves synchronously from the form widget
(see `FormEntry`) so type-ahead never lands in the wrong form. The rest (batch constants,
reopening for correction, exclusion) goes through small dialogs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static

from ikm_tui.domain.formatting import tanggal
from ikm_tui.errors import IkmError, WorkflowError
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.entry import Progress, SavedForm
from ikm_tui.services.entry_layout import BatchConstants
from ikm_tui.ui.dialogs.correction import ReasonDialog, ReasonResult
from ikm_tui.ui.dialogs.entry_batch import BatchDialog
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.form_entry import FormEntry
from ikm_tui.ui.worker import notify_error, run_service

if TYPE_CHECKING:
    from ikm_tui.persistence.records import UserRecord
    from ikm_tui.services.registry import Services


REFRESH_SECONDS = 5.0  # how often "Terkumpul" looks for forms others stored (a worker, cheap)


class EntryScreen(Screen[None]):
    """Entri formulir kertas (langkah 4)."""

    CSS_PATH = "entry.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "batch", "Batch", tooltip="Ubah tanggal survei, sesi, bundel, layanan."),
        Binding("f3,ctrl+r", "reopen", "Koreksi", tooltip="Buka lagi formulir terakhir."),
        Binding("f4", "exclude", "Kecualikan", tooltip="Kecualikan formulir (dengan alasan)."),
        Binding("f5", "reopen_number", "Koreksi no.", tooltip="Buka formulir bernomor tertentu."),
        Binding("f6", "restore", "Pulihkan", tooltip="Hitung lagi formulir yang dikecualikan."),
        Binding("f7", "saran", "Saran", tooltip="Ketik saran responden (boleh kosong)."),
        Binding("escape", "close", "Kembali", tooltip="Tutup layar entri."),
    ]
    # The form's own keys (typed into the form, not bindings), listed by the help screen (F1, ?)
    HELP_KEYS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("1-4", "Jawaban unsur; kursor pindah sendiri"),
        ("0", "Tidak menjawab / tidak diisi (usia: 00)"),
        ("Angka kode", "Kolom profil: kode yang dilingkari"),
        ("A, B, ...", "Jenis layanan: huruf yang dilingkari"),
        ("Backspace / ←", "Mundur satu kolom (isi lama tetap)"),
        ("→", "Maju melewati kolom yang sudah terisi"),
        ("Enter", "Simpan formulir lengkap, buka yang kosong"),
        ("Esc (koreksi)", "Batalkan koreksi; tutup baris saran"),
    )

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.entry: FormEntry | None = None
        self._warned_at = -1  # keys_handled of the form when Escape last warned
        self._seen_write = ""  # the database's last write the shown counts include
        self._refreshing = False

    @property
    def services(self) -> Services:
        return self.app.services  # type: ignore[attr-defined]

    @property
    def user(self) -> UserRecord:
        return self.app.user  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        try:
            self.entry = self._build_entry()
        except IkmError as error:
            yield Static(f"{error.title}\n\n{error.message}", id="entry-error", markup=False)
        else:
            yield self.entry
        yield KeyFooter()

    def _build_entry(self) -> FormEntry:
        refusal = self.services.workflow.why_not(self.user, "entri", self.period_id)
        if refusal:  # opened to read a finished (or not yet started) step: no form to fill
            raise WorkflowError(refusal)
        entry = self.services.entry
        layout = entry.layout(self.period_id)
        last = entry.last_saved(self.period_id, self.user)
        today = self.services.clock().date()
        if last is not None:
            batch = BatchConstants(
                last.form.tanggal_survei or today, last.form.sesi, last.form.batch
            )
        else:
            batch = BatchConstants(today)
        self.title = f"Entri formulir: {layout.period_name}"
        self._seen_write = entry.last_write()
        progress = entry.progress(self.period_id)
        return FormEntry(layout, batch, self._save, progress, last, id="form-entry")

    def on_mount(self) -> None:
        if self.entry is not None:
            self.entry.focus()
            self._point_out_carried_date()
            self.set_interval(REFRESH_SECONDS, self.refresh_counts)

    def on_screen_resume(self) -> None:
        """Back from another screen (or a dialog): forms may have come in meanwhile."""
        self.refresh_counts()

    def _point_out_carried_date(self) -> None:
        """A tanggal survei carried over from forms saved on an earlier day: say so (no dialog)."""
        assert self.entry is not None
        last, when = self.entry.last_saved, self.entry.constants.tanggal_survei
        today = self.services.clock().date()
        if last is None or last.created_at is None or when is None:
            return
        if last.created_at.date() < today and when != today:
            self.notify(
                f"Tanggal survei {tanggal(when)} terbawa dari formulir yang disimpan "
                f"{tanggal(last.created_at.date())}. Tekan F2 bila formulir di tangan "
                "bertanggal lain.",
                title="Periksa tanggal survei",
                severity="warning",
                timeout=12,
            )

    def unsaved_work(self) -> str:
        """Why leaving this screen now loses typing ("" when nothing would be lost)."""
        entry = self.entry
        if entry is None:
            return ""
        if entry.correcting is not None:
            return f"Koreksi formulir no. {entry.correcting.nomor} belum disimpan."
        if not entry.state.empty:
            return (
                f"Formulir no. {entry.progress.next_nomor} baru setengah terisi (belum disimpan)."
            )
        return ""

    def on_key(self, event: events.Key) -> None:
        """Keys typed while the screen was opening reach the screen, not the form: pass them on.

        The form stops every key it handles, so a typing key seen here never went through it.
        """
        if self.entry is not None and self.entry.handles(event):
            event.stop()
            event.prevent_default()
            self.entry.handle(event.key, event.character)

    def _save(self, form: FormData) -> SavedForm:
        """Called by the form on Enter, synchronously (one committed transaction). The form
        counts it locally; a number past the expected one means others saved meanwhile."""
        expected = self.entry.progress.next_nomor if self.entry is not None else 0
        saved = self.services.entry.save_form(self.period_id, form, self.user)
        if saved.nomor != expected:
            self.call_later(self.refresh_counts)
        return saved

    def refresh_counts(self) -> None:
        """Re-read "Terkumpul" (overall and per jenis layanan) when the database was written
        since the shown counts (forms imported or saved in another window, exclusions): on a
        timer, on returning to this screen and after a save that found others had saved. Here
        one `meta` row is read; the counts are grouped in a thread worker, only when it moved.
        Never on the key path; never while a dialog covers the form."""
        entry = self.entry
        if entry is None or self._refreshing or not self.is_current:
            return
        service, period_id = self.services.entry, self.period_id
        try:
            token = service.last_write()
        except Exception as exc:  # noqa: BLE001 - a background look: the next tick tries again
            self.log.warning("entry counts: last write unknown", repr(exc))
            return
        if token == self._seen_write:
            return
        self._refreshing = True
        saves = entry.saved_count

        def show(progress: Progress) -> None:
            self._refreshing = False
            if self.entry is None or self.entry.saved_count != saves:
                return  # a save meanwhile: its local count is newer; the next tick re-reads
            self._seen_write = token
            if progress != self.entry.progress:
                self.entry.set_progress(progress)

        def failed(error: IkmError) -> None:
            self._refreshing = False  # the counts stay as shown; the next tick tries again

        run_service(
            self,
            lambda: service.progress(period_id),
            show,
            on_error=failed,
            group="entry-counts",
        )

    # Corrections ----------------------------------------------------------------------------

    def action_reopen(self) -> None:
        if self.entry is None:
            return
        last = self.entry.last_saved
        if last is None:
            self.entry.note("Belum ada formulir tersimpan untuk dikoreksi.", refused=True)
            return
        try:
            saved = self.services.entry.get_form(self.period_id, last.nomor)
        except IkmError as error:
            notify_error(self.app, error)
            return
        self.entry.reopen(saved)

    def action_reopen_number(self) -> None:
        """Ask a form number and reopen that form for correction."""
        if self.entry is None:
            return

        def done(result: ReasonResult | None) -> None:
            if result is None or result.nomor is None or self.entry is None:
                return
            try:
                saved = self.services.entry.get_form(self.period_id, result.nomor)
            except IkmError as error:
                self.entry.note(error.message, refused=True)
                return
            self.entry.reopen(saved)

        self.app.push_screen(
            ReasonDialog(
                "Koreksi formulir",
                "Nomor formulir yang dikoreksi:",
                ask_nomor=True,
                ask_reason=False,
            ),
            done,
        )

    def on_form_entry_correction_ready(self, message: FormEntry.CorrectionReady) -> None:
        def done(result: ReasonResult | None) -> None:
            self._correct(message.nomor, message.form, result)

        self.app.push_screen(
            ReasonDialog(
                f"Koreksi formulir no. {message.nomor}",
                "Isian asli tetap disimpan bersama alasan koreksi.",
                message.nomor,
            ),
            done,
        )

    def _correct(self, nomor: int, form: FormData, result: ReasonResult | None) -> None:
        assert self.entry is not None
        if result is None:
            self.entry.finish_correction(None)
            return
        try:
            saved = self.services.entry.correct(
                self.period_id, nomor, form, result.reason, self.user
            )
        except IkmError as error:
            self.entry.finish_correction(None, error.message)
            return
        self.entry.finish_correction(saved)
        self._reload_progress()

    def _reload_progress(self) -> None:
        if self.entry is not None:
            self._seen_write = self.services.entry.last_write()
            self.entry.set_progress(self.services.entry.progress(self.period_id))

    # Exclusion ------------------------------------------------------------------------------

    def action_exclude(self) -> None:
        self._ask_status(True)

    def action_restore(self) -> None:
        self._ask_status(False)

    def _ask_status(self, exclude: bool) -> None:
        if self.entry is None:
            return
        shown = self.entry.correcting or self.entry.last_saved  # the form the typist looks at
        title = "Kecualikan formulir" if exclude else "Pulihkan formulir"
        question = (
            "Formulir tetap tersimpan tetapi tidak dihitung."
            if exclude
            else "Formulir dihitung lagi dalam tabulasi."
        )

        def done(result: ReasonResult | None) -> None:
            if result is not None and result.nomor is not None:
                self._set_status(result.nomor, result.reason, exclude)

        self.app.push_screen(
            ReasonDialog(
                title,
                question,
                shown.nomor if shown else None,
                ask_nomor=True,
                example="terketik dua kali" if exclude else "keliru dikecualikan",
            ),
            done,
        )

    def _set_status(self, nomor: int, reason: str, exclude: bool) -> None:
        assert self.entry is not None
        entry = self.services.entry
        try:
            if exclude:
                saved = entry.exclude(self.period_id, nomor, reason, self.user)
            else:
                saved = entry.restore(self.period_id, nomor, reason, self.user)
        except IkmError as error:
            self.entry.note(error.message, refused=True)
            return
        if self.entry.last_saved and self.entry.last_saved.nomor == saved.nomor:
            self.entry.last_saved = saved
        verb = "dikecualikan" if exclude else "dipulihkan"
        self.entry.note(f"Formulir no. {nomor} {verb}.")
        self._reload_progress()

    # Batch and navigation -------------------------------------------------------------------

    def action_batch(self) -> None:
        if self.entry is None:
            return

        def done(batch: BatchConstants | None) -> None:
            if batch is not None and self.entry is not None:
                self.entry.set_batch(batch)

        self.app.push_screen(
            BatchDialog(self.entry.form_layout, self.entry.constants, self.services.clock().date()),
            done,
        )

    def action_saran(self) -> None:
        """F7 reached the screen (the form had no focus): hand it to the form."""
        if self.entry is not None:
            self.entry.focus()
            self.entry.handle("f7", None)

    def action_close(self) -> None:
        """Close; a half-typed form needs a second Escape right after the warning (not saved)."""
        entry = self.entry
        if entry is not None and not entry.state.empty and self._warned_at != entry.keys_handled:
            self._warned_at = entry.keys_handled
            entry.note(
                "Formulir belum disimpan: Enter untuk menyimpan, Esc sekali lagi untuk "
                "keluar tanpa menyimpan.",
                refused=True,
            )
            return
        self.app.pop_screen()
