"""Report text -> typed records: sections, paragraphs with offsets, activities, ratings, mentions."""

from ingest.errors import IngestError
from ingest.load import load_lexicon, read_report, read_text
from ingest.parse import parse_report
from ingest.records import Activity, Paragraph, Report, SpeciesProfile

__all__ = [
    "Activity",
    "IngestError",
    "Paragraph",
    "Report",
    "SpeciesProfile",
    "load_lexicon",
    "parse_report",
    "read_report",
    "read_text",
]
