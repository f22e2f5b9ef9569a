"""Settings: one table; defaults, file, environment and keyword overrides; clear errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from geostance import config
from geostance.errors import ConfigError


def test_config_table_matches_settings_fields() -> None:
    fields = {f.name: f.default for f in dataclasses.fields(config.Settings)}
    table = {s.name: s.default for s in config.SETTINGS}
    assert fields == table


def test_config_priority_file_env_keyword(tmp_path: Path) -> None:
    cfg = tmp_path / "g.toml"
    cfg.write_text('model = "from_file"\nbatch_size = 8\n')
    s = config.load(path=cfg, env={"GEOSTANCE_BATCH_SIZE": "16"}, allow_private="true")
    assert (s.model, s.batch_size, s.allow_private) == ("from_file", 16, True)
    assert config.load(path=cfg, env={}, batch_size=4).batch_size == 4


def test_config_unknown_setting_lists_known(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no setting 'colour'.*batch_size"):
        config.load(env={}, path=None, colour="red")


def test_config_bad_value_names_type() -> None:
    with pytest.raises(ConfigError, match="batch_size.*int"):
        config.load(env={"GEOSTANCE_BATCH_SIZE": "many"}, path=None)
    with pytest.raises(ConfigError, match="allow_private"):
        config.load(env={}, path=None, allow_private="perhaps")


def test_config_broken_file_names_file(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_bytes(b"\x00\x01 = = =")
    with pytest.raises(ConfigError, match="bad.toml"):
        config.load(path=cfg, env={})


def test_config_replace_keeps_other_values() -> None:
    s = config.load(env={}, path=None, model="m1")
    t = s.replace(db=":memory:")
    assert (t.model, t.db) == ("m1", ":memory:")
