"""Recognising and normalising datelines ("1:52 PM – Thursday, March 27, 2025", ISO, ...)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["is_dateline", "parse_dateline"]

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_DATE_PATTERNS = [
    # 2024-11-05, optionally with a time and zone: 2024-11-05T08:30:00Z
    re.compile(
        r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)"
        r"(?:[T ](?P<ih>[0-2]\d):(?P<imin>[0-5]\d)(?::(?P<isec>[0-5]\d)(?:\.\d+)?)?"
        r"(?P<iz>Z|[+-][0-2]\d:?[0-5]\d)?)?\b",
        re.I,
    ),
    # March 27, 2025 / Mar. 27 2025
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b", re.I),
    # 19 November 2019 / 19 Nov, 2019
    re.compile(r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I),
    # 27/03/2025 or 03/27/2025 (day first unless that is impossible) and 27.03.2025
    re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<year>(?:19|20)\d\d)\b"),
]

_TIME = re.compile(
    r"\b(?P<hour>[0-2]?\d)(?::|\.(?=\d\d\s*[ap]\.?m))(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?)?(?!\w)"
    r"(?:\s*\(?(?P<zone>UTC|GMT|Z|[ECMP][SD]?T|BST|CES?T|IST|JST|KST|AEST|AEDT"
    r"|(?:UTC|GMT)?\s?[+-]\d{1,2}(?::?\d\d)?)\)?)?(?!\w)",
    re.I,
)

_FIXED_ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "IST": 5.5, "JST": 9,
                "KST": 9, "AEST": 10, "AEDT": 11}
_US_ZONES = {"E": "America/New_York", "C": "America/Chicago", "M": "America/Denver",
             "P": "America/Los_Angeles"}
_US_STANDARD = {"E": -5, "C": -6, "M": -7, "P": -8}

# Words allowed on a dateline besides the date and time themselves.
_FILLER = re.compile(
    r"\b(?:updated|published|posted|last|modified|created|on|at|am|pm|a\.m|p\.m|"
    r"date|time|issued|edt|est|cdt|cst|pdt|pst|mdt|mst|et|ct|pt|utc|gmt|bst|cet|cest|ist|"
    r"jst|kst|today|ago|hours?|mins?|minutes?|the|of|"
    r"mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?",
    re.I,
)


def _zone(name: str | None, naive: datetime) -> tzinfo | None:
    if not name:
        return None
    name = name.strip().upper()
    if name in _FIXED_ZONES:
        return timezone(timedelta(hours=_FIXED_ZONES[name]))
    m = re.fullmatch(r"(?:UTC|GMT)?\s?([+-])(\d{1,2}):?(\d\d)?", name)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        return timezone(sign * delta)
    m = re.fullmatch(r"([ECMP])([SD])?T", name)
    if m:
        region, kind = m.group(1), m.group(2)
        if kind == "S":
            return timezone(timedelta(hours=_US_STANDARD[region]))
        if kind == "D":
            return timezone(timedelta(hours=_US_STANDARD[region] + 1))
        try:
            zone = ZoneInfo(_US_ZONES[region])
        except ZoneInfoNotFoundError:
            return timezone(timedelta(hours=_US_STANDARD[region]))
        offset = naive.replace(tzinfo=zone).utcoffset()
        return timezone(offset) if offset is not None else None
    return None


def _find_date(line: str) -> tuple[re.Match[str], int, int, int] | None:
    for pattern in _DATE_PATTERNS:
        m = pattern.search(line)
        if not m:
            continue
        groups = m.groupdict()
        year = int(groups["year"])
        if groups.get("mnum"):
            month, day = int(groups["mnum"]), int(groups["day"])
        elif groups.get("month"):
            month, day = _MONTHS[groups["month"].lower().rstrip(".")], int(groups["day"])
        else:
            a, b = int(groups["a"]), int(groups["b"])
            day, month = (a, b) if b <= 12 else (b, a)
        try:
            datetime(year, month, day)
        except ValueError:
            continue
        return m, year, month, day
    return None


def parse_dateline(line: str) -> datetime | None:
    """The date (and time, and zone when stated) a dateline gives, or None."""
    found = _find_date(line)
    if not found:
        return None
    m, year, month, day = found
    hour = minute = second = 0
    zone_name: str | None = None
    groups = m.groupdict()
    if groups.get("ih"):
        hour, minute = int(groups["ih"]), int(groups["imin"])
        second = int(groups["isec"] or 0)
        zone_name = groups.get("iz")
    else:
        rest = line[: m.start()] + " " + line[m.end():]
        t = _TIME.search(rest)
        if t:
            hour, minute = int(t.group("hour")), int(t.group("minute"))
            second = int(t.group("second") or 0)
            ampm = (t.group("ampm") or "").lower().replace(".", "").replace(" ", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            zone_name = t.group("zone")
            if hour > 23:
                hour = minute = second = 0
                zone_name = None
    naive = datetime(year, month, day, hour, minute, second)
    tz = _zone(zone_name, naive)
    return naive.replace(tzinfo=tz) if tz else naive


def is_dateline(line: str) -> bool:
    """True when a line is essentially a date (and time): little else is on it."""
    if len(line) > 120:
        return False
    found = _find_date(line)
    if not found:
        return False
    m = found[0]
    rest = line[: m.start()] + " " + line[m.end():]
    rest = _TIME.sub(" ", rest)
    rest = _FILLER.sub(" ", rest)
    leftover = re.findall(r"[^\W\d_]{2,}", rest)
    return len(leftover) <= 2
