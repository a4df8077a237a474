"""Years and dates as reports write them: Arabic (2023年, 2024-01-20, 2024.1.20) or Chinese
numerals (二〇二三年, 二〇二四年一月二十日; 〇 also written ○ or 零).

:func:`arabic_years` rewrites Chinese-numeral years in Arabic digits, one character for one,
so that the year readers (which read digits) see them and every offset stays put.
:func:`signature_date` reads the date a report was signed or issued, from the date line
that closes it (its last lines) or a portal's date field.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_YEAR_DIGITS = "〇○零Ｏ一二三四五六七八九"
_DIGIT_OF = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "Ｏ": "0"}
# a year is four Chinese digits opening with 一 or 二 (一九九九, 二〇二三) before 年
_CHINESE_YEAR = re.compile(f"[一二][{_YEAR_DIGITS}]{{3}}(?=\\s*年)")
_SMALL_NUMBER = {"十": 10} | {ch: i for i, ch in enumerate("〇一二三四五六七八九") if i}
_CN_DAY = "[一二三四五六七八九十]{1,3}"
_YEAR = r"((?:19|20)\d\d)"
# 2024年1月20日, 2024-01-20, 2024/1/20, 2024.01.20 (the day may be left out: 2024年1月)
DATE = re.compile(
    rf"{_YEAR}\s*(?:年\s*(\d{{1,2}}|{_CN_DAY})\s*月(?:\s*(\d{{1,2}}|{_CN_DAY})\s*日)?"
    r"|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))"
)
# a line that is only a date: the signature date under a report's closing name line
_DATE_LINE = re.compile(rf"^[ \t\u3000]*(?:{DATE.pattern})[ \t\u3000]*$", re.M)
TAIL_WINDOW = 300  # characters at the end of a report where its signature date stands


class Date(NamedTuple):
    year: int
    month: int


def arabic_years(text: str) -> str:
    """``text`` with Chinese-numeral years (二〇二三年) in Arabic digits (2023年); same length."""
    if "年" not in text:
        return text
    return _CHINESE_YEAR.sub(lambda m: "".join(_DIGIT_OF[ch] for ch in m.group()), text)


def parse_date(text: str) -> Date | None:
    """The first date in ``text`` (Arabic or Chinese numerals), or None."""
    m = DATE.search(arabic_years(text))
    return _date_of(m) if m else None


def signature_date(text: str) -> Date | None:
    """The date line that closes a report (its last TAIL_WINDOW characters), or None."""
    tail = arabic_years(text[-TAIL_WINDOW:])
    found = None
    for m in _DATE_LINE.finditer(tail):
        found = _date_of(DATE.search(m.group()))
    return found


def _date_of(m: re.Match) -> Date | None:
    year = int(m.group(1))
    month_text = m.group(2) or m.group(4)
    month = int(month_text) if month_text.isdigit() else _chinese_small(month_text)
    return Date(year, month) if 1 <= month <= 12 else None


def _chinese_small(text: str) -> int:
    """一 … 三十一 as an integer (0 when it is not one)."""
    if "十" not in text:
        return _SMALL_NUMBER.get(text, 0) if len(text) == 1 else 0
    tens, _, units = text.partition("十")
    return _SMALL_NUMBER.get(tens, 1 if not tens else 0) * 10 + (_SMALL_NUMBER.get(units, 0) if units else 0)
