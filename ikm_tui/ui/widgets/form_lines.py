"""Provides the text lines of the entry form (styled runs) and the diff that keeps redraws small.

The number of lines stays fixed while a form is typed (help text has reserved lines), so a key
only ever refreshes the changed columns of a few lines.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ikm_tui.services.entry_layout import JAWABAN, USIA, EntryField

if TYPE_CHECKING:
    from ikm_tui.ui.widgets.form_entry import FormEntry

Run = tuple[str, str | None]  # (text, component name without the "form-entry--" prefix)

HELP_LINES = 4  # below the title: question text and code list share these
HELP_OPTION_LINES = 2  # of which the four answer labels take at most two
OPTION_LABEL = 26  # longest profile-code label shown (jenis layanan names can be long)
KEYS_HINT = "1-4 jawab · 0 tidak menjawab/tidak diisi · Backspace mundur · Enter simpan"


@dataclass(frozen=True)
class Line:
    """One line of the form as styled runs."""

    runs: tuple[Run, ...]

    def cells(self) -> list[tuple[str, str | None]]:
        return [(char, component) for text, component in self.runs for char in text]

    def diff(self, other: Line) -> tuple[int, int] | None:
        """The [start, end) columns where `other` differs from this line, or None."""
        if self.runs == other.runs:
            return None
        old, new = self.cells(), other.cells()
        blank = (" ", None)
        length = max(len(old), len(new))
        old += [blank] * (length - len(old))
        new += [blank] * (length - len(new))
        changed = [x for x in range(length) if old[x] != new[x]]
        if not changed:
            return None
        return changed[0], changed[-1] + 1


def _line(*runs: Run) -> Line:
    return Line(tuple(run for run in runs if run[0]))


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def form_lines(entry: FormEntry, width: int) -> list[Line]:
    """Every line of the form, top to bottom, with a one-column margin drawn in plain style.

    Textual writes a refreshed line from the widget's left edge to the last changed column, and
    every style change costs an escape sequence: so the lines that change on each key (the
    answer grid, the question, its labels) are plain text with only the cursor highlighted.
    """
    width = max(width, 20) - 2
    return [Line(((" ", None), *line.runs)) for line in _lines(entry, width)]


def _lines(entry: FormEntry, width: int) -> list[Line]:
    lines = [_header(entry, width), _progress(entry, width), _line(("─" * width, "dim"))]
    lines.extend(_grid(entry, width))
    lines.append(_line())
    lines.extend(_help(entry, width))
    lines.append(_line())
    lines.append(_line((_fit(entry.message, width), "refused" if entry.refused else "ok")))
    lines.append(_last_saved(entry, width))
    lines.append(_line((_fit(KEYS_HINT, width), "dim")))
    return lines


def _header(entry: FormEntry, width: int) -> Line:
    if entry.correcting is not None:
        mode: Run = (f" KOREKSI formulir no. {entry.correcting.nomor} ", "mode")
    else:
        mode = (f"Formulir no. {entry.progress.next_nomor}", "title")
    return _line(mode, (_fit("  ·  " + entry.batch_text(), width - len(mode[0])), None))


def _progress(entry: FormEntry, width: int) -> Line:
    progress = entry.progress
    target = f" / {progress.target}" if progress.target is not None else ""
    parts = [f"Terkumpul {progress.count}{target}"]
    for item in progress.per_service:
        name = _fit(item.nama, 16)
        parts.append(f"{name} {item.count}" + (f"/{item.target}" if item.target else ""))
    return _line((_fit("  ·  ".join(parts), width), None))


def _cell(entry: FormEntry, index: int, field: EntryField) -> list[Run]:
    state = entry.state
    code = state.codes.get(field.key, "")
    if index == state.index:
        shown = (state.partial + "_" * field.width)[: field.width]
        style = "refused" if entry.refused else "cursor"
    else:
        shown = code.ljust(field.width, "·")
        style = None
    return [(f"{field.label}[", None), (shown, style), ("]", None)]


def _grid(entry: FormEntry, width: int) -> list[Line]:
    """Field cells flowed into rows; the answers start on a row of their own."""
    rows: list[list[Run]] = [[]]
    used = 0
    previous_kind = ""
    for index, field in enumerate(entry.state.fields):
        runs = _cell(entry, index, field)
        size = sum(len(text) for text, _ in runs) + 2
        starts_answers = field.kind == JAWABAN and previous_kind not in ("", JAWABAN)
        if rows[-1] and (used + size > width or starts_answers):
            rows.append([])
            used = 0
        rows[-1].extend(runs + [("  ", None)])
        used += size
        previous_kind = field.kind
    return [Line(tuple(row)) for row in rows]


def _help(entry: FormEntry, width: int) -> list[Line]:
    """Title, then question text and code list of the current field (fixed number of lines)."""
    field = entry.current_field
    if field is None:
        title = "Formulir lengkap"
        body = _wrapped("Tekan Enter untuk menyimpan; Backspace untuk kembali ke kolom terakhir.",
                        width, HELP_LINES, None)
    elif field.kind == JAWABAN:
        title = _answers_title(entry)
        options = "   ".join(f"{code} {label}" for code, label in field.options)
        body = (_wrapped(f"{field.label}. {field.text}", width, HELP_LINES - HELP_OPTION_LINES,
                         None)
                + _wrapped(options, width, HELP_OPTION_LINES, None))
    elif field.kind == USIA:
        title = f"{field.title}: dua angka"
        body = _wrapped("Contoh: 34 untuk 34 tahun; 00 bila tidak diisi.", width, HELP_LINES,
                        None)
    else:
        title = f"{field.title}: ketik kode yang dilingkari pada formulir"
        options = "   ".join(f"{code} {_fit(label, OPTION_LABEL)}" for code, label in field.options)
        body = _wrapped(f"{options}   {'0' * field.width} tidak diisi", width, HELP_LINES,
                        "value")
    return [_line((_fit(title, width), "title")), *body]


def _answers_title(entry: FormEntry) -> str:
    """The same for every question, so it is not redrawn between answer keys."""
    labels = [f.label for f in entry.state.fields if f.kind == JAWABAN]
    return f"Pendapat responden {labels[0]}-{labels[-1]}: 1-4, 0 = tidak menjawab"


def _wrapped(text: str, width: int, count: int, component: str | None) -> list[Line]:
    wrapped = textwrap.wrap(text, width) if text else []
    if len(wrapped) > count:
        wrapped = wrapped[: count - 1] + [_fit(" ".join(wrapped[count - 1:]), width)]
    wrapped += [""] * (count - len(wrapped))
    return [_line((item, component)) for item in wrapped]


def _last_saved(entry: FormEntry, width: int) -> Line:
    saved = entry.last_saved
    if saved is None:
        return _line(("Belum ada formulir tersimpan pada sesi ini.", "dim"))
    head = f"Tersimpan: formulir no. {saved.nomor}"
    if saved.excluded:
        head += " (dikecualikan)"
    return _line((head, "ok"), (_fit(" — " + entry.summary_of(saved), width - len(head)), None))

