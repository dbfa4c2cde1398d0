"""Model fields whose values are sealed at rest with the owner's own key (config/encryption.py).

Code reads and writes them as plain text (or plain JSON); the database only ever holds
"tink1:<base64>", bound to the model, the field, the row and the owner. A value is opened when it
is first read from its instance, so a list that never shows a field never opens it. Values are
not searchable or sortable in the database: lists sort after opening, and dates, kinds, counts
and hashes stay in plain columns so filters and keyset pages still work. An empty value stays
empty (it says nothing). Writing plain text past the instance (QuerySet.update, a filter on a
sealed column) is refused, so nothing reaches the database unsealed by mistake.

Something that does not open (copied from another row, changed, or its key gone) reads as empty,
is listed in the instance's `unreadable_fields` and logged without its content, and is written
back exactly as it was if the row is saved, so nothing is lost by looking at it.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from config import encryption

logger = logging.getLogger(__name__)
UNREADABLE = "_unreadable"  # instance.__dict__ key: field name -> the stored value kept as it was


class Stored(str):
    """A value as it came from the database, not opened yet."""

    __slots__ = ()


def unreadable_fields(instance) -> set[str]:
    """The sealed fields of this instance read so far that did not open."""
    return set(instance.__dict__.get(UNREADABLE, {}))


class _SealedAttribute(DeferredAttribute):
    """A data descriptor (it has __set__), so every read passes here and can open the value."""

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        data, name = instance.__dict__, self.field.attname
        if name not in data:
            super().__get__(instance, cls)  # a deferred field: fetched into data
        value = data[name]
        if isinstance(value, Stored):
            value = data[name] = self.field.opened(instance, value)
        return value

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value


class _Sealed:
    """What the text and the JSON field share: where a value lives, whose key seals it."""

    descriptor_class = _SealedAttribute
    empty_value: object = ""

    def __init__(self, *args, owner_field: str = "owner", **kwargs) -> None:
        self.owner_field = owner_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.owner_field != "owner":
            kwargs["owner_field"] = self.owner_field
        return name, path, args, kwargs

    def place(self, instance) -> str:
        return f"{instance._meta.label_lower}.{self.name}:{instance.pk}"

    def owner_id(self, instance):
        if self.owner_field == "self":
            return instance.pk
        return getattr(instance, f"{self.owner_field}_id")

    def from_db_value(self, value, expression, connection):
        if encryption.is_sealed(value):
            return Stored(value)
        return self.from_plain(value)

    def opened(self, instance, stored: str):
        try:
            plain = encryption.open_text(
                stored, owner_id=self.owner_id(instance), where=self.place(instance)
            )
        except encryption.Unreadable:
            # The place names a row, never its content.
            logger.warning("A sealed value did not open: %s", self.place(instance))
            instance.__dict__.setdefault(UNREADABLE, {})[self.name] = str(stored)
            return self.empty_value
        return self.from_plain(plain)

    def sealed_for(self, instance, value) -> str | None:
        """The value as the database keeps it for this instance (sealed when encryption is on)."""
        if isinstance(value, Stored):
            return str(value)
        kept = instance.__dict__.get(UNREADABLE, {}).get(self.name)
        if kept is not None and value == self.empty_value:
            return kept  # never overwrite what could not be read with nothing
        plain = self.to_plain(value)
        if not plain or not settings.ENCRYPTION_ENABLED:
            return plain
        return encryption.seal_text(
            plain, owner_id=self.owner_id(instance), where=self.place(instance)
        )

    def pre_save(self, instance, add):
        return self.sealed_for(instance, instance.__dict__.get(self.attname))

    def get_prep_value(self, value):
        if isinstance(value, Stored) or value is None:
            return None if value is None else str(value)
        if not isinstance(value, str):
            value = self.to_plain(value)
        if value and settings.ENCRYPTION_ENABLED and not encryption.is_sealed(value):
            raise ValueError(
                f"{self.model._meta.label}.{self.name} is sealed: save it through its instance, "
                "and never filter on it."
            )
        return value


# Up to this many characters a form asks for one line of text; beyond it, a box of lines.
ONE_LINE_LENGTH = 400


class SealedTextField(_Sealed, models.TextField):
    """Free text sealed at rest. `max_length` only limits forms; the column is unlimited text."""

    def formfield(self, **kwargs):
        # The column is a TextField (sealed text is long), but a name or a number is one line.
        from django import forms

        if self.max_length is not None and self.max_length <= ONE_LINE_LENGTH:
            kwargs = {"widget": forms.TextInput, **kwargs}
        return super().formfield(**kwargs)

    def from_plain(self, value):
        return value

    def to_plain(self, value):
        return value


class SealedJSONField(_Sealed, models.TextField):
    """JSON sealed at rest as one value (a whole snapshot, a file's facts, a pack's choices)."""

    empty_value = None

    def from_plain(self, value):
        if value is None or not isinstance(value, str):
            return value
        return json.loads(value)

    def to_plain(self, value):
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def to_python(self, value):
        return value  # already JSON data, as models.JSONField takes it

    def value_to_string(self, obj):
        return self.to_plain(self.value_from_object(obj))

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


def sealed_fields(model) -> list[_Sealed]:
    return [field for field in model._meta.concrete_fields if isinstance(field, _Sealed)]


def sealed_models() -> list:
    """Every installed model with a sealed field."""
    from django.apps import apps

    return [model for model in apps.get_models() if sealed_fields(model)]


def reseal_row(row) -> dict:
    """The row's sealed columns sealed afresh under the owner's current primary key (plain ones
    sealed for the first time), as {column: value} for a QuerySet.update."""
    values = {}
    for field in sealed_fields(row):
        plain = getattr(row, field.attname)
        if field.name in unreadable_fields(row):
            continue  # left exactly as it is: it does not open, so it cannot be sealed again
        if field.to_plain(plain):
            values[field.attname] = field.sealed_for(row, plain)
    return values


def plain_columns(row) -> dict:
    """Like reseal_row, but only for columns still holding plain text (never sealed)."""
    values = {}
    for field in sealed_fields(row):
        stored = row.__dict__.get(field.attname)
        if isinstance(stored, Stored) or not field.to_plain(stored):
            continue
        values[field.attname] = field.sealed_for(row, stored)
    return values


def read_all(instance) -> set[str]:
    """Open every sealed field of this instance now; the names of those that did not open."""
    for field in sealed_fields(instance):
        getattr(instance, field.attname)
    return unreadable_fields(instance)
