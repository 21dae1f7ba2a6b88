"""Field-level encryption of personal data (AES-256-GCM) and the keyed blind index (HMAC-SHA256).

Each value is encrypted on its own with a fresh 96-bit nonce; the stored blob is ``nonce || ciphertext+tag`` and
the id of the key that made it is stored beside it, so keys rotate: a new active key encrypts from then on, the
old ones still decrypt, and ``mcf worker-profile rotate-keys`` re-encrypts every value with the active key. The
associated data binds a value to its worker and its field: a ciphertext copied to another row or column (or
altered in any bit) fails authentication and is refused, never decrypted to something else.

E-mail and phone are found by a blind index: HMAC-SHA256 under its own key of the normalised value. Equality
lookups work; the table alone reveals nothing, and without the key nobody can test a guessed address against it.
See docs/adr/0070-worker-personal-data-encryption.md.
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
# Development keys: used only when MCF_ENV is development and no keys are set; refused anywhere else.
DEVELOPMENT_KEYS = {"dev-1": base64.urlsafe_b64encode(b"mcf-worker-profile-dev-key-1-32b").decode()}
DEVELOPMENT_INDEX_KEY = base64.urlsafe_b64encode(b"mcf-worker-profile-dev-index-key").decode()


class InsecureKeys(RuntimeError):
    """worker-profile was about to start outside development mode without real keys (or with the dev ones)."""


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


def parse_keys(text: str) -> dict[str, str]:
    """``id1=base64,id2=base64`` -> {id: base64}."""
    keys = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        key_id, sep, value = part.partition("=")
        if not sep or not key_id.strip() or not value.strip():
            raise ValueError("MCF_WORKER_PROFILE_KEYS is a comma-separated list of <key id>=<base64 key>")
        keys[key_id.strip()] = value.strip()
    return keys


def new_key() -> str:
    """A fresh key for MCF_WORKER_PROFILE_KEYS (or the index key)."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()


class FieldCipher:
    def __init__(self, keys: dict[str, str], active: str, index_key: str):
        if active not in keys:
            raise ValueError(f"the active key {active!r} is not among the keys ({', '.join(sorted(keys))})")
        self._aead = {key_id: AESGCM(_key(value, f"key {key_id!r}")) for key_id, value in keys.items()}
        self.active = active
        self._index_key = _key(index_key, "the blind-index key")

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self._aead)

    @staticmethod
    def _context(worker_id: str, field: str) -> bytes:
        return f"mcf/worker-profile/{worker_id}/{field}".encode()

    def encrypt(self, worker_id: str, field: str, value: str) -> tuple[str, bytes]:
        nonce = os.urandom(NONCE_BYTES)
        blob = self._aead[self.active].encrypt(nonce, value.encode(), self._context(worker_id, field))
        return self.active, nonce + blob

    def decrypt(self, worker_id: str, field: str, key_id: str, blob: bytes) -> str:
        aead = self._aead.get(key_id)
        if aead is None:
            raise TamperedCiphertext(f"{field} of worker {worker_id} is under an unknown key {key_id!r}")
        blob = bytes(blob)
        try:
            return aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], self._context(worker_id, field)).decode()
        except InvalidTag:
            raise TamperedCiphertext(f"{field} of worker {worker_id} failed authentication") from None

    def blind_index(self, kind: str, normalised_value: str) -> bytes:
        return hmac.new(self._index_key, f"{kind}:{normalised_value}".encode(), hashlib.sha256).digest()


def cipher_from(settings) -> FieldCipher:
    """The cipher from Settings (MCF_WORKER_PROFILE_KEYS / _ACTIVE_KEY / _INDEX_KEY). In development mode
    without keys: the development keys. Anywhere else missing keys, or the development ones, are refused."""
    keys = parse_keys(settings.worker_profile_keys)
    index_key = settings.worker_profile_index_key
    development = settings.environment == "development"
    if not keys and not index_key and development:
        keys, index_key = dict(DEVELOPMENT_KEYS), DEVELOPMENT_INDEX_KEY
    if not development:
        if not keys or not index_key:
            raise InsecureKeys("MCF_WORKER_PROFILE_KEYS and MCF_WORKER_PROFILE_INDEX_KEY must be set when MCF_ENV "
                               f"is {settings.environment!r} (`mcf worker-profile new-key` makes one)")
        if set(keys.values()) & set(DEVELOPMENT_KEYS.values()) or index_key == DEVELOPMENT_INDEX_KEY:
            raise InsecureKeys(f"the development keys are refused when MCF_ENV is {settings.environment!r}")
    if not index_key:
        raise InsecureKeys("MCF_WORKER_PROFILE_INDEX_KEY must be set with MCF_WORKER_PROFILE_KEYS")
    active = settings.worker_profile_active_key or (list(keys)[-1] if keys else "")
    return FieldCipher(keys, active, index_key)
