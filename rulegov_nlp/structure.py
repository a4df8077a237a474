"""Report structure: headings at every level and the top-level sections that cover the text.

Top-level units are laid out structurally, then typed by the section classifier:
a header block (page chrome, metadata, title), the preamble (body text before the first
top-level heading), one unit per top-level heading, and an end block (signature and
date, trailing page noise). Each unit carries a ``block`` kind that the classifier uses
as a feature. The top-level heading style is the highest-ranked style that occurs at
line starts (第X部分 > 一、 > （一） > 1.), so damaged and skipped numbering still counts.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rulegov_nlp.component import Component, DataFile, read_package_file
from rulegov_nlp.spans import SECTION_GROUP, char_spans, doc_text, set_span_values, span_values
from rulegov_nlp.text.folding import fold_chars

CN_NUM = "一二三四五六七八九十百零〇两"
BULLET = "bullet"
RUN_IN = "run_in"


RULES_FILE = DataFile(
    "rules.json",
    "json",
    "heading styles in rank order, header/end-block and noise line patterns",
    ("rulegov_nlp.resources", "sections_structure.json"),
)


def package_rules() -> dict[str, Any]:
    """The bundled structure rules."""
    return read_package_file(RULES_FILE)


@dataclass
class Unit:
    """A top-level unit of a report before it is typed."""

    start: int
    end: int
    block: str  # header | preamble | heading | end
    heading: str | None = None
    subsections: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str  # stripped


class StructureFinder:
    """Finds the top-level units of a report text; all rules come from a data file."""

    def __init__(self, rules: dict[str, Any]):
        self.rules = rules
        self.styles = [(name, re.compile(pattern)) for name, pattern in rules["heading_styles"]]
        self.ranked = [name for name, _ in self.styles]  # bullets rank just below 一、
        self.ranked.insert(self.ranked.index("numeral") + 1, BULLET)
        self.title_re = re.compile(rules["title"])
        self.chrome_re = re.compile(rules["chrome_line"])
        self.date_re = re.compile(rules["date_line"])
        self.signature_re = re.compile(rules["signature_line"])
        self.noise_re = re.compile(rules["trailing_noise"])
        # words that are page chrome on a short line but prose in a paragraph (备案审查, 打印)
        self.weak_noise_re = re.compile(rules.get("trailing_noise_weak", "(?!)"))
        self.bullet_re = re.compile(rules.get("bullet_heading", r"(?!)"))
        self.wrapper_re = re.compile(rules.get("wrapper_line", r"(?!)"))
        self.salutation_re = re.compile(rules.get("salutation_line", r"(?!)"))
        self.run_in_re = re.compile(rules.get("run_in_item", r"(?!)"))

    # -- lines ----------------------------------------------------------------------------
    @staticmethod
    def lines(text: str) -> list[Line]:
        out = []
        pos = 0
        for raw in text.split("\n"):
            stripped = raw.strip()
            if stripped:
                lead = len(raw) - len(raw.lstrip())
                out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
            pos += len(raw) + 1
        return out

    def heading_style(self, line: Line) -> str | None:
        for name, pattern in self.styles:
            if pattern.match(line.text):
                return name
        return None

    def bullet_headings(self, styled: list[tuple[Line, str | None]]) -> list[tuple[Line, str | None]]:
        """A short bullet line ("- 坚持…") right before a numbered heading heads those items:
        pages that lost the top-level numerals often show them as bullets."""
        out = list(styled)
        for i, (ln, style) in enumerate(styled[:-1]):
            if style is None and self.bullet_re.match(ln.text) and styled[i + 1][1] is not None:
                out[i] = (ln, BULLET)
        return out

    # -- layout ---------------------------------------------------------------------------
    def find(self, text: str) -> list[Unit]:
        """Units of ``text``; rules match the folded text (offsets are the same)."""
        original, text = text, fold_chars(text)
        if not text:
            return []  # nothing to lay out (an empty or zero-width-only report)
        lines = self.lines(text)
        if not lines:
            return [Unit(0, len(text), "preamble")]
        styled = self.bullet_headings([(ln, self.heading_style(ln)) for ln in lines])
        top_style = self._top_style([s for _, s in styled])
        heads = [ln for ln, s in styled if s == top_style] if top_style else []
        body_end_idx = self._end_block_start(lines, heads)
        end_start = lines[body_end_idx].start if body_end_idx is not None else None
        heads = [h for h in heads if end_start is None or h.start < end_start]
        first_head = heads[0].start if heads else (end_start if end_start is not None else len(text))
        units = self._frame(text, [ln for ln in lines if ln.start < first_head], first_head)
        for h, nxt in zip(heads, [*heads[1:], None], strict=False):
            stop = nxt.start if nxt else (end_start if end_start is not None else len(text))
            units.append(Unit(h.start, stop, "heading", heading=original[h.start : h.end][:120]))
        if end_start is not None:
            units.append(Unit(end_start, len(text), "end"))
        units = [u for u in units if u.end > u.start]
        units[0].start = 0
        for a, b in itertools.pairwise(units):
            a.end = b.start
        units[-1].end = len(text)
        line_starts = [ln.start for ln, _ in styled]
        for unit in units:
            inside = styled[bisect_right(line_starts, unit.start) : bisect_left(line_starts, unit.end)]
            unit.subsections = self._subsections(inside, unit, top_style, text, original)
        return units

    def _top_style(self, styles: list[str | None]) -> str | None:
        """The highest-ranked style that occurs twice (once is enough for the first ranks and
        for bullets, which only count when they head numbered items)."""
        present = [name for name in self.ranked if name in styles]
        for name in present:
            if name in ("part", "numeral", BULLET) or styles.count(name) >= 2:
                return name
        return None

    def _frame(self, text: str, prefix: list[Line], first_head: int) -> list[Unit]:
        """Header block and preamble. The header holds every line before the first body
        paragraph, and also what wraps a republished or issued document (a news lead-in,
        an issuing notice with its signature and date, "…全文如下"). A salutation right
        before the body opens the body: a report addressed to a superior starts there."""
        if not prefix:
            return []
        first_para = self._body_start(prefix)
        if first_para and self._is_salutation(prefix[first_para - 1].text):
            first_para -= 1
        if first_para == 0:
            return [Unit(0, first_head, "preamble")]
        if first_para is None:
            return [Unit(0, first_head, "header")]
        return [
            Unit(0, prefix[first_para].start, "header"),
            Unit(prefix[first_para].start, first_head, "preamble"),
        ]

    def _is_salutation(self, text: str) -> bool:
        return bool(self.salutation_re.match(text)) and not self.chrome_re.search(text)

    def _body_start(self, prefix: list[Line]) -> int | None:
        """Index of the first body paragraph after the last wrapper line, if any."""
        wrappers = [i for i, ln in enumerate(prefix) if self.wrapper_re.search(ln.text)]
        after = wrappers[-1] + 1 if wrappers else 0
        return next((i for i in range(after, len(prefix)) if self._is_paragraph(prefix[i].text)), None)

    @staticmethod
    def _is_paragraph(text: str) -> bool:
        """Running prose: enough Chinese characters and sentence punctuation."""
        cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        return text.endswith("。") or (cjk >= 25 and any(p in text for p in "，。,；;"))

    def _end_block_start(self, lines: list[Line], heads: list[Line]) -> int | None:
        """Index of the line where signature/date and trailing page noise begin."""
        after = heads[-1].start if heads else -1
        candidates = [i for i, ln in enumerate(lines) if ln.start > after]
        start = None
        for i in reversed(candidates):
            ln = lines[i].text
            if (
                self.noise_re.search(ln)
                or (self.weak_noise_re.search(ln) and not self._is_paragraph(ln))
                or self.date_re.fullmatch(ln)
                or (self.signature_re.fullmatch(ln) and i + 1 < len(lines) and self._near_date(lines, i))
            ):
                start = i
                continue
            if (
                start is not None
                and len(ln) <= 30
                and not self._is_paragraph(ln)
                and self.signature_re.fullmatch(ln)
            ):
                start = i
                continue
            break
        if start is None:
            return None
        if start == 0 or lines[start].start <= after:
            return None
        return start

    def _near_date(self, lines: list[Line], i: int) -> bool:
        return any(self.date_re.fullmatch(lines[j].text) for j in range(i + 1, min(len(lines), i + 3)))

    def _subsections(
        self, styled: list[tuple[Line, str | None]], unit: Unit, top: str | None, text: str, original: str
    ) -> list[dict]:
        """Lower headings inside a unit (``styled`` holds the unit's lines after its first),
        and run-in items (一是…), each up to the next one."""
        heads = [
            (ln.start, original[ln.start : ln.end][:120], style)
            for ln, style in styled
            if style is not None and style != top
        ]
        taken = {start for start, _, _ in heads}
        for m in self.run_in_re.finditer(text, unit.start, unit.end):
            start = m.start("item")
            if start > unit.start and start not in taken:
                heads.append((start, self._run_in_heading(original, start), RUN_IN))
        heads.sort()
        ends = [start for start, _, _ in heads[1:]] + [unit.end] if heads else []
        return [
            {"start": start, "end": end, "heading": heading, "level": level}
            for (start, heading, level), end in zip(heads, ends, strict=True)
        ]

    @staticmethod
    def _run_in_heading(text: str, start: int) -> str:
        """A run-in item's heading: up to its first sentence or clause break (at most 40);
        the search stops at 40 characters so that many items without breaks stay linear."""
        limit = min(len(text), start + 40)
        breaks = (text.find(ch, start, limit) for ch in "。；;，,\n")
        stop = min((p for p in breaks if p != -1), default=limit)
        return text[start:stop]


@Language.factory(
    "rulegov_structure",
    default_config={},
    assigns=["doc.spans", "span._.heading", "span._.subsections"],
    retokenizes=True,
)
def make_structure(nlp: Language, name: str) -> StructureComponent:
    return StructureComponent(nlp, name)


class StructureComponent(Component[StructureFinder]):
    """Writes top-level units to ``doc.spans["sections"]`` (label "unit:<block>" until typed)."""

    data_files = (RULES_FILE,)

    def __init__(self, nlp: Language, name: str = "rulegov_structure") -> None:
        super().__init__(name)

    def build(self, data: dict[str, Any]) -> StructureFinder:
        return StructureFinder(data[RULES_FILE.name])

    @property
    def finder(self) -> StructureFinder:
        return self.engine

    def __call__(self, doc: Doc) -> Doc:
        units = self.engine.find(doc_text(doc))
        doc, spans = char_spans(doc, [(u.start, u.end, f"unit:{u.block}") for u in units])
        bounds = [(span.start_char, span.end_char) for span in spans]
        set_span_values(doc, "heading", bounds, [u.heading for u in units])
        set_span_values(doc, "subsections", bounds, [u.subsections for u in units])
        doc.spans[SECTION_GROUP] = spans
        return doc


def units_of(doc: Doc) -> list[Unit]:
    """The units the structure component wrote to the Doc (label "unit:<block>")."""
    spans = list(doc.spans.get(SECTION_GROUP, []))
    bounds = [(s.start_char, s.end_char) for s in spans]
    headings = span_values(doc, "heading", bounds)
    subsections = span_values(doc, "subsections", bounds)
    return [
        Unit(start, end, s.label_.removeprefix("unit:"), heading, subs or [])
        for s, (start, end), heading, subs in zip(spans, bounds, headings, subsections, strict=True)
    ]
