"""A policy sold at the counter: its number, what a sale of it is, and which terms a sale must carry.

The number is minted by the device that sells the policy, so selling needs no network and no
shared counter: the product's prefix, the device's code, 8 characters of the device's random
bytes, and a check character (shared_core.references' Damm check), e.g. 'PA-K7Q2-3F9HX2MA-Q'.
A customer paying next month's premium reads it off the schedule; the check character catches
a mistyped character there, before anything is posted.

A sale is a new policy, the renewal of an annual policy (WIBA, asset all-risk) for another year
under the same number, or a monthly premium of a personal accident policy. Cover never starts
before the day it is paid for (no back-dated cover), nor more than `cover_start_days_ahead_max`
after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum

from shared_core.errors import InvalidInput, InvalidReference
from shared_core.insurance import InsuredItem, Product, WibaPayroll, payroll_lines_max
from shared_core.journal import require_device_code
from shared_core.references import check_character, device_code_alphabet

policy_token_length = 8
policy_token_bytes_min = 5  # 40 bits: 8 characters of base 32
# An entry's body holds at most 32 KiB (shared_core.journal): 100 items of 120 characters fit with
# room to spare. A longer list of assets is split over several policies.
items_on_entry_max = 100
cover_start_days_ahead_max = 90

_PREFIXES = {Product.PERSONAL_ACCIDENT: "PA", Product.WIBA: "WB", Product.ASSET_ALL_RISK: "AR"}
_PRODUCTS_BY_PREFIX = {prefix: product for product, prefix in _PREFIXES.items()}
_POLICY_NUMBER = re.compile(
    rf"(?P<prefix>[A-Z]{{2}})-(?P<device>[{device_code_alphabet}]{{4}})"
    rf"-(?P<token>[{device_code_alphabet}]{{{policy_token_length}}})-(?P<check>[0-9A-Z])\Z",
    re.ASCII,
)
_PLAN = re.compile(r"[a-z][a-z0-9_]{0,31}\Z", re.ASCII)
_EXAMPLE = "e.g. PA-K7Q2-3F9HX2MA-Q"


class PolicySale(StrEnum):
    NEW = "new"  # a new policy, under a number this device mints
    RENEWAL = "renewal"  # another year of an annual policy, under its number
    MONTHLY_PREMIUM = "monthly_premium"  # another month of a personal accident policy


_SALE_WORDS = {
    PolicySale.NEW: "a new policy",
    PolicySale.RENEWAL: "a renewal",
    PolicySale.MONTHLY_PREMIUM: "a monthly premium",
}
_SALES_BY_PRODUCT = {
    Product.PERSONAL_ACCIDENT: frozenset({PolicySale.NEW, PolicySale.MONTHLY_PREMIUM}),
    Product.WIBA: frozenset({PolicySale.NEW, PolicySale.RENEWAL}),
    Product.ASSET_ALL_RISK: frozenset({PolicySale.NEW, PolicySale.RENEWAL}),
}


def mint_policy_number(product: Product, device_code: str, token: bytes) -> str:
    """'WB-K7Q2-3F9HX2MA-7': unique without a network (a device would mint a million policies
    before two collide with a chance of one in a million), checkable by eye."""
    require_device_code(device_code, "device_code")
    if not isinstance(token, bytes) or len(token) < policy_token_bytes_min:
        raise TypeError(f"mint_policy_number needs at least {policy_token_bytes_min} random bytes")
    number = int.from_bytes(token[:policy_token_bytes_min], "big")
    characters = []
    for _ in range(policy_token_length):
        number, index = divmod(number, len(device_code_alphabet))
        characters.append(device_code_alphabet[index])
    prefix = _PREFIXES[Product(product)]
    body = f"{prefix}{device_code}{''.join(characters)}"
    return f"{prefix}-{device_code}-{''.join(characters)}-{check_character(body)}"


def product_of_policy_number(text: str) -> Product:
    """The product a policy number was minted for; InvalidReference for a number that is malformed
    or fails its check character (a character mistyped or two swapped)."""
    if not isinstance(text, str):
        raise TypeError(f"a policy number is text, not {type(text).__name__}")
    match = _POLICY_NUMBER.match(text)
    if match is None or match["prefix"] not in _PRODUCTS_BY_PREFIX:
        raise InvalidReference(
            f"'{text[:40]}' is not a policy number; expected {_EXAMPLE}", field="policy_number"
        )
    body = match["prefix"] + match["device"] + match["token"]
    if check_character(body) != match["check"]:
        raise InvalidReference(
            f"Policy number {text} fails its check: a character is mistyped; read it again from the schedule",
            field="policy_number",
        )
    return _PRODUCTS_BY_PREFIX[match["prefix"]]


def check_policy_number(text: str, product: Product) -> None:
    """InvalidReference unless `text` is a well-formed number of a `product` policy."""
    minted_for = product_of_policy_number(text)
    if minted_for is not product:
        raise InvalidReference(
            f"Policy {text} is a {minted_for.title} policy, not {product.title}", field="policy_number"
        )


def check_cover_terms(
    product: Product,
    sale: PolicySale,
    plan: str,
    payroll: Sequence[WibaPayroll],
    items: Sequence[InsuredItem],
) -> None:
    """InvalidInput naming the field unless a sale of `product` carries exactly what its quote needs:
    a plan (personal accident), the payroll by occupation class (WIBA), the insured items (asset
    all-risk), and nothing of another product's."""
    if sale not in _SALES_BY_PRODUCT[product]:
        allowed = " or ".join(_SALE_WORDS[kind] for kind in PolicySale if kind in _SALES_BY_PRODUCT[product])
        raise InvalidInput(f"sale: {product.title} takes {allowed}, not {_SALE_WORDS[sale]}", field="sale")
    if product is Product.PERSONAL_ACCIDENT:
        if not isinstance(plan, str) or not _PLAN.match(plan):
            raise InvalidInput("plan: name the personal accident plan, e.g. 'bronze'", field="plan")
    elif plan != "":
        raise InvalidInput(f"plan: {product.title} has no plans", field="plan")
    if product is Product.WIBA:
        if not 0 < len(payroll) <= payroll_lines_max:
            raise InvalidInput(
                f"payroll: WIBA is priced on the annual payroll of 1 to {payroll_lines_max} "
                "categories of staff, each in its occupation class",
                field="payroll",
            )
        if not all(isinstance(row, WibaPayroll) for row in payroll):
            raise TypeError("a WIBA payroll is a sequence of WibaPayroll")
    elif payroll:
        raise InvalidInput(f"payroll: {product.title} is not priced on a payroll", field="payroll")
    if product is Product.ASSET_ALL_RISK:
        if not 0 < len(items) <= items_on_entry_max:
            raise InvalidInput(
                f"items: list 1 to {items_on_entry_max} insured items with their declared values",
                field="items",
            )
        if not all(isinstance(item, InsuredItem) for item in items):
            raise TypeError("insured items are a sequence of InsuredItem")
    elif items:
        raise InvalidInput(f"items: {product.title} insures no listed items", field="items")


def check_cover_start(sale: PolicySale, cover_start: date | None, sold_on: date) -> None:
    """InvalidInput unless the cover starts on a day the sale may start it. A monthly premium names
    no start: head office works out the month it pays from the premiums it holds."""
    if type(sold_on) is not date:
        raise TypeError(f"sold_on is a date, not {type(sold_on).__name__}")
    if sale is PolicySale.MONTHLY_PREMIUM:
        if cover_start is not None:
            raise InvalidInput(
                "cover_start: a monthly premium pays the next month of its policy; it names no start",
                field="cover_start",
            )
        return
    if type(cover_start) is not date:
        raise InvalidInput("cover_start: say the first day of cover", field="cover_start")
    latest = sold_on + timedelta(days=cover_start_days_ahead_max)
    if not sold_on <= cover_start <= latest:
        raise InvalidInput(
            f"cover_start: cover sold on {sold_on} starts from that day to {latest}, not on {cover_start}",
            field="cover_start",
        )
