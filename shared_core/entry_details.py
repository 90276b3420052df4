"""What an entry records beyond the operation itself: the `details` object of its body.

Device and server both read these, so their names and checks live here once: whose entry it
is (customer), on which business day, against which offline allowance or under which online
hold it was paid, which approvals a supervisor gave at the counter, what a reversal undoes,
whom a registration creates, what a till count found, the loan applied for, the cover sold,
the payroll run submitted (shared_core.payroll_run), and the flags the rule check raised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared_core.errors import InvalidInput
from shared_core.insurance import InsuredItem, Product, WibaPayroll, employees_max
from shared_core.insurance_policy import PolicySale, check_cover_terms, check_policy_number
from shared_core.insurance_tariff import OccupationClass, version_max
from shared_core.kyc import KycTier, parse_tier, validate_national_id
from shared_core.money import Money, amount_cents_max
from shared_core.payroll_run import PayrollRun

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", re.ASCII)
_CIF = re.compile(r"[A-Z0-9-]{1,40}\Z", re.ASCII)
_PHONE = re.compile(r"\+?[0-9]{9,15}\Z", re.ASCII)
_LOAN_ID = re.compile(r"L-[0-9A-Z]{4}-[0-9A-Z]{8}\Z", re.ASCII)
_PRODUCT = re.compile(r"[a-z][a-z0-9_]{0,39}\Z", re.ASCII)
text_length_max = 200
installments_max = 520  # ten years of weekly installments: beyond any product


@dataclass(frozen=True, slots=True)
class Registration:
    """A customer registered at the counter, under a provisional CIF minted by the device."""

    cif: str
    national_id: str
    full_name: str
    phone: str
    tier: KycTier

    def __post_init__(self) -> None:
        _require(bool(_CIF.match(self.cif)), "registration.cif", "letters, digits and '-', at most 40")
        object.__setattr__(self, "national_id", validate_national_id(self.national_id))
        name = " ".join(self.full_name.split())
        _require(0 < len(name) <= text_length_max, "registration.full_name", "a name of 1 to 200 characters")
        object.__setattr__(self, "full_name", name)
        phone = self.phone.replace(" ", "")
        _require(bool(_PHONE.match(phone)), "registration.phone", "9 to 15 digits, optionally after '+'")
        object.__setattr__(self, "phone", phone)
        object.__setattr__(self, "tier", parse_tier(self.tier))


@dataclass(frozen=True, slots=True)
class LoanRequest:
    """A loan applied for at the counter (shared_core.loan_origination): its id, minted by the
    device, which names its loan account; the product; the number of installments. The principal
    is the entry's amount."""

    loan_id: str
    product_code: str
    installments: int

    def __post_init__(self) -> None:
        _require(bool(_LOAN_ID.match(self.loan_id)), "loan.loan_id", "'L-', a device code, '-' and 8 characters")
        _require(bool(_PRODUCT.match(self.product_code)), "loan.product_code", "a product code such as 'boost'")
        _require(type(self.installments) is int and 0 < self.installments <= installments_max,
                 "loan.installments", f"a whole number of installments, 1 to {installments_max}")

    def to_body(self) -> dict[str, Any]:
        return {"loan_id": self.loan_id, "product_code": self.product_code, "installments": self.installments}


@dataclass(frozen=True, slots=True)
class PolicyPurchase:
    """Cover sold at the counter (shared_core.insurance_sales): the policy's number (minted by the
    device for a new policy, read off the schedule for a renewal or a monthly premium), what the
    sale is, the product and exactly what its quote needs (a plan; WIBA's payroll by occupation
    class; the insured items), the first day of cover (none for a monthly premium: head office
    works out the month it pays) and the tariff version the device quoted under. The premium's
    total, levies and stamp duty included, is the entry's amount."""

    policy_number: str
    sale: PolicySale
    product: Product
    tariff_version: int
    cover_start: date | None = None
    plan: str = ""
    payroll: tuple[WibaPayroll, ...] = ()
    items: tuple[InsuredItem, ...] = ()

    def __post_init__(self) -> None:
        _require(self.sale in tuple(PolicySale), "insurance.sale", "new, renewal or monthly_premium")
        _require(self.product in tuple(Product), "insurance.product", "personal_accident, wiba or asset_all_risk")
        object.__setattr__(self, "sale", PolicySale(self.sale))
        object.__setattr__(self, "product", Product(self.product))
        _require(isinstance(self.policy_number, str), "insurance.policy_number", "a policy number")
        check_policy_number(self.policy_number, self.product)
        _require(type(self.tariff_version) is int and 0 < self.tariff_version <= version_max,
                 "insurance.tariff_version", "the tariff version the premium was quoted under")
        _require(self.cover_start is None or type(self.cover_start) is date, "insurance.cover_start", "a date")
        _require((self.cover_start is None) == (self.sale is PolicySale.MONTHLY_PREMIUM), "insurance.cover_start",
                 "the first day of cover for a new policy or a renewal, and none for a monthly premium")
        _require(isinstance(self.payroll, tuple) and isinstance(self.items, tuple), "insurance",
                 "payroll and items as tuples")
        check_cover_terms(self.product, self.sale, self.plan, self.payroll, self.items)

    def to_body(self) -> dict[str, Any]:
        """Only the terms the product has: a plan, a payroll or items."""
        body: dict[str, Any] = {
            "policy_number": self.policy_number,
            "sale": self.sale.value,
            "product": self.product.value,
            "tariff_version": self.tariff_version,
        }
        if self.cover_start is not None:
            body["cover_start"] = self.cover_start.isoformat()
        if self.plan:
            body["plan"] = self.plan
        if self.payroll:
            body["payroll"] = [_payroll_row_body(row) for row in self.payroll]
        if self.items:
            body["items"] = [
                {"description": item.description, "declared_value_cents": item.declared_value.cents}
                for item in self.items
            ]
        return body

    @classmethod
    def from_body(cls, body: object) -> PolicyPurchase:
        _require(isinstance(body, Mapping), "insurance", "an object")
        assert isinstance(body, Mapping)
        required = {"policy_number", "sale", "product", "tariff_version"}
        fields = set(body)
        _require(required <= fields, "insurance", "policy_number, sale, product and tariff_version")
        unknown = sorted(fields - required - {"cover_start", "plan", "payroll", "items"})
        _require(not unknown, f"insurance.{unknown[0] if unknown else ''}", "a field this version knows")
        # What to_body leaves out when empty is never written empty: one purchase, one encoding.
        # A row's head count is left out of sales recorded before it was asked for.
        payroll = _rows(body, "payroll", ("occupation_class", "annual_payroll_cents", "category"), ("employees",))
        items = _rows(body, "items", ("description", "declared_value_cents"))
        return cls(
            policy_number=_text(body["policy_number"], "insurance.policy_number"),
            sale=_text(body["sale"], "insurance.sale"),  # type: ignore[arg-type]  (checked on construction)
            product=_text(body["product"], "insurance.product"),  # type: ignore[arg-type]
            tariff_version=body["tariff_version"],
            cover_start=_date(body["cover_start"], "insurance.cover_start") if "cover_start" in body else None,
            plan=_text(body["plan"], "insurance.plan") if "plan" in body else "",
            payroll=tuple(
                WibaPayroll(
                    _occupation_class(row["occupation_class"]),
                    _cents(row["annual_payroll_cents"], "insurance.payroll.annual_payroll_cents"),
                    _text(row["category"], "insurance.payroll.category", allow_empty=True),
                    _employees(row["employees"]) if "employees" in row else None,
                )
                for row in payroll
            ),
            items=tuple(
                InsuredItem(
                    _text(row["description"], "insurance.items.description"),
                    _cents(row["declared_value_cents"], "insurance.items.declared_value_cents"),
                )
                for row in items
            ),
        )


@dataclass(frozen=True, slots=True)
class EntryDetails:
    business_date: str
    customer_cif: str | None = None
    allowance_id: str | None = None
    # A withdrawal head office authorized online (shared_core.holds): the hold's id, which is the
    # entry's own id. It draws on no offline allowance; its arrival at head office completes the hold.
    hold_id: str | None = None
    approval_items: tuple[str, ...] = ()
    original_entry_id: str | None = None  # what a reversal undoes
    registration: Registration | None = None
    loan: LoanRequest | None = None  # a loan disbursement's application
    insurance: PolicyPurchase | None = None  # a premium's policy: the cover sold or paid for
    payroll: PayrollRun | None = None  # a payroll run's every line, under its run id
    cash_count: tuple[tuple[int, int], ...] = ()  # (shillings, pieces) of an end-of-day count
    flags: tuple[str, ...] = ()
    note: str | None = None

    def __post_init__(self) -> None:
        _require(bool(_DATE.match(self.business_date)), "business_date", "a date written YYYY-MM-DD")
        if self.customer_cif is not None:
            _require(bool(_CIF.match(self.customer_cif)), "customer_cif", "letters, digits and '-', at most 40")
        if self.note is not None:
            _require(len(self.note) <= text_length_max, "note", "at most 200 characters")
        # Paid either offline within an allowance or online under a hold: never both.
        _require(self.hold_id is None or self.allowance_id is None, "hold_id", "no allowance beside a hold")
        if self.payroll is not None:
            _require(isinstance(self.payroll, PayrollRun), "payroll", "a payroll run")
            # The run is the named customer's: whose it is is said once, and said the same.
            _require(self.customer_cif == self.payroll.employer_cif, "payroll.employer_cif",
                     "the employer the entry names as its customer (customer_cif)")

    def to_body(self) -> dict[str, Any]:
        """Canonical-safe: empty fields are left out, so old entries keep their exact bytes."""
        body: dict[str, Any] = {"business_date": self.business_date}
        for name in ("customer_cif", "allowance_id", "hold_id", "original_entry_id", "note"):
            if getattr(self, name) is not None:
                body[name] = getattr(self, name)
        if self.approval_items:
            body["approval_items"] = list(self.approval_items)
        if self.flags:
            body["flags"] = list(self.flags)
        if self.cash_count:
            body["cash_count"] = [[shillings, pieces] for shillings, pieces in self.cash_count]
        if self.loan is not None:
            body["loan"] = self.loan.to_body()
        if self.insurance is not None:
            body["insurance"] = self.insurance.to_body()
        if self.payroll is not None:
            body["payroll"] = self.payroll.to_body()
        if self.registration is not None:
            registration = self.registration
            body["registration"] = {
                "cif": registration.cif,
                "national_id": registration.national_id,
                "full_name": registration.full_name,
                "phone": registration.phone,
                "tier": int(registration.tier),
            }
        return body

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> EntryDetails:
        known = {
            "business_date", "customer_cif", "allowance_id", "hold_id", "original_entry_id", "note",
            "approval_items", "flags", "cash_count", "registration", "loan", "insurance", "payroll",
        }
        unknown = sorted(set(body) - known)
        _require(not unknown, f"details.{unknown[0] if unknown else ''}", "a field this version knows")
        registration = body.get("registration")
        if registration is not None:
            _require(isinstance(registration, Mapping), "registration", "an object")
            registration = Registration(
                cif=_text(registration.get("cif"), "registration.cif"),
                national_id=_text(registration.get("national_id"), "registration.national_id"),
                full_name=_text(registration.get("full_name"), "registration.full_name"),
                phone=_text(registration.get("phone"), "registration.phone"),
                tier=registration.get("tier"),  # type: ignore[arg-type]  (parse_tier checks it)
            )
        loan = body.get("loan")
        if loan is not None:
            _require(isinstance(loan, Mapping) and set(loan) == {"loan_id", "product_code", "installments"},
                     "loan", "an object of loan_id, product_code and installments")
            loan = LoanRequest(
                loan_id=_text(loan["loan_id"], "loan.loan_id"),
                product_code=_text(loan["product_code"], "loan.product_code"),
                installments=loan["installments"],
            )
        insurance = body.get("insurance")
        if insurance is not None:
            insurance = PolicyPurchase.from_body(insurance)
        payroll = body.get("payroll")
        if payroll is not None:
            payroll = PayrollRun.from_body(payroll)
        cash_count = body.get("cash_count", [])
        _require(
            isinstance(cash_count, list | tuple)
            and all(isinstance(pair, list | tuple) and len(pair) == 2 and all(type(n) is int for n in pair) for pair in cash_count),
            "cash_count",
            "a list of [shillings, pieces] pairs",
        )
        return cls(
            business_date=_text(body.get("business_date"), "business_date"),
            customer_cif=_optional_text(body.get("customer_cif"), "customer_cif"),
            allowance_id=_optional_text(body.get("allowance_id"), "allowance_id"),
            hold_id=_optional_text(body.get("hold_id"), "hold_id"),
            approval_items=_texts(body.get("approval_items", []), "approval_items"),
            original_entry_id=_optional_text(body.get("original_entry_id"), "original_entry_id"),
            registration=registration,
            loan=loan,
            insurance=insurance,
            payroll=payroll,
            cash_count=tuple((pair[0], pair[1]) for pair in cash_count),
            flags=_texts(body.get("flags", []), "flags"),
            note=_optional_text(body.get("note"), "note"),
        )


def _require(condition: bool, field: str, expected: str) -> None:
    if not condition:
        raise InvalidInput(f"details.{field}: expected {expected}", field=field)


def _text(value: object, field: str, *, allow_empty: bool = False) -> str:
    shortest = 0 if allow_empty else 1
    _require(isinstance(value, str) and shortest <= len(value) <= text_length_max, field, "text")
    return value  # type: ignore[return-value]


def _cents(value: object, field: str) -> Money:
    _require(type(value) is int and 0 < value <= amount_cents_max, field, "a whole number of cents above zero")
    return Money(value)  # type: ignore[arg-type]


def _payroll_row_body(row: WibaPayroll) -> dict[str, Any]:
    body: dict[str, Any] = {
        "occupation_class": int(row.occupation_class),
        "annual_payroll_cents": row.annual_payroll.cents,
        "category": row.category,
    }
    if row.employees is not None:  # absent, not null: a row without it keeps its old encoding
        body["employees"] = row.employees
    return body


def _employees(value: object) -> int:
    _require(type(value) is int and 0 < value <= employees_max, "insurance.payroll.employees",
             f"a whole number of employees, 1 to {employees_max:,}")
    return value  # type: ignore[return-value]


def _occupation_class(value: object) -> OccupationClass:
    _require(type(value) is int, "insurance.payroll.occupation_class", "a WIBA occupation class, 1 to 4")
    return OccupationClass.parse(value)


def _date(value: object, field: str) -> date:
    _require(isinstance(value, str) and bool(_DATE.match(value)), field, "a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)  # type: ignore[arg-type]
    except ValueError:
        raise InvalidInput(f"details.{field}: expected a date written YYYY-MM-DD", field=field) from None


def _rows(
    body: Mapping[str, Any], name: str, names: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[Mapping[str, Any]]:
    """body[name] as a list of objects, each with exactly the fields `names` and any of `optional`:
    absent, or not empty."""
    if name not in body:
        return []
    field = f"insurance.{name}"
    value = body[name]
    _require(isinstance(value, list | tuple) and len(value) > 0, field, "a list of at least one")
    listed = ", ".join(names) + (f", optionally {', '.join(optional)}" if optional else "")
    for row in value:
        _require(isinstance(row, Mapping) and set(names) <= set(row) <= {*names, *optional}, field,
                 f"objects of {listed}")
    return list(value)


def _optional_text(value: object, field: str) -> str | None:
    return None if value is None else _text(value, field)


def _texts(value: object, field: str) -> tuple[str, ...]:
    _require(isinstance(value, list | tuple), field, "a list of text")  # tuples: a frozen entry body
    return tuple(_text(item, field) for item in value)  # type: ignore[union-attr]
