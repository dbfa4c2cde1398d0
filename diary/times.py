"""Local dates and times as the user gives them, turned into UTC for storage."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_to_utc(day: date, at: time, timezone_name: str) -> datetime:
    # fold=0 picks the first of two repeated times when the clocks go back, as a person would.
    local = datetime.combine(day, at, tzinfo=ZoneInfo(timezone_name))
    return local.astimezone(ZoneInfo("UTC"))


def start_of_local_day(day: date, timezone_name: str) -> datetime:
    return local_to_utc(day, time(0, 0), timezone_name)


def clock(value: time) -> str:
    """A time as people write it in the UK: "9:30pm", "9pm", "12am"."""
    text = value.strftime("%I:%M").lstrip("0").replace(":00", "")
    return text + ("am" if value.hour < 12 else "pm")


def describe_delay(delay: timedelta) -> str | None:
    """Plain words for how long after an event it was written, if more than a day."""
    if delay <= timedelta(hours=24):
        return None
    days = delay.days
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        weeks = days // 7
        return f"{weeks} weeks"
    months = days // 30
    if months < 24:
        return f"{months} months"
    return f"{days // 365} years"
