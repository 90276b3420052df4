"""The device key lives in the OS keyring; a keyring that would keep it in clear is refused."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from desktop_app.sync.keystore import (
    DEMO_KEYRING_VARIABLE,
    InsecureKeyring,
    check_backend,
    load_device_key,
    store_device_key,
)
from shared_core.signing import generate_private_key, public_key_hex
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def memory_keyring():  # noqa: ANN201
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_stored_key_comes_back(memory_keyring: MemoryKeyring) -> None:
    key = generate_private_key()
    store_device_key("K7Q2", key)
    assert public_key_hex(load_device_key("K7Q2")) == public_key_hex(key)
    assert list(memory_keyring.secrets) == [("Wekeza Teller", "device-K7Q2")]


def test_a_missing_key_says_to_enrol_again(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(InsecureKeyring, match="enrol this device again"):
        load_device_key("ZZZZ")


def test_a_backend_that_keeps_nothing_is_refused() -> None:
    with pytest.raises(InsecureKeyring):
        check_backend(FailKeyring())


def test_a_plaintext_file_backend_is_refused() -> None:
    plaintext = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})()
    with pytest.raises(InsecureKeyring, match="does not keep secrets safely"):
        check_backend(plaintext)


def test_the_demo_keeps_its_key_in_the_file_it_named_and_only_then(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """scripts/start on a machine with no OS keyring names a file; without the variable the
    same machine refuses (its keyring keeps nothing)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        with pytest.raises(InsecureKeyring):
            store_device_key("K7Q2", generate_private_key())
        demo_file = tmp_path / "demo-keyring.cfg"
        monkeypatch.setenv(DEMO_KEYRING_VARIABLE, str(demo_file))
        key = generate_private_key()
        store_device_key("K7Q2", key)
        assert public_key_hex(load_device_key("K7Q2")) == public_key_hex(key)
        assert "k7q2" in demo_file.read_text().lower()  # the key is in that file (escaped, base64)
    finally:
        keyring.set_keyring(previous)
