"""Provides how the app creates files: private modes and atomic writes.

The office database and its folder are created for the owner and the office group only
(folder 0o2770 when the app creates it: setgid, so files made inside keep the folder's group;
database 0o660, SQLite gives its -wal/-shm files the database file's mode). Exports are
written 0o640 through a temporary file in the same folder and renamed into place, so a full
disk or a killed process never leaves a half-written document under the final name.
Nothing here imports more than the standard library.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ikm_tui.errors import StorageError

DIR_MODE = 0o2770
DB_MODE = 0o660
EXPORT_MODE = 0o640


def make_private_dirs(folder: Path) -> None:
    """Create `folder` and missing parents; only folders created here get DIR_MODE
    (an existing folder, such as a home directory, is never changed)."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for item in reversed(missing):
        try:
            item.mkdir()
        except FileExistsError:
            continue
        os.chmod(item, DIR_MODE)


def create_private_file(path: Path, mode: int = DB_MODE) -> None:
    """Create an empty file with `mode` (not reduced by the umask) unless it exists."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return
    try:
        os.fchmod(descriptor, mode)
    finally:
        os.close(descriptor)


_OS_REASONS = {
    errno.ENOSPC: "disk penuh",
    errno.EDQUOT: "kuota disk habis",
    errno.EACCES: "izin ditolak",
    errno.EPERM: "izin ditolak",
    errno.ENOENT: "tidak ada",
    errno.EISDIR: "itu sebuah folder",
    errno.ENOTDIR: "bagian jalurnya bukan folder",
    errno.EEXIST: "sudah ada berkas dengan nama itu (bagian jalurnya bukan folder?)",
    errno.EROFS: "sistem berkas hanya dapat dibaca",
    errno.ENAMETOOLONG: "nama terlalu panjang",
    errno.EIO: "kesalahan baca/tulis perangkat",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Bahasa Indonesia when the cause is a common one."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def os_error_text(exc: OSError) -> str:
    """A sentence naming the file and the cause: "Berkas X tidak dapat dipakai: izin ditolak." """
    target = exc.filename if exc.filename is not None else None
    where = f"Berkas {target}" if target is not None else "Berkas"
    text = f"{where} tidak dapat dipakai: {os_reason(exc)}."
    if exc.errno == errno.ENOSPC:
        text += " Data yang sudah tersimpan tetap aman; kosongkan ruang disk, lalu ulangi."
    return text


def _write_error(target: Path, exc: OSError) -> StorageError:
    return StorageError(f"Berkas tidak dapat disimpan ke {target}: {os_reason(exc)}.")


@contextlib.contextmanager
def atomic_target(path: str | Path, mode: int = EXPORT_MODE) -> Iterator[Path]:
    """Yield a temporary path beside `path`; when the block ends without error it becomes
    `path` (mode `mode`), otherwise it is removed and `path` is left as it was."""
    target = Path(path).expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        os.close(descriptor)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _write_error(target, exc) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomically(
    path: str | Path, write: Callable[[Path], None], mode: int = EXPORT_MODE
) -> Path:
    """Run `write(temporary_path)` and move the result to `path`; the resolved path."""
    with atomic_target(path, mode) as temporary:
        write(temporary)
    return Path(path).expanduser().resolve()
