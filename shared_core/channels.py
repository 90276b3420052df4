"""Where an operation happens: a branch counter, an agent's shop, or head office."""

from __future__ import annotations

from enum import StrEnum

from shared_core.errors import InvalidInput


class Channel(StrEnum):
    BRANCH = "branch"
    AGENT = "agent"
    HEAD_OFFICE = "head_office"

    @property
    def prefix(self) -> str:
        """The two letters that open every reference minted on this channel."""
        return _PREFIXES[self]

    @classmethod
    def from_prefix(cls, prefix: str) -> Channel:
        for channel, known in _PREFIXES.items():
            if known == prefix:
                return channel
        raise InvalidInput(f"'{prefix}' is not a channel prefix; expected BR, AG or HO", prefix=prefix)

    @classmethod
    def parse(cls, text: str) -> Channel:
        try:
            return cls(text)
        except ValueError:
            raise InvalidInput(
                f"'{text}' is not a channel; expected one of {', '.join(c.value for c in cls)}",
                channel=str(text),
            ) from None


_PREFIXES = {Channel.BRANCH: "BR", Channel.AGENT: "AG", Channel.HEAD_OFFICE: "HO"}
