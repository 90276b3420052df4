"""What an entry records beyond the operation itself: the `details` object of its body.

Device and server both read these, so their names and checks live here once: whose entry it
is (customer), on which business day, against which offline allowance or under which online
hold it was paid, which approvals a supervisor gave at the counter, what a reversal undoes,
whom a registration creates, what a till count found, and the flags the rule check raised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared_core.errors import InvalidInput
from shared_core.kyc import KycTier, parse_tier, validate_national_id

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
            "approval_items", "flags", "cash_count", "registration", "loan",
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
            cash_count=tuple((pair[0], pair[1]) for pair in cash_count),
            flags=_texts(body.get("flags", []), "flags"),
            note=_optional_text(body.get("note"), "note"),
        )


def _require(condition: bool, field: str, expected: str) -> None:
    if not condition:
        raise InvalidInput(f"details.{field}: expected {expected}", field=field)


def _text(value: object, field: str) -> str:
    _require(isinstance(value, str) and 0 < len(value) <= text_length_max, field, "text")
    return value  # type: ignore[return-value]


def _optional_text(value: object, field: str) -> str | None:
    return None if value is None else _text(value, field)


def _texts(value: object, field: str) -> tuple[str, ...]:
    _require(isinstance(value, list | tuple), field, "a list of text")  # tuples: a frozen entry body
    return tuple(_text(item, field) for item in value)  # type: ignore[union-attr]
