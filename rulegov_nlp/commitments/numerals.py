"""Reading quantities: Arabic, Chinese and mixed numerals with their units.

``parse_quantity`` reads one COMMITMENT span text ("不少于12次", "1.2万人次",
"百分之九十五", "3至5次"); ``find_quantities`` finds every such surface form in
a text. Both use the same pattern, so what the component marks is always
readable and the hand-written corpus is filled with the same values.

Chinese integers go through cn2an (a maintained converter) in its "normal"
mode; the forms cn2an gets wrong or refuses are handled here first: adjacent
digits as ranges (两三个, 三五次), a bare 百/千/万 (百余人), 百分之…, trailing
余/多, decimals (三点五), and digit-by-digit strings (二〇二三).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from rulegov_nlp.commitments.lexicon import Lexicon, default_lexicon

_DIGIT_VALUE = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_MULTIPLIERS = "十百千万亿"


class Quantity(NamedTuple):
    """A parsed quantity; ``value_max`` is set only for ranges (3至5次). Immutable (a named
    tuple: one is made for every number of a text)."""

    value: float
    value_max: float | None
    unit: str
    approx: bool
    comparator: str | None

    def as_attrs(self) -> dict[str, Any]:
        """The record's attributes; a value too large for a float (1 and 305 zeros 亿元) is
        null, so that every record is valid JSON (checks["value_flags"] names it)."""
        return {
            "value": finite_or_none(self.value),
            "value_max": finite_or_none(self.value_max),
            "unit": self.unit,
            "approx": self.approx,
            "comparator": self.comparator,
        }


def finite_or_none(value: float | None) -> float | None:
    """``value`` unless it is infinite or NaN, which JSON cannot hold."""
    return value if value is not None and math.isfinite(value) else None


class QuantityMatch(NamedTuple):
    """A quantity found in a text, with what the negative filters need to know (a named
    tuple: one is made for every number of a text, and a frozen dataclass costs more to make)."""

    start: int
    end: int
    num_start: int
    quantity: Quantity
    surface_unit: str
    chinese: bool
    digit_string: bool
    bare_multiplier: bool
    prefix: str | None
    suffixes: tuple[str, ...]


# --- numbers ---------------------------------------------------------------------------------


def parse_arabic(text: str) -> float | None:
    """'1,200' -> 1200.0, '98.5' -> 98.5."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


_ASCII_DIGIT = re.compile("[0-9]")


def is_chinese_numeral(text: str) -> bool:
    return bool(text) and _ASCII_DIGIT.search(text) is None


def chinese_range(text: str) -> tuple[float, float] | None:
    """Two adjacent digits as a loose range: 两三 -> (2, 3), 三五 -> (3, 5), 七八 -> (7, 8)."""
    if len(text) != 2 or any(ch not in _DIGIT_VALUE for ch in text):
        return None
    low, high = _DIGIT_VALUE[text[0]], _DIGIT_VALUE[text[1]]
    if low == 0 or not 0 < high - low <= 2:
        return None
    return float(low), float(high)


def is_digit_string(text: str) -> bool:
    """Digit-by-digit numerals (二〇二三, 一二三) name years and codes, not amounts."""
    return len(text) >= 3 and all(ch in _DIGIT_VALUE for ch in text)


def parse_chinese(text: str) -> float | None:
    """A Chinese numeral as a float, or None when it is not a well-formed number."""
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        base = parse_chinese(whole) if whole else 0.0
        if base is None or not frac or any(ch not in _DIGIT_VALUE for ch in frac):
            return None
        return float(f"{int(base)}.{''.join(str(_DIGIT_VALUE[ch]) for ch in frac)}")
    if is_digit_string(text):
        return float("".join(str(_DIGIT_VALUE[ch]) for ch in text))
    if len(text) == 2 and all(ch in _DIGIT_VALUE for ch in text):
        return None  # 三五, 八五: a range or a name, never thirty-five
    if text[0] in "百千万亿":
        text = "一" + text
    try:
        value = _cn2an()(text.replace("两", "二"), "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


@cache
def _cn2an():
    """cn2an's converter, imported on first use: its import compiles many patterns (0.1 to
    0.25 s), which would count in every ``load()``, while most texts use Arabic numerals."""
    import cn2an

    return cn2an.cn2an


def parse_number(text: str) -> float | None:
    """Arabic, Chinese or mixed (1.2万) numeral text as a float."""
    text = text.strip()
    if not text:
        return None
    if text[-1] in "万亿" and len(text) > 1 and text[-2].isdigit():
        base = parse_arabic(text[:-1])
        return None if base is None else base * (1e4 if text[-1] == "万" else 1e8)
    if _ASCII_DIGIT.search(text):
        return parse_arabic(text)
    return parse_chinese(text)


# --- quantities ------------------------------------------------------------------------------


def _match_quantity(m: re.Match[str], lex: Lexicon, offset: int = 0) -> QuantityMatch | None:
    """Turn one pattern match into a QuantityMatch (None when the numbers do not parse)."""
    g = m.groupdict()
    num_text = g["pnum"] or g["num"]
    approx = False
    comparator = None
    value_max = None
    chinese = is_chinese_numeral(num_text)
    if g["pct"]:
        value = parse_number(num_text)
        unit, surface_unit, scale = "%", "百分之", 1.0
    else:
        surface_unit = g["unit"]
        unit = lex.units[surface_unit]
        scale = lex.scales.get(g["scale"], 1.0) if g["scale"] else 1.0
        loose = chinese_range(num_text) if chinese and not g["num2"] else None
        if loose:
            value, value_max = loose
        else:
            value = parse_number(num_text)
        if g["sign"] and value is not None:
            value = -value
        if g["num2"]:
            value_max = parse_number(g["num2"])
            if value_max is None or value is None or value_max <= value:
                return None
            value_max *= scale
        if g["per"]:
            unit = f"{unit}/{lex.units[g['per']]}"
    if value is None:
        return None
    value = _clean_float(value * scale)
    value_max = None if value_max is None else _clean_float(value_max)
    if g["inner"] or g["inner2"] or "多" in surface_unit:
        approx = True  # 20余次, 1万余人, 3个多月
    if "半" in surface_unit and value_max is None:
        value += 0.5 * scale  # 1个半月
    prefix = g["pre"]
    start = m.start()
    if (
        prefix
        and m.start() > 0
        and m.string[m.start() - 1] in lex.data["comparators"]["prefix_not_after"].get(prefix, "")
    ):
        prefix, start = None, m.start() + len(g["pre"])  # 最近3次: 近 belongs to 最近
    if prefix:
        info = lex.prefixes[prefix]
        comparator = info["comparator"] or comparator
        approx = approx or info["approx"]
    suffixes, end = _kept_suffixes(m, lex, unit)
    for suf in suffixes:
        info = lex.suffixes[suf]
        comparator = info["comparator"] or comparator
        approx = approx or info["approx"]
    num_start = m.start("pnum") if g["pct"] else m.start("num")
    if g["pct"]:
        num_start = m.start("pct")
    bare = chinese and num_text[0] in "百千万亿" and not g["pct"]
    return QuantityMatch(
        start=start + offset,
        end=end + offset,
        num_start=num_start + offset,
        quantity=Quantity(
            float(value), None if value_max is None else float(value_max), unit, approx, comparator
        ),
        surface_unit=surface_unit,
        chinese=chinese,
        digit_string=chinese and is_digit_string(num_text),
        bare_multiplier=bare,
        prefix=prefix,
        suffixes=suffixes,
    )


def _clean_float(x: float) -> float:
    """Undo binary noise from scaling (1.1 x 10000 -> 11000.0, not 11000.000000000002)."""
    return float(round(x, 6))


def _kept_suffixes(m: re.Match[str], lex: Lexicon, unit: str) -> tuple[tuple[str, ...], int]:
    """Suffixes that belong to the span: 内/余/多 after a unit only bound time (3个工作日内, 1年多)."""
    time_only = lex.data["comparators"]["time_only_suffix"]
    base_unit = unit.split("/")[0]
    kept: list[str] = []
    end = m.start("suf") if m.group("suf") else m.end()
    for name in ("suf", "suf2"):
        suf = m.group(name)
        if not suf:
            break
        if suf in time_only and base_unit not in lex.time_units:
            break
        kept.append(suf)
        end = m.end(name)
    return tuple(kept), end


def parse_quantity(text: str, lexicon: Lexicon | None = None) -> Quantity | None:
    """Read one COMMITMENT span text ("不少于12次", "20余次", "百分之九十五") or return None."""
    lex = lexicon or default_lexicon()
    folded = lex.fold(text.strip())
    m = lex.quantity_pattern.fullmatch(folded)
    if m is None:
        return None
    found = _match_quantity(m, lex)
    if found is None or found.end != len(folded):
        return None
    if found.bare_multiplier and not (found.quantity.approx or found.prefix):
        return None  # 万人, 千家: part of an idiom or a rate base, never an amount on its own
    return found.quantity


def find_quantities(text: str, lexicon: Lexicon | None = None) -> Iterator[QuantityMatch]:
    """Every surface quantity in ``text`` (no context filtering), left to right."""
    lex = lexicon or default_lexicon()
    return find_quantities_folded(lex.fold(text), lex)


def find_quantities_folded(folded: str, lex: Lexicon) -> Iterator[QuantityMatch]:
    """:func:`find_quantities` on a text already passed through ``Lexicon.fold``."""
    for m in lex.quantity_pattern.finditer(folded):
        found = _match_quantity(m, lex)
        if found is not None:
            yield found
