"""Provides `Services`: one lazily built instance of every service, sharing one clock.

The UI holds one `Services` (as `app.services`); the CLI builds one per command. The container
is the only place that builds services: each gets its collaborators (other services) from it
as keyword arguments, so no service constructs another. Each service module is imported only
when first used, keeping start-up fast.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ikm_tui.clock import Clock, system_clock

if TYPE_CHECKING:
    from ikm_tui.services.archive import ArchiveService
    from ikm_tui.services.audit import AuditService
    from ikm_tui.services.auth import AuthService
    from ikm_tui.services.backup import BackupService
    from ikm_tui.services.calendar import CalendarService
    from ikm_tui.services.complaints import ComplaintService
    from ikm_tui.services.customers import CustomerService
    from ikm_tui.services.documents import DocumentService
    from ikm_tui.services.entry import EntryService
    from ikm_tui.services.importer import ImportService
    from ikm_tui.services.keys import KeyService
    from ikm_tui.services.meeting import MeetingService
    from ikm_tui.services.minutes import MinutesService
    from ikm_tui.services.office import OfficeService
    from ikm_tui.services.periods import PeriodService
    from ikm_tui.services.ptpp import PtppService
    from ikm_tui.services.questionnaire import QuestionnaireService
    from ikm_tui.services.report import ReportService
    from ikm_tui.services.setup import SetupService
    from ikm_tui.services.signoff import SignOffService
    from ikm_tui.services.tabulation import TabulationService
    from ikm_tui.services.templates import TemplateService
    from ikm_tui.services.users import UserService
    from ikm_tui.services.verify import VerifyService
    from ikm_tui.services.workflow import WorkflowService


class Services:
    """Every service of the app, built on first use with its collaborators."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    @cached_property
    def auth(self) -> AuthService:
        from ikm_tui.services.auth import AuthService

        return AuthService(self.clock, keys=self.keys)

    @cached_property
    def keys(self) -> KeyService:
        from ikm_tui.services.keys import KeyService

        return KeyService(self.clock)

    @cached_property
    def audit(self) -> AuditService:
        from ikm_tui.services.audit import AuditService

        return AuditService(self.clock)

    @cached_property
    def backup(self) -> BackupService:
        from ikm_tui.services.backup import BackupService

        return BackupService(self.clock)

    @cached_property
    def verify(self) -> VerifyService:
        from ikm_tui.services.verify import VerifyService

        return VerifyService(self.clock)

    @cached_property
    def users(self) -> UserService:
        from ikm_tui.services.users import UserService

        return UserService(self.clock, keys=self.keys)

    @cached_property
    def office(self) -> OfficeService:
        from ikm_tui.services.office import OfficeService

        return OfficeService(self.clock)

    @cached_property
    def setup(self) -> SetupService:
        from ikm_tui.services.setup import SetupService

        return SetupService(self.clock, users=self.users, keys=self.keys)

    @cached_property
    def calendar(self) -> CalendarService:
        from ikm_tui.services.calendar import CalendarService

        return CalendarService(self.clock)

    @cached_property
    def workflow(self) -> WorkflowService:
        from ikm_tui.services.workflow import WorkflowService

        return WorkflowService(self.clock, calendar=self.calendar)

    @cached_property
    def signoff(self) -> SignOffService:
        from ikm_tui.domain import ptpp
        from ikm_tui.domain.sop import LAPORAN, PTPP
        from ikm_tui.services.signoff import SignOffService

        return SignOffService(
            self.clock,
            auth=self.auth,
            keys=self.keys,
            submit_checks={
                LAPORAN: lambda content: self.report.check_submittable(content),
                PTPP: ptpp.validate_content,
            },
        )

    @cached_property
    def periods(self) -> PeriodService:
        from ikm_tui.services.periods import PeriodService

        return PeriodService(self.clock, workflow=self.workflow, signoff=self.signoff)

    @cached_property
    def customers(self) -> CustomerService:
        from ikm_tui.services.customers import CustomerService

        return CustomerService(self.clock)

    @cached_property
    def questionnaire(self) -> QuestionnaireService:
        from ikm_tui.services.questionnaire import QuestionnaireService

        return QuestionnaireService(
            self.clock,
            signoff=self.signoff,
            periods=self.periods,
            workflow=self.workflow,
            office=self.office,
        )

    @cached_property
    def entry(self) -> EntryService:
        from ikm_tui.services.entry import EntryService

        return EntryService(self.clock, workflow=self.workflow, customers=self.customers)

    @cached_property
    def importer(self) -> ImportService:
        from ikm_tui.services.importer import ImportService

        return ImportService(
            self.clock,
            periods=self.periods,
            questionnaire=self.questionnaire,
            workflow=self.workflow,
        )

    @cached_property
    def tabulation(self) -> TabulationService:
        from ikm_tui.services.tabulation import TabulationService

        return TabulationService(
            self.clock, periods=self.periods, customers=self.customers, office=self.office
        )

    @cached_property
    def meeting(self) -> MeetingService:
        from ikm_tui.services.meeting import MeetingService

        return MeetingService(self.clock, workflow=self.workflow, tabulation=self.tabulation)

    @cached_property
    def ptpp(self) -> PtppService:
        from ikm_tui.services.ptpp import PtppService

        return PtppService(
            self.clock,
            signoff=self.signoff,
            workflow=self.workflow,
            tabulation=self.tabulation,
            complaints=self.complaints,
        )

    @cached_property
    def minutes(self) -> MinutesService:
        from ikm_tui.services.minutes import MinutesService

        return MinutesService(
            self.clock, signoff=self.signoff, meeting=self.meeting, ptpp=self.ptpp
        )

    @cached_property
    def archive(self) -> ArchiveService:
        from ikm_tui.services.archive import ArchiveService

        return ArchiveService(
            self.clock, signoff=self.signoff, workflow=self.workflow, documents=self.documents
        )

    @cached_property
    def report(self) -> ReportService:
        from ikm_tui.services.report import ReportService

        return ReportService(
            self.clock,
            signoff=self.signoff,
            periods=self.periods,
            tabulation=self.tabulation,
            customers=self.customers,
            workflow=self.workflow,
            office=self.office,
            questionnaire=self.questionnaire,
            calendar=self.calendar,
        )

    @cached_property
    def complaints(self) -> ComplaintService:
        from ikm_tui.services.complaints import ComplaintService

        return ComplaintService(self.clock, calendar=self.calendar)

    @cached_property
    def templates(self) -> TemplateService:
        from ikm_tui.services.templates import TemplateService

        return TemplateService(self.clock)

    @cached_property
    def documents(self) -> DocumentService:
        from ikm_tui.domain.sop import KUESIONER, LAPORAN
        from ikm_tui.services.documents import DocumentService
        from ikm_tui.services.report import PENGUMUMAN

        # one line per document kind: the service that provides its data (DocumentSource)
        return DocumentService(
            self.clock,
            office=self.office,
            templates=self.templates,
            sources={
                KUESIONER: lambda: self.questionnaire,
                LAPORAN: lambda: self.report,
                PENGUMUMAN: lambda: self.report,
                "daftar-arsip": lambda: self.archive,
                "keluhan": lambda: self.complaints,
                "register-keluhan": lambda: self.complaints,
                "ptpp": lambda: self.ptpp,
                "register-ptpp": lambda: self.ptpp,
                "notulen": lambda: self.minutes,
                "daftar-hadir": lambda: self.minutes,
            },
        )
