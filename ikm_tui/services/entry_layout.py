"""Provides the paper-form layout for heads-down entry: fields, their codes, and form conversion.

A `FormLayout` lists the fields in the order printed on the approved questionnaire: jenis layanan
(when the period surveys more than one), the coded profile fields, then the questions in print
order, each tied to its unsur's stable key. The entry screen types codes into these fields;
`build_form` turns the typed codes into a `FormData` and `codes_of` does the reverse (reopening a
saved form for correction). Pure data: no database access here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ikm_tui.persistence.respondents import FormData

LAYANAN = "layanan"  # field kinds
KODE = "kode"
USIA = "usia"
JAWABAN = "jawaban"

LAYANAN_KEY = "jenis_layanan"
BLANK_CODE = "0"  # "tidak menjawab" for answers, "tidak diisi" for profile codes
BLANK_USIA = "00"

SHORT_LABELS = {"jenis_kelamin": "JK", "usia": "Usia", "pendidikan": "Pddk", "pekerjaan": "Pkrj"}
SARAN_MAX_CHARS = 1000  # the saran box of a paper form holds a few lines


@dataclass(frozen=True)
class EntryField:
    """One field of the paper form: a profile code, the age, or an answer to one unsur."""

    key: str  # LAYANAN_KEY, a profile key, or the unsur's stable key
    kind: str  # LAYANAN | KODE | USIA | JAWABAN
    label: str  # short label on the entry grid: "JK", "U3"
    title: str  # long name: "Jenis kelamin", "Waktu Penyelesaian"
    width: int  # keystrokes per value
    options: tuple[tuple[str, str], ...] = ()  # (code, label); answers: ("1", label) .. ("4", ..)
    # jenis layanan codes are letters A, B, ... (domain.questionnaire.service_entry_codes)
    text: str = ""  # the question as printed (answers only)

    def accepts(self, code: str) -> bool:
        """Whether a complete typed code is a valid value of this field."""
        if self.kind == USIA:
            return len(code) == 2 and code.isdigit()
        return code == BLANK_CODE.zfill(self.width) or any(c == code for c, _ in self.options)

    def accepts_prefix(self, digits: str) -> bool:
        """Whether `digits` can still grow into an accepted code (multi-digit fields)."""
        if self.kind == USIA:
            return digits.isdigit()
        return any(code.startswith(digits) for code in self.codes())

    def codes(self) -> list[str]:
        return [BLANK_CODE.zfill(self.width), *(code for code, _ in self.options)]

    def label_of(self, code: str | None) -> str:
        """A typed code as words ("Laki-laki", "Tidak menjawab")."""
        if code is None:
            return "-"
        if self.kind == USIA:
            return "tidak diisi" if code == BLANK_USIA else f"{int(code)} tahun"
        if code.isdigit() and int(code) == 0:
            return "tidak menjawab" if self.kind == JAWABAN else "tidak diisi"
        return dict(self.options).get(code, code)


@dataclass(frozen=True)
class BatchConstants:
    """Values carried from form to form: tanggal survei, sesi, surveyor/bundle, jenis layanan."""

    tanggal_survei: dt.date | None = None
    sesi: str = ""
    batch: str = ""
    service_type_id: int | None = None  # None: typed on each form (when the period has several)


@dataclass(frozen=True)
class FormLayout:
    """The approved questionnaire as an entry form."""

    period_id: int
    period_name: str
    regime_id: str
    questionnaire_id: int
    fields: tuple[EntryField, ...]
    services: tuple[tuple[str, int, str], ...]  # (entry code, service_type_id, nama)
    start_date: dt.date | None = None  # the period's dates: a tanggal survei lies between them
    end_date: dt.date | None = None

    @property
    def unsur_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.kind == JAWABAN)

    def service_id(self, code: str) -> int | None:
        """The service typed as `code` (letters case-insensitive), None for "0" or unknown."""
        return next((sid for c, sid, _ in self.services if c == code.upper()), None)

    def service_code(self, service_type_id: int | None) -> str:
        width = self.service_width
        return next(
            (c for c, sid, _ in self.services if sid == service_type_id), BLANK_CODE.zfill(width)
        )

    def service_name(self, service_type_id: int | None) -> str:
        return next((n for _, sid, n in self.services if sid == service_type_id), "-")

    @property
    def service_width(self) -> int:
        return max((len(code) for code, _, _ in self.services), default=1)

    def fields_for(self, batch: BatchConstants) -> tuple[EntryField, ...]:
        """The fields typed on each form: jenis layanan drops out when it is a batch constant."""
        if batch.service_type_id is not None or len(self.services) <= 1:
            return tuple(f for f in self.fields if f.kind != LAYANAN)
        return self.fields

    def default_service(self) -> int | None:
        """The one service of a single-service period (else None)."""
        return self.services[0][1] if len(self.services) == 1 else None

    def date_problem(self, tanggal: dt.date | None, today: dt.date) -> str:
        """Why `tanggal` cannot be a form's tanggal survei ("" when it can, or is not given)."""
        from ikm_tui.domain.formatting import periode, tanggal_angka

        if tanggal is None:
            return ""
        if tanggal > today:
            return (
                f"Tanggal survei {tanggal_angka(tanggal)} belum tiba: "
                f"tidak boleh setelah hari ini ({tanggal_angka(today)})."
            )
        start, end = self.start_date, self.end_date
        if start is not None and end is not None and not start <= tanggal <= end:
            return (
                f"Tanggal survei {tanggal_angka(tanggal)} di luar "
                f"{periode(self.period_name, 'periode')} ({tanggal_angka(start)} s.d. {tanggal_angka(end)})."
            )
        return ""

    def build_form(self, codes: dict[str, str], batch: BatchConstants, saran: str = "") -> FormData:
        """A FormData from typed codes (every field of `fields_for(batch)` present)."""
        service = batch.service_type_id or self.default_service()
        if LAYANAN_KEY in codes and service is None:
            service = self.service_id(codes[LAYANAN_KEY])
        form = FormData(
            service_type_id=service,
            tanggal_survei=batch.tanggal_survei,
            sesi=batch.sesi,
            batch=batch.batch,
            saran=" ".join(saran.split()),
            source="kertas",
        )
        for field in self.fields:
            code = codes.get(field.key)
            if field.kind == KODE:
                setattr(form, field.key, None if code in (None, BLANK_CODE) else code)
            elif field.kind == USIA:
                form.usia = None if code in (None, BLANK_USIA) else int(code)
            elif field.kind == JAWABAN:
                form.answers[field.key] = None if code in (None, BLANK_CODE) else int(code)
        return form

    def codes_of(self, form: FormData) -> dict[str, str]:
        """The codes that type `form` back in (the reverse of `build_form`)."""
        codes: dict[str, str] = {}
        for field in self.fields:
            if field.kind == LAYANAN:
                codes[field.key] = self.service_code(form.service_type_id)
            elif field.kind == KODE:
                codes[field.key] = getattr(form, field.key) or BLANK_CODE
            elif field.kind == USIA:
                codes[field.key] = BLANK_USIA if form.usia is None else f"{form.usia:02d}"
            else:
                value = form.answers.get(field.key)
                codes[field.key] = BLANK_CODE if value is None else str(value)
        return codes

    def summary(self, form: FormData) -> str:
        """One line describing a form: profile words, then the answers ("-" for blank)."""
        profile = [
            form.jenis_kelamin and self._option("jenis_kelamin", form.jenis_kelamin),
            f"{form.usia} th" if form.usia else None,
            form.pendidikan and self._option("pendidikan", form.pendidikan),
            form.pekerjaan and self._option("pekerjaan", form.pekerjaan),
        ]
        words = ", ".join(p or "-" for p in profile)
        answers = " ".join(
            "-" if form.answers.get(k) is None else str(form.answers[k]) for k in self.unsur_keys
        )
        return f"{words}; jawaban {answers}"

    def _option(self, key: str, code: str) -> str:
        field = next((f for f in self.fields if f.key == key), None)
        return field.label_of(code) if field else code
