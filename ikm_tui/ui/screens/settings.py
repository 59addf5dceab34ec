"""Provides SettingsScreen ("Pengaturan", Admin only): users, the office kop, the jenis layanan,
the office's days off and the Word templates of the documents.

Four tabs (keys 1-4): Pengguna (T tambah, E/Enter ubah, D nonaktifkan/aktifkan, K reset
kata sandi), Kantor (E ubah kop), Jenis layanan (T tambah, E/Enter ubah, D nonaktifkan/
aktifkan, [ ] urutan) and Hari libur (this year's and next year's national holidays and cuti
bersama with the office's own days off; T tambah, E/Enter ubah keterangan, D hapus) and
Templat (X ekspor, P pasang, B bawaan; settings_templates.py). Dialogs collect the input; every service call runs in a thread worker
and the services enforce the Admin-only rules again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from ikm_tui.domain.formatting import hari_tanggal
from ikm_tui.domain.nip import format_nip
from ikm_tui.domain.sop import ADMIN, ROLE_NAMES, ROLES
from ikm_tui.persistence.records import (
    ComplaintClassRecord,
    OfficeRecord,
    ServiceTypeRecord,
    UserRecord,
)
from ikm_tui.services.calendar import DayOffLine
from ikm_tui.services.registry import Services
from ikm_tui.ui.screens import settings_actions as act
from ikm_tui.ui.screens import settings_complaints as cls
from ikm_tui.ui.screens import settings_templates as tpl
from ikm_tui.ui.screens.base import DataScreen
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.widgets.tables import Col, RecordTable
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from textual.app import App

    from ikm_tui.services.templates import TemplateStatus

USERS, OFFICE, SERVICES, DAYS_OFF = "tab-users", "tab-office", "tab-services", "tab-days-off"
TEMPLATES = "tab-templates"
COMPLAINT_CLASSES = "tab-complaint-classes"
TAB_ACTIONS = {
    "add": (USERS, SERVICES, DAYS_OFF, COMPLAINT_CLASSES),
    "edit": (USERS, OFFICE, SERVICES, DAYS_OFF, COMPLAINT_CLASSES),
    "toggle_active": (USERS, SERVICES),
    "remove": (DAYS_OFF, COMPLAINT_CLASSES),
    "reset_password": (USERS,),
    "move": (SERVICES,),
    "export_template": (TEMPLATES,),
    "install_template": (TEMPLATES,),
    "reset_template": (TEMPLATES,),
}


@dataclass(frozen=True)
class SettingsData:
    """Everything the settings screen shows, loaded in one worker call."""

    users: list[UserRecord]
    office: OfficeRecord | None
    service_types: list[ServiceTypeRecord]
    days_off: list[DayOffLine]
    templates: list[TemplateStatus]
    complaint_classes: list[ComplaintClassRecord] = field(default_factory=list)


def is_admin(user: UserRecord | None) -> bool:
    return user is not None and user.has_role(ADMIN) and not user.disabled


def role_text(user: UserRecord) -> str:
    return ", ".join(ROLE_NAMES[r] for r in ROLES if user.has_role(r))


def office_text(office: OfficeRecord | None) -> str:
    if office is None:
        return "Identitas kantor belum diisi. Tekan E untuk mengisi kop."
    lines = [
        ("Pemerintah", office.pemerintah),
        ("Nama unit", office.nama_unit),
        ("Alamat", office.alamat),
        ("Telepon", office.telepon),
        ("Faks", office.faks),
        ("Email", office.email),
        ("Website", office.website),
        ("Kota", office.kota),
        ("Kode pos", office.kode_pos),
        ("Kode unit", office.kode_unit),
        ("Logo", office.logo_path),
        ("Ukuran kertas", office.paper_size),
    ]
    return (
        "\n".join(f"{label:<14}{value or '-'}" for label, value in lines)
        + "\n\nTekan E untuk mengubah kop yang dicetak pada setiap dokumen."
    )


class UserTable(RecordTable):
    """Nama pengguna, Nama lengkap, NIP, Peran, Status."""

    COLUMNS = (
        Col("Pengguna", 8, grow=1),  # a user name may have up to 64 characters
        Col("Nama lengkap", 22, grow=3),
        Col("NIP", 21),
        Col("Peran", 10, grow=1),
        Col("Status", 8),
    )

    def show(self, users: list[UserRecord]) -> None:
        self.replace_rows(
            [
                (
                    u.username,
                    [
                        self.cell(u.username),
                        self.cell(u.full_name),
                        self.cell(format_nip(u.nip) or "-"),
                        self.cell(role_text(u)),
                        self.cell("nonaktif" if u.disabled else "aktif"),
                    ],
                )
                for u in users
            ]
        )


class ServiceTypeTable(RecordTable):
    """No, Kode, Jenis layanan, Status (the office's order)."""

    COLUMNS = (Col("No", 3), Col("Kode", 6), Col("Jenis layanan", 30, grow=1), Col("Status", 8))

    def show(self, service_types: list[ServiceTypeRecord]) -> None:
        self.replace_rows(
            [
                (
                    str(s.id),
                    [
                        self.cell(str(n)),
                        self.cell(s.kode),
                        self.cell(s.nama),
                        self.cell("aktif" if s.active else "nonaktif"),
                    ],
                )
                for n, s in enumerate(service_types, start=1)
            ]
        )


class DayOffTable(RecordTable):
    """Tanggal, Jenis (nasional | kantor), Keterangan."""

    COLUMNS = (Col("Tanggal", 26), Col("Jenis", 8), Col("Keterangan", 20, grow=1))

    def show(self, lines: list[DayOffLine]) -> None:
        self.replace_rows(
            [
                (
                    f"{line.tanggal.isoformat()}-{line.jenis}",
                    [
                        self.cell(hari_tanggal(line.tanggal)),
                        self.cell(line.jenis),
                        self.cell(line.keterangan),
                    ],
                )
                for line in lines
            ]
        )


class SettingsScreen(DataScreen[SettingsData]):
    """Pengaturan: the Admin's users, office identity and jenis layanan."""

    CSS_PATH = "settings.tcss"
    AUTO_FOCUS = "#users"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("1", "tab('tab-users')", "Pengguna", show=False),
        Binding("2", "tab('tab-office')", "Kantor", show=False),
        Binding("3", "tab('tab-services')", "Layanan", show=False),
        Binding("4", "tab('tab-days-off')", "Hari libur", show=False),
        Binding("5", "tab('tab-templates')", "Templat", show=False),
        Binding("6", "tab('tab-complaint-classes')", "Kelas keluhan", show=False),
        Binding("t", "add", "Tambah"),
        Binding("e", "edit", "Ubah"),
        Binding("d", "toggle_active", "Aktif/nonaktif"),
        Binding("d", "remove", "Hapus"),
        Binding("k", "reset_password", "Reset sandi"),
        Binding("left_square_bracket", "move(-1)", "Naik"),
        Binding("right_square_bracket", "move(1)", "Turun"),
        Binding("x", "export_template", "Ekspor"),
        Binding("p", "install_template", "Pasang"),
        Binding("b", "reset_template", "Bawaan"),
        Binding("r", "reload", "Muat ulang", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=USERS, id="tabs"):
            with TabPane("1 Pengguna", id=USERS):
                yield UserTable(id="users")
            with TabPane("2 Kantor", id=OFFICE):
                yield Static("Memuat…", id="office", markup=False)
            with TabPane("3 Jenis layanan", id=SERVICES):
                yield ServiceTypeTable(id="service-types")
                yield Static("", id="no-services", markup=False)
            with TabPane("4 Hari libur", id=DAYS_OFF):
                yield DayOffTable(id="days-off")
            with TabPane("5 Templat", id=TEMPLATES):
                yield tpl.TemplateTable(id="templates")
            with TabPane("6 Kelas keluhan", id=COMPLAINT_CLASSES):
                yield cls.ComplaintClassTable(id="complaint-classes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Pengaturan"
        super().on_mount()

    def load(self, services: Services, user: UserRecord) -> SettingsData:
        year = services.clock().year
        return SettingsData(
            services.users.list(),
            services.office.get(),
            services.periods.service_types(active_only=False),
            services.calendar.year_days_off(range(year, year + 2)),
            services.templates.list(),
            services.complaints.classes(),
        )

    def show(self, data: SettingsData) -> None:
        self.query_one(UserTable).show(data.users)
        self.query_one("#office", Static).update(office_text(data.office))
        self.query_one(ServiceTypeTable).show(data.service_types)
        self.query_one(DayOffTable).show(data.days_off)
        self.query_one(tpl.TemplateTable).show(data.templates)
        self.query_one(cls.ComplaintClassTable).show(data.complaint_classes)
        self.query_one("#no-services", Static).update(
            ""
            if data.service_types
            else "Belum ada jenis layanan. Tekan T untuk menambah; "
            "Staf memilihnya saat membuat periode survei."
        )

    # -- tabs and gating -------------------------------------------------------------------

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    def _focus_tab(self, tab: str) -> None:
        tables = {USERS: "#users", SERVICES: "#service-types", DAYS_OFF: "#days-off"}
        table = (tables | {TEMPLATES: "#templates", COMPLAINT_CLASSES: "#complaint-classes"}).get(
            tab
        )
        if table is not None:
            self.query_one(table, DataTable).focus()
        else:
            self.set_focus(None)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in TAB_ACTIONS:
            if not is_admin(self.ikm_app.user):
                return False
            return self.tab in TAB_ACTIONS[action]
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    # -- calling the services --------------------------------------------------------------

    def call(self, job: Callable[[UserRecord], object], message: str) -> None:
        """Run `job(admin)` in a worker; on success notify `message` and reload."""
        user = self.ikm_app.user
        if user is None:
            return

        def done(_result: object) -> None:
            self.notify(message, title="Pengaturan")
            self.reload()

        run_service(self, lambda: job(user), done, group="settings-save")

    def selected_user(self) -> UserRecord | None:
        key = self.query_one(UserTable).selected_key()
        users = self.data.users if self.data is not None else []
        return next((u for u in users if u.username == key), None)

    def selected_service(self) -> ServiceTypeRecord | None:
        key = self.query_one(ServiceTypeTable).selected_key()
        items = self.data.service_types if self.data is not None else []
        return next((s for s in items if str(s.id) == key), None)

    def selected_day_off(self) -> DayOffLine | None:
        key = self.query_one(DayOffTable).selected_key()
        lines = self.data.days_off if self.data is not None else []
        return next((d for d in lines if f"{d.tanggal.isoformat()}-{d.jenis}" == key), None)

    def _allowed(self, action: str) -> bool:
        return self.check_action(action, ()) is True

    def selected_class(self) -> ComplaintClassRecord | None:
        key = self.query_one(cls.ComplaintClassTable).selected_key()
        items = self.data.complaint_classes if self.data is not None else []
        return next((c for c in items if c.nama == key), None)

    def action_add(self) -> None:
        if not self._allowed("add"):
            return
        if self.tab == COMPLAINT_CLASSES:
            cls.edit_class(self, None)
            return
        {USERS: act.add_user, SERVICES: act.add_service, DAYS_OFF: act.add_day_off}[self.tab](self)

    def action_edit(self) -> None:
        if not self._allowed("edit"):
            return
        if self.tab == USERS:
            act.edit_user(self, self.selected_user())
        elif self.tab == OFFICE:
            act.edit_office(self)
        elif self.tab == DAYS_OFF:
            act.edit_day_off(self, self.selected_day_off())
        elif self.tab == COMPLAINT_CLASSES:
            cls.edit_class(self, self.selected_class())
        else:
            act.edit_service(self, self.selected_service())

    def action_toggle_active(self) -> None:
        if not self._allowed("toggle_active"):
            return
        if self.tab == USERS:
            act.toggle_user(self, self.selected_user())
        else:
            act.toggle_service(self, self.selected_service())

    def action_remove(self) -> None:
        if not self._allowed("remove"):
            return
        if self.tab == COMPLAINT_CLASSES:
            cls.remove_class(self, self.selected_class())
        else:
            act.remove_day_off(self, self.selected_day_off())

    def action_reset_password(self) -> None:
        if self._allowed("reset_password"):
            act.reset_password(self, self.selected_user())

    def action_move(self, offset: int) -> None:
        service = self.selected_service()
        if service is None or not self._allowed("move"):
            return
        periods = self.ikm_app.services.periods
        table = self.query_one(ServiceTypeTable)

        def moved(_result: object) -> None:
            self.reload()
            table.focus()

        user = self.ikm_app.user
        if user is not None:
            run_service(
                self,
                lambda: periods.move_service_type(service.id, offset, user),
                moved,
                group="settings-save",
            )

    def selected_template(self) -> TemplateStatus | None:
        key = self.query_one(tpl.TemplateTable).selected_key()
        items = self.data.templates if self.data is not None else []
        return next((t for t in items if t.kind == key), None)

    def action_export_template(self) -> None:
        if self._allowed("export_template"):
            tpl.export_template(self, self.selected_template())

    def action_install_template(self) -> None:
        if self._allowed("install_template"):
            tpl.install_template(self, self.selected_template())

    def action_reset_template(self) -> None:
        if self._allowed("reset_template"):
            tpl.reset_template(self, self.selected_template())

    def action_back(self) -> None:
        self.app.pop_screen()


def open_settings(app: App[Any]) -> None:
    """Open Pengaturan for an active Admin (anyone else is told it is the Admin's)."""
    user = getattr(app, "user", None)
    if not is_admin(user):
        app.notify("Pengaturan hanya untuk Admin.", title="Tidak berwenang", severity="warning")
        return
    if not isinstance(app.screen, SettingsScreen):
        app.push_screen(SettingsScreen())
