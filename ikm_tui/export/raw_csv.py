"""Provides the data mentah CSV writer: `;`-separated UTF-8 with BOM, blanks as empty fields.

The semicolon and the BOM let Excel with Indonesian regional settings (decimal comma) open the
file directly; `ikm-tui import` reads it back (the delimiter is sniffed).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

DELIMITER = ";"
ENCODING = "utf-8-sig"


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a header and rows; None becomes an empty field."""
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=DELIMITER)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
