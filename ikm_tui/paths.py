"""Provides where the database lives: --db, then IKM_TUI_DB, then config files, then the default.

Config files are TOML with `[database] url = "..."` (a path or a postgresql:// URL): first the
user's (platformdirs user_config_dir), then the site-wide one (site_config_dir), so several SSH
users of one machine can share the office database. Nothing here runs at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from ikm_tui.errors import StorageError

APP_NAME = "ikm-tui"
ENV_VAR = "IKM_TUI_DB"
CONFIG_NAME = "config.toml"


@dataclass(frozen=True)
class DbLocation:
    """Where the database is and why (shown by `ikm-tui --help` paths and error messages)."""

    target: str  # a file path or a URL
    source: str  # "--db" | "IKM_TUI_DB" | a config file path | "bawaan"

    @property
    def is_url(self) -> bool:
        return "://" in self.target

    @property
    def file_path(self) -> Path | None:
        """The SQLite file this location names (a path or sqlite:///PATH), else None."""
        if self.target.startswith("sqlite:///"):
            name = self.target.removeprefix("sqlite:///").split("?", 1)[0]
        elif self.is_url:
            return None
        else:
            name = self.target
        return None if name in ("", ":memory:") else Path(name).expanduser()

    @property
    def source_text(self) -> str:
        """Where the location came from, for messages."""
        if self.source == "--db":
            return "dari --db"
        if self.source == ENV_VAR:
            return f"dari variabel {ENV_VAR}"
        if self.source == "bawaan":
            return "lokasi bawaan"
        return f"dari berkas konfigurasi {self.source}"

    def require_existing(self) -> DbLocation:
        """This location, when its SQLite file exists (a server URL is the server's to
        refuse); else a StorageError naming the path and how a new office creates it. No
        command but `init` and `demo` creates a database, so a mistyped path never leaves an
        empty database (or folders) behind."""
        path = self.file_path
        if path is None or path.is_file():
            return self
        if path.is_dir():
            raise StorageError(
                f"Basis data {path} ({self.source_text}) adalah folder, bukan berkas basis data."
            )
        import shlex

        create = f"ikm-tui --db {shlex.quote(self.target)} init" if self.source == "--db" else ""
        create = create or "ikm-tui init"
        if self.source == "bawaan":
            head = (
                f"Belum ada basis data kantor di {path} (lokasi bawaan). Bila basis data kantor "
                f"ada di tempat lain, sebutkan dengan --db atau {ENV_VAR}."
            )
        else:
            head = f"Basis data {path} ({self.source_text}) tidak ada. Periksa penulisan jalurnya."
        raise StorageError(
            f"{head} Kantor baru membuatnya dengan `{create}`; data contoh: `ikm-tui --demo`."
        )


def config_files() -> list[Path]:
    """Config files in priority order (user first, then site-wide)."""
    return [
        Path(platformdirs.user_config_dir(APP_NAME)) / CONFIG_NAME,
        Path(platformdirs.site_config_dir(APP_NAME)) / CONFIG_NAME,
    ]


def _from_config(path: Path) -> str | None:
    if not path.is_file():
        return None
    import tomllib  # only when a config file exists: not on every start

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StorageError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc}") from exc
    database = data.get("database", {})
    url = database.get("url") if isinstance(database, dict) else None
    return str(url) if url else None


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "ikm.db"


def demo_db_path() -> Path:
    """The demo database's own place, never the user's real database."""
    return Path(platformdirs.user_cache_dir(APP_NAME)) / "demo.db"


def resolve_db(cli_value: str | None = None) -> DbLocation:
    """The database location by precedence: --db, IKM_TUI_DB, user config, site config, default."""
    if cli_value:
        return DbLocation(cli_value, "--db")
    env_value = os.environ.get(ENV_VAR)
    if env_value:
        return DbLocation(env_value, ENV_VAR)
    for path in config_files():
        url = _from_config(path)
        if url:
            return DbLocation(url, str(path))
    return DbLocation(str(default_db_path()), "bawaan")


OFFICE_KEY_SECTION = "kunci_kantor"  # [kunci_kantor] sidik = ["1A2B-...", ...] in the site config


def site_config_file() -> Path:
    """The site-wide config file (root-owned in production: a Staf cannot change it)."""
    return config_files()[-1]


def office_key_fingerprints() -> list[str]:
    """The office root-key fingerprints the site config trusts (empty when none is written)."""
    path = site_config_file()
    if not path.is_file():
        return []
    import tomllib  # only when a config file exists: not on every start

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StorageError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc}") from exc
    section = data.get(OFFICE_KEY_SECTION, {})
    values = section.get("sidik", []) if isinstance(section, dict) else []
    return [str(v) for v in values] if isinstance(values, list) else [str(values)]


def add_office_key_fingerprint(fingerprint: str) -> Path | None:
    """Add `fingerprint` to the site config (creating it); the file, or None when this user may
    not write it (then the Admin adds the line as root, see docs/SECURITY.md)."""
    path = site_config_file()
    known = office_key_fingerprints()
    if fingerprint in known:
        return path
    listed = ", ".join(f'"{value}"' for value in [*known, fingerprint])
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        lines = text.splitlines()
        if f"[{OFFICE_KEY_SECTION}]" in lines:
            start = lines.index(f"[{OFFICE_KEY_SECTION}]")
            end = next(
                (i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines)
            )
            body = [line for line in lines[start + 1 : end] if not line.startswith("sidik")]
            lines[start + 1 : end] = [f"sidik = [{listed}]", *body]
        else:
            lines += ["", f"[{OFFICE_KEY_SECTION}]", f"sidik = [{listed}]"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines).lstrip("\n") + "\n", encoding="utf-8")
    except OSError:
        return None
    return path
