"""A seeded TCP fault proxy on loopback, between devices and the server, for end-to-end tests.

    client (httpx, a device's sync loop) --> FaultProxy on 127.0.0.1:<port> --> 127.0.0.1:<upstream_port>

It runs its own asyncio event loop in a background thread, so synchronous tests simply start it,
point a client at `proxy.port` and stop it. It listens on 127.0.0.1 and connects to 127.0.0.1 only.

Unit of decision: the *exchange*. An exchange begins when a client sends bytes on a fresh connection
or after it has received reply bytes; HTTP/1.1 without pipelining (httpx never pipelines) makes
that exactly one request and its reply. Deciding per exchange rather than per connection means a
keep-alive client (httpx's pool) keeps meeting faults on a connection that happened to start healthy,
without the proxy adding or rewriting a single header; a client that sends `Connection: close`
gets one exchange per connection, which is the same thing.

Each exchange, with probability `failure_rate`, suffers one fault drawn uniformly from `faults`:

- RESET_BEFORE_REQUEST: the proxy reads the whole request, forwards nothing and resets the client
  (SO_LINGER 0, RST). The server never hears of it. httpx: ReadError.
- RESET_AFTER_REQUEST: the request reaches the server, which answers; at the first reply byte the
  proxy resets the client. The server did the work, the client never hears. httpx: ReadError.
- STALL: the request reaches the server; the proxy holds the reply for `stall_s` (meant to be longer
  than the client's read timeout), then closes. httpx: ReadTimeout (RemoteProtocolError
  "Server disconnected" if its timeout is longer than `stall_s`).
- TRUNCATE: the request reaches the server; the proxy gathers its whole reply, forwards a strict
  prefix of it, cut at a random byte, and closes. httpx: RemoteProtocolError (never a short body
  taken for a whole one, since the reply has Content-Length).
- SLOW: everything passes, but the reply drips in small chunks with small delays, each well inside
  any sane read timeout. Not a failure: the client gets the whole reply.

Otherwise bytes pass faithfully both ways. "Whole" request or reply: as long as its Content-Length
says; a message that does not say (chunked, or not HTTP) is taken whole once its sender falls quiet
for quiet_s. Reading the whole request before a reset makes the client's error a failed read every
time, not sometimes a failed write.

Every draw for an exchange is made when it begins, from a Random of its connection, itself seeded
from `random.Random(seed)` in the order connections are accepted: a sequential client replays the
same faults for the same seed. The seed is printed on start (pytest shows it with a failing test's
output): `FaultProxy(port, seed=<printed>, ...)` replays it.

Bounded throughout (the module's `*_max` constants): connections open at once, bytes per read,
bytes gathered, stall time, each connection's age and the proxy's own lifetime; stop() closes
every connection and joins the thread within stop_timeout_s.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import random
import socket
import struct
import threading
from dataclasses import dataclass, fields
from types import TracebackType
from typing import NoReturn

loopback_host = "127.0.0.1"

connections_max = 64  # open at once; more are reset on arrival and counted as refused
read_bytes_max = 64 * 1024
stall_s_max = 60.0
connection_s_max = 120.0  # a connection older than this is closed, whatever it is doing
lifetime_s_max = 600.0  # a forgotten proxy shuts itself down after this
decisions_max = 10_000  # decisions kept for inspection; counters go on counting past it
upstream_connect_timeout_s = 5.0
quiet_s = 0.05  # a sender of a message of unknown length, silent this long, has finished it for now
announced_wait_s = 5.0  # the longest wait for more of a message whose length its head announced
gathered_bytes_max = 4 * 1024 * 1024  # the most of one request or reply gathered
slow_chunk_bytes_min = 64
slow_chunk_bytes_max = 1024
slow_delay_s_min = 0.002
slow_delay_s_max = 0.01  # between drips: far inside any client's read timeout
slow_drips_max = 64  # then the rest of the reply passes at full speed: slow, never stuck
start_timeout_s = 5.0
stop_timeout_s = 5.0


class Fault(enum.StrEnum):
    RESET_BEFORE_REQUEST = "reset_before_request"
    RESET_AFTER_REQUEST = "reset_after_request"
    STALL = "stall"
    TRUNCATE = "truncate"
    SLOW = "slow"


ALL_FAULTS: tuple[Fault, ...] = tuple(Fault)
# The faults a client sees as an error; SLOW is a nuisance, not a failure.
FAILING_FAULTS: tuple[Fault, ...] = tuple(fault for fault in Fault if fault is not Fault.SLOW)


@dataclass(frozen=True, slots=True)
class Decision:
    """What the proxy decided for one exchange: the `exchange`-th on its `connection` (both from 1)."""

    connection: int
    exchange: int
    fault: Fault | None


@dataclass(frozen=True, slots=True)
class FaultCounts:
    """A snapshot of what the proxy did. Field names of the faults are the Fault values."""

    connections: int = 0  # accepted and served
    refused: int = 0  # reset on arrival: connections_max were already open
    upstream_unreachable: int = 0
    exchanges: int = 0
    reset_before_request: int = 0
    reset_after_request: int = 0
    stall: int = 0
    truncate: int = 0
    slow: int = 0

    def of(self, fault: Fault) -> int:
        return getattr(self, fault.value)

    @property
    def faulted(self) -> int:
        return sum(self.of(fault) for fault in Fault)

    @property
    def failed(self) -> int:
        """Exchanges the client saw fail."""
        return sum(self.of(fault) for fault in FAILING_FAULTS)


@dataclass(frozen=True, slots=True)
class _Plan:
    """Every draw for one exchange, made when it begins, so later timing cannot shift them."""

    fault: Fault | None
    cut_fraction: float
    slow_chunk_bytes: int
    slow_delay_s: float


class _Reset(Exception):
    """Abort the client connection with an RST."""


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int,
        failure_rate: float,
        faults: tuple[Fault, ...] = ALL_FAULTS,
        stall_s: float = 5.0,
        lifetime_s: float = lifetime_s_max,
        first_exchange_fails: bool = False,
    ) -> None:
        assert 0 < upstream_port < 65536, upstream_port
        assert 0.0 <= failure_rate <= 1.0, failure_rate
        assert faults and all(isinstance(fault, Fault) for fault in faults), faults
        assert 0 < stall_s <= stall_s_max, stall_s
        assert 0 < lifetime_s <= lifetime_s_max, lifetime_s
        self.upstream_port = upstream_port
        self.seed = seed
        self.failure_rate = failure_rate
        self.faults = tuple(faults)
        self.stall_s = stall_s
        self.lifetime_s = lifetime_s
        # A run of few exchanges (large batches) may draw no fault at all (0.8^18 is about 2%): a
        # scenario that needs a failing link says so, and its very first exchange fails.
        self.first_exchange_fails = first_exchange_fails
        self.port = 0
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {field.name: 0 for field in fields(FaultCounts)}
        self._decisions: list[Decision] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._loop_error: BaseException | None = None
        self._connection_tasks: set[asyncio.Task[None]] = set()

    # ---- the synchronous face, for tests

    def start(self) -> FaultProxy:
        assert self._thread is None, "a FaultProxy starts once"
        print(f"fault proxy seed={self.seed}")
        self._thread = threading.Thread(target=self._run_loop, name=f"fault-proxy-{self.seed}", daemon=True)
        self._thread.start()
        if not self._ready.wait(start_timeout_s):
            raise RuntimeError(f"fault proxy did not start within {start_timeout_s} s")
        if self._loop_error is not None:
            raise RuntimeError("fault proxy could not start") from self._loop_error
        return self

    def stop(self) -> None:
        """Close the listener and every connection, and join the thread (within stop_timeout_s)."""
        if self._thread is None:
            return
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended (lifetime_s ran out)
                loop.call_soon_threadsafe(stopping.set)
        self._thread.join(stop_timeout_s)
        assert not self._thread.is_alive(), f"fault proxy thread still running after {stop_timeout_s} s"
        if self._loop_error is not None:
            raise RuntimeError("fault proxy failed") from self._loop_error

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def counts(self) -> FaultCounts:
        with self._lock:
            return FaultCounts(**self._counts)

    def decisions(self) -> tuple[Decision, ...]:
        with self._lock:
            return tuple(self._decisions)

    # ---- the event loop, in the proxy's thread

    def _run_loop(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        except BaseException as error:  # noqa: BLE001 (start() or stop() raises it again, in the caller)
            self._loop_error = error
            self._ready.set()
        finally:
            loop.close()

    async def _serve(self) -> None:
        self._stopping = asyncio.Event()
        server = await asyncio.start_server(self._accept, loopback_host, 0, limit=read_bytes_max)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.lifetime_s)
        finally:
            server.close()
            for task in list(self._connection_tasks):
                task.cancel()
            if self._connection_tasks:
                await asyncio.wait(list(self._connection_tasks), timeout=stop_timeout_s / 2)
            await asyncio.wait_for(server.wait_closed(), stop_timeout_s / 2)
            await asyncio.sleep(0)  # let the closed transports finish closing before the loop goes

    def _count(self, name: str) -> int:
        with self._lock:
            self._counts[name] += 1
            return self._counts[name]

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if len(self._connection_tasks) >= connections_max:
            self._count("refused")
            _abort(writer)
            return
        number = self._count("connections")
        # Drawn here, in accept order, so the connection's faults do not depend on other connections' timing.
        connection = _Connection(self, number, random.Random(self._random.getrandbits(64)), reader, writer)
        # A task of our own, not asyncio's callback task: stop() cancels it without asyncio logging that.
        task = asyncio.create_task(connection.run())
        self._connection_tasks.add(task)
        task.add_done_callback(self._connection_tasks.discard)

    def _plan(self, connection: int, exchange: int, draws: random.Random) -> _Plan:
        # The same five draws whatever the outcome: a replay draws exactly what the original drew.
        forced = self.first_exchange_fails and (connection, exchange) == (1, 1)
        failing = draws.random() < self.failure_rate or forced
        fault = draws.choice(self.faults)
        if forced and fault not in FAILING_FAULTS:  # SLOW delivers: a forced fault must fail
            fault = next(choice for choice in self.faults if choice in FAILING_FAULTS)
        plan = _Plan(
            fault=fault if failing else None,
            cut_fraction=draws.random(),
            slow_chunk_bytes=draws.randint(slow_chunk_bytes_min, slow_chunk_bytes_max),
            slow_delay_s=draws.uniform(slow_delay_s_min, slow_delay_s_max),
        )
        with self._lock:
            self._counts["exchanges"] += 1
            if plan.fault is not None:
                self._counts[plan.fault.value] += 1
            if len(self._decisions) < decisions_max:
                self._decisions.append(Decision(connection, exchange, plan.fault))
        return plan


class _Connection:
    """One client connection: two pumps, requests upstream and replies back, sharing the current plan."""

    def __init__(
        self,
        proxy: FaultProxy,
        number: int,
        draws: random.Random,
        client_reader: asyncio.StreamReader,
        client_writer: asyncio.StreamWriter,
    ) -> None:
        self.proxy = proxy
        self.number = number
        self.draws = draws
        self.client_reader = client_reader
        self.client_writer = client_writer
        self.upstream_writer: asyncio.StreamWriter | None = None
        self.exchanges = 0
        self.plan: _Plan | None = None
        self.reply_started = False
        self.drips = 0
        self.client_gone = asyncio.Event()

    async def run(self) -> None:
        try:
            async with asyncio.timeout(connection_s_max):
                await self._relay()
        except _Reset:
            _abort(self.client_writer)
        except (OSError, TimeoutError, asyncio.IncompleteReadError):
            pass  # a peer went away or the connection outlived connection_s_max: close it
        finally:
            self.client_writer.close()
            if self.upstream_writer is not None:
                self.upstream_writer.close()

    async def _relay(self) -> None:
        first = await self.client_reader.read(read_bytes_max)
        if not first:
            return
        self._begin_exchange()
        await self._maybe_reset_before(first)
        try:
            upstream_reader, self.upstream_writer = await asyncio.wait_for(
                asyncio.open_connection(loopback_host, self.proxy.upstream_port, limit=read_bytes_max),
                upstream_connect_timeout_s,
            )
        except (OSError, TimeoutError):
            self.proxy._count("upstream_unreachable")
            await self._reset_when_client_waits(first)
        self.upstream_writer.write(first)
        await self.upstream_writer.drain()
        requests = asyncio.create_task(self._pump_requests())
        replies = asyncio.create_task(self._pump_replies(upstream_reader))
        try:
            done, _ = await asyncio.wait({requests, replies}, return_when=asyncio.FIRST_COMPLETED)
            if requests in done and requests.exception() is None:
                # The client finished sending (half-close): pass that on and let the reply finish.
                with contextlib.suppress(OSError):
                    self.upstream_writer.write_eof()
                await replies
            else:
                for task in done:
                    task.result()  # raises _Reset or the pump's error
        finally:
            for task in (requests, replies):
                task.cancel()
            await asyncio.gather(requests, replies, return_exceptions=True)

    def _begin_exchange(self) -> None:
        self.exchanges += 1
        self.plan = self.proxy._plan(self.number, self.exchanges, self.draws)
        self.reply_started = False
        self.drips = 0

    async def _maybe_reset_before(self, received: bytes) -> None:
        if self.plan is not None and self.plan.fault is Fault.RESET_BEFORE_REQUEST:
            await self._reset_when_client_waits(received)

    async def _reset_when_client_waits(self, received: bytes) -> NoReturn:
        # Swallow the rest of the request first: the client is then waiting for the reply and always
        # sees the reset as a failed read (ReadError), never as a failed write followed by an EOF.
        await _gather_message(self.client_reader, received)
        raise _Reset

    async def _pump_requests(self) -> None:
        assert self.upstream_writer is not None
        try:
            while True:
                data = await self.client_reader.read(read_bytes_max)
                if not data:
                    return
                if self.reply_started:
                    self._begin_exchange()
                    await self._maybe_reset_before(data)
                self.upstream_writer.write(data)
                await self.upstream_writer.drain()
        finally:
            self.client_gone.set()

    async def _pump_replies(self, upstream_reader: asyncio.StreamReader) -> None:
        """Returns when the connection should close: the server closed, or a fault has run its course."""
        while True:
            data = await upstream_reader.read(read_bytes_max)
            if not data:
                return
            self.reply_started = True
            fault = self.plan.fault if self.plan is not None else None
            if fault is Fault.RESET_AFTER_REQUEST:
                raise _Reset
            if fault is Fault.STALL:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.client_gone.wait(), self.proxy.stall_s)
                return
            if fault is Fault.TRUNCATE:
                assert self.plan is not None
                reply = await _gather_message(upstream_reader, data)
                # A strict prefix, never the whole reply; at least one byte when there are two.
                cut = min(len(reply) - 1, 1 + int(self.plan.cut_fraction * (len(reply) - 1)))
                self.client_writer.write(reply[:cut])
                await self.client_writer.drain()
                return
            if fault is Fault.SLOW:
                assert self.plan is not None
                await self._drip(data, self.plan)
                continue
            self.client_writer.write(data)
            await self.client_writer.drain()

    async def _drip(self, data: bytes, plan: _Plan) -> None:
        for start in range(0, len(data), plan.slow_chunk_bytes):
            self.client_writer.write(data[start : start + plan.slow_chunk_bytes])
            await self.client_writer.drain()
            if self.drips < slow_drips_max:
                self.drips += 1
                await asyncio.sleep(plan.slow_delay_s)


async def _gather_message(reader: asyncio.StreamReader, received: bytes) -> bytes:
    """`received` and the rest of its HTTP message: as many bytes as its head announces, or else
    (chunked, unknown, not HTTP) until the sender falls quiet; never past gathered_bytes_max."""
    message = bytearray(received)
    while len(message) < gathered_bytes_max:
        message_bytes = _http_message_bytes(bytes(message))
        if message_bytes is not None and len(message) >= message_bytes:
            break
        try:
            wait_s = quiet_s if message_bytes is None else announced_wait_s
            data = await asyncio.wait_for(reader.read(read_bytes_max), wait_s)
        except TimeoutError:
            break
        if not data:
            break
        message += data
    return bytes(message)


def _http_message_bytes(message: bytes) -> int | None:
    """The length of the HTTP/1.1 message starting `message`, if its head is complete and tells."""
    head_end = message.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head_lines = message[:head_end].split(b"\r\n")
    for line in head_lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return head_end + 4 + int(value.strip())
        if name.strip().lower() == b"transfer-encoding":
            return None
    # Without either header a request has no body; a reply runs until the server closes.
    return None if head_lines[0].startswith(b"HTTP/") else head_end + 4


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with an RST rather than a FIN: SO_LINGER on, zero seconds, then drop the socket."""
    connection = writer.get_extra_info("socket")
    if connection is not None:
        with contextlib.suppress(OSError):
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
