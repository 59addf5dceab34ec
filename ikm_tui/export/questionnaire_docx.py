"""Provides the printable questionnaire: the Word template's context and the same layout as text.

Both walk one layout (`form_layout`), so what the reviewers read on screen is what gets
printed: header fields, profile fields with their printed codes, the jenis layanan list with
the letters the officer types on the entry screen (A, B, ...), each question numbered in print
order with its four options (boxes 1-4), a narrow "Kode petugas" column for the officer's
entry code, saran lines and the sign-off blocks. The Word document itself is rendered by the
document engine from `export/templates/kuesioner.docx` with `questionnaire_context`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ikm_tui.domain.questionnaire import service_entry_codes
from ikm_tui.export.docx_common import DOTS, Kop, Signer

BOX = "\u2610"  # ballot box: the respondent crosses the chosen option
SESSIONS = ("08.00-12.00", "13.00-17.00")
CODE_HEADER = "Kode petugas"
SARAN_LINES = 2
THANKS = "Terima kasih atas kesediaan Bapak/Ibu/Saudara mengisi kuesioner ini."


@dataclass(frozen=True)
class FormRow:
    """One row of the form: number or label, the text, and its printed options (code, label)."""

    number: str
    text: str
    options: tuple[tuple[str, str], ...]
    blank: str = ""  # a fill-in blank instead of options, e.g. "____ tahun"


@dataclass(frozen=True)
class FormLayout:
    """The printable questionnaire as plain data."""

    judul: str
    pengantar: str
    header: tuple[FormRow, ...]
    profile: tuple[FormRow, ...]
    questions: tuple[FormRow, ...]
    saran: str


def form_layout(content: Mapping[str, Any]) -> FormLayout:
    """The questionnaire dict (domain.questionnaire) laid out for print."""
    header = (
        FormRow(
            "",
            "Tanggal survei",
            (),
            blank="..... - ..... - 20.....",
        ),
        FormRow("", "Jam survei", tuple((str(i + 1), s) for i, s in enumerate(SESSIONS))),
    )
    profile = []
    for field in content.get("profile", []):
        options = tuple((str(code), str(label)) for code, label in field.get("options", []))
        blank = "" if options else "........ tahun" if field.get("key") == "usia" else DOTS
        profile.append(FormRow("", str(field["label"]), options, blank=blank))
    printed = content.get("services", [])
    services = tuple(
        (code, str(s["nama"]))
        for code, s in zip(service_entry_codes(len(printed)), printed, strict=True)
    )
    if services:
        profile.append(FormRow("", "Jenis layanan yang diterima", services))
    questions = tuple(
        FormRow(
            f"{number}.",
            str(q["pertanyaan"]),
            tuple((str(i + 1), str(label)) for i, label in enumerate(q["labels"])),
        )
        for number, q in enumerate(content.get("questions", []), start=1)
    )
    return FormLayout(
        str(content.get("judul", "")),
        str(content.get("pengantar", "")),
        header,
        tuple(profile),
        questions,
        str(content.get("saran", "")),
    )


@dataclass(frozen=True)
class PrintFrame:
    """What surrounds the form: kop, DRAF marking ("" when approved), subtitle, signatures."""

    kop: Kop | None
    signers: tuple[Signer, ...]
    watermark: str
    subtitle: str = ""
    place_date: str = ""


NBSP = "\u00a0"
NB_HYPHEN = "\u2011"
OPTION_GAP = "\u2003 "  # between options: a line may break here (the space), never inside one


def option_text(code: str, label: str) -> str:
    """One printed option, "☐ 1. Kurang sesuai", joined by no-break spaces so a line never
    breaks inside it."""
    return NBSP.join([BOX, f"{code}.", *label.split()]).replace("-", NB_HYPHEN)


def _options_text(row: FormRow) -> str:
    if row.blank:
        return row.blank
    return OPTION_GAP.join(option_text(code, label) for code, label in row.options)


def _row(row: FormRow) -> dict[str, Any]:
    return {
        "nomor": row.number,
        "label": row.text,
        "teks": row.text,
        "isian": _options_text(row),
        "opsi": [option_text(code, label) for code, label in row.options],
    }


def questionnaire_context(content: Mapping[str, Any], subtitle: str) -> dict[str, Any]:
    """The kuesioner template's own placeholders (export/kinds.py) from the questionnaire dict."""
    layout = form_layout(content)
    # on paper the survey's date and session share one row (the 9-unsur form fits one sheet)
    survey = {
        "label": " / ".join(row.text for row in layout.header),
        "isian": OPTION_GAP.join(_options_text(row) for row in layout.header),
    }
    return {
        "judul": layout.judul,
        "subjudul": subtitle,
        "pengantar": layout.pengantar,
        "data_survei": [_row(FormRow("", "", ())) | survey],
        "profil": [_row(row) for row in layout.profile],
        "pertanyaan": [_row(row) for row in layout.questions],
        "saran": layout.saran or "Saran:",
        "baris_saran": [""] * SARAN_LINES,  # the template draws one dotted line per item
        "terima_kasih": THANKS,
    }


def questionnaire_text(content: Mapping[str, Any], frame: PrintFrame, width: int = 76) -> str:
    """The same layout as the Word document, as plain text lines for a scrollable screen."""
    layout = form_layout(content)
    kop, subtitle = frame.kop, frame.subtitle
    lines: list[str] = []
    if frame.watermark:
        lines += [f"*** {frame.watermark} ***".rjust(width), ""]
    if kop is not None:
        lines += [kop.pemerintah.center(width), kop.nama_unit.center(width)]
        lines += [
            part.center(width) for line in kop.address_lines for part in textwrap.wrap(line, width)
        ] + ["=" * width, ""]
    lines += ["No. Responden: ________".rjust(width), "", layout.judul.center(width)]
    lines += [subtitle.center(width)] if subtitle else []
    lines += [""] + textwrap.wrap(layout.pengantar, width) + [""]
    for heading, rows in (
        ("DATA SURVEI", layout.header),
        ("PROFIL RESPONDEN", layout.profile),
        ("PENDAPAT RESPONDEN TENTANG PELAYANAN", layout.questions),
    ):
        lines += _text_rows(heading, rows, width)
    lines += [layout.saran or "Saran:"] + ["." * width] * SARAN_LINES + ["", THANKS, ""]
    lines += _text_signatures(frame.signers, frame.place_date, width)
    return "\n".join(line.rstrip() for line in lines)


def _text_rows(heading: str, rows: Sequence[FormRow], width: int) -> list[str]:
    code_width = len(CODE_HEADER) + 2
    body = width - code_width - 1
    lines = [heading, f"{'':<{body}} {CODE_HEADER:^{code_width}}", "-" * width]
    for row in rows:
        prefix = f"{row.number} " if row.number else ""
        wrapped = textwrap.wrap(prefix + row.text, body, subsequent_indent=" " * len(prefix))
        lines.append(f"{wrapped[0]:<{body}} [{'':^{code_width - 2}}]")
        lines += wrapped[1:]
        indent = " " * (len(prefix) + 2)
        if row.blank:
            lines.append(indent + row.blank)
        else:
            lines += [f"{indent}[ ] {code}. {label}" for code, label in row.options]
    return lines + [""]


def _text_signatures(signers: Sequence[Signer], place_date: str, width: int) -> list[str]:
    if not signers:
        return []
    lines = [place_date.rjust(width), ""] if place_date else []
    for signer in signers:
        lines += [f"{signer.phrase} :", f"  {signer.jabatan}", "", f"  {signer.name or DOTS}"]
        lines += [f"  {signer.pangkat}"] if signer.pangkat else []
        lines += [f"  NIP {signer.nip or DOTS[:24]}", ""]
    return lines
