"""The device's Ed25519 private key, kept in the operating system's keyring.

Windows Credential Locker, macOS Keychain or the Secret Service on Linux: whatever `keyring`
picks for the OS. A backend that stores secrets in plain files (keyrings.alt) or stores nothing
is refused outside tests: a key on disk in clear would let anyone who copies the laptop's
files sign batches as this device.

One exception, asked for by name: the demo (`scripts/start`) on a machine with no OS keyring
sets WEKEZA_TELLER_DEMO_KEYRING to a file, and keyrings.alt keeps the key there in clear. The
window then says so in its title; a bank's device never has the variable set.
"""

from __future__ import annotations

import os

import keyring
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backend import KeyringBackend

from shared_core.signing import load_private_key, private_key_bytes

SERVICE_NAME = "Wekeza Teller"
_INSECURE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")
DEMO_KEYRING_VARIABLE = "WEKEZA_TELLER_DEMO_KEYRING"


class InsecureKeyring(RuntimeError):
    """The keyring would not keep the device key secret (or would not keep it at all)."""


def _username(device_code: str) -> str:
    return f"device-{device_code}"


def check_backend(backend: KeyringBackend | None = None) -> KeyringBackend:
    backend = backend or keyring.get_keyring()
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULES) or getattr(backend, "priority", 1) <= 0:
        raise InsecureKeyring(
            f"The keyring backend {type(backend).__name__} ({module}) does not keep secrets safely; "
            "install the operating system's keyring before enrolling this device"
        )
    return backend


def demo_keyring_file() -> str | None:
    """The demo's plain keyring file, when the demo asked for one."""
    return os.environ.get(DEMO_KEYRING_VARIABLE) or None


def usable_backend() -> KeyringBackend:
    """The keyring the device key goes to: the OS keyring, checked; or the demo file, by name."""
    path = demo_keyring_file()
    if path is None:
        return check_backend()
    from keyrings.alt.file import PlaintextKeyring  # the demo only: never on a bank's device

    backend = PlaintextKeyring()
    backend.file_path = path  # keyrings.alt lets an instance name its file
    return backend


def store_device_key(device_code: str, key: Ed25519PrivateKey) -> None:
    usable_backend().set_password(SERVICE_NAME, _username(device_code), private_key_bytes(key).hex())


def load_device_key(device_code: str) -> Ed25519PrivateKey:
    secret = usable_backend().get_password(SERVICE_NAME, _username(device_code))
    if secret is None:
        raise InsecureKeyring(f"No key for device {device_code} in the keyring; enrol this device again")
    return load_private_key(bytes.fromhex(secret))
