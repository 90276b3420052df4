"""Enrolling this device: a new Ed25519 key pair, its private half into the OS keyring, its
public half to the server with the one-time code head office issued; the server's key comes
back and is pinned, so later answers must be signed by it.

Until the first pull brings the bank's limit table, the table shipped with the app applies.
"""

from __future__ import annotations

import json

from desktop_app.services.context import Device
from desktop_app.services.setup import set_up_device
from desktop_app.store.database import Store
from desktop_app.sync.client import SyncClient
from desktop_app.sync.keystore import store_device_key, usable_backend
from resources import resource_bytes
from shared_core import __version__
from shared_core.channels import Channel
from shared_core.signing import generate_private_key, load_public_key, public_key_hex


def enrol_device(store: Store, client: SyncClient, *, server_url: str, enrolment_code: str) -> Device:
    usable_backend()  # refuse an unsafe keyring before the code is spent, not after
    key = generate_private_key()
    enrolment = client.enrol(
        enrolment_code=enrolment_code.strip().upper(), public_key_hex=public_key_hex(key), app_version=__version__
    )
    load_public_key(enrolment.server_public_key_hex)  # a malformed key is refused before anything is kept
    store_device_key(enrolment.device_code, key)
    device = Device(
        device_code=enrolment.device_code,
        channel=Channel.parse(enrolment.channel),
        location_code=enrolment.location_code,
        location_name=enrolment.location_name,
        cash_account=enrolment.cash_account,
        vault_account=enrolment.vault_account,
        bank_name=enrolment.bank_name,
        server_url=server_url,
        server_public_key_hex=enrolment.server_public_key_hex,
    )
    set_up_device(store, device, json.loads(resource_bytes("limits/limit_table.json")))
    return device
