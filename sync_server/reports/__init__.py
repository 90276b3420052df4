"""Head office's printed reports (PDF with reportlab, CSV through shared_core.csv_safety)."""
