"""Provides the PTPP dialogs: PtppFormScreen (parts 1 and 2), FindingPickDialog (which finding a
new PTPP starts from) and VerifyDialog (part 3: efektif / tidak efektif with notes).

They only collect and check input (dates, choices) and return it; the PTPP screen calls
PtppService. Messages are in Bahasa Indonesia.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ikm_tui.domain import ptpp as rules
from ikm_tui.domain.formatting import parse_date
from ikm_tui.persistence.records import FindingRecord, UserRecord
from ikm_tui.services.ptpp import PtppInput
from ikm_tui.ui.dialogs.base import CollectDialog
from ikm_tui.ui.widgets.footer import KeyFooter

TEXTS = (
    ("persyaratan", "Persyaratan/SOP yang tidak dipenuhi"),
    ("uraian", "Uraian ketidaksesuaian"),
    ("analisis_penyebab", "Analisis penyebab (bagian 2)"),
    ("koreksi", "Koreksi segera"),
    ("tindakan_perbaikan", "Tindakan perbaikan"),
    ("tindakan_pencegahan", "Tindakan pencegahan"),
    ("dokumen_revisi", "Dokumen yang direvisi (SOP, formulir)"),
)
LINES = (("kepada", "Kepada"), ("dari", "Dari (pemohon)"), ("pic", "PIC (jabatan/nama)"))
DATES = (("batas_waktu", "Batas waktu jawaban"), ("target_selesai", "Target selesai"))
FREE_TEXT = -1


def _date_text(value: dt.date | None) -> str:
    return f"{value:%d-%m-%Y}" if value else ""


class PtppFormScreen(Screen[PtppInput | None]):
    """Parts 1 and 2 of one PTPP; Ctrl+S returns the input, Escape cancels."""

    CSS_PATH = "ptpp_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal"),
        Binding("ctrl+s", "save", "Simpan"),
    ]

    def __init__(
        self, title: str, draft: PtppInput, users: Sequence[UserRecord], figures: str = ""
    ) -> None:
        super().__init__()
        self.form_title = title
        self.draft = draft
        self.users = list(users)
        self.figures = figures

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            self.form_title + (f"\n{self.figures}" if self.figures else ""),
            id="form-title",
            markup=False,
        )
        with VerticalScroll(id="form-body"):
            with Horizontal(classes="form-row"):
                yield Label("Sumber", classes="form-label")
                yield Select[str](
                    [(text, key) for key, text in rules.SUMBER.items()],
                    value=self.draft.sumber,
                    allow_blank=False,
                    id="sumber",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Kategori", classes="form-label")
                yield Select[str](
                    [(text, key) for key, text in rules.KATEGORI.items()],
                    value=self.draft.kategori,
                    allow_blank=False,
                    id="kategori",
                    compact=True,
                )
            for key, label in (*LINES, *DATES):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    value = getattr(self.draft, key)
                    text = _date_text(value) if key in dict(DATES) else str(value)
                    yield Input(text, id=f"field-{key}", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("PIC (pengguna)", classes="form-label")
                options = [(f"{u.full_name} ({u.jabatan})", u.id) for u in self.users]
                saved = self.draft.pic_user_id
                if saved is not None and saved in {u.id for u in self.users}:
                    # the saved PIC, given at construction so that it shows
                    yield Select[int](
                        options, id="pic-user", compact=True, prompt="(tidak ada)", value=saved
                    )
                else:
                    yield Select[int](options, id="pic-user", compact=True, prompt="(tidak ada)")
            for key, label in TEXTS:
                yield Label(label, classes="field-label")
                yield TextArea(str(getattr(self.draft, key)), id=f"text-{key}", soft_wrap=True)
        yield Static("", id="form-error", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#field-kepada", Input).focus()

    def collect(self) -> tuple[str, PtppInput | None]:
        dates: dict[str, dt.date | None] = {}
        for key, label in DATES:
            text = self.query_one(f"#field-{key}", Input).value.strip()
            dates[key] = parse_date(text) if text else None
            if text and dates[key] is None:
                return f"{label} harus berbentuk hh-bb-tttt, misalnya 30-06-2026.", None
        if not self.query_one("#text-uraian", TextArea).text.strip():
            return "Uraian ketidaksesuaian wajib diisi.", None
        pic_user = self.query_one("#pic-user", Select).value
        pic = self.query_one("#field-pic", Input).value.strip()
        chosen = next((u for u in self.users if u.id == pic_user), None)
        if not pic and chosen is not None:
            pic = chosen.jabatan or chosen.full_name
        values: dict[str, Any] = {
            key: self.query_one(f"#text-{key}", TextArea).text for key, _ in TEXTS
        }
        values |= {key: self.query_one(f"#field-{key}", Input).value for key, _ in LINES}
        values |= dates
        values["pic"] = pic
        values["sumber"] = str(self.query_one("#sumber", Select).value)
        values["kategori"] = str(self.query_one("#kategori", Select).value)
        values["pic_user_id"] = chosen.id if chosen else None
        return "", dataclasses.replace(self.draft, **values)

    def action_save(self) -> None:
        problem, value = self.collect()
        if problem:
            self.query_one("#form-error", Static).update(problem)
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Pick:
    """The finding a new PTPP starts from (None: free text, an audit, ...)."""

    finding_id: int | None


class FindingPickDialog(ModalScreen[Pick | None]):
    """The meeting's accepted findings without a PTPP yet, and "free text"; Enter picks."""

    CSS_PATH = "dialogs.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Batal")]

    def __init__(self, findings: Sequence[FindingRecord]) -> None:
        super().__init__(classes="dialog-screen")
        self.findings = list(findings)

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical

        with Vertical(classes="dialog finding-pick"):
            yield Label("PTPP baru dari temuan", classes="dialog-title")
            options = [Option(f.uraian[:200], id=str(f.id)) for f in self.findings]
            options.append(Option("Temuan lain (audit, tinjauan, teks bebas)", id=str(FREE_TEXT)))
            yield OptionList(*options, id="findings")
            yield Static("Enter: pilih  Esc: batal", classes="dialog-body", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = int(event.option.id or FREE_TEXT)
        self.dismiss(Pick(None if chosen == FREE_TEXT else chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Verification:
    hasil: str
    catatan: str


class VerifyDialog(CollectDialog[Verification]):
    """Part 3: hasil (e = efektif, t = tidak efektif) and the notes of what was checked."""

    def __init__(self, nomor: str, comparison: str, suggestion: str) -> None:
        note = comparison or "Tidak ada data unsur periode berikutnya; periksa pelaksanaannya."
        super().__init__(f"Verifikasi PTPP {nomor}", note, "Simpan")
        self.suggestion = suggestion

    def compose_fields(self) -> ComposeResult:
        yield Label(
            "Hasil: e = efektif, t = tidak efektif (membuat PTPP lanjutan)", classes="field-label"
        )
        yield Input(
            "e" if self.suggestion != rules.TIDAK_EFEKTIF else "t", id="hasil", compact=True
        )
        yield Label("Catatan verifikasi", classes="field-label")
        yield Input("", id="catatan", compact=True)

    def collect(self) -> tuple[str, Verification | None]:
        hasil = self.query_one("#hasil", Input).value.strip().lower()
        catatan = self.query_one("#catatan", Input).value.strip()
        if hasil not in ("e", "t"):
            self.query_one("#hasil", Input).focus()
            return "Isi e (efektif) atau t (tidak efektif).", None
        if not catatan:
            self.query_one("#catatan", Input).focus()
            return "Catatan verifikasi wajib diisi: apa yang diperiksa.", None
        return "", Verification(rules.EFEKTIF if hasil == "e" else rules.TIDAK_EFEKTIF, catatan)
