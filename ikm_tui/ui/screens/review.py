"""Provides ReviewScreen: SOP steps 2 and 3 (Memeriksa, Menyetujui) of the questionnaire.

The Sekretaris Camat and the Camat read the questionnaire exactly as it will be printed (the
same layout as the .docx, as text), what changed since the version they returned, and the
signatures so far; "s" signs (approves) and "k" returns it with a note, both through the
sign-off dialog (password re-entered); "e" exports the .docx. Keys the role or the state does
not allow are hidden or dimmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from ikm_tui.domain import sop
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.sop import CAMAT, SEKCAM
from ikm_tui.persistence.records import DocumentRecord, PeriodRecord, UserRecord
from ikm_tui.services.registry import Services
from ikm_tui.ui.dialogs.signoff import signature_line
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    pass

PREVIEW_WIDTH = 74  # fits 80 columns with the padding and the scrollbar


@dataclass(frozen=True)
class ReviewData:
    """What the reviewers see, loaded in one worker call."""

    period: PeriodRecord
    document: DocumentRecord
    preview: str
    changes: list[str]
    returned_version: int | None
    allowed: set[str] = field(default_factory=set)


def load_review(services: Services, user: UserRecord, period_id: int) -> ReviewData:
    questionnaire = services.questionnaire
    document = questionnaire.current(period_id)
    returned = questionnaire.last_returned(period_id)
    return ReviewData(
        services.periods.get(period_id),
        document,
        questionnaire.preview_text(period_id, PREVIEW_WIDTH),
        questionnaire.changes_since_returned(period_id),
        returned.version if returned is not None and returned.id != document.id else None,
        services.signoff.allowed_actions(document.id, user),
    )


def status_text(data: ReviewData) -> str:
    period, document = data.period, data.document
    lines = [
        f"{period.name}  |  {get_regime(period.regime_id).nama}  |  Kuesioner versi "
        f"{document.version}: {document.state_text}"
    ]
    shown = [s for s in document.signatures if not s.voided]
    lines.append("Tanda tangan:" if shown else "Tanda tangan: belum ada")
    lines += [signature_line(s) for s in shown]
    return "\n".join(lines)


def changes_text(data: ReviewData) -> str:
    if data.returned_version is None:
        return ""
    title = f"Perubahan sejak dikembalikan (versi {data.returned_version}):"
    if not data.changes:
        return f"{title} tidak ada perubahan."
    return "\n".join([title] + [f"  - {change}" for change in data.changes])


class ReviewScreen(DataScreen[ReviewData]):
    """Steps 2-3: read, then sign or return the questionnaire."""

    CSS_PATH = "review.tcss"
    AUTO_FOCUS = "#preview-scroll"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("s", "sign", "Setujui"),
        Binding("k", "return_document", "Kembalikan"),
        Binding("e", "export", "Ekspor .docx"),
        Binding("r", "reload", "Muat ulang", show=False),
    ]

    LOAD_GROUP = "review-load"

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Memuat…", id="status", markup=False)
        yield Static("", id="changes", markup=False)
        with VerticalScroll(id="preview-scroll"):
            yield Static("", id="preview", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        first, last = sop.action_step("periksa_konsep"), sop.action_step("setujui_konsep")
        self.title = f"Langkah {first}-{last}: Periksa dan setujui kuesioner"
        super().on_mount()

    def load(self, services: Services, user: UserRecord) -> ReviewData:
        return load_review(services, user, self.period_id)

    def show(self, data: ReviewData) -> None:
        self.query_one("#status", Static).update(status_text(data))
        changes = changes_text(data)
        self.query_one("#changes", Static).update(changes)
        self.query_one("#changes", Static).set_class(bool(changes), "-shown")
        self.query_one("#preview", Static).update(data.preview)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        wanted = {"sign": "setujui", "return_document": "kembalikan"}.get(action)
        if wanted is not None:
            if self.data is not None and wanted in self.data.allowed:
                return True
            user = self.ikm_app.user
            reviewer = user is not None and (user.has_role(SEKCAM) or user.has_role(CAMAT))
            return None if reviewer else False
        if action == "export":
            return True if self.data is not None else None
        return True

    def _signoff(self) -> None:
        from ikm_tui.ui.dialogs.signoff import open_signoff

        if self.data is not None:
            open_signoff(
                cast("Screen[object]", self),
                self.data.document.id,
                on_done=lambda _doc: self.reload(),
                shown_hash=self.data.document.content_hash,  # the preview the signer read
            )

    def action_sign(self) -> None:
        if self.check_action("sign", ()) is True:
            self._signoff()

    def action_return_document(self) -> None:
        if self.check_action("return_document", ()) is True:
            self._signoff()

    def action_export(self) -> None:
        from ikm_tui.ui.screens.concept_data import export_dialog

        if self.data is not None:
            export_dialog(self, self.period_id, self.data.document)

    def action_back(self) -> None:
        self.app.pop_screen()
