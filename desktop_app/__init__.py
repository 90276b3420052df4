"""The Wekeza teller and agent desktop app (PySide6).

Layers point inward: `ui` -> `services` -> `store` -> `shared_core`; `services`, `store` and
`sync` never import Qt. Nothing happens at import time; `desktop_app.__main__` wires it all.
"""
