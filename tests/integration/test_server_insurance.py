"""Head office insures: cover sold at a real counter travels in its premium entry, head office prices
it again under its own tariff and books the policy, the premium to the underwriter, each levy and the
stamp duty to their own payable accounts; a premium it prices otherwise is refused from a wallet, or
booked whole into an exception when the cash is already taken; a monthly premium paid after the grace
period reinstates the cover from the day paid. Every scenario runs on SQLite and on MariaDB, and the
ledger checks clean after it.

Juma (C0001234) buys the bronze personal accident plan from his wallet at Mama Mboga's shop (agent
X9P3): KES 150.00 + levies 0.30 and 0.38 + stamp duty 40.00 = KES 190.68, then KES 150.68 a month.
Wekeza Hardware Ltd (C0009001) pays KES 62,057.83 cash at Nairobi CBD (branch K7Q2) for a year of WIBA
on KES 4,200,000 of class 3 payroll and KES 1,800,000 of class 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desktop_app.services.cash import deposit_cash
from desktop_app.services.insurance import (
    CoverSold,
    buy_cover,
    policy_schedule_pdf,
    quote_cover,
)
from desktop_app.services.posting import Extras, Override, post
from desktop_app.services.reversals import request_reversal
from desktop_app.services.till import open_till
from desktop_app.sync.uploader import record_answers, waiting_entries
from shared_core import canonical
from shared_core.accounts import (
    COMPENSATION_FUND_LEVY_PAYABLE,
    PREMIUMS_PAYABLE,
    STAMP_DUTY_PAYABLE,
    TRAINING_LEVY_PAYABLE,
    till_account,
)
from shared_core.channels import Channel
from shared_core.entry_details import PolicyPurchase
from shared_core.errors import InvalidInput, InvalidOperation, InvalidReference
from shared_core.insurance import PaymentMethod, Product, WibaPayroll
from shared_core.insurance_policy import PolicySale, mint_policy_number
from shared_core.insurance_tariff import OccupationClass, insurance_tariff_to_mapping, parse_insurance_tariff
from shared_core.money import Money, parse_amount
from shared_core.operations import Operation, OperationKind
from shared_core.results import EntryStatus
from sync_server.services.product_policies import shipped_product_policies
from tests.device_builders import SUPERVISOR_PASSWORD, Counter, add_customer, make_counter
from tests.pdf_reading import pdf_text
from tests.server_builders import (
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,  # noqa: F401 (the fixture)
    enrol,
    journal,
    make_server,
    result_for,
)

KES = Money.shillings
JUMA = "C0001234"
ACHIENG = "C0005678"
HARDWARE = "C0009001"
TARIFF = shipped_product_policies().insurance  # what the pull gives every device
INSURER = "Simba General Insurance Ltd"  # the insurer the shipped tariff names
TILL = till_account("BR-K7Q2")
NOVEMBER_24 = date(2026, 11, 24)
DECEMBER_1 = date(2026, 12, 1)
HARDWARE_PAYROLL = (
    WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(4_200_000), "Shop-floor and yard staff"),
    WibaPayroll(OccupationClass.OFFICE_CLERICAL, KES(1_800_000), "Office"),
)


def kes(text: str) -> Money:
    return parse_amount(text, allow_zero=True)


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


@pytest.fixture
def agent(tmp_path: Path, server: Server) -> Counter:
    """Mama Mboga's laptop (X9P3), enrolled; Juma holds KES 1,000 in his wallet, paid in there today."""
    counter = make_counter(tmp_path / "X9P3", channel=Channel.AGENT, device_code="X9P3")
    counter.context.is_online = lambda: True  # cash in at an agent needs head office online
    enrol(server, counter)
    add_customer_everywhere(server, [counter], JUMA)
    deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(1_000))
    return counter


@pytest.fixture
def branch(tmp_path: Path, server: Server) -> Counter:
    """Wanjiru's counter at Nairobi CBD (K7Q2), her till open on KES 100,000; Wekeza Hardware Ltd is
    a customer everywhere."""
    counter = make_counter(tmp_path / "K7Q2")
    enrol(server, counter)
    open_till(counter.context, counter.teller, opening_float=KES(100_000))
    add_customer_everywhere(
        server, [counter], HARDWARE, tier=3, national_id="PVT-2016-48213", full_name="Wekeza Hardware Ltd",
        phone="254720555100",
    )
    return counter


def sync(server: Server, counter: Counter):
    """Send the entries waiting in the device's outbox and record head office's answers, as its
    uploader does."""
    with counter.store.read() as connection:
        first = waiting_entries(connection, entries_max=10_000)[0].sequence
    answer = server.sync(batch_of(counter, first))
    record_answers(counter.context, answer)
    return answer


def juma_buys_bronze(agent: Counter, **changes: object) -> CoverSold:
    terms: dict[str, object] = {
        "customer_cif": JUMA, "product": Product.PERSONAL_ACCIDENT, "payment": PaymentMethod.WALLET,
        "tariff": TARIFF, "start": NOVEMBER_24, "plan": "bronze", "token": lambda size: bytes(range(1, size + 1)),
    }
    terms.update(changes)
    return buy_cover(agent.context, agent.teller, **terms)  # type: ignore[arg-type]


def hardware_buys_wiba(branch: Counter) -> CoverSold:
    return buy_cover(
        branch.context, branch.teller, customer_cif=HARDWARE, product=Product.WIBA, payment=PaymentMethod.CASH,
        tariff=TARIFF, start=DECEMBER_1, payroll=HARDWARE_PAYROLL, token=lambda size: b"\x9c\x41\x07\xee\x13",
    )


def monthly_premium(agent: Counter, policy_number: str, on: date, cif: str = JUMA) -> CoverSold:
    agent.clock.moment = datetime(on.year, on.month, on.day, 7, 0, tzinfo=UTC)
    return buy_cover(
        agent.context, agent.teller, customer_cif=cif, product=Product.PERSONAL_ACCIDENT,
        payment=PaymentMethod.WALLET, tariff=TARIFF, sale=PolicySale.MONTHLY_PREMIUM,
        policy_number=policy_number, plan="bronze",
    )


def policy(server: Server, number: str):  # a Row
    (row,) = server.rows("insurance_policies", policy_number=number)
    return row


def payments(server: Server, number: str) -> list[tuple[str, str, str, str, int]]:
    rows = sorted(server.rows("premium_payments", policy_number=number), key=lambda row: row.id)
    return [(row.sale, row.paid_on, row.cover_from, row.cover_to, row.amount_cents) for row in rows]


def owed(server: Server, account: str) -> Money:
    """What a payable account holds, as the bank reads it (a credit balance is owed)."""
    return Money(-server.balance(account))


# --- selling --------------------------------------------------------------------------------------


def test_juma_buys_personal_accident_cover_from_his_wallet(server: Server, agent: Counter) -> None:
    sold = juma_buys_bronze(agent)
    assert sold.posted.entry.body["amount_cents"] == kes("190.68").cents
    assert sold.posted.available_after == kes("809.32")

    result = result_for(sync(server, agent), sold.posted.entry.sequence)

    number = sold.policy_number
    assert result.status is EntryStatus.BOOKED, result.message
    assert result.message == f"Policy {number}: Personal accident cover 24 Nov 2026 to 23 Dec 2026"
    row = policy(server, number)
    assert (row.cif, row.product, row.status, row.sold_on) == (JUMA, "personal_accident", "in_force", "2026-11-24")
    assert (row.cover_start, row.paid_through) == ("2026-11-24", "2026-12-23")
    assert (row.premium_cents, row.levies_cents, row.stamp_duty_cents) == (15_000, 68, 4_000)
    assert canonical.decode(bytes(row.details))["plan"] == "bronze"
    assert (row.device_code, row.sequence) == ("X9P3", sold.posted.entry.sequence)
    assert payments(server, number) == [("new", "2026-11-24", "2026-11-24", "2026-12-23", 19_068)]
    assert server.wallet(JUMA) == kes("809.32")
    assert owed(server, PREMIUMS_PAYABLE) == KES(150)
    assert owed(server, TRAINING_LEVY_PAYABLE) == kes("0.30")
    assert owed(server, COMPENSATION_FUND_LEVY_PAYABLE) == kes("0.38")
    assert owed(server, STAMP_DUTY_PAYABLE) == KES(40)
    server.assert_ledger_clean()


def test_wekeza_hardware_buys_wiba_in_cash_at_the_branch(server: Server, branch: Counter) -> None:
    sold = hardware_buys_wiba(branch)
    assert sold.quote.total == kes("62,057.83")
    till_before = server.rows("accounts", account=TILL)

    result = result_for(sync(server, branch), sold.posted.entry.sequence)

    assert result.status is EntryStatus.BOOKED, result.message
    assert result.message == f"Policy {sold.policy_number}: Work injury benefits (WIBA) cover 01 Dec 2026 to 30 Nov 2027"
    assert till_before == []  # the till's account is opened by the first sync
    assert Money(server.balance(TILL)) == KES(100_000) + kes("62,057.83")
    assert owed(server, PREMIUMS_PAYABLE) == kes("61,740.00")  # 1.35% x 4.2m + 0.28% x 1.8m
    assert owed(server, TRAINING_LEVY_PAYABLE) == kes("123.48")
    assert owed(server, COMPENSATION_FUND_LEVY_PAYABLE) == kes("154.35")
    assert owed(server, STAMP_DUTY_PAYABLE) == KES(40)
    row = policy(server, sold.policy_number)
    assert (row.cif, row.product, row.cover_start, row.paid_through) == (HARDWARE, "wiba", "2026-12-01", "2027-11-30")
    assert canonical.decode(bytes(row.details))["payroll"] == [
        {"occupation_class": 3, "annual_payroll_cents": 420_000_000, "category": "Shop-floor and yard staff"},
        {"occupation_class": 1, "annual_payroll_cents": 180_000_000, "category": "Office"},
    ]
    assert payments(server, sold.policy_number) == [("new", "2026-11-24", "2026-12-01", "2027-11-30", 6_205_783)]
    server.assert_ledger_clean()


def test_a_year_on_the_wiba_is_renewed_under_its_number(server: Server, branch: Counter, tmp_path: Path) -> None:
    sold = hardware_buys_wiba(branch)
    sync(server, branch)
    # A year on, at Achieng's counter (M3P9), her till opened for the day.
    counter = make_counter(tmp_path / "M3P9", device_code="M3P9")
    counter.clock.moment = datetime(2027, 11, 22, 7, 0, tzinfo=UTC)
    counter.context.is_online = lambda: True  # the allowance of last year has long expired
    enrol(server, counter)
    open_till(counter.context, counter.teller, opening_float=KES(50_000))
    add_customer(counter, HARDWARE, tier=3, national_id="PVT-2016-48213", full_name="Wekeza Hardware Ltd")
    renewed = buy_cover(
        counter.context, counter.teller, customer_cif=HARDWARE, product=Product.WIBA, payment=PaymentMethod.CASH,
        tariff=TARIFF, sale=PolicySale.RENEWAL, policy_number=sold.policy_number, start=date(2027, 12, 1),
        payroll=(WibaPayroll(OccupationClass.SKILLED_MANUAL, KES(5_000_000), "Shop-floor and yard staff"),),
    )

    result = result_for(sync(server, counter), renewed.posted.entry.sequence)

    assert result.status is EntryStatus.BOOKED, result.message
    assert result.message == f"Policy {sold.policy_number} renewed: cover 01 Dec 2027 to 30 Nov 2028"
    row = policy(server, sold.policy_number)
    assert (row.paid_through, row.premium_cents) == ("2028-11-30", 6_750_000)  # 1.35% of the new payroll
    assert (row.sold_on, row.sequence) == ("2026-11-24", sold.posted.entry.sequence)  # still the first sale
    assert [payment[:2] for payment in payments(server, sold.policy_number)] == [
        ("new", "2026-11-24"), ("renewal", "2027-11-22"),
    ]
    server.assert_ledger_clean()


# --- what head office prices otherwise ------------------------------------------------------------


def test_cash_taken_short_of_the_quote_is_booked_whole_into_an_exception(server: Server, branch: Counter) -> None:
    """A tampered counter takes KES 40 less than the cover costs: the cash is in the drawer all the
    same, so it is booked, whole, to premiums payable, and head office must resolve it; no policy."""
    quote = quote_cover(TARIFF, Product.WIBA, start=DECEMBER_1, payroll=HARDWARE_PAYROLL)
    number = mint_policy_number(Product.WIBA, "K7Q2", bytes(range(1, 6)))
    purchase = PolicyPurchase(number, PolicySale.NEW, Product.WIBA, TARIFF.version, DECEMBER_1, payroll=HARDWARE_PAYROLL)
    taken = quote.total - KES(40)
    operation = Operation(OperationKind.PREMIUM_CASH, Channel.BRANCH, taken, cash_account=TILL)
    posted = post(branch.context, branch.teller, operation, Extras(customer_cif=HARDWARE, insurance=purchase))

    result = result_for(sync(server, branch), posted.entry.sequence)

    assert (result.status, result.code) == (EntryStatus.BOOKED_WITH_EXCEPTION, "premium_mismatch")
    assert "KES 62,017.83 was taken, but under tariff version 1 the cover costs KES 62,057.83" in result.message
    (exception,) = server.rows("exceptions", sequence=posted.entry.sequence, device_code="K7Q2")
    assert (exception.code, exception.account, exception.amount_cents) == (
        "premium_mismatch", PREMIUMS_PAYABLE, taken.cents,
    )
    assert owed(server, PREMIUMS_PAYABLE) == taken
    assert server.rows("accounts", account=TRAINING_LEVY_PAYABLE) == []
    assert server.count("insurance_policies") == server.count("premium_payments") == 0
    server.assert_ledger_clean()


def test_a_wallet_premium_quoted_under_a_stale_tariff_is_refused(server: Server, agent: Counter) -> None:
    """The agent's laptop still prices bronze at KES 120 (its own tariff 2): head office's tariff 1
    says KES 150, so the premium is refused and Juma's wallet keeps its money."""
    mapping = insurance_tariff_to_mapping(TARIFF)
    mapping["version"] = 2
    mapping["personal_accident"]["plans"]["bronze"]["monthly_premium_cents"] = 12_000
    sold = juma_buys_bronze(agent, tariff=parse_insurance_tariff(mapping))
    assert sold.quote.total == kes("160.54")

    result = result_for(sync(server, agent), sold.posted.entry.sequence)

    assert (result.status, result.code) == (EntryStatus.REJECTED, "premium_mismatch")
    assert result.message.endswith("the counter quoted under tariff version 2")
    assert server.wallet(JUMA) == KES(1_000)
    assert server.count("insurance_policies") == 0
    server.assert_ledger_clean()


def test_a_premium_for_an_unknown_policy_or_another_customers_is_refused(
    server: Server, agent: Counter
) -> None:
    sold = juma_buys_bronze(agent)
    add_customer_everywhere(server, [agent], ACHIENG, national_id="31234567", full_name="Achieng Atieno",
                            phone="254722000111")
    deposit_cash(agent.context, agent.teller, customer_cif=ACHIENG, amount=KES(500))
    someone_elses = monthly_premium(agent, sold.policy_number, date(2026, 12, 20), cif=ACHIENG)
    never_sold = monthly_premium(agent, mint_policy_number(Product.PERSONAL_ACCIDENT, "X9P3", bytes(5)), date(2026, 12, 20))

    answer = sync(server, agent)

    assert result_for(answer, sold.posted.entry.sequence).status is EntryStatus.BOOKED
    refused = result_for(answer, someone_elses.posted.entry.sequence)
    assert (refused.status, refused.code) == (EntryStatus.REJECTED, "policy_of_another_customer")
    unknown = result_for(answer, never_sold.posted.entry.sequence)
    assert (unknown.status, unknown.code) == (EntryStatus.REJECTED, "policy_not_found")
    assert server.wallet(ACHIENG) == KES(500)
    assert len(payments(server, sold.policy_number)) == 1
    server.assert_ledger_clean()


def test_a_mistyped_policy_number_is_refused_at_the_counter(agent: Counter) -> None:
    sold = juma_buys_bronze(agent)
    typo = sold.policy_number[:-1] + ("A" if sold.policy_number[-1] != "A" else "B")
    before = len(journal(agent))
    with pytest.raises(InvalidReference, match="mistyped"):
        monthly_premium(agent, typo, date(2026, 12, 20))
    with pytest.raises(InvalidInput, match="cover_start"):
        juma_buys_bronze(agent, start=date(2026, 11, 23))  # no back-dated cover
    assert len(journal(agent)) == before


# --- monthly premiums -----------------------------------------------------------------------------


def test_a_monthly_premium_within_grace_pays_the_next_month(server: Server, agent: Counter) -> None:
    sold = juma_buys_bronze(agent)
    sync(server, agent)
    month = monthly_premium(agent, sold.policy_number, date(2027, 1, 5))  # due 24 Dec, grace to 22 Jan

    result = result_for(sync(server, agent), month.posted.entry.sequence)

    assert result.status is EntryStatus.BOOKED, result.message
    assert result.message == f"Policy {sold.policy_number}: premium paid for 24 Dec 2026 to 23 Jan 2027"
    assert payments(server, sold.policy_number)[-1] == (
        "monthly_premium", "2027-01-05", "2026-12-24", "2027-01-23", 15_068,
    )
    assert policy(server, sold.policy_number).paid_through == "2027-01-23"
    assert owed(server, STAMP_DUTY_PAYABLE) == KES(40)  # the first month's only
    server.assert_ledger_clean()


def test_a_monthly_premium_after_the_grace_period_reinstates_from_the_day_paid(
    server: Server, agent: Counter
) -> None:
    """Paid through 23 Dec, covered in grace to 22 Jan, lapsed after it: the premium paid on 10 Feb
    covers 10 Feb to 9 Mar; 23 Jan to 9 Feb stay uncovered."""
    sold = juma_buys_bronze(agent)
    sync(server, agent)
    month = monthly_premium(agent, sold.policy_number, date(2027, 2, 10))

    result = result_for(sync(server, agent), month.posted.entry.sequence)

    assert result.status is EntryStatus.BOOKED, result.message
    assert result.message == f"Policy {sold.policy_number} had lapsed: reinstated from 10 Feb 2027 to 09 Mar 2027"
    assert payments(server, sold.policy_number) == [
        ("new", "2026-11-24", "2026-11-24", "2026-12-23", 19_068),
        ("monthly_premium", "2027-02-10", "2027-02-10", "2027-03-09", 15_068),
    ]
    row = policy(server, sold.policy_number)
    assert (row.cover_start, row.paid_through, row.status) == ("2026-11-24", "2027-03-09", "in_force")
    assert server.wallet(JUMA) == KES(1_000) - kes("190.68") - kes("150.68")
    server.assert_ledger_clean()


def test_a_premium_carrying_no_policy_books_as_it_always_did(server: Server, branch: Counter) -> None:
    operation = Operation(OperationKind.PREMIUM_CASH, Channel.BRANCH, KES(500), cash_account=TILL)
    posted = post(branch.context, branch.teller, operation, Extras(customer_cif=HARDWARE))

    result = result_for(sync(server, branch), posted.entry.sequence)

    assert (result.status, result.message) == (EntryStatus.BOOKED, "")
    assert owed(server, PREMIUMS_PAYABLE) == KES(500)
    assert server.rows("accounts", account=STAMP_DUTY_PAYABLE) == []
    server.assert_ledger_clean()


# --- the schedule ---------------------------------------------------------------------------------


def test_the_wiba_schedule_prints_at_once_and_shows_the_premium_and_total(
    server: Server, branch: Counter, tmp_path: Path
) -> None:
    sold = hardware_buys_wiba(branch)

    text = pdf_text(
        policy_schedule_pdf(branch.context, sold.posted.entry.sequence, tariff=TARIFF), tmp_path
    )

    for shown in (sold.policy_number, "Wekeza Hardware Ltd", "PVT-2016-48213", INSURER, sold.posted.entry.reference,
                  "01 Dec 2026 to 30 Nov 2027", "Cash at the counter"):
        assert shown in text
    assert "Basic premium" in text and "61,740.00" in text
    assert "Total payable" in text and "62,057.83" in text
    assert "123.48" in text and "154.35" in text


def test_a_wallet_premiums_schedule_waits_for_head_office(server: Server, agent: Counter, tmp_path: Path) -> None:
    sold = juma_buys_bronze(agent)
    sequence = sold.posted.entry.sequence
    with pytest.raises(InvalidOperation, match="waits for head office"):
        policy_schedule_pdf(agent.context, sequence, tariff=TARIFF)
    sync(server, agent)

    text = pdf_text(policy_schedule_pdf(agent.context, sequence, tariff=TARIFF), tmp_path)

    assert "Juma Mwangi" in text and "*****789" in text and "23456789" not in text
    assert "Bronze plan" in text and "Debit to the wallet" in text
    assert "150.00" in text and "190.68" in text
    month = monthly_premium(agent, sold.policy_number, date(2026, 12, 20))
    with pytest.raises(InvalidOperation, match="its receipt is the record"):
        policy_schedule_pdf(agent.context, month.posted.entry.sequence, tariff=TARIFF)


# --- reversing a premium --------------------------------------------------------------------------


def reverse(counter: Counter, sold: CoverSold):
    """The premium's entry reversed at the counter, with the supervisor's override (head office
    knows Otieno, so the reversal is booked as it arrives)."""
    return request_reversal(
        counter.context, counter.teller, reference=sold.posted.entry.reference,
        override=Override("otieno", SUPERVISOR_PASSWORD),
    )


def test_a_reversed_monthly_premium_no_longer_pays_its_month(server: Server, agent: Counter) -> None:
    sold = juma_buys_bronze(agent)
    month = monthly_premium(agent, sold.policy_number, date(2026, 12, 20))
    sync(server, agent)
    assert policy(server, sold.policy_number).paid_through == "2027-01-23"
    reversal = reverse(agent, month)

    result = result_for(sync(server, agent), reversal.entry.sequence)

    assert result.status is EntryStatus.BOOKED, result.message
    row = policy(server, sold.policy_number)
    assert (row.paid_through, row.status) == ("2026-12-23", "in_force")
    struck = server.rows("premium_payments", policy_number=sold.policy_number, sequence=month.posted.entry.sequence)
    assert [payment.reversed_by_entry_id for payment in struck] == [reversal.entry.entry_id]
    assert server.wallet(JUMA) == kes("809.32")  # the month's KES 150.68 back
    assert owed(server, PREMIUMS_PAYABLE) == KES(150)
    server.assert_ledger_clean()

    again = monthly_premium(agent, sold.policy_number, date(2026, 12, 21))  # the month paid again
    assert result_for(sync(server, agent), again.posted.entry.sequence).status is EntryStatus.BOOKED
    assert policy(server, sold.policy_number).paid_through == "2027-01-23"


def test_a_reversed_sale_cancels_the_policy_and_takes_no_premium_after(server: Server, agent: Counter) -> None:
    sold = juma_buys_bronze(agent)
    reversal = reverse(agent, sold)  # reversed before it ever reached head office: one batch

    answer = sync(server, agent)

    assert result_for(answer, sold.posted.entry.sequence).status is EntryStatus.BOOKED
    assert result_for(answer, reversal.entry.sequence).status is EntryStatus.BOOKED
    assert policy(server, sold.policy_number).status == "cancelled"
    assert [payment.reversed_by_entry_id for payment in server.rows(
        "premium_payments", policy_number=sold.policy_number
    )] == [reversal.entry.entry_id]
    assert server.wallet(JUMA) == KES(1_000)
    assert owed(server, PREMIUMS_PAYABLE) == Money.zero() and owed(server, STAMP_DUTY_PAYABLE) == Money.zero()
    server.assert_ledger_clean()

    late = monthly_premium(agent, sold.policy_number, date(2026, 12, 20))
    refused = result_for(sync(server, agent), late.posted.entry.sequence)
    assert (refused.status, refused.code) == (EntryStatus.REJECTED, "policy_not_found")
    assert "cancelled" in refused.message
