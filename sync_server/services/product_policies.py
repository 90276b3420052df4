"""The product policies head office lends, scores and insures under: loan products (shared_core.
loan_terms), the credit scoring policy (shared_core.credit_policy) and the insurance tariff
(shared_core.insurance_tariff), as shipped in resources/products.

Read once per process: they are data the rules take, never constants in code, and the pull sends
them to the devices so a device quotes what head office books.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from resources import resource_bytes
from shared_core.credit_policy import CreditPolicy, parse_credit_policy
from shared_core.insurance_tariff import InsuranceTariff, parse_insurance_tariff
from shared_core.loan_terms import LoanPolicy, parse_loan_policy


@dataclass(frozen=True, slots=True)
class ProductPolicies:
    loans: LoanPolicy
    credit: CreditPolicy
    insurance: InsuranceTariff  # premiums sold at the counter are quoted again under it at ingest
    documents: Mapping[str, Mapping[str, Any]]  # each as its document, for the pull


@functools.cache
def shipped_product_policies() -> ProductPolicies:
    loans = json.loads(resource_bytes("products/loan_policy.json"))
    credit = json.loads(resource_bytes("products/credit_policy.json"))
    insurance = json.loads(resource_bytes("products/insurance_tariff.json"))
    return ProductPolicies(
        loans=parse_loan_policy(loans),
        credit=parse_credit_policy(credit),
        insurance=parse_insurance_tariff(insurance),
        documents=MappingProxyType({"loans": loans, "credit": credit, "insurance": insurance}),
    )
