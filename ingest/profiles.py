"""Species profiles from the species-status part: names, Red List category, CITES/CMS appendices
(including splits by subspecies) and population estimates with year and place (pure)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.lexicon import Lexicon
from ingest.mentions import Gazetteer
from ingest.records import Listing, Mention, Paragraph, PopulationEstimate, Span, SpeciesProfile
from ontology import CAMI

if TYPE_CHECKING:
    from ingest.parse import Structure

__all__ = ["find_estimates", "find_listings", "parse_profiles", "red_list_category"]

_CATEGORIES = (
    "Extinct in the Wild",
    "Critically Endangered",
    "Near Threatened",
    "Least Concern",
    "Data Deficient",
    "Not Evaluated",
    "not separately assessed",
    "Endangered",
    "Vulnerable",
    "Extinct",
)
_CATEGORY = re.compile(r"\b(" + "|".join(re.escape(c) for c in _CATEGORIES) + r")\b", re.IGNORECASE)
_FROM_TO = re.compile(
    r"\bfrom\s+(" + "|".join(_CATEGORIES) + r")\s+to\s+(" + "|".join(_CATEGORIES) + r")", re.I
)

_CONV = r"(?:CITES|CMS)"
_NUMS = r"I{1,3}\b(?:\s*\([^)]*\))?(?:\s*(?:,|and)\s*I{1,3}\b(?:\s*\([^)]*\))?)*"
_LIST_A = re.compile(rf"({_CONV}(?:\s+and\s+{_CONV})?)\s+Appendi(?:x|ces)\s+({_NUMS})")
_LIST_B = re.compile(rf"Appendi(?:x|ces)\s+({_NUMS})\s+of\s+(?:both\s+)?({_CONV}(?:\s+and\s+{_CONV})?)")
_NUM_ITEM = re.compile(r"(I{1,3})\b(?:\s*\(([^)]*)\))?")

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?:million|thousand))?"
_QUAL = (
    r"(?:fewer\s+than|less\s+than|more\s+than|over|around|approximately|about|roughly|some|at\s+least|"
    r"up\s+to|as\s+low\s+as|an\s+estimated|estimated|only|nearly|almost)"
)
_RANGE = (
    rf"(?:between\s+(?:{_NUMBER}){_SCALE}\s+and\s+(?:{_NUMBER}){_SCALE}"
    rf"|(?:{_NUMBER}){_SCALE}\s*(?:[–-]|to)\s*(?:{_NUMBER}){_SCALE})"
)
_VALUE = rf"(?:{_QUAL}\s+)*(?:{_RANGE}|(?:{_NUMBER}){_SCALE})"
_UNITS = (
    r"(?:individuals|animals|heads|bears|leopards|snow\s+leopards|wild\s+yaks|yaks|camels|horses"
    r"|mature\s+adults|adults)"
)
_ESTIMATE = re.compile(
    rf"(?<![\w.,])({_VALUE})\s+(?:(?:unique|wild|mature|individual|male|female)\s+){{0,2}}{_UNITS}\b", re.I
)
_UNITLESS = re.compile(
    rf"\b(?:populations?\s+of|estimates?\s+(?:range|ranging)|numbers)\s+(?:of\s+)?(({_VALUE})(?:\s+and\s+({_VALUE}))?)",
    re.IGNORECASE,
)
_YEAR_PERIOD = re.compile(r"\b(?:from\s+)?((?:19|20)\d{2})\s*(?:[–-]|to|and)\s*((?:19|20)\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


def red_list_category(text: str) -> tuple[str, int, int] | None:
    """Return (category as written, start, end) stated in a sentence that names the Red List."""
    if not re.search(r"\bIUCN\b|\bRed List\b", text):
        return None
    moved = _FROM_TO.search(text)
    if moved:
        return moved.group(2), moved.start(2), moved.end(2)
    m = _CATEGORY.search(text)
    return (m.group(1), m.start(1), m.end(1)) if m else None


def find_listings(text: str, offset: int, paragraph: int) -> list[Listing]:
    """Read CITES/CMS appendix listings, e.g. "CITES Appendix I (Gobi khulan) and II (...)"."""
    found: list[Listing] = []
    for rx, conv_group, nums_group in ((_LIST_A, 1, 2), (_LIST_B, 2, 1)):
        for m in rx.finditer(text):
            conventions = re.findall(_CONV, m.group(conv_group))
            for item in _NUM_ITEM.finditer(m.group(nums_group)):
                applies = " ".join(item.group(2).split()) if item.group(2) else None
                for conv in conventions:
                    found.append(
                        Listing(
                            conv,
                            item.group(1),
                            applies,
                            paragraph,
                            Span(offset + m.start(), offset + m.end()),
                        )
                    )
    unique = {(f.convention, f.appendix, f.applies_to): f for f in found}
    return sorted(unique.values(), key=lambda f: (f.span.start, f.convention, f.appendix))


def _bounds(value: str) -> tuple[float | None, float | None]:
    numbers = []
    for m in re.finditer(rf"({_NUMBER})(\s*(?:million|thousand))?", value):
        n = float(m.group(1).replace(",", ""))
        scale = (m.group(2) or "").strip().lower()
        numbers.append(n * (1_000_000 if scale == "million" else 1_000 if scale == "thousand" else 1))
    if not numbers:
        return None, None
    low, high = min(numbers), max(numbers)
    lowered = value.lower()
    if re.search(r"fewer than|less than|up to|as low as", lowered):
        return None, high
    if re.search(r"more than|over|at least", lowered):
        return low, None
    return low, high


def _year(text: str, prefer: int) -> str | None:
    period = _YEAR_PERIOD.search(text)
    if period:
        return f"{period.group(1)}-{period.group(2)}"
    years = [(abs(m.start() - prefer), m.group(1)) for m in _YEAR.finditer(text)]
    return min(years)[1] if years else None


_HISTORICAL = re.compile(r"\b(?:once|historically|formerly|previously|used\s+to|extinct|extirpated)\b", re.I)


def _respectively_places(
    text: str, offset: int, values: list[tuple[int, int]], places: list[Mention]
) -> dict[int, Mention]:
    """Pair "A and B ... X and Y respectively": the figures after the last place before "respectively"
    go with as many places just before them, in order."""
    at = text.lower().find("respectively")
    if at < 0:
        return {}
    before = [p for p in places if p.start < offset + at]
    if not before:
        return {}
    last = before[-1].end - offset
    group = [i for i, (a, _) in enumerate(values) if last <= a < at]
    preceding = [p for p in before if p.start < offset + values[group[0]][0]] if group else []
    if not group or len(preceding) < len(group):
        return {}
    return dict(zip(group, preceding[-len(group) :], strict=True))


def _context_place(sentence_places: list[Mention]) -> Mention | None:
    """The place a sentence is about: its first place, or the place that a country's name qualifies
    ("Russia's Zabaykalsky Krai")."""
    if not sentence_places:
        return None
    first = sentence_places[0]
    if len(sentence_places) > 1 and sentence_places[1].start - first.end <= 4:
        return sentence_places[1]
    return first


def find_estimates(masked: str, para: Paragraph, places: list[Mention]) -> list[PopulationEstimate]:
    """Population figures stated in a profile paragraph, with year and place where the sentence gives them.

    A figure takes the place named before it in its sentence; failing that the place of the last earlier
    sentence that speaks of the present (not "once widespread across ..."); the year of that sentence only
    when the figure's own sentence names no place.
    """
    out: list[PopulationEstimate] = []
    context_place: Mention | None = None
    context_year: str | None = None
    for sent in para.sentences:
        text = masked[sent.start : sent.end]
        values: list[tuple[int, int]] = [(m.start(1), m.end(1)) for m in _ESTIMATE.finditer(text)]
        for m in _UNITLESS.finditer(text):
            for group in (2, 3):
                if m.group(group) and not any(a <= m.start(group) < b for a, b in values):
                    values.append((m.start(group), m.end(group)))
        values.sort()
        in_sentence = [p for p in places if sent.start <= p.start < sent.end]
        paired = _respectively_places(text, sent.start, values, in_sentence)
        for i, (a, b) in enumerate(values):
            value = " ".join(text[a:b].split())
            value = re.sub(r"^(?:an\s+estimated|estimated|only)\s+", "", value, flags=re.I)
            where = location = None
            chosen = paired.get(i)
            if chosen is None:
                before = [p for p in in_sentence if p.start < sent.start + a]
                after = [p for p in in_sentence if p.start >= sent.start + b]
                is_global = re.search(r"\bglobal(?:ly)?\b", text[:a], re.I) is not None
                chosen = before[-1] if before else (None if is_global else (after[0] if after else None))
                if chosen is None and is_global:
                    where = "global"
                elif chosen is None:
                    chosen = context_place
            if chosen is not None:
                where, location = chosen.surface, chosen.concept
            lower, upper = _bounds(value)
            # A sentence that names its own place (or "global") starts a new statement: no inherited year.
            inherits = not in_sentence and where != "global"
            year = _year(text, a) or (context_year if inherits else None)
            out.append(
                PopulationEstimate(
                    value,
                    lower,
                    upper,
                    year,
                    where,
                    location,
                    para.number,
                    Span(sent.start + a, sent.start + b),
                )
            )
        if _HISTORICAL.search(text):
            continue
        context_place = _context_place(in_sentence) or context_place
        context_year = _year(text, len(text)) or context_year
    return out


def parse_profiles(
    source: str,
    masked: str,
    structure: Structure,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    mentions: list[Mention],
) -> list[SpeciesProfile]:
    """One profile per species heading of the species-status part."""
    place_types = {str(CAMI.Country), str(CAMI.Place), str(CAMI.ProtectedArea)}
    by_para: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.entity_type in place_types:
            by_para.setdefault(m.paragraph, []).append(m)
    profiles = []
    for section in structure.sections:
        if section.kind != "species" or section.part != "species-status" or section.species is None:
            continue
        paras = [p for p in structure.paragraphs if p.section == section.key]
        names: list[str] = []
        category = category_span = category_para = None
        listings: list[Listing] = []
        estimates: list[PopulationEstimate] = []
        for para in paras:
            for hit in re.finditer(r"\(\s*\*([^*]+)\*", source[para.start : para.end]):
                names += [
                    n.strip() for n in re.split(r"\s+(?:or|also known as)\s+", hit.group(1)) if n.strip()
                ]
            for hit in re.finditer(r"also known as \*([^*]+)\*", source[para.start : para.end]):
                names.append(hit.group(1).strip())
            for sent in para.sentences:
                if category is None:
                    found = red_list_category(masked[sent.start : sent.end])
                    if found:
                        category = found[0]
                        category_span = Span(sent.start + found[1], sent.start + found[2])
                        category_para = para.number
                listings += find_listings(masked[sent.start : sent.end], sent.start, para.number)
            estimates += find_estimates(masked, para, by_para.get(para.number, []))
        concept = lexicon.find(category, str(CAMI.RedListCategory)) if category else None
        seen = {(x.convention, x.appendix, x.applies_to) for x in listings}
        profiles.append(
            SpeciesProfile(
                species=section.species,
                name=lexicon.label(section.species),
                heading=section.heading,
                section=section.key,
                scientific_names=tuple(dict.fromkeys(names)),
                iucn_category=(concept.label if concept else category),
                iucn_concept=concept.iri if concept else None,
                iucn_span=category_span,
                iucn_paragraph=category_para,
                listings=tuple(x for x in listings if (x.convention, x.appendix, x.applies_to) in seen),
                estimates=tuple(estimates),
                paragraphs=tuple(p.number for p in paras),
            )
        )
    return profiles
