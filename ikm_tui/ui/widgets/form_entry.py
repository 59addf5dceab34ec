"""Provides FormEntry: one focused widget that draws a whole paper form and moves its own cursor.

Why one widget: moving Textual focus between many Input widgets repaints the whole screen on
every key (6-8 KB per key over SSH). This widget keeps the form as lines of styled runs, diffs
the new lines against the old ones after each key and refreshes only the changed columns of the
changed lines (about 280 B per answer key at 120x40, bench/bench_entry_bytes.py).

Type-ahead safety: Textual hands key events to the focused widget in order, and `on_key` applies
each key completely (no awaits) before the next one is read. Enter saves through `save_form`, a
synchronous callable supplied by the screen, so keys typed after Enter land in the new blank
form, in order. A correction needs a reason from a dialog: while it is asked the form refuses
keys (`waiting`), so nothing typed then reaches any form. The saran line (F7) is part of the
form too: its keys are applied here in the same order, never by a binding that could run after
keys typed later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from ikm_tui.domain.formatting import tanggal_angka
from ikm_tui.errors import IkmError
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.entry import Progress, SavedForm
from ikm_tui.services.entry_layout import (
    JAWABAN,
    LAYANAN,
    LAYANAN_KEY,
    SARAN_MAX_CHARS,
    BatchConstants,
    EntryField,
    FormLayout,
)
from ikm_tui.ui.widgets.form_lines import Line, form_lines
from ikm_tui.ui.widgets.form_state import FormState, Outcome

SaveForm = Callable[[FormData], SavedForm]

BACK_KEYS = ("backspace", "left")
REFUSED_NAMED_KEYS = ("tab", "shift+tab", "up", "down", "home", "end", "pageup", "pagedown")
SARAN_KEY = "f7"  # opens (and closes) the saran line
HELP_KEY = "question_mark"  # not an answer: left to the app's help binding
SARAN_HINT = "Ketik saran seperti tertulis; Enter simpan formulir, Esc/F7 tutup baris saran."


class FormEntry(Widget, can_focus=True):
    """The heads-down entry form of one period."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "form-entry--label",
        "form-entry--value",
        "form-entry--cursor",
        "form-entry--refused",
        "form-entry--title",
        "form-entry--dim",
        "form-entry--ok",
        "form-entry--mode",
    }
    DEFAULT_CSS = """
    FormEntry { height: 1fr; padding: 0; }
    FormEntry > .form-entry--label { color: $text-muted; }
    FormEntry > .form-entry--value { text-style: bold; }
    FormEntry > .form-entry--cursor { background: $accent; color: $text; text-style: bold; }
    FormEntry > .form-entry--refused { background: $error; color: $text; text-style: bold; }
    FormEntry > .form-entry--title { text-style: bold; color: $accent; }
    FormEntry > .form-entry--dim { color: $text-muted; }
    FormEntry > .form-entry--ok { color: $success; text-style: bold; }
    FormEntry > .form-entry--mode { background: $warning; color: $text; text-style: bold; }
    """

    class CorrectionReady(Message):
        """Enter on a reopened form: the screen asks the reason, then calls `finish_correction`."""

        def __init__(self, nomor: int, form: FormData) -> None:
            super().__init__()
            self.nomor = nomor
            self.form = form

    def __init__(
        self,
        layout: FormLayout,
        batch: BatchConstants,
        save_form: SaveForm,
        progress: Progress,
        last_saved: SavedForm | None = None,
        *,
        id: str | None = None,
    ) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.form_layout = layout
        self.constants = batch
        self.save_form = save_form
        self.progress = progress
        self.last_saved = last_saved
        self.state = FormState(layout.fields_for(batch))
        self.correcting: SavedForm | None = None
        self._stashed: FormState | None = None
        self.waiting = False
        self.refused = False
        self.message = ""
        self.saved_count = 0  # forms saved through this widget (tests, benches)
        self.keys_handled = 0
        self._lines: list[Line] = []

    # Keys -----------------------------------------------------------------------------------

    def handles(self, event: events.Key) -> bool:
        """Whether the form takes this key (function keys and Escape go to the screen)."""
        key = event.key
        if self.state.saran_open:
            return (
                key in ("escape", "enter", SARAN_KEY, "right", *BACK_KEYS, *REFUSED_NAMED_KEYS)
                or event.is_printable
            )
        if key == "escape":
            return self.correcting is not None
        if key == SARAN_KEY:
            return True
        if key == HELP_KEY:
            return False
        return (
            key in BACK_KEYS
            or key in ("right", "enter")
            or event.is_printable
            or key in REFUSED_NAMED_KEYS
        )

    def on_key(self, event: events.Key) -> None:
        """Apply one key completely before the next one is read (no awaits)."""
        if self.handles(event):
            event.stop()
            event.prevent_default()
            self.handle(event.key, event.character)

    def handle(self, key: str, character: str | None) -> None:
        """One key: type, move, save or refuse; then redraw what changed."""
        self.keys_handled += 1
        if self.waiting:
            self._refuse("Tunggu: alasan koreksi sedang diminta.")
        elif self.state.saran_open:
            self._saran_key(key, character)
        elif key == SARAN_KEY:
            self.state.saran_open = True
            self.refused = False
            self.message = "Baris saran terbuka."
        elif key in BACK_KEYS:
            self._accept() if self.state.back() else self._refuse("Sudah di kolom pertama.")
        elif key == "right":
            self._accept() if self.state.forward() else self._refuse(self.state.refuse_hint())
        elif key == "enter":
            self._enter()
        elif key == "escape":
            self.cancel_correction()
        elif character and self.state.type(character) is not Outcome.REFUSED:
            self._accept()
        else:
            self._refuse(f"Tombol {_key_name(key, character)} ditolak. {self.state.refuse_hint()}")
        self.redraw()

    def _saran_key(self, key: str, character: str | None) -> None:
        """One key on the open saran line: type, delete, close or save the form."""
        state = self.state
        if key == "enter":
            state.saran_open = False
            self._enter()
        elif key in ("escape", SARAN_KEY):
            state.saran_open = False
            self.refused = False
            self.message = (
                "Saran ikut tersimpan saat formulir disimpan (Enter)." if state.saran else ""
            )
        elif key == "backspace":
            state.saran = state.saran[:-1]
            self.refused = False
        elif character and len(character) == 1 and character.isprintable():
            if state.type_saran(character):
                self.refused = False
            else:
                self._refuse(f"Saran paling banyak {SARAN_MAX_CHARS} karakter.")
        else:
            self._refuse(f"Tombol {_key_name(key, character)} ditolak. {SARAN_HINT}")

    def on_paste(self, event: events.Paste) -> None:
        """Pasted text goes into an open saran line (nowhere else)."""
        event.stop()
        if self.state.saran_open and not self.waiting:
            self.state.paste_saran(event.text)
            self.redraw()

    def _accept(self) -> None:
        self.refused = False
        self.message = (
            "Formulir lengkap: tekan Enter untuk menyimpan." if self.state.current is None else ""
        )

    def _refuse(self, message: str) -> None:
        self.refused = True
        self.message = message
        self.app.bell()

    def _enter(self) -> None:
        if not self.state.complete:
            self.state.index = self.state.first_missing()
            self.state.partial = ""
            self._refuse("Formulir belum lengkap: isi kolom yang ditandai.")
            return
        if self.correcting is not None:  # keeps its own batch values; its layanan as typed
            kept = self.correcting.form
            form = self.form_layout.build_form(
                self.state.codes,
                BatchConstants(kept.tanggal_survei, kept.sesi, kept.batch),
                self.state.saran,
            )
            self.waiting = True
            self.message = "Isi alasan koreksi pada dialog."
            self.post_message(self.CorrectionReady(self.correcting.nomor, form))
            return
        form = self.form_layout.build_form(self.state.codes, self.constants, self.state.saran)
        try:
            saved = self.save_form(form)
        except IkmError as error:
            self._refuse(f"Belum tersimpan: {error.message}")
            return
        except Exception as exc:  # noqa: BLE001 - shown to the typist, logged, form kept
            self.log.error("save_form failed", repr(exc))
            self._refuse(
                f"Belum tersimpan: kesalahan tak terduga ({type(exc).__name__}). "
                "Tekan Enter untuk mencoba lagi; bila berulang, hubungi Admin."
            )
            return
        self._saved(saved, "Tersimpan")
        self.message = f"Formulir no. {saved.nomor} tersimpan; formulir baru siap diisi."
        self._count_saved(saved)
        self.state = FormState(self.form_layout.fields_for(self.constants))

    def _count_saved(self, saved: SavedForm) -> None:
        """Count a new form locally (no query per save): overall, its service, next number."""
        progress = self.progress
        per_service = tuple(
            replace(item, count=item.count + 1)
            if item.service_type_id == saved.form.service_type_id
            else item
            for item in progress.per_service
        )
        self.progress = replace(
            progress,
            count=progress.count + 1,
            per_service=per_service,
            next_nomor=max(progress.next_nomor, saved.nomor + 1),
        )

    def _saved(self, saved: SavedForm, verb: str) -> None:
        self.last_saved = saved
        self.saved_count += 1
        self.refused = False
        self.message = f"{verb}: formulir no. {saved.nomor}."

    # Correction, batch and progress (called by the screen) ------------------------------------

    def reopen(self, saved: SavedForm) -> None:
        """Show a saved form for correction; the form being typed waits until it is done."""
        if self.correcting is None:
            self._stashed = self.state
        self.correcting = saved
        fields = self.form_layout.fields
        self.state = FormState(fields, self.form_layout.codes_of(saved.form), saved.form.saran)
        self.state.index = 0
        self.waiting = False
        self.refused = False
        self.message = f"Koreksi formulir no. {saved.nomor}: ubah kolom, lalu Enter."
        self.redraw()

    def finish_correction(self, saved: SavedForm | None, error: str = "") -> None:
        """The correction was stored (saved), refused (error) or abandoned (both empty)."""
        self.waiting = False
        if saved is None:
            self.refused = bool(error)
            self.message = f"Koreksi belum tersimpan: {error}" if error else "Koreksi dibatalkan."
            self.redraw()
            return
        self._saved(saved, "Koreksi tersimpan")
        self._restore_stash()
        self.redraw()

    def cancel_correction(self) -> None:
        if self.correcting is None:
            return
        self._restore_stash()
        self.message = "Koreksi dibatalkan."
        self.refused = False

    def _restore_stash(self) -> None:
        self.correcting = None
        self.state = self._stashed or FormState(self.form_layout.fields_for(self.constants))
        self._stashed = None

    def set_batch(self, batch: BatchConstants) -> None:
        """New batch constants; the form being typed keeps its codes."""
        self.constants = batch
        if self.correcting is None:
            previous = self.state
            self.state = FormState(
                self.form_layout.fields_for(batch), previous.codes, previous.saran
            )
            self.state.saran_open = previous.saran_open
        self.message = "Konstanta batch diperbarui."
        self.redraw()

    def set_progress(self, progress: Progress) -> None:
        self.progress = progress
        self.redraw()

    def note(self, message: str, refused: bool = False) -> None:
        self.message = message
        self.refused = refused
        self.redraw()

    # Drawing ----------------------------------------------------------------------------------

    @property
    def current_field(self) -> EntryField | None:
        return self.state.current

    def redraw(self) -> None:
        """Rebuild the lines and refresh only the columns that changed."""
        if not self.is_mounted:
            return
        width = self.content_size.width
        new = form_lines(self, width)
        old = self._lines
        self._lines = new
        if len(new) != len(old):
            self.refresh()
            return
        for y, (before, after) in enumerate(zip(old, new, strict=True)):
            span = before.diff(after)
            if span is not None:
                self.refresh(Region(span[0], y, span[1] - span[0], 1))

    def on_resize(self, event: events.Resize) -> None:
        self._lines = form_lines(self, self.content_size.width)
        self.refresh()

    def on_mount(self) -> None:
        self._lines = form_lines(self, self.content_size.width)

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        base = self.rich_style
        if y >= len(self._lines):
            return Strip.blank(width, base)
        runs = self._lines[y].runs
        used = sum(len(text) for text, _ in runs)
        segments = [Segment(text, base + self._style(component)) for text, component in runs]
        if used < width:  # an empty segment would still cost a style sequence on the wire
            segments.append(Segment(" " * (width - used), base))  # merges with a plain end
        return Strip(Segment.simplify(segments)).crop(0, width)

    def _style(self, component: str | None) -> Style:
        if component is None:
            return Style()
        return self.get_component_rich_style(f"form-entry--{component}", partial=True)

    def summary_of(self, saved: SavedForm) -> str:
        return self.form_layout.summary(saved.form)

    def batch_text(self) -> str:
        return "  ·  ".join(self.batch_parts())

    def batch_parts(self) -> list[str]:
        """The batch constants; while correcting, the corrected form's own values instead."""
        layout = self.form_layout
        if self.correcting is not None:
            kept = self.correcting.form
            values = BatchConstants(kept.tanggal_survei, kept.sesi, kept.batch)
            code = self.state.codes.get(LAYANAN_KEY)
            service = layout.service_id(code) if code else kept.service_type_id
            fixed = ""
        else:
            values = self.constants
            service = values.service_type_id or layout.default_service()
            fixed = " (tetap)"
        when = values.tanggal_survei
        parts = [f"Tanggal {tanggal_angka(when)}" if when else "Tanpa tanggal survei"]
        if values.sesi:
            parts.append(f"Sesi {values.sesi}")
        bundle = values.batch
        if bundle:
            known = bundle.lower().startswith(("bundel", "surveyor"))
            parts.append(bundle if known else f"Bundel {bundle}")
        if service is not None and len(layout.services) > 1:
            parts.append(f"Layanan {layout.service_name(service)}{fixed}")
        return parts

    def has_layanan_field(self) -> bool:
        return any(f.kind == LAYANAN for f in self.state.fields)

    def answers_typed(self) -> int:
        return sum(1 for f in self.state.fields if f.kind == JAWABAN and f.key in self.state.codes)


def _key_name(key: str, character: str | None) -> str:
    if key == "space":
        return "spasi"
    return character if character and character.isprintable() else key
