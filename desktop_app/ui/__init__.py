"""Qt screens, dialogs, table models and workers; they call `desktop_app.services`."""
