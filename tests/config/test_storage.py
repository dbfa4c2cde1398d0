"""Files go to whichever store the settings choose: a local folder, or S3 in production and CI."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def test_a_file_comes_back_byte_for_byte_from_the_configured_store():
    original = bytes(range(256)) * 4096  # 1 MiB, every byte value
    name = default_storage.save("tests/round-trip.bin", ContentFile(original))
    try:
        with default_storage.open(name, "rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == hashlib.sha256(original).hexdigest()
        assert default_storage.size(name) == len(original)
    finally:
        default_storage.delete(name)
    assert not default_storage.exists(name)


def test_saving_under_a_taken_name_never_overwrites_the_first_file():
    first = default_storage.save("tests/same-name.txt", ContentFile(b"first"))
    second = default_storage.save("tests/same-name.txt", ContentFile(b"second"))
    try:
        assert first != second
        with default_storage.open(first, "rb") as stored:
            assert stored.read() == b"first"
    finally:
        default_storage.delete(first)
        default_storage.delete(second)
