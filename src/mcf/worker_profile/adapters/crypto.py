"""worker-profile's cipher: the kit's field encryption (mcf.kit.crypto) under worker-profile's own keys
(MCF_WORKER_PROFILE_KEYS / _ACTIVE_KEY / _INDEX_KEY). See docs/adr/0070-worker-personal-data-encryption.md."""
from __future__ import annotations

from mcf.kit import crypto
from mcf.kit.crypto import InsecureKeys, TamperedCiphertext, new_key, parse_keys  # noqa: F401 - re-exported

SERVICE = "worker-profile"
DEVELOPMENT_KEYS, DEVELOPMENT_INDEX_KEY = crypto.development_keys(SERVICE)


class FieldCipher(crypto.FieldCipher):
    """The kit's cipher bound to worker-profile (associated data ``mcf/worker-profile/<worker id>/<field>``)."""

    def __init__(self, keys: dict[str, str], active: str, index_key: str):
        super().__init__(keys, active, index_key, SERVICE)


def cipher_from(settings) -> crypto.FieldCipher:
    return crypto.cipher_from(settings, SERVICE)
