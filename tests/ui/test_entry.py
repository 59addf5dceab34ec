"""Tests the entry screen by keystrokes alone: bursts, refused keys, keystroke count, corrections."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from ikm_tui.clock import fixed_clock
from ikm_tui.persistence.models import AnswerRow, CorrectionRow, RespondentRow
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.screens.entry import EntryScreen
from ikm_tui.ui.widgets.form_entry import FormEntry
from tests.ui.conftest import PASSWORD, log_in, settle

NOW = dt.datetime(2026, 9, 15, 9, 30)
SIZE = (80, 24)


class Office:
    def __init__(self, services: Services, period_id: int, users: dict) -> None:
        self.services = services
        self.period_id = period_id
        self.users = users


@pytest.fixture
def office(db) -> Office:
    """Three jenis layanan; the Camat has approved the kuesioner, so step 4 is current."""
    services = Services(fixed_clock(NOW))
    people = (
        ("admin", "Admin", "", ("admin",)),
        ("sari", "Sari Wulandari, S.AP", "199001012015032001", ("staf",)),
        ("budi", "Drs. Budi Santoso, M.Si", "197505052000031002", ("sekcam",)),
        ("agus", "Agus Prasetyo, S.STP", "198003032002121003", ("camat",)),
    )
    users: dict = {}
    for username, name, nip, roles in people:
        users[username] = services.users.add(
            username, name, nip, "Jabatan", "", roles, PASSWORD, users.get("admin")
        )
    for kode, nama in (("01", "KTP elektronik"), ("02", "Kartu keluarga"), ("03", "IMB")):
        services.periods.add_service_type(kode, nama, users["sari"])
    period = services.periods.create("SKM 2026", users["sari"], start_date=dt.date(2026, 9, 1))
    document = services.signoff.latest(period.id, "kuesioner")
    services.signoff.submit(document.id, users["sari"], PASSWORD)
    services.signoff.approve(document.id, users["budi"], PASSWORD)
    services.signoff.approve(document.id, users["agus"], PASSWORD)
    return Office(services, period.id, users)


async def open_entry(pilot: Pilot[object], office: Office) -> FormEntry:
    await log_in(pilot, "sari")
    pilot.app.push_screen(EntryScreen(office.period_id))
    await settle(pilot)
    entry = pilot.app.screen.query_one(FormEntry)
    assert pilot.app.focused is entry
    return entry


def random_form(rng: random.Random) -> tuple[list[str], dict[str, object]]:
    """Keys for one form (layanan, JK, usia, pendidikan, pekerjaan, 9 answers, Enter)."""
    layanan = rng.choice(["A", "b", "B", "c", "0"])  # letters typed in either case
    jk = rng.choice("120")
    usia = rng.choice(["17", "34", "58", "00", "71"])
    pendidikan = rng.choice("12345670")
    pekerjaan = rng.choice("1234560")
    answers = [rng.choice("12340") for _ in range(9)]
    keys = [layanan, jk, *usia, pendidikan, pekerjaan, *answers, "enter"]
    expected = {
        "layanan": None if layanan == "0" else layanan.upper(),
        "jenis_kelamin": None if jk == "0" else jk,
        "usia": None if usia == "00" else int(usia),
        "pendidikan": None if pendidikan == "0" else pendidikan,
        "pekerjaan": None if pekerjaan == "0" else pekerjaan,
        "answers": [None if a == "0" else int(a) for a in answers],
    }
    return keys, expected


def stored_forms(office: Office) -> list[dict[str, object]]:
    layout = office.services.entry.layout(office.period_id)
    codes = {sid: code for code, sid, _ in layout.services}
    result = []
    for row in RespondentRow.select().order_by(RespondentRow.nomor):
        answers = dict(
            AnswerRow.select(AnswerRow.unsur_key, AnswerRow.value)
            .where(AnswerRow.respondent == row.id)
            .tuples()
        )
        result.append(
            {
                "layanan": codes.get(row.service_type_id),
                "jenis_kelamin": row.jenis_kelamin,
                "usia": row.usia,
                "pendidikan": row.pendidikan,
                "pekerjaan": row.pekerjaan,
                "answers": [answers[key] for key in layout.unsur_keys],
            }
        )
    return result


async def test_twenty_forms_in_one_burst(office: Office) -> None:
    """20 forms as ONE burst of keys with no pauses; stored answers equal what was typed."""
    rng = random.Random(20)
    forms = [random_form(rng) for _ in range(20)]
    keys = [key for form_keys, _ in forms for key in form_keys]
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        await pilot.press(*keys)
        await pilot.pause()
        assert entry.saved_count == 20
        assert entry.progress.count == 20 and entry.progress.next_nomor == 21
    assert stored_forms(office) == [expected for _, expected in forms]


async def test_keystrokes_per_form_at_most_16(office: Office) -> None:
    keys = ["b", "1", "3", "4", "3", "5", "4", "4", "3", "4", "4", "3", "4", "4", "4", "enter"]
    assert len(keys) <= 16
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        for key in keys[:-1]:
            await pilot.press(key)
        assert entry.state.complete and entry.state.current is None
        await pilot.press("enter")
        assert entry.saved_count == 1
    assert stored_forms(office)[0] == {
        "layanan": "B",
        "jenis_kelamin": "1",
        "usia": 34,
        "pendidikan": "3",
        "pekerjaan": "5",
        "answers": [4, 4, 3, 4, 4, 3, 4, 4, 4],
    }


@pytest.fixture
def demo(tmp_path) -> Iterator[Services]:
    """The demo office (10 jenis layanan; "Periode II 2026" at step 4), connected."""
    from ikm_tui.persistence import db as db_module
    from ikm_tui.services.demo import build_demo

    path = tmp_path / "demo.db"
    build_demo(path)
    db_module.connect(str(path))
    yield Services()
    db_module.close()


async def test_demo_form_takes_16_keystrokes(demo: Services) -> None:
    """On the demo's 10 services a form is 1 (layanan letter) + 5 profile + 9 answers + Enter."""
    from ikm_tui.persistence.models import PeriodRow
    from ikm_tui.persistence.respondents import form_of

    period_id = PeriodRow.get(PeriodRow.name == "Periode II 2026").id
    layout = demo.entry.layout(period_id)
    assert [code for code, _, _ in layout.services] == list("ABCDEFGHIJ")
    keys = ["j", "2", "4", "6", "3", "2", *"432104321", "enter"]
    assert len(keys) == 16
    async with IkmApp(demo).run_test(size=SIZE) as pilot:
        await log_in(pilot, "agus", "staf2026")
        pilot.app.push_screen(EntryScreen(period_id))
        await settle(pilot)
        entry = pilot.app.screen.query_one(FormEntry)
        nomor = entry.progress.next_nomor
        for key in keys[:-1]:
            await pilot.press(key)
        assert entry.state.complete and entry.state.current is None
        await pilot.press("enter")
        assert entry.saved_count == 1
    row = RespondentRow.get((RespondentRow.period == period_id) & (RespondentRow.nomor == nomor))
    form = form_of(row.id)
    assert form.service_type_id == layout.service_id("J") == layout.services[9][1]
    assert (form.jenis_kelamin, form.usia, form.pendidikan, form.pekerjaan) == ("2", 46, "3", "2")
    assert [form.answers[k] for k in layout.unsur_keys] == [4, 3, 2, 1, None, 4, 3, 2, 1]


async def test_refused_keys_change_nothing(office: Office) -> None:
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        # jenis layanan takes a letter of the three services only; digits other than 0 are refused
        await pilot.press("1", "2", "d", "z")
        assert entry.state.index == 0 and not entry.state.codes and entry.refused
        await pilot.press("a", "2", "3", "4", "5", "6")  # layanan A, JK 2, usia 34, Pddk 5, Pkrj 6
        assert entry.state.codes["jenis_layanan"] == "A"
        before = (dict(entry.state.codes), entry.state.index)
        answer_field = entry.state.current
        assert answer_field is not None and answer_field.label == "U1"
        await pilot.press("5", "9", "a", "B", "space", "x", "tab", "minus")
        assert (dict(entry.state.codes), entry.state.index) == before
        assert entry.refused and "ditolak" in entry.message
        assert pilot.app.focused is entry
        await pilot.press("4")
        assert not entry.refused and entry.state.codes["persyaratan"] == "4"
        # pekerjaan has codes 1-6: 7 is refused at that field after going back
        await pilot.press("backspace", "backspace")
        assert entry.state.current.key == "pekerjaan"
        await pilot.press("7", "8")
        assert entry.state.codes["pekerjaan"] == "6" and entry.state.current.key == "pekerjaan"
        # usia takes exactly two digits, then the cursor moves on
        await pilot.press("backspace", "backspace")
        assert entry.state.current.key == "usia"
        await pilot.press("6")
        assert entry.state.current.key == "usia" and entry.state.partial == "6"
        await pilot.press("1")
        assert entry.state.codes["usia"] == "61" and entry.state.current.key == "pendidikan"
        # Enter on an incomplete form saves nothing and points at the first missing field
        await pilot.press("enter")
        assert entry.saved_count == 0 and entry.state.current.key == "prosedur"
    assert RespondentRow.select().count() == 0


async def test_batch_layanan_and_correction(office: Office) -> None:
    """A fixed jenis layanan drops that keystroke; F3 reopens the last form; a reason is asked."""
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("enter", "enter", "enter", "c", "enter")  # keep date/sesi/bundel; IMB
        await settle(pilot)
        assert entry.constants.service_type_id is not None and not entry.has_layanan_field()
        await pilot.press("1", "4", "5", "3", "2", *"444444444", "enter")
        assert entry.saved_count == 1
        await pilot.press("f3")
        assert entry.correcting is not None and entry.correcting.nomor == 1
        await pilot.press("a", "right", "right", "right", "right", "2", "enter")  # layanan A
        await settle(pilot)
        await pilot.press(*"salah ketik", "enter")
        await settle(pilot)
        assert entry.correcting is None and "Koreksi tersimpan" in entry.message
    rows = stored_forms(office)
    assert rows[0]["layanan"] == "A" and rows[0]["answers"][0] == 2  # not the batch's IMB
    assert CorrectionRow.get().reason == "salah ketik"


async def test_screen_refuses_before_approval(db) -> None:
    services = Services(fixed_clock(NOW))
    staf = services.users.add(
        "sari", "Sari", "199001012015032001", "Pelaksana", "", ("staf",), PASSWORD, None
    )
    period = services.periods.create("SKM 2026", staf, start_date=dt.date(2026, 9, 1))
    async with IkmApp(services).run_test(size=SIZE) as pilot:
        await log_in(pilot, "sari")
        pilot.app.push_screen(EntryScreen(period.id))
        await settle(pilot)
        assert not pilot.app.screen.query(FormEntry)
        assert "kuesioner belum disetujui" in str(
            pilot.app.screen.query_one("#entry-error").render()
        )


def send_burst(app: IkmApp, keys: list[str]) -> None:
    """Queue every key event at once, as a terminal delivers type-ahead over a slow link."""
    from textual import events

    for key in keys:
        character = key if len(key) == 1 else ("\r" if key == "enter" else None)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


async def test_type_ahead_queued_before_processing(office: Office) -> None:
    """30 forms queued before the first key is processed: none lost, none in the wrong form."""
    rng = random.Random(30)
    forms = [random_form(rng) for _ in range(30)]
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        send_burst(pilot.app, [key for form_keys, _ in forms for key in form_keys])
        await settle(pilot)
        assert entry.saved_count == 30 and entry.state.empty
    assert stored_forms(office) == [expected for _, expected in forms]


async def test_screen_text_at_80x24(office: Office) -> None:
    """The form fits 80 columns: number, counts, code list of the field, last saved summary."""
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        text = "\n".join("".join(t for t, _ in line.runs) for line in entry._lines)
        assert "Formulir no. 1" in text and "Terkumpul 0" in text
        # code list of the current field (jenis layanan), each entry one unbreakable word
        assert "A\u00a0KTP\u00a0elektronik" in text and "C\u00a0IMB" in text
        await pilot.press("B", "1", "3", "4", "3", "5")
        text = "\n".join("".join(t for t, _ in line.runs) for line in entry._lines)
        assert "U1: 1 Tidak sesuai" in text and "4 Sangat sesuai" in text
        assert "Bagaimana pendapat Saudara tentang kesesuaian persyaratan" in " ".join(text.split())
        assert " Bagaimana pendapat Saudara tentang".ljust(80) in text.splitlines()  # its own line
        await pilot.press(*"444444444", "enter")
        text = "\n".join("".join(t for t, _ in line.runs) for line in entry._lines)
        assert "Tersimpan: formulir no. 1" in text and "Formulir no. 2" in text
        assert "Terkumpul 1" in text and "A:\u00a00   B:\u00a01   C:\u00a00" in text
        assert all(sum(len(t) for t, _ in line.runs) == 80 for line in entry._lines)
        print(text)


async def test_exclusion_needs_reason_and_escape_guard(office: Office) -> None:
    """F4 asks the form number and a reason; a half-typed form needs a second Escape to leave."""
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        await pilot.press("a", "2", "3", "4", "5", "6", *"432143214", "enter")
        assert entry.progress.count == 1
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter", "enter")  # number 1 prefilled; empty reason is refused
        await settle(pilot)
        assert pilot.app.screen is not entry.screen  # the dialog is still open
        await pilot.press(*"ganda", "enter")
        await settle(pilot)
        assert entry.progress.count == 0 and entry.last_saved.excluded
        assert "dikecualikan" in entry.message
        await pilot.press("b", "escape")
        assert isinstance(pilot.app.screen, EntryScreen) and entry.refused
        await pilot.press("1", "escape")  # typing again re-arms the warning
        assert isinstance(pilot.app.screen, EntryScreen) and entry.refused
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, EntryScreen)
    row = RespondentRow.get()
    assert row.excluded and row.exclusion_reason == "ganda"
    assert CorrectionRow.get().kind == "kecualikan"


async def test_failed_save_keeps_form_and_refuses_type_ahead(office: Office) -> None:
    """Collection closed behind the screen's back: Enter stores nothing; keys typed after it
    are refused instead of starting a new form."""
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        await pilot.press("a", "2", "3", "4", "5", "6", *"432143214", "enter")
        office.services.workflow.close_collection(office.period_id, office.users["sari"])
        send_burst(pilot.app, ["B", "1", "3", "4", "5", "6", *"111111111", "enter", "3", "1"])
        await settle(pilot)
        assert entry.saved_count == 1 and entry.refused
        assert entry.state.complete and entry.state.codes["persyaratan"] == "1"
    assert RespondentRow.select().count() == 1


async def test_keys_typed_while_the_screen_opens(office: Office) -> None:
    """Forms typed right after the screen is pushed (before it is mounted) are all stored."""
    rng = random.Random(7)
    forms = [random_form(rng) for _ in range(3)]
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        await log_in(pilot, "sari")
        pilot.app.push_screen(EntryScreen(office.period_id))
        send_burst(pilot.app, [key for form_keys, _ in forms for key in form_keys])
        await settle(pilot)
        assert pilot.app.screen.query_one(FormEntry).saved_count == 3
    assert stored_forms(office) == [expected for _, expected in forms]


async def test_reopen_any_form_by_number(office: Office) -> None:
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        for answer in "123":
            await pilot.press("a", "2", "3", "4", "5", "6", *(answer * 9), "enter")
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)
        assert entry.correcting is not None and entry.correcting.nomor == 2
        assert entry.state.codes["persyaratan"] == "2"
        await pilot.press("escape")
        assert entry.correcting is None and entry.state.empty


async def test_answer_key_changes_only_grid_labels_and_question_rest(office: Office) -> None:
    """U3 -> U4: the shared opening "Bagaimana pendapat Saudara tentang", the counts, the message
    and the last-saved lines stay as they are; only three lines change, within their text."""
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        await pilot.press("a", "1", "3", "4", "3", "5", "4", "4")
        before = list(entry._lines)
        await pilot.press("3")
        after = entry._lines
        assert entry.state.current.label == "U4" and len(before) == len(after)
        changed = {
            y: b.diff(a)
            for y, (b, a) in enumerate(zip(before, after, strict=True))
            if b.diff(a) is not None
        }
        texts = ["".join(t for t, _ in line.runs) for line in after]
        assert len(changed) == 3
        assert any(texts[y].strip().startswith("U4: 1 Sangat mahal") for y in changed)
        assert any(texts[y].strip() == "kewajaran biaya/tarif dalam pelayanan?" for y in changed)
        lead = texts.index(" Bagaimana pendapat Saudara tentang".ljust(80))
        assert lead not in changed
        assert all(end <= 80 - 10 for _, end in changed.values())  # never the padding to the edge
        # the cursor is a plain block character; a refused key paints that cell red
        assert any("\u2588" in text for text in texts)
        assert not any(c in ("cursor", "refused") for line in after for _, c in line.runs)
        await pilot.press("7")
        runs = [run for line in entry._lines for run in line.runs]
        assert ("_", "refused") in runs and not any("\u2588" in t for t, _ in runs)


def test_blank_cells_compare_by_look() -> None:
    from ikm_tui.ui.widgets.form_lines import Line

    plain = Line(((" ab  ", None),))
    assert plain.diff(Line(((" ab", None), ("  ", "ok")))) is None  # spaces look the same
    assert plain.diff(Line(((" ab", None), (" ", "cursor"), (" ", None)))) == (3, 4)
    assert plain.diff(Line(((" ab  ", "ok"),))) == (1, 3)  # letters restyled


FORM_KEYS = ["a", "2", "3", "4", "5", "6", *"432143214"]


async def test_saran_line_is_optional_and_typed_in_order(office: Office) -> None:
    """F7 opens the saran line; its keys (also "?" and letters) go into it in order, Enter
    saves the form with it; a form without F7 costs no key more and has no saran."""
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        text = "Antrian lama? Mohon kursi."
        send_burst(pilot.app, [*FORM_KEYS, "f7", *text, "enter", *FORM_KEYS, "enter"])
        await settle(pilot)
        assert entry.saved_count == 2 and entry.state.empty and not entry.state.saran_open
        assert isinstance(pilot.app.screen, EntryScreen)  # "?" was text, not the help screen
        await pilot.press("f7", *"x y", "backspace", "escape")
        assert not entry.state.saran_open and entry.state.saran == "x "
        lines = ["".join(t for t, _ in line.runs) for line in entry._lines]
        assert any(line.startswith(" Saran (F7): x") for line in lines)
    sarans = [row.saran for row in RespondentRow.select().order_by(RespondentRow.nomor)]
    assert sarans == [text, ""]


async def test_saran_kept_by_correction(office: Office) -> None:
    """Reopening a form shows its saran; a correction that does not touch it keeps it."""
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        await pilot.press(*FORM_KEYS, "f7", *"bagus", "enter")
        await pilot.press("f3")
        assert entry.state.saran == "bagus"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"cek", "enter")
        await settle(pilot)
        assert "Koreksi tersimpan" in entry.message
    assert RespondentRow.get().saran == "bagus"


async def test_batch_date_checked_in_the_dialog(office: Office) -> None:
    """F2: a date after today or outside the period keeps the dialog open with the reason."""
    from textual.widgets import Input, Static

    from ikm_tui.ui.dialogs.entry_batch import BatchDialog

    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        await pilot.press("f2")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, BatchDialog)
        for typed, words in (("16-09-2026", "setelah hari ini"), ("31-08-2026", "di luar periode")):
            dialog.query_one("#tanggal", Input).value = typed
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert pilot.app.screen is dialog
            assert words in str(dialog.query_one("#error", Static).render())
        dialog.query_one("#tanggal", Input).value = "14-09-2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is not dialog
        assert entry.constants.tanggal_survei == dt.date(2026, 9, 14)


async def test_carried_date_pointed_out_when_entry_opens(office: Office) -> None:
    """A form saved on an earlier day: its tanggal survei is carried, and a notice says so."""
    earlier = Services(fixed_clock(NOW - dt.timedelta(days=3)))
    layout = earlier.entry.layout(office.period_id)
    codes = {f.key: "0" * f.width for f in layout.fields}
    form = layout.build_form(codes, entry_batch(dt.date(2026, 9, 11)))
    earlier.entry.save_form(office.period_id, form, office.users["sari"])
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        assert entry.constants.tanggal_survei == dt.date(2026, 9, 11)
        notes = [n.message for n in pilot.app._notifications]
        assert any("11 September 2026 terbawa" in note for note in notes)
        assert pilot.app.focused is entry  # a notice, not a dialog
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:  # saved today: no notice
        office.services.entry.save_form(office.period_id, form, office.users["sari"])
        await open_entry(pilot, office)
        assert not list(pilot.app._notifications)


def entry_batch(day: dt.date, sesi: str = "", bundle: str = "", service: int | None = None):
    from ikm_tui.services.entry_layout import BatchConstants

    return BatchConstants(day, sesi, bundle, service)


async def test_correction_header_shows_the_forms_own_batch(office: Office) -> None:
    """F5 on form 1 shows form 1's date, sesi, bundle and service, not the current batch."""
    layout = office.services.entry.layout(office.period_id)
    codes = {f.key: "0" * f.width for f in layout.fields} | {"jenis_layanan": "B"}
    form = layout.build_form(codes, entry_batch(dt.date(2026, 9, 2), "08.00-12.00", "7"))
    office.services.entry.save_form(office.period_id, form, office.users["sari"])
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        entry.set_batch(
            entry_batch(dt.date(2026, 9, 15), "13.00-17.00", "9", layout.service_id("C"))
        )
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert entry.correcting is not None
        header = entry.batch_text()
        assert "02-09-2026" in header and "08.00-12.00" in header and "Bundel 7" in header
        assert "Kartu keluarga" in header and "IMB" not in header and "Bundel 9" not in header
        await pilot.press("escape")
        header = entry.batch_text()
        assert "15-09-2026" in header and "IMB (tetap)" in header


async def test_ctrl_q_asks_with_a_half_typed_form(office: Office) -> None:
    """Ctrl+Q (and Dasbor in the palette) with typing on the form asks; N keeps everything."""
    from ikm_tui.ui.dialogs.confirm import ConfirmDialog

    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        await pilot.press("a", "2", "ctrl+q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert "setengah terisi" in pilot.app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert pilot.app.screen is entry.screen and entry.state.codes == {
            "jenis_layanan": "A",
            "jenis_kelamin": "2",
        }
        await pilot.app.action_dashboard()
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
        assert not pilot.app.is_running
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:  # empty form: no question
        await open_entry(pilot, office)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not pilot.app.is_running


async def test_help_lists_answer_keys_by_f1_and_question_mark(office: Office) -> None:
    from textual.widgets import DataTable

    from ikm_tui.ui.screens.help import HelpScreen

    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(pilot.app.screen, HelpScreen), key
            table = pilot.app.screen.query_one(DataTable)
            keys = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
            assert "1-4" in keys and "0" in keys and "Enter" in keys
            await pilot.press("escape")
            await settle(pilot)
            assert pilot.app.focused is entry and not entry.refused


async def test_exclusion_suggests_the_form_being_corrected(office: Office) -> None:
    """F4 while form 1 is reopened (form 2 saved last): number 1, and the example names it."""
    from textual.widgets import Input

    from ikm_tui.ui.dialogs.correction import ReasonDialog

    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        await open_entry(pilot, office)
        await pilot.press(*FORM_KEYS, "enter", *FORM_KEYS, "enter", "f5")
        await settle(pilot)
        await pilot.press("1", "enter")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ReasonDialog)
        assert dialog.query_one("#nomor", Input).value == "1"
        assert "no. 1:" in dialog.query_one("#reason", Input).placeholder
        dialog.query_one("#nomor", Input).value = "2"
        await settle(pilot)
        assert "no. 2:" in dialog.query_one("#reason", Input).placeholder


async def test_a_long_message_is_never_cut_and_the_form_keeps_its_lines(office: Office) -> None:
    """The Escape warning is longer than 78 columns: it wraps over the keys hint (never "…"),
    the form keeps its number of lines, and a short message brings the hint back."""
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        await pilot.press("a", "2", "3", "4", "5", "6", *"432143214", "enter")

        def shown() -> list[str]:
            return ["".join(t for t, _ in line.runs).strip() for line in entry._lines]

        count = len(entry._lines)
        await pilot.press("b", "escape")
        lines = shown()
        assert len(entry._lines) == count and "…" not in "\n".join(lines)
        assert len(entry.message) > 78
        assert " ".join(entry.message.split()) in " ".join(" ".join(lines).split())
        assert not any(line.startswith("1-4 jawab") for line in lines)
        assert any(line.startswith("Tersimpan: formulir no. 1") for line in lines)
        await pilot.press("backspace")  # a short message: the keys hint is back
        lines = shown()
        assert len(entry._lines) == count and lines[-1].startswith("1-4 jawab")


def _elsewhere(office: Office, forms: int, code: str = "C") -> None:
    """`forms` paper forms of service `code` saved from another window: its own Services and
    database connection, in another thread (as another process would)."""
    import threading

    from ikm_tui.persistence import db as db_module
    from ikm_tui.persistence.respondents import FormData

    other = Services(fixed_clock(NOW))
    layout = other.entry.layout(office.period_id)

    def save() -> None:
        try:
            for _ in range(forms):
                form = FormData(
                    service_type_id=layout.service_id(code),
                    tanggal_survei=dt.date(2026, 9, 14),
                    answers=dict.fromkeys(layout.unsur_keys, 3),
                )
                other.entry.save_form(office.period_id, form, office.users["sari"])
        finally:
            db_module.close()

    thread = threading.Thread(target=save)
    thread.start()
    thread.join()


def _counts(entry: FormEntry) -> str:
    text = "\n".join("".join(t for t, _ in line.runs) for line in entry._lines)
    return " ".join(line for line in text.splitlines() if "Terkumpul" in line or "A:" in line)


async def test_counts_follow_forms_saved_elsewhere_on_a_timer(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ikm_tui.ui.screens import entry as screen_module

    monkeypatch.setattr(screen_module, "REFRESH_SECONDS", 0.2)
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        assert "Terkumpul 0" in _counts(entry)
        _elsewhere(office, 3)  # another window saves three forms of service C
        await pilot.pause(0.6)  # the timer's worker re-reads them
        await settle(pilot)
        assert "Terkumpul 3" in _counts(entry) and "C:\u00a03" in _counts(entry)
        await pilot.press("A", "1", "3", "4", "3", "5", *"444444444", "enter")
        await pilot.pause(0.6)
        await settle(pilot)
        assert "Terkumpul 4" in _counts(entry) and "A:\u00a01" in _counts(entry)


async def test_counts_follow_others_on_save_and_on_return_never_per_key(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ikm_tui.services.entry import EntryService
    from ikm_tui.ui.screens import entry as screen_module

    monkeypatch.setattr(screen_module, "REFRESH_SECONDS", 3600)  # no timer in this test
    asked: list[str] = []
    for name in ("last_write", "progress"):
        method = getattr(EntryService, name)
        monkeypatch.setattr(
            EntryService, name, lambda *a, _m=method, _n=name: asked.append(_n) or _m(*a)
        )
    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        _elsewhere(office, 2)
        asked.clear()
        await pilot.press("A", "1", "3", "4", "3", "5", *"444444444")
        await settle(pilot)
        assert asked == []  # typing never asks the database
        await pilot.press("enter")
        await settle(pilot)
        # saved as no. 3, not the expected 1: the others' two are counted too
        assert "Tersimpan: formulir no. 3" in "\n".join(
            "".join(t for t, _ in line.runs) for line in entry._lines
        )
        assert "Terkumpul 3" in _counts(entry) and "C:\u00a02" in _counts(entry)
        asked.clear()
        await pilot.press("B", "1", "3", "4", "3", "5", *"444444444", "enter")
        await settle(pilot)
        assert asked == [] and "Terkumpul 4" in _counts(entry)  # no. 4 as expected: no query
        # back from a dialog: one look at the last write, the counts only when it moved
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert asked == ["last_write", "progress"]
        asked.clear()
        await pilot.press("f2")  # nothing written since: the counts are not asked again
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert asked == ["last_write"]
        _elsewhere(office, 1, code="B")
        await pilot.press("f2")  # a dialog over the form, then back: counts re-read
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "Terkumpul 5" in _counts(entry) and "B:\u00a02" in _counts(entry)


async def test_large_counts_are_written_with_thousands_separators(office: Office) -> None:
    """150.292 forms read as the rest of the app writes numbers, overall and per layanan."""
    import dataclasses

    async with IkmApp(office.services).run_test(size=SIZE) as pilot:
        entry = await open_entry(pilot, office)
        progress = entry.progress
        first = dataclasses.replace(progress.per_service[0], count=150045)
        entry.progress = dataclasses.replace(
            progress, count=150292, per_service=(first, *progress.per_service[1:])
        )
        entry.redraw()
        text = "\n".join("".join(t for t, _ in line.runs) for line in entry._lines)
    assert "Terkumpul 150.292" in text and "A:\u00a0150.045" in text, text
