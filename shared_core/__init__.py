"""Every banking rule of Wekeza Teller & Agency, pure Python.

Imports only the standard library and `cryptography`: no Qt, no HTTP, no SQL driver, no clock,
no I/O. The desktop app and the sync server both judge by these rules, so a rule lives here once.
"""

__version__ = "0.1.0"
