"""The product policies head office lends and scores under: loan products (shared_core.loan_terms)
and the credit scoring policy (shared_core.credit_policy), as shipped in resources/products.

Read once per process: they are data the rules take, never constants in code, and the pull sends
them to the devices so a device quotes what head office books.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from resources import resource_bytes
from shared_core.credit_policy import CreditPolicy, parse_credit_policy
from shared_core.loan_terms import LoanPolicy, parse_loan_policy


@dataclass(frozen=True, slots=True)
class ProductPolicies:
    loans: LoanPolicy
    credit: CreditPolicy


@functools.cache
def shipped_product_policies() -> ProductPolicies:
    return ProductPolicies(
        loans=parse_loan_policy(json.loads(resource_bytes("products/loan_policy.json"))),
        credit=parse_credit_policy(json.loads(resource_bytes("products/credit_policy.json"))),
    )
