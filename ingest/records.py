"""Typed records the parser produces: plain frozen dataclasses, no behaviour beyond small views.

Every record that states a fact carries character offsets into the source text (Python ``str``
indices, end exclusive), so the graph can point back to the exact paragraph and sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int  # 1-based within its paragraph
    start: int
    end: int
    text: str  # markup removed, whitespace collapsed


@dataclass(frozen=True)
class Paragraph:
    number: int
    start: int
    end: int
    text: str  # markup removed, whitespace collapsed; the exact source is source[start:end]
    section: str  # Section.key
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Section:
    key: str  # slug path, unique in the document: "pow-review/species-specific-measures/argali"
    heading: str
    kind: str  # part | theme | species | conclusions | subsection
    part: str  # introduction | species-status | pow-review | conclusions | other
    parent: str | None
    order: int
    start: int
    species: str | None = None  # species concept IRI for species sections


@dataclass(frozen=True)
class SubItem:
    label: str | None  # "a", "i" or None for an unlettered bullet
    text: str
    children: tuple[SubItem, ...] = ()


@dataclass(frozen=True)
class Rating:
    label: str  # normalized: "Partially achieved", "Achieved in Mongolia"
    concept: str  # rating concept IRI
    raw: str | None  # as typeset in the report ("Partially achieved."), None when not typeset as a rating
    span: Span | None
    scope: str | None = None  # country IRI for "Achieved in Mongolia"


@dataclass(frozen=True)
class CrossReference:
    text: str  # as written: "4.13", "67-68"
    activity: str | None  # activity code when it names one
    paragraphs: tuple[int, ...] = ()  # paragraph numbers when it names paragraphs
    span: Span | None = None


@dataclass(frozen=True)
class Activity:
    code: str | None  # "1.2.a"; None for a species heading without any activity
    title: str
    theme: str  # theme heading as written
    theme_key: str
    species: str | None  # species prefLabel
    species_iri: str | None
    parent: str | None  # parent code for split sub-items ("1.2" for "1.2.a")
    parent_title: str | None
    sub_items: tuple[SubItem, ...]
    related: tuple[str, ...]  # codes cross-referenced in the title ("see also 7.4")
    rating: Rating | None
    remark: str | None  # an italic lead that is no rating
    see_also: tuple[CrossReference, ...]
    external_references: tuple[str, ...]
    evidence: tuple[int, ...]  # paragraph numbers from the heading to the next heading
    heading_span: Span
    section: str  # Section.key the evidence sits in


@dataclass(frozen=True)
class Listing:
    convention: str  # "CITES" | "CMS"
    appendix: str  # "I" | "II" | "III"
    applies_to: str | None  # "Gobi khulan, Indian khur" when the report splits by subspecies
    paragraph: int
    span: Span


@dataclass(frozen=True)
class PopulationEstimate:
    value: str  # as written: "fewer than 30", "2,500–4,500"
    lower: float | None
    upper: float | None
    year: str | None  # "2025", "2019-2021"
    where: str | None  # as written
    location: str | None  # country or place concept IRI
    paragraph: int
    span: Span


@dataclass(frozen=True)
class SpeciesProfile:
    species: str  # concept IRI
    name: str  # prefLabel
    heading: str  # as written (may be misspelt)
    section: str
    scientific_names: tuple[str, ...]
    iucn_category: str | None  # label, e.g. "Near Threatened", "Not separately assessed"
    iucn_concept: str | None
    iucn_span: Span | None
    iucn_paragraph: int | None
    listings: tuple[Listing, ...]
    estimates: tuple[PopulationEstimate, ...]
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class Mention:
    concept: str  # concept IRI
    entity_type: str  # class IRI: cami:Country, cami:Species, ...
    start: int
    end: int
    surface: str  # exact source text
    paragraph: int
    sentence: int
    negated: bool
    clause: int  # index of the clause inside the sentence


@dataclass(frozen=True)
class Statement:
    subject: str
    predicate: str  # relation name: usesPractice | participatesIn | supports | threatenedBy | occursIn
    object: str
    negated: bool
    paragraph: int
    sentence: int
    subject_mention: Span
    object_mention: Span


@dataclass(frozen=True)
class Metadata:
    symbol: str | None
    title: str | None
    meeting: str | None
    dates: str | None
    start_date: str | None  # ISO date
    end_date: str | None
    place: str | None
    place_country: str | None
    preparer: str | None
    reporting_countries: tuple[str, ...]  # country IRIs
    programme: str | None  # "Programme of Work for the Central Asian Mammals Initiative 2021-2026"
    programme_period: str | None  # "2021-2026"


@dataclass(frozen=True)
class Report:
    source: str  # the full source text; offsets index into it
    name: str  # file name
    sha256: str
    metadata: Metadata
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    activities: tuple[Activity, ...]
    profiles: tuple[SpeciesProfile, ...]
    mentions: tuple[Mention, ...]
    statements: tuple[Statement, ...]
    warnings: tuple[str, ...] = field(default=())

    def paragraph(self, number: int) -> Paragraph:
        return self._by_number[number]

    @cached_property
    def _by_number(self) -> dict[int, Paragraph]:
        return {p.number: p for p in self.paragraphs}
