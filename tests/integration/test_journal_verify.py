"""`wekeza-teller journal verify`: exit 0 with a summary when intact; non-zero naming the bad
sequence when not. And the store's schema, as migrated, is exactly what the code queries."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop_app.services.cash import deposit_cash
from desktop_app.services.till import open_till
from desktop_app.store.paths import STORE_FILE_NAME
from desktop_app.store.schema import metadata
from shared_core.money import Money
from tests.device_builders import add_customer, make_counter

cli = Path(sys.executable).parent / "wekeza-teller"


def verify(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(cli), "journal", "verify", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=60)


def a_day_of_work(data_dir: Path) -> None:
    counter = make_counter(data_dir)
    open_till(counter.context, counter.teller, opening_float=Money.shillings(10_000))
    juma = add_customer(counter, balance=Money.shillings(100))
    for amount in (100, 200, 300):
        deposit_cash(counter.context, counter.teller, customer_cif=juma, amount=Money.shillings(amount))
    counter.store.close()


def test_an_intact_journal_verifies(tmp_path: Path) -> None:
    a_day_of_work(tmp_path)
    result = verify(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("journal intact: 4 entries, head 4 ")
    assert len(result.stdout.strip().splitlines()) == 1


def test_an_altered_derived_row_is_named(tmp_path: Path) -> None:
    a_day_of_work(tmp_path)
    with sqlite3.connect(tmp_path / STORE_FILE_NAME) as connection:
        connection.execute("UPDATE postings SET amount_cents = amount_cents + 1 WHERE sequence = 3 AND line = 1")
    result = verify(tmp_path)
    assert result.returncode == 1
    assert "journal NOT intact at sequence 3" in result.stdout


def test_a_missing_journal_is_an_error(tmp_path: Path) -> None:
    assert verify(tmp_path).returncode == 2


def test_the_migrated_schema_is_the_schema_the_code_queries(tmp_path: Path) -> None:
    counter = make_counter(tmp_path)
    with counter.store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    # FTS5's shadow tables and alembic's own table are not in the metadata; nothing else may differ.
    unexpected = [d for d in differences if not (d[0] == "remove_table" and (
        d[1].name.startswith("customer_search") or d[1].name == "alembic_version"))]
    assert unexpected == []
