"""The Wekeza sync server: a WSGI application that ingests devices' signed batches into the
central ledger on MySQL (or an embedded SQLite file for one machine or the demo).

Layers point inward: `api` -> `services` -> `db` -> `shared_core`. Nothing happens at import
time; `sync_server.app.create_app` wires everything.
"""
