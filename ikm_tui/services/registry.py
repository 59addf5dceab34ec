"""Provides `Services`: one lazily built instance of every service, sharing one clock.

The UI holds one `Services` (as `app.services`); the CLI builds one per command. Each service
module is imported only when first used, keeping start-up fast.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ikm_tui.clock import Clock, system_clock

if TYPE_CHECKING:
    from ikm_tui.services.archive import ArchiveService
    from ikm_tui.services.auth import AuthService
    from ikm_tui.services.entry import EntryService
    from ikm_tui.services.importer import ImportService
    from ikm_tui.services.meetings import MeetingService
    from ikm_tui.services.periods import PeriodService
    from ikm_tui.services.questionnaire import QuestionnaireService
    from ikm_tui.services.signoff import SignOffService
    from ikm_tui.services.tabulation import TabulationService
    from ikm_tui.services.users import UserService
    from ikm_tui.services.workflow import WorkflowService


class Services:
    """Every service of the app, built on first use."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    @cached_property
    def auth(self) -> AuthService:
        from ikm_tui.services.auth import AuthService

        return AuthService(self.clock)

    @cached_property
    def users(self) -> UserService:
        from ikm_tui.services.users import UserService

        return UserService(self.clock)

    @cached_property
    def workflow(self) -> WorkflowService:
        from ikm_tui.services.workflow import WorkflowService

        return WorkflowService(self.clock)

    @cached_property
    def signoff(self) -> SignOffService:
        from ikm_tui.services.signoff import SignOffService

        return SignOffService(self.clock)

    @cached_property
    def periods(self) -> PeriodService:
        from ikm_tui.services.periods import PeriodService

        return PeriodService(self.clock)

    @cached_property
    def questionnaire(self) -> QuestionnaireService:
        from ikm_tui.services.questionnaire import QuestionnaireService

        return QuestionnaireService(self.clock)

    @cached_property
    def entry(self) -> EntryService:
        from ikm_tui.services.entry import EntryService

        return EntryService(self.clock)

    @cached_property
    def importer(self) -> ImportService:
        from ikm_tui.services.importer import ImportService

        return ImportService(self.clock)

    @cached_property
    def tabulation(self) -> TabulationService:
        from ikm_tui.services.tabulation import TabulationService

        return TabulationService(self.clock)

    @cached_property
    def meetings(self) -> MeetingService:
        from ikm_tui.services.meetings import MeetingService

        return MeetingService(self.clock)

    @cached_property
    def archive(self) -> ArchiveService:
        from ikm_tui.services.archive import ArchiveService

        return ArchiveService(self.clock)
