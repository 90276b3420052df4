"""The server's services: what the API and the admin CLI ask of the central ledger.

Each takes a `Database` (and opens its own unit of work) or an open connection (and joins the
caller's transaction); each re-derives and re-judges with `shared_core`, trusting no number a
device computed. `ingest` books devices' batches, `devices` keeps the enrolment book, `keys` holds
the server's signing key, `ledger_check` proves the books agree with themselves.
"""
