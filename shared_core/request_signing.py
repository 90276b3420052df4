"""A device's signature on an HTTP request that carries no batch (a pull, later others).

A batch authenticates itself; other requests are signed by the device's enrolled key over what
identifies them, canonically encoded:

    {"method": "GET", "path": "/v1/changes", "query": "since=42",
     "body_sha256": "<sha256 of the body, of b'' when none>", "device_code": "K7Q2",
     "sent_at": "2026-11-24T09:00:00.000000Z"}

under its own signing context, so no batch, acknowledgement or allowance signature can stand in
for it. Three headers carry it: Wekeza-Device, Wekeza-Sent-At (the device's clock) and
Wekeza-Signature.

Device clocks are advisory, so `sent_at` is checked only against a generous window: a request
signed more than `sent_at_skew_hours_max` hours away from the server's time is refused. What is
signed this way is an idempotent read of the device's own data, so a replay inside the window
gives a replayer nothing it did not already see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from shared_core import canonical, signing
from shared_core.canonical import require_text
from shared_core.errors import BadSignature, InvalidInput
from shared_core.journal import parse_timestamp, require_device_code, require_timestamp
from shared_core.signing import SigningContext

sent_at_skew_hours_max = 24
query_length_max = 2048
path_length_max = 512

DEVICE_HEADER = "Wekeza-Device"
SENT_AT_HEADER = "Wekeza-Sent-At"
SIGNATURE_HEADER = "Wekeza-Signature"
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """What a device signs: the request's identity, not its transport."""

    method: str
    path: str
    query: str
    body_sha256: str
    device_code: str
    sent_at: str

    def __post_init__(self) -> None:
        if self.method not in _METHODS:
            raise InvalidInput(f"method: {self.method!r} is not an HTTP method this API uses", field="method")
        require_text(self.path, "path", length_max=path_length_max)
        if not self.path.startswith("/"):
            raise InvalidInput("path: must start with '/'", field="path")
        require_text(self.query, "query", length_max=query_length_max, allow_empty=True)
        canonical.require_sha256_hex(self.body_sha256, "body_sha256")
        require_device_code(self.device_code, "device_code")
        require_timestamp(self.sent_at, "sent_at")


def describe_request(*, method: str, path: str, query: str, body: bytes, device_code: str,
                     sent_at: str) -> SignedRequest:
    if not isinstance(body, bytes):
        raise TypeError(f"a request body is bytes, got {type(body).__name__}")
    return SignedRequest(method, path, query, canonical.sha256_hex(body), device_code, sent_at)


def request_message(request: SignedRequest) -> bytes:
    return canonical.encode(
        {
            "method": request.method,
            "path": request.path,
            "query": request.query,
            "body_sha256": request.body_sha256,
            "device_code": request.device_code,
            "sent_at": request.sent_at,
        }
    )


def sign_request(request: SignedRequest, device_key: Ed25519PrivateKey) -> dict[str, str]:
    """The three headers that authenticate `request` as the device's."""
    return {
        DEVICE_HEADER: request.device_code,
        SENT_AT_HEADER: request.sent_at,
        SIGNATURE_HEADER: signing.sign(device_key, SigningContext.REQUEST, request_message(request)),
    }


def verify_request(request: SignedRequest, signature: str, device_key: Ed25519PublicKey, *, now: str) -> None:
    """Return quietly if the device's key signed exactly this request, within the window around
    `now` (the server's time); BadSignature otherwise."""
    signing.verify(device_key, SigningContext.REQUEST, request_message(request), signature)
    skew = abs(parse_timestamp(now) - parse_timestamp(request.sent_at))
    if skew > timedelta(hours=sent_at_skew_hours_max):
        raise BadSignature(
            f"The request was signed at {request.sent_at}, more than {sent_at_skew_hours_max} hours from "
            f"the server's time {now}: set the device's clock and try again",
            context=SigningContext.REQUEST.value,
        )

