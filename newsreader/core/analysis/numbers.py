"""Numbers written in digits or English words: "3,000", "1.5 million", "two dozen".

Everything here works on lower-cased text. ``NUMERAL_PHRASE`` finds runs of
number-ish words; ``parse_numerals`` splits such a run into the numbers it holds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

__all__ = [
    "DIGITS",
    "NUMERAL_PHRASE",
    "ORDINAL_START",
    "ORDINAL_UNIT",
    "ORDINAL_WORD",
    "Numeral",
    "alternation",
    "digits_value",
    "numeral_phrases",
    "ordinal_value",
    "parse_numerals",
    "word_value",
]

Number = int | float

UNITS = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "lakh": 10**5, "crore": 10**7,
}
DOZENS = ("dozen", "dozens", "dz", "dzs", "doz", "dozs")
_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}
_ORDINAL_TENS = {w[:-1] + "ieth": v for w, v in TENS.items()}
_ORDINAL_SCALES = {"hundredth": 100, "thousandth": 10**3, "millionth": 10**6,
                   "billionth": 10**9, "trillionth": 10**12}
# Denominators of spelled fractions; "second" is left out ("a second" is time).
DENOMINATORS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4} | {
    w: v for w, v in (_ORDINAL_UNITS | _ORDINAL_TENS | _ORDINAL_SCALES).items() if v > 2
}
DENOMINATORS |= {w + "s": v for w, v in list(DENOMINATORS.items()) if not w.endswith("s")}


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, factored as a trie so it fails fast."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# A number in digits: grouped by commas (also Indian lakh grouping), by thin or
# no-break spaces, by plain spaces only when unambiguous ("1 234 567", "40 000"),
# a decimal comma ("5,00"), or plain; then decimals and an exponent.
DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+(?![\d,]\d)"
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?![\d,]\d)"
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)"
    r"|\d{1,3}(?: \d{3}){2,}(?!\d)|\d{1,3} 000(?!\d)"
    r"|(?<!,)\d+,\d{1,2}(?![\d,])"
    r"|\d+)(?:\.\d+)?(?:e[+-]?\d+|\^[+-]{0,2}\d+)?"
    r"|\.\d+"
)
_FRACTION = r"\d{1,3}/(?:2|3|4|5|8|10|16|100)(?![\d/])"

_NUMBER_WORDS = [*UNITS, *TENS, "hundred", "hundreds", *SCALES, *DOZENS]
_GLUE_WORDS = ["and", "a", "an", "point", "over", "out of", "of a", "of an", *DENOMINATORS]
_PREFIX_WORDS = ["a", "an", "minus", "negative", "half", "quarter"]
_SEP = r"(?:\s*-\s*|\s+)"
_REAL = rf"(?:(?=\d)(?:{_FRACTION}|{DIGITS})|\.\d+|(?:{alternation(_NUMBER_WORDS)})\b)"
_ANY = rf"(?:{_REAL}|(?:{alternation(_GLUE_WORDS)})\b)"
# A run of number-ish words that holds at least one real numeral. The prefix words are
# bounded: with an open run, "a a a …" was read again from every word (quadratic).
_PHRASE = (
    rf"(?:(?:(?:{alternation(_PREFIX_WORDS)})\b{_SEP}){{0,3}}{_REAL}(?:{_SEP}{_ANY})*"
    rf"|an?\s+(?:{alternation(DENOMINATORS)})\b)"
)
NUMERAL_PHRASE = re.compile(rf"(?<![\w.]){_PHRASE}")
# The character before a phrase, then the phrase: the scan skips to such characters, where
# a look-behind first would be tried at every one. A phrase ends in a letter or a digit,
# so the next one can never need the last character of the one before.
_AFTER_BREAK = re.compile(rf"[^\w.]({_PHRASE})")
_PLAIN = re.compile(r"\d+")
_MAX_DIGITS = 40  # longer digit runs are codes or noise, not numbers
_MAX_EXPONENT = 400  # powers of ten beyond this are not worked out (floats end near 1e308)
_TOKEN = re.compile(rf"{_FRACTION}|{DIGITS}|out of|of an?|[a-z]+")

_ORDINALS = _ORDINAL_UNITS | _ORDINAL_TENS | _ORDINAL_SCALES
# One-word ordinals, and tens that may start a compound one ("twenty-first").
ORDINAL_START = alternation([*_ORDINALS, *TENS])
ORDINAL_UNIT = alternation(_ORDINAL_UNITS)
# "first", "twenty-first", "twenty first"; a trailing \b is left to the caller.
ORDINAL_WORD = (
    rf"(?:(?:{alternation(TENS)})(?:-|\s)?)?(?:{alternation(_ORDINAL_UNITS)})"
    rf"|(?:{alternation(_ORDINAL_TENS | _ORDINAL_SCALES)})"
)


class Numeral(NamedTuple):
    """One number inside a phrase: ``phrase[start:end]`` has ``value``."""

    start: int
    end: int
    value: Number
    words: bool  # spelled out (at least partly) rather than in digits only


def digits_value(text: str) -> Number:
    """The value of a ``DIGITS`` or fraction match: "1,234.5" -> 1234.5, "3/4" -> 0.75."""
    if text.isdigit():
        return int(text)
    if "/" in text:
        num, den = text.split("/")
        return _tidy(int(num) / int(den))
    text = re.sub(r"[ \u00a0\u202f\u2009]", "", text)
    if re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")
    text = text.replace(",", "")
    power = None
    if "^" in text:
        text, exp = text.split("^")
        power = int(exp.lstrip("+-")) * (-1 if exp.count("-") % 2 else 1)
    value = _tidy(float(text)) if any(c in text for c in ".e") else int(text)
    if power is None:
        return value
    if power > 0 and abs(value) > 1 and power * math.log10(abs(value)) > _MAX_EXPONENT:
        return math.inf  # "7^99999999": far beyond any float, and slow to work out
    try:
        return _tidy(value**power)
    except OverflowError:  # "1.5^9999"
        return math.inf


def _finite_digits_value(word: str) -> Number | None:
    """``digits_value`` for a token that may be a number: None when it is too long to be
    one, or beyond floats ("1e999")."""
    if len(word) > _MAX_DIGITS:
        return None
    value = digits_value(word)
    return value if not isinstance(value, float) or math.isfinite(value) else None


def word_value(word: str) -> int | None:
    """The value of one cardinal word: "seven" -> 7, "thousand" -> 1000."""
    if word in UNITS:
        return UNITS[word]
    if word in TENS:
        return TENS[word]
    if word in ("hundred", "hundreds"):
        return 100
    return SCALES.get(word)


def ordinal_value(text: str) -> int | None:
    """ "twenty-first" -> 21, "21st" -> 21, "third" -> 3."""
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", text)
    if digits:
        return int(digits.group(1))
    words = re.split(r"[-\s]+", text)
    if len(words) == 2 and words[0] in TENS and words[1] in _ORDINAL_UNITS:
        return TENS[words[0]] + _ORDINAL_UNITS[words[1]]
    return _ORDINALS.get(text) if len(words) == 1 else None


def _tidy(value: float) -> Number:
    """Floats that are whole become ints; others lose binary noise. Numbers beyond
    floats become infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return value
    if value == int(value) and abs(value) < 1e18:
        return int(value)
    try:
        return float(f"{value:.12g}")
    except OverflowError:  # an int too large for a float
        return math.inf


class _Parser:
    """Greedy reader of one number starting at a token of a phrase."""

    def __init__(self, tokens: list[tuple[str, int, int]], closed: bool) -> None:
        self.tokens = tokens
        self.closed = closed
        self.words = [t[0] for t in tokens]

    def at(self, i: int) -> str:
        return self.words[i] if i < len(self.words) else ""

    def numbers(self) -> list[tuple[int, int, Number, bool]]:
        """(first token, end token, value, spelled) for each number, left to right."""
        found = []
        i = 0
        while i < len(self.words):
            got = self.number(i)
            if got is None:
                i += 1
                continue
            end, value = got
            spelled = any(not w[0].isdigit() and w[0] != "." for w in self.words[i:end])
            found.append((i, end, value, spelled))
            i = end
        return found

    def number(self, i: int) -> tuple[int, Number] | None:
        sign = 1
        if self.at(i) in ("minus", "negative"):
            sign, i0 = -1, i
            i += 1
        else:
            i0 = i
        got = self.multiplied(i) or self.cardinal(i)
        if got is None and self.at(i) in ("a", "an"):
            got = self.spelled_fraction(i)
        if got is None:
            return None
        end, value = got
        end, value = self.fraction_tail(i, end, value)
        return end if end > i0 else i0, _tidy(sign * value)

    def multiplied(self, i: int) -> tuple[int, Number] | None:
        """ "half a dozen", "quarter million", "two thirds of a million"."""
        frac = None
        if self.at(i) in ("half", "quarter"):
            frac, j = (0.5 if self.at(i) == "half" else 0.25), i + 1
        else:
            got = self.spelled_fraction(i)
            if got is not None:
                j, frac = got
        if frac is None:
            return None
        if self.at(j) in ("a", "an", "of a", "of an"):
            j += 1
        scale = self.scale_word(self.at(j))
        if scale is None:
            return None
        return j + 1, frac * scale

    @staticmethod
    def scale_word(word: str) -> int | None:
        if word in DOZENS:
            return 12
        if word == "hundred":
            return 100
        return SCALES.get(word)

    def cardinal(self, i: int) -> tuple[int, Number] | None:
        """Digits and number words: "twenty-one trillion and three hundred"."""
        total: Number = 0
        current: Number = 0
        last_added: Number = 0
        cap: float = float("inf")  # the next added part must stay below this
        big = float("inf")  # scales must come in decreasing order
        start, j, end = i, i, None
        end_before: int | None = None
        if self.at(j) in ("a", "an") and self.scale_word(self.at(j + 1)):
            current, last_added, cap, j = 1, 1, 0, j + 1
        while j < len(self.words):
            word = self.words[j]
            small = self.small(word)
            if word == "and" and end is not None and cap > 1 and self.small(self.at(j + 1)) is not None:
                if self.spelled_fraction(j + 1) is not None:
                    break  # "twenty and three fifths"
                j += 1
                continue
            if small is not None:
                is_digits = word[0].isdigit() or word[0] == "."
                after_digits = j > start and self.words[j - 1][0].isdigit()
                if small >= cap or (is_digits and ((cap < float("inf") and cap <= 10) or after_digits)):
                    break
                if is_digits and j > start and self.small(self.words[j - 1]) is not None:
                    break
                current += small
                last_added, end_before = small, end
                cap = 0 if is_digits or small < 20 or small % 10 else 10
                end = j + 1
            elif word in ("hundred", "hundreds") and current:
                if current - last_added >= 100:  # "3 hundred and 2 hundred": two numbers
                    current, end = current - last_added, end_before
                    break
                current = current - last_added + last_added * 100
                cap, end = 100, j + 1
            elif word in DOZENS and current:
                current = current - last_added + last_added * 12
                cap, end = 0, j + 1
            elif word in SCALES and (current or (end is not None and total)):
                scale = SCALES[word]
                if not current and self.words[j - 1] in SCALES:
                    total *= scale  # "three lakh crore"
                elif scale >= big:
                    break
                else:
                    total += current * scale
                    big = scale
                current, cap, end = 0, scale, j + 1
            else:
                break
            j += 1
        if end is None:
            return None
        return end, total + current

    @staticmethod
    def small(word: str) -> Number | None:
        if word and (word[0].isdigit() or word[0] == "."):
            return _finite_digits_value(word)
        if word in UNITS:
            return UNITS[word]
        return TENS.get(word)

    def spelled_fraction(self, i: int) -> tuple[int, Number] | None:
        """ "two thirds", "a fifth", "one twenty-fifth" (a numerator, then a denominator)."""
        if self.at(i) in ("a", "an"):
            num: tuple[int, Number] | None = (i + 1, 1)
        else:
            num = self.cardinal(i)
        if num is None or self.words[num[0] - 1][0].isdigit():
            return None
        j, numerator = num
        denominator, j = self.denominator(j)
        if denominator is None:
            return None
        plural = self.words[j - 1].endswith("s")
        if plural == (numerator == 1) and numerator != 1:
            return None
        return j, numerator / denominator

    def denominator(self, j: int) -> tuple[int | None, int]:
        word = self.at(j)
        if word in TENS and self.at(j + 1) in DENOMINATORS and DENOMINATORS[self.at(j + 1)] < 10:
            return TENS[word] + DENOMINATORS[self.at(j + 1)], j + 2  # "twenty-fifths"
        if word in DENOMINATORS:
            return DENOMINATORS[word], j + 1
        return None, j

    def fraction_tail(self, i: int, end: int, value: Number) -> tuple[int, Number]:
        """Fractions and decimals after a cardinal: "and a half", "point five", "over three"."""
        frac = self.spelled_fraction(i)
        if frac is not None and frac[0] > end:
            return frac
        word = self.at(end)
        if word == "and":
            frac = self.multiplied(end + 1) or self.spelled_fraction(end + 1)
            if frac is not None:
                part = frac[1]
                if part < 1 and value >= 1000 and value % 1000 == 0:
                    part *= _top_scale(value)  # "a million and a half"
                return frac[0], value + part
        if word == "point":
            return self.decimals(end + 1, end, value)
        if word in ("over", "out of"):
            den = self.cardinal(end + 1)
            if self.closed and den is not None and den[1] and den[0] == len(self.words):
                return den[0], value / den[1]
        if self.at(end)[:1].isdigit() and "/" in self.at(end) and value == int(value):
            return end + 1, value + digits_value(self.at(end))  # "2 1/4"
        return end, value

    def decimals(self, j: int, end: int, value: Number) -> tuple[int, Number]:
        digits = ""
        while self.at(j) in UNITS or self.at(j) in TENS:
            digits += str(UNITS.get(self.at(j), TENS.get(self.at(j))))
            if self.at(j) in TENS and self.at(j + 1) in UNITS and UNITS[self.at(j + 1)] < 10:
                digits = digits[:-1] + str(UNITS[self.at(j + 1)])
                j += 1
            j += 1
        if not digits or not math.isfinite(value):
            return end, value
        return j, _tidy(float(f"{int(value)}.{digits}"))


def _top_scale(value: Number) -> int:
    scale = 1000
    while value >= scale * 1000 and value % (scale * 1000) == 0:
        scale *= 1000
    return scale


def numeral_phrases(low: str):
    """(start, end) of each ``NUMERAL_PHRASE`` match in ``low``, as ``finditer`` gives them."""
    pos = 0
    first = NUMERAL_PHRASE.match(low)
    if first is not None:
        yield first.span()
        pos = first.end()
    for m in _AFTER_BREAK.finditer(low, pos):
        yield m.span(1)


def parse_numerals(phrase: str, closed: bool = True) -> list[Numeral]:
    """The numbers in a lower-cased ``NUMERAL_PHRASE`` match, with offsets into it.

    ``closed`` says no word follows the phrase; only then is "one over three" a fraction.
    """
    if _PLAIN.fullmatch(phrase):
        return [Numeral(0, len(phrase), digits_value(phrase), False)] if len(phrase) <= _MAX_DIGITS else []
    known = _ONE_WORD.get((phrase, closed))
    if known is not None:
        return list(known)
    if not phrase[0].isalpha():
        token = _TOKEN.match(phrase)
        if token is not None and token.end() == len(phrase):
            # One token in digits ("1,500", "2.5", "3/4"): what the parser reads from it.
            value = _finite_digits_value(phrase)
            return [] if value is None else [Numeral(0, len(phrase), _tidy(value), False)]
    return _parse(phrase, closed)


def _parse(phrase: str, closed: bool) -> list[Numeral]:
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(phrase)]
    parser = _Parser(tokens, closed)
    return [
        Numeral(tokens[a][1], tokens[b - 1][2], value, spelled)
        for a, b, value, spelled in parser.numbers()
    ]


# Phrases of one number word ("one", "twenty", "hundreds"), the most common spelled ones,
# read once here.
_ONE_WORD: dict[tuple[str, bool], tuple[Numeral, ...]] = {
    (word, closed): tuple(_parse(word, closed)) for word in _NUMBER_WORDS for closed in (True, False)
}
