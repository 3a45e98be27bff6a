"""Dates and times in English news prose, resolved against the publication time.

``find_dates`` scans lower-cased text (offsets equal to the original's) and reads the
original for capitalisation. Values are ISO strings: "2025-03-25", "2025-01",
"2025-W12", "2025-Q1", durations "P2W"/"PT24H", intervals "2016-10-25/2016-10-26",
times "13:52"; ``None`` where the text cannot be resolved.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from newsreader.core.analysis.numbers import ORDINAL_WORD, TENS, UNITS, alternation, ordinal_value

__all__ = ["MONTHS", "find_dates"]

Found = tuple[int, int, str, object]

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "tue": 1, "tues": 1, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
}
# Abbreviations that are also words ("wed", "sun"): only before a written date.
_WEEKDAY_ABBR = {"mon": 0, "wed": 2, "sat": 5, "sun": 6}
_UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "10Y",
               "hour": "H", "minute": "M", "second": "S"}
_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
    "valentine's day": (2, 14), "boxing day": (12, 26), "thanksgiving": None,
    "thanksgiving day": None, "easter": None, "easter sunday": None,
}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}

_MONTH = rf"(?:(?:{alternation(list(MONTHS)[:12])})\b|(?:{alternation(list(MONTHS)[12:])})\b\.?)"
_WD = rf"(?:{alternation(WEEKDAYS)})\b"
_WD_ANY = rf"(?:{alternation(WEEKDAYS | _WEEKDAY_ABBR)})\b"
_DAY_WORD = (
    rf"(?:{ORDINAL_WORD}|(?:twenty|thirty)[\s-](?:{alternation(list(UNITS)[1:10])})"
    rf"|{alternation(list(UNITS)[1:] + ['twenty', 'thirty'])})\b"
)
_DAY_NUM = r"(?:\d{1,2}(?:st|nd|rd|th)?(?![\d:]))"
_DAY = rf"(?:{_DAY_NUM}|{_DAY_WORD})"
_YEAR = r"(?:\d{4}(?!,?\d)|'\d\d\b)"
_RANGE = r"(?:\s*[-–]\s*\d{1,2}(?![\d:]))?"
_REL = r"(?:this|last|next|past|coming|previous)"
_NUM_WORD = rf"(?:(?<!\d)\d++|a|an|(?:{alternation(TENS)})(?:[\s-](?:{alternation(UNITS)}))?|{alternation(UNITS)})\b"
_UNIT = r"(?:(?:business\s+)?days?|weeks?|months?|years?|decades?|hours?|minutes?)\b"
_COUNT = rf"{_NUM_WORD}\s+{_UNIT}"
_AMPM = r"(?:[ap]\.m\.|[ap]\.?m\b)"
_ZONE = r"(?:\s+(?:gmt|utc|et|est|edt|ct|cst|cdt|pt|pst|pdt|bst|cet|cest|jst|kst|msk)\b)?"

_PATTERN = re.compile(
    "|".join(
        [
            # 2015-08-12, 2019-sep-1, 9-18-15, 13.5.2015, 11/12,2016
            rf"(?P<iso>(?<![\w.,/-])\d{{4}}([-/.])(?:\d{{1,2}}|{alternation(MONTHS)})\2\d{{1,2}}(?![\w/.-]\d))",
            r"(?P<dmy>(?<![\w.,/-])\d{1,2}([-/.])\d{1,2}\4\d{2}(?:\d\d)?(?![\w/.-]\d)"
            r"|(?<![\w.,/-])\d{1,2}/\d{1,2},\d{2}(?:\d\d)?(?![\w/.-]\d))",
            # Tuesday, March 27, 2025; March 27-28; Jan. 8; may the eleventh; March 2025
            rf"(?P<md>(?:{_WD_ANY},?\s+)?{_MONTH}(?:\s*[-/]\s*|\s+(?:the\s+)?|(?<=\.)){_DAY}{_RANGE}"
            rf"(?:(?:\s*,|\s+of)?\s*{_YEAR})?)",
            # 27 March 2025, 4th of march, 1-jan, the 27th of March, 11-13 Dec.
            rf"(?P<dm>(?:{_WD_ANY},?\s+)?(?:the\s+)?{_DAY}{_RANGE}\.?(?:\s+of\s+|\s+|-){_MONTH}"
            rf"(?:,?\s*(?:of\s+)?{_YEAR})?)",
            rf"(?P<my>(?:(?:early|mid|late)[\s-]+)?{_MONTH},?\s+(?:of\s+)?\d{{4}}(?!,?\d))",
            rf"(?P<month>(?:(?:early|mid|late)[\s-]+|{_REL}\s+)?{_MONTH})",
            # this friday, friday of next week, saturday the second, friday 7/6
            rf"(?:this\s+(?={_WD}))?(?P<wd>(?:(?:last|next|past|coming|previous)\s+(?:week\s+(?:on\s+)?)?"
            rf"|(?:next|this|last)\s+week\s+on\s+)?{_WD}"
            rf"(?:,?\s+the\s+{_DAY}|\s+\d{{1,2}}[-/.]\d{{1,2}}(?![\d/.-]\d)|\s*(?:\(|-)\s*{_MONTH}-\d{{1,2}}\)?"
            rf"|\s+(?:of\s+)?(?:this|next|last)\s+week\b)?)",
            rf"(?P<nth>(?:the\s+)?(?:first|second|third|fourth|last|fifth)\s+{_WD}"
            rf"(?:\s+(?:of|in)\s+(?:{_MONTH}|this\s+month|next\s+month))?)",
            # today, the day after tomorrow, next day
            r"(?P<day>(?:the\s+day\s+(?:before|after)\s+)?(?:today|tomorrow|yesterday)\b"
            r"|(?:the\s+)?(?:next|last|following|previous)\s+day\b)",
            # two weeks ago, in 3 weeks, the past 24 hours, 1 month 21 days ago
            rf"(?P<count>(?:in\s+|(?:the\s+)?(?:past|last|next|coming|first)\s+)?"
            rf"(?:{_COUNT}\s+)*(?:{_COUNT}|{_NUM_WORD}\s+(?:{alternation(WEEKDAYS)})s?\b)"
            r"(?:\s+(?:ago|later|earlier|from\s+(?:now|today|tomorrow)|(?:before|after)\s+"
            r"(?:today|tomorrow|yesterday)))?)",
            rf"(?P<unit>(?:(?:early|late|earlier|later)\s+)?(?:the\s+)?{_REL}\s+"
            r"(?:week|month|year|weekend|decade|quarter|century|spring|summer|autumn|fall|winter)\b)",
            r"(?P<quarter>(?<![\w-])q[1-4](?:\s+\d{4}(?!,?\d))?\b|(?:the\s+)?(?:first|second|third|fourth)"
            r"\s+quarter(?:\s+of\s+(?:\d{4}(?!,?\d)|this\s+year|last\s+year|next\s+year))?)",
            r"(?P<season>(?:spring|summer|autumn|fall|winter)(?:\s+of)?\s+\d{4}(?!,?\d))",
            r"(?P<decade>(?:(?:early|mid|late)[\s-]+|the\s+)?(?:(?<![\w'])\d{2}|(?<![\w])\d{4}|'\d\d)s\b)",
            rf"(?P<century>(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)|{ORDINAL_WORD})[\s-]century)",
            r"(?P<years>(?<![\w.,/-])(?:1[89]|20)\d\d\s*[-–]\s*(?:(?:1[89]|20)\d\d|\d\d)(?![\w.,/-]))",
            r"(?P<fiscal>(?:fiscal(?:\s+year)?\s+|fy\s?)(?:\d{4}|\d\d)(?!,?\d))",
            # on the 27th, for the 21st; "the second!" closing a sentence
            rf"(?P<nthday>(?:the\s+)?{_DAY_NUM}\s+of\s+(?:this|next|last)\s+month\b"
            rf"|(?:(?<=\bon\s)|(?<=\bfor\s)|(?<=\bby\s)|(?<=\buntil\s))(?:the\s+)?{_DAY}"
            r"(?=\s*(?:[.!?,;](?!\d)|$))|the\s+\d{1,2}(?:st|nd|rd|th)?(?=\s*(?:[.!?](?!\d)|$)))",
            r"(?P<short>(?<![\w.,/-])\d{1,2}([-/.])\d{1,2}(?![\w/.-]\d))",
            r"(?P<holiday>christmas(?:\s+(?:eve|day))?|new\s+year's\s+(?:eve|day)|halloween"
            r"|valentine's\s+day|boxing\s+day|thanksgiving(?:\s+day)?|easter(?:\s+sunday)?)\b",
            rf"(?P<clock>(?<![\w.:])\d{{1,2}}(?::\d\d(?::\d\d)?(?:\s*{_AMPM})?|(?:[.:]\d\d)?\s*{_AMPM}){_ZONE}"
            r"|\bnoon\b|\bmidnight\b|\d{1,2}\s+o'clock\b)",
            r"(?P<daypart>\btonight\b|\b(?:this|last)\s+(?:morning|afternoon|evening|night)\b)",
        ]
    )
)
_ANCHOR_BODY = (
    r"(?:'?\d|(?:"
    + alternation(
        [*MONTHS, *WEEKDAYS, *_WEEKDAY_ABBR, "today", "tomorrow", "yesterday", "tonight", "noon",
         "midnight", "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years",
         "decade", "decades", "hour", "hours", "minute", "minutes", "quarter", "century", "fiscal",
         "fy", "q1", "q2", "q3", "q4", "morning", "afternoon", "evening", "night", "christmas",
         "new year's", "halloween", "valentine's", "boxing", "thanksgiving", "easter",
         *_SEASONS, *(w + "s" for w in WEEKDAYS if len(w) > 5)]
        + ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    )
    + r")(?![a-z]))"
)
_ANCHOR = re.compile(rf"(?<![a-z0-9]){_ANCHOR_BODY}")
# The character before an anchor, then the anchor: the scan skips to such characters, where
# a look-behind first would be tried at every one. An anchor ends in a letter or a digit,
# so the next one can never need the last character of the one before.
_AFTER_BREAK = re.compile(rf"[^a-z0-9]{_ANCHOR_BODY}")
# Words a date may start with before its anchor: "the day after tomorrow", "in 3 weeks".
_LEAD_WORDS = frozenset(
    ["the", "this", "last", "next", "past", "coming", "previous", "following", "early", "mid", "late", "earlier", "later", "in", "on", "day", "before", "after", "of", "first", "second", "third", "fourth", "fifth", "a", "an", "business", "for", "by", "until"]
    + list(UNITS) + list(TENS) + list(WEEKDAYS) + list(_WEEKDAY_ABBR)
)
_PREVIOUS_WORD = re.compile(r"(?<![\w'])([a-z]+|\d+(?:st|nd|rd|th)?)[\s,.-]{1,3}$")
# Digits that may start a date by themselves: "2025-03-27", "1:52", "27th", "1990s", "10am".
_DATE_DIGITS = re.compile(r"'?\d+(?:[-/.:–]\s?\d|[-/.][a-z]|st|nd|rd|th|s\b|\s*(?:[ap]\.?m|o'c)|\s*[.!?]|\s*$)")
_MONTH_NAME = re.compile(rf"\b(?:{alternation(MONTHS)})\b")
_WEEKDAY_NAME = re.compile(rf"\b(?:{alternation(WEEKDAYS)})")
_NAMED_DAY_BEFORE = re.compile(r"\b(?:black|cyber|good|super|ash|palm|holy|easter)\s+$")
_DATE_PREP = re.compile(r"\b(?:in|on|since|until|till|by|from|through|during|of|before|after|between"
                        r"|and|early|late|mid|last|next|this|to)[\s-]+$")
_FUTURE = re.compile(r"\b(?:will|would|'ll|to be|is due|are due|scheduled|expected|set to|plans? to)\b[^.!?]*$")
_FORWARD_FROM = re.compile(r"\b(?:from|after)\s+(now|today|tomorrow)|later")


def find_dates(low: str, text: str, published: datetime | None) -> list[Found]:
    """(start, end, label, value) for each date or time in ``low`` (= ``text.lower()``).

    Only words that every date expression contains ("March", "Tuesday", digits, "week")
    are searched for; the patterns are then tried there and a few words before.
    """
    found: list[Found] = []
    pub = published.date() if published else None
    covered = -1
    for at in _anchors(low):
        if at < covered or (not low[at].isalpha() and not _DATE_DIGITS.match(low, at)):
            continue
        for start in _starts(low, at):
            m = _PATTERN.match(low, start)
            if m is None or m.end() <= at:
                continue
            kind = m.lastgroup
            got = _READERS[kind](m, low, text, pub)
            if got is not None:
                found.append((m.start(kind), m.end(kind), got[0], got[1]))
                covered = max(covered, m.end())
    return found


def _anchors(low: str):
    """The start of each ``_ANCHOR`` match in ``low``, as ``finditer`` gives them."""
    pos = 0
    first = _ANCHOR.match(low)
    if first is not None:
        yield 0
        pos = first.end()
    for m in _AFTER_BREAK.finditer(low, pos):
        yield m.start() + 1


def _starts(low: str, at: int) -> list[int]:
    """``at`` and the starts of up to four words before it that a date may begin with."""
    starts = [at]
    for _ in range(4):
        prev = _PREVIOUS_WORD.search(low, max(0, at - 16), at)
        if prev is None or not (prev.group(1) in _LEAD_WORDS or prev.group(1)[0].isdigit()):
            break
        at = prev.start()
        starts.append(at)
    return starts


def _read_iso(m: re.Match, low: str, text: str, pub: date | None):
    y, mo, d = re.split(r"[-/.]", m.group("iso"))
    month = MONTHS.get(mo) or int(mo)
    return _ymd(int(y), month, int(d))


def _read_dmy(m: re.Match, low: str, text: str, pub: date | None):
    a, b, y = (int(x) for x in re.split(r"[-/.,]", m.group("dmy")))
    year = y if y >= 100 else 2000 + y if y < 50 else 1900 + y
    month, day = (b, a) if a > 12 else (a, b)  # US order unless the first cannot be a month
    return _ymd(year, month, day)


def _ymd(year: int, month: int, day: int):
    try:
        return "DATE", date(year, month, day).isoformat()
    except ValueError:
        return None


def _read_md(m: re.Match, low: str, text: str, pub: date | None):
    return _read_written(m.group("md"), m, text, pub)


def _read_dm(m: re.Match, low: str, text: str, pub: date | None):
    return _read_written(m.group("dm"), m, text, pub)


_PART = re.compile(rf"(?P<month>{alternation(MONTHS)})\b|(?P<year>\d{{4}}|'\d\d)(?![\d])"
                   rf"|(?P<day>{_DAY_NUM}|{_DAY_WORD})")


def _read_written(span: str, m: re.Match, text: str, pub: date | None):
    """ "Tuesday, March 27, 2025", "27 March", "11-13 Dec." -> an ISO date or interval."""
    month = year = None
    days: list[int] = []
    for part in _PART.finditer(span):
        if part.lastgroup == "month" and month is None:
            month = MONTHS[part.group("month")]
        elif part.lastgroup == "year":
            y = part.group("year")
            year = int(y) if y[0] != "'" else _two_digit_year(int(y[1:]))
        elif part.lastgroup == "day":
            value = _day_value(part.group("day"))
            if value is None:
                return None
            days.append(value)
    if month is None or not days or not all(1 <= d <= 31 for d in days):
        return None
    if not _month_is_written(text, m.start(m.lastgroup), span):
        return None
    if year is None:
        year = _nearest_year(pub, month, days[0])
    if year is None:
        return "DATE", None
    try:
        dates = [date(year, month, d).isoformat() for d in days[:2]]
    except ValueError:
        return None
    return "DATE", "/".join(dates)


def _month_is_written(text: str, start: int, span: str) -> bool:
    """Lower-case "may"/"mar" next to a number is rarely a month; other names pass."""
    word = _MONTH_NAME.search(span.lower())
    name = text[start + word.start() : start + word.end()]
    return name[0].isupper() or name.lower() not in ("may", "mar", "march")


def _day_value(word: str) -> int | None:
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group(0))
    ordinal = ordinal_value(word)
    if ordinal is not None:
        return ordinal
    parts = re.split(r"[\s-]+", word)
    return sum(UNITS.get(p, TENS.get(p, 0)) for p in parts) or None


def _two_digit_year(y: int) -> int:
    return 2000 + y if y < 50 else 1900 + y


def _nearest_year(pub: date | None, month: int, day: int = 1) -> int | None:
    """The year of an unyeared month/day: news looks back, so the latest one on or
    before publication, unless it falls within the coming month."""
    if pub is None:
        return None
    ahead = date(pub.year, month, min(day, 28))
    if ahead < pub:
        ahead = date(pub.year + 1, month, min(day, 28))
    return ahead.year if (ahead - pub).days <= 31 else ahead.year - 1


def _read_my(m: re.Match, low: str, text: str, pub: date | None):
    span = m.group("my")
    name = _MONTH_NAME.search(span)
    if not _month_is_written(text, m.start("my"), span):
        return None
    year = re.search(r"\d{4}", span).group(0)
    return "DATE", f"{year}-{MONTHS[name.group(0)]:02d}"


def _read_month(m: re.Match, low: str, text: str, pub: date | None):
    """A month name alone: capitalised, a full name (or context for May/March)."""
    span = m.group("month")
    name = _MONTH_NAME.search(span)
    start = m.start("month") + name.start()
    word = name.group(0)
    if not text[start].isupper() or (len(word) < 5 and word not in ("may", "june", "july")):
        return None
    rel = re.match(_REL, span)
    if word in ("may", "march") and not rel and not _DATE_PREP.search(low, max(0, start - 12), start):
        return None
    month = MONTHS[word]
    if pub is None:
        return "DATE", None
    year = _nearest_year(pub, month)
    if rel:
        year = _relative_year(pub, month, rel.group(0))
    return "DATE", f"{year:04d}-{month:02d}"


def _relative_year(pub: date, month: int, rel: str) -> int:
    if rel in ("last", "past", "previous"):
        return pub.year if month < pub.month else pub.year - 1
    if rel in ("next", "coming"):
        return pub.year if month > pub.month else pub.year + 1
    return pub.year


def _read_wd(m: re.Match, low: str, text: str, pub: date | None):
    span = m.group("wd")
    day_of_month = re.search(rf"the\s+({_DAY})$", span)
    numeric = re.search(r"(\d{1,2})[-/.](\d{1,2})$", span)
    if day_of_month or numeric:
        return "DATE", _day_in_month(pub, day_of_month, numeric)
    if pub is None:
        return "DATE", None
    weekday = WEEKDAYS[_WEEKDAY_NAME.search(span).group(0)]
    week = re.search(r"\b(this|next|last)\s+week\b", span)
    if week:
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks={"this": 0, "next": 1, "last": -1}[week.group(1)])
        return "DATE", (monday + timedelta(days=weekday)).isoformat()
    if _NAMED_DAY_BEFORE.search(low, max(0, m.start() - 7), m.start()):
        return None  # "Black Friday", "Good Friday"
    rel = re.match(_REL, low[m.start() : m.end()])  # "this" stays outside the span
    mode = rel.group(0) if rel else ("future" if _FUTURE.search(low, max(0, m.start() - 80), m.start()) else "past")
    return "DATE", _weekday_date(pub, weekday, mode).isoformat()


def _day_in_month(pub: date | None, day_of_month: re.Match | None, numeric: re.Match | None) -> str | None:
    """ "saturday the second", "friday 7/6": the day in the month nearest publication."""
    if pub is None:
        return None
    if numeric:
        month, day = int(numeric.group(1)), int(numeric.group(2))
    else:
        month, day = pub.month, _day_value(day_of_month.group(1)) or 0
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    year = _nearest_year(pub, month, day)
    try:
        return date(year, month, day).isoformat()
    except (ValueError, TypeError):
        return None


def _weekday_date(pub: date, weekday: int, mode: str) -> date:
    """The weekday relative to publication: "past" = on or before, "last" = before."""
    back = (pub.weekday() - weekday) % 7
    ahead = (weekday - pub.weekday()) % 7
    if mode == "last" or mode == "previous":
        return pub - timedelta(days=back or 7)
    if mode in ("next", "coming"):
        return pub + timedelta(days=ahead or 7)
    if mode == "this":
        return pub - timedelta(days=pub.weekday()) + timedelta(days=weekday)
    if mode == "future":
        return pub + timedelta(days=ahead)
    return pub - timedelta(days=back)


def _read_nth(m: re.Match, low: str, text: str, pub: date | None):
    span = m.group("nth")
    month = _MONTH_NAME.search(span)
    if pub is None or "last" in span.split()[:2]:
        return "DATE", None
    weekday = WEEKDAYS[_WEEKDAY_NAME.search(span).group(0)]
    n = ordinal_value(re.search(r"first|second|third|fourth|fifth", span).group(0))
    if month:
        month_no = MONTHS[month.group(0)]
        year = _nearest_year(pub, month_no)
    elif "next month" in span:
        month_no, year = pub.month % 12 + 1, pub.year + (pub.month == 12)
    else:
        month_no, year = pub.month, pub.year
    first = date(year, month_no, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    return "DATE", day.isoformat() if day.month == month_no else None


def _read_day(m: re.Match, low: str, text: str, pub: date | None):
    span = m.group("day")
    if pub is None:
        return "DATE", None
    words = span.split()
    offset = {"today": 0, "tomorrow": 1, "yesterday": -1}.get(words[-1], 0)
    if "before" in words:
        offset -= 1
    elif "after" in words:
        offset += 1
    elif words[-1] == "day":
        offset = -1 if words[-2] in ("last", "previous") else 1
        if "the" not in words and words[-2] == "last":
            return "DATE", None
        return "DATE", None if words[-2] in ("next", "following") else (pub + timedelta(days=offset)).isoformat()
    return "DATE", (pub + timedelta(days=offset)).isoformat()


def _read_count(m: re.Match, low: str, text: str, pub: date | None):
    """Durations ("two weeks" -> P2W) and offsets ("two weeks ago" -> a date)."""
    span = m.group("count")
    parts = []
    for part in re.finditer(rf"({_NUM_WORD})\s+(?:business\s+)?([a-z]+)", span):
        n = _count_value(part.group(1))
        unit = part.group(2).rstrip("s")
        if n is None:
            return None
        parts.append((n, unit))
    if not parts:
        return None
    is_time = all(u in ("hour", "minute") for _, u in parts)
    direction = -1 if re.search(r"\b(?:ago|before|earlier)\b", span) else 1
    anchored = re.search(r"\b(?:ago|later|earlier|from|before|after)\b|^in\s", span)
    if span.startswith(("the ", "past ", "last ")) and not anchored:
        direction = -1
    if not anchored or is_time:
        if any(u in WEEKDAYS for _, u in parts):
            return None
        return ("TIME" if is_time else "DATE"), _duration(parts, is_time)
    if pub is None or (re.search(r"\blater\b", span) and not re.search(r"\bfrom\b", span)):
        return "DATE", None
    base = pub
    anchor = _FORWARD_FROM.search(span)
    if (anchor and anchor.group(1) == "tomorrow") or "after tomorrow" in span:
        base += timedelta(days=1)
    elif "yesterday" in span:
        base -= timedelta(days=1)
    return "DATE", _shift(base, parts, direction)


def _count_value(word: str) -> int | None:
    if word[0].isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    return sum(UNITS.get(p, TENS.get(p, 0)) for p in re.split(r"[\s-]+", word)) or None


def _duration(parts: list[tuple[int, str]], is_time: bool) -> str:
    body = "".join(f"{n}{_UNIT_CODES[u]}" if u != "decade" else f"{10 * n}Y" for n, u in parts)
    return ("PT" if is_time else "P") + body


def _shift(base: date, parts: list[tuple[int, str]], direction: int) -> str | None:
    """``base`` moved by the parts; precision follows the coarsest unit named."""
    days = months = 0
    for n, unit in parts:
        if unit in WEEKDAYS:
            target = _weekday_date(base, WEEKDAYS[unit], "next" if direction > 0 else "last")
            return (target + timedelta(weeks=direction * (n - 1))).isoformat()
        days += n * {"day": 1, "week": 7}.get(unit, 0)
        months += n * {"month": 1, "year": 12, "decade": 120}.get(unit, 0)
    total = base.year * 12 + base.month - 1 + direction * months
    year, month = divmod(total, 12)
    day = min(base.day, 28) if days else base.day
    try:
        moved = date(year, month + 1, day) + timedelta(days=direction * days)
    except ValueError:
        return None
    if days:
        return moved.isoformat()
    coarsest = {u for _, u in parts}
    return f"{moved.year:04d}" if coarsest <= {"year", "decade"} else f"{moved.year:04d}-{moved.month:02d}"


def _read_unit(m: re.Match, low: str, text: str, pub: date | None):
    """ "last week" -> 2025-W12, "this month" -> 2025-03, "next year" -> 2026."""
    span = m.group("unit")
    if pub is None:
        return "DATE", None
    words = span.split()
    rel, unit = words[-2], words[-1]
    step = {"this": 0, "coming": 1, "next": 1}.get(rel, -1)
    if rel in ("coming", "past") and unit in ("week", "month", "year", "decade"):
        return "DATE", None  # a stretch of time, not the calendar unit
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
        iso = monday.isocalendar()
        return "DATE", f"{iso[0]}-W{iso[1]:02d}"
    if unit == "month":
        year, month = divmod(pub.year * 12 + pub.month - 1 + step, 12)
        return "DATE", f"{year:04d}-{month + 1:02d}"
    if unit == "year":
        return "DATE", f"{pub.year + step:04d}"
    if unit == "quarter":
        q = (pub.year * 4 + (pub.month - 1) // 3) + step
        return "DATE", f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit in _SEASONS:
        return "DATE", f"{pub.year + (step if rel != 'this' else 0):04d}-{_SEASONS[unit]}"
    return "DATE", None


def _read_quarter(m: re.Match, low: str, text: str, pub: date | None):
    span = m.group("quarter")
    if span[0] == "q" and text[m.start("quarter")] != "Q":
        return None
    digit = re.search(r"q([1-4])", span)
    n = int(digit.group(1)) if digit else ordinal_value(span.split()[-3 if " of " in span else -2])
    year_m = re.search(r"\d{4}", span)
    if year_m:
        year = int(year_m.group(0))
    elif pub is None:
        return "DATE", None
    else:
        year = pub.year + (-1 if "last year" in span else 1 if "next year" in span else 0)
    return "DATE", f"{year:04d}-Q{n}"


def _read_season(m: re.Match, low: str, text: str, pub: date | None):
    span = m.group("season")
    year = re.search(r"\d{4}", span).group(0)
    return "DATE", f"{year}-{_SEASONS[span.split()[0]]}"


def _read_decade(m: re.Match, low: str, text: str, pub: date | None):
    span = m.group("decade")
    digits = re.search(r"(\d+)s", span).group(1)
    if len(digits) == 2:
        if not (span.startswith("the") or "'" in span):
            return None
        digits = str(_two_digit_year(int(digits)))
    if len(digits) == 4 and (digits[-1] != "0" or not 1000 <= int(digits) <= 2100):
        return None
    return "DATE", digits[:3] + "X"


def _read_century(m: re.Match, low: str, text: str, pub: date | None):
    word = re.search(rf"\d{{1,2}}(?:st|nd|rd|th)|{ORDINAL_WORD}", m.group("century")).group(0)
    n = ordinal_value(word)
    return ("DATE", f"{n - 1:02d}XX") if n and 1 <= n <= 30 else None


def _read_years(m: re.Match, low: str, text: str, pub: date | None):
    a, b = re.split(r"\s*[-–]\s*", m.group("years"))
    end = int(b) if len(b) == 4 else int(a[:2] + b)
    if end <= int(a):
        return None
    return "DATE", f"{a}/{end}"


def _read_fiscal(m: re.Match, low: str, text: str, pub: date | None):
    digits = re.search(r"\d+$", m.group("fiscal")).group(0)
    if m.group("fiscal").startswith("fy") and text[m.start("fiscal")] != "F":
        return None
    return "DATE", f"{int(digits) if len(digits) == 4 else 2000 + int(digits):04d}"


def _read_nthday(m: re.Match, low: str, text: str, pub: date | None):
    span = m.group("nthday")
    word = re.search(_DAY, span.removeprefix("the").strip())
    day = _day_value(word.group(0)) if word else None
    if not day or not 1 <= day <= 31:
        return None
    if pub is None:
        return "DATE", None
    year, month = pub.year, pub.month
    shift = {"next": 1, "last": -1}.get(span.split()[-2], 0) if span.endswith("month") else None
    if shift is not None:
        year, month = divmod(year * 12 + month - 1 + shift, 12)
        month += 1
    elif day > pub.day + 7:  # "on the 27th" read in early month: last month
        year, month = divmod(year * 12 + month - 2, 12)
        month += 1
    try:
        return "DATE", date(year, month, day).isoformat()
    except ValueError:
        return "DATE", None


def _read_short(m: re.Match, low: str, text: str, pub: date | None):
    """ "4/22", "22/04": a date only with a leading zero, a day-only second part, or "on"."""
    span = m.group("short")
    sep = re.search(r"[-/.]", span).group(0)
    a_text, b_text = span.split(sep)
    a, b = int(a_text), int(b_text)
    before = low[max(0, m.start() - 4) : m.start()]
    cued = re.search(r"\b(?:on|in)\s+$", before) is not None
    if sep == "/":
        cued = cued or a_text[0] == "0" or b_text[0] == "0" or (a <= 12 < b <= 31) or (b <= 12 < a <= 31)
    elif sep == "." or sep == "-":
        cued = cued and not re.search(r"\bin\s+$", before) if sep == "." else cued
    if not cued:
        return None
    month, day = (b, a) if a > 12 else (a, b)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    year = _nearest_year(pub, month, day)
    if year is None:
        return "DATE", None
    return _ymd(year, month, day) or ("DATE", None)


def _read_holiday(m: re.Match, low: str, text: str, pub: date | None):
    span = re.sub(r"\s+", " ", m.group("holiday"))
    if not text[m.start("holiday")].isupper():
        return None
    if pub is None:
        return "DATE", None
    year = pub.year
    fixed = _HOLIDAYS[span]
    if fixed is not None:
        year = _nearest_year(pub, *fixed)
        return "DATE", date(year, *fixed).isoformat()
    if span.startswith("thanksgiving"):
        first = date(year, 11, 1)
        return "DATE", (first + timedelta(days=(3 - first.weekday()) % 7 + 21)).isoformat()
    return "DATE", _easter(year).isoformat()


def _easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own names)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _read_clock(m: re.Match, low: str, text: str, pub: date | None):
    """ "1:52 PM" -> 13:52, "6.30pm", "noon"; a time zone must be written in capitals."""
    span = m.group("clock")
    if span == "noon":
        return "TIME", "12:00"
    if span == "midnight":
        return "TIME", "00:00"
    zone = re.search(r"\s+([a-z]+)$", span)
    if zone and not re.search(_AMPM + "$", span) and text[m.start("clock") + zone.start(1)].islower():
        return None
    parts = re.match(r"(\d{1,2})(?:[.:](\d\d))?(?::(\d\d))?", span)
    hour, minute = int(parts.group(1)), int(parts.group(2) or 0)
    meridiem = re.search(r"([ap])\.?m", span)
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.group(1) == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return "TIME", f"{hour:02d}:{minute:02d}"


def _read_daypart(m: re.Match, low: str, text: str, pub: date | None):
    return "TIME", None


_READERS = {
    name[len("_read_"):]: fn for name, fn in globals().items() if name.startswith("_read_")
}
