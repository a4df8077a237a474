"""parse_quantity: every surface form a COMMITMENT span can take, and the Chinese numerals behind them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rulegov_nlp.commitments.numerals import (
    Quantity,
    chinese_range,
    find_quantities,
    parse_chinese,
    parse_number,
    parse_quantity,
)

# text -> (value, value_max, unit, approx, comparator)
TABLE = {
    "两次": (2.0, None, "次", False, None),
    "十一次": (11.0, None, "次", False, None),
    "二十余场": (20.0, None, "场", True, None),
    "1.2万人次": (12000.0, None, "人次", False, None),
    "3000余份": (3000.0, None, "份", True, None),
    "百分之九十五": (95.0, None, "%", False, None),
    "百分之百": (100.0, None, "%", False, None),
    "98.5%": (98.5, None, "%", False, None),
    "100%": (100.0, None, "%", False, None),
    "一百二十八件": (128.0, None, "件", False, None),
    "1,200元": (1200.0, None, "元", False, None),
    "3.5亿元": (350000000.0, None, "元", False, None),
    "120万元": (1200000.0, None, "元", False, None),
    "3000余万元": (30000000.0, None, "元", True, None),
    "1万余人": (10000.0, None, "人", True, None),
    "两千三百人": (2300.0, None, "人", False, None),
    "一万二千份": (12000.0, None, "份", False, None),
    "3至5次": (3.0, 5.0, "次", False, None),
    "3-5次": (3.0, 5.0, "次", False, None),
    "三至五次": (3.0, 5.0, "次", False, None),
    "三五次": (3.0, 5.0, "次", False, None),
    "两三个": (2.0, 3.0, "个", False, None),
    "14项": (14.0, None, "项", False, None),
    "20余次": (20.0, None, "次", True, None),
    "20多次": (20.0, None, "次", True, None),
    "百余人": (100.0, None, "人", True, None),
    "不少于12次": (12.0, None, "次", False, "ge"),
    "不低于30%": (30.0, None, "%", False, "ge"),
    "至少两次": (2.0, None, "次", False, "ge"),
    "60%以上": (60.0, None, "%", False, "ge"),
    "超过300人": (300.0, None, "人", False, "gt"),
    "超5000件": (5000.0, None, "件", False, "gt"),
    "逾千人": (1000.0, None, "人", False, "gt"),
    "不超过10分钟": (10.0, None, "分钟", False, "le"),
    "5%以内": (5.0, None, "%", False, "le"),
    "3个工作日内": (3.0, None, "工作日", False, "le"),
    "不足40%": (40.0, None, "%", False, "lt"),
    "近5000人": (5000.0, None, "人", True, None),
    "约78.9万个": (789000.0, None, "个", True, None),
    "50人左右": (50.0, None, "人", True, None),
    "100人上下": (100.0, None, "人", True, None),
    "1年多": (1.0, None, "年", True, None),
    "万人次": None,
    "1.2万人次以上": (12000.0, None, "人次", False, "ge"),
    "20余人次": (20.0, None, "人次", True, None),
    "6家次": (6.0, None, "家次", False, None),
    "70余场次": (70.0, None, "场次", True, None),
    "1213个工作日": (1213.0, None, "工作日", False, None),
    "3个月": (3.0, None, "月", False, None),
    "24小时": (24.0, None, "小时", False, None),
    "15天": (15.0, None, "天", False, None),
    "四年": (4.0, None, "年", False, None),
    "八个": (8.0, None, "个", False, None),
    "8大类": (8.0, None, "大类", False, None),
    "1.96个/件": (1.96, None, "个/件", False, None),
    "20个百分点": (20.0, None, "百分点", False, None),
    "3倍": (3.0, None, "倍", False, None),
    "3起": (3.0, None, "起", False, None),
    "2批": (2.0, None, "批", False, None),
    "6期": (6.0, None, "期", False, None),
    "5篇": (5.0, None, "篇", False, None),
    "200册": (200.0, None, "册", False, None),
    "30户": (30.0, None, "户", False, None),
    "7名": (7.0, None, "名", False, None),
    "3部": (3.0, None, "部", False, None),
    "12条": (12.0, None, "条", False, None),
    "11家": (11.0, None, "家", False, None),
    "不少于40学时": (40.0, None, "学时", False, "ge"),
    "三点五倍": (3.5, None, "倍", False, None),
    "１２次": (12.0, None, "次", False, None),  # full-width digits, as users may pass raw text
    "２０％": (20.0, None, "%", False, None),
    "兩萬餘人": (20000.0, None, "人", True, None),  # traditional forms
}


@pytest.mark.parametrize("text", sorted(TABLE))
def test_table(text):
    expected = TABLE[text]
    got = parse_quantity(text)
    if expected is None:
        assert got is None
        return
    assert got is not None, text
    assert (got.value, got.value_max, got.unit, got.approx, got.comparator) == expected


@pytest.mark.parametrize(
    "text",
    ["", "次", "十四五", "八五普法", "三五", "3次多方", "不少于", "第一", "二二次", "abc", "12", "2.3.4次"],
)
def test_not_a_quantity(text):
    assert parse_quantity(text) is None


def test_as_attrs_has_the_record_keys():
    attrs = parse_quantity("20余次").as_attrs()
    assert attrs == {"value": 20.0, "value_max": None, "unit": "次", "approx": True, "comparator": None}
    assert parse_quantity("3至5次").as_attrs()["value_max"] == 5.0


def test_quantity_is_frozen():
    q = Quantity(1.0, None, "次", False, None)
    with pytest.raises(AttributeError):
        q.value = 2.0  # type: ignore[misc]


# --- the guards around cn2an -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [("两千", 2000.0), ("两百", 200.0), ("两万", 20000.0), ("百", 100.0), ("千", 1000.0), ("三点零五", 3.05)],
)
def test_chinese_forms_cn2an_refuses_or_misreads(text, value):
    assert parse_chinese(text) == value


def test_adjacent_digits_are_ranges_not_numbers():
    assert chinese_range("两三") == (2.0, 3.0)
    assert chinese_range("七八") == (7.0, 8.0)
    assert chinese_range("三五") == (3.0, 5.0)
    assert chinese_range("九二") is None
    assert parse_chinese("三五") is None  # cn2an says 35


def test_digit_strings_read_digit_by_digit():
    assert parse_chinese("二〇二三") == 2023.0


def test_mixed_numbers():
    assert parse_number("1.2万") == 12000.0
    assert parse_number("3.5亿") == 350000000.0
    assert parse_number("1,200") == 1200.0


def test_find_quantities_reports_offsets():
    text = "提供法律咨询20余次，参与调解4次。"
    found = [(text[q.start : q.end], q.quantity.value) for q in find_quantities(text)]
    assert found == [("20余次", 20.0), ("4次", 4.0)]


# --- property: numbers rendered the way reports write them come back -------------------------

_DIGITS = "零一二三四五六七八九"


def _under_10k(n: int, liang: bool, leading: bool) -> str:
    parts: list[str] = []
    started = zero = False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // size % 10
        if d == 0:
            zero = zero or started
            continue
        if zero:
            parts.append("零")
            zero = False
        if unit == "十" and d == 1 and not started and leading:
            parts.append("十")  # 十一, not 一十一, at the head of a number
        else:
            parts.append(("两" if liang and d == 2 and unit in "千百" and unit else _DIGITS[d]) + unit)
        started = True
    return "".join(parts)


def render(n: int, liang: bool = False) -> str:
    """An integer below 10^8 as report prose writes it: 一百二十八, 两千三百, 一万二千, 一万零五."""
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    if high == 0:
        return _under_10k(low, liang, True)
    head = "两万" if liang and high == 2 else _under_10k(high, liang, True) + "万"
    if low == 0:
        return head
    return head + ("零" if low < 1000 else "") + _under_10k(low, liang, False)


UNITS = ("次", "项", "件", "场", "人", "人次", "个", "份", "家", "名")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=2, max_value=99_999_999), st.booleans(), st.sampled_from(UNITS))
def test_chinese_integers_round_trip(n, liang, unit):
    q = parse_quantity(render(n, liang) + unit)
    assert q is not None and q.value == float(n) and q.unit == unit


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=1, max_value=99))
def test_chinese_decimals_round_trip(whole, frac):
    digits = str(frac).rstrip("0") or "0"
    text = render(whole) + "点" + "".join(_DIGITS[int(d)] for d in digits) + "倍"
    q = parse_quantity(text)
    assert q is not None and q.value == float(f"{whole}.{digits}")


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=100))
def test_chinese_percentages_round_trip(n):
    q = parse_quantity("百分之" + render(n))
    assert q is not None and (q.value, q.unit) == (float(n), "%")


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=999).map(lambda k: k * 10), st.sampled_from(("余", "多")))
def test_approximate_round_numbers(n, marker):
    q = parse_quantity(render(n) + marker + "场")
    assert q is not None and q.value == float(n) and q.approx


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False))
def test_arabic_decimals_and_scales(d):
    text = f"{d:f}".rstrip("0").rstrip(".") if "." in f"{d:f}" else f"{d:f}"
    q = parse_quantity(text + "万人次")
    assert q is not None and q.value == pytest.approx(float(d) * 10000) and q.unit == "人次"
