"""Provides DataScreen: a screen whose data is loaded by a service call in a thread worker.

The loader (`load`) runs in the worker and may only call services; `show` runs on the UI
thread with the loaded record. Data is loaded on mount, again whenever the screen comes back
to the top (another screen or dialog closed), and on `reload()`; bindings are refreshed after
each load so `check_action` can hide or dim keys by the new state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import Screen

from ikm_tui.persistence.records import UserRecord
from ikm_tui.services.registry import Services
from ikm_tui.ui.worker import run_service

if TYPE_CHECKING:
    from ikm_tui.ui.app import IkmApp

D = TypeVar("D")


class DataScreen(Screen[None], Generic[D]):
    """Base of the shell's screens that show records loaded from the services."""

    LOAD_GROUP = "screen-data"

    def __init__(self) -> None:
        super().__init__()
        self.data: D | None = None

    @property
    def ikm_app(self) -> IkmApp:
        return cast("IkmApp", self.app)

    def load(self, services: Services, user: UserRecord) -> D:
        """Gather the screen's data (runs in a worker thread: services only, no widgets)."""
        raise NotImplementedError

    def show(self, data: D) -> None:
        """Put loaded data on screen (UI thread)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload()

    def reload(self) -> None:
        user = self.ikm_app.user
        if user is None:
            return
        services = self.ikm_app.services
        run_service(
            self,
            lambda: self.load(services, user),
            self._loaded,
            group=self.LOAD_GROUP,
            exclusive=True,
        )

    def _loaded(self, data: D) -> None:
        self.data = data
        self.show(data)
        self.refresh_bindings()

    def action_reload(self) -> None:
        self.reload()
