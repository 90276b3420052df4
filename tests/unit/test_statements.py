"""Account statements on the wire: what a device asks, what head office answers and signs, and the
check that a statement adds up before anyone reads it.

Juma (C0001234) asks at counter K7Q2 for his wallet's statement of 24 November 2026. Head office's
books say he held KES 9,000 at the start of the day (the opening balance); that day he paid in
KES 2,500 at K7Q2, took out KES 3,000 with a KES 30 fee, and sent KES 500 to Akinyi (C0005678):

    line  reference           description                        debit     credit    balance
          (opening)                                                                  9,000.00
    1     BR-K7Q2-000002-?    Cash deposit                                  2,500.00  11,500.00
    2     BR-K7Q2-000003-?    Cash withdrawal                   3,000.00             8,500.00
    3     BR-K7Q2-000003-?    Cash withdrawal fee                  30.00             8,470.00
    4     BR-K7Q2-000004-?    Transfer to wallet:C0005678         500.00             7,970.00
          (closing)                                                                  7,970.00

Credits 2,500.00, debits 3,530.00: 9,000 + 2,500 - 3,530 = 7,970.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared_core import canonical
from shared_core.channels import Channel
from shared_core.errors import (
    BadSignature,
    IntegrityViolation,
    InvalidAccount,
    InvalidInput,
    InvariantBroken,
    NotCanonical,
)
from shared_core.money import amount_cents_max
from shared_core.operations import OperationKind
from shared_core.references import make_reference
from shared_core.signing import SigningContext, generate_private_key, sign
from shared_core.statements import (
    ANSWER_FIELDS,
    LINE_FIELDS,
    REQUEST_FIELDS,
    Movement,
    SignedStatement,
    StatementAnswer,
    StatementLine,
    StatementRequest,
    answer_to_wire,
    check_answer_is_for,
    decode_answer,
    decode_request,
    describe_posting,
    encode_answer,
    encode_request,
    make_statement,
    request_sha256,
    request_to_wire,
    sign_answer,
    statement_answer_bytes_max,
    statement_lines_max,
    statement_period_days_max,
    statement_request_bytes_max,
    statement_violations,
    verify_answer,
)

SERVER_KEY = generate_private_key()
KES = 100  # cents in a shilling
JUMA_WALLET = "wallet:C0001234"
AKINYI_WALLET = "wallet:C0005678"
REQUEST = StatementRequest(
    device_code="K7Q2", user_id="wanjiru", account=JUMA_WALLET, from_date="2026-11-24", to_date="2026-11-24"
)


def reference(sequence: int) -> str:
    return make_reference(Channel.BRANCH, "K7Q2", sequence)


def movement(sequence: int, description: str, change_cents: int, *, minute: int = 0) -> Movement:
    return Movement(
        business_date="2026-11-24",
        recorded_at=f"2026-11-24T07:{minute:02d}:00.000000Z",
        reference=reference(sequence),
        description=description,
        change_cents=change_cents,
    )


MOVEMENTS = (
    movement(2, "Cash deposit", 2_500 * KES, minute=5),
    movement(3, "Cash withdrawal", -3_000 * KES, minute=10),
    movement(3, "Cash withdrawal fee", -30 * KES, minute=10),
    movement(4, f"Transfer to {AKINYI_WALLET}", -500 * KES, minute=20),
)


def juma_statement(request: StatementRequest = REQUEST, movements: tuple[Movement, ...] = MOVEMENTS,
                   opening_cents: int = 9_000 * KES) -> StatementAnswer:
    return make_statement(
        request,
        account_label="Wallet",
        holder_name="Juma Mwangi",
        masked_national_id="*****789",
        opening_balance_cents=opening_cents,
        movements=movements,
        generated_at="2026-11-24T09:00:00.000000Z",
    )


def rebuilt(answer: StatementAnswer, **changes: object) -> StatementAnswer:
    """The answer with fields changed, built again (and so checked again)."""
    values = {name: getattr(answer, name) for name in ANSWER_FIELDS} | changes
    return StatementAnswer(**values)


def with_line(answer: StatementAnswer, index: int, **changes: object) -> tuple[StatementLine, ...]:
    lines = list(answer.lines)
    lines[index] = dataclasses.replace(lines[index], **changes)
    return tuple(lines)


# --- the request --------------------------------------------------------------------------------


def test_the_request_names_the_device_the_teller_the_account_and_the_period_in_canonical_json() -> None:
    wire = request_to_wire(REQUEST)
    assert list(wire) == list(REQUEST_FIELDS)
    assert wire == {"device_code": "K7Q2", "user_id": "wanjiru", "account": JUMA_WALLET,
                    "from_date": "2026-11-24", "to_date": "2026-11-24"}
    data = encode_request(REQUEST)
    assert data == canonical.encode(wire) and decode_request(data) == REQUEST
    assert request_sha256(REQUEST) == canonical.sha256_hex(data)


def test_a_period_is_at_most_a_year_with_its_leap_day_and_never_runs_backwards() -> None:
    leap_year = dataclasses.replace(REQUEST, from_date="2028-01-01", to_date="2028-12-31")
    assert (date(2028, 12, 31) - date(2028, 1, 1)).days + 1 == statement_period_days_max == 366
    one_day_more = date(2028, 1, 1) + timedelta(days=statement_period_days_max)
    with pytest.raises(InvalidInput, match="at most 366 days; 2028-01-01 to 2029-01-01 is 367"):
        dataclasses.replace(leap_year, to_date=one_day_more.isoformat())
    with pytest.raises(InvalidInput, match="the period ends 2026-11-23, before it starts 2026-11-24"):
        dataclasses.replace(REQUEST, to_date="2026-11-23")
    assert dataclasses.replace(REQUEST, from_date="2026-11-24", to_date="2026-11-24").to_date == "2026-11-24"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"account": "till:BR-M4T8"}, "till:BR-M4T8 is not a customer's deposit account"),
        ({"account": "loan:L000123"}, "loan:L000123 is not a customer's deposit account"),
        ({"account": "income:fees"}, "is not a customer's deposit account"),
        ({"account": "wallet:c0001234"}, "account: Account id 'c0001234' may hold only uppercase"),
    ],
)
def test_statements_are_for_customers_deposit_accounts_only(change: dict, words: str) -> None:
    with pytest.raises(InvalidAccount, match=words):
        dataclasses.replace(REQUEST, **change)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"device_code": "k7q2"}, "device_code"),
        ({"user_id": ""}, "user_id"),
        ({"from_date": "24/11/2026"}, "from_date"),
        ({"to_date": "2026-02-30"}, "to_date"),
        ({"from_date": 20261124}, "from_date"),
        ({"account": "till:BR-K7Q2"}, "account"),
    ],
)
def test_a_malformed_request_is_refused_naming_the_field(change: dict, field: str) -> None:
    data = canonical.encode(request_to_wire(REQUEST) | change)
    with pytest.raises(InvalidInput, match=f"statement_request.{field}"):
        decode_request(data)


def test_a_request_is_exactly_its_fields_canonical_and_small() -> None:
    wire = request_to_wire(REQUEST)
    with pytest.raises(InvalidInput, match="unknown field cif"):
        decode_request(canonical.encode(wire | {"cif": "C0001234"}))
    with pytest.raises(InvalidInput, match="missing field to_date"):
        decode_request(canonical.encode({k: v for k, v in wire.items() if k != "to_date"}))
    with pytest.raises(NotCanonical):
        decode_request(json.dumps(wire, indent=1).encode())
    with pytest.raises(InvalidInput, match=f"more than the {statement_request_bytes_max} allowed"):
        decode_request(b" " * (statement_request_bytes_max + 1))


# --- the answer adds up -------------------------------------------------------------------------


def test_juma_s_day_runs_from_the_opening_balance_to_the_closing_balance() -> None:
    answer = juma_statement()
    assert [(line.debit_cents, line.credit_cents, line.balance_after_cents) for line in answer.lines] == [
        (None, 250_000, 1_150_000),
        (300_000, None, 850_000),
        (3_000, None, 847_000),
        (50_000, None, 797_000),
    ]
    assert (answer.opening_balance_cents, answer.closing_balance_cents) == (900_000, 797_000)
    assert (answer.total_credits_cents, answer.total_debits_cents) == (250_000, 353_000)
    assert answer.request_sha256 == request_sha256(REQUEST)
    assert statement_violations(answer) == ()


def test_an_empty_period_opens_and_closes_on_the_same_balance() -> None:
    answer = juma_statement(movements=())
    assert answer.lines == () and answer.opening_balance == answer.closing_balance
    assert (answer.total_credits_cents, answer.total_debits_cents) == (0, 0)
    with pytest.raises(InvariantBroken, match=r"opening KES 9,000.00 \+ credits KES 0.00 - debits KES 0.00 "
                       r"is KES 9,000.00, not the closing balance KES 9,001.00"):
        rebuilt(answer, closing_balance_cents=900_100)


def test_a_running_balance_that_does_not_follow_is_named_by_its_line() -> None:
    answer = juma_statement()
    with pytest.raises(InvariantBroken) as caught:
        rebuilt(answer, lines=with_line(answer, 1, balance_after_cents=860_000))
    message = caught.value.message
    assert message.startswith(f"The statement of {JUMA_WALLET} does not add up")
    assert (f"line 2 ({reference(3)}): the balance after it reads KES 8,600.00, but should be KES 8,500.00"
            in message)
    # Each line is judged from the balance the line above states, so a break is named where it is and
    # where it rejoins (line 3 reads 8,470.00, not 8,600.00 - 30.00); the lines around it are clean.
    assert "line 3" in message and "line 1" not in message and "line 4" not in message
    assert "closing" not in message  # the amounts still add up to the closing balance


def test_an_amount_changed_on_a_line_breaks_its_balance_the_totals_and_the_closing() -> None:
    answer = juma_statement()
    with pytest.raises(InvariantBroken) as caught:
        rebuilt(answer, lines=with_line(answer, 0, credit_cents=350_000))  # KES 3,500 instead of 2,500
    message = caught.value.message
    assert f"line 1 ({reference(2)}): the balance after it reads KES 11,500.00, but should be KES 12,500.00" \
        in message
    assert "total credits read KES 2,500.00; the lines add up to KES 3,500.00" in message
    assert "not the closing balance KES 7,970.00" in message


def test_totals_must_be_the_sums_of_the_lines() -> None:
    answer = juma_statement()
    with pytest.raises(InvariantBroken, match="total debits read KES 3,500.00; the lines add up to KES 3,530.00"):
        rebuilt(answer, total_debits_cents=350_000)


def test_lines_stay_inside_the_period_and_in_order() -> None:
    answer = juma_statement()
    with pytest.raises(InvariantBroken, match=r"line 4 \(.*\) is dated 2026-11-25, outside 2026-11-24 to "
                       r"2026-11-24"):
        rebuilt(answer, lines=with_line(answer, 3, business_date="2026-11-25"))
    with pytest.raises(InvariantBroken, match=r"line 2 \(.*\) \(2026-11-24 2026-11-24T06:00:00.000000Z\) "
                       "comes before the line above it"):
        rebuilt(answer, lines=with_line(answer, 1, recorded_at="2026-11-24T06:00:00.000000Z"))


def test_a_line_is_exactly_one_debit_or_one_credit_above_zero() -> None:
    line = juma_statement().lines[0]
    with pytest.raises(InvalidInput, match="exactly one of a debit or a credit"):
        dataclasses.replace(line, debit_cents=100)
    with pytest.raises(InvalidInput, match="exactly one of a debit or a credit"):
        dataclasses.replace(line, credit_cents=None)
    with pytest.raises(InvalidInput, match="credit_cents: 0 is outside"):
        dataclasses.replace(line, credit_cents=0)
    with pytest.raises(InvalidInput, match="a posting of zero moves nothing"):
        movement(9, "Cash deposit", 0)


# --- signed, on the wire ------------------------------------------------------------------------


def test_the_answer_round_trips_and_verifies_under_the_server_key() -> None:
    signed = sign_answer(juma_statement(), SERVER_KEY)
    data = encode_answer(signed)
    wire = json.loads(data)
    assert list(wire["answer"]) == sorted(ANSWER_FIELDS)
    assert sorted(wire["answer"]["lines"][0]) == sorted(LINE_FIELDS)
    assert wire["answer"]["lines"][3]["description"] == f"Transfer to {AKINYI_WALLET}"
    read = decode_answer(data)
    assert read == signed
    verify_answer(read, SERVER_KEY.public_key())
    check_answer_is_for(read.answer, REQUEST)


def test_an_answer_signed_by_another_key_or_altered_on_the_way_is_refused() -> None:
    signed = sign_answer(juma_statement(), SERVER_KEY)
    with pytest.raises(BadSignature):
        verify_answer(signed, generate_private_key().public_key())
    # A consistent forgery: every balance lowered by KES 1,000, so it still adds up; the signature does not.
    answer = signed.answer
    lowered = tuple(dataclasses.replace(line, balance_after_cents=line.balance_after_cents - 100_000)
                    for line in answer.lines)
    forged = rebuilt(answer, opening_balance_cents=800_000, closing_balance_cents=697_000, lines=lowered)
    with pytest.raises(BadSignature):
        verify_answer(SignedStatement(forged, signed.signature), SERVER_KEY.public_key())


def test_a_signature_made_for_another_purpose_does_not_stand_for_a_statement() -> None:
    answer = juma_statement()
    hold_signature = sign(SERVER_KEY, SigningContext.HOLD, canonical.encode(answer_to_wire(answer)))
    with pytest.raises(BadSignature):
        verify_answer(SignedStatement(answer, hold_signature), SERVER_KEY.public_key())
    assert SigningContext.STATEMENT is not SigningContext.HOLD  # a label of its own


def test_a_tampered_line_on_the_wire_is_named_when_read() -> None:
    wire = json.loads(encode_answer(sign_answer(juma_statement(), SERVER_KEY)))
    wire["answer"]["lines"][2]["debit_cents"] = 300  # the fee read as KES 3 instead of KES 30
    with pytest.raises(InvariantBroken, match=r"line 3 \(.*\): the balance after it reads KES 8,470.00, but "
                       r"should be KES 8,497.00"):
        decode_answer(canonical.encode(wire))
    wire["answer"]["lines"][2] |= {"debit_cents": "3000"}
    with pytest.raises(InvalidInput, match=r"statement.answer.lines\[2\].debit_cents: expected an integer"):
        decode_answer(canonical.encode(wire))


def test_an_answer_for_another_request_is_refused_by_the_device() -> None:
    answer = juma_statement()
    other_day = dataclasses.replace(REQUEST, from_date="2026-11-23", to_date="2026-11-23")
    with pytest.raises(IntegrityViolation, match="answers another request"):
        check_answer_is_for(answer, other_day)
    other_device = dataclasses.replace(REQUEST, device_code="M4T8")
    with pytest.raises(IntegrityViolation, match="answers another request"):
        check_answer_is_for(answer, other_device)


def test_the_largest_statement_fits_one_answer_and_one_line_more_does_not() -> None:
    """20,000 lines with the longest fields and amounts a line may carry still encode within
    `statement_answer_bytes_max`, so the server never builds an answer it cannot send."""
    widest = StatementLine(
        business_date="2026-11-24",
        recorded_at="2026-11-24T07:00:00.000000Z",
        reference="X" * 40,
        description="D" * 100,
        debit_cents=amount_cents_max,
        credit_cents=None,
        balance_after_cents=-amount_cents_max,
    )
    answer = juma_statement()
    wire = answer_to_wire(answer)
    wire["lines"] = [{name: getattr(widest, name) for name in LINE_FIELDS}] * statement_lines_max
    assert len(canonical.encode({"answer": wire, "signature": "0" * 128})) <= statement_answer_bytes_max
    too_many = canonical.encode({"answer": wire | {"lines": wire["lines"] + wire["lines"][:1]},
                                 "signature": "0" * 128})
    with pytest.raises(InvalidInput, match=f"20001 lines is more than the {statement_lines_max} allowed"):
        decode_answer(too_many)


# --- what a line says -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "is_debit", "partner", "is_fee", "words"),
    [
        (OperationKind.CASH_DEPOSIT, False, "till:BR-K7Q2", False, "Cash deposit"),
        (OperationKind.CASH_WITHDRAWAL, True, "float:AG-X9P3", False, "Cash withdrawal"),
        (OperationKind.CASH_WITHDRAWAL, True, "income:fees", True, "Cash withdrawal fee"),
        (OperationKind.TRANSFER, True, AKINYI_WALLET, False, "Transfer to wallet:C0005678"),
        (OperationKind.TRANSFER, False, JUMA_WALLET, False, "Transfer from wallet:C0001234"),
        (OperationKind.TRANSFER, True, "income:fees", True, "Transfer fee"),
        (OperationKind.LOAN_REPAYMENT_WALLET, True, "loan:L000123", False, "Loan repayment to loan:L000123"),
        (OperationKind.LOAN_DISBURSEMENT, False, "loan:L000123", False, "Loan disbursement from loan:L000123"),
        (OperationKind.PREMIUM_WALLET, True, "payable:insurance_premiums", False, "Insurance premium"),
        (OperationKind.TRANSFER, True, None, False, "Transfer"),  # a pair that did not balance
    ],
)
def test_a_line_says_what_happened_and_where_the_money_went(
    kind: OperationKind, is_debit: bool, partner: str | None, is_fee: bool, words: str
) -> None:
    assert describe_posting(kind, is_debit=is_debit, partner_account=partner, is_fee=is_fee) == words


def test_a_reversal_names_the_entry_it_undoes() -> None:
    words = describe_posting(
        OperationKind.REVERSAL, is_debit=False, partner_account="till:BR-K7Q2", is_fee=False,
        reversed_kind=OperationKind.CASH_WITHDRAWAL, reversed_reference=reference(3),
    )
    assert words == f"Reversal of {reference(3)} (Cash withdrawal)"
    fee = describe_posting(
        OperationKind.REVERSAL, is_debit=False, partner_account="income:fees", is_fee=True,
        reversed_kind=OperationKind.CASH_WITHDRAWAL, reversed_reference=reference(3),
    )
    assert fee == f"Reversal of {reference(3)} (Cash withdrawal fee)"


# --- whatever the postings, the statement adds up ----------------------------------------------------

_changes = st.integers(min_value=-5_000_000, max_value=5_000_000).filter(bool)


@given(opening=st.integers(min_value=-10_000_000, max_value=100_000_000),
       changes=st.lists(_changes, max_size=40), data=st.data())
def test_any_statement_built_from_postings_adds_up_round_trips_and_names_a_tampered_line(
    opening: int, changes: list[int], data: st.DataObject
) -> None:
    movements = tuple(movement(index + 1, "Cash deposit" if change > 0 else "Cash withdrawal", change,
                               minute=min(index, 59)) for index, change in enumerate(changes))
    answer = juma_statement(movements=movements, opening_cents=opening)
    assert answer.closing_balance_cents == opening + sum(changes)
    assert answer.total_credits_cents - answer.total_debits_cents == sum(changes)
    assert decode_answer(encode_answer(sign_answer(answer, SERVER_KEY))).answer == answer
    if changes:
        index = data.draw(st.integers(min_value=0, max_value=len(changes) - 1))
        shifted = with_line(answer, index, balance_after_cents=answer.lines[index].balance_after_cents + 1)
        with pytest.raises(InvariantBroken, match=rf"line {index + 1} \("):
            rebuilt(answer, lines=shifted)
