"""The risk dashboard's A4 PDF (desktop_app/receipts/risk_report.py) and the portfolio's CSV
(shared_core/portfolio_csv.py, the same from the server's command), real bytes read back:
the book of tests/head_office_builders.py, and a bank that has lent nothing yet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from desktop_app.receipts.risk_report import render_risk_report
from desktop_app.sync.portfolio import parse_portfolio
from shared_core.portfolio_csv import portfolio_csv
from tests.head_office_builders import portfolio_wire, sample_portfolio
from tests.pdf_reading import pdf_info, pdf_text


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_report_prints_every_figure_the_dashboard_shows(tmp_path: Path) -> None:
    pdf = render_risk_report(sample_portfolio(), bank_name="Wekeza Bank", read_at_text="24 Nov 20:00")

    assert pdf_info(pdf, tmp_path)["Pages"] == "2"
    text = pdf_text(pdf, tmp_path)
    for expected in (
        "Wekeza Bank", "Risk dashboard", "As of 2026-11-24", "Read from head office 24 Nov 20:00",
        "KES 48,600,000.00", "1,284", "212 closed", "5.23%", "KES 2,540,000.00", "7.43%", "KES 3,610,000.00",
        "Loans by classification", "Substandard", "1,520,000.00",
        "SME Working Capital (sme_working_capital)", "34,450,000.00",
        "WIBA (work injury)", "2,918,400.00",
        "Kibera Builders & Sons", "C0004702", "BR-M4T8-000027-Q", "not yet booked", "Page 2 of 2",
    ):  # fmt: skip
        assert expected in text, expected
    # The same answer prints the same bytes (no creation time inside): a reprint can be compared.
    assert pdf == render_risk_report(sample_portfolio(), bank_name="Wekeza Bank", read_at_text="24 Nov 20:00")


def test_a_bank_that_has_lent_nothing_prints_an_empty_book_not_an_error(tmp_path: Path) -> None:
    wire = portfolio_wire(history=[], smes=[], policies=[])
    book = wire["loan_book"]
    book.update(
        active_loans=0,
        closed_loans=0,
        outstanding_cents=0,
        npl_cents=0,
        npl_ratio="0.0000",
        par30_cents=0,
        par30_ratio="0.0000",
        by_product=[],
    )
    book["by_classification"] = [
        dict(line, loans=0, outstanding_cents=0) for line in book["by_classification"]
    ]
    empty = parse_portfolio(wire)

    text = pdf_text(render_risk_report(empty, bank_name="Wekeza Bank", read_at_text="now"), tmp_path)
    assert "KES 0.00" in text and "0.00%" in text
    assert "No history was sent for this date." in text and "No SMEs are registered." in text
    assert "No policies were sold." in text and "No loans." in text
    rows = csv_rows(portfolio_csv(empty))
    assert [row["section"] for row in rows] == ["loan_book"] * 3 + ["classification"] * 5


def test_the_csv_has_a_row_per_fact_with_amounts_a_spreadsheet_adds_up() -> None:
    rows = csv_rows(portfolio_csv(sample_portfolio()))
    sections = [row["section"] for row in rows]
    assert sections.count("history") == 13 and sections.count("sme") == 5 and sections.count("facility") == 7
    classes = {row["subject"]: row["amount_kes"] for row in rows if row["section"] == "classification"}
    assert sum(int(amount.replace(".", "")) for amount in classes.values()) == 48_600_000_00
    [wiba] = [row for row in rows if row["subject"] == "wiba"]
    assert (wiba["count"], wiba["in_force"], wiba["lapsed"], wiba["amount_kes"]) == (
        "38",
        "35",
        "3",
        "2918400.00",
    )
    [pwani] = [row for row in rows if row["section"] == "facility" and row["name"] == "Pwani Hotels Ltd"]
    assert (pwani["classification"], pwani["days_past_due"], pwani["principal_kes"]) == (
        "doubtful",
        "212",
        "4000000.00",
    )
