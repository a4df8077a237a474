"""Text preparation keeps a faithful map back to the caller's string."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rulegov_nlp.textprep import prepare


def roundtrip_ok(original: str, needle: str) -> None:
    prep = prepare(original)
    i = prep.text.find(needle)
    assert i >= 0, (needle, prep.text)
    start, end = prep.to_original(i, i + len(needle))
    folded = "".join(prepare(original[start:end]).text)
    assert folded == needle


def test_full_width_is_folded_one_to_one():
    original = "应诉率为１００％，开展活动（二）"
    prep = prepare(original)
    assert prep.text == "应诉率为100%,开展活动(二)"
    s, e = prep.to_original(4, 8)
    assert original[s:e] == "１００％"


def test_crlf_and_bom_and_zero_width():
    original = "\ufeff第一段\r\n第二\u200b段\r\n"
    prep = prepare(original)
    assert prep.text == "第一段\n第二段\n"
    s, e = prep.to_original(4, 7)
    assert original[s:e] == "第二\u200b段"


def test_html_text_and_entities_map_back():
    original = "<html><body><h1>青川镇报告</h1><p>开展普法&nbsp;<b>20余次</b>&amp;培训</p><script>var x=1;</script></body></html>"
    prep = prepare(original)
    assert "var x" not in prep.text
    assert "青川镇报告" in prep.text and "20余次" in prep.text
    roundtrip_ok(original, "20余次")
    i = prep.text.find("&培训")
    s, e = prep.to_original(i, i + 1)
    assert original[s:e] == "&amp;"


def test_trailing_css_junk_is_removed_but_mapped():
    original = (
        '县政府召开会议3次。\n\n@font-face{ font-family:"宋体"; } p.Normal{ margin:0pt; line-height:150%; }\n'
    )
    prep = prepare(original)
    assert "150%" not in prep.text and "font-family" not in prep.text
    assert prep.text.startswith("县政府召开会议3次。")
    assert prep.boundary_to_original(len(prep.text)) == len(original)


def test_braces_in_prose_are_kept():
    assert prepare("他说{这不是样式}。").text == "他说{这不是样式}。"


@given(st.text(alphabet="法治政府１２３％（）\r\n <>&;amp", max_size=60))
def test_offsets_are_monotonic_and_in_range(original):
    prep = prepare(original)
    assert len(prep.starts) == len(prep.text) == len(prep.ends)
    for i in range(len(prep.text)):
        assert 0 <= prep.starts[i] < prep.ends[i] <= len(original)
        if i:
            assert prep.starts[i] >= prep.starts[i - 1]


def test_pinyin_glosses_are_found_after_chinese_characters_only():
    from rulegov_nlp.textprep import without_glosses

    text = "國務(wù)院和區(qū)政府 (a)"
    compact, origin = without_glosses(text)
    assert compact == "國務院和區政府 (a)"  # "(a)" follows no Chinese character
    assert [text[i] for i in origin[:-1]] == list(compact) and origin[-1] == len(text)
    assert without_glosses("法治政府") is None


def test_hard_wraps_are_joined_and_mapped_back():
    para = "本镇全年开展法治宣传活动十二场次覆盖群众三千余人次同时组织干部集中学法六次并邀请律师授课两次效果良好。"
    lines = [para[i : i + 16] for i in range(0, len(para), 16)] * 3
    text = "\n".join([*lines[:5], "— 1 —", *lines[5:]])
    prepared = prepare(text)
    assert prepared.text == (para + "\n") * 2 + para  # breaks kept only after a paragraph
    for i, ch in enumerate(prepared.text):  # every kept character maps to itself
        assert text[prepared.starts[i] : prepared.ends[i]] == ch


def test_equal_length_headings_are_not_hard_wraps():
    body = "开展普法宣传活动,覆盖群众,效果良好,群众满意度持续提升,执法规范化水平进一步提高。"
    text = "\n".join(f"（{n}）加强某项重点工作的组织领导\n{body}" for n in "一二三四五六七八九十")
    assert prepare(text).text.count("\n") == text.count("\n")
