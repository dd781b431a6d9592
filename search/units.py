"""Search units: every paragraph and sentence of the reports, with the context the graph knows (pure)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.records import Report
from ontology import CAMI

__all__ = ["Unit", "activities_from_reports", "units_from_reports"]


@dataclass
class Unit:
    id: int
    kind: str  # paragraph | sentence
    document: str  # symbol
    paragraph: int
    sentence: int | None
    text: str
    start: int
    end: int
    section: str
    theme: str | None
    activity: str | None
    rating: str | None
    species: list[str] = field(default_factory=list)  # species IRIs the unit is about or mentions
    positive: list[str] = field(default_factory=list)  # concepts mentioned without negation
    negative: list[str] = field(default_factory=list)  # concepts mentioned in a negated clause

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def units_from_reports(reports: list[Report]) -> list[Unit]:
    """Paragraph units followed by sentence units, each carrying section, activity, rating and entities."""
    units: list[Unit] = []
    for report in reports:
        symbol = report.metadata.symbol or report.name
        sections = {s.key: s for s in report.sections}
        activity_of: dict[int, tuple[str | None, str | None, str | None]] = {}
        for a in report.activities:
            for n in a.evidence:
                activity_of.setdefault(n, (a.code, a.rating.label if a.rating else None, a.species_iri))
        by_sentence: dict[tuple[int, int], list[Any]] = {}
        for m in report.mentions:
            by_sentence.setdefault((m.paragraph, m.sentence), []).append(m)

        def theme_of(key: str, sections: dict[str, Any] = sections) -> str | None:
            section = sections.get(key)
            while section is not None and section.kind not in ("theme", "part"):
                section = sections.get(section.parent or "")
            return section.heading if section is not None and section.kind == "theme" else None

        for p in report.paragraphs:
            code, rating, activity_species = activity_of.get(p.number, (None, None, None))
            section = sections[p.section]
            base_species = [s for s in (section.species, activity_species) if s]
            para_pos: list[str] = []
            para_neg: list[str] = []
            sentence_units = []
            for s in p.sentences:
                found = by_sentence.get((p.number, s.index), [])
                pos = sorted({m.concept for m in found if not m.negated})
                neg = sorted({m.concept for m in found if m.negated})
                para_pos += pos
                para_neg += neg
                species = sorted(
                    {*base_species, *(m.concept for m in found if m.entity_type == str(CAMI.Species))}
                )
                sentence_units.append(
                    Unit(
                        0,
                        "sentence",
                        symbol,
                        p.number,
                        s.index,
                        s.text,
                        s.start,
                        s.end,
                        section.heading,
                        theme_of(p.section),
                        code,
                        rating,
                        species,
                        pos,
                        neg,
                    )
                )
            para_species = sorted({*base_species, *(x for u in sentence_units for x in u.species)})
            units.append(
                Unit(
                    0,
                    "paragraph",
                    symbol,
                    p.number,
                    None,
                    p.text,
                    p.start,
                    p.end,
                    section.heading,
                    theme_of(p.section),
                    code,
                    rating,
                    para_species,
                    sorted(set(para_pos)),
                    sorted(set(para_neg)),
                )
            )
            units.extend(sentence_units)
    for i, unit in enumerate(units):
        unit.id = i
    return units


def activities_from_reports(reports: list[Report]) -> list[dict[str, Any]]:
    """Activities with their titles (for linking a question that describes an activity in words)."""
    out = []
    for report in reports:
        for a in report.activities:
            if a.code is None:
                continue
            title = f"{a.parent_title} {a.title}" if a.parent_title else a.title
            out.append(
                {
                    "document": report.metadata.symbol or report.name,
                    "code": a.code,
                    "title": title,
                    "species": a.species_iri,
                    "theme": a.theme,
                    "rating": a.rating.label if a.rating else None,
                    "evidence": list(a.evidence),
                }
            )
    return out
