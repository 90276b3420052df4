"""A sync batch: a contiguous run of one device's journal entries under a header the device signs.

The signature covers the header only, yet binds every entry: the header names the hash the run
starts from and the hash of its last entry, and each entry's hash covers the one before it. So
`verify_batch` checks the signature, then that the entries recompute and chain from the first hash
to the last. The server additionally checks that `first_previous_hash` is the last hash it accepted
from the device; that needs its database and is not done here.

Each entry is hashed once: `decode_batch` computes its hash from the very bytes it arrived in and
the batch carries those bytes and hashes (`Received`), for `verify_batch` and for storage. A batch
built any other way (or changed by `dataclasses.replace`) carries none, and `verify_batch` computes
every hash itself.

Devices in the field outlive releases: every header names its protocol version, and a server
answers an older one "upgrade needed" (the device keeps its entries for the new app) and a newer
or unknown one "unsupported protocol", before reading anything else of the batch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from shared_core import canonical, signing
from shared_core.canonical import require_fields, require_int, require_sha256_hex, require_text
from shared_core.errors import (
    BadSignature,
    ChainBroken,
    InvalidInput,
    LimitExceeded,
    SequenceGap,
    UnsupportedProtocol,
    UpgradeNeeded,
    Violation,
    ensure,
)
from shared_core.journal import (
    JournalEntry,
    entry_from_wire,
    entry_to_wire,
    payroll_run_body_bytes_max,
    require_device_code,
    verify_chain,
)
from shared_core.signing import SigningContext

PROTOCOL_VERSION = 1
# The current version and the one before it; there is no previous version yet.
PROTOCOL_VERSIONS_ACCEPTED = (1,)
assert PROTOCOL_VERSION in PROTOCOL_VERSIONS_ACCEPTED

batch_entries_max = 500
# A typical entry encodes to well under 1 KiB, so 500 of them make about half a megabyte; 4 MiB
# leaves room for entries with large bodies while staying a request body a WSGI worker reads and
# parses in well under a second. One entry at its largest (a payroll run of
# journal.payroll_run_body_bytes_max) always fits, with room for its envelope and the header, so no
# entry can be stuck unsendable; a device that hits this limit sends fewer entries at a time.
batch_bytes_max = 4 * 1024 * 1024
batch_envelope_bytes_max = 64 * 1024  # an entry's fields beyond its body, the header and signature
assert payroll_run_body_bytes_max + batch_envelope_bytes_max <= batch_bytes_max, "the largest entry fits"
app_version_length_max = 32

HEADER_FIELDS = (
    "protocol_version",
    "app_version",
    "device_code",
    "first_sequence",
    "last_sequence",
    "entry_count",
    "first_previous_hash",
    "last_entry_hash",
)
BATCH_FIELDS = ("header", "entries", "signature")

_SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")
_ENTRIES_OPENING = '{"entries":['
_JSON = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class BatchHeader:
    protocol_version: int
    app_version: str
    device_code: str
    first_sequence: int
    last_sequence: int
    entry_count: int
    first_previous_hash: str  # the hash the first entry follows; the server's last accepted hash
    last_entry_hash: str

    def __post_init__(self) -> None:
        require_int(self.protocol_version, "protocol_version", minimum=1)
        require_text(self.app_version, "app_version", length_max=app_version_length_max)
        require_device_code(self.device_code, "device_code")
        require_int(self.first_sequence, "first_sequence", minimum=1)
        require_int(self.last_sequence, "last_sequence", minimum=1)
        require_int(self.entry_count, "entry_count", minimum=1, maximum=batch_entries_max)
        require_sha256_hex(self.first_previous_hash, "first_previous_hash")
        require_sha256_hex(self.last_entry_hash, "last_entry_hash")


@dataclass(frozen=True, slots=True)
class Received:
    """What `decode_batch` read beside each entry: its canonical bytes as they arrived (the document
    was proved canonical, so they are exactly the entry's canonical encoding), and the hash computed
    from them, which the entry was checked against."""

    entry_bytes: tuple[bytes, ...]
    entry_hashes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Batch:
    header: BatchHeader
    entries: tuple[JournalEntry, ...]
    signature: str  # the device's signature over the header's canonical bytes, context BATCH
    # Set by decode_batch alone: no constructor argument sets it and dataclasses.replace drops it, so
    # a batch whose entries were not hashed from their bytes never carries it.
    received: Received | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.header, BatchHeader):
            raise TypeError(f"a batch header must be a BatchHeader, got {type(self.header).__name__}")
        if not isinstance(self.entries, tuple) or not all(isinstance(e, JournalEntry) for e in self.entries):
            raise TypeError("a batch holds a tuple of JournalEntry")
        if not 1 <= len(self.entries) <= batch_entries_max:
            raise LimitExceeded(
                f"entries: a batch carries 1 to {batch_entries_max} entries, not {len(self.entries)}",
                field="entries",
            )
        if not isinstance(self.signature, str) or not _SIGNATURE_HEX.fullmatch(self.signature):
            raise BadSignature("signature: expected 128 lowercase hex characters", field="signature")


def make_batch(
    entries: Iterable[JournalEntry], private_key: Ed25519PrivateKey, *, app_version: str
) -> Batch:
    """A signed batch of `entries`, which must already form an unbroken run of one device's chain."""
    run = tuple(entries)
    if not run:
        raise InvalidInput("A batch needs at least one entry", field="entries")
    if len(run) > batch_entries_max:
        raise LimitExceeded(
            f"A batch carries at most {batch_entries_max} entries, not {len(run)}", field="entries"
        )
    first, last = run[0], run[-1]
    # Never sign a broken run: the server would refuse it, and the signature would vouch for it.
    _raise_for(
        verify_chain(
            run,
            previous_hash=first.previous_hash,
            first_sequence=first.sequence,
            device_code=first.device_code,
        )
    )
    header = BatchHeader(
        protocol_version=PROTOCOL_VERSION,
        app_version=app_version,
        device_code=first.device_code,
        first_sequence=first.sequence,
        last_sequence=last.sequence,
        entry_count=len(run),
        first_previous_hash=first.previous_hash,
        last_entry_hash=last.entry_hash,
    )
    batch = Batch(header, run, signing.sign(private_key, SigningContext.BATCH, header_signed_bytes(header)))
    size = len(encode_batch(batch))
    if size > batch_bytes_max:
        raise LimitExceeded(
            f"These {len(run)} entries make {size} bytes, more than the {batch_bytes_max} a batch may hold; "
            "send fewer",
            size_bytes=size,
        )
    return batch


def verify_batch(batch: Batch, public_key: Ed25519PublicKey) -> None:
    """Return quietly if `batch` is whole and signed by `public_key`; raise the first problem found."""
    header = batch.header
    check_protocol_version(header.protocol_version)
    signing.verify(public_key, SigningContext.BATCH, header_signed_bytes(header), batch.signature)
    count = len(batch.entries)
    if header.entry_count != count:
        raise SequenceGap(f"The header announces {header.entry_count} entries; the batch carries {count}")
    if header.last_sequence - header.first_sequence + 1 != count:
        raise SequenceGap(
            f"Entries {header.first_sequence} to {header.last_sequence} are not {count} entries",
            first_sequence=header.first_sequence,
        )
    received = batch.received
    _raise_for(
        verify_chain(
            batch.entries,
            previous_hash=header.first_previous_hash,
            first_sequence=header.first_sequence,
            device_code=header.device_code,
            # Hashed once by decode_batch, from the entries' own bytes; else computed here.
            hashes=received.entry_hashes if received is not None else None,
        )
    )
    if batch.entries[-1].entry_hash != header.last_entry_hash:
        raise ChainBroken("The last entry's hash differs from the one the header was signed with")


def check_protocol_version(version: object) -> None:
    """UpgradeNeeded for a protocol older than we accept, UnsupportedProtocol for a newer or unknown one."""
    if type(version) is not int:
        raise UnsupportedProtocol(f"protocol_version: {version!r} is not a protocol version")
    if version in PROTOCOL_VERSIONS_ACCEPTED:
        return
    if version < min(PROTOCOL_VERSIONS_ACCEPTED):
        raise UpgradeNeeded(
            f"This app speaks sync protocol {version}, which the server no longer accepts. "
            "Install the new version of the app; the entries on this device are kept and will sync then.",
            protocol_version=version,
        )
    raise UnsupportedProtocol(
        f"Sync protocol {version} is not one this software knows "
        f"(it accepts {', '.join(str(known) for known in PROTOCOL_VERSIONS_ACCEPTED)})",
        protocol_version=version,
    )


def header_to_wire(header: BatchHeader) -> dict[str, Any]:
    return {name: getattr(header, name) for name in HEADER_FIELDS}


def header_from_wire(data: object, *, path: str = "header") -> BatchHeader:
    fields: Mapping[str, Any] = require_fields(data, HEADER_FIELDS, path)
    # Field checks run in BatchHeader; their messages name the field, prefixed here by the path.
    try:
        return BatchHeader(**{name: fields[name] for name in HEADER_FIELDS})
    except InvalidInput as error:
        raise type(error)(f"{path}.{error.message}", **error.details) from None


def header_signed_bytes(header: BatchHeader) -> bytes:
    """The bytes the device signs: the header's canonical encoding."""
    return canonical.encode(header_to_wire(header))


def encode_batch(batch: Batch) -> bytes:
    return canonical.encode(
        {
            "header": header_to_wire(batch.header),
            "entries": [entry_to_wire(entry) for entry in batch.entries],
            "signature": batch.signature,
        }
    )


def decode_batch(data: bytes) -> Batch:
    """A batch read from the wire, every field checked; signature and chain are `verify_batch`'s job.

    Anything malformed raises a DomainError: NotCanonical for the bytes, InvalidInput naming the
    field, ChainBroken for an entry that does not match its hash, UpgradeNeeded/UnsupportedProtocol
    for a protocol this side does not speak. Each entry is read from its own bytes, cut out of the
    document, and its hash computed from them once; the batch carries both (`Batch.received`).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_batch needs bytes, got {type(data).__name__}")
    if len(data) > batch_bytes_max:
        raise LimitExceeded(f"A batch of {len(data)} bytes is more than the {batch_bytes_max} allowed")
    document = canonical.decode(data)
    # The version first: an older or newer protocol may lay out everything else differently.
    if isinstance(document, Mapping) and isinstance(document.get("header"), Mapping):
        if "protocol_version" in document["header"]:
            check_protocol_version(document["header"]["protocol_version"])
    fields: Mapping[str, Any] = require_fields(document, BATCH_FIELDS, "batch")
    header = header_from_wire(fields["header"])
    items = fields["entries"]
    if not isinstance(items, list):
        raise InvalidInput("entries: expected a list of entries", field="entries")
    if not 1 <= len(items) <= batch_entries_max:
        raise LimitExceeded(f"entries: a batch carries 1 to {batch_entries_max} entries, not {len(items)}")
    entries = []
    wires = _entry_wires(bytes(data), len(items))
    for index, (item, wire) in enumerate(wires):
        entries.append(entry_from_wire(item, path=f"entries[{index}]", wire=wire))
    signature = fields["signature"]
    if not isinstance(signature, str) or not _SIGNATURE_HEX.fullmatch(signature):
        raise BadSignature("signature: expected 128 lowercase hex characters", field="signature")
    batch = Batch(header, tuple(entries), signature)
    received = Received(tuple(wire for _, wire in wires), tuple(entry.entry_hash for entry in entries))
    object.__setattr__(batch, "received", received)  # frozen: set once, here, and nowhere else
    return batch


def _entry_wires(data: bytes, count: int) -> list[tuple[object, bytes]]:
    """Each element of the canonical document's "entries" (its first key, keys being sorted): the
    value and the very bytes it was read from. Canonical JSON nests, so those bytes are exactly the
    element's canonical encoding; reading the value from them binds the two."""
    text = data.decode("utf-8")
    position = len(_ENTRIES_OPENING)
    ensure(text.startswith(_ENTRIES_OPENING), "a canonical batch opens with its entries")
    wires = []
    for _ in range(count):
        item, end = _JSON.raw_decode(text, position)
        wires.append((item, text[position:end].encode("utf-8")))
        position = end + 1  # the ',' between entries, or the closing ']'
    ensure(text[position - 1] == "]", "every entry of the batch was read")
    return wires


def _raise_for(violations: tuple[Violation, ...]) -> None:
    if not violations:
        return
    first = violations[0]
    more = f" (and {len(violations) - 1} more problems)" if len(violations) > 1 else ""
    error_class = SequenceGap if first.code.startswith("sequence_") else ChainBroken
    raise error_class(f"{first.message}{more}", violation=first.code, entry_id=first.subject)
