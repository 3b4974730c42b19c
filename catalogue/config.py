"""Configuration: read once, at start, into a frozen ``Settings`` object.

Sources, strongest first: command-line options, the environment, the TOML file named
by ``--config`` (or ``CATALOGUE_CONFIG``), the built-in defaults (github.com,
gitlab.com and code.overheid.nl). Nothing else in the project reads ``os.environ``: the CLI passes it in.

TOML file::

    publishers = "publishers.yml"        # path, relative to the TOML file
    db = "sqlite:///catalogue.sqlite"    # any SQLAlchemy URL
    output = "output"                     # output directory (site in output/site)
    base_url = "https://example.org/"     # public base URL of the site (optional)
    publiccode_standard = "0"             # catalogue validate's rules: "0" or "1.0-rc"

    [forges."github.com"]                 # keyed by the web host the publishers' URLs use
    type = "github"                        # github | gitlab | forgejo (catalogue.forges.registry)
    api_url = "https://api.github.com"     # GitHub: REST root; GitLab: instance root (REST is api_url + /api/v4)
    graphql_url = "https://api.github.com/graphql"
    raw_url = "https://raw.githubusercontent.com"
    token_env = "GITHUB_TOKEN"             # name of the environment variable holding the token

Environment: ``CATALOGUE_CONFIG``, ``CATALOGUE_PUBLISHERS``, ``CATALOGUE_DB``,
``CATALOGUE_OUTPUT``, ``CATALOGUE_BASE_URL``, and the token variables.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from catalogue.errors import ConfigError, UnknownHostError
from catalogue.forges.registry import forge_types, forge_unit

DEFAULT_OUTPUT = Path("output")
_TOP_KEYS = {"publishers", "db", "output", "base_url", "forges"}
_TOP_KEYS |= {"site"}
_TOP_KEYS |= {"crawl_lock", "max_drop"}
CRAWL_LOCK_MODES = ("refuse", "wait")
DEFAULT_MAX_DROP = 0.2
_TOP_KEYS |= {"publiccode_standard"}
_TOP_KEYS |= {"redis_url", "tokens"}  # the distributed crawl (docs/scale.md)
_FORGE_KEYS = {"type", "api_url", "graphql_url", "raw_url", "token_env"}


class Secret:
    """A token that never shows itself: ``repr`` and ``str`` give ``'***'``.

    Use ``reveal()`` only where the token is put into a request header.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The token text, for an ``Authorization`` header and nothing else."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class ForgeSettings:
    """How one web host is reached.

    ``host``: the web host of the publishers' URLs (``github.com``); ``api_url``:
    GitHub's REST root, or a GitLab instance's root; ``graphql_url`` / ``raw_url``
    where the forge has them; ``token``: the token, or ``None`` (anonymous).
    """

    host: str
    type: str
    api_url: str
    graphql_url: str | None = None
    raw_url: str | None = None
    token_env: str | None = None
    token: Secret | None = None

    @property
    def unit(self):
        """The forge unit of this host's type (``catalogue.forges.base.Forge``)."""
        return forge_unit(self.type)

    @property
    def rest_url(self) -> str:
        """REST root, as the forge type derives it (GitHub: ``api_url``; GitLab:
        ``api_url + /api/v4``; Forgejo: ``api_url + /api/v1``)."""
        return self.unit.rest_url(self.api_url)


def default_forges() -> dict[str, ForgeSettings]:
    """The built-in forges: github.com, gitlab.com and code.overheid.nl (Forgejo), tokens from
    GITHUB_TOKEN / GITLAB_TOKEN / CODE_OVERHEID_TOKEN (the last optional)."""
    return {
        "github.com": ForgeSettings(
            host="github.com",
            type="github",
            api_url="https://api.github.com",
            graphql_url="https://api.github.com/graphql",
            raw_url="https://raw.githubusercontent.com",
            token_env="GITHUB_TOKEN",
        ),
        "gitlab.com": ForgeSettings(
            host="gitlab.com",
            type="gitlab",
            api_url="https://gitlab.com",
            graphql_url="https://gitlab.com/api/graphql",
            token_env="GITLAB_TOKEN",
        ),
        # The Dutch government's own forge (Forgejo); public data needs no token.
        "code.overheid.nl": ForgeSettings(
            host="code.overheid.nl",
            type="forgejo",
            api_url="https://code.overheid.nl",
            token_env="CODE_OVERHEID_TOKEN",
        ),
    }


#: Keys of the ``[site]`` table: who runs the site (README, "Operator settings").
_SITE_KEYS = {
    "organisation", "organisation_url", "contact_email", "contact_url", "privacy_url",
    "accessibility_status", "accessibility_evaluated", "accessibility_url",
}
#: ``accessibility_status`` values: the Dutch statement model's compliance levels
#: (toegankelijkheidsverklaring.nl: voldoet volledig / gedeeltelijk / niet).
ACCESSIBILITY_STATUSES = ("compliant", "partially-compliant", "not-compliant", "not-evaluated")


@dataclass(frozen=True)
class OperatorSettings:
    """Who runs the site, from the ``[site]`` table (every key optional).

    ``organisation`` (name) and ``organisation_url``; ``contact_email`` and/or
    ``contact_url`` (a contact form); ``privacy_url`` (the organisation's privacy
    statement); the accessibility statement: ``accessibility_status`` (one of
    :data:`ACCESSIBILITY_STATUSES`), ``accessibility_evaluated`` (ISO date of the last
    evaluation, ``datetime.date``) and ``accessibility_url`` (the statement registered at
    toegankelijkheidsverklaring.nl). URLs are http(s); the e-mail has one ``@``.
    """

    organisation: str | None = None
    organisation_url: str | None = None
    contact_email: str | None = None
    contact_url: str | None = None
    privacy_url: str | None = None
    accessibility_status: str = "not-evaluated"
    accessibility_evaluated: Any = None
    accessibility_url: str | None = None


def _operator_from_table(path: Path | None, table: Any) -> OperatorSettings:
    import datetime as _dt

    where = f"{path}: [site]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    unknown = set(table) - _SITE_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_SITE_KEYS))}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "accessibility_evaluated":
            if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
                values[key] = value
                continue
            try:
                values[key] = _dt.date.fromisoformat(str(value))
            except ValueError:
                raise ConfigError(f"{where}: accessibility_evaluated must be a date (YYYY-MM-DD), not {value!r}") from None
            continue
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: {key} must be a non-empty string")
        value = value.strip()
        if key.endswith("_url") and not re.match(r"https?://[^/\s]+", value):
            raise ConfigError(f"{where}: {key} {value!r} is not an http(s) URL")
        if key == "contact_email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ConfigError(f"{where}: contact_email {value!r} is not an e-mail address")
        if key == "accessibility_status" and value not in ACCESSIBILITY_STATUSES:
            raise ConfigError(f"{where}: accessibility_status must be one of {', '.join(ACCESSIBILITY_STATUSES)}, not {value!r}")
        values[key] = value
    return OperatorSettings(**values)


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know, fixed at start.

    ``publishers``: path of the publishers file, ``None`` for the shipped list;
    ``db``: SQLAlchemy URL; ``output``: output directory; ``forges``: per web host.
    """

    publishers: Path | None
    db: str
    output: Path
    forges: Mapping[str, ForgeSettings] = field(default_factory=dict)
    base_url: str | None = None
    config_file: Path | None = None
    site: OperatorSettings = field(default_factory=OperatorSettings)
    crawl_lock: str = "refuse"
    """What a crawl does when another crawl holds the catalogue: ``refuse`` (exit 2 at
    once) or ``wait`` until it is done."""
    max_drop: float = DEFAULT_MAX_DROP
    """The largest share (0-1) of the listed repositories that one crawl may drop
    (marked gone, or no longer confirmed) before ``run`` refuses to publish."""
    #: The publiccode.yml rules of ``catalogue validate``: ``"0"`` (the reference's) or
    #: ``"1.0-rc"`` (TOML ``publiccode_standard``; ``--standard`` beats it).
    publiccode_standard: str = "0"
    # Distributed crawl (docs/scale.md): the Redis of the shared queue, and several
    # tokens per web host, spread over the workers.
    redis_url: str | None = None
    token_pools: Mapping[str, tuple[Secret, ...]] = field(default_factory=dict)

    @property
    def site_dir(self) -> Path:
        """Where ``catalogue build`` writes the static site."""
        return self.output / "site"

    def forge_for(self, host: str) -> ForgeSettings:
        """The forge settings of a web host. Raises UnknownHostError when none are configured."""
        try:
            return self.forges[host.lower()]
        except KeyError:
            known = ", ".join(sorted(self.forges)) or "none"
            raise UnknownHostError(
                f"no forge is configured for host {host!r} (configured: {known}); "
                f'add a [forges."{host}"] table with type and api_url to the configuration file'
            ) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ConfigError(
            f"{path}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_TOP_KEYS))}"
        )
    return data


def _forge_from_table(path: Path | None, host: str, table: Any, base: ForgeSettings | None) -> ForgeSettings:
    where = f'{path}: [forges."{host}"]'
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    unknown = set(table) - _FORGE_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key, value in table.items():
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: {key} must be a non-empty string")
    forge_type = table.get("type", base.type if base else None)
    if forge_type not in forge_types():
        raise ConfigError(f"{where}: type must be one of {', '.join(forge_types())}, not {forge_type!r}")
    api_url = table.get("api_url", base.api_url if base else None)
    if not api_url:
        raise ConfigError(f"{where}: api_url is required")
    # The built-in GraphQL and raw URLs belong to the built-in api_url: a table that
    # points the host elsewhere must not send anything (a token least of all) there.
    same_type_base = base if base and base.type == forge_type and api_url == base.api_url else None
    return ForgeSettings(
        host=host.lower(),
        type=forge_type,
        api_url=api_url,
        graphql_url=table.get("graphql_url", same_type_base.graphql_url if same_type_base else None),
        raw_url=table.get("raw_url", same_type_base.raw_url if same_type_base else None),
        # A token variable named in the file must be set; a built-in default need not.
        token_env=table.get("token_env"),
    )


def _resolve_tokens(
    forges: dict[str, ForgeSettings], explicit_env: set[str], environ: Mapping[str, str], required: bool = True
) -> dict[str, ForgeSettings]:
    resolved = {}
    for host, forge in forges.items():
        value = environ.get(forge.token_env) if forge.token_env else None
        if required and forge.token_env and not value and host in explicit_env:
            raise ConfigError(
                f'token variable {forge.token_env} (named by [forges."{host}"] token_env) is not set'
            )
        resolved[host] = replace(forge, token=Secret(value) if value else None)
    return resolved


def load_settings(
    *,
    environ: Mapping[str, str],
    config: str | Path | None = None,
    publishers: str | Path | None = None,
    db: str | None = None,
    output: str | Path | None = None,
    base_url: str | None = None,
    redis_url: str | None = None,
    require_tokens: bool = True,
) -> Settings:
    """Build the settings from options (keyword arguments), ``environ`` and the file.

    ``require_tokens=False`` is for commands that send no request (``build``,
    ``export``): an unset token variable is then no error, the forge is anonymous.

    Keyword arguments are the command-line options (``None`` = not given). Relative
    paths in the TOML file are relative to the file. Raises ConfigError naming the
    file and key of a wrong value, or the unset token variable.
    """
    config_path = config or environ.get("CATALOGUE_CONFIG")
    file_data: dict[str, Any] = {}
    config_file = None
    if config_path:
        config_file = Path(config_path)
        file_data = _read_toml(config_file)
    # Paths in the file are relative to it; messages name them in full.
    base_dir = config_file.resolve().parent if config_file else Path(".")

    def pick(cli_value: Any, env_key: str, file_key: str) -> Any:
        if cli_value not in (None, ""):
            return cli_value, "cli"
        if environ.get(env_key):
            return environ[env_key], "env"
        if file_key in file_data:
            value = file_data[file_key]
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{config_file}: {file_key} must be a non-empty string")
            return value, "file"
        return None, None

    publishers_value, source = pick(publishers, "CATALOGUE_PUBLISHERS", "publishers")
    publishers_path = None
    if publishers_value:
        publishers_path = Path(publishers_value)
        if source == "file" and not publishers_path.is_absolute():
            publishers_path = base_dir / publishers_path

    output_value, source = pick(output, "CATALOGUE_OUTPUT", "output")
    output_path = Path(output_value) if output_value else DEFAULT_OUTPUT
    if source == "file" and not output_path.is_absolute():
        output_path = base_dir / output_path

    db_value, _ = pick(db, "CATALOGUE_DB", "db")
    if not db_value:
        db_value = f"sqlite:///{output_path / 'catalogue.sqlite'}"
    elif "://" not in db_value:
        raise ConfigError(f"database URL {db_value!r} is not a URL (expected e.g. sqlite:///catalogue.sqlite)")

    base_url_value, source = pick(base_url, "CATALOGUE_BASE_URL", "base_url")
    if base_url_value and not re.match(r"https?://[^/\s]+", base_url_value):
        where = {"cli": "--base-url", "env": "CATALOGUE_BASE_URL", "file": f"{config_file}: base_url"}[source]
        raise ConfigError(f"{where}: {base_url_value!r} is not an http(s) URL (e.g. https://developer.overheid.nl/)")

    forges = default_forges()
    explicit_env: set[str] = set()
    tables = file_data.get("forges", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{config_file}: forges must be a table of tables")
    for host, table in tables.items():
        forge = _forge_from_table(config_file, host, table, forges.get(host.lower()))
        if forge.token_env is None and host.lower() in forges:
            forge = replace(forge, token_env=forges[host.lower()].token_env)
        elif forge.token_env is not None:
            explicit_env.add(host.lower())
        forges[host.lower()] = forge

    redis_value, source = pick(redis_url, "CATALOGUE_REDIS", "redis_url")
    if redis_value and not re.match(r"(redis|rediss|unix)://", redis_value):
        where = {"cli": "--redis", "env": "CATALOGUE_REDIS", "file": f"{config_file}: redis_url"}[source]
        raise ConfigError(f"{where}: {redis_value!r} is not a Redis URL (e.g. redis://127.0.0.1:6379/0)")

    crawl_lock, source = pick(None, "CATALOGUE_CRAWL_LOCK", "crawl_lock")
    if crawl_lock and crawl_lock not in CRAWL_LOCK_MODES:
        where = {"env": "CATALOGUE_CRAWL_LOCK", "file": f"{config_file}: crawl_lock"}[source]
        raise ConfigError(f"{where}: {crawl_lock!r} is not one of {', '.join(CRAWL_LOCK_MODES)}")
    max_drop = _max_drop(environ.get("CATALOGUE_MAX_DROP"), file_data.get("max_drop"), config_file)
    return Settings(
        publishers=publishers_path,
        db=db_value,
        output=output_path,
        forges=_resolve_tokens(forges, explicit_env, environ, required=require_tokens),
        base_url=base_url_value,
        config_file=config_file,
        site=_operator_from_table(config_file, file_data["site"]) if "site" in file_data else OperatorSettings(),
        crawl_lock=crawl_lock or "refuse",
        max_drop=max_drop,
        publiccode_standard=_publiccode_standard(config_file, file_data),
        redis_url=redis_value,
        token_pools=_token_pools(config_file, file_data.get("tokens", {}), environ) if require_tokens else {},
    )


def _max_drop(env_value: str | None, file_value: Any, config_file: Path | None) -> float:
    """``max_drop`` from the environment (``CATALOGUE_MAX_DROP``) or the file: a share
    from 0 to 1. Raises ConfigError naming the source of a wrong value."""
    value, where = (env_value, "CATALOGUE_MAX_DROP") if env_value else (file_value, f"{config_file}: max_drop")
    if value is None or value == "":
        return DEFAULT_MAX_DROP
    try:
        share = float(value)
    except (TypeError, ValueError):
        share = -1.0
    if isinstance(value, bool) or not 0.0 <= share <= 1.0:
        raise ConfigError(f"{where}: {value!r} is not a share from 0 to 1 (e.g. 0.2 for 20%)")
    return share


def _publiccode_standard(config_file: Path | None, file_data: Mapping[str, Any]) -> str:
    """The TOML ``publiccode_standard`` (``"0"`` or ``"1.0-rc"``), ``"0"`` when absent.
    Raises ConfigError naming the file for another value."""
    from catalogue.publiccode.standard import DEFAULT, STANDARDS

    value = file_data.get("publiccode_standard", DEFAULT)
    if value not in STANDARDS:
        raise ConfigError(f"{config_file}: publiccode_standard must be one of {', '.join(STANDARDS)}, not {value!r}")
    return value


def _token_pools(path: Path | None, table: Any, environ: Mapping[str, str]) -> dict[str, tuple[Secret, ...]]:
    """``[tokens]``: per web host, the names of the variables holding its tokens
    (``"github.com" = ["GITHUB_TOKEN_1", "GITHUB_TOKEN_2"]``); a distributed crawl gives
    each worker one of them in turn. Raises ConfigError for a wrong shape or an unset variable."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: tokens must be a table of host = [variable names]")
    pools = {}
    for host, names in table.items():
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
            raise ConfigError(f'{path}: tokens."{host}" must be a non-empty list of variable names')
        missing = [name for name in names if not environ.get(name)]
        if missing:
            raise ConfigError(f'{path}: token variable(s) {", ".join(missing)} (named by tokens."{host}") not set')
        pools[host.lower()] = tuple(Secret(environ[name]) for name in names)
    return pools


def with_forges(settings: Settings, tables: Mapping[str, Mapping[str, str]], token: str | None = None) -> Settings:
    """``settings`` with forge tables (``{host: {"type", "api_url", ...}}``, the shape of
    the TOML ``[forges."HOST"]`` tables) put in place of the configured ones for those
    hosts, all using ``token``. Used to point a crawl at a local forge (the demo, tests).

    Raises ConfigError for a wrong table, as for the file.
    """
    forges = dict(settings.forges)
    for host, table in tables.items():
        forge = _forge_from_table(Path("<forges>"), host, dict(table), None)
        forges[host.lower()] = replace(forge, token=Secret(token) if token else None)
    return replace(settings, forges=forges)
