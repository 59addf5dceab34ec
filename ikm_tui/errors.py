"""Provides the one error hierarchy whose messages (Bahasa Indonesia) are shown to users."""

from __future__ import annotations

import re

_URL_PASSWORD = re.compile(
    r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<secret>[^@\s]*)(?=@)", re.I
)
_KEYWORD_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<secret>'[^']*'|[^\s,;)]+)", re.I)


def mask_secrets(text: str) -> str:
    """`text` with the password of any database URL (`postgresql://user:SECRET@host`) and any
    `password=SECRET` replaced by `***`. Every IkmError message passes through it, so no
    message, dialog or log line shows a password."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "***", text)
    return _KEYWORD_PASSWORD.sub(lambda m: m.group("head") + "***", text)


class IkmError(Exception):
    """An error the user can understand and act on.

    `message` is a full sentence in Bahasa Indonesia; `title` a short heading for dialogs.
    """

    title = "Kesalahan"

    def __init__(self, message: str, title: str | None = None) -> None:
        message = mask_secrets(message)
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class InputFileError(IkmError):
    """A data file (CSV/XLSX) that cannot be read or holds invalid values."""

    title = "Berkas tidak valid"


class ValidationError(IkmError):
    """A value typed or imported that breaks a rule (answer outside 1-4, bad NIP, ...)."""

    title = "Data tidak valid"


class NoAnswersError(IkmError):
    """Scoring asked of a set with no answers at all."""

    title = "Belum ada jawaban"


class AuthError(IkmError):
    """Login or password check failed, or the account is locked or disabled."""

    title = "Gagal masuk"


class PermissionDenied(IkmError):
    """The logged-in role may not take this action."""

    title = "Tidak berwenang"


class WorkflowError(IkmError):
    """The SOP order forbids this action now (wrong step, missing sign-off, frozen data)."""

    title = "Belum dapat dilakukan"


class NotFound(IkmError):
    """A record that does not exist (period, user, form number)."""

    title = "Tidak ditemukan"


class StorageError(IkmError):
    """The database could not be opened or written (locked, full disk, wrong schema)."""

    title = "Penyimpanan bermasalah"


class AuditChainError(IkmError):
    """The audit log's hash chain or the database integrity check failed."""

    title = "Jejak audit rusak"


class DocumentChanged(WorkflowError):
    """The document changed (content, or a signature) since the user opened it: a signature or
    an edit based on what the user saw is refused, never applied to something else."""

    MESSAGE = "Isi dokumen berubah sejak Anda membukanya; periksa lagi."

    def __init__(self, message: str = MESSAGE, title: str | None = None) -> None:
        super().__init__(message, title)


class TemplateError(InputFileError):
    """A Word template that cannot be used: not a .docx, a Jinja syntax error, or a placeholder
    the document kind does not provide."""

    title = "Templat tidak valid"


class ToolMissing(IkmError):
    """An outside program the action needs (LibreOffice for PDF) is not installed."""

    title = "Program tidak tersedia"
