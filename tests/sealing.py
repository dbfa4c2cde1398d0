"""For tests that tamper with the database: values as it would hold them."""


def as_stored(instance, field_name: str, value):
    """`value` as the database keeps it in this row's field (sealed when encryption is on), so a
    test can change a row directly, as someone holding the keys could."""
    return instance._meta.get_field(field_name).sealed_for(instance, value)


def replace_stored(key: str, content: bytes, *, owner_id) -> None:
    """Put other bytes under a stored object's key, sealed as the app would seal them there
    (a change made by someone holding the keys; without them a change does not even open)."""
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from config import encryption
    from evidence import storage

    body = content
    if storage.is_sealed(key):
        sealed = io.BytesIO()
        with encryption.sealing_writer(sealed, owner_id=owner_id, where=f"file:{key}") as out:
            out.write(content)
        body = sealed.getvalue()
    default_storage.delete(key)
    assert default_storage.save(key, ContentFile(body)) == key
