"""Openings of headings and list items: 一、 第一部分 （一） 1. 一是.

The structure component reads its ranked heading styles from
``resources/sections_structure.json`` (rules as data); the patterns here are the fixed ones
that other stages test a line with. They are built from the same pieces, so a numbering
style is written once.
"""

from __future__ import annotations

import re

CN_ORDINAL = "[一二三四五六七八九十]"
NUMERAL_ITEM = rf"{CN_ORDINAL}{{1,3}}\s*[、.．]"  # 一、 二. 三．
PART = rf"第{CN_ORDINAL}{{1,3}}[部章]分?"  # 第一部分, 第二章
PAREN_ITEM = r"[(（][一二三四五六七八九十\d]{1,3}[)）]"  # （一） (2)
ARABIC_ITEM = r"\d{1,2}\s*[、.](?!\d)"  # 1、 2. but not 2.5

# a top-level heading (一、 第一部分): plans and years read under it hold for its section
TOP_HEADING = re.compile(rf"^\s*(?:{NUMERAL_ITEM}|{PART})")
# a heading at any level: 一、 （一） 1. 第一部分 (no 第一章: subheadings never use it)
SUBHEADING = re.compile(
    rf"^\s*(?:{CN_ORDINAL}{{1,3}}\s*[、.]|{PAREN_ITEM}|{ARABIC_ITEM}|第{CN_ORDINAL}{{1,3}}部分)"
)
# where a hard-wrapped line opens a new item, so it is not joined to the line before
# (unbounded ordinals: a damaged PDF numbering still opens an item; 一是 and bullets too)
ITEM_OPENING = re.compile(
    rf"\s*(?:第{CN_ORDINAL}+[部分章]|{CN_ORDINAL}+[、.]|[（(][一二三四五六七八九十\d]+[)）]"
    rf"|\d+[.、．]|{CN_ORDINAL}是|[-•·●■◆]\s)"
)
# the plain baseline's section heading: a numeral and 、 at a line start, with its line
BASELINE_HEADING = re.compile(rf"(?m)^\s*{CN_ORDINAL}+、[^\n]*")
