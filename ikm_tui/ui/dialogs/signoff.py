"""Provides SignOffDialog and `open_signoff`, the sign-off round trip any screen can reuse.

The dialog shows what is being signed (title, kind, version, state, short content hash, the
signatures so far, the previous return note), asks for the password, and returns a
`SignOffResult` ("ajukan", "setujui" or "kembalikan" with its note) or None. It only collects
input; `open_signoff(screen, document_id, on_done)` does the whole round trip: show the dialog at
once (keys typed ahead reach its password field), load the document and the user's allowed
actions into it from a worker, call SignOffService in a worker, notify, and call
`on_done(document)` after a successful signature or return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ikm_tui.domain.formatting import waktu_angka
from ikm_tui.domain.sop import DOC_KINDS, STAGE_PHRASE
from ikm_tui.errors import AuthError, DocumentChanged, IkmError
from ikm_tui.persistence.records import DocumentRecord, SignatureRecord, UserRecord
from ikm_tui.ui.widgets.typeahead import after_pending_input
from ikm_tui.ui.worker import notify_error, run_service

if TYPE_CHECKING:
    from textual.screen import Screen

    from ikm_tui.ui.app import IkmApp

SUBMIT, APPROVE, RETURN = "ajukan", "setujui", "kembalikan"
BUTTON_LABELS = {SUBMIT: "Ajukan", APPROVE: "Setujui", RETURN: "Kembalikan"}
DONE_MESSAGES = {
    SUBMIT: "diajukan untuk diperiksa",
    APPROVE: "ditandatangani",
    RETURN: "dikembalikan ke Staf dengan catatan",
}
# SignOffService.allowed_actions names -> the dialog's actions.
SERVICE_ACTIONS = {
    "submit": SUBMIT,
    "approve": APPROVE,
    "return": RETURN,
    SUBMIT: SUBMIT,
    APPROVE: APPROVE,
    RETURN: RETURN,
}


@dataclass(frozen=True)
class SignOffResult:
    """The signer's decision: action, the password re-entered, and the note (for a return)."""

    action: str
    password: str
    note: str = ""


def dialog_actions(service_actions: Iterable[str]) -> set[str]:
    return {SERVICE_ACTIONS[name] for name in service_actions if name in SERVICE_ACTIONS}


def signature_line(signature: SignatureRecord) -> str:
    phrase = STAGE_PHRASE.get(signature.stage, signature.stage)
    if signature.action == "return":
        phrase = "Dikembalikan oleh"
    voided = " (batal: isi berubah)" if signature.voided else ""
    return f"  {phrase} {signature.full_name}, {waktu_angka(signature.signed_at)}{voided}"


def document_summary(document: DocumentRecord) -> str:
    kind = DOC_KINDS.get(document.kind, document.kind)
    lines = [
        f"{document.title}",
        f"{kind}, versi {document.version}; status: {document.state_text}",
        f"Sidik isi (SHA-256): {document.content_hash[:16]}",
    ]
    shown = [s for s in document.signatures if s.action == "sign" or not s.voided][-4:]
    lines.append("Tanda tangan:" if shown else "Tanda tangan: belum ada")
    lines.extend(signature_line(s) for s in shown)
    if document.return_note:
        lines.append(f"Catatan pengembalian: {document.return_note}")
    return "\n".join(lines)


class SignOffDialog(ModalScreen[SignOffResult | None]):
    """Collects a signature (Ajukan/Setujui) or a return with a note; validates the input."""

    CSS_PATH = "dialogs.tcss"
    # Priority bindings acting after the keys already typed (see widgets.typeahead), so a
    # fast typist's password and note are exactly what was typed before the key.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Batal"),
        Binding("ctrl+s", "sign", "Tanda tangan", priority=True),
        Binding("ctrl+r", "return_document", "Kembalikan", priority=True),
        Binding("enter", "enter", "Kirim", priority=True, show=False),
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    def __init__(
        self, document: DocumentRecord | None = None, allowed: set[str] | None = None
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.document: DocumentRecord | None = None
        self.allowed: set[str] = set()
        self.sign_action: str | None = None
        self.pending: str | None = None  # a key pressed before the document was loaded
        self.decided = False  # set once a decision is taken: a second key press is ignored
        self.preloaded = (document, allowed or set()) if document is not None else None
        # Set by the round trip: called with the decision instead of closing the dialog, so a
        # wrong password is answered inside the dialog.
        self.on_decided: Callable[[SignOffResult], None] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="signoff"):
            yield Label("Tanda tangan dokumen", classes="dialog-title")
            yield Static("Memuat dokumen…", classes="dialog-body", id="summary", markup=False)
            yield Label("Kata sandi Anda", classes="field-label")
            yield Input(id="password", password=True, compact=True)
            yield Label("Catatan (wajib bila dikembalikan)", classes="field-label return-part")
            yield Input(id="note", max_length=1000, classes="return-part", compact=True)
            yield Static("", classes="field-error", id="error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    "Tanda tangan (^S)", id="sign", variant="primary", compact=True, disabled=True
                )
                yield Button(
                    "Kembalikan (^R)", id="return", variant="warning", compact=True, disabled=True
                )
                yield Button("Batal (Esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#password", Input))
        if self.preloaded is not None:
            self.set_document(*self.preloaded)

    def set_document(self, document: DocumentRecord, allowed: set[str]) -> None:
        """Show what is being signed and offer the actions `allowed` (the dialog is pushed at
        once, before the document has loaded, so keys typed meanwhile reach the password)."""
        self.document, self.allowed = document, allowed
        self.sign_action = SUBMIT if SUBMIT in allowed else APPROVE if APPROVE in allowed else None
        self.query_one("#summary", Static).update(document_summary(document))
        sign = self.query_one("#sign", Button)
        sign.disabled = self.sign_action is None
        sign.display = self.sign_action is not None
        if self.sign_action is not None:
            sign.label = f"{BUTTON_LABELS[self.sign_action]} (^S)"
        self.query_one("#return", Button).disabled = RETURN not in allowed
        for widget in self.query(".return-part, #return"):
            widget.display = RETURN in allowed
        self.refresh_bindings()
        pending, self.pending = self.pending, None
        if pending == "sign":
            self.action_sign()
        elif pending == RETURN:
            self.action_return_document()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.document is None:
            return True  # remembered until the document has loaded
        if action == "sign":
            return self.sign_action is not None
        if action == "return_document":
            return RETURN in self.allowed
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "sign":
            self.action_sign()
        elif event.button.id == "return":
            self.action_return_document()
        else:
            self.dismiss(None)

    def fields(self) -> list[Input]:
        return list(self.query(Input))

    def action_enter(self) -> None:
        """Enter in the note returns the document; in the password it signs; else as usual."""
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()
        if focused.id == "note":
            self.action_return_document()
        else:
            self.action_sign()

    def action_sign(self) -> None:
        if self.document is None:
            self.pending = "sign"
        elif self.sign_action is not None:
            after_pending_input(self.fields(), self._finish_sign)

    def action_return_document(self) -> None:
        if self.document is None:
            self.pending = RETURN
        elif RETURN in self.allowed:
            after_pending_input(self.fields(), self._finish_return)

    def _password(self) -> str | None:
        password = self.query_one("#password", Input).value
        if not password:
            self._error("Masukkan kata sandi Anda untuk menandatangani.")
            self.set_focus(self.query_one("#password", Input))
            return None
        return password

    def _finish_sign(self) -> None:
        password = self._password()
        if password is not None and self.sign_action is not None:
            self._decide(SignOffResult(self.sign_action, password))

    def _finish_return(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        if not note:
            self._error("Tuliskan catatan: apa yang harus diperbaiki Staf.")
            self.set_focus(self.query_one("#note", Input))
            return
        password = self._password()
        if password is not None:
            self._decide(SignOffResult(RETURN, password, note))

    def _decide(self, result: SignOffResult) -> None:
        if not self.decided:
            self.decided = True
            if self.on_decided is not None:
                self.on_decided(result)  # the dialog stays until the signature is stored
            else:
                self.dismiss(result)

    def refused(self, message: str) -> None:
        """A wrong password (or a locked account): say so, clear the field, stay open."""
        self.decided = False
        password = self.query_one("#password", Input)
        password.value = ""
        self._error(message)
        self.set_focus(password)

    def _error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_signoff(
    screen: Screen[Any],
    document_id: int,
    on_done: Callable[[DocumentRecord], object] | None = None,
    shown_hash: str | None = None,
) -> None:
    """Show SignOffDialog at once, load the document into it, store the decision through
    SignOffService, notify, and call `on_done(document)` after a signature or return.

    `shown_hash`: the content hash of the document the screen displayed (its preview); the
    signature is bound to it, so content changed since is refused, never signed unseen.
    Without it (a task in "Tugas saya"), the dialog's own summary is what was shown."""
    app = cast("IkmApp", screen.app)
    if app.user is not None:
        SignOffRoundTrip(screen, app, app.user, document_id, on_done, shown_hash).start()


class SignOffRoundTrip:
    """One use of the sign-off dialog: every service call runs in a worker."""

    def __init__(
        self,
        screen: Screen[Any],
        app: IkmApp,
        user: UserRecord,
        document_id: int,
        on_done: Callable[[DocumentRecord], object] | None,
        shown_hash: str | None = None,
    ) -> None:
        self.screen, self.app, self.user = screen, app, user
        self.document_id, self.on_done = document_id, on_done
        self.shown_hash = shown_hash
        self.signoff = app.services.signoff
        self.dialog = SignOffDialog()
        self.dialog.on_decided = self.decided

    def start(self) -> None:
        self.app.push_screen(self.dialog)
        run_service(self.screen, self.load, self.loaded, on_error=self.failed, group="signoff")

    def load(self) -> tuple[DocumentRecord, set[str]]:
        allowed = self.signoff.allowed_actions(self.document_id, self.user)
        return self.signoff.get(self.document_id), dialog_actions(allowed)

    def loaded(self, found: tuple[DocumentRecord, set[str]]) -> None:
        document, allowed = found
        if self.dialog not in self.app.screen_stack:
            return  # cancelled while loading
        if self.shown_hash is not None and self.shown_hash != document.content_hash:
            self.dialog.dismiss(None)  # the screen behind shows other content than is stored
            notify_error(self.app, DocumentChanged())
            return
        if not allowed:
            self.dialog.dismiss(None)
            self.app.notify(
                f"Tidak ada yang dapat Anda tandatangani pada {document.title} "
                f"saat ini ({document.state_text}).",
                title="Tanda tangan",
                severity="warning",
            )
            return
        self.dialog.set_document(document, allowed)

    def failed(self, error: IkmError) -> None:
        if self.dialog in self.app.screen_stack:
            self.dialog.dismiss(None)
        notify_error(self.app, error)

    def decided(self, result: SignOffResult | None) -> None:
        if result is not None:
            run_service(
                self.screen,
                lambda: self.store(result),
                lambda document: self.stored(result.action, document),
                on_error=self.refused,
                group="signoff",
            )

    def refused(self, error: IkmError) -> None:
        """A wrong password keeps the dialog open with the message; any other refusal closes
        it and is shown as a notification."""
        if isinstance(error, AuthError) and self.dialog in self.app.screen_stack:
            self.dialog.refused(error.message)
            return
        if self.dialog in self.app.screen_stack:
            self.dialog.dismiss(None)
        notify_error(self.app, error)

    def store(self, result: SignOffResult) -> DocumentRecord:
        """Sign exactly what was shown: the screen's content hash (else the dialog's) and the
        state the dialog displayed; anything changed since is refused by the service."""
        shown = self.dialog.document
        shown_hash = self.shown_hash or (shown.content_hash if shown else None)
        shown_state = shown.state if shown else None
        if shown_hash is None:
            raise DocumentChanged()  # nothing was shown: never sign unseen content
        if result.action == SUBMIT:
            return self.signoff.submit(
                self.document_id, self.user, result.password, shown_hash, shown_state
            )
        if result.action == APPROVE:
            return self.signoff.approve(
                self.document_id, self.user, result.password, shown_hash, shown_state
            )
        return self.signoff.return_document(
            self.document_id, self.user, result.password, result.note, shown_hash, shown_state
        )

    def stored(self, action: str, document: DocumentRecord) -> None:
        if self.dialog in self.app.screen_stack:
            self.dialog.dismiss(None)
        self.app.notify(f"{document.title} {DONE_MESSAGES[action]}.", title="Tanda tangan")
        if self.on_done is not None:
            self.on_done(document)
