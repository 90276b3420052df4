"""The fault proxy does to a client exactly the harm it claims, and nothing else.

The set-up, in every test:

    httpx (timeout 1 s) --> FaultProxy on 127.0.0.1 --> a small HTTP server on 127.0.0.1

The server answers each POST with a reply derived from the request body (SHA-256 of it, repeated to
4 KB by default), so a client can tell a whole, correct reply from a short or mixed-up one, and it
counts the requests it received, so a test can tell "the server never heard" from "the server did
the work and the client never heard". The seed is printed by the proxy; set FAULT_PROXY_SEED to
replay a failing run.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import http.server
import os
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e import fault_proxy
from tests.e2e.fault_proxy import ALL_FAULTS, FAILING_FAULTS, Fault, FaultProxy

client_timeout_s = 1.0
stall_s = 2.0  # longer than the client's timeout: a stalled reply is a ReadTimeout
reply_bytes_default = 4096
reply_bytes_max = 2 * 1024 * 1024


def expected_reply(request_body: bytes, reply_bytes: int = reply_bytes_default) -> bytes:
    digest = hashlib.sha256(request_body).digest()
    return (digest * (reply_bytes // len(digest) + 1))[:reply_bytes]


class ReplyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real server speaks to devices
    server: UpstreamServer

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        request_body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.count_request()
        reply_bytes = reply_bytes_default
        if self.path.startswith("/bytes/"):
            reply_bytes = int(self.path.removeprefix("/bytes/"))
        assert 0 <= reply_bytes <= reply_bytes_max, reply_bytes
        reply = expected_reply(request_body, reply_bytes)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *arguments: object) -> None:  # noqa: A002
        pass


class UpstreamServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # A backlog of 5 (the default) overflows when the proxy opens connections in a burst; a dropped
    # SYN waits a second to be resent, and a healthy request would time out through no fault drawn.
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ReplyHandler)
        self._lock = threading.Lock()
        self._requests_received = 0

    @property
    def port(self) -> int:
        return self.server_address[1]

    def count_request(self) -> None:
        with self._lock:
            self._requests_received += 1

    @property
    def requests_received(self) -> int:
        with self._lock:
            return self._requests_received

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # connections the proxy reset on purpose: expected, and noise in the output


@pytest.fixture
def upstream() -> Iterator[UpstreamServer]:
    server = UpstreamServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def seed() -> int:
    """A fresh seed each run (the proxy prints it); FAULT_PROXY_SEED=<printed> replays one."""
    return int(os.environ.get("FAULT_PROXY_SEED", random.randrange(2**32)))


@contextlib.contextmanager
def client_through(proxy: FaultProxy, timeout_s: float = client_timeout_s) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://127.0.0.1:{proxy.port}", timeout=timeout_s) as client:
        yield client


def outcome(client: httpx.Client, request_body: bytes) -> str:
    """'ok' for the whole, right reply; otherwise the name of what httpx raised."""
    try:
        answer = client.post("/", content=request_body)
    except httpx.HTTPError as error:
        return type(error).__name__
    assert answer.status_code == 200
    assert answer.content == expected_reply(request_body), "a reply passed the proxy changed"
    return "ok"


def test_with_no_failures_every_reply_arrives_byte_for_byte(upstream: UpstreamServer, seed: int) -> None:
    data = random.Random(seed)
    bodies = [b"", b"x", b"deposit KES 5,000.00 to 0100-123456", data.randbytes(1000), data.randbytes(70_000)]
    with FaultProxy(upstream.port, seed=seed, failure_rate=0.0) as proxy, client_through(proxy) as client:
        for body in bodies * 4:
            assert outcome(client, body) == "ok"
        # A reply larger than one read, in both directions.
        big_request = data.randbytes(1024 * 1024)
        answer = client.post(f"/bytes/{reply_bytes_max}", content=big_request)
        assert answer.content == expected_reply(big_request, reply_bytes_max)
        counts = proxy.counts()
    assert upstream.requests_received == len(bodies) * 4 + 1
    assert counts.exchanges == len(bodies) * 4 + 1
    assert counts.faulted == 0
    assert counts.connections == 1  # httpx kept the one connection alive throughout


def test_a_scenario_that_needs_a_failing_link_gets_its_first_exchange_failed(
    upstream: UpstreamServer, seed: int
) -> None:
    """Even with no other failure drawn: the first exchange fails, the rest pass."""
    with FaultProxy(upstream.port, seed=seed, failure_rate=0.0, first_exchange_fails=True) as proxy:
        with client_through(proxy) as client:
            outcomes = [outcome(client, b"deposit") for _ in range(5)]
        counts = proxy.counts()
    assert outcomes[0] != "ok" and outcomes[1:] == ["ok"] * 4
    assert counts.failed == counts.faulted == 1


# What the client sees for each fault, and whether the server received the request.
failing_cases = [
    (Fault.RESET_BEFORE_REQUEST, "ReadError", False),
    (Fault.RESET_AFTER_REQUEST, "ReadError", True),
    (Fault.STALL, "ReadTimeout", True),
    (Fault.TRUNCATE, "RemoteProtocolError", True),
]


@pytest.mark.parametrize(
    ("fault", "error_name", "server_received"), failing_cases, ids=[case[0] for case in failing_cases]
)
def test_each_fault_shows_the_client_its_failure(
    upstream: UpstreamServer, seed: int, fault: Fault, error_name: str, server_received: bool
) -> None:
    requests = 2 if fault is Fault.STALL else 20  # each stall costs a whole client timeout
    proxy = FaultProxy(upstream.port, seed=seed, failure_rate=1.0, faults=(fault,), stall_s=stall_s)
    with proxy, client_through(proxy) as client:
        outcomes = Counter(outcome(client, f"request {number}".encode()) for number in range(requests))
        counts = proxy.counts()
    # Never "ok": in particular a truncated reply is never taken for a whole one (Content-Length).
    assert outcomes == {error_name: requests}
    assert counts.of(fault) == counts.exchanges == requests
    # RESET_AFTER_REQUEST is the nasty one: the server did the work, yet every client saw an error.
    assert upstream.requests_received == (requests if server_received else 0)


def test_a_stall_shorter_than_the_client_timeout_ends_in_a_disconnect(
    upstream: UpstreamServer, seed: int
) -> None:
    proxy = FaultProxy(upstream.port, seed=seed, failure_rate=1.0, faults=(Fault.STALL,), stall_s=0.3)
    with proxy, client_through(proxy) as client:
        assert outcome(client, b"stalled") == "RemoteProtocolError"
    assert upstream.requests_received == 1


def test_a_slow_reply_is_late_but_whole(upstream: UpstreamServer, seed: int) -> None:
    requests = 10
    proxy = FaultProxy(upstream.port, seed=seed, failure_rate=1.0, faults=(Fault.SLOW,))
    started = time.monotonic()
    with proxy, client_through(proxy) as client:
        outcomes = Counter(outcome(client, f"request {number}".encode()) for number in range(requests))
        counts = proxy.counts()
    elapsed_s = time.monotonic() - started
    assert outcomes == {"ok": requests}
    assert counts.slow == counts.exchanges == requests
    # Each 4 KB body drips in at least 4 chunks (chunks are at most 1 KB), each after a delay.
    drips_min = reply_bytes_default // fault_proxy.slow_chunk_bytes_max
    assert elapsed_s >= requests * drips_min * fault_proxy.slow_delay_s_min


def sequential_run(upstream: UpstreamServer, seed: int) -> tuple[tuple[fault_proxy.Decision, ...], list[str]]:
    faults = (Fault.RESET_BEFORE_REQUEST, Fault.RESET_AFTER_REQUEST, Fault.TRUNCATE, Fault.SLOW)
    proxy = FaultProxy(upstream.port, seed=seed, failure_rate=0.5, faults=faults)
    with proxy, client_through(proxy) as client:
        outcomes = [outcome(client, f"request {number}".encode()) for number in range(30)]
        return proxy.decisions(), outcomes


def test_the_same_seed_replays_the_same_faults(upstream: UpstreamServer, seed: int) -> None:
    decisions, outcomes = sequential_run(upstream, seed)
    assert sequential_run(upstream, seed) == (decisions, outcomes)
    assert sequential_run(upstream, seed + 1)[0] != decisions  # the seed is what decides
    assert [decision.fault is None or decision.fault is Fault.SLOW for decision in decisions] == [
        name == "ok" for name in outcomes
    ]
    # Decided per exchange, not per connection: a kept-alive connection that started healthy still
    # meets faults later. (With 30 requests failing with probability 3/8, missing this is ~1e-6.)
    assert any(decision.exchange > 1 and decision.fault in FAILING_FAULTS for decision in decisions)


def test_about_one_request_in_five_fails_and_the_counts_add_up(upstream: UpstreamServer, seed: int) -> None:
    requests = 200
    proxy = FaultProxy(upstream.port, seed=seed, failure_rate=0.2, faults=ALL_FAULTS, stall_s=stall_s)
    with proxy, client_through(proxy) as client:
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = Counter(pool.map(lambda number: outcome(client, b"%d" % number), range(requests)))
        counts = proxy.counts()
        decisions = proxy.decisions()
    # 40 faults expected (standard deviation 5.7); the band is wide enough never to flake.
    assert 0.08 * requests <= counts.faulted <= 0.35 * requests, counts
    assert counts.exchanges == len(decisions) == requests
    assert Counter(decision.fault for decision in decisions if decision.fault) == {
        fault: counts.of(fault) for fault in ALL_FAULTS if counts.of(fault)
    }
    assert outcomes["ok"] == requests - counts.failed
    assert outcomes["ReadError"] == counts.reset_before_request + counts.reset_after_request
    assert outcomes["ReadTimeout"] == counts.stall
    assert outcomes["RemoteProtocolError"] == counts.truncate
    assert sum(outcomes.values()) == requests
    assert upstream.requests_received == requests - counts.reset_before_request


def test_stop_ends_a_stalled_connection_and_the_thread_promptly(upstream: UpstreamServer, seed: int) -> None:
    longest_s = fault_proxy.stall_s_max
    proxy = FaultProxy(upstream.port, seed=seed, failure_rate=1.0, faults=(Fault.STALL,), stall_s=longest_s)
    proxy.start()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    with pool, client_through(proxy, timeout_s=30) as client:
        waiting = pool.submit(outcome, client, b"held")
        while upstream.requests_received == 0:  # the request is through; its reply is being held
            time.sleep(0.01)
        started = time.monotonic()
        proxy.stop()
        assert time.monotonic() - started < fault_proxy.stop_timeout_s
        assert waiting.result(timeout=5) == "RemoteProtocolError"  # closed under it, not left hanging
        assert outcome(client, b"after stop") == "ConnectError"


def test_the_proxy_stops_itself_after_its_lifetime(upstream: UpstreamServer, seed: int) -> None:
    proxy = FaultProxy(upstream.port, seed=seed, failure_rate=0.0, lifetime_s=0.2)
    with proxy, client_through(proxy) as client:
        assert outcome(client, b"in time") == "ok"
        time.sleep(0.5)
        assert outcome(client, b"too late") in {"ConnectError", "RemoteProtocolError"}
        assert outcome(client, b"much too late") == "ConnectError"


def test_connections_beyond_the_limit_are_reset(
    upstream: UpstreamServer, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fault_proxy, "connections_max", 2)
    with FaultProxy(upstream.port, seed=seed, failure_rate=0.0) as proxy:
        idle = [socket.create_connection(("127.0.0.1", proxy.port), timeout=2) for _ in range(2)]
        try:
            time.sleep(0.1)  # both accepted and waiting for a request
            # The reset may reach the third client in connect, send or receive, depending on timing.
            with pytest.raises(ConnectionError):
                with socket.create_connection(("127.0.0.1", proxy.port), timeout=2) as third:
                    third.sendall(b"POST / HTTP/1.1\r\n\r\n")
                    third.recv(1)
        finally:
            for connection in idle:
                connection.close()
        assert proxy.counts().refused == 1
        assert proxy.counts().connections == 2


def test_an_unreachable_server_is_a_reset_for_the_client(seed: int) -> None:
    with socket.socket() as placeholder:  # a loopback port with nobody listening on it
        placeholder.bind(("127.0.0.1", 0))
        nobody_port = placeholder.getsockname()[1]
    with FaultProxy(nobody_port, seed=seed, failure_rate=0.0) as proxy, client_through(proxy) as client:
        assert outcome(client, b"anyone?") == "ReadError"
        assert proxy.counts().upstream_unreachable == 1


@pytest.mark.parametrize(
    "arguments", [{"failure_rate": 1.5}, {"failure_rate": -0.1}, {"faults": ()}, {"stall_s": 61.0}]
)
def test_settings_out_of_range_are_programmer_errors(arguments: dict[str, object]) -> None:
    settings: dict[str, object] = {"seed": 1, "failure_rate": 0.0} | arguments
    with pytest.raises(AssertionError):
        FaultProxy(8080, **settings)  # type: ignore[arg-type]
