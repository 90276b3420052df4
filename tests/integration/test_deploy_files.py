"""The server's deployment files, checked as an operator would use them: gunicorn reads
installer/server/gunicorn.conf.py and serves the health check with it; server.env.example names
every setting the server reads; wekeza-admin runs the admin commands with those settings; on MySQL
the two users the README creates, with no more than the grants it gives them, migrate and serve;
the systemd unit has what the README promises, and systemd parses it.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import gunicorn
import httpx
import pymysql
import pytest
from gunicorn.app.base import Application
from sqlalchemy import make_url

from shared_core.batch import batch_bytes_max
from sync_server.settings import Settings, server_key_file_name
from tests.e2e.server_process import free_port, running_server, scripts_dir

repo_root = Path(__file__).resolve().parents[2]
server_dir = repo_root / "installer" / "server"
config_file = server_dir / "gunicorn.conf.py"
unit_file = server_dir / "wekeza-server.service"
env_example = server_dir / "server.env.example"
admin_script = server_dir / "wekeza-admin"
command_timeout_s = 120
# The weakest uplink the server must take a full batch from: an agent's shop on poor 3G.
slow_uplink_bytes_per_s = 64 * 1024


class ConfigFile(Application):
    """gunicorn reading its configuration file alone, as `gunicorn --config FILE` does."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__()

    def load_config(self) -> None:
        self.load_config_from_file(str(self.path))

    def load(self) -> None:
        raise AssertionError("only the configuration is read here")


def env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile= reads them (comments and blanks skipped)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def unit_sections(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit's [Section] key=value pairs, repeats kept (systemd allows a key many times)."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        assert current is not None, f"{line!r} comes before any [Section]"
        key, separator, value = line.partition("=")
        assert separator, f"{line!r} is not key=value"
        current.append((key.strip(), value.strip()))
    return sections


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("WEKEZA_HOST", "WEKEZA_PORT", "WEB_CONCURRENCY", "RUNTIME_DIRECTORY", "GUNICORN_CMD_ARGS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def write_env_file(path: Path, **settings: str) -> Path:
    """server.env.example as an operator fills it in: its lines, with `settings` replacing values."""
    values = env_file(env_example) | settings
    path.write_text("".join(f"{key}={value}\n" for key, value in values.items()), encoding="utf-8")
    return path


def admin(environment_file: Path, *arguments: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`wekeza-admin ARGUMENTS` with the service's settings from `environment_file` (`settings`, set in
    the environment, win over it), running this checkout's code."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("WEKEZA_")}
    environment |= {"WEKEZA_ENV_FILE": str(environment_file), "WEKEZA_VENV": str(scripts_dir.parent),
                    "PYTHONPATH": str(repo_root), **settings}
    return subprocess.run(["sh", str(admin_script), *arguments], capture_output=True, text=True,
                          env=environment, timeout=command_timeout_s)


@contextlib.contextmanager
def gunicorn_serving(environment_file: Path, runtime_dir: Path) -> Iterator[str]:
    """gunicorn with the production configuration and the environment systemd would give it."""
    settings = env_file(environment_file)
    environment = settings | {"RUNTIME_DIRECTORY": str(runtime_dir), "PYTHONPATH": str(repo_root)}
    command = [str(scripts_dir / "gunicorn"), "--config", str(config_file), "sync_server.wsgi:application"]
    with running_server(command, int(settings["WEKEZA_PORT"]), environment) as base_url:
        yield base_url


# --- gunicorn.conf.py -----------------------------------------------------------------------------


def test_gunicorn_reads_the_configuration(clean_environment: pytest.MonkeyPatch) -> None:
    config = ConfigFile(config_file).cfg
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert config.bind == ["127.0.0.1:8600"], "loopback, on the port `wekeza-server serve` uses"
    assert config.worker_class_str == "sync"
    assert config.workers == 2 * cpus + 1
    assert config.preload_app is False, "each worker makes its own database engine after the fork"
    assert (config.max_requests, config.max_requests_jitter) == (1000, 100)
    assert config.graceful_timeout < config.timeout
    assert config.accesslog == "-" and "%({wekeza-device}i)s" in config.access_log_format
    assert "signature" not in config.access_log_format.lower()


def test_a_full_batch_on_a_slow_uplink_arrives_before_gunicorn_gives_up(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    # A sync worker reads the body itself; one silent for `timeout` seconds is killed mid-upload.
    config = ConfigFile(config_file).cfg
    upload_s = batch_bytes_max / slow_uplink_bytes_per_s
    assert config.timeout >= upload_s + 30, f"{upload_s:.0f} s to upload, timeout {config.timeout} s"


def test_the_environment_chooses_address_and_workers(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("WEKEZA_HOST", "0.0.0.0")
    clean_environment.setenv("WEKEZA_PORT", "9100")
    clean_environment.setenv("WEB_CONCURRENCY", "3")
    config = ConfigFile(config_file).cfg
    assert (config.bind, config.workers) == (["0.0.0.0:9100"], 3)


def test_gunicorn_serves_the_health_check_with_this_configuration(sqlite_url: str, tmp_path: Path) -> None:
    """The install steps in miniature: fill in server.env, `wekeza-admin migrate`, start gunicorn
    with the production configuration, ask for /v1/health."""
    data_dir, runtime_dir = tmp_path / "data", tmp_path / "run"
    runtime_dir.mkdir()
    environment_file = write_env_file(tmp_path / "server.env", WEKEZA_DATABASE_URL=sqlite_url,
                                      WEKEZA_SERVER_DATA_DIR=str(data_dir), WEKEZA_PORT=str(free_port()),
                                      WEB_CONCURRENCY="2")
    migrated = admin(environment_file, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert "migrated" in migrated.stdout
    with gunicorn_serving(environment_file, runtime_dir) as base_url:
        health = httpx.get(f"{base_url}/v1/health", timeout=10)
        assert (health.status_code, health.json()["database"]) == (200, "ok")
        if gunicorn.version_info >= (25, 1):
            assert (runtime_dir / "gunicorn.ctl").is_socket(), "the control socket, in the runtime directory"
    key = data_dir / server_key_file_name
    assert stat.S_IMODE(key.stat().st_mode) == 0o600, "the server key, made by the first worker, private"


# The README's two MySQL users: one that changes the schema, used only by `migrate`; one the service
# runs as, which reads and writes rows and nothing more (no DELETE: nothing in the server deletes).
mysql_command_denied = 1142  # ER_TABLEACCESS_DENIED_ERROR
readme_grants = {
    "migrator": "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES",
    "service": "SELECT, INSERT, UPDATE",
}


@pytest.mark.mysql
def test_the_readme_mysql_users_are_enough_to_migrate_seed_and_serve(mysql_url: str, tmp_path: Path) -> None:
    url = make_url(mysql_url)
    suffix = secrets.token_hex(4)
    users = {role: (f"wk_{role[:3]}_{suffix}", secrets.token_hex(16)) for role in readme_grants}
    root = pymysql.connect(host=url.host, port=url.port, user=url.username, password=url.password or "")
    try:
        with root.cursor() as cursor:
            for role, (user, password) in users.items():
                cursor.execute(f"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'")
                cursor.execute(f"GRANT {readme_grants[role]} ON `{url.database}`.* TO '{user}'@'%'")

        def url_of(role: str) -> str:
            user, password = users[role]
            return url.set(username=user, password=password).render_as_string(hide_password=False)

        # server.env holds the service's URL; `migrate` alone is given the migrator's, in its environment.
        service = write_env_file(tmp_path / "server.env", WEKEZA_DATABASE_URL=url_of("service"),
                                 WEKEZA_SERVER_DATA_DIR=str(tmp_path / "data"), WEKEZA_PORT=str(free_port()),
                                 WEB_CONCURRENCY="2")
        migrated = admin(service, "migrate", WEKEZA_DATABASE_URL=url_of("migrator"))
        assert migrated.returncode == 0, migrated.stderr
        # The demo bank: users, customers, and opening deposits booked through ingest; then the ledger check.
        for command in (["seed-demo"], ["check-ledger"]):
            answer = admin(service, *command)
            assert answer.returncode == 0, f"{command}: {answer.stdout}{answer.stderr}"
        (tmp_path / "run").mkdir()
        with gunicorn_serving(service, tmp_path / "run") as base_url:
            assert httpx.get(f"{base_url}/v1/health", timeout=10).json()["database"] == "ok"
        service_user, service_password = users["service"]
        as_service = pymysql.connect(host=url.host, port=url.port, user=service_user,
                                     password=service_password, database=url.database)
        try:
            with as_service.cursor() as cursor, pytest.raises(pymysql.err.OperationalError) as refused:
                cursor.execute("DELETE FROM entries")
            assert refused.value.args[0] == mysql_command_denied, "the service cannot delete the journal"
        finally:
            as_service.close()
    finally:
        with root.cursor() as cursor:
            for user, _password in users.values():
                cursor.execute(f"DROP USER IF EXISTS '{user}'@'%'")
        root.close()


# --- server.env.example ---------------------------------------------------------------------------


class RecordingEnvironment(dict):
    """An empty environment that remembers every variable asked of it."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key: str, default: str | None = None) -> str | None:
        self.asked.add(key)
        return default

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        raise KeyError(key)


def test_the_example_environment_names_every_setting_the_server_reads() -> None:
    environment = RecordingEnvironment()
    Settings.from_environment(environment)
    example = env_file(env_example)
    assert environment.asked, "the server reads its settings from the environment"
    assert environment.asked - example.keys() == set(), f"missing from {env_example.name}"
    assert example["WEKEZA_DATABASE_URL"].startswith("mysql+pymysql://")
    assert "charset=utf8mb4" in example["WEKEZA_DATABASE_URL"]


# --- wekeza-server.service ------------------------------------------------------------------------


def test_the_systemd_unit_runs_gunicorn_hardened_with_the_environment_file() -> None:
    sections = unit_sections(unit_file)
    service = dict(sections["Service"])  # the keys checked here appear once each
    data_dir = env_file(env_example)["WEKEZA_SERVER_DATA_DIR"]
    assert service["EnvironmentFile"] == "/etc/wekeza/server.env"
    production_command = (r"/\S+/gunicorn --config /etc/wekeza/gunicorn\.conf\.py "
                          r"sync_server\.wsgi:application")
    assert re.fullmatch(production_command, service["ExecStart"]), service["ExecStart"]
    assert service["User"] == service["Group"] == "wekeza", "a dedicated user, not root"
    assert service["Type"] == "notify", "gunicorn tells systemd when it is ready"
    assert service["Restart"] == "on-failure"
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes",
                       "ProtectHome": "yes", "CapabilityBoundingSet": ""}.items():
        assert service[key] == value, key
    assert data_dir in [value for key, value in sections["Service"] if key == "ReadWritePaths"], (
        "the data directory (server key) is the one place the service may write")
    assert f"/var/lib/{service['StateDirectory']}" == data_dir
    graceful_timeout_s = ConfigFile(config_file).cfg.graceful_timeout
    assert int(service["TimeoutStopSec"]) > graceful_timeout_s, "systemd waits for gunicorn's graceful stop"
    assert dict(sections["Install"])["WantedBy"] == "multi-user.target"


@pytest.fixture
def unit_for_this_machine(tmp_path: Path) -> Iterator[Path]:
    """The unit with ExecStart's gunicorn pointed at this environment's (systemd checks it exists)."""
    text = unit_file.read_text(encoding="utf-8")
    text = re.sub(r"^ExecStart=\S+/gunicorn", f"ExecStart={scripts_dir / 'gunicorn'}", text, flags=re.M)
    copy = tmp_path / unit_file.name
    copy.write_text(text, encoding="utf-8")
    yield copy


@pytest.mark.skipif(shutil.which("systemd-analyze") is None or not sys.platform.startswith("linux"),
                    reason="systemd-analyze is not installed here")
def test_systemd_parses_the_unit_without_a_warning(unit_for_this_machine: Path) -> None:
    verified = subprocess.run(["systemd-analyze", "verify", "--man=no", str(unit_for_this_machine)],
                              capture_output=True, text=True, timeout=command_timeout_s)
    about_our_unit = [line for line in (verified.stdout + verified.stderr).splitlines()
                      if unit_for_this_machine.name in line]
    assert verified.returncode == 0, verified.stderr
    assert about_our_unit == [], "\n".join(about_our_unit)  # an unknown key or bad value is only a warning
