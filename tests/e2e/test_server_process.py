"""The real server, started as a user or an operator would, answers over real HTTP."""

from __future__ import annotations

import concurrent.futures

import httpx
import pytest

from tests.e2e.server_process import free_port, running_server, scripts_dir


def test_wekeza_server_serve_on_embedded_sqlite(tmp_path) -> None:  # noqa: ANN001
    port = free_port()
    database_url = f"sqlite:///{(tmp_path / 'server.sqlite3').as_posix()}"
    command = [str(scripts_dir / "wekeza-server"), "serve", "--port", str(port), "--database-url", database_url]
    with running_server(command, port, {"WEKEZA_SERVER_DATA_DIR": str(tmp_path)}) as base_url:
        answer = httpx.get(f"{base_url}/v1/health", timeout=5)
        assert answer.json()["database"] == "ok"
    assert (tmp_path / "server.sqlite3").exists()


@pytest.mark.mysql
def test_gunicorn_with_two_workers_on_mysql(mysql_url: str, tmp_path) -> None:  # noqa: ANN001
    port = free_port()
    command = [
        str(scripts_dir / "gunicorn"),
        "--workers", "2",
        "--bind", f"127.0.0.1:{port}",
        "sync_server.wsgi:application",
    ]
    environment = {"WEKEZA_DATABASE_URL": mysql_url, "WEKEZA_SERVER_DATA_DIR": str(tmp_path)}
    with running_server(command, port, environment) as base_url:
        # Many requests at once: both workers make their own engine after the fork and answer.
        with httpx.Client(base_url=base_url, timeout=10) as client:
            with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                answers = list(pool.map(lambda _: client.get("/v1/health"), range(40)))
        assert {answer.status_code for answer in answers} == {200}
        assert {answer.json()["database"] for answer in answers} == {"ok"}
