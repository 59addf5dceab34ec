"""Provides the SOP "Pengukuran Kepuasan Pelanggan" as data: the one definition of its steps.

Each step says who acts, its time standard, the document kinds it needs and produces, how it
starts and finishes, its gates, its actions and its Bahasa Indonesia wording. Workflow, sign-off,
tasks, deadlines, the period screen and the step-screen registry all read from `SOP_STEPS`;
another office's variant of the SOP is a change to this module only. The SOP has no step 7;
its numbering is kept.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ikm_tui.domain.calendar import WorkingCalendar

STAF = "staf"
SEKCAM = "sekcam"
CAMAT = "camat"
ADMIN = "admin"

ROLES = (STAF, SEKCAM, CAMAT, ADMIN)
SIGNING_ROLES = (STAF, SEKCAM, CAMAT)
ROLE_NAMES = {
    STAF: "Staf",
    SEKCAM: "Sekretaris Camat",
    CAMAT: "Camat",
    ADMIN: "Admin",
}


@dataclass(frozen=True)
class TimeStandard:
    """A Mutu Baku time standard: an amount of minutes, hours, working days or months."""

    amount: int
    unit: str  # "menit" | "jam" | "hari" | "bulan"

    @property
    def text(self) -> str:
        return f"{self.amount} {self.unit}"

    def deadline(self, start: dt.datetime, days: WorkingCalendar | None = None) -> dt.datetime:
        """When a step started at `start` is due; "hari" counts working days of `days` (the
        office's calendar: weekends, national holidays, cuti bersama and its own days off;
        None = without office days off), at the same time of day."""
        if self.unit == "menit":
            return start + dt.timedelta(minutes=self.amount)
        if self.unit == "jam":
            return start + dt.timedelta(hours=self.amount)
        if self.unit == "hari":
            return (days or WorkingCalendar()).add_working_days_at(start, self.amount)
        if self.unit == "bulan":
            month_index = start.month - 1 + self.amount
            year = start.year + month_index // 12
            month = month_index % 12 + 1
            day = min(start.day, calendar.monthrange(year, month)[1])
            return start.replace(year=year, month=month, day=day)
        raise ValueError(f"satuan waktu tidak dikenal: {self.unit}")


# Sign-off: every signable document goes Staf (dibuat) -> Sekcam (diperiksa) -> Camat (disetujui).
DIBUAT = "dibuat"
DIPERIKSA = "diperiksa"
DISETUJUI = "disetujui"
SIGN_STAGES = (DIBUAT, DIPERIKSA, DISETUJUI)
STAGE_ROLE = {DIBUAT: STAF, DIPERIKSA: SEKCAM, DISETUJUI: CAMAT}
STAGE_PHRASE = {DIBUAT: "Dibuat oleh", DIPERIKSA: "Diperiksa oleh", DISETUJUI: "Disetujui oleh"}

# Document states.
DRAF = "draf"
DIAJUKAN = "diajukan"  # Staf submitted; awaiting the Sekcam's check
DIPERIKSA_STATE = "diperiksa"  # Sekcam signed; awaiting the Camat
DISETUJUI_STATE = "disetujui"  # Camat signed: final
DIKEMBALIKAN = "dikembalikan"  # returned with a note; back with the Staf
SIGNED_STATES = (DIAJUKAN, DIPERIKSA_STATE, DISETUJUI_STATE)  # after each stage of SIGN_STAGES


def carries(state: str, stage: str) -> bool:
    """Whether a document in `state` carries a valid `stage` signature."""
    return state in SIGNED_STATES[SIGN_STAGES.index(stage) :]


DOC_STATE_TEXT = {
    DRAF: "Draf",
    DIAJUKAN: "Menunggu pemeriksaan Sekretaris Camat",
    DIPERIKSA_STATE: "Menunggu persetujuan Camat",
    DISETUJUI_STATE: "Disetujui",
    DIKEMBALIKAN: "Dikembalikan ke Staf",
}

# Document kinds that need signatures.
KUESIONER = "kuesioner"
LAPORAN = "laporan"
PTPP = "ptpp"
NOTULEN = "notulen"
DOC_KINDS = {KUESIONER: "Kuesioner", LAPORAN: "Laporan IKM", PTPP: "PTPP", NOTULEN: "Notulen"}
DOC_NOUNS = {
    KUESIONER: "kuesioner",
    LAPORAN: "laporan IKM",
    PTPP: "PTPP",
    NOTULEN: "notulen rapat",
}  # how tasks and refusals name a document of each kind (lower case, inside a sentence)


# -- the steps ------------------------------------------------------------------------------

# How a step starts.
AT_PERIOD_CREATION = "periode_dibuat"  # the first step starts when the period is created
AFTER_PREVIOUS = "langkah_sebelumnya_selesai"  # every other step starts when the one before ends

# How a step finishes.
MANUAL = "manual"  # a person finishes it (WorkflowService.advance) once its gates hold
BY_SIGNATURE = "tanda_tangan"  # one signature (`finish_stage`) on the step's document finishes it
BY_CLOSING = "tutup_pengumpulan"  # closing data collection finishes it
# The `finish_stage` signature that leaves every document of the step's kind in the period
# signed at that stage (and the step's gates holding) finishes it; with no document at all, the
# roles of the step's `finishes` action finish it by hand with a reason (WorkflowService.advance).
BY_ALL_SIGNED = "semua_ditandatangani"

# Gates: what must exist before a step can finish (services.workflow checks each by name).
COUNTED_RESPONDENTS = "responden_dihitung"  # at least one counted respondent
MEETING_RECORDED = "rapat_dicatat"  # the meeting (pembahasan hasil) is recorded
# every PTPP of the period approved by the Camat and every finding the meeting accepted given a
# PTPP; or a reason (none needed, a finding settled without one)
PTPP_DECIDED = "ptpp_ditetapkan"
DOCUMENTS_ARCHIVED = "dokumen_diarsipkan"  # the approved documents of `kinds` are archived


@dataclass(frozen=True)
class Gate:
    """Something that must hold before a step can finish."""

    check: str  # one of the gate names above
    kinds: tuple[str, ...] = ()  # the document kinds it is about, if any


@dataclass(frozen=True)
class Action:
    """Something a user does; a step's actions may be taken only while it is the current step."""

    name: str
    roles: tuple[str, ...]  # who may take it
    verb: str  # "Hanya Staf yang dapat {verb}."
    label: str = ""  # short label (footer, help, messages)
    opens_screen: bool = False  # its screen is the step's screen (Enter on the step opens it)
    finishes: bool = False  # taking it finishes the step, so the step's gates must hold
    stays_open: bool = False  # may also be taken after the step finished (viewing results)


@dataclass(frozen=True)
class Wording:
    """The Bahasa Indonesia wording of one step on the dashboard and in "Tugas saya".

    Task texts contain "{period}" for the period named in a sentence ("periode SKM 2026", or
    "Periode II 2026" as it is: `formatting.periode`).
    """

    activity: str  # "Entri data": what is blocked ("... belum dapat dilakukan")
    waiting: str  # what the period waits for while it stands at this step, and who must act
    task: str = ""  # what the step's roles must do ("" when only its documents make tasks)
    task_until_document: bool = True  # `task` only until the step's document exists
    role_tasks: tuple[tuple[str, str], ...] = ()  # (role, task) replacing `task` for that role
    ready_task: str = ""  # replaces the tasks once the step's gates hold (manual steps)
    cannot_finish: str = ""  # refusal opening when a gate fails; default "Langkah N belum ..."


SHORT_NAME_MAX = 19  # "10. " + the short name fits the dashboard's 22-cell step column


@dataclass(frozen=True)
class SopStep:
    """One SOP activity: who acts, what it needs and produces, how it starts, finishes and reads."""

    number: int
    name: str
    roles: tuple[str, ...]  # the first role is the one who starts and finishes the step
    inputs: tuple[str, ...]  # "Persyaratan/Perlengkapan" as printed in the SOP
    outputs: tuple[str, ...]  # "Output" as printed in the SOP
    standard: TimeStandard
    wording: Wording
    needs: tuple[str, ...] = ()  # document kinds it works from (approved earlier)
    produces: tuple[str, ...] = ()  # document kinds prepared or signed during it (first: its own)
    starts: str = AFTER_PREVIOUS
    finishes: str = MANUAL
    finish_stage: str | None = None  # BY_SIGNATURE/BY_ALL_SIGNED: the stage that finishes it
    gates: tuple[Gate, ...] = ()
    actions: tuple[Action, ...] = ()
    short_name: str = ""  # at most SHORT_NAME_MAX characters: tables on an 80-column terminal

    @property
    def short(self) -> str:
        """The name a narrow table shows (the full name where it fits)."""
        return self.short_name or self.name

    @property
    def role(self) -> str:
        return self.roles[0]

    @property
    def document(self) -> str | None:
        """The signable document kind of this step (tasks and signing follow it), or None."""
        return self.produces[0] if self.produces else None

    @property
    def screen_action(self) -> str | None:
        """The action whose screen is this step's screen, or None."""
        return next((a.name for a in self.actions if a.opens_screen), None)

    @property
    def cannot_finish(self) -> str:
        return self.wording.cannot_finish or f"Langkah {self.number} belum dapat diselesaikan"


SOP_STEPS: tuple[SopStep, ...] = (
    SopStep(
        1,
        "Menyusun konsep pengukuran kepuasan pelanggan",
        (STAF,),
        ("Draft kuesioner", "Data pelanggan"),
        ("Draft kuesioner", "Data pelanggan"),
        TimeStandard(1, "hari"),
        Wording(
            "Penyusunan konsep kuesioner",
            "Staf belum mengajukan kuesioner",
            task="Susun konsep kuesioner {period}",
        ),
        produces=(KUESIONER,),
        starts=AT_PERIOD_CREATION,
        finishes=BY_SIGNATURE,
        finish_stage=DIBUAT,
        actions=(
            # stays open: the Staf reads the approved kuesioner (and keeps the populations up to
            # date) while collecting; the screen itself refuses edits to a frozen version
            Action(
                "susun_konsep",
                (STAF,),
                "menyusun konsep kuesioner",
                "Konsep",
                opens_screen=True,
                stays_open=True,
            ),
        ),
        short_name="Menyusun konsep",
    ),
    SopStep(
        2,
        "Memeriksa konsep pengukuran",
        (SEKCAM,),
        ("Kuesioner",),
        ("Kuesioner",),
        TimeStandard(1, "hari"),
        Wording("Pemeriksaan konsep kuesioner", "Sekretaris Camat belum memeriksa kuesioner"),
        needs=(KUESIONER,),
        produces=(KUESIONER,),
        finishes=BY_SIGNATURE,
        finish_stage=DIPERIKSA,
        actions=(
            Action(
                "periksa_konsep",
                (SEKCAM,),
                "memeriksa konsep kuesioner",
                "Periksa",
                opens_screen=True,
            ),
        ),
        short_name="Memeriksa konsep",
    ),
    SopStep(
        3,
        "Menyetujui konsep pengukuran",
        (CAMAT,),
        ("Kuesioner",),
        ("Kuesioner",),
        TimeStandard(30, "menit"),
        Wording("Persetujuan konsep kuesioner", "kuesioner belum disetujui Camat"),
        needs=(KUESIONER,),
        produces=(KUESIONER,),
        finishes=BY_SIGNATURE,
        finish_stage=DISETUJUI,
        actions=(
            Action(
                "setujui_konsep",
                (CAMAT,),
                "menyetujui konsep kuesioner",
                "Setujui",
                opens_screen=True,
            ),
        ),
        short_name="Menyetujui konsep",
    ),
    SopStep(
        4,
        "Melaksanakan pengukuran kepuasan pelanggan",
        (STAF,),
        ("Data mentah", "Hasil tabulasi"),
        ("Data mentah", "Hasil tabulasi"),
        TimeStandard(4, "bulan"),
        Wording(
            "Entri data",
            "pengumpulan data belum ditutup oleh Staf",
            task="Laksanakan survei dan entri data {period}",
            cannot_finish="Pengumpulan data belum dapat ditutup",
        ),
        needs=(KUESIONER,),
        finishes=BY_CLOSING,
        gates=(Gate(COUNTED_RESPONDENTS),),
        actions=(
            Action("entri", (STAF,), "mengentri data kuesioner", "Entri", opens_screen=True),
            Action("impor", (STAF,), "mengimpor data kuesioner", "Impor"),
            Action(
                "tutup_pengumpulan",
                (STAF,),
                "menutup pengumpulan data",
                "Tutup pengumpulan",
                finishes=True,
            ),
            Action(
                "tabulasi", SIGNING_ROLES, "melihat hasil tabulasi", "Tabulasi", stays_open=True
            ),
        ),
        short_name="Melaksanakan survei",
    ),
    SopStep(
        5,
        "Membuat laporan pengukuran kepuasan pelanggan",
        (STAF,),
        ("Laporan IKM",),
        ("Laporan IKM",),
        TimeStandard(1, "bulan"),
        Wording(
            "Pembuatan laporan IKM",
            "laporan IKM belum disetujui Camat",
            task="Buat laporan IKM {period}",
        ),
        produces=(LAPORAN,),
        finishes=BY_SIGNATURE,
        finish_stage=DISETUJUI,
        actions=(
            Action(
                "laporan",
                (STAF, SEKCAM, CAMAT),
                "menyusun dan menandatangani laporan IKM",
                "Laporan",
                opens_screen=True,
            ),
            # Collection closed too early (forms found later): the Camat reopens it with a
            # reason while the report has not been submitted yet.
            Action(
                "buka_pengumpulan",
                (CAMAT,),
                "membuka kembali pengumpulan data",
                "Buka pengumpulan",
            ),
        ),
        short_name="Membuat laporan IKM",
    ),
    SopStep(
        6,
        "Membahas hasil pengukuran kepuasan pelanggan",
        (CAMAT, SEKCAM, STAF),
        ("Laporan IKM",),
        ("Laporan IKM",),
        TimeStandard(1, "hari"),
        Wording(
            "Pembahasan hasil pengukuran",
            "hasil pengukuran belum dibahas dalam rapat (Staf mencatat rapat)",
            task="Bahas hasil pengukuran {period} dalam rapat",
            role_tasks=((STAF, "Catat rapat pembahasan hasil {period}"),),
            ready_task="Tandai pembahasan hasil {period} selesai",
        ),
        needs=(LAPORAN,),
        gates=(Gate(MEETING_RECORDED),),
        actions=(
            Action(
                "rapat",
                (CAMAT, SEKCAM, STAF),
                "mencatat rapat pembahasan hasil",
                "Rapat",
                opens_screen=True,
            ),
        ),
        short_name="Membahas hasil",
    ),
    SopStep(
        8,
        "Menetapkan tindakan perbaikan/pencegahan",
        (CAMAT, SEKCAM, STAF),
        ("PTPP (Permintaan Tindakan Perbaikan dan Pencegahan)",),
        ("PTPP (Permintaan Tindakan Perbaikan dan Pencegahan)",),
        TimeStandard(1, "hari"),
        Wording(
            "Penetapan tindakan perbaikan/pencegahan",
            "PTPP belum ditetapkan Camat (langkah selesai ketika PTPP terakhir disetujui)",
            role_tasks=(
                (STAF, "Buat PTPP dari temuan rapat {period}"),
                (
                    CAMAT,
                    "Tetapkan PTPP {period}, atau selesaikan langkah dengan alasan bila "
                    "rapat tidak memerlukan PTPP",
                ),
            ),
            ready_task="Selesaikan penetapan PTPP {period}",
        ),
        needs=(LAPORAN,),
        produces=(PTPP,),
        finishes=BY_ALL_SIGNED,
        finish_stage=DISETUJUI,
        gates=(Gate(PTPP_DECIDED, (PTPP,)),),
        actions=(
            Action("ptpp", (CAMAT, SEKCAM, STAF), "menetapkan PTPP", "PTPP", opens_screen=True),
            Action(
                "ptpp_selesai",
                (CAMAT,),
                "menyelesaikan penetapan PTPP dengan alasan",
                "Selesai dengan alasan",
                finishes=True,
            ),
        ),
        short_name="Menetapkan PTPP",
    ),
    SopStep(
        9,
        "Membuat notulen rapat",
        (STAF,),
        ("Notulen",),
        ("Notulen",),
        TimeStandard(1, "jam"),
        Wording(
            "Pembuatan notulen rapat",
            "notulen rapat belum disetujui Camat",
            task="Buat notulen rapat {period}",
        ),
        produces=(NOTULEN,),
        finishes=BY_SIGNATURE,
        finish_stage=DISETUJUI,
        actions=(
            Action(
                "notulen",
                (STAF, SEKCAM, CAMAT),
                "membuat dan menandatangani notulen rapat",
                "Notulen",
                opens_screen=True,
            ),
        ),
        short_name="Membuat notulen",
    ),
    SopStep(
        10,
        "Mengarsipkan notulen rapat dan laporan IKM",
        (STAF,),
        ("Notulen", "Laporan IKM"),
        ("Notulen", "Laporan IKM"),
        TimeStandard(15, "menit"),
        Wording(
            "Pengarsipan notulen dan laporan IKM",
            "notulen dan laporan IKM belum diarsipkan oleh Staf",
            task="Arsipkan notulen dan laporan IKM {period}",
        ),
        needs=(LAPORAN, NOTULEN),
        gates=(Gate(DOCUMENTS_ARCHIVED, (LAPORAN, NOTULEN)),),
        actions=(
            Action(
                "arsip",
                (STAF,),
                "mengarsipkan notulen dan laporan IKM",
                "Arsip",
                opens_screen=True,
            ),
        ),
        short_name="Mengarsipkan",
    ),
)

# Actions that belong to no step (allowed whenever the role fits).
GENERAL_ACTIONS: tuple[Action, ...] = (
    Action("buat_periode", (STAF,), "membuat periode survei", "Periode baru"),
    Action("kelola_pengguna", (ADMIN,), "mengelola pengguna", "Pengguna"),
)

STEP_NUMBERS = tuple(step.number for step in SOP_STEPS)
FIRST_STEP = SOP_STEPS[0].number
FINAL_STEP = SOP_STEPS[-1].number
DONE = 0  # current_step value of a period whose last step is finished

ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (*GENERAL_ACTIONS, *(a for step in SOP_STEPS for a in step.actions))
}
ACTION_STEP: dict[str, int | None] = {
    **{action.name: None for action in GENERAL_ACTIONS},
    **{action.name: step.number for step in SOP_STEPS for action in step.actions},
}


def step(number: int) -> SopStep:
    """The SOP step with this printed number."""
    for item in SOP_STEPS:
        if item.number == number:
            return item
    raise KeyError(f"langkah SOP {number} tidak ada")


def next_step(number: int) -> int:
    """The printed number after `number` (skips the SOP's missing 7); DONE after the last."""
    index = STEP_NUMBERS.index(number)
    return STEP_NUMBERS[index + 1] if index + 1 < len(STEP_NUMBERS) else DONE


def step_index(number: int) -> int:
    """Position of a step in the SOP; DONE sorts after the last step."""
    return len(STEP_NUMBERS) if number == DONE else STEP_NUMBERS.index(number)


def passed(current: int, number: int) -> bool:
    """Whether a period standing at `current` (or DONE) is past step `number`."""
    return step_index(current) > step_index(number)


def action_step(action: str) -> int:
    """The step an action belongs to (KeyError for a general action or an unknown name)."""
    number = ACTION_STEP[action]
    if number is None:
        raise KeyError(f"tindakan {action} bukan milik satu langkah SOP")
    return number


def steps_of_kind(kind: str) -> tuple[int, ...]:
    """The steps during which a document of `kind` is prepared and signed, in SOP order."""
    return tuple(item.number for item in SOP_STEPS if item.document == kind)


def _finished_by(how: str, kind: str, stage: str) -> int | None:
    """The step finishing `how` (BY_SIGNATURE / BY_ALL_SIGNED) by a `stage` signature on a
    document of `kind`, or None."""
    return next(
        (
            item.number
            for item in SOP_STEPS
            if item.finishes == how and item.document == kind and item.finish_stage == stage
        ),
        None,
    )


def finished_by_signature(kind: str, stage: str) -> int | None:
    """The step a `stage` signature on a document of `kind` finishes, or None."""
    return _finished_by(BY_SIGNATURE, kind, stage)


def finished_when_all_signed(kind: str, stage: str) -> int | None:
    """The step that a `stage` signature on a document of `kind` finishes once every document of
    that kind in the period carries it (BY_ALL_SIGNED), or None."""
    return _finished_by(BY_ALL_SIGNED, kind, stage)


def finishing_action(number: int) -> Action | None:
    """The action that finishes step `number` by hand, if the step has one."""
    return next((a for a in step(number).actions if a.finishes), None)


def collection_step() -> int:
    """The step that data collection belongs to (finished by closing collection)."""
    return next(item.number for item in SOP_STEPS if item.finishes == BY_CLOSING)


def check_definition() -> list[str]:
    """What is inconsistent in `SOP_STEPS` (empty when the definition is sound)."""
    problems: list[str] = []
    if len(set(STEP_NUMBERS)) != len(STEP_NUMBERS):
        problems.append("nomor langkah ganda")
    if [s.number for s in SOP_STEPS if s.starts == AT_PERIOD_CREATION] != [FIRST_STEP]:
        problems.append("hanya langkah pertama yang dimulai ketika periode dibuat")
    if [s.number for s in SOP_STEPS if s.finishes == BY_CLOSING] != [collection_step()]:
        problems.append("tepat satu langkah diselesaikan dengan menutup pengumpulan data")
    names = [a.name for a in (*GENERAL_ACTIONS, *(a for s in SOP_STEPS for a in s.actions))]
    if len(set(names)) != len(names):
        problems.append("nama tindakan ganda")
    for item in SOP_STEPS:
        label = f"langkah {item.number}"
        signed = (BY_SIGNATURE, BY_ALL_SIGNED)
        if item.finishes in signed and (item.document is None or item.finish_stage is None):
            problems.append(f"{label}: selesai dengan tanda tangan tanpa dokumen/tahap")
        if item.finishes == BY_ALL_SIGNED and finishing_action(item.number) is None:
            problems.append(f"{label}: tanpa tindakan untuk menyelesaikannya bila tanpa dokumen")
        if item.finishes not in signed and item.finish_stage is not None:
            problems.append(f"{label}: tahap tanda tangan tanpa selesai dengan tanda tangan")
        if sum(a.opens_screen for a in item.actions) > 1:
            problems.append(f"{label}: lebih dari satu layar")
        unknown = [k for k in (*item.needs, *item.produces) if k not in DOC_KINDS]
        if unknown:
            problems.append(f"{label}: jenis dokumen tidak dikenal {unknown}")
        if not set(item.roles) <= set(ROLES):
            problems.append(f"{label}: peran tidak dikenal")
        if len(item.short) > SHORT_NAME_MAX:
            problems.append(f"{label}: nama singkat lebih dari {SHORT_NAME_MAX} huruf")
    return problems
