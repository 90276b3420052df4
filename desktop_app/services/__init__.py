"""Teller and agent actions as plain Python, each one local transaction; no Qt here."""
