"""Provides ConceptScreen: SOP step 1 (Menyusun konsep): the questionnaire and data pelanggan.

The Staf edits wording and the four labels of each question (each stays tied to its unsur's
stable key), changes the print order, resets to the regime's template, types or imports the
population per jenis layanan (targets shown live), exports the draft .docx and submits it
("Ajukan") through the sign-off dialog. Everyone else, and the Staf after submission, sees the
same screen read-only with a message saying why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from ikm_tui.domain import sop
from ikm_tui.domain.formatting import bilangan
from ikm_tui.domain.regimes import DEFAULT_REGIME, unsur_label
from ikm_tui.domain.sop import STAF
from ikm_tui.errors import DocumentChanged, IkmError
from ikm_tui.persistence.records import DocumentRecord
from ikm_tui.services.customers import SampleTargets
from ikm_tui.ui.dialogs.fields import FieldsDialog
from ikm_tui.ui.screens.concept_data import (
    ConceptData,
    export_dialog,
    header_text,
    load_concept,
    targets_text,
)
from ikm_tui.ui.widgets.footer import KeyFooter
from ikm_tui.ui.worker import notify_error, run_service

if TYPE_CHECKING:
    from ikm_tui.ui.app import IkmApp

EDIT_ACTIONS = ("edit_question", "edit_labels", "move", "reset", "edit_texts", "period_services")
DATA_ACTIONS = ("edit_population", "import_populations")


def question_widths(table_width: int) -> tuple[int, int]:
    """Widths of the Pertanyaan and Pilihan columns: what No, Kode, the cell padding and the
    scrollbar leave, three fifths to the question (both wrap, nothing is cut)."""
    free = max(40, table_width - 2 - 4 - 4 * 2 - 2)
    question = free * 3 // 5
    return question, free - question


class ConceptScreen(Screen[None]):
    """Step 1: draft questionnaire and data pelanggan of one period."""

    CSS_PATH = "concept.tcss"
    AUTO_FOCUS = "#questions"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Kembali"),
        Binding("e", "edit_question", "Ubah pertanyaan"),
        Binding("l", "edit_labels", "Ubah pilihan"),
        Binding("left_square_bracket,ctrl+up", "move(-1)", "Naik"),
        Binding("right_square_bracket,ctrl+down", "move(1)", "Turun"),
        Binding("j", "edit_texts", "Judul"),
        Binding("t", "reset", "Templat"),
        Binding("s", "period_services", "Jenis layanan"),
        Binding("p", "edit_population", "Populasi"),
        Binding("i", "import_populations", "Impor populasi"),
        Binding("x", "export", "Ekspor .docx"),
        Binding("a", "submit", "Ajukan"),
        Binding("r", "reload", "Muat ulang", show=False),
    ]

    def __init__(self, period_id: int) -> None:
        super().__init__()
        self.period_id = period_id
        self.data: ConceptData | None = None
        self._question_width = 0

    @property
    def ikm_app(self) -> IkmApp:
        return cast("IkmApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Memuat…", id="info", markup=False)
        yield Static("", id="return-note", markup=False)
        yield Static("", id="readonly", markup=False)
        yield DataTable(id="questions", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="services", cursor_type="row", zebra_stripes=True)
        yield Static("", id="targets", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = f"Langkah {sop.action_step('susun_konsep')}: Menyusun konsep"
        services = self.query_one("#services", DataTable)
        # fixed widths: the header is drawn once, never before the rows measured the columns
        for label, width in (
            ("Kode", 5),
            ("Jenis layanan", 40),
            ("Populasi", 8),
            ("Target minimum", 14),
        ):
            services.add_column(label, width=width)
        self.reload()

    # -- loading and showing ---------------------------------------------------------------

    def reload(self, keep_key: str | None = None) -> None:
        user = self.ikm_app.user
        if user is None:
            return
        services = self.ikm_app.services
        run_service(
            self,
            lambda: load_concept(services, user, self.period_id),
            lambda data: self.show(data, keep_key),
            group="concept-load",
            exclusive=True,
        )

    def show(self, data: ConceptData, keep_key: str | None = None) -> None:
        self.data = data
        self.query_one("#info", Static).update(header_text(data))
        note = self.query_one("#return-note", Static)
        if data.returned is not None:
            who, text = data.returned
            note.update(f"DIKEMBALIKAN{' oleh ' + who if who else ''}: {text}")
        note.set_class(data.returned is not None, "-shown")
        self.query_one("#readonly", Static).update(data.reason)
        self.query_one("#readonly", Static).set_class(bool(data.reason), "-shown")
        self._fill_questions(data.document, keep_key)
        self._fill_services(data.targets)
        self.query_one("#targets", Static).update(targets_text(data.targets))
        self.refresh_bindings()

    def _fill_questions(self, document: DocumentRecord, keep_key: str | None) -> None:
        table = self.query_one("#questions", DataTable)
        row = keep_key or self.selected_question()
        table.clear(columns=True)
        self._question_width = table.size.width or self.app.size.width
        question_width, labels_width = question_widths(self._question_width)
        table.add_column("No", width=2)
        table.add_column("Kode", width=4)
        table.add_column("Pertanyaan", width=question_width)
        table.add_column("Pilihan jawaban 1-4", width=labels_width)
        questions = cast("list[dict[str, Any]]", document.content["questions"])
        for number, question in enumerate(questions, start=1):
            labels = " / ".join(question["labels"])
            table.add_row(
                str(number),
                question["kode"],
                Text(question["pertanyaan"]),
                Text(labels),
                key=question["key"],
                height=None,  # the full question and every option, wrapped
            )
        if row is not None and row in table.rows:
            table.move_cursor(row=table.get_row_index(row))

    def _fill_services(self, targets: SampleTargets) -> None:
        table = self.query_one("#services", DataTable)
        cursor = table.cursor_row
        table.clear()
        for item in targets.services:
            population = "-" if item.population is None else bilangan(item.population)
            minimum = "-" if item.minimum is None else bilangan(item.minimum)
            table.add_row(
                item.kode,
                Text(item.nama),
                population,
                minimum,
                key=str(item.service_type_id),
                height=None,  # a name longer than its column wraps
            )
        if targets.services:
            table.move_cursor(row=min(cursor, len(targets.services) - 1))

    def selected_question(self) -> str | None:
        return _selected_key(self.query_one("#questions", DataTable))

    def _unsur_label(self, key: str) -> str:
        """ "U3 Waktu Penyelesaian" for a question's stable key (never the key itself)."""
        content = self.data.document.content if self.data is not None else {}
        return unsur_label(key, str(content.get("regime_id", DEFAULT_REGIME)))

    def _question(self) -> dict[str, object] | None:
        key = self.selected_question()
        if self.data is None or key is None:
            return None
        questions = cast("list[dict[str, object]]", self.data.document.content["questions"])
        return next((q for q in questions if q["key"] == key), None)

    # -- gating ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDIT_ACTIONS:
            return None if self.data is None else self.data.editable
        if action in DATA_ACTIONS:
            return None if self.data is None else self.data.data_editable
        if action == "submit":
            if self.data is None:
                return None
            staf = self.ikm_app.user is not None and self.ikm_app.user.has_role(STAF)
            return True if self.data.can_submit else (None if staf else False)
        if action == "export":
            return self.data is not None or None
        return True

    def _allowed(self, action: str) -> bool:
        return self.check_action(action, ()) is True

    # -- questionnaire actions -------------------------------------------------------------

    def _shown_hash(self) -> str | None:
        """The content hash of the version on screen (taken when an edit dialog opens)."""
        return self.data.document.content_hash if self.data is not None else None

    def _edit(self, keep_key: str | None, shown: str | None, **changes: object) -> None:
        """Save `changes` made on the version with hash `shown` (what the dialog was
        prefilled from): refused if another user changed the questionnaire since."""
        user = self.ikm_app.user
        if user is None:
            return
        questionnaire = self.ikm_app.services.questionnaire
        run_service(
            self,
            lambda: questionnaire.edit(self.period_id, user, base_hash=shown, **changes),  # type: ignore[arg-type]
            lambda _doc: self._saved(keep_key),
            on_error=lambda error: self._refused(error, keep_key),
            group="concept-edit",
        )

    def _refused(self, error: IkmError, keep_key: str | None = None) -> None:
        """Show why a save was refused; content changed meanwhile is shown anew at once."""
        notify_error(self.app, error)
        if isinstance(error, DocumentChanged):
            self.reload(keep_key)

    def _saved(self, keep_key: str | None, message: str = "Kuesioner disimpan.") -> None:
        self.notify(message, title="Tersimpan")
        self.reload(keep_key)

    def on_resize(self) -> None:
        table = self.query_one("#questions", DataTable)
        if self.data is not None and table.size.width != self._question_width:
            self._fill_questions(self.data.document, None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "questions":
            self.action_edit_question()
        else:
            self.action_edit_population()

    def action_edit_question(self) -> None:
        question = self._question()
        if question is None or not self._allowed("edit_question"):
            return
        key, shown = str(question["key"]), self._shown_hash()

        def done(values: list[str] | None) -> None:
            if values is not None:
                self._edit(key, shown, question_key=key, pertanyaan=values[0])

        self.app.push_screen(
            FieldsDialog(
                f"Ubah pertanyaan {question['kode']}",
                [("Bunyi pertanyaan", str(question["pertanyaan"]))],
                note=f"Unsur: {self._unsur_label(key)}. Nomor dan skor tetap terikat pada "
                "unsur ini.",
                check=lambda v: "" if v[0].strip() else "Pertanyaan tidak boleh kosong.",
            ),
            done,
        )

    def action_edit_labels(self) -> None:
        question = self._question()
        if question is None or not self._allowed("edit_labels"):
            return
        key = str(question["key"])
        labels = cast("list[str]", question["labels"])
        shown = self._shown_hash()

        def done(values: list[str] | None) -> None:
            if values is not None:
                self._edit(key, shown, question_key=key, labels=values)

        fields = [
            (f"Pilihan {score} (skor {score})", label)
            for score, label in enumerate(labels, start=1)
        ]
        self.app.push_screen(
            FieldsDialog(
                f"Ubah pilihan jawaban {question['kode']}",
                fields,
                note="Pilihan 1 bernilai 1 (terburuk) sampai pilihan 4 bernilai 4 (terbaik).",
                check=lambda v: "" if all(x.strip() for x in v) else "Keempat pilihan wajib diisi.",
            ),
            done,
        )

    def action_edit_texts(self) -> None:
        if self.data is None or not self._allowed("edit_texts"):
            return
        content, shown = self.data.document.content, self._shown_hash()

        def done(values: list[str] | None) -> None:
            if values is not None:
                self._edit(None, shown, judul=values[0], pengantar=values[1], saran=values[2])

        self.app.push_screen(
            FieldsDialog(
                "Judul, pengantar dan saran",
                [
                    ("Judul", str(content.get("judul", ""))),
                    ("Pengantar", str(content.get("pengantar", ""))),
                    ("Kalimat pembuka saran", str(content.get("saran", ""))),
                ],
                check=lambda v: "" if v[0].strip() else "Judul wajib diisi.",
            ),
            done,
        )

    def action_move(self, offset: int) -> None:
        key = self.selected_question()
        user = self.ikm_app.user
        if key is None or user is None or not self._allowed("move"):
            return
        questionnaire = self.ikm_app.services.questionnaire
        run_service(
            self,
            lambda: questionnaire.move(self.period_id, key, offset, user),
            lambda _doc: self.reload(key),
            group="concept-edit",
        )

    def action_reset(self) -> None:
        from ikm_tui.ui.dialogs.confirm import ConfirmDialog

        user = self.ikm_app.user
        if user is None or not self._allowed("reset"):
            return
        questionnaire = self.ikm_app.services.questionnaire
        shown = self._shown_hash()

        def done(yes: bool | None) -> None:
            if yes:
                run_service(
                    self,
                    lambda: questionnaire.reset_to_template(self.period_id, user, shown),
                    lambda _doc: self._saved(None, "Kuesioner dikembalikan ke templat."),
                    on_error=self._refused,
                    group="concept-edit",
                )

        self.app.push_screen(
            ConfirmDialog(
                "Kembalikan ke templat",
                "Semua perubahan bunyi, pilihan dan urutan pertanyaan "
                "diganti dengan templat regime. Lanjutkan?",
            ),
            done,
        )

    def action_period_services(self) -> None:
        """Add or remove jenis layanan of this period from the office's list (S)."""
        from ikm_tui.ui.screens.settings_actions import choose_period_services

        if self._allowed("period_services"):
            choose_period_services(self, self.period_id, self.reload)

    # -- data pelanggan --------------------------------------------------------------------

    def action_edit_population(self) -> None:
        key = _selected_key(self.query_one("#services", DataTable))
        user = self.ikm_app.user
        if self.data is None or key is None or user is None or not self._allowed("edit_population"):
            return
        target = next(t for t in self.data.targets.services if str(t.service_type_id) == key)
        customers = self.ikm_app.services.customers

        def done(values: list[str] | None) -> None:
            if values is None:
                return
            text = values[0].replace(".", "").strip()
            number = int(text) if text else None
            run_service(
                self,
                lambda: customers.set_population(
                    self.period_id, target.service_type_id, number, user
                ),
                lambda _p: self._saved(None, "Populasi disimpan."),
                group="concept-data",
            )

        self.app.push_screen(
            FieldsDialog(
                f"Populasi {target.kode} {target.nama}",
                [
                    (
                        "Jumlah penerima layanan selama periode",
                        "" if target.population is None else str(target.population),
                    )
                ],
                note="Kosongkan untuk menghapus.",
                check=lambda v: (
                    ""
                    if v[0].replace(".", "").strip().isdigit() or not v[0].strip()
                    else "Isi dengan bilangan bulat, mis. 1200."
                ),
            ),
            done,
        )

    def action_import_populations(self) -> None:
        from ikm_tui.ui.dialogs.message import MessageDialog

        user = self.ikm_app.user
        if user is None or not self._allowed("import_populations"):
            return
        customers = self.ikm_app.services.customers

        def failed(error: IkmError) -> None:
            self.app.push_screen(MessageDialog.from_error(error))

        def imported(summary: object) -> None:
            self._saved(None, "Data pelanggan diimpor.")

        def done(values: list[str] | None) -> None:
            if values is not None and values[0].strip():
                run_service(
                    self,
                    lambda: customers.import_file(self.period_id, values[0].strip(), user),
                    imported,
                    on_error=failed,
                    group="concept-data",
                )

        self.app.push_screen(
            FieldsDialog(
                "Impor data pelanggan",
                [("Berkas CSV atau XLSX", "")],
                note='Kolom "jenis layanan" (kode atau nama) dan "jumlah"; atau satu baris per '
                'pelanggan: "nama", "jenis layanan", "alamat", "tanggal".',
                save_label="Impor",
            ),
            done,
        )

    # -- export, submit, navigation --------------------------------------------------------

    def action_export(self) -> None:
        if self.data is not None:
            export_dialog(self, self.period_id, self.data.document)

    def action_submit(self) -> None:
        from ikm_tui.ui.dialogs.signoff import open_signoff

        if self.data is not None and self._allowed("submit"):
            open_signoff(
                cast("Screen[object]", self),
                self.data.document.id,
                on_done=lambda _doc: self.reload(),
                shown_hash=self.data.document.content_hash,  # the draft on this screen
            )

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()


def _selected_key(table: DataTable[object]) -> str | None:
    if table.row_count == 0:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except Exception:  # noqa: BLE001 - an empty or refreshing table has no selection
        return None
