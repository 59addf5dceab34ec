"""Provides ComplaintsScreen: the Buku Register Keluhan Pelanggan with its filters and search,
and the keys that record a complaint (one dialog, keyboard only), dispose it to a staff member,
write the answer, close it with the complainant's confirmation, link a PTPP, and (opened from a
period at the PTPP step, as Staf) raise a PTPP from the selected complaint, which links it.

Opened from the dashboard (every complaint) or from a period (complaints received within its
dates). Overdue complaints say "Terlambat" in the status column, in the error colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Input, Label, Static

from ikm_tui.domain import complaints as rules
from ikm_tui.domain import sop
from ikm_tui.domain.formatting import parse_date, tanggal, waktu
from ikm_tui.domain.regimes import DEFAULT_REGIME, get_regime, unsur_label
from ikm_tui.persistence.records import (
    ComplaintClassRecord,
    ComplaintRecord,
    PeriodRecord,
    PtppRecord,
    ServiceTypeRecord,
    UserRecord,
)
from ikm_tui.services.complaints import COMPLAINT_ROLES, ComplaintFilter
from ikm_tui.services.ptpp import PtppInput
from ikm_tui.services.registry import Services
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.screens.ptpp import form_users
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.tables import LATE, Col, RecordTable
from ikm_tui.ui.worker import run_service

STATUS_CYCLE = ("", *rules.STATUSES)
UNSUR = get_regime(DEFAULT_REGIME).unsur


def unsur_key(text: str) -> str | None:
    """ "U3" or "waktu" -> the unsur key; "" -> ""; None when unknown."""
    text = text.strip()
    if not text:
        return ""
    for unsur in UNSUR:
        if text.upper() == unsur.kode or text.lower() == unsur.key:
            return unsur.key
    return None


def unsur_text(key: str) -> str:
    return unsur_label(key)


@dataclass(frozen=True)
class ComplaintsData:
    """The register as filtered, with what the dialogs offer."""

    records: list[ComplaintRecord]
    period: PeriodRecord | None
    service_types: list[ServiceTypeRecord]
    classes: list[ComplaintClassRecord]
    staff: list[UserRecord]
    ptpps: list[tuple[int, str]]
    can_act: bool
    raise_ptpp: bool | None = False  # True: T raises a PTPP; None: not now (why in `why_not`)
    why_not: str = ""
    pic_users: list[UserRecord] = field(default_factory=list)


class ComplaintTable(RecordTable):
    """No. keluhan, Diterima, Pelapor, Uraian, Status, Batas waktu."""

    COLUMNS = (
        Col("No. keluhan", 12),
        Col("Diterima", 10, shown_from=100),  # the detail under the table has it too
        Col("Pelapor", 10, grow=1),
        Col("Uraian", 17, grow=3),
        Col("Status", 9),
        Col("Batas", 10),
    )

    def show(self, records: list[ComplaintRecord]) -> None:
        self.replace_rows([(str(r.id), self._cells(r)) for r in records])

    def _cells(self, record: ComplaintRecord) -> list[str | Text]:
        status = LATE if record.overdue else rules.STATUS_TEXT.get(record.status, record.status)
        deadline = f"{record.batas_waktu:%d-%m-%Y}" if record.batas_waktu else "-"
        return [
            self.cell(record.nomor),
            self.cell(f"{record.received_at:%d-%m-%Y}"),
            self.cell(rules.pelapor_text(record.pelapor_nama)),
            self.cell(record.uraian),
            self.cell(status, record.overdue),
            self.cell(deadline, record.overdue),
        ]


def complaint_detail(record: ComplaintRecord) -> str:
    channel = record.saluran + (f" ({record.lapor_ticket})" if record.lapor_ticket else "")
    lines = [
        f"{record.nomor}, {waktu(record.received_at)}, {channel}; pelapor "
        f"{rules.pelapor_text(record.pelapor_nama)}; {record.service_name or 'layanan -'}",
        f"Uraian: {record.uraian}",
        f"Unsur {unsur_text(record.unsur_key)}; kelas {record.kelas} ({record.target_hari} hari "
        f"kerja, batas {tanggal(record.batas_waktu)}); "
        + (f"disposisi: {record.diteruskan_ke}" if record.diteruskan_ke else "belum didisposisi"),
    ]
    if record.status == rules.SELESAI:
        late = f" ({LATE})" if record.overdue else ""
        lines.append(
            f"Selesai {waktu(record.selesai_at)}, {record.lama_hari} hari kerja{late}; "
            f"konfirmasi: {record.konfirmasi}"
        )
    elif record.tanggapan:
        lines.append(f"Tanggapan: {record.tanggapan}")
    if record.ptpp_nomor or record.ptpp_document_id:
        lines.append(f"Ditindaklanjuti dengan PTPP No. {record.ptpp_nomor or '-'}")
    return "\n".join(lines)


RECORD_FIELDS = (
    "Tanggal (HH-BB-TTTT)",
    "Jam (JJ.MM)",
    "Saluran (1-7)",
    "No. tiket SP4N-LAPOR!",
    "Nama pelapor",
    "Alamat pelapor",
    "No. HP pelapor",
    "Jenis layanan (kode)",
    "Uraian keluhan",
    "Harapan pelapor",
    "Klasifikasi",
    "Unsur terkait (U1-U9)",
    "Tindakan segera",
    "Kelas penyelesaian",
)
SALURAN_NOTE = "Saluran: " + ", ".join(f"{i} {name}" for i, name in enumerate(rules.SALURAN, 1))


def complaint_input(
    values: list[str], service_types: list[ServiceTypeRecord], classes: list[ComplaintClassRecord]
) -> tuple[str, rules.ComplaintInput | None]:
    """The typed record dialog as a ComplaintInput, or the first problem to show."""
    day = parse_date(values[0])
    at = rules.parse_time(values[1])
    if day is None:
        return "Tanggal diterima tidak valid (HH-BB-TTTT).", None
    if at is None:
        return "Jam diterima tidak valid (JJ.MM).", None
    channel = values[2].strip()
    if not channel.isdigit() or not 1 <= int(channel) <= len(rules.SALURAN):
        return f"Saluran: ketik 1-{len(rules.SALURAN)}.", None
    service_id = None
    if values[7].strip():
        match = [s for s in service_types if s.kode.lower() == values[7].strip().lower()]
        if not match:
            codes = ", ".join(s.kode for s in service_types)
            return f"Kode jenis layanan tidak dikenal (pilihan: {codes}).", None
        service_id = match[0].id
    key = unsur_key(values[11])
    if key is None:
        return "Unsur terkait: ketik U1-U9 atau kosongkan.", None
    kelas = values[13].strip() or rules.DEFAULT_CLASS
    known = {c.nama.lower(): c.nama for c in classes}
    if kelas.lower() not in known:
        return f"Kelas tidak dikenal (pilihan: {', '.join(known.values())}).", None
    data = rules.ComplaintInput(
        received_at=dt.datetime.combine(day, at),
        saluran=rules.SALURAN[int(channel) - 1],
        uraian=values[8],
        lapor_ticket=values[3],
        pelapor_nama=values[4],
        pelapor_alamat=values[5],
        pelapor_hp=values[6],
        service_type_id=service_id,
        harapan=values[9],
        klasifikasi=values[10],
        unsur_key=key,
        tindakan_segera=values[12],
        kelas=known[kelas.lower()],
    )
    problems = rules.problems(data)
    return (problems[0] if problems else ""), data


class ComplaintsScreen(DataScreen[ComplaintsData]):
    """The complaint register (of a period, or every complaint)."""

    CSS_PATH = "complaints.tcss"
    AUTO_FOCUS = "#complaints"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("n", "record", "Catat"),
        Binding("d", "dispose", "Disposisi"),
        Binding("w", "respond", "Jawab"),
        Binding("c", "close", "Selesai"),
        Binding("p", "link_ptpp", "PTPP", show=False),
        Binding("t", "raise_ptpp", "PTPP baru", show=False),
        Binding("s", "cycle_status", "Status", show=False),
        Binding("o", "toggle_overdue", "Terlambat", show=False),
        Binding("f", "filter", "Filter"),
        Binding("slash", "search", "Cari"),
        Binding("x", "export_form", "Ekspor formulir", show=False),
        Binding("g", "export_register", "Ekspor register", show=False),
        Binding("r", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int | None = None) -> None:
        super().__init__()
        self.period_id = period_id
        self.flt = ComplaintFilter()
        self.overdue_only = False
        self.select_id: int | None = None  # the complaint to put the cursor on after a reload

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Register keluhan", id="complaints-title", classes="section-title")
        yield Input(placeholder="Cari nomor, pelapor, uraian, tiket (Enter)", id="search")
        yield ComplaintTable(id="complaints")
        with VerticalScroll(id="complaint-detail-box"):  # as tall as the detail, at most half
            yield Static("", id="complaint-detail", markup=False)
        yield Static(
            "X ekspor formulir; G ekspor register; T PTPP dari keluhan; P kaitkan PTPP",
            id="export-status",
        )
        yield KeyFooter()

    # -- data -------------------------------------------------------------------------------

    def load(self, services: Services, user: UserRecord) -> ComplaintsData:
        complaints = services.complaints
        period = services.periods.get(self.period_id) if self.period_id is not None else None
        flt = self.flt
        if period is not None:
            flt = complaints.period_filter(
                period.id,
                status=flt.status,
                service_type_id=flt.service_type_id,
                unsur_key=flt.unsur_key,
                search=flt.search,
            )
        can_act = not user.disabled and any(user.has_role(r) for r in COMPLAINT_ROLES)
        raise_ptpp, why_not = self._raise_ptpp(services, user, period)
        return ComplaintsData(
            complaints.list(flt, overdue_only=self.overdue_only),
            period,
            services.periods.service_types(),
            complaints.classes(),
            complaints.staff() if can_act else [],
            complaints.ptpp_choices() if can_act else [],
            can_act,
            raise_ptpp,
            why_not,
            form_users(services) if raise_ptpp else [],
        )

    @staticmethod
    def _raise_ptpp(
        services: Services, user: UserRecord, period: PeriodRecord | None
    ) -> tuple[bool | None, str]:
        """Whether T may raise a PTPP from a complaint now: the Staf, from a period standing
        at the PTPP step (the PTPP belongs to that period)."""
        if user.disabled or not user.has_role(sop.STAF):
            return False, ""
        if period is None:
            return None, "Buka register keluhan dari periode yang sedang menetapkan PTPP (O)."
        if services.workflow.can(user, "ptpp", period.id) is True:
            return True, ""
        return None, services.workflow.why_not(user, "ptpp", period.id)

    def show(self, data: ComplaintsData) -> None:
        where = (
            f"{data.period.name} ({data.period.start_date:%d-%m-%Y} s.d. "
            f"{data.period.end_date:%d-%m-%Y})"
            if data.period
            else "semua"
        )
        overdue = sum(r.overdue and r.status != rules.SELESAI for r in data.records)
        self.query_one("#complaints-title", Label).update(
            f"Register keluhan, {where}: {len(data.records)} keluhan"
            + (f", {overdue} terlambat" if overdue else "")
            + self._filter_text(data)
        )
        table = self.query_one(ComplaintTable)
        table.show(data.records)
        ids = [r.id for r in data.records]
        if self.select_id in ids:
            table.move_cursor(row=ids.index(self.select_id))
        self.select_id = None
        if not data.records:
            self.query_one("#complaint-detail", Static).update(
                "Tidak ada keluhan"
                + (" yang cocok dengan filter." if self._filtered() else ".")
                + (" Tekan N untuk mencatat keluhan." if data.can_act else "")
            )
        else:
            self._show_detail()

    def _filtered(self) -> bool:
        f = self.flt
        return bool(f.status or f.search or f.unsur_key or f.service_type_id or self.overdue_only)

    def _filter_text(self, data: ComplaintsData) -> str:
        parts = []
        if self.flt.status:
            parts.append(rules.STATUS_TEXT[self.flt.status])
        if self.overdue_only:
            parts.append("terlambat")
        if self.flt.service_type_id is not None:
            parts.append(
                next((s.kode for s in data.service_types if s.id == self.flt.service_type_id), "?")
            )
        if self.flt.unsur_key:
            parts.append(unsur_text(self.flt.unsur_key).split(" ")[0])
        if self.flt.search:
            parts.append(f'"{self.flt.search}"')
        return f" [filter: {', '.join(parts)}]" if parts else ""

    def selected(self) -> ComplaintRecord | None:
        key = self.query_one(ComplaintTable).selected_key()
        if self.data is None or key is None:
            return None
        return next((r for r in self.data.records if str(r.id) == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        record = self.selected()
        if record is not None:
            self.query_one("#complaint-detail", Static).update(complaint_detail(record))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "raise_ptpp":
            if self.data is None or not self.data.raise_ptpp:
                return None if self.data is None else self.data.raise_ptpp
            return True if self.selected() is not None else None
        if action in ("record", "dispose", "respond", "close", "link_ptpp"):
            if self.data is None or not self.data.can_act:
                return False
            if action == "record":
                return True
            record = self.selected()
            if record is None:
                return None
            if action != "link_ptpp" and record.status == rules.SELESAI:
                return None
        return True

    # -- filters ----------------------------------------------------------------------------

    def action_cycle_status(self) -> None:
        index = STATUS_CYCLE.index(self.flt.status)
        self.flt = replace(self.flt, status=STATUS_CYCLE[(index + 1) % len(STATUS_CYCLE)])
        self.reload()

    def action_toggle_overdue(self) -> None:
        self.overdue_only = not self.overdue_only
        self.reload()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.stop()
            self.flt = replace(self.flt, search=event.value.strip())
            self.query_one(ComplaintTable).focus()
            self.reload()

    def action_filter(self) -> None:
        from ikm_tui.ui.dialogs.fields import FieldsDialog

        if self.data is None:
            return
        data = self.data
        current = next((s.kode for s in data.service_types if s.id == self.flt.service_type_id), "")
        unsur = next((u.kode for u in UNSUR if u.key == self.flt.unsur_key), "")

        def check(values: list[str]) -> str:
            code = values[0].strip().lower()
            if code and not any(s.kode.lower() == code for s in data.service_types):
                return f"Kode tidak dikenal (pilihan: {', '.join(s.kode for s in data.service_types)})."
            if unsur_key(values[1]) is None:
                return "Unsur: ketik U1-U9."
            if values[2].strip().lower() not in ("", *rules.STATUSES):
                return "Status: baru, diproses atau selesai."
            return (
                "" if values[3].strip().lower() in ("", "y", "t") else "Terlambat saja: y atau t."
            )

        def apply(values: list[str] | None) -> None:
            if values is None:
                return
            code = values[0].strip().lower()
            service = next((s.id for s in data.service_types if s.kode.lower() == code), None)
            self.flt = replace(
                self.flt,
                service_type_id=service,
                unsur_key=unsur_key(values[1]) or "",
                status=values[2].strip().lower(),
            )
            self.overdue_only = values[3].strip().lower() == "y"
            self.reload()

        self.app.push_screen(
            FieldsDialog(
                "Filter register keluhan",
                [
                    ("Jenis layanan (kode)", current),
                    ("Unsur (U1-U9)", unsur),
                    ("Status", self.flt.status),
                    ("Terlambat saja (y/t)", "y" if self.overdue_only else "t"),
                ],
                note="Kosongkan untuk semua. Pintasan: S ganti status, O terlambat saja.",
                check=check,
                inline=True,
                save_label="Terapkan",
            ),
            apply,
        )

    # -- actions ----------------------------------------------------------------------------

    def action_raise_ptpp(self) -> None:
        """A PTPP of the period raised from the selected complaint (part 1 prefilled); saving
        it links the complaint to it in the same transaction."""
        from ikm_tui.ui.dialogs.ptpp_form import PtppFormScreen

        record, user, data = self.selected(), self.ikm_app.user, self.data
        if data is None or user is None or data.period is None or record is None:
            if data is not None and data.why_not:
                self.notify(data.why_not, title="PTPP baru", severity="warning")
            return
        if self.check_action("raise_ptpp", ()) is not True:
            return
        period_id, service = data.period.id, self.ikm_app.services.ptpp

        def saved(value: PtppInput | None) -> None:
            if value is None:
                return
            run_service(
                self,
                lambda: service.create(period_id, user, value),
                created,
                group="complaint-ptpp",
            )

        def created(ptpp: PtppRecord) -> None:
            self.notify(
                f"PTPP {ptpp.nomor} dibuat; keluhan {record.nomor} dikaitkan dengannya. "
                "Lengkapi dan tanda tangani di layar PTPP (F pada periode).",
                title="PTPP",
            )
            self.select_id = record.id
            self.reload()

        def open_form(draft: PtppInput) -> None:
            title = f"PTPP baru dari keluhan {record.nomor}"
            self.app.push_screen(PtppFormScreen(title, draft, data.pic_users), saved)

        run_service(
            self, lambda: service.from_complaint(period_id, record.id), open_form, group="ptpp-form"
        )

    def _run(self, call: Callable[[], ComplaintRecord], done: str) -> None:
        def finished(record: ComplaintRecord) -> None:
            self.notify(done.format(nomor=record.nomor), title="Keluhan")
            self.select_id = record.id
            self.reload()

        run_service(self, call, finished, group="complaint")

    def action_record(self) -> None:
        from ikm_tui.ui.dialogs.fields import FieldsDialog

        if self.check_action("record", ()) is not True or self.data is None:
            return
        data, user = self.data, self.ikm_app.user
        now = self.ikm_app.services.clock()
        defaults = [f"{now:%d-%m-%Y}", f"{now:%H.%M}", "1", *[""] * 10, rules.DEFAULT_CLASS]
        classes = ", ".join(f"{c.nama} {c.hari} hari" for c in data.classes)

        def save(values: list[str] | None) -> None:
            if values is None or user is None:
                return
            _, complaint = complaint_input(values, data.service_types, data.classes)
            assert complaint is not None
            self._run(
                lambda: self.ikm_app.services.complaints.record(complaint, user),
                "Keluhan {nomor} dicatat.",
            )

        self.app.push_screen(
            FieldsDialog(
                "Catat keluhan (Form Catatan Keluhan Pelanggan)",
                list(zip(RECORD_FIELDS, defaults, strict=True)),
                note=f"{SALURAN_NOTE}. Nama kosong = anonim. Kelas: {classes}.",
                check=lambda values: complaint_input(values, data.service_types, data.classes)[0],
                inline=True,
            ),
            save,
        )

    def action_dispose(self) -> None:
        from ikm_tui.ui.dialogs.fields import FieldsDialog

        record, user = self.selected(), self.ikm_app.user
        if self.check_action("dispose", ()) is not True or record is None or self.data is None:
            return
        staff = self.data.staff
        names = "; ".join(f"{i} {u.full_name}" for i, u in enumerate(staff, 1))

        def check(values: list[str]) -> str:
            choice = values[0].strip()
            if not choice.isdigit() or not 1 <= int(choice) <= len(staff):
                return f"Ketik nomor pegawai 1-{len(staff)}."
            return ""

        def save(values: list[str] | None) -> None:
            if values is None or user is None:
                return
            target = staff[int(values[0]) - 1]
            self._run(
                lambda: self.ikm_app.services.complaints.dispose(
                    record.id, target.id, user, values[1]
                ),
                "Keluhan {nomor} didisposisikan.",
            )

        self.app.push_screen(
            FieldsDialog(
                f"Disposisi keluhan {record.nomor}",
                [("Kepada (nomor)", ""), ("Catatan disposisi", "")],
                note=f"Pegawai: {names}",
                check=check,
                inline=True,
            ),
            save,
        )

    def action_respond(self) -> None:
        from ikm_tui.ui.dialogs.fields import FieldsDialog

        record, user = self.selected(), self.ikm_app.user
        if self.check_action("respond", ()) is not True or record is None:
            return

        def save(values: list[str] | None) -> None:
            if values is None or user is None:
                return
            self._run(
                lambda: self.ikm_app.services.complaints.respond(
                    record.id, user, tanggapan=values[0], tindak_lanjut=values[1]
                ),
                "Tanggapan keluhan {nomor} disimpan.",
            )

        self.app.push_screen(
            FieldsDialog(
                f"Tanggapan keluhan {record.nomor}",
                [
                    ("Tanggapan ke pelapor", record.tanggapan),
                    ("Tindak lanjut", record.tindak_lanjut),
                ],
                check=lambda v: "" if v[0].strip() else "Tanggapan wajib diisi.",
                inline=True,
            ),
            save,
        )

    def action_close(self) -> None:
        from ikm_tui.ui.dialogs.fields import FieldsDialog

        record, user = self.selected(), self.ikm_app.user
        if self.check_action("close", ()) is not True or record is None:
            return
        hint = (
            "Pelapor anonim: tulis di mana tanggapan diumumkan."
            if record.anonim
            else "Konfirmasi: bagaimana dan kapan pelapor menerima tanggapan, dan jawabannya."
        )

        def check(values: list[str]) -> str:
            if not values[0].strip():
                return "Tanggapan ke pelapor wajib diisi."
            return "" if values[2].strip() else "Konfirmasi ke pelapor wajib diisi."

        def save(values: list[str] | None) -> None:
            if values is None or user is None:
                return
            self._run(
                lambda: self.ikm_app.services.complaints.close(
                    record.id,
                    user,
                    tanggapan=values[0],
                    tindak_lanjut=values[1],
                    konfirmasi=values[2],
                ),
                "Keluhan {nomor} selesai.",
            )

        self.app.push_screen(
            FieldsDialog(
                f"Selesaikan keluhan {record.nomor}",
                [
                    ("Tanggapan ke pelapor", record.tanggapan),
                    ("Tindak lanjut", record.tindak_lanjut),
                    ("Konfirmasi ke pelapor", ""),
                ],
                note=hint,
                check=check,
                inline=True,
                save_label="Selesai",
            ),
            save,
        )

    def action_link_ptpp(self) -> None:
        from ikm_tui.ui.dialogs.fields import FieldsDialog

        record, user = self.selected(), self.ikm_app.user
        if self.check_action("link_ptpp", ()) is not True or record is None or self.data is None:
            return
        ptpps = self.data.ptpps
        if not ptpps:
            self.notify("Belum ada PTPP untuk dikaitkan.", title="PTPP", severity="warning")
            return
        choices = "; ".join(f"{i} {label}" for i, (_, label) in enumerate(ptpps, 1))

        def check(values: list[str]) -> str:
            choice = values[0].strip()
            ok = choice.isdigit() and 1 <= int(choice) <= len(ptpps)
            return "" if ok else f"Ketik nomor 1-{len(ptpps)}."

        def save(values: list[str] | None) -> None:
            if values is None or user is None:
                return
            document_id = ptpps[int(values[0]) - 1][0]
            self._run(
                lambda: self.ikm_app.services.complaints.link_ptpp(record.id, document_id, user),
                "Keluhan {nomor} dikaitkan dengan PTPP.",
            )

        self.app.push_screen(
            FieldsDialog(
                f"Kaitkan keluhan {record.nomor} dengan PTPP",
                [("PTPP (nomor pilihan)", "")],
                note=f"PTPP: {choices}",
                check=check,
                inline=True,
            ),
            save,
        )

    def action_export_form(self) -> None:
        from ikm_tui.ui.screens.export_flow import ask_export

        record = self.selected()
        if record is not None:
            ask_export(self, "keluhan", record.id, draft=False)

    def action_export_register(self) -> None:
        """The register of the period shown, or of this calendar year."""
        from ikm_tui.services.complaint_documents import year_key
        from ikm_tui.ui.screens.export_flow import ask_export

        key = self.period_id
        if key is None:
            key = year_key(self.ikm_app.services.clock().year)
        ask_export(self, "register-keluhan", key, draft=False)

    def action_back(self) -> None:
        if self.focused is self.query_one("#search", Input):
            self.query_one(ComplaintTable).focus()
            return
        self.app.pop_screen()
