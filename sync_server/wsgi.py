"""The WSGI entry point for gunicorn or waitress: `sync_server.wsgi:application`.

Reads settings from the environment; the database engine is made lazily in each worker.
"""

from sync_server.app import create_app
from sync_server.settings import Settings

application = create_app(Settings.from_environment())
