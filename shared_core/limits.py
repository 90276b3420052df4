"""The limit table: per-tier limits per channel, maker-checker thresholds and offline classes, as DATA.

Head office issues the table (resources/limits/limit_table.json is version 1) and devices pull it;
a change of policy is a new version, never a code change. Every decision names the version it was
judged under, so the server can tell "policy drift" from a broken rule.

The mapping form (`parse_limit_table` / `limit_table_to_mapping`) holds integers and strings only,
so it travels in the canonical wire encoding. Amounts are whole cents in fields ending `_cents`.

Head office moves no cash, and the table says so by leaving it out: only the cash channels
(branch, agent) have tier limits, withdrawal thresholds, registration tiers and offline classes.
Head office works next to the server, so every operation there is online-only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from shared_core.channels import Channel
from shared_core.errors import InvalidLimitTable, InvalidOperation
from shared_core.kyc import KycTier
from shared_core.money import Money, amount_cents_max
from shared_core.operations import OperationKind


class OfflineClass(StrEnum):
    """What a device may do about an operation while the server does not answer."""

    ONLINE_ONLY = "online_only"  # refused until the link is back
    OFFLINE_WITHIN_ALLOWANCE = "offline_within_allowance"  # done now, bounded by the signed allowance
    CAPTURE_ONLY = "capture_only"  # recorded now, decided by the server later


_T = TypeVar("_T")

# Kinds of operation added after tables were issued. A table that does not class one gives it this
# class, so every table head office issued before stays valid, byte for byte; a later version may
# class it otherwise. A payroll run is a request head office decides after a checker: capture-only.
LATER_KIND_CLASSES: Mapping[OperationKind, OfflineClass] = MappingProxyType(
    {OperationKind.PAYROLL_RUN: OfflineClass.CAPTURE_ONLY}
)

cash_channels: tuple[Channel, ...] = (Channel.BRANCH, Channel.AGENT)
no_balance_cap = "none"  # how the mapping spells "no cap": the wire carries no nulls
notes_length_max = 4000
problems_listed_max = 50  # one message, however broken the table

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIER_KEYS = tuple(str(tier.value) for tier in KycTier)
_TOP_FIELDS = (
    "version",
    "effective_date",
    "notes",
    "tiers",
    "cash_transaction_report",
    "maker_checker",
    "registration_tier_max",
    "offline_classes",
)
_TIER_FIELDS = ("per_transaction_cents", "per_day_cents", "balance_cap_cents")
_CTR_FIELDS = ("threshold_usd", "kes_cents_per_usd", "rate_date")
_MAKER_CHECKER_FIELDS = ("withdrawal_threshold_cents", "till_over_short_tolerance_cents")
_THRESHOLD_TOO_LARGE = (
    "cash_transaction_report: the threshold in KES is beyond the largest amount the system accepts"
)
_HEAD_OFFICE_HAS_NO_ENTRY = "head office moves no cash and has no entry here"


@dataclass(frozen=True, slots=True)
class TierLimits:
    """What one KYC tier may move on one channel. No balance cap is None."""

    per_transaction: Money
    per_day: Money
    balance_cap: Money | None

    def __post_init__(self) -> None:
        if not isinstance(self.per_transaction, Money) or not isinstance(self.per_day, Money):
            raise TypeError("TierLimits holds Money")
        if self.balance_cap is not None and not isinstance(self.balance_cap, Money):
            raise TypeError("TierLimits.balance_cap is Money or None")
        cap = None if self.balance_cap is None else self.balance_cap.cents
        problems = _tier_problems("", self.per_transaction.cents, self.per_day.cents, cap)
        if problems:
            raise InvalidLimitTable("; ".join(problems))


@dataclass(frozen=True, slots=True)
class LimitTable:
    """One version of the limit table. Build it with `parse_limit_table`; rows are kept sorted."""

    version: int
    effective_date: str  # 'YYYY-MM-DD', the business date from which head office applies it
    notes: str
    tier_rows: tuple[tuple[Channel, KycTier, TierLimits], ...]
    cash_report_threshold_usd: int
    kes_cents_per_usd: int  # 12925 is KES 129.25 to the US dollar
    rate_date: str
    withdrawal_approval_thresholds: tuple[tuple[Channel, Money], ...]
    till_over_short_tolerance: Money
    registration_tier_maxima: tuple[tuple[Channel, KycTier], ...]
    offline_classes: tuple[tuple[Channel, OperationKind, OfflineClass], ...]

    def __post_init__(self) -> None:
        # Sorted rows make two tables with the same content equal, whatever order they came in.
        by_key = tuple(sorted(self.tier_rows, key=lambda row: (row[0], row[1])))
        object.__setattr__(self, "tier_rows", by_key)
        for name in ("withdrawal_approval_thresholds", "registration_tier_maxima", "offline_classes"):
            object.__setattr__(self, name, tuple(sorted(getattr(self, name))))
        problems = _scalar_problems(self)
        problems += _completeness_problems(
            tier_keys=[(channel, tier) for channel, tier, _ in self.tier_rows],
            threshold_channels=[channel for channel, _ in self.withdrawal_approval_thresholds],
            registration_channels=[channel for channel, _ in self.registration_tier_maxima],
            class_keys=[(channel, kind) for channel, kind, _ in self.offline_classes],
        )
        if problems:
            raise InvalidLimitTable(_problems_message(problems), version=str(self.version)[:20])

    def has_cash_limits(self, channel: Channel) -> bool:
        """False for head office, which moves no cash and so has no cash limits."""
        return channel in cash_channels

    def tier_limits(self, channel: Channel, tier: KycTier) -> TierLimits:
        _require_cash_channel(channel)
        for row_channel, row_tier, limits in self.tier_rows:
            if row_channel == channel and row_tier == tier:
                return limits
        raise AssertionError(f"a validated table has limits for {channel} tier {tier}")

    @property
    def cash_report_threshold(self) -> Money:
        """Cash at or above this is reported to the Financial Reporting Centre (integer arithmetic)."""
        return Money(self.cash_report_threshold_usd * self.kes_cents_per_usd)

    def withdrawal_approval_threshold(self, channel: Channel) -> Money:
        """A cash withdrawal strictly above this needs a checker; exactly at it passes."""
        _require_cash_channel(channel)
        return dict(self.withdrawal_approval_thresholds)[channel]

    def registration_tier_max(self, channel: Channel) -> KycTier:
        """The highest tier a customer may be registered at on this channel."""
        _require_cash_channel(channel)
        return dict(self.registration_tier_maxima)[channel]

    def offline_class(self, channel: Channel, kind: OperationKind) -> OfflineClass:
        if channel not in cash_channels:
            return OfflineClass.ONLINE_ONLY
        for row_channel, row_kind, offline_class in self.offline_classes:
            if row_channel == channel and row_kind == kind:
                return offline_class
        if kind in LATER_KIND_CLASSES:
            return LATER_KIND_CLASSES[kind]
        raise AssertionError(f"a validated table classes {kind} on {channel}")


def _require_cash_channel(channel: Channel) -> None:
    if channel not in cash_channels:
        raise InvalidOperation(
            f"{Channel(channel).value.replace('_', ' ').capitalize()} moves no cash, "
            "so it has no cash limits",
            channel=str(channel),
        )


# --- checks shared by parsing and construction -------------------------------------------------


def _tier_problems(path: str, per_transaction: int | None, per_day: int | None, cap: int | None) -> list[str]:
    """Relations between a tier's amounts (each already a valid count of cents, or None if not)."""
    prefix = f"{path}." if path else ""
    problems: list[str] = []
    named = (
        ("per_transaction_cents", per_transaction),
        ("per_day_cents", per_day),
        ("balance_cap_cents", cap),
    )
    for name, cents in named:
        if cents is not None and cents < 0:
            problems.append(f"{prefix}{name}: must not be negative")
    if per_transaction is not None and per_day is not None and per_day < per_transaction:
        problems.append(f"{prefix}per_day_cents: must be at least per_transaction_cents ({per_transaction})")
    return problems


def _scalar_problems(table: LimitTable) -> list[str]:
    problems: list[str] = []
    if type(table.version) is not int or table.version < 1:
        problems.append("version: must be a whole number, 1 or more")
    dates = (("effective_date", table.effective_date), ("cash_transaction_report.rate_date", table.rate_date))
    for path, text in dates:
        if not _is_date(text):
            problems.append(f"{path}: must be a date written YYYY-MM-DD")
    if not isinstance(table.notes, str) or len(table.notes) > notes_length_max:
        problems.append(f"notes: must be text of at most {notes_length_max} characters")
    for path, number in (
        ("cash_transaction_report.threshold_usd", table.cash_report_threshold_usd),
        ("cash_transaction_report.kes_cents_per_usd", table.kes_cents_per_usd),
    ):
        if type(number) is not int or number < 1:
            problems.append(f"{path}: must be a whole number, 1 or more")
    if not problems and table.cash_report_threshold_usd * table.kes_cents_per_usd > amount_cents_max:
        problems.append(_THRESHOLD_TOO_LARGE)
    if table.till_over_short_tolerance.is_negative:
        problems.append("maker_checker.till_over_short_tolerance_cents: must not be negative")
    for channel, threshold in table.withdrawal_approval_thresholds:
        if threshold.is_negative:
            problems.append(f"maker_checker.withdrawal_threshold_cents.{channel.value}: must not be negative")
    return problems


def _completeness_problems(
    *,
    tier_keys: list[tuple[Channel, KycTier]] | None,
    threshold_channels: list[Channel] | None,
    registration_channels: list[Channel] | None,
    class_keys: list[tuple[Channel, OperationKind]] | None,
) -> list[str]:
    """Every cash channel fully described, nothing said twice, nothing said about head office.

    A section given as None is absent altogether, which is reported once where it is noticed.
    """
    problems: list[str] = []
    checks: tuple[tuple[str, list[Any] | None, list[Any]], ...] = (
        ("tiers", tier_keys, [(channel, tier) for channel in cash_channels for tier in KycTier]),
        ("maker_checker.withdrawal_threshold_cents", threshold_channels, list(cash_channels)),
        ("registration_tier_max", registration_channels, list(cash_channels)),
        (
            "offline_classes",
            class_keys,
            [(channel, kind) for channel in cash_channels for kind in OperationKind],
        ),
    )
    for section, present, expected in checks:
        if present is None:
            continue
        for key in expected:
            later_kind = section == "offline_classes" and key[1] in LATER_KIND_CLASSES
            if key not in present and not later_kind:
                problems.append(f"{section}.{_key_path(key)}: missing")
        for key in sorted(set(present), key=str):
            if present.count(key) > 1:
                problems.append(f"{section}.{_key_path(key)}: given more than once")
            if key not in expected:
                problems.append(f"{section}.{_key_path(key)}: {_HEAD_OFFICE_HAS_NO_ENTRY}")
    return problems


def _key_path(key: object) -> str:
    parts = key if isinstance(key, tuple) else (key,)
    return ".".join(str(int(part)) if isinstance(part, KycTier) else str(part) for part in parts)


def _is_date(text: object) -> bool:
    if not isinstance(text, str) or not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _problems_message(problems: list[str]) -> str:
    shown = problems[:problems_listed_max]
    more = len(problems) - len(shown)
    tail = f"; and {more} more" if more else ""
    return f"The limit table has {len(problems)} problem(s): " + "; ".join(shown) + tail


# --- the mapping form --------------------------------------------------------------------------


class _Reader:
    """Collects every problem with its path instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fields(self, path: str, value: object, names: tuple[str, ...]) -> Mapping[str, Any] | None:
        """`value` as a mapping with exactly `names`; missing and unknown fields are problems."""
        if not isinstance(value, Mapping):
            self.problems.append(f"{path or '(table)'}: must be a mapping of fields")
            return None
        prefix = f"{path}." if path else ""
        for name in names:
            if name not in value:
                self.problems.append(f"{prefix}{name}: missing")
        for name in value:
            if name not in names:
                self.problems.append(f"{prefix}{name}: unknown field")
        return value

    def given(
        self, fields: Mapping[str, Any], name: str, section: str, check: Callable[[str, object], _T]
    ) -> _T | None:
        """`check` the field `name` if it is there (its absence is already reported by `fields`)."""
        if name not in fields:
            return None
        return check(f"{section}.{name}" if section else name, fields[name])

    def mapping(self, path: str, value: object) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.problems.append(f"{path}: must be a mapping")
            return {}
        for key in value:
            if not isinstance(key, str):
                self.problems.append(f"{path}: keys must be text, not {key!r}")
        return {key: item for key, item in value.items() if isinstance(key, str)}

    def cents(self, path: str, value: object) -> int | None:
        if type(value) is not int:  # a float, a string or a bool is refused, not converted
            self.problems.append(f"{path}: must be a whole number of cents")
            return None
        if abs(value) > amount_cents_max:
            self.problems.append(f"{path}: must be at most {amount_cents_max} cents")
            return None
        return value

    def whole(self, path: str, value: object) -> int | None:
        if type(value) is not int or value < 1:
            self.problems.append(f"{path}: must be a whole number, 1 or more")
            return None
        return value

    def date_text(self, path: str, value: object) -> str | None:
        if not _is_date(value):
            self.problems.append(f"{path}: must be a date written YYYY-MM-DD")
            return None
        assert isinstance(value, str)
        return value

    def cash_channel(self, path: str, key: str) -> Channel | None:
        if key in {channel.value for channel in cash_channels}:
            return Channel(key)
        if key == Channel.HEAD_OFFICE.value:
            self.problems.append(f"{path}.{key}: {_HEAD_OFFICE_HAS_NO_ENTRY}")
        else:
            self.problems.append(f"{path}.{key}: not a cash channel; expected branch or agent")
        return None


def parse_limit_table(mapping: Mapping[str, Any]) -> LimitTable:
    """A limit table from its mapping form (parsed JSON), refusing it with every problem listed."""
    read = _Reader()
    top = read.fields("", mapping, _TOP_FIELDS) or {}
    version = read.given(top, "version", "", read.whole)
    effective_date = read.given(top, "effective_date", "", read.date_text)
    notes = top.get("notes", "")
    if not isinstance(notes, str) or len(notes) > notes_length_max:
        read.problems.append(f"notes: must be text of at most {notes_length_max} characters")
    tier_rows, tier_keys = _read_tiers(read, top)
    threshold_usd, kes_cents_per_usd, rate_date = _read_cash_transaction_report(read, top)
    thresholds, threshold_channels, tolerance = _read_maker_checker(read, top)
    registration, registration_channels = _read_registration(read, top)
    classes, class_keys = _read_offline_classes(read, top)
    # A row left out is as wrong as a row mistyped: a table never half-applies.
    read.problems += _completeness_problems(
        tier_keys=tier_keys,
        threshold_channels=threshold_channels,
        registration_channels=registration_channels,
        class_keys=class_keys,
    )
    if read.problems:
        raise InvalidLimitTable(_problems_message(read.problems))
    assert version is not None and effective_date is not None and rate_date is not None
    assert threshold_usd is not None and kes_cents_per_usd is not None and tolerance is not None
    return LimitTable(
        version=version,
        effective_date=effective_date,
        notes=notes,
        tier_rows=tier_rows,
        cash_report_threshold_usd=threshold_usd,
        kes_cents_per_usd=kes_cents_per_usd,
        rate_date=rate_date,
        withdrawal_approval_thresholds=thresholds,
        till_over_short_tolerance=Money(tolerance),
        registration_tier_maxima=registration,
        offline_classes=classes,
    )


# Each section reader returns what it could read, plus the keys it saw (None when the section
# itself is unusable, so its rows are not reported missing one by one on top of that).


def _read_tiers(
    read: _Reader, top: Mapping[str, Any]
) -> tuple[tuple[tuple[Channel, KycTier, TierLimits], ...], list[tuple[Channel, KycTier]] | None]:
    rows: list[tuple[Channel, KycTier, TierLimits]] = []
    if "tiers" not in top:
        return (), None
    keys: list[tuple[Channel, KycTier]] | None = [] if isinstance(top["tiers"], Mapping) else None
    for channel_key, tiers in read.mapping("tiers", top["tiers"]).items():
        channel = read.cash_channel("tiers", channel_key)
        for tier_key, fields in read.mapping(f"tiers.{channel_key}", tiers).items():
            path = f"tiers.{channel_key}.{tier_key}"
            if tier_key not in _TIER_KEYS:
                read.problems.append(f"{path}: not a KYC tier; expected 1, 2 or 3")
                continue
            tier = KycTier(int(tier_key))
            limits = _read_tier(read, path, fields)
            if channel is not None and keys is not None:
                keys.append((channel, tier))
                if limits is not None:
                    rows.append((channel, tier, limits))
    return tuple(rows), keys


def _read_cash_transaction_report(
    read: _Reader, top: Mapping[str, Any]
) -> tuple[int | None, int | None, str | None]:
    section = "cash_transaction_report"
    if section not in top:
        return None, None, None
    fields = read.fields(section, top[section], _CTR_FIELDS) or {}
    usd = read.given(fields, "threshold_usd", section, read.whole)
    rate = read.given(fields, "kes_cents_per_usd", section, read.whole)
    rate_date = read.given(fields, "rate_date", section, read.date_text)
    if usd and rate and usd * rate > amount_cents_max:
        read.problems.append(_THRESHOLD_TOO_LARGE)
    return usd, rate, rate_date


def _read_maker_checker(
    read: _Reader, top: Mapping[str, Any]
) -> tuple[tuple[tuple[Channel, Money], ...], list[Channel] | None, int | None]:
    if "maker_checker" not in top:
        return (), None, None
    fields = read.fields("maker_checker", top["maker_checker"], _MAKER_CHECKER_FIELDS) or {}
    thresholds: list[tuple[Channel, Money]] = []
    channels: list[Channel] | None = None
    section = "maker_checker.withdrawal_threshold_cents"
    if "withdrawal_threshold_cents" in fields:
        by_channel = fields["withdrawal_threshold_cents"]
        channels = [] if isinstance(by_channel, Mapping) else None
        for channel_key, value in read.mapping(section, by_channel).items():
            channel = read.cash_channel(section, channel_key)
            path = f"{section}.{channel_key}"
            cents = _non_negative(read, path, read.cents(path, value))
            if channel is not None and channels is not None:
                channels.append(channel)
                if cents is not None:
                    thresholds.append((channel, Money(cents)))
    tolerance = None
    if "till_over_short_tolerance_cents" in fields:
        path = "maker_checker.till_over_short_tolerance_cents"
        tolerance = _non_negative(read, path, read.cents(path, fields["till_over_short_tolerance_cents"]))
    return tuple(thresholds), channels, tolerance


def _read_registration(
    read: _Reader, top: Mapping[str, Any]
) -> tuple[tuple[tuple[Channel, KycTier], ...], list[Channel] | None]:
    section = "registration_tier_max"
    if section not in top:
        return (), None
    maxima: list[tuple[Channel, KycTier]] = []
    channels: list[Channel] | None = [] if isinstance(top[section], Mapping) else None
    for channel_key, value in read.mapping(section, top[section]).items():
        channel = read.cash_channel(section, channel_key)
        if channel is not None and channels is not None:
            channels.append(channel)
        if type(value) is not int or str(value) not in _TIER_KEYS:
            read.problems.append(f"{section}.{channel_key}: must be a KYC tier, 1, 2 or 3")
        elif channel is not None:
            maxima.append((channel, KycTier(value)))
    return tuple(maxima), channels


_ClassRows = tuple[tuple[Channel, OperationKind, OfflineClass], ...]


def _read_offline_classes(
    read: _Reader, top: Mapping[str, Any]
) -> tuple[_ClassRows, list[tuple[Channel, OperationKind]] | None]:
    section = "offline_classes"
    if section not in top:
        return (), None
    known_kinds = {kind.value for kind in OperationKind}
    known_classes = {offline_class.value for offline_class in OfflineClass}
    classes: list[tuple[Channel, OperationKind, OfflineClass]] = []
    keys: list[tuple[Channel, OperationKind]] | None = [] if isinstance(top[section], Mapping) else None
    for channel_key, kinds in read.mapping(section, top[section]).items():
        channel = read.cash_channel(section, channel_key)
        for kind_key, value in read.mapping(f"{section}.{channel_key}", kinds).items():
            path = f"{section}.{channel_key}.{kind_key}"
            if kind_key not in known_kinds:
                read.problems.append(f"{path}: not an operation this system knows")
                continue
            valid = isinstance(value, str) and value in known_classes
            if not valid:
                read.problems.append(f"{path}: must be one of {', '.join(sorted(known_classes))}")
            if channel is not None and keys is not None:
                keys.append((channel, OperationKind(kind_key)))
                if valid:
                    classes.append((channel, OperationKind(kind_key), OfflineClass(value)))
    return tuple(classes), keys


def _non_negative(read: _Reader, path: str, cents: int | None) -> int | None:
    if cents is not None and cents < 0:
        read.problems.append(f"{path}: must not be negative")
        return None
    return cents


def _read_tier(read: _Reader, path: str, value: object) -> TierLimits | None:
    fields = read.fields(path, value, _TIER_FIELDS)
    if fields is None:
        return None
    per_transaction = per_day = None
    if "per_transaction_cents" in fields:
        per_transaction = read.cents(f"{path}.per_transaction_cents", fields["per_transaction_cents"])
    if "per_day_cents" in fields:
        per_day = read.cents(f"{path}.per_day_cents", fields["per_day_cents"])
    cap: int | None = None
    cap_valid = "balance_cap_cents" in fields
    if cap_valid:
        raw_cap = fields["balance_cap_cents"]
        if raw_cap is None or raw_cap == no_balance_cap:  # null is read too, for hand-edited files
            cap = None
        else:
            cap = read.cents(f"{path}.balance_cap_cents", raw_cap)
            cap_valid = cap is not None
    problems = _tier_problems(path, per_transaction, per_day, cap)
    read.problems += problems
    if per_transaction is None or per_day is None or not cap_valid or problems:
        return None
    return TierLimits(Money(per_transaction), Money(per_day), None if cap is None else Money(cap))


def limit_table_to_mapping(table: LimitTable) -> dict[str, Any]:
    """The mapping form: integers and strings only, so it is canonical-safe; parses back equal."""
    tiers: dict[str, dict[str, dict[str, int | str]]] = {}
    for channel, tier, limits in table.tier_rows:
        tiers.setdefault(channel.value, {})[str(tier.value)] = {
            "per_transaction_cents": limits.per_transaction.cents,
            "per_day_cents": limits.per_day.cents,
            "balance_cap_cents": no_balance_cap if limits.balance_cap is None else limits.balance_cap.cents,
        }
    offline_classes: dict[str, dict[str, str]] = {}
    for channel, kind, offline_class in table.offline_classes:
        offline_classes.setdefault(channel.value, {})[kind.value] = offline_class.value
    return {
        "version": table.version,
        "effective_date": table.effective_date,
        "notes": table.notes,
        "tiers": tiers,
        "cash_transaction_report": {
            "threshold_usd": table.cash_report_threshold_usd,
            "kes_cents_per_usd": table.kes_cents_per_usd,
            "rate_date": table.rate_date,
        },
        "maker_checker": {
            "withdrawal_threshold_cents": {
                channel.value: threshold.cents for channel, threshold in table.withdrawal_approval_thresholds
            },
            "till_over_short_tolerance_cents": table.till_over_short_tolerance.cents,
        },
        "registration_tier_max": {
            channel.value: int(tier) for channel, tier in table.registration_tier_maxima
        },
        "offline_classes": offline_classes,
    }
