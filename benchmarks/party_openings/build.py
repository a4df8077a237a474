"""Build ``openings.jsonl`` (gold records) from ``openings.src.txt`` (our own report openings
with inline PARTY marks), so offsets are computed, never counted by hand.

    python benchmarks/party_openings/build.py [--check]

Mark syntax (see the head of openings.src.txt): ``[name|spec]`` where spec holds ``r`` (role),
``#`` (central organ; ``#=全称`` names the canonical outright), ``@地名`` (the place, official
full name; level and 12-digit code from shared/data/admin_divisions.tsv, a recurring name
resolved by the reporting unit's lineage), ``!n/p/c/x/t/v/u`` (level) and ``*``
(place_inferred). ``--check`` fails when the jsonl on disk differs from a fresh build.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared" / "data"
if not SHARED.is_dir():  # the worktree sits beside /work/main; shared/ is at /work/shared
    SHARED = Path("/work/shared/data")
SRC, OUT = HERE / "openings.src.txt", HERE / "openings.jsonl"
LEVELS = {
    "n": "national",
    "p": "province",
    "c": "city",
    "x": "county",
    "t": "township",
    "v": "village",
    "u": "unknown",
}
TSV_LEVEL = {"province": "province", "prefecture": "city", "county": "county", "township": "township"}
MARK = re.compile(r"\[([^\[\]|]+)\|([^\[\]]*)\]")


def load_divisions() -> tuple[dict[str, list[str]], dict[str, tuple[str, str, str]]]:
    by_name: dict[str, list[str]] = {}
    by_code: dict[str, tuple[str, str, str]] = {}
    for line in (SHARED / "admin_divisions.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("code\t"):
            continue
        code, level, name, _short, parent = line.split("\t")
        by_name.setdefault(name, []).append(code)
        by_code[code] = (level, name, parent)
    return by_name, by_code


def load_central() -> dict[str, str]:
    names: dict[str, str] = {}
    for line in (SHARED / "central_organs.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        names.setdefault(cols[0], cols[0])
        for short in filter(None, cols[1].split(",")):
            names.setdefault(short, cols[0])
    return names


def lineage(code: str | None, by_code) -> list[str]:
    out = []
    while code and code in by_code:
        out.append(code)
        code = by_code[code][2]
    return out


def resolve(place: str, ctx: str, by_name, by_code) -> str | None:
    codes = by_name.get(place, [])
    if len(codes) <= 1:
        return codes[0] if codes else None
    ctx_line = lineage(ctx, by_code)
    ranked = sorted(codes, key=lambda c: -len(set(lineage(c, by_code)) & set(ctx_line)))
    if len(set(lineage(ranked[0], by_code)) & set(ctx_line)) == len(
        set(lineage(ranked[1], by_code)) & set(ctx_line)
    ):
        raise ValueError(f"{place}: ambiguous under {ctx}")
    return ranked[0]


def attrs_for(name: str, spec: str, ctx: str, tables) -> dict:
    by_name, by_code, central = tables
    attrs = {
        "type": "role" if "r" in spec.split("@")[0].split("=")[0] else "org",
        "level": "unknown",
        "place": None,
        "division_code": None,
        "place_inferred": "*" in spec,
        "canonical": None,
    }
    if "#" in spec:
        attrs["level"] = "national"
        m = re.search(r"#=([^!@*]+)", spec)
        attrs["canonical"] = m.group(1) if m else central[name]
    m = re.search(r"@([^!*#]+)", spec)
    if m:
        place = m.group(1)
        code = resolve(place, ctx, by_name, by_code)
        attrs["place"], attrs["division_code"] = place, code
        if code:
            attrs["level"] = TSV_LEVEL[by_code[code][0]]
    m = re.search(r"!([npcxtvu])", spec)
    if m:
        attrs["level"] = LEVELS[m.group(1)]
    return attrs


def parse(src: str, tables) -> list[dict]:
    records = []
    for block in src.split("\n=== ")[1:]:
        head, body = block.split("\n", 1)
        rid, level, year, ctx, tier = head.split()
        text, entities, pos = [], [], 0
        for m in MARK.finditer(body):
            text.append(body[pos : m.start()])
            start = sum(map(len, text))
            text.append(m.group(1))
            entities.append(
                {
                    "start": start,
                    "end": start + len(m.group(1)),
                    "label": "PARTY",
                    "attrs": attrs_for(m.group(1), m.group(2), ctx, tables),
                }
            )
            pos = m.end()
        text.append(body[pos:])
        plain = "".join(text).rstrip("\n") + "\n"
        assert "[" not in plain and "]" not in plain, f"{rid}: unparsed mark"
        for e in entities:
            assert plain[e["start"] : e["end"]], rid
        records.append(
            {
                "id": rid,
                "text": plain,
                "entities": entities,
                "sections": [],
                "meta": {
                    "level": level,
                    "year": int(year),
                    "tier": tier,
                    "batch": 3 if rid.startswith("b3-") else 2 if rid.startswith("b2-") else 1,
                    "title": plain.split("\n", 1)[0],
                    "source": "written for the benchmark",
                },
            }
        )
    return records


def build() -> str:
    by_name, by_code = load_divisions()
    records = parse(SRC.read_text(encoding="utf-8"), (by_name, by_code, load_central()))
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


if __name__ == "__main__":
    fresh = build()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_text(encoding="utf-8") == fresh else "openings.jsonl is stale: run build.py")
    OUT.write_text(fresh, encoding="utf-8")
    print(f"{fresh.count(chr(10))} records written to {OUT}")
