"""Receipts, statements and till reports as PDF (reportlab), printed only from committed entries."""
