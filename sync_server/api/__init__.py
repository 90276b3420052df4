"""HTTP resources of the JSON API (versioned paths under /v1)."""
