"""Receiving files: every upload streams to a temporary file and is hashed on the way in."""

import hashlib

from django.conf import settings
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler


class HashingUploadHandler(TemporaryFileUploadHandler):
    """Write each uploaded file to disk in chunks, taking its SHA-256 as the bytes arrive.

    Nothing is held in memory, the hash is computed once, and a file over the size limit is
    dropped while it streams (noted on the request) instead of after it has all arrived.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.digest = hashlib.sha256()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.EVIDENCE_MAX_FILE_BYTES:
            refused = getattr(self.request, "refused_uploads", [])
            refused.append(self.file_name)
            self.request.refused_uploads = refused
            self.file.close()
            raise SkipFile
        self.digest.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        uploaded = super().file_complete(file_size)
        if uploaded is not None:
            uploaded.sha256 = self.digest.hexdigest()
        return uploaded
