"""Provides tests of where the database lives: --db, IKM_TUI_DB, user/site config, default."""

from __future__ import annotations

import pytest

from ikm_tui import paths
from ikm_tui.errors import StorageError


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    """platformdirs pointed at tmp_path; IKM_TUI_DB unset."""
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    user_cfg, site_cfg, data = tmp_path / "ucfg", tmp_path / "scfg", tmp_path / "data"
    monkeypatch.setattr(paths.platformdirs, "user_config_dir", lambda app: str(user_cfg))
    monkeypatch.setattr(paths.platformdirs, "site_config_dir", lambda app: str(site_cfg))
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", lambda app: str(data))
    return user_cfg, site_cfg, data


def write_config(directory, url):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "config.toml").write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")


def test_default_is_the_user_data_dir(dirs):
    location = paths.resolve_db()
    assert location.target == str(dirs[2] / "ikm.db") and location.source == "bawaan"


def test_site_config_beats_default(dirs):
    write_config(dirs[1], "/srv/kantor/ikm.db")
    assert paths.resolve_db().target == "/srv/kantor/ikm.db"


def test_user_config_beats_site_config(dirs):
    write_config(dirs[1], "/srv/kantor/ikm.db")
    write_config(dirs[0], "postgresql://ikm@localhost/ikm")
    location = paths.resolve_db()
    assert location.target == "postgresql://ikm@localhost/ikm" and location.is_url
    assert location.source == str(dirs[0] / "config.toml")


def test_environment_beats_config(dirs, monkeypatch):
    write_config(dirs[0], "/from/config.db")
    monkeypatch.setenv(paths.ENV_VAR, "/from/env.db")
    assert paths.resolve_db() == paths.DbLocation("/from/env.db", paths.ENV_VAR)


def test_cli_option_beats_everything(dirs, monkeypatch):
    monkeypatch.setenv(paths.ENV_VAR, "/from/env.db")
    assert paths.resolve_db("/from/cli.db") == paths.DbLocation("/from/cli.db", "--db")


def test_broken_config_is_a_clear_error(dirs):
    dirs[0].mkdir(parents=True)
    (dirs[0] / "config.toml").write_text("[database\nurl=", encoding="utf-8")
    with pytest.raises(StorageError, match="konfigurasi"):
        paths.resolve_db()


def test_demo_db_is_never_the_real_db(dirs, monkeypatch):
    monkeypatch.setattr(paths.platformdirs, "user_cache_dir", lambda app: str(dirs[2] / "cache"))
    assert paths.demo_db_path() != paths.default_db_path()
