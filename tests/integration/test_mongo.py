"""mcf.kit.mongo against the real MongoDB stand-in (nx-27017)."""
from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import pytest
from pymongo import ASCENDING, DESCENDING, MongoClient
from pymongo.errors import DuplicateKeyError

from mcf.kit import mongo


def test_connect_names_the_database_after_the_service(mongo_db, settings):
    assert mongo_db.name.startswith(settings.database_name("it_"))
    assert mongo.ping(mongo_db)


def test_insert_and_find_with_filter_sort_limit_and_projection(mongo_db):
    cats = mongo_db["cats"]
    at = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    cats.insert_many([{"_id": f"c{i}", "name": f"cat{i}", "age": i, "at": at} for i in range(10)])
    found = list(cats.find({"age": {"$gte": 5}}, {"_id": 0, "name": 1}).sort("age", DESCENDING).limit(3))
    assert found == [{"name": "cat9"}, {"name": "cat8"}, {"name": "cat7"}]
    assert cats.count_documents({"age": {"$lt": 5}}) == 5
    cats.update_one({"_id": "c1"}, {"$set": {"name": "Murka"}, "$push": {"toys": "feather"}})
    one = cats.find_one({"_id": "c1"})
    assert one["name"] == "Murka" and one["toys"] == ["feather"]
    assert one["at"] == at and one["at"].tzinfo is not None


def test_uuids_are_stored_as_strings_and_native_ones_refused(mongo_db):
    key = str(uuid.uuid4())
    mongo_db["things"].insert_one({"_id": key, "v": 1})
    assert mongo_db["things"].find_one({"_id": key})["v"] == 1
    # The stand-in could store a binary UUID but never find it again; refusing it keeps local and production alike.
    with pytest.raises(ValueError, match="UUID"):
        mongo_db["things"].insert_one({"_id": uuid.uuid4()})


def test_a_unique_index_rejects_a_duplicate(mongo_db):
    users = mongo_db["users"]
    users.create_index([("email", ASCENDING)], unique=True)
    users.insert_one({"email": "murka@cats.example"})
    with pytest.raises(DuplicateKeyError):
        users.insert_one({"email": "murka@cats.example"})
    assert users.count_documents({}) == 1


def test_gridfs_put_and_get_one_mebibyte(mongo_db):
    bucket = mongo.gridfs_bucket(mongo_db)
    data = os.urandom(1024 * 1024)
    file_id = bucket.upload_from_stream("photo.jpg", data, metadata={"cat_id": "c1", "content_type": "image/jpeg"})
    stream = bucket.open_download_stream(file_id)
    assert stream.read() == data
    assert stream.metadata["cat_id"] == "c1"
    assert stream.length == len(data)
    bucket.delete(file_id)


def test_ping_is_false_when_nothing_listens():
    client = MongoClient("mongodb://127.0.0.1:1", serverSelectionTimeoutMS=200, connectTimeoutMS=200)
    try:
        assert mongo.ping(client["x"]) is False
    finally:
        client.close()
