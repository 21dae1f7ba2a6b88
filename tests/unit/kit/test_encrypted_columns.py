"""mcf.kit.encrypted_columns without a database: what a row gets written, and how it reads back (the sealing
pass itself runs on PostgreSQL in the order, payment and client-dashboard integration tests)."""
import json
from types import SimpleNamespace

import pytest

from mcf.kit import crypto
from mcf.kit.crypto import FieldCipher, TamperedCiphertext
from mcf.kit.encrypted_columns import EncryptedColumns

CIPHER = FieldCipher({"k1": crypto.new_key()}, "k1", crypto.new_key(), "test-service")
COLUMNS = EncryptedColumns(("email", "address"), encode={"address": json.dumps}, decode={"address": json.loads},
                           derived=lambda cipher, plain: {"email_index": cipher.blind_index("email", plain["email"])})


def row(id_, **columns):
    return SimpleNamespace(id=id_, **columns)


def test_values_are_ciphertext_beside_their_key_the_plaintext_null_and_derived_columns_added():
    address = {"street": "Lesnaya", "building": "7"}
    written = COLUMNS.values(CIPHER, "o-1", {"email": "murka@cats.example", "address": address})
    assert written["email"] is None and written["address"] is None
    assert written["email_key"] == written["address_key"] == "k1"
    assert b"murka" not in written["email_enc"] and b"Lesnaya" not in written["address_enc"]
    assert written["email_index"] == CIPHER.blind_index("email", "murka@cats.example")
    assert COLUMNS.plain(CIPHER, row("o-1", **written)) == {"email": "murka@cats.example", "address": address}


def test_a_none_stays_none_and_a_row_not_sealed_reads_its_plaintext():
    columns = EncryptedColumns(("email",))
    assert columns.values(CIPHER, "o-1", {"email": None}) == {"email": None, "email_key": None, "email_enc": None}
    legacy = row("o-2", email="old@cats.example", email_enc=None, email_key=None)
    assert columns.read(CIPHER, legacy, "email") == "old@cats.example"


def test_a_value_read_as_another_owners_is_refused():
    written = COLUMNS.values(CIPHER, "o-1", {"email": "murka@cats.example", "address": {}})
    with pytest.raises(TamperedCiphertext):
        COLUMNS.read(CIPHER, row("o-2", **written), "email")
    owned = EncryptedColumns(("email",), owner=lambda r: f"{r.principal}/{r.key}")
    with pytest.raises(TamperedCiphertext):
        owned.read(CIPHER, SimpleNamespace(principal="a", key="other", **written), "email")
