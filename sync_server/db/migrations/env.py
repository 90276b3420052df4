"""Alembic environment for the server's database: always run from `sync_server.db.migrate`,
which passes an open connection in, so the migrations run in its transaction."""

from alembic import context

from sync_server.db.schema import metadata

connection = context.config.attributes["connection"]
# SQLite alters a table by copying it (batch mode); MySQL alters in place.
context.configure(
    connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite"
)
with context.begin_transaction():
    context.run_migrations()
