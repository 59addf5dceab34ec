"""Provides FormState: the keystroke rules of one paper form being typed (no Textual here).

One key is one decision, applied at once: a digit (or, for jenis layanan only, a letter A, B, ...
in either case) either completes the current field (and the cursor moves on by itself), extends
a two-digit field, or is refused with the cursor staying.
`0` (or `00` for usia) means "tidak menjawab" / "tidak diisi". The saran (free text from the
form's suggestions box) is optional and typed on a line of its own, opened by a key, so an empty
saran costs no keystroke. Keeping these rules free of the widget makes them easy to test and
keeps the widget to drawing.
"""

from __future__ import annotations

from enum import Enum

from ikm_tui.services.entry_layout import JAWABAN, LAYANAN, SARAN_MAX_CHARS, USIA, EntryField


class Outcome(Enum):
    STORED = "stored"  # a field got its value; the cursor moved on
    PARTIAL = "partial"  # first digit of a two-digit field
    REFUSED = "refused"  # nothing changed


class FormState:
    """Typed codes of one form and the cursor (index == len(fields): ready to save)."""

    def __init__(
        self, fields: tuple[EntryField, ...], codes: dict[str, str] | None = None, saran: str = ""
    ) -> None:
        self.fields = fields
        self.codes: dict[str, str] = {}
        self.index = 0
        self.partial = ""
        self.saran = saran
        self.saran_open = False  # keys go to the saran line
        if codes:
            self.codes = {f.key: codes[f.key] for f in fields if f.key in codes}
            self.index = self.first_missing()

    @property
    def current(self) -> EntryField | None:
        return self.fields[self.index] if self.index < len(self.fields) else None

    @property
    def complete(self) -> bool:
        return all(f.key in self.codes for f in self.fields)

    @property
    def empty(self) -> bool:
        return not self.codes and not self.partial and not self.saran.strip()

    def type_saran(self, char: str) -> bool:
        """Append one character to the saran (False when it is full or not text)."""
        if len(self.saran) >= SARAN_MAX_CHARS or not char.isprintable():
            return False
        self.saran += char
        return True

    def paste_saran(self, text: str) -> int:
        """Append pasted text (line breaks become spaces); how many characters were taken."""
        text = " ".join(text.splitlines())
        room = SARAN_MAX_CHARS - len(self.saran)
        taken = "".join(c for c in text if c.isprintable())[: max(0, room)]
        self.saran += taken
        return len(taken)

    def first_missing(self) -> int:
        return next(
            (i for i, f in enumerate(self.fields) if f.key not in self.codes), len(self.fields)
        )

    def type(self, char: str) -> Outcome:
        """Apply one typed character to the current field."""
        field = self.current
        if field is None or len(char) != 1 or not char.isascii():
            return Outcome.REFUSED
        if field.kind == LAYANAN and char.isalpha():
            char = char.upper()  # jenis layanan letters, case-insensitive
        elif not char.isdigit():
            return Outcome.REFUSED
        digits = self.partial + char
        if len(digits) < field.width:
            if not field.accepts_prefix(digits):
                return Outcome.REFUSED
            self.partial = digits
            return Outcome.PARTIAL
        if not field.accepts(digits):
            return Outcome.REFUSED
        self.codes[field.key] = digits
        self.partial = ""
        self.index += 1
        return Outcome.STORED

    def back(self) -> bool:
        """Drop a half-typed value, else move back one field (its value stays until retyped)."""
        if self.partial:
            self.partial = ""
            return True
        if self.index == 0:
            return False
        self.index -= 1
        return True

    def forward(self) -> bool:
        """Move on over a field that already has a value (after going back to fix one)."""
        field = self.current
        if field is None or self.partial or field.key not in self.codes:
            return False
        self.index += 1
        return True

    def refuse_hint(self) -> str:
        """Why a key was refused, in words for the current field."""
        field = self.current
        if field is None:
            return "Formulir sudah lengkap: tekan Enter untuk menyimpan."
        if field.kind == JAWABAN:
            return "Isi 1-4, atau 0 bila tidak menjawab."
        if field.kind == USIA:
            return "Usia diisi dua angka (00 bila tidak diisi)."
        codes = ", ".join(code for code, _ in field.options)
        return f"Kode {field.title.lower()}: {codes}, atau 0 bila tidak diisi."
