"""POW activities and their assessments: codes, sub-items, ratings, cross-references, evidence (pure).

Sub-items are split into activities of their own ("1.2.a") when the report assesses them one by one,
i.e. when paragraphs sit between them. When all sub-items are listed before the first paragraph, they
are the listed parts of one activity ("1.1" with a and b). Sub-items listed one after another with no
paragraph between them share the paragraphs that follow ("1.3.d" and "1.3.e" share paragraph 83).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.layout import DEFAULT_LAYOUT, Layout
from ingest.lexicon import Lexicon
from ingest.mentions import Gazetteer
from ingest.records import Activity, CrossReference, Rating, Span, SubItem
from ingest.text import collapse
from ontology import CAMI

if TYPE_CHECKING:
    from ingest.parse import ActivityDraft, ItemDraft, SpeciesHeadingDraft, Structure

__all__ = ["build_activities", "rating_table", "read_rating"]

_SEE = re.compile(
    r"\b(?:see|please\s+see|refer\s+to)(?:\s+also)?"
    r"(?:\s+(?:section|sections|paragraphs?|paras?\.?|activity|activities|item|items))?\s+"
    r"(\d{1,3}(?:\.\d{1,3})+(?:\.[a-z])?(?:\s*[-–]\s*\d{1,3}(?:\.\d{1,3})+)?|\d{1,4}(?:\s*[-–]\s*\d{1,4})?)"
    r"(?![\d.]*\d)",
    re.IGNORECASE,
)
_TITLE_REF = re.compile(
    r"\((?:see(?:\s+also)?|as)\s+(?:section\s+)?([\d.]+(?:\s*(?:,|and)\s*[\d.]+)*)\)", re.IGNORECASE
)
_DOC_SYMBOL = re.compile(r"\bUNEP/CMS/[A-Za-z0-9]+(?:/[A-Za-z0-9.]+)+")
_LINK_TEXT = re.compile(r"\[([^\]\n]+)\]\(([^)\n]*)\)")


def read_rating(
    source: str,
    start: int,
    end: int,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    layout: Layout = DEFAULT_LAYOUT,
) -> tuple[Rating | None, str | None]:
    """Read the rating that opens the paragraph ``source[start:end]``: (rating, remark).

    The layout's rating leads are tried in order (bold, italics, "Status: …" in the shipped layout); a
    lead that is no rating is a remark.
    """
    pos = layout.text_start(source, start)
    for pattern in layout.rating_leads:
        lead = pattern.match(source, pos, end)
        if lead is None:
            continue
        raw = collapse(lead.group(1))
        rating = _match_rating(raw, lexicon, gazetteer)
        if rating is None:
            return None, raw
        label, concept, scope = rating
        return Rating(label, concept, raw, Span(lead.start(1), lead.end(1)), scope), None
    # A bare status sentence: "No information submitted." (not typeset as a rating).
    text = source[pos:end]
    first = re.match(r"\s*([^.\n]{3,60}?)\s*(?:\.|$)", text)
    if first is not None and (len(text.strip()) <= len(first.group(0).strip()) + 1):
        rating = _match_rating(first.group(1), lexicon, gazetteer)
        if rating is not None:
            label, concept, scope = rating
            return Rating(label, concept, None, Span(pos + first.start(1), pos + first.end(1)), scope), None
    return None, None


def rating_table(source: str, lexicon: Lexicon, gazetteer: Gazetteer, layout: Layout) -> dict[str, Rating]:
    """Ratings given in a table (one row per activity: code ... rating), by activity code."""
    out: dict[str, Rating] = {}
    for row in layout.rating_table_row.finditer(source):
        found = _match_rating(row.group(2), lexicon, gazetteer)
        if found is not None:
            label, concept, scope = found
            out.setdefault(
                row.group(1), Rating(label, concept, row.group(2), Span(row.start(2), row.end(2)), scope)
            )
    return out


def _match_rating(raw: str, lexicon: Lexicon, gazetteer: Gazetteer) -> tuple[str, str, str | None] | None:
    text = raw.strip().rstrip(".").strip()
    concept = lexicon.find(text, str(CAMI.Rating))
    if concept is not None:
        return concept.label, concept.iri, None
    scoped = re.match(r"^(.+?)\s+in\s+(.+)$", text)
    if scoped is None:
        return None
    base = lexicon.find(scoped.group(1), str(CAMI.Rating))
    place = gazetteer.resolve_whole(scoped.group(2))
    if base is None or place is None or place.entity_type != str(CAMI.Country):
        return None
    form = next((c for c in lexicon.of_type(str(CAMI.Rating)) if c.scoped_form_of == base.iri), None)
    if form is None:
        return None
    return f"{base.label} in {scoped.group(2).strip()}", form.iri, place.iri


def _cross_references(source: str, masked: str, start: int, end: int) -> list[CrossReference]:
    refs = []
    for m in _SEE.finditer(masked, start, end):
        text = re.sub(r"\s+", "", m.group(1)).replace("–", "-")
        span = Span(m.start(1), m.end(1))
        if "." in text:
            refs.append(CrossReference(text.rstrip("."), text.rstrip("."), (), span))
        else:
            bounds = [int(x) for x in text.split("-")]
            numbers = tuple(range(bounds[0], bounds[-1] + 1)) if bounds[-1] >= bounds[0] else (bounds[0],)
            refs.append(CrossReference(text, None, numbers, span))
    return refs


def _external(source: str, start: int, end: int) -> list[str]:
    found = [collapse(m.group(1).replace("\\", "")) for m in _LINK_TEXT.finditer(source, start, end)]
    found += _DOC_SYMBOL.findall(source, start, end)
    return list(dict.fromkeys(found))


def _title_refs(title: str) -> tuple[str, ...]:
    codes: list[str] = []
    for m in _TITLE_REF.finditer(title):
        codes += [c.rstrip(".") for c in re.split(r"\s*(?:,|and)\s*", m.group(1)) if "." in c.rstrip(".")]
    return tuple(dict.fromkeys(codes))


def _sub_item(item: ItemDraft) -> SubItem:
    return SubItem(item.label, item.text, tuple(_sub_item(c) for c in item.children))


def build_activities(
    source: str,
    masked: str,
    structure: Structure,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    layout: Layout = DEFAULT_LAYOUT,
) -> list[Activity]:
    """Turn activity drafts and bare species headings into activities in document order.

    An activity whose paragraphs carry no rating takes it from a table of ratings, if the report has one.
    """
    by_number = {p.number: p for p in structure.paragraphs}
    table = rating_table(source, lexicon, gazetteer, layout)
    out: list[tuple[int, Activity]] = []

    def make(
        draft: ActivityDraft | None,
        code: str | None,
        title: str,
        parent: tuple[str, str] | None,
        items: tuple[SubItem, ...],
        evidence: list[int],
        span: Span,
        species_heading: SpeciesHeadingDraft | None = None,
    ) -> None:
        rating = remark = None
        see: list[CrossReference] = []
        external: list[str] = []
        if evidence:
            first = by_number[evidence[0]]
            rating, remark = read_rating(source, first.start, first.end, lexicon, gazetteer, layout)
            for n in evidence:
                p = by_number[n]
                see += _cross_references(source, masked, p.start, p.end)
                external += _external(source, p.start, p.end)
        if rating is None and remark is None and code is not None:
            rating = table.get(code)
        theme = draft.theme if draft else species_heading.theme  # type: ignore[union-attr]
        species_section = draft.species if draft else species_heading.section  # type: ignore[union-attr]
        species_iri = species_section.species if species_section else None
        section = draft.section if draft else species_heading.section  # type: ignore[union-attr]
        out.append(
            (
                span.start,
                Activity(
                    code=code,
                    title=title,
                    theme=theme.heading,
                    theme_key=theme.key,
                    species=lexicon.label(species_iri) if species_iri else None,
                    species_iri=species_iri,
                    parent=parent[0] if parent else None,
                    parent_title=parent[1] if parent else None,
                    sub_items=items,
                    related=_title_refs(title),
                    rating=rating,
                    remark=remark,
                    see_also=tuple(see),
                    external_references=tuple(dict.fromkeys(external)),
                    evidence=tuple(evidence),
                    heading_span=span,
                    section=section.key,
                ),
            )
        )

    for draft in structure.activities:
        letters = [i for i in draft.items if i.label is not None]
        listed = not letters or all(not i.paragraphs for i in letters[:-1])
        if listed:
            evidence = draft.paragraphs + [n for i in draft.items for n in i.paragraphs]
            make(
                draft,
                draft.code,
                draft.title,
                None,
                tuple(_sub_item(i) for i in draft.items),
                evidence,
                draft.span,
            )
            continue
        if draft.paragraphs:
            make(draft, draft.code, draft.title, None, (), list(draft.paragraphs), draft.span)
        pending: list[ItemDraft] = []
        for item in draft.items:
            if item.label is None:
                continue
            pending.append(item)
            if item.paragraphs or item is letters[-1]:
                for member in pending:
                    make(
                        draft,
                        f"{draft.code}.{member.label}",
                        member.text,
                        (draft.code, draft.title),
                        tuple(_sub_item(c) for c in member.children),
                        list(item.paragraphs),
                        member.span,
                    )
                pending = []
    for heading in structure.species_headings:
        if heading.has_activity or not heading.paragraphs:
            continue
        make(
            None,
            None,
            heading.section.heading,
            None,
            (),
            list(heading.paragraphs),
            Span(heading.section.start, heading.section.start + len(heading.section.heading)),
            heading,
        )
    return [a for _, a in sorted(out, key=lambda pair: pair[0])]
