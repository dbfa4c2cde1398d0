"""The /check/ form: a manifest.json (at most 1 MB) or its SHA-256. Validation only."""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile

from check.register import SHA256_HEX

MAX_MANIFEST_BYTES = 1024 * 1024


class ManifestUploadHandler(MemoryFileUploadHandler):
    """Keeps an uploaded manifest in memory only up to 1 MB; a bigger file is dropped while it
    streams (and noted on the request), never written anywhere."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Always in memory: the limit below keeps it small, whatever the request claims.
        self.activated = True

    def new_file(self, *args, **kwargs):
        self.received = 0  # before the parent's, which stops the other handlers by raising
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_MANIFEST_BYTES:
            self.request.manifest_too_big = True
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)


class CheckForm(forms.Form):
    manifest = forms.FileField(
        label="The manifest.json file",
        help_text="From the unzipped bundle. At most 1 MB.",
        required=False,
    )
    sha256 = forms.CharField(
        label="Or its SHA-256",
        help_text="64 letters and digits, as printed on the cover of the pack.",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def __init__(self, *args, too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_big = too_big

    def clean_manifest(self) -> bytes | None:
        if self.too_big:
            raise forms.ValidationError(
                "The file is bigger than 1 MB, so it is not a manifest.json from a pack. "
                "Choose the manifest.json file from the unzipped bundle."
            )
        upload = self.cleaned_data.get("manifest")
        if not upload:
            return None
        content = upload.read(MAX_MANIFEST_BYTES + 1)
        if len(content) > MAX_MANIFEST_BYTES:
            raise forms.ValidationError(
                "The file is bigger than 1 MB, so it is not a manifest.json from a pack. "
                "Choose the manifest.json file from the unzipped bundle."
            )
        try:
            json.loads(content)
        except (ValueError, UnicodeDecodeError):
            raise forms.ValidationError(
                "The file is not a manifest.json: it is not JSON. Choose the file called "
                "manifest.json from the unzipped bundle, or paste its SHA-256 instead."
            ) from None
        return content

    def clean_sha256(self) -> str:
        typed = "".join(self.cleaned_data.get("sha256", "").split()).lower()
        if typed and not SHA256_HEX.fullmatch(typed):
            raise forms.ValidationError(
                "A SHA-256 is 64 characters, each a digit or a letter from a to f. Check it "
                "against the cover of the pack, or choose the manifest.json file instead."
            )
        return typed

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("manifest") and not cleaned.get("sha256"):
            raise forms.ValidationError("Choose a manifest.json file, or paste its SHA-256.")
        return cleaned

    def manifest_sha256(self) -> str:
        manifest = self.cleaned_data.get("manifest")
        if manifest:
            return hashlib.sha256(manifest).hexdigest()
        return self.cleaned_data["sha256"]
