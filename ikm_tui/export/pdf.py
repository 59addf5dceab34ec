"""Provides the PDF copy of a Word document, made by LibreOffice (`soffice --headless`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ikm_tui.errors import StorageError, ToolMissing

TIMEOUT_S = 240
INSTALL_HINT = (
    "LibreOffice (soffice) tidak terpasang, jadi PDF tidak dibuat. Pasang LibreOffice "
    "(Debian/Ubuntu: apt install libreoffice-writer-nogui), atau buka berkas .docx di Word "
    "dan simpan sebagai PDF."
)


def soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: Path, target: Path) -> Path:
    """Write `target` (.pdf) from `docx`; ToolMissing without LibreOffice, StorageError when
    the conversion fails. A private LibreOffice profile lets several conversions run at once."""
    program = soffice()
    if program is None:
        raise ToolMissing(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="ikm-pdf-") as work:
        command = [
            program,
            f"-env:UserInstallation=file://{work}/profil",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(docx),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StorageError(f"LibreOffice gagal membuat PDF dari {docx.name}: {exc}.") from exc
        produced = Path(work) / f"{docx.stem}.pdf"
        if result.returncode != 0 or not produced.is_file():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise StorageError(
                f"LibreOffice gagal membuat PDF dari {docx.name}"
                + (f": {detail[-1]}" if detail else ".")
            )
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(produced, temporary)
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise StorageError(
                f"PDF tidak dapat disimpan ke {target}: {exc.strerror or exc}."
            ) from exc
    return target
