"""Start the real server as a process on a free loopback port, and stop it afterwards."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx

startup_timeout_s = 30
scripts_dir = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(command: Sequence[str], port: int, environment: dict[str, str]) -> Iterator[str]:
    """Run `command` (which must listen on `port`) until its health check answers; yield its URL."""
    base_url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        list(command),
        env={**os.environ, **environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + startup_timeout_s
        while True:
            if process.poll() is not None:
                raise AssertionError(f"server exited with {process.returncode}:\n{process.stdout.read()}")
            try:
                if httpx.get(f"{base_url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"server did not answer its health check within {startup_timeout_s} s")
            time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
