"""Head office's end of day, against the real server: the demo bank under gunicorn (two workers) on
MySQL, set up with the operator's CLI, two branch counters enrolled over HTTP.

    counter 1 (Wanjiru)   opens her till with 20,000, takes Juma's 2,500, prints his receipt,
                          counts 22,400 (the journal says 22,500: SHORT 100), closes; syncs
    counter 2 (Achieng)   enrolled and pulled, but never sends a batch: a GAP

Head office then:
- verifies Juma's receipt over HTTP (Njeri, head office) and with `wekeza-server verify-receipt`:
  the genuine QR code passes, the one with its amount changed fails on the amount;
- reconciles the day over HTTP and with `wekeza-server reconcile --branch NBO-001`, which writes the
  PDF and the CSV and exits 1: counter 2 never synced; Wanjiru is short 100.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx

from desktop_app.services.cash import deposit_cash
from desktop_app.services.posting import Override
from desktop_app.services.printing import print_receipt
from desktop_app.services.till import close_till, open_till
from shared_core.denominations import CashCount
from shared_core.money import Money
from tests.e2e.branch_bank import JUMA, branch_bank
from tests.e2e.test_server_gunicorn import wekeza_server
from tests.pdf_reading import pdf_text

KES = Money.shillings
http_timeout_s = 30


def test_a_day_at_the_branch_reconciles_with_a_gap_and_a_short_till_and_its_receipt_verifies(
    mysql_url: str, tmp_path: Path
) -> None:
    with branch_bank(mysql_url, tmp_path, devices=2) as bank:
        counter, silent = bank.devices
        open_till(counter.context, counter.teller, opening_float=KES(20_000))
        posted = deposit_cash(counter.context, counter.teller, customer_cif=JUMA, amount=KES(2_500))
        qr = print_receipt(counter.context, posted.entry.sequence).seal_text
        close_till(
            counter.context,
            counter.teller,
            count=CashCount.of({1000: 22, 200: 2}),
            override=Override("otieno", bank.passwords["otieno"]),
        )
        counter.sync()
        [deposit] = bank.server_rows(
            "entries", device_code=counter.device_code, sequence=posted.entry.sequence
        )
        day = deposit.business_date
        forged = qr.replace("/250000/", "/2500000/")

        with httpx.Client(base_url=bank.base_url, timeout=http_timeout_s) as client:
            login = client.post(
                "/v1/sessions", json={"user_id": "njeri", "password": bank.passwords["njeri"]}
            )
            assert login.status_code == 201, login.text
            headers = {"Authorization": f"Bearer {login.json()['token']}"}
            genuine = client.post("/v1/receipts/verify", json={"qr": qr}, headers=headers).json()
            assert (genuine["verdict"], genuine["sealed"]) == ("verified", True)
            altered = client.post("/v1/receipts/verify", json={"qr": forged}, headers=headers).json()
            assert altered["verdict"] == "mismatch"
            assert [m["field"] for m in altered["mismatches"]] == ["amount", "signature"]
            report = client.get(
                "/v1/reconciliation", params={"date": day, "branch": "NBO-001"}, headers=headers
            )
            assert report.status_code == 200, report.text
            assert [(i["kind"], i["device_code"]) for i in report.json()["issues"]] == [
                ("gap", silent.device_code)
            ]

        verified = wekeza_server(
            "verify-receipt", "--qr", qr, database_url=bank.database_url, data_dir=bank.data_dir
        )
        assert verified.returncode == 0, verified.stdout + verified.stderr
        refused = wekeza_server(
            "verify-receipt", "--qr", forged, database_url=bank.database_url, data_dir=bank.data_dir
        )
        assert refused.returncode == 1 and "amount (QR code)" in refused.stdout

        out = tmp_path / "reports"
        reconciled = wekeza_server(
            "reconcile", "--date", day, "--branch", "NBO-001", "--out", str(out),
            database_url=bank.database_url, data_dir=bank.data_dir,
        )  # fmt: skip
        assert reconciled.returncode == 1, reconciled.stdout + reconciled.stderr
        assert f"gap: Device {silent.device_code} never synced" in reconciled.stdout
        text = pdf_text((out / f"reconcile-{day}-NBO-001.pdf").read_bytes(), tmp_path)
        assert "UNRESOLVED: 1 item(s) need head office" in text and silent.device_code in text
        rows = list(
            csv.DictReader(io.StringIO((out / f"reconcile-{day}-NBO-001.csv").read_text("utf-8-sig")))
        )
        [till] = [row for row in rows if row["section"] == "till"]
        assert (till["device"], till["subject"], till["status"]) == (counter.device_code, "wanjiru", "short")
        assert (till["expected_kes"], till["declared_kes"], till["amount_kes"]) == (
            "22500.00",
            "22400.00",
            "-100.00",
        )
