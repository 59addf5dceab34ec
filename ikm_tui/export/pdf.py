"""Provides the PDF copy of a Word document, made by LibreOffice (`soffice --headless`)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ikm_tui.errors import StorageError, ToolMissing
from ikm_tui.files import atomic_target

TIMEOUT_S = 240
INSTALL_HINT = (
    "LibreOffice (soffice) tidak terpasang, jadi PDF tidak dibuat. Pasang LibreOffice "
    "(Debian/Ubuntu: apt install libreoffice-writer-nogui), atau buka berkas .docx di Word "
    "dan simpan sebagai PDF."
)


def soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


ATTEMPTS = 3  # LibreOffice now and then exits 0 without writing its output on a busy machine


def convert(source: Path, fmt: str, outdir: Path) -> Path:
    """LibreOffice's `--convert-to fmt` of `source` into `outdir` (a private profile, so several
    conversions run at once); the file written. ToolMissing without LibreOffice, StorageError
    when no attempt produced the file."""
    program = soffice()
    if program is None:
        raise ToolMissing(INSTALL_HINT)
    produced = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    detail: list[str] = []
    for _ in range(ATTEMPTS):
        with tempfile.TemporaryDirectory(prefix="ikm-lo-") as profile:
            command = [
                program,
                f"-env:UserInstallation=file://{profile}/profil",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(source),
            ]
            try:
                result = subprocess.run(
                    command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise StorageError(f"LibreOffice gagal mengubah {source.name}: {exc}.") from exc
        if result.returncode == 0 and produced.is_file():
            return produced
        detail = (result.stderr or result.stdout).strip().splitlines() or detail
    raise StorageError(
        f"LibreOffice gagal mengubah {source.name}" + (f": {detail[-1]}" if detail else ".")
    )


def convert_to_pdf(docx: Path, target: Path) -> Path:
    """Write `target` (.pdf) from `docx`; ToolMissing without LibreOffice, StorageError when
    the conversion fails. A private LibreOffice profile lets several conversions run at once."""
    with tempfile.TemporaryDirectory(prefix="ikm-pdf-") as work:
        produced = convert(docx, "pdf", Path(work))
        with atomic_target(target) as temporary:
            shutil.copyfile(produced, temporary)
    return target
