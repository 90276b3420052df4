"""Online holds on the wire: what a device asks, what head office answers and signs, and what the
device makes of the answer.

Juma (C0001234) wants KES 2,500 from his wallet at counter K7Q2; the teller Wanjiru asks head
office to hold it under the id of the entry that will pay it.
"""

from __future__ import annotations

import dataclasses

import pytest

from shared_core import canonical
from shared_core.channels import Channel
from shared_core.errors import (
    ApprovalRequired,
    BadSignature,
    DeviceRevoked,
    InsufficientFunds,
    IntegrityViolation,
    InvalidInput,
    InvalidOperation,
    LimitExceeded,
    NotCanonical,
    Refused,
)
from shared_core.holds import (
    ANSWER_FIELDS,
    REQUEST_FIELDS,
    HoldAnswer,
    HoldRequest,
    HoldStatus,
    answer_to_wire,
    check_answer_is_for,
    decode_answer,
    decode_request,
    encode_answer,
    encode_request,
    hold_request_bytes_max,
    hold_request_for,
    operation_of_request,
    refusal_for_code,
    refusal_of,
    request_sha256,
    request_to_wire,
    sign_answer,
    verify_answer,
)
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind
from shared_core.signing import SigningContext, generate_private_key, sign

SERVER_KEY = generate_private_key()
ENTRY_ID = "0b7c6a52-3d4e-4f10-9a2b-5c6d7e8f9a0b"
WITHDRAWAL = Operation(
    OperationKind.CASH_WITHDRAWAL,
    Channel.BRANCH,
    Money.shillings(2_500),
    fee=Money.shillings(30),
    customer_account="wallet:C0001234",
    cash_account="till:BR-K7Q2",
)
REQUEST = hold_request_for(
    WITHDRAWAL,
    entry_id=ENTRY_ID,
    device_code="K7Q2",
    user_id="wanjiru",
    approved_by=None,
    customer_cif="C0001234",
    business_date="2026-11-24",
)


def approval(**changes: object) -> HoldAnswer:
    answer = HoldAnswer(
        entry_id=ENTRY_ID,
        device_code="K7Q2",
        request_sha256=request_sha256(REQUEST),
        status=HoldStatus.APPROVED,
        code=None,
        message="Approved: KES 2,530.00 held on wallet:C0001234",
        held_cents=253_000,
        available_after_cents=247_000,
        expires_at="2026-11-25T09:00:00.000000Z",
        limit_table_version=1,
        server_time="2026-11-24T09:00:00.000000Z",
    )
    return dataclasses.replace(answer, **changes)


def decline(code: str, message: str, status: HoldStatus = HoldStatus.DECLINED) -> HoldAnswer:
    return approval(status=status, code=code, message=message, held_cents=0, expires_at=None)


def test_the_request_is_the_withdrawal_and_who_pays_it_in_canonical_json() -> None:
    wire = request_to_wire(REQUEST)
    assert list(wire) == list(REQUEST_FIELDS)
    assert wire == {
        "entry_id": ENTRY_ID, "device_code": "K7Q2", "user_id": "wanjiru", "approved_by": None,
        "customer_cif": "C0001234", "account": "wallet:C0001234", "cash_account": "till:BR-K7Q2",
        "amount_cents": 250_000, "fee_cents": 3_000, "business_date": "2026-11-24",
    }
    data = encode_request(REQUEST)
    assert data == canonical.encode(wire) and decode_request(data) == REQUEST
    # The digest an answer names is of these very bytes.
    assert request_sha256(REQUEST) == canonical.sha256_hex(data)
    # The server judges the same withdrawal the device built, on the device's channel.
    assert operation_of_request(REQUEST, Channel.BRANCH) == WITHDRAWAL


def test_only_a_cash_withdrawal_is_held() -> None:
    deposit = Operation(OperationKind.CASH_DEPOSIT, Channel.BRANCH, Money.shillings(100),
                        customer_account="wallet:C0001234", cash_account="till:BR-K7Q2")
    with pytest.raises(InvalidOperation, match="Only a cash withdrawal"):
        hold_request_for(deposit, entry_id=ENTRY_ID, device_code="K7Q2", user_id="wanjiru", approved_by=None,
                         customer_cif="C0001234", business_date="2026-11-24")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"entry_id": "not-a-uuid"}, "entry_id"),
        ({"device_code": "k7q2"}, "device_code"),
        ({"amount_cents": 0}, "amount_cents"),
        ({"fee_cents": -1}, "fee_cents"),
        ({"account": "wallet:c1"}, "account"),
        ({"customer_cif": "juma"}, "customer_cif"),
        ({"business_date": "24/11/2026"}, "business_date"),
        ({"approved_by": ""}, "approved_by"),
        ({"amount_cents": "250000"}, "amount_cents"),
    ],
)
def test_a_malformed_request_is_refused_naming_the_field(change: dict, field: str) -> None:
    data = canonical.encode(request_to_wire(REQUEST) | change)
    with pytest.raises(InvalidInput, match=f"hold_request.{field}"):
        decode_request(data)


def test_a_request_must_be_exactly_its_fields_canonical_and_small() -> None:
    with pytest.raises(InvalidInput, match="unknown field channel"):
        decode_request(canonical.encode(request_to_wire(REQUEST) | {"channel": "branch"}))
    without_fee = {name: value for name, value in request_to_wire(REQUEST).items() if name != "fee_cents"}
    with pytest.raises(InvalidInput, match="missing field fee_cents"):
        decode_request(canonical.encode(without_fee))
    with pytest.raises(NotCanonical):
        decode_request(encode_request(REQUEST).replace(b",", b", ", 1))
    with pytest.raises(InvalidInput, match="more than"):
        decode_request(b" " * (hold_request_bytes_max + 1))


def test_the_signed_bytes_are_the_hold_label_zero_byte_and_the_canonical_answer() -> None:
    answer = approval()
    signed = sign_answer(answer, SERVER_KEY)
    raw = SERVER_KEY.sign(b"wekeza/hold/v1\x00" + canonical.encode(answer_to_wire(answer))).hex()
    assert signed.signature == raw
    assert list(answer_to_wire(answer)) == list(ANSWER_FIELDS)
    read = decode_answer(encode_answer(signed))
    assert read == signed
    verify_answer(read, SERVER_KEY.public_key())


@pytest.mark.parametrize(
    "tampered",
    [
        {"held_cents": 2_530_000},
        {"expires_at": "2026-12-24T09:00:00.000000Z"},
        {"available_after_cents": 9_999_999},
        {"entry_id": "0b7c6a52-3d4e-4f10-9a2b-5c6d7e8f9a0c"},
    ],
)
def test_an_altered_answer_does_not_verify(tampered: dict) -> None:
    signed = sign_answer(approval(), SERVER_KEY)
    altered = dataclasses.replace(signed, answer=dataclasses.replace(signed.answer, **tampered))
    with pytest.raises(BadSignature):
        verify_answer(altered, SERVER_KEY.public_key())


def test_only_the_pinned_key_signing_a_hold_answer_counts() -> None:
    answer = approval()
    with pytest.raises(BadSignature):
        verify_answer(sign_answer(answer, generate_private_key()), SERVER_KEY.public_key())
    # The server's signature over the same bytes for another purpose (an allowance) is no approval.
    other = sign(SERVER_KEY, SigningContext.ALLOWANCE, canonical.encode(answer_to_wire(answer)))
    with pytest.raises(BadSignature):
        verify_answer(dataclasses.replace(sign_answer(answer, SERVER_KEY), signature=other),
                      SERVER_KEY.public_key())


@pytest.mark.parametrize(
    "changes",
    [
        {"code": "limit_per_day"},  # an approval carries no code
        {"expires_at": None},  # nor lacks its expiry
        {"held_cents": 0},
        {"status": HoldStatus.DECLINED},  # a decline without a code
        {"status": HoldStatus.DECLINED, "code": "insufficient_funds"},  # ...or holding something
        {"status": HoldStatus.DECLINED, "code": "Insufficient", "held_cents": 0, "expires_at": None},
    ],
)
def test_an_answer_says_one_thing(changes: dict) -> None:
    with pytest.raises(InvalidInput):
        approval(**changes)


def test_the_device_takes_an_answer_only_for_the_request_it_sent() -> None:
    check_answer_is_for(approval(), REQUEST)
    larger = dataclasses.replace(REQUEST, amount_cents=2_500_000)
    with pytest.raises(IntegrityViolation, match="answers another request"):
        check_answer_is_for(approval(), larger)  # a replayed approval of a smaller withdrawal
    with pytest.raises(IntegrityViolation, match="not the request sent"):
        check_answer_is_for(approval(entry_id="0b7c6a52-3d4e-4f10-9a2b-5c6d7e8f9a0c"), REQUEST)
    with pytest.raises(IntegrityViolation, match="the withdrawal takes KES 2,530.00"):
        check_answer_is_for(approval(held_cents=250_000), REQUEST)


def test_a_refusal_becomes_the_error_the_counters_own_rules_raise() -> None:
    per_day = refusal_of(decline("limit_per_day", "Tier 2 at a branch allows at most KES 1,000,000.00 a day"))
    assert isinstance(per_day, LimitExceeded) and per_day.details["reason"] == "limit_per_day"
    assert "KES 1,000,000.00 a day" in per_day.message
    funds = refusal_of(decline("insufficient_funds", "Available balance is KES 1,000.00"))
    assert isinstance(funds, InsufficientFunds)
    checker = refusal_of(
        decline("approval_large_withdrawal", "needs a supervisor", HoldStatus.NEEDS_APPROVAL)
    )
    assert isinstance(checker, ApprovalRequired) and checker.details["reason"] == "approval_large_withdrawal"
    expired = refusal_of(decline("hold_expired", "The hold expired"))
    assert type(expired) is Refused and expired.details["reason"] == "hold_expired"
    assert isinstance(refusal_for_code("device_revoked", "revoked by head office"), DeviceRevoked)
    with pytest.raises(ValueError):
        refusal_of(approval())
