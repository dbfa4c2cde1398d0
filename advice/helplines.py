"""The helplines on the "Getting help" page, read from a TOML file the deployer can change."""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_FILE = Path(__file__).resolve().parent / "helplines.toml"
REQUIRED_FIELDS = ("name", "number", "about")
DIALLABLE = re.compile(r"^\+?[0-9 ]{3,20}$")


@dataclass(frozen=True)
class Helpline:
    name: str
    number: str
    about: str
    opening_hours: str = ""

    @property
    def tel_uri(self) -> str:
        """The number as a phone dials it, for a tap-to-call link."""
        return "tel:" + self.number.replace(" ", "")


def parse_helplines(text: str, source: str = "the helplines file") -> tuple[Helpline, ...]:
    """Read helplines from TOML text; a mistake raises ImproperlyConfigured saying where."""
    try:
        entries = tomllib.loads(text).get("helpline", [])
    except tomllib.TOMLDecodeError as error:
        raise ImproperlyConfigured(f"{source} is not valid TOML: {error}") from error
    if not entries:
        raise ImproperlyConfigured(f"{source} lists no [[helpline]] entries.")
    helplines = []
    for position, entry in enumerate(entries, start=1):
        missing = [field for field in REQUIRED_FIELDS if not str(entry.get(field, "")).strip()]
        if missing:
            raise ImproperlyConfigured(
                f"Helpline {position} in {source} needs: {', '.join(missing)}."
            )
        number = str(entry["number"]).strip()
        if not DIALLABLE.match(number):
            raise ImproperlyConfigured(
                f"Helpline {position} in {source} has the number {number!r}; "
                "use digits and spaces only, for example 0808 802 0300."
            )
        helplines.append(
            Helpline(
                name=str(entry["name"]).strip(),
                number=number,
                about=str(entry["about"]).strip(),
                opening_hours=str(entry.get("opening_hours", "")).strip(),
            )
        )
    return tuple(helplines)


def helplines_file() -> Path:
    return Path(getattr(settings, "ADVICE_HELPLINES_FILE", DEFAULT_FILE))


@cache
def _load(path: Path) -> tuple[Helpline, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ImproperlyConfigured(f"Cannot read the helplines file {path}: {error}") from error
    return parse_helplines(text, source=str(path))


def all_helplines() -> tuple[Helpline, ...]:
    """The configured helplines, read once per file per process."""
    return _load(helplines_file())
