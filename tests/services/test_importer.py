"""Provides tests of ImportService: reading, mapping (U-columns, labels, question texts),
rejected rows with reasons, all-or-nothing commit, step gating and the audit entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikm_tui.domain.regimes import get_regime
from ikm_tui.errors import InputFileError, PermissionDenied, ValidationError, WorkflowError
from ikm_tui.persistence import audit_log, respondents
from ikm_tui.persistence.models import AnswerRow, AuditRow, RespondentRow
from ikm_tui.services.import_mapping import IGNORE
from tests.services.conftest import walk_to

NOW = dt.datetime(2026, 9, 15, 10, 0)
UNSUR = [u.key for u in get_regime("permenpanrb-14-2017").unsur]
HEADER = "U1,U2,U3,U4,U5,U6,U7,U8,U9"


def _csv(tmp_path: Path, text: str, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _stored_answers() -> list[dict[str, int | None]]:
    ids = [r.id for r in RespondentRow.select().order_by(RespondentRow.nomor)]
    return [respondents.form_of(i).answers for i in ids]


def _form_findings() -> tuple[object, ...]:
    from ikm_tui.services.verify import AuditHistory, check_forms

    return check_forms(AuditHistory.load(None)).findings


def test_u_columns_map_by_themselves_and_commit_stores_all(services, users, step4, tmp_path):
    path = _csv(tmp_path, HEADER + "\n4,4,3,4,3,4,4,3,4\n1,2,,4,3,2,1,3,4\n")
    preview = services.importer.preview(step4, path)
    assert [preview.mapping[i] for i in range(9)] == UNSUR
    assert preview.unmapped_unsur == ()
    assert preview.total_rows == 2 and preview.rows[1][2] == ""
    result = services.importer.commit(step4, path, None, users["staf"])
    assert (result.stored, result.first_nomor, result.last_nomor) == (2, 1, 2)
    stored = _stored_answers()
    assert stored[0] == dict(zip(UNSUR, [4, 4, 3, 4, 3, 4, 4, 3, 4], strict=True))
    assert stored[1]["waktu"] is None and stored[1]["persyaratan"] == 1
    assert RespondentRow.get(RespondentRow.nomor == 1).source == "impor"
    entry = AuditRow.select().order_by(AuditRow.id.desc()).first()
    assert entry.action == "impor_data" and '"jumlah":2' in entry.detail
    assert audit_log.verify_chain() is None


def test_google_forms_headers_and_labels_semicolon_bom(services, users, step4, tmp_path):
    regime = get_regime("permenpanrb-14-2017")
    questions = [f"{i}. {u.pertanyaan}" for i, u in enumerate(regime.unsur, start=1)]
    header = ";".join(["Stempel waktu", "Jenis Kelamin", "Usia", *questions, "Saran"])
    labels = [u.labels[3] for u in regime.unsur]
    labels[1] = "kurang   MUDAH"  # case and spaces do not matter
    row = ";".join(["14/09/2026 10:22:33", "Perempuan", "34", *labels, "Antrean, dipercepat"])
    path = _csv(tmp_path, header + "\n" + row + "\n", encoding="utf-8-sig")
    preview = services.importer.preview(step4, path)
    assert "titik koma" in preview.described
    assert preview.mapping[0] == "tanggal_survei" and preview.mapping[1] == "jenis_kelamin"
    assert [preview.mapping[i] for i in range(3, 12)] == UNSUR
    assert preview.mapping[12] == "saran"
    services.importer.commit(step4, path, preview.mapping, users["staf"])
    form = respondents.form_of(RespondentRow.get().id)
    assert form.answers["persyaratan"] == 4 and form.answers["prosedur"] == 2
    assert form.tanggal_survei == dt.date(2026, 9, 14)
    assert (form.jenis_kelamin, form.usia, form.saran) == ("2", 34, "Antrean, dipercepat")


def test_user_mapping_overrides_and_ignores(services, users, step4, tmp_path):
    header = "Nama,A,B,C,D,E,F,G,H,I"
    path = _csv(tmp_path, header + "\nAni,1,2,3,4,1,2,3,4,1\n")
    preview = services.importer.preview(step4, path)
    assert set(preview.mapping.values()) == {IGNORE}
    assert len(preview.unmapped_unsur) == 9
    mapping = {0: IGNORE, **{i + 1: key for i, key in enumerate(reversed(UNSUR))}}
    check = services.importer.validate(step4, path, mapping)
    assert check.ok and check.accepted == 1
    services.importer.commit(step4, path, mapping, users["staf"])
    assert _stored_answers()[0]["pengaduan"] == 1 and _stored_answers()[0]["persyaratan"] == 1
    assert _stored_answers()[0]["sarana"] == 2


def test_rejected_rows_name_row_column_value_and_nothing_is_stored(
    services, users, step4, tmp_path
):
    text = (
        HEADER + ",Jenis kelamin,Tanggal\n"
        "4,4,4,4,4,4,4,4,4,1,2026-09-14\n"
        "4,5,4,4,4,4,4,4,4,1,2026-09-14\n"
        ",,,,,,,,,,\n"
        "4,4,4,4,4,4,4,Hebat,4,X,2025-01-01\n"
    )
    path = _csv(tmp_path, text)
    check = services.importer.validate(step4, path)
    assert not check.ok
    assert (check.accepted, check.skipped_blank, check.rejected_rows) == (1, 1, 2)
    found = {(r.row, r.column, r.value) for r in check.rejected}
    assert found == {
        (3, "U2 (B)", "5"),
        (5, "U8 (H)", "Hebat"),
        (5, "Jenis kelamin (J)", "X"),
        (5, "Tanggal (K)", "2025-01-01"),
    }
    assert "Sangat baik" in next(r.reason for r in check.rejected if r.value == "Hebat")
    with pytest.raises(ValidationError, match="Baris 3, kolom U2"):
        services.importer.commit(step4, path, None, users["staf"])
    assert RespondentRow.select().count() == 0 and AnswerRow.select().count() == 0


def test_missing_unsur_column_refuses_commit(services, users, step4, tmp_path):
    path = _csv(tmp_path, "U1,U2,U3,U4,U5,U6,U7,U8\n4,4,4,4,4,4,4,4\n")
    check = services.importer.validate(step4, path)
    assert not check.ok and "U9 Penanganan" in check.problems[0]
    with pytest.raises(ValidationError, match="U9"):
        services.importer.commit(step4, path, None, users["staf"])
    assert RespondentRow.select().count() == 0


def test_commit_is_gated_by_step_4_and_staf(services, users, period, tmp_path):
    path = _csv(tmp_path, HEADER + "\n4,4,4,4,4,4,4,4,4\n")
    with pytest.raises(WorkflowError):
        services.importer.commit(period.id, path, None, users["staf"])
    walk_to(services, users, period.id, 4)
    with pytest.raises(PermissionDenied):
        services.importer.commit(period.id, path, None, users["camat"])
    assert RespondentRow.select().count() == 0


def test_encodings_and_undecodable_bytes(services, step4, tmp_path):
    cp = _csv(
        tmp_path, HEADER + ",Saran\n4,4,4,4,4,4,4,4,4,Pelayanan café\n", "cp.csv", encoding="cp1252"
    )
    assert "Windows-1252" in services.importer.preview(step4, cp).described
    bad = tmp_path / "bad.csv"
    bad.write_bytes(HEADER.encode() + b"\n4,4,4,4,4,4,4,4,\x81\n")
    with pytest.raises(InputFileError, match="baris 2"):
        services.importer.preview(step4, bad)
    with pytest.raises(InputFileError, match="tidak ditemukan"):
        services.importer.preview(step4, tmp_path / "tidak-ada.csv")


def test_xlsx_with_numbers_and_dates(services, users, step4, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tanggal survei", "Jenis layanan", "Usia", *[f"u{i}" for i in range(1, 10)]])
    sheet.append(
        [dt.datetime(2026, 9, 20, 8, 0), "KTP elektronik", 41.0, 4, 3.0, "2", 4, 4, 4, None, 4, 1]
    )
    path = tmp_path / "data.xlsx"
    workbook.save(path)
    services.importer.commit(step4, path, None, users["staf"])
    form = respondents.form_of(RespondentRow.get().id)
    assert form.tanggal_survei == dt.date(2026, 9, 20) and form.usia == 41
    assert form.service_type_id is not None
    assert [form.answers[k] for k in UNSUR] == [4, 3, 2, 4, 4, 4, None, 4, 1]


def test_progress_is_reported_per_chunk_and_numbers_continue(services, users, step4, tmp_path):
    rows = "\n".join(",".join(str((i + j) % 4 + 1) for j in range(9)) for i in range(2500))
    path = _csv(tmp_path, HEADER + "\n" + rows + "\n")
    seen: list[tuple[int, int]] = []
    result = services.importer.commit(
        step4, path, None, users["staf"], progress=lambda done, total: seen.append((done, total))
    )
    assert seen[0] == (1000, 2500) and seen[-1] == (2500, 2500) and len(seen) >= 2
    assert [done for done, _ in seen] == sorted({done for done, _ in seen})
    more = _csv(tmp_path, HEADER + "\n" + rows + "\n4,4,4,4,4,4,4,4,4\n", "lagi.csv")
    again = services.importer.commit(step4, more, None, users["staf"])
    assert (result.last_nomor, again.first_nomor, again.last_nomor) == (2500, 2501, 2501)
    assert (again.stored, again.existing) == (1, 2500)
    assert AnswerRow.select().count() == 2501 * 9


def test_the_same_file_is_not_imported_twice(services, users, step4, tmp_path):
    path = _csv(tmp_path, HEADER + "\n4,4,4,4,4,4,4,4,4\n")
    services.importer.commit(step4, path, None, users["staf"])
    check = services.importer.validate(step4, path)
    assert not check.ok and (check.existing, check.new) == (1, 0)
    assert "Semua 1 baris berkas ini sudah ada di periode ini" in check.problems[0]
    assert (
        "sudah diimpor ke periode ini" in check.problems[0] and "(nomor 1-1)" in check.problems[0]
    )
    with pytest.raises(ValidationError, match="tidak ada baris baru"):
        services.importer.commit(step4, path, None, users["staf"])
    assert RespondentRow.select().count() == 1


GOOGLE = "Stempel waktu,Jenis kelamin,Usia,U1,U2,U3,U4,U5,U6,U7,U8,U9,Alamat email"


def _google_rows(count: int, start: int = 0) -> list[str]:
    """Google Forms rows: a timestamp to the second, profile, answers, an ignored column."""
    return [
        f"2026/09/{1 + i // 40:02d} {8 + i % 8:02d}:{i % 60:02d}:{(7 * i) % 60:02d},"
        f"{'LP'[i % 2]},{20 + i % 50},{','.join(str((i + j) % 4 + 1) for j in range(9))},"
        f"orang{i}@contoh.id"
        for i in range(start, start + count)
    ]


def _download(tmp_path: Path, rows: list[str], name: str = "Survei (Jawaban).csv") -> Path:
    return _csv(tmp_path, GOOGLE + "\n" + "\n".join(rows) + "\n", name)


def test_a_cumulative_download_stores_only_the_new_rows(services, users, step4, tmp_path):
    first = _download(tmp_path, _google_rows(20))
    assert services.importer.commit(step4, first, None, users["staf"]).stored == 20
    second = _download(tmp_path, _google_rows(30))  # the next download: all 30 rows so far
    check = services.importer.validate(step4, second)
    assert check.ok and (check.accepted, check.existing, check.new) == (30, 20, 10)
    assert check.counts == "20 baris sudah ada, 10 baris baru"
    result = services.importer.commit(step4, second, None, users["staf"])
    assert (result.stored, result.existing, result.first_nomor, result.last_nomor) == (
        10,
        20,
        21,
        30,
    )
    assert result.message.startswith("20 baris sudah ada, 10 baris baru disimpan (nomor 21-30)")
    assert respondents.counted(step4) == 30
    # the new rows are the last ten of the file, in order
    ages = [r.usia for r in RespondentRow.select().order_by(RespondentRow.nomor)]
    assert ages[20:] == [20 + i % 50 for i in range(20, 30)]
    entry = AuditRow.select().where(AuditRow.action == "impor_data").order_by(AuditRow.id.desc())
    assert '"sudah_ada":20' in entry.first().detail
    with pytest.raises(ValidationError, match="Semua 30 baris berkas ini sudah ada"):
        services.importer.commit(step4, second, None, users["staf"])
    assert RespondentRow.select().count() == 30
    assert _form_findings() == ()


def test_a_changed_row_counts_as_new(services, users, step4, tmp_path):
    rows = _google_rows(12)
    services.importer.commit(step4, _download(tmp_path, rows), None, users["staf"])
    changed = list(rows)
    cells = changed[4].split(",")
    cells[3] = "1" if cells[3] != "1" else "2"  # the respondent corrected U1
    changed[4] = ",".join(cells)
    check = services.importer.validate(step4, _download(tmp_path, changed, "lagi.csv"))
    assert (check.existing, check.new) == (11, 1)
    retimed = list(rows)  # the same answers at another second: another response
    retimed[7] = retimed[7][:17] + "59" + retimed[7][19:]
    assert retimed[7] != rows[7]
    assert services.importer.validate(step4, _download(tmp_path, retimed, "x.csv")).new == 1


def test_fingerprints_ignore_column_order_ignored_columns_and_the_format(
    services, users, step4, tmp_path
):
    from openpyxl import Workbook

    rows = _google_rows(6)
    services.importer.commit(step4, _download(tmp_path, rows), None, users["staf"])
    # another download: columns reordered, the e-mail column gone, as a workbook
    header = GOOGLE.split(",")[:-1]
    order = [*range(3, 12), 0, 2, 1]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([header[i] for i in order])
    for line in [*rows, *_google_rows(2, 6)]:
        cells = line.split(",")[:-1]
        sheet.append([int(cells[i]) if i >= 2 else cells[i] for i in order])
    path = tmp_path / "unduhan.xlsx"
    workbook.save(path)
    check = services.importer.validate(step4, path)
    assert (check.existing, check.new) == (6, 2)


def test_rows_without_a_timestamp_are_matched_by_content_and_occurrence(
    services, users, step4, tmp_path
):
    same = "4,4,4,4,4,4,4,4,4"
    path = _csv(tmp_path, HEADER + "\n" + "\n".join([same, same, "3,3,3,3,3,3,3,3,3"]) + "\n")
    services.importer.commit(step4, path, None, users["staf"])
    grown = [same, same, "3,3,3,3,3,3,3,3,3", same, "2,2,2,2,2,2,2,2,2"]
    check = services.importer.validate(
        step4, _csv(tmp_path, HEADER + "\n" + "\n".join(grown), "b.csv")
    )
    # two identical answer sets are two respondents: the third one is new
    assert (check.existing, check.new) == (3, 2)


def test_occurrences_rank_equal_hashes_in_file_order():
    from array import array

    from ikm_tui.services.importer import occurrences

    assert occurrences(array("q", [5, 7, 9])) is None
    assert list(occurrences(array("q", [5, 7, 5, 5, -3, 7]))) == [0, 0, 1, 2, 0, 1]


def test_an_import_whose_process_died_is_shown_then_removed_by_the_next(
    services, users, step4, tmp_path, monkeypatch
):
    from ikm_tui.services import importer as module

    rows = "\n".join(",".join(str((i + j) % 4 + 1) for j in range(9)) for i in range(2500))
    path = _csv(tmp_path, HEADER + "\n" + rows + "\n")

    class Killed(BaseException):
        """Stands for SIGKILL: nothing after it runs (the undo is skipped below)."""

    def die(done: int, total: int) -> None:
        if done >= 1000:
            raise Killed

    monkeypatch.setattr(module.ImportService, "_undo", lambda *args: 0)
    with pytest.raises(Killed):
        services.importer.commit(step4, path, None, users["staf"], die)
    monkeypatch.undo()
    # stored pending: numbered, listed as excluded "impor belum selesai", counted nowhere
    assert RespondentRow.select().count() == 1000 and respondents.counted(step4) == 0
    assert {r.exclusion_reason for r in RespondentRow.select()} == {respondents.PENDING_REASON}
    [running] = services.importer.unfinished(step4)
    assert not running.abandoned and "sedang berjalan" in running.text
    assert services.entry.progress(step4).next_nomor == 2501  # the run's numbers are reserved
    with pytest.raises(ValidationError, match="impor yang belum selesai"):
        respondents.set_excluded(RespondentRow.select().first().id, False, "", NOW)
    later = NOW + dt.timedelta(seconds=module.STALE_SECONDS + 1)
    services.importer.clock = lambda: later
    check = services.importer.validate(step4, path)
    assert check.ok and check.new == 2500 and "terhenti" in check.notes[0]
    result = services.importer.commit(step4, path, None, users["staf"])
    # the abandoned numbers are free again (no paper form took a number after them)
    assert (result.stored, result.removed, result.first_nomor) == (2500, 1000, 1)
    assert respondents.counted(step4) == 2500 and services.importer.unfinished(step4) == []
    assert AuditRow.select().where(AuditRow.action == "impor_batal").count() == 1
    assert _form_findings() == ()  # verify: removed by the app, not behind its back


def test_kepmenpan_2004_period_maps_u1_to_u14(services, users, tmp_path):
    period = services.periods.create(
        "SKM 2026 (2004)",
        users["staf"],
        regime_id="kepmenpan-25-2004",
        start_date=dt.date(2026, 9, 1),
    )
    walk_to(services, users, period.id, 4)
    regime = get_regime("kepmenpan-25-2004")
    header = ",".join(f"U{i}" for i in range(1, 15))
    path = _csv(tmp_path, header + "\n" + ",".join(["3"] * 13 + ["Sangat aman"]) + "\n")
    preview = services.importer.preview(period.id, path)
    assert [preview.mapping[i] for i in range(14)] == [u.key for u in regime.unsur]
    services.importer.commit(period.id, path, None, users["staf"])
    answers = respondents.form_of(RespondentRow.get().id).answers
    assert answers["keamanan"] == 4 and answers["kewajaran_biaya"] == 3 and len(answers) == 14


def test_grid_headers_and_numbered_labels(services, users, step4, tmp_path):
    regime = get_regime("permenpanrb-14-2017")
    header = ",".join(f"Penilaian Anda [{u.nama.replace(',', '')}]" for u in regime.unsur)
    cells = [f"{i % 4 + 1} - {u.labels[i % 4]}" for i, u in enumerate(regime.unsur)]
    path = _csv(tmp_path, header + ",Jenis layanan\n" + ",".join(cells) + ",KTP Elektronik\n")
    preview = services.importer.preview(step4, path)
    assert [preview.mapping[i] for i in range(9)] == UNSUR
    assert preview.mapping[9] == "jenis_layanan"
    services.importer.commit(step4, path, preview.mapping, users["staf"])
    form = respondents.form_of(RespondentRow.get().id)
    assert [form.answers[k] for k in UNSUR] == [i % 4 + 1 for i in range(9)]
    assert form.service_type_id == services.periods.period_service_types(step4)[0].id


def test_a_failure_while_storing_rolls_everything_back(services, users, step4, tmp_path):
    rows = "\n".join("4,3,4,3,4,3,4,3,4" for _ in range(2500))
    path = _csv(tmp_path, HEADER + "\n" + rows + "\n")

    def fail_after_first_chunk(done: int, total: int) -> None:
        if done > 1000:
            raise OSError("disk penuh")

    with pytest.raises(OSError):
        services.importer.commit(step4, path, None, users["staf"], fail_after_first_chunk)
    assert RespondentRow.select().count() == 0 and AnswerRow.select().count() == 0
    assert not AuditRow.select().where(AuditRow.action == "impor_data").exists()
    assert services.importer.validate(step4, path).ok  # nothing recorded as imported


answer_cells = st.one_of(
    st.none(),
    st.integers(1, 4).flatmap(
        lambda v: st.sampled_from([v, float(v), str(v), f" {v} ", f"{v}.0", f"{v},0"]).map(
            lambda cell, v=v: (v, cell)
        )
    ),
)


@settings(max_examples=60, deadline=None)  # one converter per example: load varies
@given(rows=st.lists(st.lists(answer_cells, min_size=9, max_size=9), min_size=1, max_size=20))
def test_converted_answers_are_the_values_written_and_blanks_stay_blank(rows):
    from ikm_tui.domain import questionnaire
    from ikm_tui.services.import_mapping import ImportContext, RowConverter

    regime = get_regime("permenpanrb-14-2017")
    context = ImportContext(
        regime,
        questionnaire.template(regime.id),
        (),
        dt.date(2026, 9, 1),
        dt.date(2026, 12, 31),
    )
    convert = RowConverter(dict(enumerate(UNSUR)), context)  # one converter: its memo is used
    for row in rows:
        form, problems = convert([None if cell is None else cell[1] for cell in row])
        assert problems == []
        assert form.answers == {
            key: None if cell is None else cell[0] for key, cell in zip(UNSUR, row, strict=True)
        }


def test_a_large_run_counts_in_steps_and_a_death_between_them_is_undone_whole(
    services, users, step4, tmp_path, monkeypatch
):
    from ikm_tui.services import importer as module

    monkeypatch.setattr(module, "FLIP_CHUNK", 1000)  # 2500 forms: three steps
    rows = "\n".join(",".join(str((i + j) % 4 + 1) for j in range(9)) for i in range(2500))
    path = _csv(tmp_path, HEADER + "\n" + rows + "\n")
    flips = []
    finish = respondents.finish_pending

    class Killed(BaseException):
        """Stands for SIGKILL between two steps."""

    def flip_once(period_id, first, last):
        flips.append((first, last))
        if len(flips) == 2:
            raise Killed
        return finish(period_id, first, last)

    undo = module.ImportService._undo
    monkeypatch.setattr(respondents, "finish_pending", flip_once)
    monkeypatch.setattr(module.ImportService, "_undo", lambda *args: 0)
    with pytest.raises(Killed):
        services.importer.commit(step4, path, None, users["staf"])
    monkeypatch.setattr(respondents, "finish_pending", finish)
    monkeypatch.setattr(module.ImportService, "_undo", undo)
    assert flips == [(1, 1000), (1001, 2000)] and respondents.counted(step4) == 1000
    later = NOW + dt.timedelta(seconds=module.STALE_SECONDS + 1)
    services.importer.clock = lambda: later
    result = services.importer.commit(step4, path, None, users["staf"])
    assert (result.removed, result.stored, result.existing) == (2500, 2500, 0)
    assert respondents.counted(step4) == 2500 and RespondentRow.select().count() == 2500
    assert _form_findings() == ()
