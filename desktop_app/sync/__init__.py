"""The sync client: uploads signed batches and pulls changes over httpx; no Qt here."""
