"""Reading what a receipt claims, from its QR code or its printed text, before head office checks
it against the journal. A receipt as `pdftotext -layout` reads it:

                     Cash deposit
          BR-K7Q2-000002-9
               2026-11-24 10:00:00 +03:00
    Amount                               KES 2,500.00
    ...
                   BR-K7Q2-000002-9

The reader takes the reference (its check character must hold), the operation, the local time,
the amount and any fee; the QR code's text, when present, is kept apart from them.
"""

from __future__ import annotations

import pytest

from shared_core.canonical import sha256_hex
from shared_core.errors import InvalidAmount, InvalidInput, InvalidReference
from shared_core.operations import OperationKind
from shared_core.receipt_seal import encode_seal, seal_receipt
from shared_core.receipt_text import (
    RECEIPT_OPERATION_LABELS,
    printed_local_time,
    read_receipt,
    receipt_text_chars_max,
)
from shared_core.signing import load_private_key

DEVICE_KEY = load_private_key(bytes(range(32)))
ENTRY_HASH = sha256_hex(b"entry 2 of K7Q2")
QR = encode_seal(
    seal_receipt(
        DEVICE_KEY,
        reference="BR-K7Q2-000002-9",
        amount_cents=250_000,
        device_code="K7Q2",
        entry_hash=ENTRY_HASH,
    )
)
PRINTED = """
                Wekeza Bank
                Nairobi CBD Branch
                    Branch counter

                 Cash deposit
      BR-K7Q2-000002-9
           2026-11-24 10:00:00 +03:00

Amount                               KES 2,500.00
Kenya Shillings Two Thousand Five Hundred Only
Fee                                     KES 30.00
Total                                KES 2,530.00
Customer                                Juma Mwangi

              PENDING SYNC

               BR-K7Q2-000002-9
        Scan to verify this receipt with Wekeza Bank
"""


def test_the_qr_code_alone_gives_the_seal_and_nothing_printed() -> None:
    claim = read_receipt(QR + "\n")
    assert claim.printed is None and claim.seal is not None
    assert (claim.seal.reference, claim.seal.amount_cents, claim.seal.entry_hash) == (
        "BR-K7Q2-000002-9",
        250_000,
        ENTRY_HASH,
    )
    assert str(claim.reference) == "BR-K7Q2-000002-9"


def test_the_printed_text_gives_reference_operation_time_amount_and_fee() -> None:
    claim = read_receipt(PRINTED)
    assert claim.seal is None and claim.printed is not None
    printed = claim.printed
    assert str(printed.reference) == "BR-K7Q2-000002-9"
    assert printed.kind is OperationKind.CASH_DEPOSIT
    assert printed.local_time == "2026-11-24 10:00:00 +03:00" and printed.local_time_has_seconds
    assert (printed.amount_cents, printed.fee_cents) == (250_000, 3_000)  # the Total line is not the amount


def test_text_typed_off_the_paper_reads_too() -> None:
    typed = read_receipt(
        "loan repayment from wallet\nbr-k7q2-000002-9\nAmount: KES 1,000.00\n2026-11-24 10:00 +03:00"
    )
    assert typed.printed is not None
    assert str(typed.printed.reference) == "BR-K7Q2-000002-9"  # in its one printed form
    assert typed.printed is not None
    assert typed.printed.kind is OperationKind.LOAN_REPAYMENT_WALLET
    assert typed.printed.amount_cents == 100_000
    assert typed.printed.local_time == "2026-11-24 10:00 +03:00" and not typed.printed.local_time_has_seconds


def test_the_qr_code_inside_the_text_is_kept_apart_from_the_printed_fields() -> None:
    claim = read_receipt(PRINTED.replace("KES 2,500.00", "KES 25,000.00") + QR + "\n")
    assert claim.seal is not None and claim.printed is not None
    assert (claim.printed.amount_cents, claim.seal.amount_cents) == (2_500_000, 250_000)


def test_a_wrong_check_character_is_refused() -> None:
    with pytest.raises(InvalidReference):
        read_receipt(PRINTED.replace("BR-K7Q2-000002-9", "BR-K7Q2-000002-8"))


def test_two_receipts_at_once_are_refused() -> None:
    other = PRINTED.replace("BR-K7Q2-000002-9", "BR-K7Q2-000003-7").replace("10:00:00", "10:05:00")
    with pytest.raises(InvalidReference, match="more than one reference"):
        read_receipt(PRINTED + other)


@pytest.mark.parametrize(
    "text, error, words",
    [
        ("", InvalidInput, "empty"),
        ("Thank you for shopping", InvalidInput, "not a Wekeza receipt"),
        ("x" * (receipt_text_chars_max + 1), InvalidInput, "characters"),
        ("WKZ1/BR-K7Q2-000002-9/25O000/K7Q2/AB/CD", InvalidAmount, "whole number of cents"),
        (PRINTED.replace("+03:00", "+03:75"), InvalidInput, "no real UTC offset"),
    ],
)
def test_what_is_not_a_receipt_is_refused_naming_why(text: str, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        read_receipt(text)


@pytest.mark.parametrize(
    "offset_minutes, printed",
    [
        (180, "2026-11-24 10:00:09 +03:00"),
        (0, "2026-11-24 07:00:09 +00:00"),
        (-150, "2026-11-24 04:30:09 -02:30"),
    ],
)
def test_the_printed_time_is_the_devices_local_time_with_its_offset(
    offset_minutes: int, printed: str
) -> None:
    assert printed_local_time("2026-11-24T07:00:09.999999Z", offset_minutes) == printed
    assert (
        printed_local_time("2026-11-24T07:00:09.999999Z", offset_minutes, seconds=False)
        == printed[:16] + printed[19:]
    )


def test_every_operation_has_one_printed_label() -> None:
    assert set(RECEIPT_OPERATION_LABELS) == set(OperationKind)
    assert len(set(RECEIPT_OPERATION_LABELS.values())) == len(OperationKind)
