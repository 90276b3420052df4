"""The device's SQLite journal and local state (SQLAlchemy); no Qt here."""
