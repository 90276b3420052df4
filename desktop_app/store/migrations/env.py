"""Alembic environment for the device's SQLite store: always run from `store.database`,
which passes the open connection in, so migrations run in the app's own transaction."""

from alembic import context

from desktop_app.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
