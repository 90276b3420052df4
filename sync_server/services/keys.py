"""The server's Ed25519 signing key: it signs every acknowledgement, and devices pin its public key
at enrolment. Kept as a raw 32-byte file readable by the server's user alone; never in the
database (a database dump or replica must not be able to speak for the server), never logged.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from shared_core.signing import generate_private_key, key_bytes, load_private_key, private_key_bytes

key_file_mode = 0o600


def load_or_create_server_key(path: Path) -> Ed25519PrivateKey:
    """The key in `path`, made (owner read/write only) if the file does not exist yet.

    A new key is written whole to a private temporary file, then linked into place, which fails
    if the file appeared meanwhile: two workers starting at once never each keep a different key,
    and none ever reads a half-written one. A file of the wrong size is refused, never replaced.
    """
    path = Path(path)
    if path.exists():
        return _load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = generate_private_key()
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(draft, flags, key_file_mode)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(private_key_bytes(key))
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(draft, path)
        except FileExistsError:
            return _load(path)  # another worker made it first: theirs is the key
    finally:
        draft.unlink(missing_ok=True)
    return key


def _load(path: Path) -> Ed25519PrivateKey:
    data = path.read_bytes()
    if len(data) != key_bytes:
        # The message names the file, never its content.
        raise ValueError(f"{path} is not a server key: expected {key_bytes} bytes, found {len(data)}")
    return load_private_key(data)
