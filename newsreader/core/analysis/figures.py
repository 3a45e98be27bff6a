"""Figures in English news text: numbers, quantities, money, percentages, dates, times, ordinals.

``find_figures(text, published)`` returns non-overlapping spans sorted by start, each
with a normalised ``value`` where one exists (see ``Span``). Relative dates ("Tuesday",
"last week") are resolved against ``published``; without it they get ``None``.
"""

from __future__ import annotations

import bisect
import re
from datetime import datetime

from newsreader.core.analysis.dates import find_dates
from newsreader.core.analysis.numbers import (
    NUMERAL_PHRASE,
    ORDINAL_START,
    ORDINAL_UNIT,
    TENS,
    alternation,
    numeral_phrases,
    ordinal_value,
    parse_numerals,
)
from newsreader.core.analysis.spans import Span

__all__ = ["find_figures"]

Candidate = tuple[int, int, str, object]

_CURRENCY_SIGNS = {
    "$": "USD", "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD",
    "hk$": "HKD", "nz$": "NZD", "s$": "SGD", "r$": "BRL", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "rs": "INR", "rs.": "INR",
}
_CURRENCY_CODES = ["USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "RUB", "CHF", "AUD", "CAD", "HKD", "NZD", "SGD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "TRY", "ZAR", "BRL", "MXN", "KRW", "ILS", "SAR", "AED", "UAH", "NGN", "EGP", "PKR", "IDR", "THB", "ANG"]
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pounds sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rand": "ZAR",
    "naira": "NGN", "shekel": "ILS", "shekels": "ILS", "riyal": "SAR", "riyals": "SAR",
    "dirham": "AED", "dirhams": "AED", "hryvnia": "UAH", "hryvnias": "UAH", "lira": "TRY",
    "swiss francs": "CHF", "pesos": None, "peso": None,
}
_UNITS = {
    "mm": "millimeter|millimeters|millimetre|millimetres|mm",
    "cm": "centimeter|centimeters|centimetre|centimetres|cm",
    "m": "meter|meters|metre|metres",
    "km": "kilometer|kilometers|kilometre|kilometres|km|kms",
    "mi": "mile|miles", "nmi": "nautical mile|nautical miles", "ft": "foot|feet|ft",
    "in": "inch|inches", "yd": "yard|yards",
    "kg": "kilogram|kilograms|kilogramme|kilogrammes|kilo|kilos|kg|kgs",
    "g": "gram|grams|gramme|grammes", "mg": "milligram|milligrams|mg",
    "t": "tonne|tonnes|ton|tons|metric ton|metric tons", "lb": "pound|pounds|lb|lbs",
    "oz": "ounce|ounces|oz", "l": "liter|liters|litre|litres",
    "ml": "milliliter|milliliters|millilitre|millilitres|ml", "gal": "gallon|gallons",
    "bbl": "barrel|barrels",
    "km2": "square kilometer|square kilometers|square kilometre|square kilometres|sq km|km2",
    "mi2": "square mile|square miles|sq mi", "m2": "square meter|square meters|square metre|square metres",
    "ha": "hectare|hectares", "acre": "acre|acres",
    "km/h": "km/h|kph|kilometers per hour|kilometres per hour", "mph": "mph|miles per hour",
    "kn": "knot|knots", "degC": "°c|degrees celsius|degrees centigrade", "degF": "°f|degrees fahrenheit",
    "kW": "kilowatt|kilowatts|kw", "MW": "megawatt|megawatts|mw", "GW": "gigawatt|gigawatts|gw",
    "kWh": "kilowatt-hours|kilowatt hours|kwh", "MWh": "megawatt-hours|mwh", "GWh": "gigawatt-hours|gwh",
}
_UNIT_OF = {name: code for code, names in _UNITS.items() for name in names.split("|")}
# Abbreviations that may be glued to the number ("10km"); words need a space or hyphen.
_GLUED_UNITS = {"mm", "cm", "km", "kms", "kg", "kgs", "mg", "ml", "lb", "lbs", "oz", "mph", "kph",
                "km/h", "kw", "mw", "gw", "kwh", "mwh", "gwh", "ft", "km2", "°c", "°f"}
_SCALE_ABBREVIATIONS = {
    "k": 10**3, "m": 10**6, "mm": 10**6, "mn": 10**6, "mil": 10**6, "b": 10**9, "bn": 10**9,
    "bln": 10**9, "g": 10**9, "tn": 10**12, "tln": 10**12,
}

# What may stand right before a number: a name it belongs to ("COVID-19"), a minus
# sign, or a currency.
_BEFORE = re.compile(
    r"(?P<name>[a-z]-)$|(?P<sign>(?:^|(?<=[\s(]))[-−]|^[-−]\s+)$"
    r"|(?P<currency>(?<![a-z])(?:us|au|a|ca|c|hk|nz|s|r)\$|[$€£¥₹₩₽]|\b(?:rs\.?|"
    + "|".join(c.lower() for c in _CURRENCY_CODES) + r"))\s?$"
)
_SCALE_AFTER = re.compile(rf"(\s*)({alternation(_SCALE_ABBREVIATIONS)})\b")
# What may follow a number: a percent sign or word, a currency, a unit.
_AFTER = re.compile(
    r"(?P<percent>\s?%|\s*-?\s*(?:per\s?cent|percents?|pct|percentage(?:\s+points?)?)\b)"
    rf"|(?P<money>\s+(?:{alternation(_CURRENCY_WORDS)}|{alternation(c.lower() for c in _CURRENCY_CODES)})\b)"
    rf"|(?P<unit>(?P<sep>\s*-\s*|\s*)(?P<name>{alternation(_UNIT_OF)})(?![\w°]))"
)
_GLUED_LETTER = re.compile(r"[a-z°]")
_ONE_AS_PRONOUN_BEFORE = re.compile(
    r"\b(?:the|this|that|which|each|every|any|no|some|another|a|one|someone|anyone)\s+$"
)
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w-]*\s$")
_ONE_AS_PRONOUN_AFTER = re.compile(r"\s*(?:another|other|'s|’s)\b")
_DOTTED_AFTER = re.compile(r"\.\d")
_APPROX_BEFORE = re.compile(
    r"\b(?:about|around|nearly|some|over|than|almost|roughly|approximately|only|just|least|to|of)\s+$"
)
_YEAR_CUE_BEFORE = re.compile(
    r"\b(?:in|on|since|until|till|by|from|through|during|before|after|between|early|late"
    r"|mid|year|of|fiscal|circa|c\.)[\s-]+$"
)
_PLURAL_AFTER = re.compile(r"\s+[a-z]+s\b")
# Spelled ordinals; a match counts only at the start of a word (see ``_ordinals``).
_ORDINAL = re.compile(rf"(?:{ORDINAL_START})\b")
_WORD_OR_DOT = re.compile(r"[\w.]")
_ORDINAL_UNIT_AFTER = re.compile(rf"[-\s](?:{ORDINAL_UNIT})\b")
_DIGIT_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")
_NOT_ORDINAL_BEFORE = re.compile(r"\b(?:a|per|split|one|every|the)\s+$")
_PERCENT_OF = re.compile(r"per(?:\s?cents?|centage)\s+of\s+")
# URLs, e-mail domains and phone numbers hold digits that are no figures. The first
# character is matched by a set and each branch checks it with a look-behind, so the
# scan can skip to those characters: "https?://", "www.", "@domain", "+1 ...", "(555) ...",
# "555-123-4567".
_PROTECTED = re.compile(
    r"[hw@+(\d](?:(?<=h)ttps?://\S+|(?<=w)ww\.\S+|(?<=@)[\w-]+\.\w[\w.-]*"
    r"|(?<=\+)\d{1,3}[-. ]?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?!\d)"
    r"|(?<=\()\d{3}\)[-. ]?\d{3}[-. ]\d{4}(?!\d)|(?<=\d)\d{2}[-. ]\d{3}[-. ]\d{4}(?!\d))"
)
_PRIORITY = {"MONEY": 0, "PERCENT": 0, "QUANTITY": 0, "DATE": 1, "TIME": 1, "ORDINAL": 2, "NUMBER": 3}


def find_figures(text: str, published: datetime | None = None) -> list[Span]:
    """Numbers, quantities, money, percentages, dates, times and ordinals in ``text``."""
    low = _lower(text)
    candidates = find_dates(low, text, published)
    candidates += _numerals(low, text)
    candidates += _ordinals(low, text)
    candidates += _percent_of(low)
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(low)]
    chosen = _choose(candidates, protected)
    return [Span(s, e, label, text[s:e], value=value) for s, e, label, value in chosen]


def _lower(text: str) -> str:
    """``text`` lower-cased with offsets kept (a few letters lower-case to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _choose(candidates: list[Candidate], protected: list[tuple[int, int]]) -> list[Candidate]:
    """Non-overlapping candidates: within each group of overlapping ones, longest first
    (then the more specific label). Candidates touching a protected range are dropped."""
    if protected:
        candidates = [c for c in candidates if not _overlaps(protected, c[0], c[1])]
    candidates.sort(key=lambda c: (c[0], c[1]))
    kept: list[Candidate] = []
    group: list[Candidate] = []
    group_end = -1
    for cand in candidates:
        if cand[0] >= group_end and group:
            kept.extend(_resolve(group))
            group = []
        group.append(cand)
        group_end = max(group_end, cand[1])
    kept.extend(_resolve(group))
    return kept


def _resolve(group: list[Candidate]) -> list[Candidate]:
    if len(group) == 1:
        return group
    chosen: list[Candidate] = []
    for cand in sorted(group, key=lambda c: (c[0] - c[1], _PRIORITY[c[2]], c[0])):
        if all(cand[1] <= c[0] or c[1] <= cand[0] for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c[0])


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (start, float("inf")))
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


def _numerals(low: str, text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for m_start, m_end in numeral_phrases(low):
        closed = not low[m_end : m_end + 2].strip()[:1].isalpha()
        numerals = parse_numerals(low[m_start:m_end], closed)
        for numeral in numerals:
            got = _classify(low, text, m_start + numeral.start, m_start + numeral.end,
                            numeral.value, numeral.words)
            if got is not None:
                found.append(got)
    return found


def _classify(low: str, text: str, start: int, end: int, value, words: bool) -> Candidate | None:
    """A number with what surrounds it: money, percent, quantity, year, ordinal or plain."""
    if _DOTTED_AFTER.match(low, end):
        return None  # "192.168.1.2", "1.2.3"
    before = _BEFORE.search(low, max(0, start - 5), start)
    kind = before.lastgroup if before else None
    if kind == "name":
        return None  # "COVID-19", "F-16"
    if kind == "sign" and not words:
        start, value = before.start(), -value
    currency = before if kind == "currency" and _written_currency(text, before) else None
    scale = _SCALE_AFTER.match(low, end)
    if scale and _scale_fits(text, scale, bool(currency), start, end):
        value, end = _scaled(value, _SCALE_ABBREVIATIONS[scale.group(2)]), scale.end()
    elif end < len(low) and _GLUED_LETTER.match(low, end) and not words:
        return _glued(low, start, end, value)
    if currency:
        code = _currency_code(text, currency.group(0).strip())
        return (currency.start(), end, "MONEY", {"value": value, "currency": code})
    after = _AFTER.match(low, end)
    kind = after.lastgroup if after else None
    if kind == "percent":
        return (start, after.end(), "PERCENT", value)
    if kind == "money":
        word = after.group(0).strip()
        if word in _CURRENCY_WORDS or text[after.start() + 1].isupper():
            code = _CURRENCY_WORDS.get(word, word.upper())
            return (start, after.end(), "MONEY", {"value": value, "currency": code})
    if kind == "unit" and (after.group("sep") or after.group("name") in _GLUED_UNITS) and not scale:
        unit = _UNIT_OF[after.group("name")]
        return (start, after.end(), "QUANTITY", {"value": value, "unit": unit})
    if low[start:end] == "one" and _one_is_no_number(low, text, start, end):
        return None
    if not scale and _is_year(low, start, end, value):
        return (start, end, "DATE", f"{value:04d}")
    return (start, end, "NUMBER", value)


def _one_is_no_number(low: str, text: str, start: int, end: int) -> bool:
    """ "the one you want", "one another", "Xbox One": "one" as a pronoun or in a name."""
    if _ONE_AS_PRONOUN_BEFORE.search(low, max(0, start - 12), start) or _ONE_AS_PRONOUN_AFTER.match(low, end):
        return True
    return text[start] == "O" and _CAPITALISED_BEFORE.search(text, max(0, start - 20), start) is not None


def _written_currency(text: str, match: re.Match) -> bool:
    """Currency codes count only in capitals ("TRY 5", not "try 5")."""
    letters = text[match.start() : match.end()].strip().rstrip(".")
    return not letters.isalpha() or letters.isupper() or letters.lower() == "rs"


def _scale_fits(text: str, scale: re.Match, currency: bool, start: int, end: int) -> bool:
    """ "10k", "$5m", "10M", "2.33 k": abbreviations that scale rather than name a unit."""
    abbr = scale.group(2)
    written = text[scale.start(2) : scale.end(2)]
    spaced = bool(scale.group(1))
    if abbr in ("m", "mm", "b"):
        return currency or (written.isupper() and (abbr != "b" or not spaced))
    if abbr == "g":
        return written == "G" and end - start > 1
    return not spaced or abbr != "k" or currency or end - start > 1


def _scaled(value, scale: int):
    scaled = value * scale
    return int(scaled) if float(scaled).is_integer() else round(scaled, 6)


def _glued(low: str, start: int, end: int, value) -> Candidate | None:
    """Digits glued to letters: a unit ("10km"), an ordinal ("21st"), else nothing."""
    unit = _AFTER.match(low, end)
    if unit and unit.lastgroup == "unit" and unit.group("name") in _GLUED_UNITS:
        return (start, unit.end(), "QUANTITY", {"value": value, "unit": _UNIT_OF[unit.group("name")]})
    suffix = _DIGIT_ORDINAL.match(low, end)
    if suffix and isinstance(value, int) and value >= 0 and low[start:end].isdigit():
        return (start, suffix.end(), "ORDINAL", value)
    return None


def _currency_code(text: str, sign: str) -> str:
    sign = sign.lower()
    return _CURRENCY_SIGNS.get(sign) or sign.upper()


def _is_year(low: str, start: int, end: int, value) -> bool:
    """ "in 2025", "the 2024 election", "2031." are years; "2000 troops" is a count."""
    if end - start != 4 or not isinstance(value, int) or not 1000 <= value <= 2999:
        return False
    if _YEAR_CUE_BEFORE.search(low, max(0, start - 10), start):
        return True
    if not 1900 <= value <= 2099 or _APPROX_BEFORE.search(low, max(0, start - 14), start):
        return False
    return not _PLURAL_AFTER.match(low, end) or low[start - 4 : start] == "the "


def _ordinals(low: str, text: str) -> list[Candidate]:
    """Spelled ordinals: "third", "twenty-first" ("21st" is read with the numbers)."""
    found: list[Candidate] = []
    for m in _word_starts(_ORDINAL, low):
        end = m.end()
        if low[m.start() : end] in TENS:
            unit = _ORDINAL_UNIT_AFTER.match(low, end)
            if unit is None:
                continue
            end = unit.end()
        word = low[m.start() : end]
        if word == "second" and _NOT_ORDINAL_BEFORE.search(low, max(0, m.start() - 8), m.start()):
            continue
        value = ordinal_value(word)
        if value is not None:
            found.append((m.start(), end, "ORDINAL", value))
    return found


def _word_starts(pattern: re.Pattern[str], low: str):
    """The matches of ``pattern`` that ``(?<![\\w.])`` before it would let through, as
    ``finditer`` would give them; faster, as the scan need not stop at every character."""
    pos = 0
    while True:
        m = pattern.search(low, pos)
        if m is None:
            return
        start = m.start()
        if start and _WORD_OR_DOT.match(low, start - 1):
            pos = start + 1
            continue
        yield m
        pos = m.end()


def _percent_of(low: str) -> list[Candidate]:
    """The reversed phrasing "per cent of twenty-two"."""
    found: list[Candidate] = []
    for m in _PERCENT_OF.finditer(low):
        if m.start() and low[m.start() - 1].isalnum():
            continue
        number = NUMERAL_PHRASE.match(low, m.end())
        if number is None or re.search(r"\d\s*$|\b(?:\w+ty|one|two|three|four|five|six|seven|eight|nine|ten)\s+$",
                                       low[max(0, m.start() - 12) : m.start()]):
            continue
        numerals = parse_numerals(number.group(0))
        if numerals and numerals[0].start == 0:
            found.append((m.start(), number.start() + numerals[0].end, "PERCENT", numerals[0].value))
    return found
