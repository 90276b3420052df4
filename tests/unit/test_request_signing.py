"""A device signs its pull: what an auditor would try against it.

Device K7Q2 asks `GET /v1/changes?since=42` at 09:00 by its own clock. The server verifies the
signature under the key K7Q2 enrolled with; any change to what was asked, another device's key,
another purpose's signature, or a clock more than a day off is refused.
"""

from __future__ import annotations

import dataclasses

import pytest

from shared_core import canonical, signing
from shared_core.errors import BadSignature, InvalidInput
from shared_core.request_signing import (
    DEVICE_HEADER,
    SENT_AT_HEADER,
    SIGNATURE_HEADER,
    SignedRequest,
    describe_request,
    request_message,
    sign_request,
    verify_request,
)
from shared_core.signing import SigningContext, generate_private_key

SENT_AT = "2026-11-24T09:00:00.000000Z"
DEVICE_KEY = generate_private_key()
OTHER_KEY = generate_private_key()


def pull(**changes: object) -> SignedRequest:
    values: dict = dict(method="GET", path="/v1/changes", query="since=42", body=b"", device_code="K7Q2",
                        sent_at=SENT_AT)
    values.update(changes)
    return describe_request(**values)


def test_a_signed_pull_verifies_under_the_devices_key() -> None:
    request = pull()
    headers = sign_request(request, DEVICE_KEY)
    assert headers[DEVICE_HEADER] == "K7Q2" and headers[SENT_AT_HEADER] == SENT_AT
    verify_request(request, headers[SIGNATURE_HEADER], DEVICE_KEY.public_key(), now=SENT_AT)


def test_the_message_is_the_canonical_encoding_of_the_six_fields() -> None:
    expected = (
        b'{"body_sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",'
        b'"device_code":"K7Q2","method":"GET","path":"/v1/changes","query":"since=42",'
        b'"sent_at":"2026-11-24T09:00:00.000000Z"}'
    )
    assert request_message(pull()) == expected
    assert canonical.decode(expected)["body_sha256"] == canonical.sha256_hex(b"")


@pytest.mark.parametrize(
    "change",
    [
        {"query": "since=0"},  # asking for more than was signed
        {"path": "/v1/batches"},
        {"method": "POST"},
        {"body": b"{}"},
        {"device_code": "M4T8"},  # claiming to be another device
        {"sent_at": "2026-11-24T09:00:00.000001Z"},
    ],
)
def test_any_change_to_what_was_signed_is_refused(change: dict) -> None:
    signature = sign_request(pull(), DEVICE_KEY)[SIGNATURE_HEADER]
    with pytest.raises(BadSignature):
        verify_request(pull(**change), signature, DEVICE_KEY.public_key(), now=SENT_AT)


def test_another_devices_key_is_refused() -> None:
    signature = sign_request(pull(), OTHER_KEY)[SIGNATURE_HEADER]
    with pytest.raises(BadSignature):
        verify_request(pull(), signature, DEVICE_KEY.public_key(), now=SENT_AT)


def test_a_signature_made_for_another_purpose_is_refused() -> None:
    """The same bytes signed as a batch or an allowance do not authenticate a request."""
    message = request_message(pull())
    for context in (SigningContext.BATCH, SigningContext.ALLOWANCE, SigningContext.ACKNOWLEDGEMENT):
        signature = signing.sign(DEVICE_KEY, context, message)
        with pytest.raises(BadSignature):
            verify_request(pull(), signature, DEVICE_KEY.public_key(), now=SENT_AT)


@pytest.mark.parametrize(
    "now",
    [
        "2026-11-25T09:00:00.000000Z",  # exactly 24 hours after: still accepted
        "2026-11-23T09:00:00.000000Z",  # the device's clock exactly 24 hours fast: still accepted
    ],
)
def test_a_clock_off_by_up_to_a_day_is_accepted(now: str) -> None:
    signature = sign_request(pull(), DEVICE_KEY)[SIGNATURE_HEADER]
    verify_request(pull(), signature, DEVICE_KEY.public_key(), now=now)


@pytest.mark.parametrize("now", ["2026-11-25T09:00:00.000001Z", "2026-11-23T08:59:59.999999Z"])
def test_a_clock_off_by_more_than_a_day_is_refused(now: str) -> None:
    signature = sign_request(pull(), DEVICE_KEY)[SIGNATURE_HEADER]
    with pytest.raises(BadSignature, match="24 hours"):
        verify_request(pull(), signature, DEVICE_KEY.public_key(), now=now)


@pytest.mark.parametrize(
    "change",
    [
        {"method": "get"},
        {"path": "v1/changes"},
        {"device_code": "k7q2"},
        {"sent_at": "2026-11-24 09:00:00"},
        {"query": "x" * 2049},
    ],
)
def test_a_malformed_request_cannot_even_be_described(change: dict) -> None:
    with pytest.raises(InvalidInput):
        pull(**change)


def test_a_malformed_signature_is_refused_not_crashed_on() -> None:
    for signature in ("", "zz" * 64, "ab"):
        with pytest.raises(BadSignature):
            verify_request(pull(), signature, DEVICE_KEY.public_key(), now=SENT_AT)


def test_a_signed_request_is_a_frozen_record() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        pull().query = "since=0"  # type: ignore[misc]
