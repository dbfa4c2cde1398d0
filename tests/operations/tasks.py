"""A task that fails, quoting what it was given, as a careless one might."""

from django_tasks import task


@task
def fail_quoting(words: str) -> None:
    raise ValueError(f"could not handle {words}")
