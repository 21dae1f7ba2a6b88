"""Personal data in encrypted columns of a peewee model, and the pass that seals rows written in plain text.

A field ``f`` is stored as ``f_enc`` (bytea: nonce || AES-GCM ciphertext and tag, ``mcf.kit.crypto``) and
``f_key`` (the id of the key); the plaintext column ``f`` an older migration created stays, nullable, and is NULL
once the row is sealed. The owner bound into the associated data is the row's id (or what ``owner`` says), so a
value moved to another row or column is refused. ``seal`` runs after the migrations (every process may run it)
and also re-encrypts values under a key that is no longer active, and empties the rows ``dropped`` names.
ADR 0070, 0121, 0123, 0127.
"""
from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import peewee

from mcf.kit.crypto import FieldCipher
from mcf.kit.db import bound


def _same(value: Any) -> Any:
    return value


def _any(clauses) -> peewee.Expression:
    return functools.reduce(operator.or_, clauses)


@dataclass(frozen=True)
class EncryptedColumns:
    """The encrypted fields of one model. ``encode``/``decode`` turn a non-text value (a JSON address) into the
    text that is encrypted and back; ``derived`` adds columns computed from the plain values (a blind index)."""

    fields: tuple[str, ...]
    owner: Callable[[peewee.Model], str] = lambda row: str(row.id)
    encode: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    decode: Mapping[str, Callable[[str], Any]] = field(default_factory=dict)
    derived: Callable[[FieldCipher, Mapping[str, Any]], dict] | None = None
    # Rows whose personal data is no longer needed (SQL, on the bound model: notification's sent e-mails, ADR
    # 0127): the pass empties their fields instead of encrypting them.
    dropped: Callable[[type[peewee.Model]], peewee.Expression] | None = None

    def values(self, cipher: FieldCipher, owner: str, plain: Mapping[str, Any]) -> dict:
        """The columns to write for ``plain`` ({field: value}): ciphertext and key id, the plaintext NULL."""
        out: dict = {}
        for name in self.fields:
            out[name] = None
            value = plain[name]
            if value is None:
                out[f"{name}_key"] = out[f"{name}_enc"] = None
            else:
                out[f"{name}_key"], out[f"{name}_enc"] = cipher.encrypt(
                    owner, name, self.encode.get(name, _same)(value))
        if self.derived is not None:
            out.update(self.derived(cipher, plain))
        return out

    def read(self, cipher: FieldCipher, row: peewee.Model, name: str) -> Any:
        """The plain value of one field; a row not sealed yet still has it in the plaintext column."""
        blob = getattr(row, f"{name}_enc")
        if blob is None:
            return getattr(row, name)
        return self.decode.get(name, _same)(cipher.decrypt(self.owner(row), name, getattr(row, f"{name}_key"), blob))

    def plain(self, cipher: FieldCipher, row: peewee.Model) -> dict:
        return {name: self.read(cipher, row, name) for name in self.fields}

    def stale(self, rows: type[peewee.Model], cipher: FieldCipher) -> peewee.Expression:
        """Rows holding plaintext, or a value under a key that is not the active one."""
        condition = _any(getattr(rows, name).is_null(False) | (getattr(rows, f"{name}_key") != cipher.active)
                         for name in self.fields)
        return condition if self.dropped is None else condition & ~self.dropped(rows)

    def _drop(self, rows: type[peewee.Model]) -> int:
        condition = _any(getattr(rows, f"{name}{suffix}").is_null(False)
                         for name in self.fields for suffix in ("", "_enc"))
        emptied = {f"{name}{suffix}": None for name in self.fields for suffix in ("", "_enc", "_key")}
        return rows.update(**emptied).where(self.dropped(rows) & condition).execute()

    def seal(self, database: peewee.Database, model: type[peewee.Model], cipher: FieldCipher,
             batch: int = 200) -> int:
        """Encrypt every row still holding plaintext and empty its plaintext columns; re-encrypt (and re-derive)
        every row with a value under an older key. Batches are claimed with FOR UPDATE SKIP LOCKED, so every
        process of a service may run it at start; a rerun changes nothing. Returns how many rows it rewrote."""
        rows = bound(model, database)
        done = 0
        with database.connection_context():
            if self.dropped is not None:
                with database.atomic():
                    done += self._drop(rows)
            while True:
                with database.atomic():
                    chunk = list(rows.select().where(self.stale(rows, cipher)).limit(batch)
                                 .for_update(skip_locked=True))
                    for row in chunk:
                        changes = self.values(cipher, self.owner(row), self.plain(cipher, row))
                        rows.update(**changes).where(row._pk_expr()).execute()
                done += len(chunk)
                if len(chunk) < batch:
                    return done
