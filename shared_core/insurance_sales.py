"""Selling cover: a sale's quote from its terms, and what its premium books.

Device and server quote a sale the same way (`quote_sale`), so the entry's amount, which the device
takes from its quote, is what head office's own quote of the same terms comes to, or the premium is
refused (a wallet request) or booked into an exception (cash already taken).

A premium entry takes its whole amount from where it came (the till or agent float, or the wallet)
and credits, by its quote: payable:insurance_premiums with the basic premium (owed to the
underwriter), each statutory levy to its own payable account and the stamp duty to
payable:stamp_duty, each remitted on its own return. A levy the tariff adds that the chart has no
account for yet stays with the premium. `ledger.postings_for` gives the unsplit form (the whole
amount to payable:insurance_premiums): what a premium carrying no policy books.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType

from shared_core.accounts import (
    COMPENSATION_FUND_LEVY_PAYABLE,
    PREMIUMS_PAYABLE,
    STAMP_DUTY_PAYABLE,
    TRAINING_LEVY_PAYABLE,
)
from shared_core.entry_details import PolicyPurchase
from shared_core.errors import InvalidOperation, PremiumMismatch
from shared_core.insurance import (
    InsuredItem,
    Product,
    Quote,
    WibaPayroll,
    quote_asset_all_risk,
    quote_personal_accident,
    quote_wiba,
)
from shared_core.insurance_policy import PolicySale, check_cover_terms
from shared_core.insurance_tariff import InsuranceTariff, statutory_levies
from shared_core.ledger import Posting, credit, ensure_balanced, postings_for
from shared_core.money import Money
from shared_core.operations import Operation, OperationKind

PREMIUM_KINDS = frozenset({OperationKind.PREMIUM_CASH, OperationKind.PREMIUM_WALLET})

LEVY_ACCOUNTS: Mapping[str, str] = MappingProxyType(
    {
        "training_levy": TRAINING_LEVY_PAYABLE,
        "policyholders_compensation_fund": COMPENSATION_FUND_LEVY_PAYABLE,
    }
)
assert set(statutory_levies) <= set(LEVY_ACCOUNTS), "every statutory levy has its payable account"


def quote_sale(
    product: Product,
    sale: PolicySale,
    *,
    tariff: InsuranceTariff,
    start: date,
    plan: str = "",
    payroll: Sequence[WibaPayroll] = (),
    items: Sequence[InsuredItem] = (),
) -> Quote:
    """What the sale costs from `start`: a month of a plan (stamp duty on the first month only, as
    the policy document is issued then), or a year of WIBA or all-risk cover (a renewal is a new
    year's document: stamp duty again)."""
    product, sale = Product(product), PolicySale(sale)
    check_cover_terms(product, sale, plan, payroll, items)
    if product is Product.PERSONAL_ACCIDENT:
        return quote_personal_accident(plan, tariff=tariff, start=start, new_policy=sale is PolicySale.NEW)
    if product is Product.WIBA:
        return quote_wiba(tuple(payroll), tariff=tariff, start=start)
    return quote_asset_all_risk(tuple(items), tariff=tariff, start=start)


def quote_purchase(purchase: PolicyPurchase, tariff: InsuranceTariff, *, month_start: date | None = None) -> Quote:
    """The quote of the cover an entry carries: from its cover start, or for a monthly premium
    from `month_start`, the first day of the month it pays (which head office works out)."""
    if not isinstance(purchase, PolicyPurchase):
        raise TypeError(f"quote_purchase needs a PolicyPurchase, got {type(purchase).__name__}")
    start = purchase.cover_start if purchase.cover_start is not None else month_start
    if start is None:
        raise TypeError("a monthly premium is quoted from the first day of the month it pays: pass month_start")
    return quote_sale(
        purchase.product,
        purchase.sale,
        tariff=tariff,
        start=start,
        plan=purchase.plan,
        payroll=purchase.payroll,
        items=purchase.items,
    )


def premium_postings(operation: Operation, purchase: PolicyPurchase, quote: Quote) -> tuple[Posting, ...]:
    """The balanced postings of a premium split by its quote; PremiumMismatch, naming both figures,
    unless the premium taken is the quote's total."""
    if not isinstance(operation, Operation) or operation.kind not in PREMIUM_KINDS:
        raise InvalidOperation("Only an insurance premium is split into premium, levies and stamp duty")
    if not isinstance(quote, Quote):
        raise TypeError(f"premium_postings needs a Quote, got {type(quote).__name__}")
    if operation.amount != quote.total:
        quoted_under = ""
        if purchase.tariff_version != quote.tariff_version:
            quoted_under = f"; the counter quoted under tariff version {purchase.tariff_version}"
        raise PremiumMismatch(
            f"Policy {purchase.policy_number}: {operation.amount} was taken, but under tariff version "
            f"{quote.tariff_version} the cover costs {quote.total} (premium {quote.basic_premium}, levies "
            f"{quote.levies_total}, stamp duty {quote.stamp_duty}){quoted_under}",
            policy_number=purchase.policy_number,
            quoted_cents=quote.total.cents,
        )
    whole = postings_for(operation)  # the source's debit (and any fee), the premium's whole credit
    kept = [posting for posting in whole if posting.account != PREMIUMS_PAYABLE]
    owed: dict[str, Money] = {PREMIUMS_PAYABLE: quote.basic_premium}
    for levy in quote.levies:
        account = LEVY_ACCOUNTS.get(levy.code, PREMIUMS_PAYABLE)
        owed[account] = owed.get(account, Money.zero()) + levy.amount
    owed[STAMP_DUTY_PAYABLE] = quote.stamp_duty
    split = [credit(account, amount) for account, amount in owed.items() if amount]
    result = (*kept, *split)
    ensure_balanced(result)
    return result
