"""A payroll run at the counter, before head office answers: the file read and checked, the run
submitted as one pending request, and everything the counter refuses, on a real device store.

Counter K7Q2 at Nairobi CBD. Wekeza Hardware Ltd (C0009001) holds KES 480,000 in its wallet as last
pulled; its four staff are customers (resources/demo/payroll_wekeza_hardware.csv, KES 117,450.50).
Teller Wanjiru is the maker.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.services.balances import available_balance
from desktop_app.services.entries import EntryState
from desktop_app.services.payroll import (
    employer_accounts,
    payment_advice_pdf,
    payroll_run_status,
    payroll_runs,
    read_payroll_file,
    read_payroll_path,
    submit_payroll_run,
)
from desktop_app.store import schema
from resources import resource_bytes
from shared_core.accounts import wallet_account
from shared_core.channels import Channel
from shared_core.errors import (
    AlreadyExists,
    InsufficientFunds,
    InvalidInput,
    NotFound,
    OnlineOnly,
    PermissionDenied,
)
from shared_core.money import Money
from shared_core.payroll import PayrollFile, PayrollRejection, payroll_file_bytes_max
from tests.device_builders import Counter, add_customer, assert_intact, default_limit_table, make_counter

KES = Money.shillings
HARDWARE = "C0009001"
PAYROLL = resource_bytes("demo/payroll_wekeza_hardware.csv")
TOTAL = Money(117_450_50)
EMPLOYER_HOLDS = KES(480_000)
STAFF = (
    ("C0001234", "23456789", "Juma Mwangi"),
    ("C0001301", "28765432", "Achieng Otieno"),
    ("C0001302", "31234567", "Mutua Kioko"),
    ("C0001303", "9876543", "Wanjiků Ñjoroge"),
)


def set_up(counter: Counter, *, employer_holds: Money = EMPLOYER_HOLDS) -> Counter:
    add_customer(counter, HARDWARE, tier=3, balance=employer_holds, national_id="PVT-2016-48213",
                 full_name="Wekeza Hardware Ltd", phone="254720555100")
    for cif, national_id, name in STAFF:
        add_customer(counter, cif, national_id=national_id, full_name=name)
    return counter


@pytest.fixture
def counter(tmp_path: Path) -> Counter:
    return set_up(make_counter(tmp_path))


def accepted(counter: Counter, data: bytes = PAYROLL) -> PayrollFile:
    reading = read_payroll_file(counter.context, data, employer_cif=HARDWARE)
    assert isinstance(reading, PayrollFile), reading
    return reading


def available(counter: Counter, account: str) -> Money:
    with counter.store.read() as connection:
        return available_balance(connection, account)


def journal_length(counter: Counter) -> int:
    with counter.store.read() as connection:
        return len(connection.execute(schema.journal.select()).all())


# --- reading the file ---------------------------------------------------------------------------------


def test_an_accepted_file_shows_its_lines_and_total_before_anything_is_submitted(counter: Counter) -> None:
    payroll = accepted(counter)
    assert (payroll.employer_cif, payroll.line_count, payroll.total) == (HARDWARE, 4, TOTAL)
    assert (payroll.encoding, payroll.separator) == ("UTF-8 with BOM", "comma")
    assert journal_length(counter) == 0


def test_a_file_with_problems_is_refused_whole_every_problem_by_row_and_column(counter: Counter) -> None:
    data = PAYROLL.replace(b"28765432,wallet:C0001301", b"28765432,wallet:C0009999").replace(
        b'"18,750.50"', b'"-18,750.50"'
    )
    reading = read_payroll_file(counter.context, data, employer_cif=HARDWARE)
    assert isinstance(reading, PayrollRejection)
    assert [str(problem) for problem in reading.problems] == [
        "Row 4, column B (Account): The bank holds no account wallet:C0009999 [unknown_account]",
        "Row 5, column D (Amount KES): A salary is more than zero; '-18,750.50' cannot be paid [amount_not_positive]",
    ]
    assert journal_length(counter) == 0


def test_a_file_for_another_employer_or_an_employer_not_on_this_counter_is_refused(counter: Counter) -> None:
    add_customer(counter, "C0009002", tier=3, national_id="PVT-2019-11111", full_name="Jua Kali Ltd")
    reading = read_payroll_file(counter.context, PAYROLL, employer_cif="C0009002")
    assert isinstance(reading, PayrollRejection) and reading.codes == ("employer_mismatch",)
    with pytest.raises(NotFound, match="C0009999 is not on this device"):
        read_payroll_file(counter.context, PAYROLL, employer_cif="C0009999")


def test_a_file_chosen_on_disk_is_read_with_its_size_checked_first(counter: Counter, tmp_path: Path) -> None:
    path = tmp_path / "november.csv"
    path.write_bytes(PAYROLL)
    assert isinstance(read_payroll_path(counter.context, path, employer_cif=HARDWARE), PayrollFile)
    path.write_bytes(b"x" * (payroll_file_bytes_max + 1))
    with pytest.raises(InvalidInput, match="a payroll file may be at most"):
        read_payroll_path(counter.context, path, employer_cif=HARDWARE)
    with pytest.raises(InvalidInput, match="cannot be read"):
        read_payroll_path(counter.context, tmp_path / "missing.csv", employer_cif=HARDWARE)


# --- submitting the run ---------------------------------------------------------------------------------


def test_a_submitted_run_is_one_pending_entry_holding_the_total_against_the_employer(counter: Counter) -> None:
    posted = submit_payroll_run(counter.context, counter.teller, accepted(counter))
    entry = posted.entry
    assert entry.kind.value == "payroll_run" and entry.body["amount_cents"] == TOTAL.cents
    assert entry.body["customer_account"] == wallet_account(HARDWARE) and entry.approved_by is None
    assert posted.decision.outcome.value == "needs_approval" and posted.available_after == KES(480_000) - TOTAL
    assert available(counter, wallet_account(HARDWARE)) == KES(480_000) - TOTAL
    # A request's credits count only once head office books them.
    assert [available(counter, wallet_account(cif)) for cif, *_ in STAFF] == [Money(0)] * 4
    status = payroll_run_status(counter.context, entry.sequence)
    assert (status.run.run_id, status.state, status.answer) == (f"PR-K7Q2-{entry.sequence:06d}", EntryState.PENDING, None)
    assert (status.employer_name, status.maker, status.run.line_count) == (
        "Wekeza Hardware Ltd", "Wanjiru Kamau (wanjiru)", 4
    )
    assert [run.sequence for run in payroll_runs(counter.context, employer_cif=HARDWARE)] == [entry.sequence]
    assert employer_accounts(counter.context, HARDWARE) == {wallet_account(HARDWARE): KES(480_000) - TOTAL}
    with pytest.raises(NotFound, match="has not reached head office yet"):
        payment_advice_pdf(counter.context, entry.sequence)
    assert_intact(counter)  # local state equals a replay of the journal, run included


def test_the_same_file_is_not_submitted_twice(counter: Counter) -> None:
    first = submit_payroll_run(counter.context, counter.teller, accepted(counter))
    with pytest.raises(AlreadyExists, match=first.entry.reference):
        submit_payroll_run(counter.context, counter.supervisor, accepted(counter))
    assert journal_length(counter) == 1


def test_an_employer_who_cannot_pay_the_total_now_is_refused(tmp_path: Path) -> None:
    counter = set_up(make_counter(tmp_path), employer_holds=KES(100_000))
    with pytest.raises(InsufficientFunds, match="holds KES 100,000.00 to spend; this payroll needs KES 117,450.50"):
        submit_payroll_run(counter.context, counter.teller, accepted(counter))
    assert journal_length(counter) == 0


def test_an_account_that_is_not_the_employers_is_refused(counter: Counter) -> None:
    with pytest.raises(NotFound, match="wallet:C0001234 is not an account of Wekeza Hardware Ltd"):
        submit_payroll_run(counter.context, counter.teller, accepted(counter), employer_account="wallet:C0001234")


def test_an_agent_may_not_upload_a_payroll(tmp_path: Path) -> None:
    counter = set_up(make_counter(tmp_path, channel=Channel.AGENT))
    with pytest.raises(PermissionDenied, match="may not upload a payroll run"):
        submit_payroll_run(counter.context, counter.teller, accepted(counter))
    assert journal_length(counter) == 0


def test_a_run_is_captured_offline_unless_the_table_says_online_only(tmp_path: Path) -> None:
    counter = set_up(make_counter(tmp_path / "captured"))
    assert not counter.context.is_online()
    assert submit_payroll_run(counter.context, counter.teller, accepted(counter)).entry.sequence == 1
    table = default_limit_table()
    table["offline_classes"]["branch"]["payroll_run"] = "online_only"
    strict = set_up(make_counter(tmp_path / "strict", limit_table=table))
    with pytest.raises(OnlineOnly):
        submit_payroll_run(strict.context, strict.teller, accepted(strict))
    strict.context.is_online = lambda: True
    assert submit_payroll_run(strict.context, strict.teller, accepted(strict)).entry.sequence == 1
