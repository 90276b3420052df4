"""Setting a device up: who it is and the limit table it judges by.

Enrolment against the server (sync issue) ends by calling this; until then tests and the
demo call it directly.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop_app.services.context import Device
from desktop_app.store.database import Store
from desktop_app.store.pulled import put_device, put_limit_table
from shared_core.references import is_valid_device_code


def set_up_device(store: Store, device: Device, limit_table: Mapping[str, object]) -> None:
    if not is_valid_device_code(device.device_code):
        raise ValueError(f"{device.device_code!r} is not a device code")
    with store.write() as connection:
        identity = {
            "device_code": device.device_code,
            "channel": device.channel.value,
            "location_code": device.location_code,
            "location_name": device.location_name,
            "cash_account": device.cash_account,
            "vault_account": device.vault_account,
            "bank_name": device.bank_name,
        }
        if device.server_url is not None:  # pinned at enrolment (store revision 0002)
            identity["server_url"] = device.server_url
            identity["server_public_key_hex"] = device.server_public_key_hex
        put_device(connection, **identity)
        put_limit_table(connection, limit_table)
