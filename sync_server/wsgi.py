"""The WSGI entry point for gunicorn or waitress: `sync_server.wsgi:application`.

Reads settings from the environment (WEKEZA_DATABASE_URL, WEKEZA_SERVER_DATA_DIR, ...). The
server key is read here, at import, from the data directory (made there if absent; two workers
starting at once still end with one key). The database engine is made lazily, in each worker
after the fork. The database must be migrated first: `wekeza-server migrate`.
"""

from sync_server.app import SystemClock, create_app
from sync_server.db.engine import Database
from sync_server.services.keys import load_or_create_server_key
from sync_server.settings import Settings

settings = Settings.from_environment()
application = create_app(
    settings,
    Database(settings.database_url),
    server_key=load_or_create_server_key(settings.server_key_path),
    clock=SystemClock(),
)
