"""The limit table as data: the default table's numbers, round trips, and refusals that list every problem.

The default table is resources/limits/limit_table.json (version 1). Amounts in it are cents:
KES 20,000 is 2000000.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from shared_core.channels import Channel
from shared_core.errors import InvalidLimitTable, InvalidOperation
from shared_core.kyc import KycTier
from shared_core.limits import (
    LimitTable,
    OfflineClass,
    TierLimits,
    limit_table_to_mapping,
    parse_limit_table,
)
from shared_core.money import Money, parse_amount
from shared_core.operations import OperationKind

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TABLE_MAPPING: dict[str, Any] = json.loads(
    (REPO_ROOT / "resources" / "limits" / "limit_table.json").read_text(encoding="utf-8")
)


def default_mapping() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_TABLE_MAPPING)


def kes(text: str) -> Money:
    return parse_amount(text)


def problems_of(mapping: Any) -> str:
    with pytest.raises(InvalidLimitTable) as caught:
        parse_limit_table(mapping)
    assert caught.value.code == "invalid_limit_table"
    return caught.value.message


@pytest.fixture(scope="module")
def table() -> LimitTable:
    return parse_limit_table(default_mapping())


# --- the default table, number by number -----------------------------------------------------------


def test_default_table_is_version_1(table: LimitTable) -> None:
    assert table.version == 1
    assert table.effective_date == "2025-01-01"
    assert "September 2023" in table.notes and "USD 15,000" in table.notes


@pytest.mark.parametrize(
    ("channel", "tier", "per_transaction", "per_day", "balance_cap"),
    [
        (Channel.AGENT, 1, "20,000", "50,000", "100,000"),
        (Channel.AGENT, 2, "100,000", "250,000", "300,000"),
        (Channel.AGENT, 3, "250,000", "500,000", "500,000"),  # Kenyan mobile-money limits since 2023
        (Channel.BRANCH, 1, "50,000", "100,000", "100,000"),
        (Channel.BRANCH, 2, "500,000", "1,000,000", "1,000,000"),
        (Channel.BRANCH, 3, "5,000,000", "10,000,000", None),  # no balance cap
    ],
)
def test_default_tier_limits(
    table: LimitTable, channel: Channel, tier: int, per_transaction: str, per_day: str, balance_cap: str | None
) -> None:
    limits = table.tier_limits(channel, KycTier(tier))
    assert limits.per_transaction == kes(per_transaction)
    assert limits.per_day == kes(per_day)
    assert limits.balance_cap == (None if balance_cap is None else kes(balance_cap))


def test_cash_report_threshold_is_usd_15000_at_the_stored_rate(table: LimitTable) -> None:
    # USD 15,000 x KES 129.25 = KES 1,938,750.00, by integer arithmetic on cents.
    assert table.cash_report_threshold_usd == 15_000
    assert table.kes_cents_per_usd == 12_925
    assert table.cash_report_threshold == kes("1,938,750.00")
    assert table.cash_report_threshold.cents == 15_000 * 12_925


def test_maker_checker_policy(table: LimitTable) -> None:
    assert table.withdrawal_approval_threshold(Channel.BRANCH) == kes("100,000")
    assert table.withdrawal_approval_threshold(Channel.AGENT) == kes("50,000")
    assert table.till_over_short_tolerance == Money.zero()


def test_registration_tier_max(table: LimitTable) -> None:
    assert table.registration_tier_max(Channel.AGENT) == KycTier.TIER_1
    assert table.registration_tier_max(Channel.BRANCH) == KycTier.TIER_3


REQUESTS = (
    OperationKind.TRANSFER,
    OperationKind.LOAN_DISBURSEMENT,
    OperationKind.LOAN_REPAYMENT_WALLET,
    OperationKind.PREMIUM_WALLET,
    OperationKind.KYC_UPGRADE,
    OperationKind.CUSTOMER_REGISTRATION,
    OperationKind.REVERSAL,
)


def test_offline_classes_at_an_agent(table: LimitTable) -> None:
    # Kenya's agent-banking guideline: no cash-in or cash-out while the network is down.
    assert table.offline_class(Channel.AGENT, OperationKind.CASH_DEPOSIT) == OfflineClass.ONLINE_ONLY
    assert table.offline_class(Channel.AGENT, OperationKind.CASH_WITHDRAWAL) == OfflineClass.ONLINE_ONLY
    # Repayments and premiums in cash are captured, for the server to confirm.
    assert table.offline_class(Channel.AGENT, OperationKind.LOAN_REPAYMENT_CASH) == OfflineClass.CAPTURE_ONLY
    assert table.offline_class(Channel.AGENT, OperationKind.PREMIUM_CASH) == OfflineClass.CAPTURE_ONLY
    for kind in REQUESTS:
        assert table.offline_class(Channel.AGENT, kind) == OfflineClass.CAPTURE_ONLY, kind


def test_offline_classes_at_a_branch(table: LimitTable) -> None:
    for kind in (
        OperationKind.CASH_DEPOSIT,
        OperationKind.CASH_WITHDRAWAL,
        OperationKind.LOAN_REPAYMENT_CASH,
        OperationKind.PREMIUM_CASH,
        OperationKind.TILL_OPEN,
        OperationKind.TILL_CLOSE,
    ):
        assert table.offline_class(Channel.BRANCH, kind) == OfflineClass.OFFLINE_WITHIN_ALLOWANCE, kind
    for kind in REQUESTS:
        assert table.offline_class(Channel.BRANCH, kind) == OfflineClass.CAPTURE_ONLY, kind


def test_head_office_moves_no_cash_and_works_online(table: LimitTable) -> None:
    assert not table.has_cash_limits(Channel.HEAD_OFFICE)
    assert table.has_cash_limits(Channel.BRANCH) and table.has_cash_limits(Channel.AGENT)
    with pytest.raises(InvalidOperation):
        table.tier_limits(Channel.HEAD_OFFICE, KycTier.TIER_3)
    with pytest.raises(InvalidOperation):
        table.withdrawal_approval_threshold(Channel.HEAD_OFFICE)
    with pytest.raises(InvalidOperation):
        table.registration_tier_max(Channel.HEAD_OFFICE)
    for kind in OperationKind:
        assert table.offline_class(Channel.HEAD_OFFICE, kind) == OfflineClass.ONLINE_ONLY


# --- round trips ------------------------------------------------------------------------------------


def test_round_trip(table: LimitTable) -> None:
    assert parse_limit_table(limit_table_to_mapping(table)) == table


def test_the_file_is_already_in_canonical_form(table: LimitTable) -> None:
    # Writing the parsed table back gives the file's own content: nothing is lost or renamed.
    assert limit_table_to_mapping(table) == DEFAULT_TABLE_MAPPING


def test_mapping_holds_only_integers_and_strings(table: LimitTable) -> None:
    def leaves(value: Any) -> list[Any]:
        if isinstance(value, dict):
            assert all(type(key) is str for key in value)
            return [leaf for item in value.values() for leaf in leaves(item)]
        return [value]

    assert {type(leaf) for leaf in leaves(limit_table_to_mapping(table))} == {int, str}


def test_no_cap_may_be_written_as_null_in_a_hand_edited_file(table: LimitTable) -> None:
    mapping = default_mapping()
    mapping["tiers"]["branch"]["3"]["balance_cap_cents"] = None
    assert parse_limit_table(mapping) == table


def test_a_changed_table_is_a_different_table(table: LimitTable) -> None:
    mapping = default_mapping()
    mapping["version"] = 2
    mapping["tiers"]["agent"]["1"]["per_transaction_cents"] = 2_500_000
    changed = parse_limit_table(mapping)
    assert changed != table
    assert changed.version == 2
    assert changed.tier_limits(Channel.AGENT, KycTier.TIER_1).per_transaction == kes("25,000")


def test_row_order_does_not_matter(table: LimitTable) -> None:
    shuffled = dataclasses.replace(
        table,
        tier_rows=tuple(reversed(table.tier_rows)),
        offline_classes=tuple(reversed(table.offline_classes)),
    )
    assert shuffled == table


# --- refusals that list every problem ----------------------------------------------------------------


def test_an_invalid_table_lists_every_problem_by_path() -> None:
    mapping = default_mapping()
    del mapping["tiers"]["agent"]["2"]  # a missing tier
    mapping["tiers"]["branch"]["1"]["per_day_cents"] = 4_000_000  # KES 40,000 a day < KES 50,000 per transaction
    mapping["tiers"]["agent"]["3"]["per_transaction_cents"] = 25_000_000.0  # a float amount
    mapping["tiers"]["branch"]["2"]["balance_cap_cents"] = "1000000"  # a string amount
    message = problems_of(mapping)
    assert "4 problem(s)" in message
    assert "tiers.agent.2: missing" in message
    assert "tiers.branch.1.per_day_cents: must be at least per_transaction_cents (5000000)" in message
    assert "tiers.agent.3.per_transaction_cents: must be a whole number of cents" in message
    assert "tiers.branch.2.balance_cap_cents: must be a whole number of cents" in message


def test_the_example_path_from_the_policy_manual() -> None:
    mapping = default_mapping()
    mapping["tiers"]["agent"]["2"]["per_day_cents"] = 25_000_000.5
    assert problems_of(mapping).endswith("tiers.agent.2.per_day_cents: must be a whole number of cents")


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("tiers", "agent", "1", "per_transaction_cents"), True, "must be a whole number of cents"),
        (("tiers", "agent", "1", "per_transaction_cents"), -1, "must not be negative"),
        (("tiers", "agent", "1", "balance_cap_cents"), -100, "must not be negative"),
        (("tiers", "agent", "1", "balance_cap_cents"), 10**20, "must be at most"),
        (("version",), 0, "version: must be a whole number, 1 or more"),
        (("version",), "1", "version: must be a whole number, 1 or more"),
        (("version",), 1.0, "version: must be a whole number, 1 or more"),
        (("effective_date",), "2025-13-01", "effective_date: must be a date written YYYY-MM-DD"),
        (("effective_date",), "20250101", "effective_date: must be a date written YYYY-MM-DD"),
        (("notes",), 7, "notes: must be text"),
        (("cash_transaction_report", "kes_cents_per_usd"), 129.25, "kes_cents_per_usd: must be a whole number"),
        (("cash_transaction_report", "threshold_usd"), 10**12, "beyond the largest amount"),
        (("maker_checker", "till_over_short_tolerance_cents"), -1, "must not be negative"),
        (("maker_checker", "withdrawal_threshold_cents", "agent"), "50000", "must be a whole number of cents"),
        (("registration_tier_max", "agent"), 4, "registration_tier_max.agent: must be a KYC tier"),
        (("offline_classes", "agent", "cash_deposit"), "sometimes", "offline_classes.agent.cash_deposit: must be one of"),
        (("offline_classes", "agent", "cash_deposit"), ["online_only"], "offline_classes.agent.cash_deposit: must be one of"),
    ],
)
def test_each_bad_field_is_named(path: tuple[str, ...], value: Any, expected: str) -> None:
    mapping = default_mapping()
    target = mapping
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert expected in problems_of(mapping)


def test_missing_and_unknown_fields_are_named() -> None:
    mapping = default_mapping()
    del mapping["maker_checker"]
    mapping["tier"] = {}  # a typo for "tiers"
    del mapping["offline_classes"]["branch"]["reversal"]
    del mapping["tiers"]["agent"]["1"]["per_day_cents"]
    message = problems_of(mapping)
    assert "maker_checker: missing" in message
    assert "tier: unknown field" in message
    assert "offline_classes.branch.reversal: missing" in message
    assert "tiers.agent.1.per_day_cents: missing" in message
    assert "4 problem(s)" in message


def test_head_office_has_no_entries() -> None:
    mapping = default_mapping()
    mapping["tiers"]["head_office"] = copy.deepcopy(mapping["tiers"]["branch"])
    mapping["registration_tier_max"]["head_office"] = 3
    message = problems_of(mapping)
    assert "tiers.head_office: head office moves no cash" in message
    assert "registration_tier_max.head_office: head office moves no cash" in message


def test_unknown_channel_tier_and_operation_are_named() -> None:
    mapping = default_mapping()
    mapping["tiers"]["kiosk"] = {}
    mapping["tiers"]["agent"]["4"] = copy.deepcopy(mapping["tiers"]["agent"]["3"])
    mapping["offline_classes"]["agent"]["teleport"] = "online_only"
    message = problems_of(mapping)
    assert "tiers.kiosk: not a cash channel" in message
    assert "tiers.agent.4: not a KYC tier" in message
    assert "offline_classes.agent.teleport: not an operation this system knows" in message


@pytest.mark.parametrize("not_a_table", [[], "table", None, 1])
def test_not_a_mapping_at_all(not_a_table: Any) -> None:
    assert "(table): must be a mapping of fields" in problems_of(not_a_table)


def test_tier_limits_check_themselves_when_built_directly() -> None:
    with pytest.raises(InvalidLimitTable):
        TierLimits(per_transaction=kes("50,000"), per_day=kes("49,999.99"), balance_cap=None)
    TierLimits(per_transaction=kes("50,000"), per_day=kes("50,000"), balance_cap=None)  # equal is fine


def test_a_table_built_directly_is_checked_too(table: LimitTable) -> None:
    with pytest.raises(InvalidLimitTable, match="tiers.agent.2: missing"):
        dataclasses.replace(table, tier_rows=tuple(row for row in table.tier_rows if row[:2] != (Channel.AGENT, 2)))
    with pytest.raises(InvalidLimitTable, match="version"):
        dataclasses.replace(table, version=0)
