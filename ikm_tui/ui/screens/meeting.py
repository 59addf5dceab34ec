"""Provides MeetingScreen: SOP step 6, the record of the meeting that discusses the results.

One scrolling form: acara, tanggal, waktu, tempat, surat undangan, ketua / sekretaris /
pencatat (picked from the users), the attendees (ticked in the list of users), guests typed in
("Nama | Jabatan | NIP", one a line), the agenda (one item a line), and the findings offered by
the services (the weakest unsur, complaints by unsur, PTPPs due for verification) ticked to
accept or left unticked to drop, plus findings typed in. Ctrl+S saves (errors in Bahasa
Indonesia under the form), Ctrl+F finishes the step once the meeting is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Label, Select, Static, TextArea

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import parse_date
from ikm_tui.errors import IkmError, ValidationError
from ikm_tui.persistence.records import MeetingRecord, PersonRecord, UserRecord
from ikm_tui.services.meeting import FINDING_KINDS, LAIN, FindingInput, MeetingInput
from ikm_tui.services.registry import Services
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.marks import MarkedSelectionList
from ikm_tui.ui.worker import run_service

FIELDS = (
    ("acara", "Acara/rapat"),
    ("tanggal", "Tanggal (hh-bb-tttt)"),
    ("mulai", "Waktu mulai"),
    ("selesai", "Waktu selesai"),
    ("tempat", "Tempat"),
    ("undangan-nomor", "No. surat undangan"),
    ("undangan-tanggal", "Tgl surat undangan"),
)
OFFICERS = (("ketua", "Ketua"), ("sekretaris", "Sekretaris"), ("pencatat", "Pencatat"))
# rows whose value (the meeting's title, "NAME (jabatan)") is longer than the room beside the
# label on 80 columns: on a narrow screen their label goes above the field
LONG_VALUES = {"acara", *(key for key, _ in OFFICERS)}


@dataclass(frozen=True)
class MeetingData:
    """The meeting (if recorded), the users to pick, the findings offered, the permissions."""

    period_name: str
    meeting: MeetingRecord | None
    users: list[UserRecord]
    offered: list[FindingInput]
    can_edit: bool
    can_finish: bool
    why_not: str
    default_day: dt.date
    default_officers: dict[str, int]  # for a new record: the Camat, the Sekcam, the Staf


def load_meeting(services: Services, user: UserRecord, period_id: int) -> MeetingData:
    workflow = services.workflow
    meeting = services.meeting.latest(period_id)
    can_edit = workflow.can(user, "rapat", period_id) is True
    step = sop.action_step("rapat")
    gates = not workflow.gate_problem(period_id, step)
    users = [
        u for u in services.users.list() if not u.disabled and u.roles & set(sop.SIGNING_ROLES)
    ]
    return MeetingData(
        services.periods.get(period_id).name,
        meeting,
        users,
        services.meeting.suggested_findings(period_id) if can_edit else [],
        can_edit,
        can_edit and gates and any(user.has_role(r) for r in sop.step(step).roles),
        workflow.why_not(user, "rapat", period_id),
        services.clock().date(),
        default_officers(users, user),
    )


def default_officers(users: list[UserRecord], user: UserRecord) -> dict[str, int]:
    """Ketua the Camat, sekretaris the Sekretaris Camat, pencatat the Staf at the keyboard."""
    found: dict[str, int] = {}
    for key, role in (("ketua", sop.CAMAT), ("sekretaris", sop.SEKCAM)):
        match = next((u.id for u in users if u.has_role(role)), None)
        if match is not None:
            found[key] = match
    if user.has_role(sop.STAF) and any(u.id == user.id for u in users):
        found["pencatat"] = user.id
    return found


def parse_guests(text: str) -> tuple[PersonRecord, ...]:
    """ "Nama | Jabatan | NIP" lines (jabatan and NIP may be left out)."""
    guests = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")] + ["", ""]
        guests.append(PersonRecord(parts[0], parts[1], parts[2]))
    return tuple(guests)


def guests_text(meeting: MeetingRecord) -> str:
    return "\n".join(
        " | ".join(x for x in (p.nama, p.jabatan, p.nip))
        for p in meeting.people
        if p.user_id is None
    )


def row_classes(key: str) -> str:
    return "form-row long-value" if key in LONG_VALUES else "form-row"


def finding_label(item: FindingInput) -> str:
    return f"{FINDING_KINDS[item.kind]}: {item.uraian}"


class MeetingScreen(DataScreen[MeetingData]):
    """Step 6: record the meeting and the findings it accepted."""

    CSS_PATH = "meeting.tcss"
    AUTO_FOCUS = "#field-acara"
    LOAD_GROUP = "meeting-load"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("ctrl+s", "save", "Simpan"),
        Binding("ctrl+f", "finish", "Selesaikan langkah"),
        Binding("f5", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.filled_from: int | None | bool = False  # which meeting the form shows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Memuat…", id="status", markup=False)
        with VerticalScroll(id="body"):
            for key, label in FIELDS:
                with Horizontal(classes=row_classes(key)):
                    yield Label(label, classes="form-label")
                    yield Input(id=f"field-{key}", compact=True)
            for key, label in OFFICERS:
                with Horizontal(classes=row_classes(key)):
                    yield Label(label, classes="form-label")
                    yield Select[int]([], id=f"officer-{key}", compact=True, prompt="(pilih)")
            yield Label("Peserta (Spasi: hadir/tidak)", classes="field-label")
            yield MarkedSelectionList[int](id="attendees", compact=True)
            yield Label("Tamu: Nama | Jabatan | NIP, satu per baris", classes="field-label")
            yield TextArea(id="guests", soft_wrap=True)
            yield Label("Agenda (acara), satu per baris", classes="field-label")
            yield TextArea(id="agenda", soft_wrap=True)
            yield Label("Temuan yang dibahas (Spasi: terima/buang)", classes="field-label")
            yield MarkedSelectionList[int](id="findings", compact=True)  # each wraps in full
            yield Label("Temuan lain, satu per baris", classes="field-label")
            yield TextArea(id="other-findings", soft_wrap=True)
        yield Static("", id="error", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        step = sop.action_step("rapat")
        self.title = f"Langkah {step}: {sop.step(step).short}"
        super().on_mount()

    def load(self, services: Services, user: UserRecord) -> MeetingData:
        return load_meeting(services, user, self.period_id)

    def show(self, data: MeetingData) -> None:
        meeting = data.meeting
        state = (
            f"Rapat tercatat {meeting.tanggal:%d-%m-%Y}, {len(meeting.people)} peserta, "
            f"{sum(f.accepted for f in meeting.findings)} temuan diterima"
            if meeting
            else "Rapat belum dicatat"
        )
        hint = "" if data.can_edit else f"  |  {data.why_not}"
        self.query_one("#status", Static).update(f"{data.period_name}: {state}{hint}")
        shown = meeting.id if meeting else None
        if self.filled_from == shown:
            return  # back from a dialog or reloaded after saving: keep the form as typed
        self.filled_from = shown
        self._fill(data)

    def _fill(self, data: MeetingData) -> None:
        meeting = data.meeting
        values = {
            "acara": meeting.acara
            if meeting
            else f"Pembahasan Hasil Pengukuran Kepuasan Pelanggan {data.period_name}",
            "tanggal": f"{(meeting.tanggal if meeting else data.default_day):%d-%m-%Y}",
            "mulai": meeting.waktu_mulai if meeting else "09.00",
            "selesai": meeting.waktu_selesai if meeting else "11.00",
            "tempat": meeting.tempat if meeting else "",
            "undangan-nomor": meeting.undangan_nomor if meeting else "",
            "undangan-tanggal": f"{meeting.undangan_tanggal:%d-%m-%Y}"
            if meeting and meeting.undangan_tanggal
            else "",
        }
        for key, value in values.items():
            field = self.query_one(f"#field-{key}", Input)
            field.value = value
            field.disabled = not data.can_edit
        options = [(f"{u.full_name} ({u.jabatan})", u.id) for u in data.users]
        for key, _ in OFFICERS:
            select = self.query_one(f"#officer-{key}", Select)
            select.set_options(options)
            person = getattr(meeting, key) if meeting else None
            if person is not None and person.user_id is not None:
                select.value = person.user_id
            elif meeting is None and key in data.default_officers:
                select.value = data.default_officers[key]
            select.disabled = not data.can_edit
        present = {p.user_id for p in meeting.people} if meeting else set()
        attendees = self.query_one("#attendees", MarkedSelectionList)
        attendees.clear_options()
        attendees.add_options([(label, uid, uid in present) for label, uid in options])
        self.query_one("#guests", TextArea).load_text(guests_text(meeting) if meeting else "")
        self.query_one("#agenda", TextArea).load_text("\n".join(meeting.agenda) if meeting else "")
        self._fill_findings(data)
        for area in self.query(TextArea):
            area.read_only = not data.can_edit
        for listing in self.query(MarkedSelectionList):
            listing.disabled = not data.can_edit
        if not data.can_edit:
            self.query_one("#body", VerticalScroll).focus()  # read it: arrows and PgDn scroll

    def _fill_findings(self, data: MeetingData) -> None:
        meeting = data.meeting
        kept = (
            [FindingInput(f.kind, f.ref, f.uraian, f.accepted) for f in meeting.findings]
            if meeting
            else []
        )
        known = {(f.kind, f.ref, f.uraian) for f in kept}
        offered = kept + [f for f in data.offered if (f.kind, f.ref, f.uraian) not in known]
        typed = [f for f in offered if f.kind == LAIN]
        self.choices = [f for f in offered if f.kind != LAIN]
        listing = self.query_one("#findings", MarkedSelectionList)
        listing.clear_options()
        listing.add_options(
            [(finding_label(f), index, f.accepted) for index, f in enumerate(self.choices)]
        )
        self.query_one("#other-findings", TextArea).load_text("\n".join(f.uraian for f in typed))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return True if self.data is not None and self.data.can_edit else None
        if action == "finish":
            return True if self.data is not None and self.data.can_finish else None
        return True

    def collect(self) -> MeetingInput:
        """The form as MeetingInput; ValidationError (Bahasa Indonesia) for a bad date."""

        def value(key: str) -> str:
            return self.query_one(f"#field-{key}", Input).value

        day = parse_date(value("tanggal"))
        if day is None:
            raise ValidationError("Tanggal rapat harus berbentuk hh-bb-tttt, misalnya 13-05-2026.")
        invitation = None
        if value("undangan-tanggal").strip():
            invitation = parse_date(value("undangan-tanggal"))
            if invitation is None:
                raise ValidationError("Tanggal surat undangan harus berbentuk hh-bb-tttt.")

        def officer(key: str) -> int | None:
            chosen = self.query_one(f"#officer-{key}", Select).value
            return chosen if isinstance(chosen, int) else None

        accepted = set(self.query_one("#findings", MarkedSelectionList).selected)
        findings = [
            FindingInput(f.kind, f.ref, f.uraian, index in accepted)
            for index, f in enumerate(self.choices)
        ]
        findings += [
            FindingInput(LAIN, "", line.strip())
            for line in self.query_one("#other-findings", TextArea).text.splitlines()
            if line.strip()
        ]
        return MeetingInput(
            acara=value("acara"),
            tanggal=day,
            waktu_mulai=value("mulai"),
            waktu_selesai=value("selesai"),
            tempat=value("tempat"),
            undangan_nomor=value("undangan-nomor"),
            undangan_tanggal=invitation,
            ketua_id=officer("ketua"),
            sekretaris_id=officer("sekretaris"),
            pencatat_id=officer("pencatat"),
            agenda=tuple(self.query_one("#agenda", TextArea).text.splitlines()),
            attendee_user_ids=tuple(self.query_one("#attendees", MarkedSelectionList).selected),
            guests=parse_guests(self.query_one("#guests", TextArea).text),
            findings=tuple(findings),
        )

    def _error(self, error: IkmError | None) -> None:
        self.query_one("#error", Static).update(error.message if error else "")

    def action_save(self) -> None:
        user = self.ikm_app.user
        if self.check_action("save", ()) is not True or user is None or self.data is None:
            return
        try:
            data = self.collect()
        except ValidationError as error:
            self._error(error)
            return
        meeting = self.data.meeting
        service = self.ikm_app.services.meeting

        def saved(record: MeetingRecord) -> None:
            self._error(None)
            self.filled_from = record.id
            self.notify("Catatan rapat disimpan.", title="Rapat")
            self.reload()

        run_service(
            self,
            lambda: service.save(self.period_id, user, data, meeting.id if meeting else None),
            saved,
            on_error=self._error,
            group="meeting-save",
        )

    def action_finish(self) -> None:
        user = self.ikm_app.user
        if self.check_action("finish", ()) is not True or user is None:
            return
        workflow, step = self.ikm_app.services.workflow, sop.action_step("rapat")

        def done(_result: object) -> None:
            self.notify(f"Langkah {step} selesai.", title="Rapat")
            self.app.pop_screen()

        run_service(
            self, lambda: workflow.advance(self.period_id, step, user), done, on_error=self._error
        )

    def action_back(self) -> None:
        self.app.pop_screen()
