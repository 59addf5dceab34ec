"""Provides TemplateService: the Word template of each document kind, shipped or installed.

An Admin exports a template, edits it in Word or LibreOffice (kop, logo, fonts, wording) and
installs it; the installed one overrides the shipped one until it is reset. A template is
checked before it is stored (engine.check_template), so a broken one is refused with a message
naming the placeholder instead of failing at the next export.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ikm_tui.clock import Clock, system_clock
from ikm_tui.errors import InputFileError, TemplateError
from ikm_tui.export import engine
from ikm_tui.export.kinds import KINDS, KindSpec, get_kind
from ikm_tui.files import atomic_target, os_reason
from ikm_tui.persistence import audit_log, document_files
from ikm_tui.persistence.models import database_proxy
from ikm_tui.persistence.records import InstalledTemplateRecord, UserRecord

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class TemplateStatus:
    """Which template a kind uses now: the shipped one or one an Admin installed."""

    kind: str
    title: str
    installed: bool
    file_name: str = ""
    installed_at: dt.datetime | None = None
    sha256: str = ""

    @property
    def source_text(self) -> str:
        return f"terpasang ({self.file_name})" if self.installed else "bawaan"


class TemplateService:
    """List, export, install and reset the templates of the document kinds."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    def kinds(self) -> list[KindSpec]:
        return list(KINDS.values())

    def list(self) -> list[TemplateStatus]:
        installed = document_files.installed_kinds()
        return [self._status(spec, installed.get(spec.kind)) for spec in KINDS.values()]

    def status(self, kind: str) -> TemplateStatus:
        spec = get_kind(kind)
        return self._status(spec, document_files.installed_template(kind))

    def template_bytes(self, kind: str) -> bytes:
        """The template the next export of `kind` uses (installed, else shipped)."""
        get_kind(kind)
        installed = document_files.installed_template(kind)
        return installed.content if installed is not None else engine.shipped_template(kind)

    def export(self, kind: str, path: str | Path) -> Path:
        """Write the template in use for `kind` to `path` (.docx) for editing."""
        target = _docx_path(path)
        with atomic_target(target) as temporary:
            temporary.write_bytes(self.template_bytes(kind))
        return target.resolve()

    def install(self, kind: str, path: str | Path, actor: UserRecord | None) -> TemplateStatus:
        """Check the .docx at `path` against the kind's placeholders and install it (Admin;
        None = the administrator's CLI)."""
        from ikm_tui.services.users import require_admin

        require_admin(actor, "memasang templat dokumen")
        spec = get_kind(kind)
        source = Path(path).expanduser()
        content = _read(source)
        check(content, spec)
        record = InstalledTemplateRecord(
            kind,
            content,
            hashlib.sha256(content).hexdigest(),
            source.name,
            self.clock(),
            (actor.id or None) if actor else None,
        )
        with database_proxy.atomic():
            document_files.put_template(record)
            audit_log.append_by(
                self.clock(),
                actor,
                "templat_pasang",
                "template",
                kind,
                {"berkas": source.name, "sha256": record.sha256},
            )
        return self._status(spec, record)

    def reset(self, kind: str, actor: UserRecord | None) -> bool:
        """Go back to the shipped template (Admin); False when none was installed."""
        from ikm_tui.services.users import require_admin

        require_admin(actor, "mengembalikan templat bawaan")
        get_kind(kind)
        with database_proxy.atomic():
            removed = document_files.remove_template(kind)
            if removed:
                audit_log.append_by(self.clock(), actor, "templat_reset", "template", kind, {})
        return removed

    @staticmethod
    def _status(spec: KindSpec, record: InstalledTemplateRecord | None) -> TemplateStatus:
        if record is None:
            return TemplateStatus(spec.kind, spec.title, False)
        return TemplateStatus(
            spec.kind, spec.title, True, record.file_name, record.installed_at, record.sha256
        )


def check(content: bytes, spec: KindSpec) -> None:
    """TemplateError naming the problem unless the template can render the kind."""
    engine.check_template(content, spec, engine.sample_context(spec) if spec.sample else {})


def _read(source: Path) -> bytes:
    if source.suffix.lower() != ".docx":
        raise TemplateError(f"Templat harus berkas Word .docx (tertulis: {source.name}).")
    try:
        if source.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"Templat {source.name} lebih dari 20 MB.")
        return source.read_bytes()
    except OSError as exc:
        raise InputFileError(f"Berkas {source} tidak dapat dibaca: {os_reason(exc)}.") from exc


def _docx_path(path: str | Path) -> Path:
    from ikm_tui.errors import ValidationError

    target = Path(path).expanduser()
    if target.suffix.lower() != ".docx":
        raise ValidationError(f"Berkas tujuan harus berakhiran .docx (tertulis: {target.name}).")
    return target
