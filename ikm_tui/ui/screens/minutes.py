"""Provides MinutesScreen: SOP step 9, the notulen drafted from the step 6 meeting record.

The header of the notula (sidang, hari/tanggal, surat undangan, waktu, pimpinan, peserta) and
its tindak lanjut with the PTPP numbers come from the meeting and the PTPPs; the Staf edits the
kata pembukaan, pembahasan and keputusan (one point a line). Ctrl+N drafts the notulen,
Ctrl+S saves, Ctrl+R re-reads the meeting and the PTPPs, Ctrl+T signs through the sign-off
dialog (the pencatat submits, the chair approves), Ctrl+O / Ctrl+H export the notulen and the
daftar hadir in a worker and write the path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Static, TextArea

from ikm_tui.domain import sop
from ikm_tui.errors import IkmError
from ikm_tui.persistence.records import DocumentRecord, UserRecord
from ikm_tui.services.minutes import EDITABLE
from ikm_tui.services.registry import Services
from ikm_tui.ui.dialogs.signoff import signature_line
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.screens.export_flow import ask_export
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.worker import run_service

TITLES = {
    "pembukaan": "1. Kata pembukaan",
    "pembahasan": "2. Pembahasan",
    "keputusan": "3. Keputusan",
}


@dataclass(frozen=True)
class MinutesData:
    period_name: str
    document: DocumentRecord | None
    preview: dict[str, object]  # the stored content, or the draft from the meeting
    allowed: set[str]
    can_create: bool
    has_meeting: bool
    why_not: str


def load_minutes(services: Services, user: UserRecord, period_id: int) -> MinutesData:
    minutes = services.minutes
    document = minutes.current(period_id)
    has_meeting = services.meeting.latest(period_id) is not None
    at_step = services.workflow.can(user, "notulen", period_id) is True
    preview = document.content if document else (minutes.draft(period_id) if has_meeting else {})
    return MinutesData(
        services.periods.get(period_id).name,
        document,
        dict(preview),
        services.signoff.allowed_actions(document.id, user) if document else set(),
        at_step and has_meeting and document is None and user.has_role(sop.STAF),
        has_meeting,
        "" if at_step else services.workflow.why_not(user, "notulen", period_id),
    )


def _person(value: object) -> str:
    if not isinstance(value, dict) or not value.get("nama"):
        return "-"
    return f"{value['nama']} ({value.get('jabatan', '')})"


def header_text(content: dict[str, object]) -> str:
    if not content:
        return "Rapat pembahasan hasil belum dicatat (langkah rapat)."
    peserta = content.get("peserta") or []
    lines = [
        f"Sidang/Rapat   : {content.get('sidang', '')}",
        f"Hari/Tanggal   : {content.get('hari_tanggal', '')}",
        f"Surat Undangan : {content.get('surat_undangan', '-')}",
        f"Waktu          : {content.get('waktu', '')}, {content.get('tempat', '')}",
        f"Ketua {_person(content.get('ketua'))}; pencatat {_person(content.get('pencatat'))}",
        f"Peserta        : {len(peserta) if isinstance(peserta, list) else 0} orang",
        "Tindak lanjut  :",
    ]
    for item in content.get("tindak_lanjut") or []:  # type: ignore[attr-defined]
        lines.append(f"  {item['ptpp']}: {item['uraian']} ({item['pic']}, {item['target']})")
    return "\n".join(lines)


class MinutesScreen(DataScreen[MinutesData]):
    """Step 9: draft, edit, sign and export the notulen and the daftar hadir."""

    CSS_PATH = "minutes.tcss"
    AUTO_FOCUS = "#text-pembukaan"
    LOAD_GROUP = "minutes-load"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("ctrl+n", "create", "Buat notulen"),
        Binding("ctrl+s", "save", "Simpan"),
        Binding("ctrl+r", "refresh", "Perbarui dari rapat"),
        Binding("ctrl+t", "sign", "Tanda tangan"),
        Binding("ctrl+o", "export('notulen')", "Ekspor notulen"),
        Binding("ctrl+h", "export('daftar-hadir')", "Daftar hadir"),
        Binding("f5", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.texts_of: tuple[str | None, bool] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Memuat…", id="status", markup=False)
        with VerticalScroll(id="body"):
            yield Static("", id="header", markup=False)
            for key in EDITABLE:
                yield Label(f"{TITLES[key]} (satu butir per baris)", classes="field-label")
                yield TextArea(id=f"text-{key}", soft_wrap=True)
        yield Static("", id="export-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        step = sop.action_step("notulen")
        self.title = f"Langkah {step}: {sop.step(step).short}"
        super().on_mount()

    def load(self, services: Services, user: UserRecord) -> MinutesData:
        return load_minutes(services, user, self.period_id)

    @property
    def editable(self) -> bool:
        return self.data is not None and "ubah" in self.data.allowed

    def show(self, data: MinutesData) -> None:
        document = data.document
        state = f"versi {document.version}: {document.state_text}" if document else "belum dibuat"
        lines = [
            f"{data.period_name}  |  Notulen {state}"
            + (f"  |  {data.why_not}" if data.why_not else "")
        ]
        if document is not None:
            lines += [signature_line(s) for s in document.signatures if not s.voided]
            if document.return_note:
                lines.append(f"Catatan pengembalian: {document.return_note}")
        self.query_one("#status", Static).update("\n".join(lines))
        self.query_one("#header", Static).update(header_text(data.preview))
        shown = (document.content_hash if document else None, self.editable)
        if shown == self.texts_of:
            return
        self.texts_of = shown
        for key in EDITABLE:
            area = self.query_one(f"#text-{key}", TextArea)
            value = data.preview.get(key) or []
            area.load_text("\n".join(str(v) for v in value) if isinstance(value, list) else "")
            area.read_only = not self.editable

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        data = self.data
        if data is None:
            return True if action in ("back", "reload") else None
        checks = {
            "create": data.can_create,
            "save": self.editable,
            "refresh": self.editable,
            "sign": bool(data.allowed & {"ajukan", "setujui", "kembalikan"}),
            "export": data.document is not None,
        }
        if action in checks:
            return True if checks[action] else None
        return True

    def _error(self, error: IkmError) -> None:
        from ikm_tui.ui.worker import notify_error

        self.query_one("#export-status", Static).update(error.message)
        notify_error(self.app, error)

    def action_create(self) -> None:
        user = self.ikm_app.user
        if self.check_action("create", ()) is not True or user is None:
            return
        minutes = self.ikm_app.services.minutes
        run_service(
            self,
            lambda: minutes.create(self.period_id, user),
            lambda _doc: self._done("Notulen dibuat dari catatan rapat."),
            on_error=self._error,
            group="minutes-save",
        )

    def _done(self, message: str) -> None:
        self.texts_of = None
        self.notify(message, title="Notulen")
        self.reload()

    def action_save(self, refresh: bool = False) -> None:
        user = self.ikm_app.user
        if self.check_action("save", ()) is not True or user is None or self.data is None:
            return
        document = self.data.document
        assert document is not None
        texts = {
            key: self.query_one(f"#text-{key}", TextArea).text.splitlines() for key in EDITABLE
        }
        minutes = self.ikm_app.services.minutes
        run_service(
            self,
            lambda: minutes.update(document.id, user, texts, document.content_hash, refresh),
            lambda _doc: self._done("Notulen disimpan."),
            on_error=self._error,
            group="minutes-save",
        )

    def action_refresh(self) -> None:
        self.action_save(refresh=True)

    def action_sign(self) -> None:
        from ikm_tui.ui.dialogs.signoff import open_signoff

        if (
            self.check_action("sign", ()) is not True
            or self.data is None
            or self.data.document is None
        ):
            return
        open_signoff(
            cast("Screen[object]", self),
            self.data.document.id,
            on_done=lambda _doc: self.reload(),
            shown_hash=self.data.document.content_hash,
        )

    def action_export(self, kind: str) -> None:
        if self.check_action("export", ()) is True and self.data is not None:
            document = self.data.document
            ask_export(self, kind, self.period_id, document is None or not document.is_final)

    def action_back(self) -> None:
        self.app.pop_screen()
