"""The ``rulegov_commitments`` component: COMMITMENT entities with their attributes.

Finds every number-with-unit on ``doc.text``, drops the ones the guideline
excludes (dates, ordinals, names, numbers in titles and LAW spans, codes), and
stores the rest with value/unit/approx/comparator plus kind, metric, year and
the responsible PARTY. Runs after ``rulegov_section_types`` (plans -> target),
``rulegov_laws`` (LAW spans shield their numbers) and ``rulegov_parties``; all
three are optional inputs.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from rulegov_nlp.commitments.filters import name_ranges, rejection, shield_ranges
from rulegov_nlp.commitments.kind import kind_from_cues, plans_ranges_from_headings
from rulegov_nlp.commitments.lexicon import LEXICON_FILES, Lexicon, lexicon_data
from rulegov_nlp.commitments.linking import link_party, year_of
from rulegov_nlp.commitments.metric import metric
from rulegov_nlp.commitments.numerals import QuantityMatch, find_quantities_folded
from rulegov_nlp.component import Component
from rulegov_nlp.document_kind import PLAN, is_plan_document
from rulegov_nlp.spans import (
    SECTION_GROUP,
    EntityCandidate,
    add_entities,
    doc_text,
    entity_offsets,
)
from rulegov_nlp.text.intervals import IntervalSet
from rulegov_nlp.textprep import span_through_glosses, without_glosses
from rulegov_nlp.vocabulary import COMMITMENT

LABEL = COMMITMENT


@Language.factory(
    "rulegov_commitments",
    default_config={"overwrite": False, "use_heading_fallback": True},
    assigns=["doc.spans", "doc.ents", "span._.attrs", "doc._.commitment_rejections"],
    requires=["doc._.meta", "doc.spans", "span._.attrs"],
    retokenizes=True,
)
def make_commitments(
    nlp: Language, name: str, overwrite: bool, use_heading_fallback: bool
) -> CommitmentComponent:
    """Factory for the COMMITMENT component (word lists from the package, or from the pipeline dir)."""
    return CommitmentComponent(name, overwrite=overwrite, use_heading_fallback=use_heading_fallback)


class CommitmentComponent(Component[Lexicon]):
    """Rule-based recogniser of COMMITMENT quantities; its engine is the :class:`Lexicon` of
    word lists and the patterns compiled from them, which travel with the pipeline."""

    data_files = LEXICON_FILES

    def __init__(
        self, name: str = "rulegov_commitments", *, overwrite: bool = False, use_heading_fallback: bool = True
    ):
        super().__init__(name)
        self.overwrite = overwrite
        self.use_heading_fallback = use_heading_fallback

    def build(self, data: dict[str, Any]) -> Lexicon:
        return Lexicon(lexicon_data(data))

    @property
    def lexicon(self) -> Lexicon:
        return self.engine

    @lexicon.setter
    def lexicon(self, lexicon: Lexicon) -> None:
        self.set_data({f"{name}.json": lists for name, lists in lexicon.data.items()}, lexicon)

    def settings(self) -> dict[str, Any]:
        return {"overwrite": self.overwrite, "use_heading_fallback": self.use_heading_fallback}

    def apply_settings(self, cfg: dict[str, Any]) -> None:
        self.overwrite = bool(cfg.get("overwrite", self.overwrite))
        self.use_heading_fallback = bool(cfg.get("use_heading_fallback", self.use_heading_fallback))

    def __call__(self, doc: Doc) -> Doc:
        offsets = entity_offsets(doc)
        if offsets.get(LABEL) and not self.overwrite:
            return doc
        if offsets.get(LABEL):
            doc.spans["entities"] = [s for s in doc.spans["entities"] if s.label_ != LABEL]
        rejected: list[Rejection] = []
        doc, _ = add_entities(doc, self.find(doc, offsets, rejected))
        doc._.commitment_rejections = rejected
        return doc

    # --- the work ----------------------------------------------------------------------------
    def find(
        self,
        doc: Doc,
        offsets: dict[str, list[tuple[int, int]]] | None = None,
        rejected: list[Rejection] | None = None,
    ) -> list[EntityCandidate]:
        """COMMITMENT candidates with attributes, in document order (``offsets``: the entities
        already in the Doc, by label, when the caller has read them; ``rejected``: a list to
        which the numbers left out are added, with the filter's reason)."""
        text = self.lexicon.fold(doc_text(doc))
        offsets = entity_offsets(doc) if offsets is None else offsets
        sections = [
            SectionRef(sec.start_char, sec.end_char, sec.label_) for sec in doc.spans.get(SECTION_GROUP, [])
        ]  # plain tuples: Span offsets are rebuilt from tokens on every access
        stripped = without_glosses(text)
        if stripped is None:
            return self._find(doc, text, offsets, sections, rejected)
        # pinyin glosses (余(yú)次) are read through: the work is done on the text without them
        compact, origin = stripped

        def inward(pos: int) -> int:
            return bisect_left(origin, pos)

        offsets = {label: [(inward(s), inward(e)) for s, e in spans] for label, spans in offsets.items()}
        sections = [SectionRef(inward(s.start_char), inward(s.end_char), s.label_) for s in sections]
        inner: list[Rejection] = []
        found = [
            _outward(cand, compact, origin) for cand in self._find(doc, compact, offsets, sections, inner)
        ]
        if rejected is not None:
            rejected.extend(
                Rejection(*span_through_glosses(compact, origin, r.start, r.end), r.reason) for r in inner
            )
        return found

    def _find(
        self,
        doc: Doc,
        text: str,
        offsets: dict[str, list[tuple[int, int]]],
        sections: list[SectionRef],
        rejected: list[Rejection] | None = None,
    ) -> list[EntityCandidate]:
        lex = self.lexicon
        laws, parties = offsets.get("LAW", []), offsets.get("PARTY", [])
        shields = shield_ranges(text, laws, int(lex.data["negatives"]["quote_max"]))
        names = name_ranges(text, lex)
        quoted = shield_ranges(text, laws, 200)  # cue words inside any title or quotation do not count
        plans = None if sections or not self.use_heading_fallback else plans_ranges_from_headings(text, lex)
        report_year, plan_doc = _doc_meta(doc)
        if plan_doc is None:  # no metadata component before this one: decide from the text alone
            plan_doc = self.use_heading_fallback and not sections and is_plan_document(text)
        found = []
        paragraphs: dict[tuple[int, int], bool] = {}  # what each paragraph says, read once
        section_starts = [sec.start_char for sec in sections]
        headings = [_heading_range(text, sec) for sec in sections]  # once per section, not per number
        for qm in find_quantities_folded(text, lex):
            reason = rejection(qm, text, lex, shields, names)
            if reason:
                if rejected is not None:
                    rejected.append(Rejection(qm.start, qm.end, reason))
                continue
            index = _section_index(sections, section_starts, qm.start)
            section = sections[index] if index is not None else None
            heading = headings[index] if index is not None else None
            in_plans = (
                section.label_ == "plans"
                if section is not None
                else bool(plans and plans.overlaps(qm.start, qm.start + 1))
            )
            if plan_doc or in_plans:
                kind = "target"  # next year's plans and plan documents hold promises only
            else:
                kind = kind_from_cues(text, qm, lex, report_year, quoted, paragraphs)
            attrs = self._attrs(text, qm, kind, parties, shields, heading)
            found.append(EntityCandidate(qm.start, qm.end, LABEL, attrs))
        return found

    def _attrs(
        self,
        text: str,
        qm: QuantityMatch,
        kind: str,
        parties: list[tuple[int, int]],
        shields: IntervalSet,
        heading: tuple[int, int] | None,
    ) -> dict[str, Any]:
        party = link_party(text, qm, parties, self.lexicon, heading)
        return {
            **qm.quantity.as_attrs(),
            "kind": kind,
            "metric": metric(text, qm, self.lexicon, parties),
            "year": year_of(text, qm, shields, heading),
            "party": list(party) if party else None,
        }


def _outward(cand: EntityCandidate, compact: str, origin: list[int]) -> EntityCandidate:
    """A candidate found on the text without glosses, in the Doc's text."""
    start, end = span_through_glosses(compact, origin, cand.start, cand.end)
    attrs = dict(cand.attrs)
    if attrs.get("party"):
        attrs["party"] = list(span_through_glosses(compact, origin, *attrs["party"]))
    return EntityCandidate(start, end, cand.label, attrs)


class SectionRef(NamedTuple):
    start_char: int
    end_char: int
    label_: str


class Rejection(NamedTuple):
    """A number that is not a COMMITMENT, and the filter's reason (``doc._.commitment_rejections``:
    for debugging the filters; records do not carry it)."""

    start: int
    end: int
    reason: str


def _section_index(sections: list[SectionRef], starts: list[int], char: int) -> int | None:
    """The index of the section holding ``char`` (sections are in order and disjoint: found by
    bisection)."""
    i = bisect_right(starts, char) - 1
    if i >= 0 and sections[i].start_char <= char < sections[i].end_char:
        return i
    return None


def _heading_range(text: str, section: SectionRef) -> tuple[int, int]:
    """The first line of a section (its heading)."""
    end = text.find("\n", section.start_char, section.end_char)
    return section.start_char, end if end != -1 else min(section.end_char, section.start_char + 80)


def _doc_meta(doc: Doc) -> tuple[int | None, bool | None]:
    """Report year and whether the Doc is a plan (None: unknown), as the metadata component
    decided them (``doc._.meta``)."""
    meta = doc._.meta if Doc.has_extension("meta") else None
    if not isinstance(meta, dict):
        return None, None
    year = meta.get("year")
    year = int(year) if isinstance(year, int | str) and str(year).isdigit() else None
    kind = meta.get("kind")
    return year, (None if kind is None else kind == PLAN)
