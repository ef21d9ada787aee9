"""Personal reply addresses: `antwoord+<token>@<INBOUND_EMAIL_DOMAIN>` names one dialogue and one person.

The token packs the dialogue's and the person's numbers and the day it was made, and an HMAC of those made
with the site's secret: nobody can make an address for another person or dialogue, and an address stops
working `REPLY_TOKEN_DAYS` after the mail that carried it.
"""

import base64
import hashlib
import hmac
import re
import struct
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

EPOCH = date(2020, 1, 1)
PAYLOAD = struct.Struct(">IIH")  # dialogue, person, day number since EPOCH
MAC_BYTES = 8
LOCAL_PREFIX = "antwoord+"
TOKEN = re.compile(r"antwoord\+([a-z2-7]{29})@", re.IGNORECASE)


class BadToken(Exception):
    """The address is not one of ours, was altered, or has expired."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "invalid" or "expired"


@dataclass(frozen=True)
class ReplyTo:
    dialogue_id: int
    user_id: int
    issued: date


def _mac(payload: bytes) -> bytes:
    key = hashlib.sha256(b"kracht-van-mokum reply address" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).digest()[:MAC_BYTES]


def reply_address(*, dialogue_id: int, user_id: int, now: datetime | None = None) -> str:
    """Return the personal reply address for `user_id` in `dialogue_id`, or "" when inbound mail is off."""
    domain = settings.INBOUND_EMAIL_DOMAIN
    if not domain:
        return ""
    today = timezone.localdate(now or timezone.now())
    payload = PAYLOAD.pack(dialogue_id, user_id, (today - EPOCH).days)
    token = base64.b32encode(payload + _mac(payload)).decode().rstrip("=").lower()
    return f"{LOCAL_PREFIX}{token}@{domain}"


def read_reply_address(addresses, *, now: datetime | None = None) -> ReplyTo:
    """Return what the first of our reply addresses among `addresses` names; raise BadToken otherwise."""
    for address in addresses:
        match = TOKEN.search(address)
        if match:
            break
    else:
        raise BadToken("invalid")
    token = match.group(1).upper()
    raw = base64.b32decode(token + "=" * (-len(token) % 8))
    payload, mac = raw[: PAYLOAD.size], raw[PAYLOAD.size :]
    if not hmac.compare_digest(mac, _mac(payload)):
        raise BadToken("invalid")
    dialogue_id, user_id, day = PAYLOAD.unpack(payload)
    issued = date.fromordinal(EPOCH.toordinal() + day)
    if (timezone.localdate(now or timezone.now()) - issued).days > settings.REPLY_TOKEN_DAYS:
        raise BadToken("expired")
    return ReplyTo(dialogue_id=dialogue_id, user_id=user_id, issued=issued)
