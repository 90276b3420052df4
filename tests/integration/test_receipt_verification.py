"""Head office checks a customer's receipt against its journal: by the QR code, by the printed text,
from the command line and over the API; on an SQLite file and on a fresh MySQL database.

Worked example. Wanjiru's counter K7Q2 at Nairobi CBD takes Juma's KES 2,500 deposit (its second
entry, BR-K7Q2-000002-9, at 10:00:00 Nairobi time) and prints the receipt; the entry syncs. The
receipt's QR code reads

    WKZ1/BR-K7Q2-000002-9/250000/K7Q2/<the entry's journal hash>/<K7Q2's signature, base32>

- the genuine receipt verifies: every field matches the journal, and K7Q2's signature holds;
- the same QR code with 250000 changed to 260000 fails, naming the amount (KES 2,600.00 against
  the journal's 2,500.00) and the signature, which no longer covers what the code says;
- a receipt printed by device M4T8, which head office never enrolled, fails: device unknown.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from falcon import testing

from desktop_app.services.cash import deposit_cash
from desktop_app.services.printing import print_receipt
from desktop_app.services.till import open_till
from shared_core.errors import InvalidInput
from shared_core.money import Money
from shared_core.receipt_seal import encode_seal, parse_seal, seal_receipt
from shared_core.receipt_text import read_receipt
from shared_core.signing import generate_private_key
from sync_server.app import create_app
from sync_server.db import schema
from sync_server.db.unit_of_work import UnitOfWork
from sync_server.services.receipt_verification import ReceiptVerification, Source, Verdict, verify_receipt
from sync_server.settings import Settings
from tests.device_builders import Counter, make_counter, password_hash
from tests.pdf_reading import pdf_text
from tests.server_builders import (  # noqa: F401 (database_url is a fixture)
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,
    enrol,
    make_server,
)

KES = Money.shillings
script = Path(sys.executable).parent / "wekeza-server"
repo_root = Path(__file__).resolve().parents[2]
command_timeout_s = 120
HEAD_OFFICE_PASSWORD = "Counter-2026!"
JUMAS_DEPOSIT = KES(2_500)


@dataclass
class Receipt:
    pdf: bytes
    qr: str


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture
def counter(server: Server, tmp_path: Path) -> Counter:
    """K7Q2, enrolled, Wanjiru's till open on KES 50,000; Juma known on both sides."""
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    add_customer_everywhere(server, [counter])
    open_till(counter.context, counter.teller, opening_float=KES(50_000))
    return counter


def deposit_and_print(counter: Counter, amount: Money = JUMAS_DEPOSIT) -> Receipt:
    posted = deposit_cash(counter.context, counter.teller, customer_cif="C0001234", amount=amount)
    printed = print_receipt(counter.context, posted.entry.sequence)
    return Receipt(printed.pdf, printed.seal_text)


@pytest.fixture
def receipt(server: Server, counter: Counter) -> Receipt:
    """Juma's KES 2,500 deposit receipt, its entry synced to head office."""
    printed = deposit_and_print(counter)
    server.sync(batch_of(counter))
    return printed


def verify(server: Server, text: str) -> ReceiptVerification:
    with server.database.engine.connect() as connection:
        return verify_receipt(connection, read_receipt(text))


def with_field(qr: str, index: int, value: str) -> str:
    fields = qr.split("/")
    fields[index] = value
    return "/".join(fields)


# --- the service -------------------------------------------------------------------------------


def test_a_genuine_receipt_verifies_by_its_qr_code(server: Server, receipt: Receipt) -> None:
    result = verify(server, receipt.qr)
    assert result.verdict is Verdict.VERIFIED and result.sealed
    assert (result.reference, result.device_code, result.sequence) == ("BR-K7Q2-000002-9", "K7Q2", 2)
    assert set(result.checked_fields) == {
        "device",
        "sequence",
        "reference",
        "amount",
        "entry_hash",
        "signature",
    }
    assert result.entry_status == "booked" and result.device_status == "active"
    assert "sealed by device K7Q2" in result.message


def test_a_genuine_receipt_verifies_by_its_printed_text(
    server: Server, receipt: Receipt, tmp_path: Path
) -> None:
    """What pdftotext reads off the PDF: reference, operation, local time, amount; no seal in it."""
    text = pdf_text(receipt.pdf, tmp_path)
    result = verify(server, text)
    assert result.verdict is Verdict.VERIFIED and not result.sealed
    assert {"reference", "kind", "time", "amount"} <= set(result.checked_fields)
    assert "signature" not in result.checked_fields
    assert "seal was not checked" in result.message
    # The text with the scanned QR code on a line of its own is checked both ways, and sealed.
    both = verify(server, text + "\n" + receipt.qr + "\n")
    assert both.verdict is Verdict.VERIFIED and both.sealed
    assert {"kind", "time", "entry_hash", "signature"} <= set(both.checked_fields)


def test_a_qr_code_with_its_amount_changed_fails_naming_the_amount(server: Server, receipt: Receipt) -> None:
    forged = with_field(receipt.qr, 2, "260000")
    result = verify(server, forged)
    assert result.verdict is Verdict.MISMATCH and not result.sealed
    assert result.fields == ("amount", "signature")
    amount = result.mismatches[0]
    assert (amount.source, amount.on_receipt, amount.in_journal) == (
        Source.QR,
        "KES 2,600.00",
        "KES 2,500.00",
    )
    assert "NOT match" in result.message and "amount" in result.message


def test_a_printed_amount_altered_by_pen_fails_although_the_qr_code_is_intact(
    server: Server, receipt: Receipt, tmp_path: Path
) -> None:
    text = pdf_text(receipt.pdf, tmp_path).replace("KES 2,500.00", "KES 25,000.00")
    result = verify(server, text + "\n" + receipt.qr)
    assert result.verdict is Verdict.MISMATCH and not result.sealed
    [mismatch] = result.mismatches
    assert (mismatch.field, mismatch.source, mismatch.on_receipt) == (
        "amount",
        Source.PRINTED,
        "KES 25,000.00",
    )


def test_a_receipt_printed_with_another_time_or_operation_fails_on_them(
    server: Server, receipt: Receipt, tmp_path: Path
) -> None:
    text = pdf_text(receipt.pdf, tmp_path)
    assert "2026-11-24 10:00:00 +03:00" in text and "Cash deposit" in text
    altered = text.replace("2026-11-24 10:00:00 +03:00", "2026-11-23 10:00:00 +03:00").replace(
        "Cash deposit", "Cash withdrawal"
    )
    result = verify(server, altered)
    assert result.verdict is Verdict.MISMATCH
    assert result.fields == ("kind", "time")


def test_a_seal_signed_by_another_key_fails_on_the_signature_alone(server: Server, receipt: Receipt) -> None:
    """A forger's app claiming to be K7Q2, sealing the true figures with its own key."""
    genuine = parse_seal(receipt.qr)
    forged = seal_receipt(
        generate_private_key(),
        reference=genuine.reference,
        amount_cents=genuine.amount_cents,
        device_code=genuine.device_code,
        entry_hash=genuine.entry_hash,
    )
    result = verify(server, encode_seal(forged))
    assert result.verdict is Verdict.MISMATCH
    assert result.fields == ("signature",)


def test_a_receipt_from_a_device_head_office_never_enrolled_fails(server: Server, tmp_path: Path) -> None:
    stranger = make_counter(tmp_path / "M4T8", device_code="M4T8")
    add_customer_everywhere(server, [stranger], cif="C0005678", national_id="34567890", phone="254722345678")
    open_till(stranger.context, stranger.teller, opening_float=KES(50_000))
    posted = deposit_cash(stranger.context, stranger.teller, customer_cif="C0005678", amount=KES(2_500))
    qr = print_receipt(stranger.context, posted.entry.sequence).seal_text
    result = verify(server, qr)
    assert result.verdict is Verdict.DEVICE_UNKNOWN and result.device_code == "M4T8"
    assert result.device_status is None and "No device M4T8" in result.message


def test_a_receipt_printed_offline_is_not_found_until_its_device_syncs(
    server: Server, counter: Counter, receipt: Receipt
) -> None:
    later = deposit_and_print(counter, KES(1_000))
    result = verify(server, later.qr)
    assert result.verdict is Verdict.NOT_FOUND and result.sequence == 3
    assert "entries 1 to 2 of device K7Q2" in result.message
    server.sync(batch_of(counter, 3))
    assert verify(server, later.qr).verdict is Verdict.VERIFIED


def test_text_that_is_no_receipt_is_refused_naming_why() -> None:
    with pytest.raises(InvalidInput, match="not a Wekeza receipt"):
        read_receipt("Thank you for shopping at Mama Mboga")


# --- the API -----------------------------------------------------------------------------------


@pytest.fixture
def client(server: Server, tmp_path: Path) -> testing.TestClient:
    with UnitOfWork(server.database) as uow:
        uow.connection.execute(
            schema.users.insert().values(
                user_id="njeri",
                display_name="Njeri Mwangi",
                role="head_office",
                location_code=None,
                password_hash=password_hash(HEAD_OFFICE_PASSWORD),
                active=True,
            )
        )
        uow.commit()
    settings = Settings(database_url=server.database.url, data_dir=tmp_path / "server-data")
    return testing.TestClient(
        create_app(settings, server.database, server_key=server.key, clock=server.clock)
    )


def token_of(client: testing.TestClient, user_id: str) -> dict[str, str]:
    answer = client.simulate_post("/v1/sessions", json={"user_id": user_id, "password": HEAD_OFFICE_PASSWORD})
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json['token']}"}


@pytest.mark.parametrize("user_id", ["njeri", "otieno"])  # head office, and Otieno the supervisor
def test_the_api_answers_head_office_and_supervisors(
    client: testing.TestClient, receipt: Receipt, user_id: str
) -> None:
    headers = token_of(client, user_id)
    genuine = client.simulate_post("/v1/receipts/verify", json={"qr": receipt.qr}, headers=headers)
    assert genuine.status_code == 200, genuine.text
    assert (genuine.json["verdict"], genuine.json["sealed"]) == ("verified", True)
    forged = client.simulate_post(
        "/v1/receipts/verify", json={"qr": with_field(receipt.qr, 2, "260000")}, headers=headers
    )
    assert forged.json["verdict"] == "mismatch"
    assert [m["field"] for m in forged.json["mismatches"]] == ["amount", "signature"]


def test_the_api_refuses_a_body_that_is_not_one_receipt(client: testing.TestClient, receipt: Receipt) -> None:
    headers = token_of(client, "njeri")
    for body in ({}, {"qr": receipt.qr, "text": "x"}, {"qr": 42}, {"text": "no reference here"}):
        answer = client.simulate_post("/v1/receipts/verify", json=body, headers=headers)
        assert answer.status_code == 400, body
        assert answer.json["error"]["code"] == "invalid_input", body


# --- the command line --------------------------------------------------------------------------


def wekeza_server(server: Server, tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    if not script.exists():
        pytest.fail(f"{script} is not installed; run the README's test command")
    return subprocess.run(
        [str(script), *arguments, "--database-url", server.database.url, "--data-dir", str(tmp_path / "ho")],
        capture_output=True,
        text=True,
        timeout=command_timeout_s,
        check=False,
        env={**os.environ, "PYTHONPATH": str(repo_root)},
    )


def test_the_command_exits_0_only_for_a_verified_receipt(
    server: Server, receipt: Receipt, tmp_path: Path
) -> None:
    genuine = wekeza_server(server, tmp_path, "verify-receipt", "--qr", receipt.qr)
    assert genuine.returncode == 0, genuine.stderr
    assert genuine.stdout.startswith("VERIFIED: BR-K7Q2-000002-9 (device K7Q2, entry 2)")

    forged = wekeza_server(server, tmp_path, "verify-receipt", "--qr", with_field(receipt.qr, 2, "260000"))
    assert forged.returncode == 1
    assert forged.stdout.startswith("MISMATCH: BR-K7Q2-000002-9")
    assert "amount (QR code): receipt KES 2,600.00 | journal KES 2,500.00" in forged.stdout

    text_file = tmp_path / "receipt.txt"
    text_file.write_text(pdf_text(receipt.pdf, tmp_path), encoding="utf-8")
    from_text = wekeza_server(server, tmp_path, "verify-receipt", "--file", str(text_file))
    assert from_text.returncode == 0, from_text.stdout + from_text.stderr

    pdf_file = tmp_path / "receipt.pdf"
    pdf_file.write_bytes(receipt.pdf)
    refused = wekeza_server(server, tmp_path, "verify-receipt", "--file", str(pdf_file))
    assert refused.returncode == 1
    assert "is a PDF" in refused.stderr and "pdftotext -layout" in refused.stderr


# --- one wording on paper and in the verifier ----------------------------------------------------


def test_the_desktop_prints_the_labels_and_times_the_verifier_reads() -> None:
    """The verifier reads the words the counter prints; were the two to drift, a genuine receipt's
    operation or time would read as altered."""
    from desktop_app.receipts.receipt import local_time_text
    from desktop_app.services.printing import OPERATION_LABELS
    from shared_core.journal import parse_timestamp
    from shared_core.receipt_text import RECEIPT_OPERATION_LABELS, printed_local_time

    assert dict(OPERATION_LABELS) == dict(RECEIPT_OPERATION_LABELS)
    moment = "2026-11-24T21:59:59.500000Z"
    for offset in (-720, -150, 0, 180, 345, 840):
        assert local_time_text(parse_timestamp(moment), offset) == printed_local_time(moment, offset), offset
