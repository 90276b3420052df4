"""The JSON policy, for every resource at once: a request with a body sends JSON, says how long it
is, and is no longer than the resource accepts (its `body_bytes_max`, else `body_bytes_max_default`).

A declared length over the limit is refused before a byte is read (413); a body without a declared
length (chunked) is refused (411), since the body is read up to its declared length only.
"""

from __future__ import annotations

import json
from typing import Any

import falcon

from shared_core.errors import InvalidInput
from sync_server.api.errors import ApiError

body_bytes_max_default = 16 * 1024
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_JSON = "application/json"


def body_limit(resource: object) -> int:
    return int(getattr(resource, "body_bytes_max", body_bytes_max_default))


def _too_large(length: int, limit: int) -> ApiError:
    return ApiError(
        falcon.HTTP_413,
        "payload_too_large",
        f"The body of {length} bytes is more than the {limit} this path accepts",
    )


class JsonPolicy:
    def process_resource(
        self, request: falcon.Request, _response: falcon.Response, resource: object, _params: dict
    ) -> None:
        if resource is None or request.method not in _BODY_METHODS:
            return
        media_type = (request.content_type or "").split(";", 1)[0].strip().lower()
        if media_type != _JSON:
            raise ApiError(
                falcon.HTTP_415,
                "unsupported_media_type",
                f"Send the body as {_JSON}, not {media_type or 'without a content type'}",
            )
        limit = body_limit(resource)
        length = request.content_length
        if length is None:
            raise ApiError(falcon.HTTP_411, "length_required", "Send the body with a Content-Length header")
        if length > limit:
            raise _too_large(length, limit)


def read_body(request: falcon.Request, limit: int) -> bytes:
    """The request's body, at most `limit` bytes (413 beyond: checked again where it is read)."""
    data = request.bounded_stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def read_json_object(request: falcon.Request, limit: int) -> dict[str, Any]:
    """The body as a JSON object; InvalidInput (400) for anything else."""
    data = read_body(request, limit)
    try:
        document = json.loads(data)
    except ValueError:  # bad UTF-8 or bad JSON
        raise InvalidInput("The body is not a JSON document") from None
    if not isinstance(document, dict):
        raise InvalidInput("The body must be a JSON object")
    return document
