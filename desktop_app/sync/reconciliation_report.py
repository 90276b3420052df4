"""A business day's reconciliation as head office answers it (GET /v1/reconciliation), read into
shared_core.reconciliation_report's values, the ones the server built it from. An answer not as the
server sends it is MalformedAnswer (desktop_app.sync.wire_reading), never half shown.
"""

from __future__ import annotations

from typing import Any

from desktop_app.sync.wire_reading import read_answer
from shared_core.reconciliation_report import ReconciliationReport


def parse_reconciliation(data: Any) -> ReconciliationReport:
    """The answer of GET /v1/reconciliation; MalformedAnswer naming the first wrong field."""
    return read_answer("the reconciliation answer", data, ReconciliationReport.from_wire)
