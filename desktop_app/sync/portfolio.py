"""Head office's risk picture (GET /v1/portfolio), read for the risk dashboard and its PDF and CSV.
The shape is shared_core.portfolio_report's, the one the server writes; an answer that is not it
is MalformedAnswer naming the field, like any malformed answer.
"""

from __future__ import annotations

from typing import Any

from desktop_app.sync.wire_reading import read_answer
from shared_core.portfolio_report import Portfolio


def parse_portfolio(data: Any) -> Portfolio:
    """The answer of GET /v1/portfolio; MalformedAnswer naming the first wrong field."""
    return read_answer("the portfolio answer", data, Portfolio.from_wire)
