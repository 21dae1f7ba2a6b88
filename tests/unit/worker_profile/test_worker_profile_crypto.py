"""Field encryption (AES-GCM with the key id beside the value), the blind index, and the keys' rules."""
import pytest

from mcf.kit.config import Settings
from mcf.worker_profile.adapters.crypto import (
    DEVELOPMENT_KEYS,
    FieldCipher,
    InsecureKeys,
    TamperedCiphertext,
    cipher_from,
    new_key,
)

OLD, NEW, INDEX = new_key(), new_key(), new_key()


def test_a_value_round_trips_and_its_ciphertext_does_not_show_it():
    cipher = FieldCipher({"k1": OLD}, "k1", INDEX)
    key_id, blob = cipher.encrypt("w-1", "email", "vasilisa@workers.example")
    assert key_id == "k1" and b"vasilisa" not in blob
    assert cipher.decrypt("w-1", "email", key_id, blob) == "vasilisa@workers.example"
    assert cipher.encrypt("w-1", "email", "vasilisa@workers.example")[1] != blob  # a fresh nonce each time


def test_a_tampered_moved_or_unknown_key_ciphertext_is_refused():
    cipher = FieldCipher({"k1": OLD}, "k1", INDEX)
    key_id, blob = cipher.encrypt("w-1", "phone", "+79161234567")
    flipped = bytes(blob[:-1]) + bytes([blob[-1] ^ 1])
    for worker, field, kid, data in (("w-1", "phone", key_id, flipped),    # one bit changed
                                     ("w-2", "phone", key_id, blob),       # copied to another worker
                                     ("w-1", "email", key_id, blob),       # moved to another field
                                     ("w-1", "phone", "k9", blob)):        # a key nobody has
        with pytest.raises(TamperedCiphertext):
            cipher.decrypt(worker, field, kid, data)


def test_after_rotation_old_values_still_decrypt_and_new_ones_use_the_active_key():
    before = FieldCipher({"k1": OLD}, "k1", INDEX)
    key_id, blob = before.encrypt("w-1", "full_name", "Vasilisa Kotova")
    after = FieldCipher({"k1": OLD, "k2": NEW}, "k2", INDEX)
    assert after.decrypt("w-1", "full_name", key_id, blob) == "Vasilisa Kotova"
    assert after.encrypt("w-1", "full_name", "Vasilisa Kotova")[0] == "k2"
    with pytest.raises(TamperedCiphertext):
        FieldCipher({"k2": NEW}, "k2", INDEX).decrypt("w-1", "full_name", key_id, blob)  # k1 retired too early


def test_the_blind_index_is_keyed_and_deterministic():
    one, other = FieldCipher({"k1": OLD}, "k1", INDEX), FieldCipher({"k1": OLD}, "k1", new_key())
    assert one.blind_index("email", "a@b.example") == one.blind_index("email", "a@b.example")
    assert one.blind_index("email", "a@b.example") != other.blind_index("email", "a@b.example")
    assert one.blind_index("email", "a@b.example") != one.blind_index("phone", "a@b.example")


def test_development_keys_only_in_development_mode():
    development = cipher_from(Settings(environment="development"))
    assert development.key_ids == tuple(DEVELOPMENT_KEYS)
    with pytest.raises(InsecureKeys):
        cipher_from(Settings(environment="production"))
    with pytest.raises(InsecureKeys):
        cipher_from(Settings(environment="production", worker_profile_keys=f"dev={DEVELOPMENT_KEYS['dev-1']}",
                             worker_profile_index_key=INDEX))
    real = cipher_from(Settings(environment="production", worker_profile_keys=f"k1={OLD},k2={NEW}",
                                worker_profile_active_key="k1", worker_profile_index_key=INDEX))
    assert real.active == "k1" and real.key_ids == ("k1", "k2")
    with pytest.raises(ValueError):
        cipher_from(Settings(environment="production", worker_profile_keys="k1=short",
                             worker_profile_index_key=INDEX))
    with pytest.raises(ValueError):
        cipher_from(Settings(environment="production", worker_profile_keys=f"k1={OLD}",
                             worker_profile_active_key="k7", worker_profile_index_key=INDEX))
