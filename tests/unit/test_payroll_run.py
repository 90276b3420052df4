"""A payroll run as its entry carries it, head office's answer line by line, and what it books.

Worked example: Wekeza Hardware Ltd (CIF C0009001, wallet:C0009001) pays its November 2026
salaries on 27 November 2026 from the sample file (resources/demo/payroll_wekeza_hardware.csv),
submitted at counter K7Q2 as its entry 42, so the run is PR-K7Q2-000042:

    row 3  Juma Mwangi       ID 23456789  wallet:C0001234  KES 25,000.00
    row 4  Achieng Otieno    ID 28765432  wallet:C0001301  KES 32,500.00
    row 5  Mutua Kioko       ID 31234567  wallet:C0001302  KES 18,750.50
    row 6  Wanjiků Ñjoroge   ID 9876543   wallet:C0001303  KES 41,200.00   (tier 1: cap KES 100,000)
                                                            --------------
                                          total            KES 117,450.50

Head office holds KES 480,000 in the employer's wallet. If Wanjiků already holds KES 70,000, her
salary would take her to KES 111,200, above her tier's cap: her line is refused, the other three
are paid (KES 76,250.50), and her KES 41,200 stays with the employer.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from shared_core import canonical
from shared_core.batch import batch_bytes_max, encode_batch, make_batch
from shared_core.channels import Channel
from shared_core.entry_details import EntryDetails
from shared_core.errors import IntegrityViolation, InvalidAccount, InvalidInput, InvalidOperation
from shared_core.journal import (
    append_entry,
    entry_body_bytes_max,
    operation_to_body,
    payroll_run_body_bytes_max,
)
from shared_core.ledger import Posting, ensure_balanced, postings_for
from shared_core.limits import OfflineClass, parse_limit_table
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind, spec_of
from shared_core.payroll import LineStatus, PayrollFile, PayrollLine, PayrollRunResult, payroll_rows_max
from shared_core.payroll_file import read_payroll
from shared_core.payroll_postings import booked_postings, requested_postings
from shared_core.payroll_run import (
    LineRefusal,
    Payee,
    PayrollRun,
    PayrollRunAnswer,
    answer_lines,
    check_run_operation,
    payroll_run_id,
)
from shared_core.roles import Permission
from shared_core.signing import generate_private_key
from tests.device_builders import default_limit_table

REPO_ROOT = Path(__file__).resolve().parents[2]
KES = Money.shillings
EMPLOYER = "wallet:C0009001"
DIRECTORY = {
    "23456789": ("wallet:C0001234",),
    "28765432": ("wallet:C0001301",),
    "31234567": ("wallet:C0001302",),
    "9876543": ("wallet:C0001303",),
    "PVT-2016-48213": (EMPLOYER,),
}
TIER_2_CAP, TIER_1_CAP = KES(1_000_000), KES(100_000)  # branch balance caps (limit table version 1)
EMPLOYER_HOLDS, ZERO = KES(480_000), Money(0)


def sample_file() -> PayrollFile:
    data = (REPO_ROOT / "resources" / "demo" / "payroll_wekeza_hardware.csv").read_bytes()
    reading = read_payroll(data, DIRECTORY, employer_cif="C0009001")
    assert isinstance(reading, PayrollFile), reading
    return reading


def sample_run() -> PayrollRun:
    return PayrollRun.of_file(payroll_run_id("K7Q2", 42), sample_file())


def run_operation(run: PayrollRun, **changes: object) -> Operation:
    fields: dict[str, object] = {
        "kind": OperationKind.PAYROLL_RUN, "channel": Channel.BRANCH, "amount": run.total, "customer_account": EMPLOYER,
    }
    fields.update(changes)
    return Operation(**fields)  # type: ignore[arg-type]


def payees(wanjiku_balance: Money = ZERO) -> dict[str, Payee]:
    return {
        "wallet:C0001234": Payee("wallet:C0001234", "23456789", KES(1_000), TIER_2_CAP),
        "wallet:C0001301": Payee("wallet:C0001301", "28765432", Money(0), TIER_2_CAP),
        "wallet:C0001302": Payee("wallet:C0001302", "31234567", Money(0), TIER_2_CAP),
        "wallet:C0001303": Payee("wallet:C0001303", "9876543", wanjiku_balance, TIER_1_CAP),
    }


def answered(employer_balance: Money = EMPLOYER_HOLDS, **payee_changes: Money) -> PayrollRunResult:
    return answer_lines(sample_run(), employer_account=EMPLOYER, employer_balance=employer_balance,
                        payees=payees(**payee_changes))


# --- the run an entry carries ----------------------------------------------------------------------


def test_a_run_is_named_by_the_entry_that_carries_it() -> None:
    assert payroll_run_id("K7Q2", 42) == "PR-K7Q2-000042"
    assert payroll_run_id("K7Q2", 1_234_567) == "PR-K7Q2-1234567"
    with pytest.raises(InvalidInput):
        payroll_run_id("k7q2", 42)
    with pytest.raises(InvalidInput):
        payroll_run_id("K7Q2", 0)


def test_a_payroll_run_is_a_request_for_the_employers_account_needing_payroll_upload() -> None:
    spec = spec_of(OperationKind.PAYROLL_RUN)
    assert spec.nature.value == "request" and spec.permission is Permission.PAYROLL_UPLOAD
    assert {slot.value for slot in spec.slots} == {"customer_account"}
    with pytest.raises(InvalidOperation):
        run_operation(sample_run(), customer_account=None)


def test_the_run_is_every_line_of_the_file_and_reads_back_equal_through_the_canonical_bytes() -> None:
    run = sample_run()
    assert (run.run_id, run.employer_cif, run.pay_date, run.line_count) == (
        "PR-K7Q2-000042", "C0009001", date(2026, 11, 27), 4
    )
    assert run.total == Money(117_450_50) and run.fingerprint == sample_file().fingerprint
    body = run.to_body()
    assert body["lines"][3] == [6, "9876543", "wallet:C0001303", "Wanjiků Ñjoroge", 41_200_00, "Salary Nov 2026"]
    assert PayrollRun.from_body(canonical.decode(canonical.encode(body))) == run
    details = EntryDetails(business_date="2026-11-24", customer_cif="C0009001", payroll=run)
    assert EntryDetails.from_body(canonical.decode(canonical.encode(details.to_body()))) == details


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda body: body.pop("fingerprint"), "missing field fingerprint"),
        (lambda body: body.update(extra=1), "unknown field extra"),
        (lambda body: body.update(run_id="RUN-1"), "not a run id"),
        (lambda body: body.update(pay_date="2026-02-30"), "not a real date"),
        (lambda body: body.update(total_cents=117_450_49), "not the sum of the lines"),
        (lambda body: body.update(lines=[]), "a list of 1 to 5,000 lines"),
        (lambda body: body["lines"].append(list(body["lines"][0])), "rows in the file's order, each once"),
        (lambda body: body["lines"].reverse(), "rows in the file's order, each once"),
        (lambda body: body["lines"][1].pop(), "expected [row, national_id"),
        (lambda body: body["lines"][1].__setitem__(4, 0), "lines[1].amount_cents"),
        (lambda body: body["lines"][1].__setitem__(4, 3_250_000.0), "expected an integer"),
        (lambda body: body["lines"][1].__setitem__(1, "12 345 678"), "lines[1]"),
        (lambda body: body["lines"][1].__setitem__(2, "wallet:c0001301"), "lines[1]"),
        (lambda body: body["lines"][1].__setitem__(1, "23456789"), "an employee is paid twice"),
    ],
)
def test_a_run_is_read_strictly_naming_what_is_wrong(change, problem: str) -> None:
    body = canonical.decode(canonical.encode(sample_run().to_body()))
    change(body)
    with pytest.raises(InvalidInput, match=problem.replace("[", r"\[").replace("(", r"\(")):
        PayrollRun.from_body(body)


def test_the_entry_names_the_employer_the_run_pays_from_and_its_amount_is_the_total() -> None:
    run = sample_run()
    with pytest.raises(InvalidInput, match="customer_cif"):
        EntryDetails(business_date="2026-11-24", customer_cif="C0001234", payroll=run)
    check_run_operation(run_operation(run), run)
    with pytest.raises(InvalidOperation, match="totals KES 117,450.50"):
        check_run_operation(run_operation(run, amount=KES(117_450)), run)


# --- sizes: a run of 5,000 lines travels as one entry, in one batch --------------------------------


def longest_run() -> PayrollRun:
    """payroll_rows_max lines with every cell at its longest: 4-byte characters in every name."""
    name, narrative = "\U0001d49c" * 100, "\U0001d49c" * 40
    lines = tuple(
        PayrollLine(1_040_000 + index, str(10_000_000 + index), "savings:C" + str(index).zfill(39), name,
                    Money(1_999_999_999), narrative)
        for index in range(payroll_rows_max)
    )
    total = Money(sum(line.amount.cents for line in lines))
    return PayrollRun(payroll_run_id("K7Q2", 1), "C0009001", date(2026, 11, 27), "a" * 64, total, lines)


def test_a_run_of_the_most_lines_at_their_longest_is_one_entry_that_a_batch_carries() -> None:
    run = longest_run()
    details = EntryDetails(business_date="2026-11-24", customer_cif="C0009001", payroll=run)
    body = operation_to_body(run_operation(run, customer_account="savings:C0009001"), details=details.to_body())
    size = len(canonical.encode(body))
    assert entry_body_bytes_max < size <= payroll_run_body_bytes_max  # 3.2 MB, under 3.5 MiB
    entry = append_entry(
        None, entry_id="12345678-1234-4234-8234-123456789abc", device_code="K7Q2",
        recorded_at="2026-11-24T07:00:00.000000Z", utc_offset_minutes=180, user_id="wanjiru",
        kind=OperationKind.PAYROLL_RUN, channel=Channel.BRANCH, reference="BR-K7Q2-000001-0",
        limit_table_version=1, body=body, approved_by=None,
    )
    assert len(encode_batch(make_batch([entry], generate_private_key(), app_version="1.0.0"))) <= batch_bytes_max


def test_only_a_payroll_run_may_carry_a_large_body() -> None:
    note = {"business_date": "2026-11-24", "note": "x" * 100}
    body = operation_to_body(Operation(OperationKind.KYC_UPGRADE, Channel.BRANCH, Money(0)), details=note)
    body["padding"] = "x" * entry_body_bytes_max
    with pytest.raises(InvalidInput, match=f"more than the {entry_body_bytes_max}"):
        append_entry(
            None, entry_id="12345678-1234-4234-8234-123456789abc", device_code="K7Q2",
            recorded_at="2026-11-24T07:00:00.000000Z", utc_offset_minutes=180, user_id="wanjiru",
            kind=OperationKind.KYC_UPGRADE, channel=Channel.BRANCH, reference="BR-K7Q2-000001-0",
            limit_table_version=1, body=body, approved_by=None,
        )


def test_a_limit_table_issued_before_payroll_runs_existed_stays_valid_and_captures_them() -> None:
    mapping = default_limit_table()
    assert "payroll_run" not in mapping["offline_classes"]["branch"]  # version 1, as issued
    table = parse_limit_table(mapping)
    assert table.offline_class(Channel.BRANCH, OperationKind.PAYROLL_RUN) is OfflineClass.CAPTURE_ONLY
    mapping["offline_classes"]["branch"]["payroll_run"] = "online_only"  # a later version may say more
    assert parse_limit_table(mapping).offline_class(Channel.BRANCH, OperationKind.PAYROLL_RUN) is (
        OfflineClass.ONLINE_ONLY
    )


# --- head office's answer, line by line ---------------------------------------------------------------


def test_every_line_is_paid_when_the_accounts_are_the_employees_and_the_employer_can_pay() -> None:
    result = answered()
    assert [line.status for line in result.lines] == [LineStatus.BOOKED] * 4
    assert (result.booked_count, result.booked_total, result.refused_count) == (4, Money(117_450_50), 0)


def test_a_salary_above_the_employees_balance_cap_is_refused_and_the_rest_are_paid() -> None:
    result = answered(wanjiku_balance=KES(70_000))
    wanjiku = result.lines[3]
    assert (wanjiku.row, wanjiku.status, wanjiku.code) == (6, LineStatus.REFUSED, "limit_balance_cap")
    assert wanjiku.reason == (
        "wallet:C0001303 may hold at most KES 100,000.00 at its KYC tier; this would make it KES 111,200.00"
    )
    assert (result.booked_count, result.booked_total) == (3, Money(76_250_50))
    assert result.refused_total == KES(41_200)


@pytest.mark.parametrize(
    ("account", "national_id", "code"),
    [
        ("wallet:C0007777", "28765432", LineRefusal.UNKNOWN_ACCOUNT),
        ("wallet:C0001234", "28765432", LineRefusal.ACCOUNT_NOT_OWNED),  # Juma's wallet, Achieng's ID
        (EMPLOYER, "28765432", LineRefusal.PAYEE_IS_EMPLOYER),
        ("loan:L-K7Q2-0000ABCD", "28765432", LineRefusal.NOT_A_DEPOSIT_ACCOUNT),
    ],
)
def test_a_line_whose_account_is_not_the_named_employees_deposit_account_is_refused(
    account: str, national_id: str, code: LineRefusal
) -> None:
    run = sample_run()
    lines = list(run.lines)
    lines[1] = replace(lines[1], account=account, national_id=national_id)
    if national_id == "28765432" and account == "wallet:C0001234":
        lines[0] = replace(lines[0], account="wallet:C0009999")  # no account paid twice
    run = replace(run, lines=tuple(lines))
    result = answer_lines(run, employer_account=EMPLOYER, employer_balance=KES(480_000), payees=payees())
    assert (result.lines[1].status, result.lines[1].code) == (LineStatus.REFUSED, code.value)
    assert result.lines[1].reason


def test_an_employer_short_of_the_payable_lines_pays_nobody() -> None:
    result = answered(employer_balance=KES(50_000), wanjiku_balance=KES(70_000))
    assert result.booked_count == 0 and result.refused_total == Money(117_450_50)
    assert [line.code for line in result.lines] == [
        "insufficient_funds", "insufficient_funds", "insufficient_funds", "limit_balance_cap"
    ]
    assert result.lines[0].reason == (
        "The employer's account holds KES 50,000.00; the 3 payable lines need KES 76,250.50, so none was paid"
    )
    # Exactly enough is enough; a cent less pays nobody.
    assert answered(employer_balance=Money(76_250_50), wanjiku_balance=KES(70_000)).booked_count == 3
    assert answered(employer_balance=Money(76_250_49), wanjiku_balance=KES(70_000)).booked_count == 0


# --- what it books ---------------------------------------------------------------------------------


def test_ledger_postings_of_a_run_come_from_its_lines_not_from_the_operation() -> None:
    run = sample_run()
    assert postings_for(run_operation(run)) == ()
    with pytest.raises(InvalidOperation, match="carries no fee"):
        postings_for(run_operation(run, fee=KES(50)))
    with pytest.raises(InvalidAccount):
        postings_for(run_operation(run, customer_account="till:BR-K7Q2"))


def test_the_employer_is_debited_with_what_was_booked_and_each_paid_employee_credited() -> None:
    run = sample_run()
    postings = booked_postings(run_operation(run), answered(wanjiku_balance=KES(70_000)))
    assert postings == (
        Posting(EMPLOYER, Money(76_250_50)),
        Posting("wallet:C0001234", Money(-25_000_00)),
        Posting("wallet:C0001301", Money(-32_500_00)),
        Posting("wallet:C0001302", Money(-18_750_50)),
    )
    ensure_balanced(postings)
    nothing_paid = answered(employer_balance=KES(1))
    assert booked_postings(run_operation(run), nothing_paid) == ()


def test_while_pending_the_device_holds_the_whole_total_against_the_employer() -> None:
    run = sample_run()
    postings = requested_postings(run_operation(run), run)
    assert postings[0] == Posting(EMPLOYER, Money(117_450_50)) and len(postings) == 5
    ensure_balanced(postings)
    with pytest.raises(InvalidOperation):
        requested_postings(run_operation(run, amount=KES(1)), run)


# --- the answer on the wire ------------------------------------------------------------------------


def test_the_answer_names_only_the_refused_lines_and_the_device_rebuilds_the_rest() -> None:
    run = sample_run()
    answer = PayrollRunAnswer(answered(wanjiku_balance=KES(70_000)), "kiptoo", "Kiptoo Chebet")
    wire = answer.to_wire()
    assert wire["refused"] == [[6, "limit_balance_cap", answer.result.lines[3].reason]]
    assert (wire["booked_count"], wire["booked_total_cents"]) == (3, 76_250_50)
    assert PayrollRunAnswer.from_wire(run, canonical.decode(canonical.encode(wire))) == answer


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda wire: wire.update(run_id="PR-K7Q2-000043"), "another run"),
        (lambda wire: wire.update(fingerprint="b" * 64), "another run"),
        (lambda wire: wire["refused"].append([7, "unknown_account", "No such row"]), "refuses row 7"),
        (lambda wire: wire["refused"].append(list(wire["refused"][0])), "refused twice"),
        (lambda wire: wire.update(booked_count=4), "its lines make 3"),
        (lambda wire: wire["refused"].clear(), "its lines make 4"),
    ],
)
def test_an_answer_that_does_not_fit_the_run_is_refused(change, problem: str) -> None:
    wire = PayrollRunAnswer(answered(wanjiku_balance=KES(70_000)), "kiptoo", "Kiptoo Chebet").to_wire()
    change(wire)
    with pytest.raises(IntegrityViolation, match=problem):
        PayrollRunAnswer.from_wire(sample_run(), wire)
