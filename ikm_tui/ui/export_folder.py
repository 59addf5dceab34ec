"""Provides the folder each user last exported to, remembered on this computer across sessions.

A path belongs to the computer it was typed on, so the folder is kept in a small JSON file in
the operating-system user's state folder (platformdirs `user_state_dir`), keyed by the app's
user name: SSH users sharing one database each keep their own file in their own home, and app
users sharing one computer account each keep their own folder. The first export suggests the
documents folder (the home folder without one). Reading or writing the file never fails an
export.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

STATE_NAME = "folder-ekspor.json"


def _state_file() -> Path:
    import platformdirs

    from ikm_tui.paths import APP_NAME

    return Path(platformdirs.user_state_dir(APP_NAME)) / STATE_NAME


def _documents() -> Path:
    """The documents folder, or the home folder where there is none (a bare SSH account)."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def _read() -> dict[str, str]:
    try:
        data = json.loads(_state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _username(app: Any) -> str:
    user = getattr(app, "user", None)
    return str(getattr(user, "username", "") or "")


def export_folder(app: Any) -> Path:
    """The folder the signed-in user last exported to (if it still exists), else Documents."""
    remembered = _read().get(_username(app))
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return _documents()


def export_path(app: Any, file_name: str) -> Path:
    """Where a new export called `file_name` is suggested."""
    return export_folder(app) / file_name


def remember_export(app: Any, written: str | os.PathLike[str]) -> None:
    """Remember the folder of a file just written, for the signed-in user."""
    username = _username(app)
    if not username:
        return
    folder = Path(written).expanduser().absolute().parent
    data = _read()
    if data.get(username) == str(folder):
        return
    data[username] = str(folder)
    target = _state_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(target)
    except OSError:
        pass  # remembering is a convenience: the export itself succeeded
