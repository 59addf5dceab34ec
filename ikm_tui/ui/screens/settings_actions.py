"""Provides the settings screen's actions (open a dialog, then call the service with its
result) and the step-1 choice of a period's jenis layanan from the office's list.

Each function takes the SettingsScreen; `screen.call(job, message)` runs `job(admin)` in a
thread worker, notifies `message` and reloads the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from ikm_tui.domain.formatting import hari_tanggal
from ikm_tui.persistence.records import ServiceTypeRecord, UserRecord
from ikm_tui.services.calendar import OFFICE_DAY_OFF
from ikm_tui.ui.dialogs.day_off_form import DayOffForm, DayOffFormDialog
from ikm_tui.ui.dialogs.office_form import OfficeFormDialog
from ikm_tui.ui.dialogs.service_form import PeriodServicesDialog, ServiceForm, ServiceFormDialog
from ikm_tui.ui.dialogs.user_form import PasswordDialog, UserForm, UserFormDialog
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.services.calendar import DayOffLine
    from ikm_tui.ui.app import IkmApp
    from ikm_tui.ui.screens.settings import SettingsScreen


def add_user(screen: SettingsScreen) -> None:
    users = screen.ikm_app.services.users

    def done(form: UserForm | None) -> None:
        if form is not None:
            screen.call(
                lambda admin: users.add(
                    form.username,
                    form.full_name,
                    form.nip,
                    form.jabatan,
                    form.pangkat,
                    form.roles,
                    form.password,
                    admin,
                ),
                f"Pengguna {form.username} ditambahkan.",
            )

    screen.app.push_screen(UserFormDialog(), done)


def edit_user(screen: SettingsScreen, user: UserRecord | None) -> None:
    if user is None:
        return
    users = screen.ikm_app.services.users

    def done(form: UserForm | None) -> None:
        if form is not None:
            screen.call(
                lambda admin: users.update(
                    user.username,
                    admin,
                    full_name=form.full_name,
                    nip=form.nip,
                    jabatan=form.jabatan,
                    pangkat=form.pangkat,
                    roles=form.roles,
                ),
                f"Data {user.username} disimpan.",
            )

    screen.app.push_screen(UserFormDialog(user), done)


def toggle_user(screen: SettingsScreen, user: UserRecord | None) -> None:
    from ikm_tui.ui.dialogs.confirm import ConfirmDialog

    if user is None:
        return
    users = screen.ikm_app.services.users
    if user.disabled:
        screen.call(
            lambda admin: users.enable(user.username, admin),
            f"Pengguna {user.username} diaktifkan kembali.",
        )
        return

    def done(yes: bool | None) -> None:
        if yes:
            screen.call(
                lambda admin: users.disable(user.username, admin),
                f"Pengguna {user.username} dinonaktifkan.",
            )

    screen.app.push_screen(
        ConfirmDialog(
            "Nonaktifkan pengguna",
            f"{user.full_name} ({user.username}) tidak dapat masuk lagi "
            "sampai diaktifkan kembali. Tanda tangan yang sudah ada tetap sah. Lanjutkan?",
        ),
        done,
    )


def reset_password(screen: SettingsScreen, user: UserRecord | None) -> None:
    if user is None:
        return
    users = screen.ikm_app.services.users

    def done(password: str | None) -> None:
        if password is not None:
            screen.call(
                lambda admin: users.set_password(user.username, password, admin),
                f"Kata sandi {user.username} diganti.",
            )

    screen.app.push_screen(PasswordDialog(user.username), done)


def edit_office(screen: SettingsScreen) -> None:
    office = screen.ikm_app.services.office

    def done(values: dict[str, str | int] | None) -> None:
        if values is not None:
            screen.call(lambda admin: office.update(admin, **values), "Kop kantor disimpan.")

    screen.app.push_screen(OfficeFormDialog(screen.data.office if screen.data else None), done)


def add_service(screen: SettingsScreen) -> None:
    periods = screen.ikm_app.services.periods

    def done(form: ServiceForm | None) -> None:
        if form is not None:
            screen.call(
                lambda admin: periods.add_service_type(form.kode, form.nama, admin),
                f"Jenis layanan {form.kode} {form.nama} ditambahkan.",
            )

    screen.app.push_screen(ServiceFormDialog(), done)


def edit_service(screen: SettingsScreen, service: ServiceTypeRecord | None) -> None:
    if service is None:
        return
    periods = screen.ikm_app.services.periods

    def done(form: ServiceForm | None) -> None:
        if form is not None:
            screen.call(
                lambda admin: periods.update_service_type(
                    service.id, admin, kode=form.kode, nama=form.nama
                ),
                f"Jenis layanan {form.kode} disimpan.",
            )

    screen.app.push_screen(ServiceFormDialog(service), done)


def toggle_service(screen: SettingsScreen, service: ServiceTypeRecord | None) -> None:
    if service is None:
        return
    periods = screen.ikm_app.services.periods
    active = not service.active
    screen.call(
        lambda admin: periods.set_service_type_active(service.id, active, admin),
        f"Jenis layanan {service.kode} {'diaktifkan' if active else 'dinonaktifkan'}.",
    )


def add_day_off(screen: SettingsScreen) -> None:
    calendar = screen.ikm_app.services.calendar

    def done(form: DayOffForm | None) -> None:
        if form is not None:
            screen.call(
                lambda admin: calendar.add_day_off(form.tanggal, form.keterangan, admin),
                f"{hari_tanggal(form.tanggal)} dicatat sebagai hari libur kantor.",
            )

    screen.app.push_screen(DayOffFormDialog(), done)


def _office_day(screen: SettingsScreen, line: DayOffLine | None) -> bool:
    """Only the office's own days off can be changed; say so on a national holiday."""
    if line is not None and not line.kantor:
        screen.notify(
            f"{line.keterangan} adalah libur nasional atau cuti bersama; tidak dapat diubah "
            "di sini.",
            title="Hari libur",
            severity="warning",
        )
    return line is not None and line.kantor


def edit_day_off(screen: SettingsScreen, line: DayOffLine | None) -> None:
    if line is None or not _office_day(screen, line):
        return
    calendar = screen.ikm_app.services.calendar
    keterangan = "" if line.keterangan == OFFICE_DAY_OFF else line.keterangan

    def done(form: DayOffForm | None) -> None:
        if form is not None:
            screen.call(
                lambda admin: calendar.add_day_off(form.tanggal, form.keterangan, admin),
                f"Keterangan {hari_tanggal(form.tanggal)} disimpan.",
            )

    screen.app.push_screen(DayOffFormDialog(DayOffForm(line.tanggal, keterangan)), done)


def remove_day_off(screen: SettingsScreen, line: DayOffLine | None) -> None:
    from ikm_tui.ui.dialogs.confirm import ConfirmDialog

    if line is None or not _office_day(screen, line):
        return
    calendar = screen.ikm_app.services.calendar
    day = line.tanggal

    def done(yes: bool | None) -> None:
        if yes:
            screen.call(
                lambda admin: calendar.remove_day_off(day, admin),
                f"{hari_tanggal(day)} kembali menjadi hari kerja.",
            )

    screen.app.push_screen(
        ConfirmDialog(
            "Hapus hari libur kantor",
            f"{hari_tanggal(day)} ({line.keterangan}) menjadi hari kerja lagi; tenggat SOP "
            "dihitung ulang. Lanjutkan?",
        ),
        done,
    )


def choose_period_services(
    screen: Screen[Any], period_id: int, on_done: Callable[[], object]
) -> None:
    """Step 1 (Staf): tick which of the office's jenis layanan the period surveys; the changes
    go through PeriodService.add_period_service / remove_period_service (draft kept in sync)."""
    app = cast("IkmApp", screen.app)
    periods, user = app.services.periods, app.user
    if user is None:
        return

    def load() -> tuple[list[ServiceTypeRecord], set[int]]:
        chosen = {s.id for s in periods.period_service_types(period_id)}
        offered = [
            s for s in periods.service_types(active_only=False) if s.active or s.id in chosen
        ]
        return offered, chosen

    def apply(wanted: set[int], chosen: set[int]) -> int:
        for service_type_id in sorted(wanted - chosen):
            periods.add_period_service(period_id, service_type_id, user)
        for service_type_id in sorted(chosen - wanted):
            periods.remove_period_service(period_id, service_type_id, user)
        return len(wanted ^ chosen)

    def saved(changes: int) -> None:
        if changes:
            app.notify(
                "Jenis layanan periode disimpan; kuesioner draf ikut diperbarui.", title="Tersimpan"
            )
        on_done()

    def ask(loaded: tuple[list[ServiceTypeRecord], set[int]]) -> None:
        offered, chosen = loaded

        def done(wanted: set[int] | None) -> None:
            if wanted is not None and wanted != chosen:
                run_service(screen, lambda: apply(wanted, chosen), saved, group="period-services")

        app.push_screen(PeriodServicesDialog(offered, chosen), done)

    run_service(screen, load, ask, group="period-services")
