"""Provides the text lines of the entry form (styled runs) and the diff that keeps redraws small.

The number of lines stays fixed while a form is typed (help text has reserved lines), so a key
only ever refreshes the changed columns of a few lines.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ikm_tui.domain.formatting import bilangan
from ikm_tui.services.entry_layout import JAWABAN, USIA, EntryField

if TYPE_CHECKING:
    from ikm_tui.ui.widgets.form_entry import FormEntry

Run = tuple[str, str | None]
BACKGROUND_STYLES = ("cursor", "refused", "mode")  # components whose spaces show

PROGRESS_LINES = 2  # per jenis layanan counts (codes as typed)
HELP_LINES = 5  # below the title: the question text or the code list (ten full layanan names)
SAVED_LINES = 2  # the last saved form: its profile and answers wrap at 80 columns
NBSP = "\u00a0"  # joins a code and its name into one word: an entry never breaks across lines
SEPARATOR = "  ·  "
CURSOR = "\u2588"  # full block: where the next key lands
KEYS_HINT = "1-4 jawab · 0 tidak menjawab/tidak diisi · Backspace mundur · Enter simpan"


@dataclass(frozen=True)
class Line:
    """One line of the form as styled runs."""

    runs: tuple[Run, ...]

    def cells(self) -> list[tuple[str, str | None]]:
        """(character, component) per column; a space without a background is just blank."""
        return [
            (char, component if char != " " or component in BACKGROUND_STYLES else None)
            for text, component in self.runs
            for char in text
        ]

    def diff(self, other: Line) -> tuple[int, int] | None:
        """The [start, end) columns where `other` looks different from this line, or None."""
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
    answer grid, the question, its labels) are plain text; the cursor is a block character,
    painted red only when a key is refused.
    """
    inner = max(width, 20) - 2
    return [_framed(line, inner + 2) for line in _lines(entry, inner)]


def _framed(line: Line, width: int) -> Line:
    """The line with its left margin and right padding folded into its first and last runs.

    Each run is one escape sequence on the wire; a margin or padding in a run of its own would
    cost one more per refreshed line.
    """
    runs = list(line.runs) or [("", None)]
    text, component = runs[0]
    if component in BACKGROUND_STYLES:
        runs.insert(0, (" ", None))
    else:
        runs[0] = (" " + text, component)
    pad = width - sum(len(text) for text, _ in runs)
    if pad > 0:
        text, component = runs[-1]
        if component in BACKGROUND_STYLES:
            runs.append((" " * pad, None))
        else:
            runs[-1] = (text + " " * pad, component)
    return Line(tuple(runs))


def _lines(entry: FormEntry, width: int) -> list[Line]:
    lines = [*_header(entry, width), *_progress(entry, width), _line(("─" * width, "dim"))]
    lines.extend(_grid(entry, width))
    lines.append(_saran(entry, width))
    lines.extend(_help(entry, width))
    lines.extend(_bottom(entry, width))
    return lines


def _bottom(entry: FormEntry, width: int) -> list[Line]:
    """The last saved form, the message and the keys hint: SAVED_LINES + 2 lines.

    A message longer than one line is never cut: it takes the keys hint's line, then the
    last saved form's lines (the form stays on screen in its own grid above), so a service's
    whole refusal is readable. The lines above it never move.
    """
    component = "refused" if entry.refused else "ok"
    room = SAVED_LINES + 2
    wrapped = textwrap.wrap(entry.message, width) or [""]
    if len(wrapped) > room:  # over four lines: no service message is that long
        wrapped = wrapped[: room - 1] + [_fit(" ".join(wrapped[room - 1 :]), width)]
    message = [_line((text, component)) for text in wrapped]
    hint = [_line((_fit(KEYS_HINT, width), "dim"))] if len(message) == 1 else []
    kept = _last_saved(entry, width)[: room - len(message) - len(hint)]
    return [*kept, *message, *hint]


def _header(entry: FormEntry, width: int) -> list[Line]:
    """Form number (or the correction mark) and the batch values, on two lines at most.

    Always two lines, so the grid stays where it is when the batch changes.
    """
    if entry.correcting is not None:
        mode: Run = (f" KOREKSI formulir no. {entry.correcting.nomor} ", "mode")
    else:
        mode = (f"Formulir no. {entry.progress.next_nomor}", "title")
    rest = entry.batch_parts()
    first, used = "", len(mode[0])
    while rest and used + len(SEPARATOR) + len(rest[0]) <= width:
        part = SEPARATOR + rest.pop(0)
        first += part
        used += len(part)
    second = _fit(SEPARATOR.join(rest), width - 2)
    return [_line(mode, (first, None)), _line(("  " + second if second else "", None))]


def _progress(entry: FormEntry, width: int) -> list[Line]:
    """Counted forms against the minimum sample: overall, then per jenis layanan by its code."""
    progress = entry.progress
    target = (
        f" / {bilangan(progress.target)} (sampel minimum)" if progress.target is not None else ""
    )
    lines = [_line((f"Terkumpul {bilangan(progress.count)}{target}", None))]
    if len(progress.per_service) > 1:
        codes = {sid: code for code, sid, _ in entry.form_layout.services}
        parts = [
            f"{codes.get(item.service_type_id, item.kode)}:\u00a0{bilangan(item.count)}"  # one word
            + (f"/{bilangan(item.target)}" if item.target else "")
            for item in progress.per_service
        ]
        lines.extend(_wrapped("Per layanan  " + "   ".join(parts), width, PROGRESS_LINES, None))
    return lines


def _value(entry: FormEntry, index: int, field: EntryField, size: int) -> list[Run]:
    """A field's value under its label: a block cursor at the field, empty fields dotted.

    The cursor is a block character in the plain style (red background once a key is refused):
    a highlighted cell would cost two style sequences on every key.
    """
    state = entry.state
    if index == state.index:
        if entry.refused:
            shown = (state.partial + "_" * field.width)[: field.width]
            return [(" " * (size - field.width), None), (shown, "refused")]
        shown = (state.partial + CURSOR + "_" * field.width)[: field.width]
        return [(shown.rjust(size), None)]
    return [(state.codes.get(field.key, "").rjust(field.width, "·").rjust(size), None)]


def _grid(entry: FormEntry, width: int) -> list[Line]:
    """Labels over values, like the columns of a data-entry sheet; answers on rows of their own.

    Only the values line under the cursor changes on a key, and its plain text up to the
    cursor is all Textual has to send again.
    """
    groups: list[list[tuple[int, EntryField]]] = [[]]
    used = 0
    for index, field in enumerate(entry.state.fields):
        size = max(len(field.label), field.width) + 1
        previous = groups[-1][-1][1].kind if groups[-1] else None
        new_group = previous is not None and (field.kind == JAWABAN) != (previous == JAWABAN)
        if groups[-1] and (new_group or used + size + 1 > width):
            groups.append([])
            used = 0
        groups[-1].append((index, field))
        used += size + 1
    lines: list[Line] = []
    for group in groups:
        labels = "".join(" " + f.label.rjust(max(len(f.label), f.width) + 1) for _, f in group)
        values: list[Run] = []
        for index, field in group:
            values.append((" ", None))
            values.extend(_value(entry, index, field, max(len(field.label), field.width) + 1))
        lines.append(_line((labels, "label")))
        lines.append(_line(*values))
    return lines


def _saran(entry: FormEntry, width: int) -> Line:
    """The saran line: its key while empty and closed; the text's end and a cursor while open."""
    state = entry.state
    if state.saran_open:
        label = "Saran: "
        room = max(1, width - len(label) - 1)
        text = state.saran if len(state.saran) < room else "…" + state.saran[-(room - 1) :]
        return _line((label, "label"), (text + CURSOR, None))
    if not state.saran:
        return _line(("Saran (F7): -", "dim"))
    return _line(("Saran (F7): ", "label"), (_fit(state.saran, width - 12), None))


def _help(entry: FormEntry, width: int) -> list[Line]:
    """Title, then question text and code list of the current field (fixed number of lines).

    A complete form keeps showing its last question, so the key that completes it redraws
    only the grid and the message line.
    """
    field = entry.current_field or (entry.state.fields[-1] if entry.state.fields else None)
    if entry.state.saran_open:
        title = "Saran responden: ketik seperti tertulis pada kotak saran formulir"
        body = _wrapped(
            "Boleh huruf, angka, spasi dan tanda baca. Backspace menghapus satu huruf. "
            "Enter menyimpan formulir beserta saran; Esc atau F7 menutup baris saran "
            "(saran tetap ada dan ikut tersimpan).",
            width,
            HELP_LINES,
            None,
        )
    elif field is None:
        return [_line(("Formulir lengkap", "title"))] + _wrapped("", width, HELP_LINES, None)
    elif field.kind == JAWABAN:  # the four labels in the title line: one line less per key
        title = f"{field.label}: " + "  ".join(f"{code} {label}" for code, label in field.options)
        body = _question(entry, field.text, width)
    elif field.kind == USIA:
        title = f"{field.title}: dua angka"
        body = _wrapped("Contoh: 34 untuk 34 tahun; 00 bila tidak diisi.", width, HELP_LINES, None)
    else:
        title = f"{field.title}: ketik kode yang dilingkari pada formulir"
        options = [*field.options, ("0" * field.width, "tidak diisi")]
        words = "  ".join(f"{code} {label}".replace(" ", NBSP) for code, label in options)
        body = _wrapped(words, width, HELP_LINES, "value")
    return [_line((_fit(title, width), "title")), *body]


def _question(entry: FormEntry, text: str, width: int) -> list[Line]:
    """The question, its opening words that most questions share on a line of their own.

    "Bagaimana pendapat Saudara tentang" then stays on screen from question to question, so an
    answer key resends only the words after it.
    """
    words = text.split()
    lead = _lead_words(tuple(f.text for f in entry.state.fields if f.kind == JAWABAN))
    if not 0 < lead < len(words):
        return _wrapped(text, width, HELP_LINES, None)
    first = _line((_fit(" ".join(words[:lead]), width), None))
    return [first, *_wrapped(" ".join(words[lead:]), width, HELP_LINES - 1, None)]


@lru_cache(maxsize=8)
def _lead_words(texts: tuple[str, ...]) -> int:
    """How many opening words more than half of the questions share (0: none)."""
    split = [text.split() for text in texts]
    lead = 0
    while True:
        counts = Counter(tuple(words[: lead + 1]) for words in split if len(words) > lead + 1)
        if not counts or 2 * counts.most_common(1)[0][1] <= len(split):
            return lead
        lead += 1


def _wrapped(text: str, width: int, count: int, component: str | None) -> list[Line]:
    wrapped = textwrap.wrap(text, width) if text else []
    if len(wrapped) > count:
        wrapped = wrapped[: count - 1] + [_fit(" ".join(wrapped[count - 1 :]), width)]
    wrapped += [""] * (count - len(wrapped))
    return [_line((item, component)) for item in wrapped]


def _last_saved(entry: FormEntry, width: int) -> list[Line]:
    """The last saved form's number, profile and answers, wrapped onto SAVED_LINES lines."""
    saved = entry.last_saved
    if saved is None:
        text = "Belum ada formulir tersimpan pada sesi ini."
        return [_line((text, "dim")), *_wrapped("", width, SAVED_LINES - 1, None)]
    head = f"Tersimpan: formulir no. {saved.nomor}"
    if saved.excluded:
        head += " (dikecualikan)"
    rest = _wrapped(head + " — " + entry.summary_of(saved), width, SAVED_LINES, None)
    first = rest[0].runs[0][0]
    return [_line((head, "ok"), (first[len(head) :], None)), *rest[1:]]
