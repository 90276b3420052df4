"""The server's database: SQLAlchemy on MySQL/InnoDB, or an embedded SQLite file."""
