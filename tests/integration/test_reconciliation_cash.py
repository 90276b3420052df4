"""An agent's e-float across three business days, reconciled one day at a time from the books the
real device's batches made, on an SQLite file and on a fresh MariaDB database. What the day's
report says of the float before the day, during it and after it must not depend on what happened
on later days (the report works "before" out from today's balance less the days since).

    23 Nov  Juma deposits 4,000 at Mama Mboga's shop (X9P3): e-float owed to the agent -4,000
    24 Nov  he deposits 1,000:                                   before -4,000, day -1,000, after -5,000
    25 Nov  he deposits 2,500:                                   before -5,000, day -2,500, after -7,500

Its batches carry no send time: each day's clock skew is estimated from them (the newest entry of
a batch, sent 30 seconds after it was recorded).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.services.cash import deposit_cash
from shared_core.channels import Channel
from shared_core.money import Money
from shared_core.reconciliation_report import CashPosition, SkewSource
from sync_server.services.reconciliation import reconcile
from tests.device_builders import make_counter
from tests.server_builders import (  # noqa: F401 (database_url is a fixture)
    Server,
    add_customer_everywhere,
    batch_of,
    database_url,
    enrol,
    journal,
    make_server,
)

KES = Money.shillings
JUMA = "C0001234"


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:  # noqa: F811
    yield from make_server(database_url)


def float_on(server: Server, day: str) -> tuple[CashPosition, ...]:
    report = reconcile(server.database, day, location_code="AG-0042", now=server.clock.now())
    return report.locations[0].cash_positions


def test_a_days_float_reads_the_same_whatever_came_after(server: Server, tmp_path: Path) -> None:
    agent = make_counter(tmp_path / "X9P3", channel=Channel.AGENT, device_code="X9P3")
    agent.context.is_online = lambda: True  # cash in at an agent needs head office online
    server.clock.moment = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    enrol(server, agent)
    add_customer_everywhere(server, [agent], JUMA)
    days = (
        (datetime(2026, 11, 23, 10, 0, tzinfo=UTC), deposit_cash, KES(4_000)),
        (datetime(2026, 11, 24, 10, 0, tzinfo=UTC), deposit_cash, KES(1_000)),
        (datetime(2026, 11, 25, 10, 0, tzinfo=UTC), deposit_cash, KES(2_500)),
    )
    for moment, action, amount in days:
        agent.clock.moment = moment
        first = len(journal(agent)) + 1
        action(agent.context, agent.teller, customer_cif=JUMA, amount=amount)
        server.clock.moment = moment + timedelta(seconds=30)
        server.sync(batch_of(agent, first))
    server.clock.moment = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)

    positions = {day: float_on(server, day) for day in ("2026-11-23", "2026-11-24", "2026-11-25")}

    account = "float:AG-X9P3"
    assert positions["2026-11-23"] == (CashPosition(account, Money(0), KES(-4_000), KES(-4_000)),)
    assert positions["2026-11-24"] == (CashPosition(account, KES(-4_000), KES(-1_000), KES(-5_000)),)
    assert positions["2026-11-25"] == (CashPosition(account, KES(-5_000), KES(-2_500), KES(-7_500)),)
    assert server.wallet(JUMA) == KES(7_500)

    report = reconcile(server.database, "2026-11-24", location_code="AG-0042", now=server.clock.now())
    [device] = report.locations[0].devices
    assert (device.clock_skew_s, device.clock_skew_source) == (-30, SkewSource.ESTIMATED)
