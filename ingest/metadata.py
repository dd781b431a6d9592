"""Document metadata from the front matter: symbol, title, meeting, dates and place, preparer,
reporting countries and the programme of work under review (pure)."""

from __future__ import annotations

import re
from datetime import date

from ingest.mentions import Gazetteer
from ingest.records import Metadata, Paragraph
from ingest.text import collapse, mask_markup
from ontology import CAMI

__all__ = ["parse_metadata"]

_SYMBOL = re.compile(r"\b(?:UNEP/)?(?:CMS|CITES|CBD)/[A-Za-z0-9]+(?:/[A-Za-z0-9.]+)+")
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_DATES = re.compile(
    r"^\s*(\d{1,2})(?:\s+([A-Za-z]+))?\s*[–-]\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*,\s*(.+?)\s*$",
    re.MULTILINE,
)
_PREPARED = re.compile(r"\(\s*Prepared by\s+(.+?)(?:\s+for\s+the\s+[^)]*)?\)", re.IGNORECASE)
_PROGRAMME = re.compile(
    r"(Programme of Work\b.*?\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2}))", re.IGNORECASE
)
_REPORTING = re.compile(r"\breports?\b[^.]*\b(?:submitted\s+by|received\s+from)\b", re.IGNORECASE)


def parse_metadata(
    source: str, body_start: int, paragraphs: list[Paragraph], gazetteer: Gazetteer
) -> Metadata:
    """Read the metadata from the text before the body and the first paragraphs."""
    front = source[: body_start or (paragraphs[0].start if paragraphs else len(source))]
    bold_blocks = [collapse(b) for b in re.findall(r"\*\*(.+?)\*\*", front, re.DOTALL)]
    meeting = next((b for b in bold_blocks if re.search(r"\bMEETING\b", b, re.I)), None)
    title = next((b for b in bold_blocks if re.search(r"\bREPORT\b", b, re.I)), None)
    symbol_match = _SYMBOL.search(front) or _SYMBOL.search(source)
    start_date = end_date = dates = place = place_country = None
    when = _DATES.search(front)
    if when:
        d1, m1, d2, m2, year, place = when.groups()
        month2 = _MONTHS.get(m2.lower())
        month1 = _MONTHS.get((m1 or m2).lower())
        if month1 and month2:
            start_date = date(int(year), month1, int(d1)).isoformat()
            end_date = date(int(year), month2, int(d2)).isoformat()
            dates = collapse(f"{d1}{' ' + m1 if m1 else ''} – {d2} {m2} {year}")
            countries = [m for m in gazetteer.find(place) if m.concept.entity_type == str(CAMI.Country)]
            place_country = countries[-1].concept.iri if countries else None
    prepared = _PREPARED.search(front)
    programme = _PROGRAMME.search(title or "") or _PROGRAMME.search(front)
    reporting: list[str] = []
    masked = mask_markup(source)
    for para in paragraphs[:10]:
        for sent in para.sentences:
            if _REPORTING.search(sent.text):
                found = [
                    m.concept.iri
                    for m in gazetteer.find(masked, sent.start, sent.end)
                    if m.concept.entity_type == str(CAMI.Country)
                ]
                reporting = list(dict.fromkeys(found))
                break
        if reporting:
            break
    return Metadata(
        symbol=symbol_match.group(0) if symbol_match else None,
        title=title,
        meeting=meeting,
        dates=dates,
        start_date=start_date,
        end_date=end_date,
        place=place,
        place_country=place_country,
        preparer=prepared.group(1).strip() if prepared else None,
        reporting_countries=tuple(reporting),
        programme=collapse(programme.group(1)) if programme else None,
        programme_period=f"{programme.group(2)}-{programme.group(3)}" if programme else None,
    )
