"""The state's structure as data: place chains, central organs, placement attributes."""

from __future__ import annotations

import pytest

from rulegov_nlp.parties.state import default_state, place_party


@pytest.fixture(scope="module")
def state():
    return default_state()


def test_lists_load_whole(state):
    assert len(state.by_name) > 30_000  # full names of 42k divisions (names recur)
    assert state.canonical_organ["发改委"] == "国家发展和改革委员会"
    assert state.canonical_organ["最高检"] == "最高人民检察院"
    assert "中办" not in state.organ_names()  # also a piece of 集中办理


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新疆维吾尔自治区人民政府", "新疆维吾尔自治区"),  # never cut inside a listed name
        ("江门市新会区统计局", "江门市新会区"),
        ("沈阳市司法局", "沈阳市"),
        ("随县交通运输局", "随县"),
    ],
)
def test_chain_ending_at_the_organ(state, text, expected):
    head = len(expected)
    assert text[state.chain_start(text, head) : head] == expected


def test_chain_resolves_a_recurring_name_by_its_parents(state):
    division = state.resolve(state.chain_at("江门市新会区", 0))
    assert (division.name, division.level, division.code) == ("新会区", "county", "440705000000")
    assert state.resolve(["城关镇"]) is None  # dozens of them: no code without context


@pytest.mark.parametrize(
    ("name", "unit", "level", "place", "code", "inferred", "canonical"),
    [
        ("广东省应急管理厅", None, "province", "广东省", "440000000000", False, None),
        ("江门市新会区统计局", None, "county", "新会区", "440705000000", False, None),
        ("鲤城区人民政府金龙街道办事处", None, "township", "金龙街道", "350502007000", False, None),
        ("岚溪县人民政府青萝街道办事处", None, "township", "青萝街道", None, False, None),
        ("杏坪村委会", None, "village", "杏坪村", None, False, None),
        ("县司法局", "440705000000", "county", "新会区", "440705000000", True, None),
        ("市司法局", "440705000000", "city", "江门市", "440700000000", True, None),
        ("县司法局", None, "county", None, None, False, None),
        ("发改委", None, "national", None, None, False, "国家发展和改革委员会"),
        ("国家卫生健康委员会", None, "national", None, None, False, "国家卫生健康委员会"),
        ("文化和旅游部党组", None, "national", None, None, False, None),
        ("市场监督管理局", None, "unknown", None, None, False, None),
        ("法律顾问", None, "unknown", None, None, False, None),
    ],
)
def test_placement(state, name, unit, level, place, code, inferred, canonical):
    p = place_party(state, name, unit)
    assert (p.level, p.place, p.division_code, p.place_inferred, p.canonical) == (
        level, place, code, inferred, canonical,
    )  # fmt: skip


def test_pipeline_party_attributes():
    import rulegov_nlp

    text = "江门市新会区2023年法治政府建设年度报告\n2023年，新会区在江门市委的领导下，区司法局和国家统计局开展普法。"
    record = rulegov_nlp.extract(text)
    meta = record["meta"]
    assert meta["issuer_division"] == {"code": "440705000000", "level": "county", "name": "新会区"}
    assert (meta["year"], meta["level"]) == (2023, "county")
    parties = {text[e["start"] : e["end"]]: e["attrs"] for e in record["entities"] if e["label"] == "PARTY"}
    assert parties["区司法局"]["place"] == "新会区" and parties["区司法局"]["place_inferred"] is True
    assert parties["国家统计局"]["level"] == "national"
    assert parties["江门市委"]["division_code"] == "440700000000"


def _divisions(state, keep):
    return [d for code in state._rows if (d := state.division(code)) is not None and keep(d)]


@pytest.mark.parametrize("organ", ["党委", "人民政府", "司法厅", "党委常委会"])
def test_region_word_stands_for_the_reporting_region(state, organ):
    """自治区党委 in a report of an autonomous region (or of a unit inside it) is that region's,
    never a place named 自治区: every region of the list."""
    regions = _divisions(state, lambda d: d.level == "province" and d.name.endswith("自治区"))
    assert len(regions) == 5
    for region in regions:
        units = [region, *_divisions(state, lambda d, r=region: d.parent == r.code)[:3]]
        for unit in units:
            placed = place_party(state, "自治区" + organ, unit.code)
            assert (placed.level, placed.place, placed.division_code, placed.place_inferred) == (
                "province",
                region.name,
                region.code,
                True,
            ), (unit.name, organ)


@pytest.mark.parametrize("organ", ["市委", "市政府", "市司法局"])
def test_city_word_in_a_municipality_district_is_the_municipality(state, organ):
    """市委 in a report of a district or county of 北京/天津/上海/重庆 is the municipality, a
    province-level unit (not 重庆城区, nor unplaced): every such district of the list."""
    municipalities = {
        d.code[:2]: d for d in _divisions(state, lambda d: d.level == "province" and d.name.endswith("市"))
    }
    assert len(municipalities) == 4
    districts = _divisions(state, lambda d: d.level == "county" and d.code[:2] in municipalities)
    assert len(districts) > 50
    for district in districts:
        placed = place_party(state, organ, district.code)
        city = municipalities[district.code[:2]]
        assert (placed.level, placed.place, placed.division_code) == ("province", city.name, city.code)


def test_prefecture_administrative_offices(state, nlp):
    """地区 and 盟 are governed by an administrative office (行政公署, 行署): the organ names the
    prefecture, and a report it issues is a city-level government's. Every 地区 and 盟 of the list."""
    prefectures = _divisions(state, lambda d: d.level == "city" and d.name.endswith(("地区", "盟")))
    assert len(prefectures) >= 10
    for unit in prefectures:
        name = f"{unit.name}行政公署"
        placed = place_party(state, name, None)
        assert (placed.level, placed.place, placed.division_code) == ("city", unit.name, unit.code)
        meta = nlp(f"{name}2023年法治政府建设情况报告\n\n2023年，行署坚持依法行政。")._.meta
        assert (meta["level"], meta["issuer_division"]["code"]) == ("city", unit.code), name


def test_cppcc_committee_named_with_its_place(state):
    """政协 + a place chain + 委员会 is that place's CPPCC committee: the place is the chain's
    last unit (政协大同市云冈区委员会 is 云冈区's), never a place read as 政协大同市. Every
    province, and counties of the list (one in every 300) named with their city."""
    provinces = _divisions(state, lambda d: d.level == "province")
    for province in provinces:
        placed = place_party(state, f"政协{province.name}委员会", None)
        assert (placed.level, placed.place, placed.division_code) == (
            "province",
            province.name,
            province.code,
        )
    counties = [
        d for code in sorted(state._rows)[::300] if (d := state.division(code)) and d.level == "county"
    ]
    assert len(counties) > 10
    for county in counties:
        city = next((d for d in state.ancestors(county) if d.level == "city"), None)
        name = f"政协{city.name if city else ''}{county.name}委员会"
        placed = place_party(state, name, None)
        assert (placed.level, placed.place, placed.division_code) == ("county", county.name, county.code), (
            name
        )
