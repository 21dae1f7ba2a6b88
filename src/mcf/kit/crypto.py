"""Field-level encryption of personal data (AES-256-GCM) and the keyed blind index (HMAC-SHA256).

Each value is encrypted on its own with a fresh 96-bit nonce; the stored blob is ``nonce || ciphertext+tag`` and
the id of the key that made it is stored beside it, so keys rotate: a new active key encrypts from then on, the
old ones still decrypt, and a service's ``rotate-keys`` re-encrypts every value with the active key. The
associated data binds a value to its service, its owner (a worker, a client) and its field: a ciphertext copied to
another row or column (or altered in any bit) fails authentication and is refused, never decrypted to something else.

E-mail and phone are found by a blind index: HMAC-SHA256 under its own key of the normalised value. Equality
lookups work; the table alone reveals nothing, and without the key nobody can test a guessed address against it.

Each service that holds personal data has keys of its own in Settings: ``MCF_<SERVICE>_KEYS``,
``MCF_<SERVICE>_ACTIVE_KEY``, ``MCF_<SERVICE>_INDEX_KEY`` (``cipher_from(settings, service)``).
See docs/adr/0070-worker-personal-data-encryption.md and docs/adr/0121-clients-personal-data-encrypted-too.md.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
KEY_BYTES = 32


def development_keys(service: str) -> tuple[dict[str, str], str]:
    """A service's fixed development keys ({id: key}, index key): used only when MCF_ENV is development and no
    keys are set; refused anywhere else. worker-profile's are the ones it always had (its dev data stays
    readable); every other service's are derived from its name."""
    if service == "worker-profile":
        return ({"dev-1": base64.urlsafe_b64encode(b"mcf-worker-profile-dev-key-1-32b").decode()},
                base64.urlsafe_b64encode(b"mcf-worker-profile-dev-index-key").decode())

    def derive(what: str) -> str:
        return base64.urlsafe_b64encode(hashlib.sha256(f"mcf/{service}/development/{what}".encode()).digest()).decode()

    return {"dev-1": derive("key-1")}, derive("index-key")


class InsecureKeys(RuntimeError):
    """A service was about to start outside development mode without real keys (or with the dev ones)."""


class TamperedCiphertext(RuntimeError):
    """A stored value failed authentication: altered, moved to another row or field, or an unknown key."""


def _key(text: str, what: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (ValueError, TypeError):
        raise ValueError(f"{what} is not base64") from None
    if len(raw) != KEY_BYTES:
        raise ValueError(f"{what} must be {KEY_BYTES} bytes (base64 of 32 random bytes), got {len(raw)}")
    return raw


def parse_keys(text: str, variable: str = "MCF_WORKER_PROFILE_KEYS") -> dict[str, str]:
    """``id1=base64,id2=base64`` -> {id: base64}."""
    keys = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        key_id, sep, value = part.partition("=")
        if not sep or not key_id.strip() or not value.strip():
            raise ValueError(f"{variable} is a comma-separated list of <key id>=<base64 key>")
        keys[key_id.strip()] = value.strip()
    return keys


def new_key() -> str:
    """A fresh key for MCF_<SERVICE>_KEYS (or an index key)."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()


class FieldCipher:
    """AES-256-GCM per field of one service; ``owner`` (a worker's, a client's id) and ``field`` are bound into
    the associated data ``mcf/<service>/<owner>/<field>``."""

    def __init__(self, keys: dict[str, str], active: str, index_key: str, service: str):
        if active not in keys:
            raise ValueError(f"the active key {active!r} is not among the keys ({', '.join(sorted(keys))})")
        self._aead = {key_id: AESGCM(_key(value, f"key {key_id!r}")) for key_id, value in keys.items()}
        self.active = active
        self._index_key = _key(index_key, "the blind-index key")
        self.service = service

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._aead)

    def _context(self, owner: str, field: str) -> bytes:
        return f"mcf/{self.service}/{owner}/{field}".encode()

    def encrypt(self, owner: str, field: str, value: str) -> tuple[str, bytes]:
        nonce = os.urandom(NONCE_BYTES)
        blob = self._aead[self.active].encrypt(nonce, value.encode(), self._context(owner, field))
        return self.active, nonce + blob

    def decrypt(self, owner: str, field: str, key_id: str, blob: bytes) -> str:
        aead = self._aead.get(key_id)
        if aead is None:
            raise TamperedCiphertext(f"{field} of {owner} is under an unknown key {key_id!r}")
        blob = bytes(blob)
        try:
            return aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], self._context(owner, field)).decode()
        except InvalidTag:
            raise TamperedCiphertext(f"{field} of {owner} failed authentication") from None

    def blind_index(self, kind: str, normalised_value: str) -> bytes:
        return hmac.new(self._index_key, f"{kind}:{normalised_value}".encode(), hashlib.sha256).digest()


def cipher_from(settings, service: str) -> FieldCipher:
    """The service's cipher from Settings (``<service>_keys`` / ``_active_key`` / ``_index_key``, i.e.
    MCF_<SERVICE>_KEYS ...). In development mode without keys: the service's development keys. Anywhere else
    missing keys, or the development ones, are refused."""
    prefix = service.replace("-", "_")
    variable = f"MCF_{prefix.upper()}"
    keys = parse_keys(getattr(settings, f"{prefix}_keys"), f"{variable}_KEYS")
    index_key = getattr(settings, f"{prefix}_index_key")
    dev_keys, dev_index_key = development_keys(service)
    development = settings.environment == "development"
    if not keys and not index_key and development:
        keys, index_key = dict(dev_keys), dev_index_key
    if not development:
        if not keys or not index_key:
            raise InsecureKeys(f"{variable}_KEYS and {variable}_INDEX_KEY must be set when MCF_ENV "
                               f"is {settings.environment!r} (a key is base64 of 32 random bytes; "
                               "`mcf worker-profile new-key` prints one)")
        if set(keys.values()) & set(dev_keys.values()) or index_key == dev_index_key:
            raise InsecureKeys(f"the development keys of {service} are refused when MCF_ENV is "
                               f"{settings.environment!r}")
    if not index_key:
        raise InsecureKeys(f"{variable}_INDEX_KEY must be set with {variable}_KEYS")
    active = getattr(settings, f"{prefix}_active_key") or (list(keys)[-1] if keys else "")
    return FieldCipher(keys, active, index_key, service)
