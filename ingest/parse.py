"""Parse a CMS Programme of Work overview report (text) into typed records (pure).

The text is a markdown-ish conversion of a PDF/DOCX: numbered paragraphs ("60. ..."), POW activity
headings ("1.2. Build on ..."), lettered sub-items ("a) ..."), theme and species headings, and page
breaks that cut a paragraph in two. One pass over the lines builds the section tree, the paragraphs
with exact offsets and the activities with their evidence; ``assessments`` reads the ratings.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ingest.assessments import build_activities
from ingest.errors import NoParagraphsError
from ingest.layout import DEFAULT_LAYOUT, Layout
from ingest.lexicon import Lexicon
from ingest.mentions import Gazetteer, find_mentions
from ingest.metadata import parse_metadata
from ingest.profiles import parse_profiles
from ingest.records import Paragraph, Report, Section, Sentence, Span
from ingest.relations import extract_statements
from ingest.text import collapse, mask_markup, sentence_spans
from ontology import CAMI

__all__ = ["ActivityDraft", "ItemDraft", "Structure", "parse_report", "parse_structure", "slugify"]

MAX_WARNINGS = 200  # per report; more are counted, not listed
LONG_LINE = 20_000  # characters; a longer line is reported (paragraphs are lines)
_TOC_LINE = re.compile(r"^.*\S\t+\d+\s*$")

_LETTER_ITEM = re.compile(r"^\s*(?:[-•*]\s+)?\(?([a-z])\)\s+(\S.*?)\s*$")
_ROMAN_ITEM = re.compile(r"^\s*(?:[-•*]\s+)?([ivx]{1,5})\.\s+(\S.*?)\s*$")
_BULLET_ITEM = re.compile(r"^\s*[-•]\s+(\S.*?)\s*$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TERMINAL = tuple('.!?:;)"”’>]*')

# Part headings of a CMS POW overview report, in the words such reports use (from the layout).
PART_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = DEFAULT_LAYOUT.parts


def slugify(text: str) -> str:
    """Lower-case ASCII slug: words joined by '-'."""
    text = text.replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "untitled"


@dataclass
class ItemDraft:
    label: str | None
    text: str
    span: Span
    children: list[ItemDraft] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)


@dataclass
class ActivityDraft:
    code: str
    title: str
    span: Span
    theme: Section
    species: Section | None
    section: Section
    items: list[ItemDraft] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)  # before the first lettered item

    def owner_paragraphs(self) -> list[int]:
        letters = [i for i in self.items if i.label and i.label.isalpha() and len(i.label) == 1]
        return letters[-1].paragraphs if letters else self.paragraphs


@dataclass
class SpeciesHeadingDraft:
    section: Section
    theme: Section
    paragraphs: list[int] = field(default_factory=list)
    has_activity: bool = False


@dataclass
class Structure:
    sections: list[Section]
    paragraphs: list[Paragraph]
    activities: list[ActivityDraft]
    species_headings: list[SpeciesHeadingDraft]
    body_start: int
    warnings: list[str]


class _Builder:
    def __init__(
        self, source: str, masked: str, gazetteer: Gazetteer, layout: Layout = DEFAULT_LAYOUT
    ) -> None:
        self.layout = layout
        self.source = source
        self.masked = masked
        self.gazetteer = gazetteer
        self.sections: list[Section] = []
        self.keys: set[str] = set()
        self.paragraphs: list[Paragraph] = []
        self.activities: list[ActivityDraft] = []
        self.species_headings: list[SpeciesHeadingDraft] = []
        self.warnings: list[str] = []
        self.part: Section | None = None
        self.theme: Section | None = None
        self.sub: Section | None = None  # species section or other subsection
        self.subsub: Section | None = None  # recipients group in the conclusions
        self.activity: ActivityDraft | None = None
        self.item: ItemDraft | None = None
        self.species_heading: SpeciesHeadingDraft | None = None
        self.open: tuple[int, int, int, str] | None = None  # number, start, end, section key
        self.last_line_len = 0
        self.line = 0  # number of the line being read (1-based), for warnings
        self.dropped_warnings = 0

    def warn(self, message: str) -> None:
        """Record something odd about the current line; a flood of them is cut at ``MAX_WARNINGS``."""
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(f"line {self.line}: {message}")
        else:
            self.dropped_warnings += 1

    # --- sections -------------------------------------------------------------------------------
    def _section(
        self,
        heading: str,
        kind: str,
        parent: Section | None,
        start: int,
        species: str | None = None,
        key: str | None = None,
    ) -> Section:
        part = kind if kind == "part" and key else (self.part.part if self.part else "other")
        base = key or (f"{parent.key}/{slugify(heading)}" if parent else slugify(heading))
        unique, n = base, 2
        while unique in self.keys:
            unique, n = f"{base}-{n}", n + 1
        self.keys.add(unique)
        if kind == "part":
            part = key or "other"
        section = Section(
            unique,
            heading,
            kind,
            part,
            parent.key if parent else None,
            len(self.sections) + 1,
            start,
            species,
        )
        self.sections.append(section)
        return section

    def current_section(self) -> Section | None:
        return self.subsub or self.sub or self.theme or self.part

    # --- paragraphs -----------------------------------------------------------------------------
    def close_paragraph(self) -> None:
        if self.open is None:
            return
        number, start, end, key = self.open
        self.open = None
        text_start = self.layout.text_start(self.source, start)
        sentences = tuple(
            Sentence(i, a, b, collapse(self.masked[a:b]))
            for i, (a, b) in enumerate(sentence_spans(self.masked, text_start, end), start=1)
        )
        self.paragraphs.append(
            Paragraph(number, start, end, collapse(self.masked[text_start:end]), key, sentences)
        )
        if self.item is not None:
            self.item.paragraphs.append(number)
        elif self.activity is not None:
            self.activity.paragraphs.append(number)
        elif self.species_heading is not None:
            self.species_heading.paragraphs.append(number)

    def close_activity(self) -> None:
        self.close_paragraph()
        if self.activity is not None:
            self.activities.append(self.activity)
        self.activity, self.item = None, None

    def close_species_heading(self) -> None:
        self.close_activity()
        if self.species_heading is not None:
            self.species_headings.append(self.species_heading)
        self.species_heading = None

    # --- lines ----------------------------------------------------------------------------------
    def paragraph_line(self, number: int, start: int, end: int) -> None:
        self.close_paragraph()
        section = self.current_section()
        if section is None or (section.part == "other" and not self.paragraphs and self.open is None):
            self.warn(
                f"paragraph {number} comes before any known part heading (introduction, species status, "
                "review of the Programme of Work, conclusions); it is kept in a part 'Body'"
            )
        if section is None:
            section = self.part = self._section("Body", "part", None, start)
        self.open = (number, start, end, section.key)

    def continuation(self, end: int) -> None:
        assert self.open is not None
        number, start, _, key = self.open
        self.open = (number, start, end, key)

    def activity_line(self, code: str, title: str, start: int, end: int) -> None:
        if self.species_heading is not None:
            self.species_heading.has_activity = True
        self.close_activity()
        assert self.theme is not None
        species = self.sub if self.sub is not None and self.sub.kind == "species" else None
        section = self.current_section()
        assert section is not None
        self.activity = ActivityDraft(code, title, Span(start, end), self.theme, species, section)

    def item_line(self, label: str | None, text: str, start: int, end: int) -> None:
        assert self.activity is not None
        self.close_paragraph()
        item = ItemDraft(label, text, Span(start, end))
        previous = self.item.label if self.item is not None else None
        follows = (
            bool(previous and label and len(previous) == 1 and len(label) == 1)
            and ord(label or " ") == ord(previous or " ") + 1
        )
        if label is not None and len(label) == 1 and (label not in "ivx" or follows):
            self.activity.items.append(item)
            self.item = item
        elif self.item is not None and (label is not None or self.item.children):
            self.item.children.append(item)  # a roman numeral (or a bullet among them) under a lettered item
        else:
            self.activity.items.append(item)

    def heading(self, text: str, start: int) -> None:
        kind = next((name for name, rx in self.layout.parts if rx.search(text)), None)
        if kind is not None:
            self.close_species_heading()
            self.part = self._section(text, "part", None, start, key=kind)
            self.theme = self.sub = self.subsub = None
            return
        if self.part is None:
            self.part = self._section("Body", "part", None, start)
        concept = self.gazetteer.resolve_whole(text)
        is_species = concept is not None and concept.entity_type == str(CAMI.Species)
        part = self.part.part
        if part == "pow-review":
            if is_species and self.theme is not None:
                self.close_species_heading()
                self.sub = self._section(text, "species", self.theme, start, concept.iri if concept else None)
                self.species_heading = SpeciesHeadingDraft(self.sub, self.theme)
            else:
                self.close_species_heading()
                self.theme = self._section(text, "theme", self.part, start)
                self.sub = self.subsub = None
        elif part == "species-status" and is_species:
            self.close_species_heading()
            self.sub = self._section(text, "species", self.part, start, concept.iri if concept else None)
        elif part == "conclusions" and text.rstrip().endswith(":"):
            self.close_paragraph()
            parent = self.sub or self.part
            self.subsub = self._section(text.rstrip().rstrip(":"), "recipients", parent, start)
        else:
            self.close_species_heading()
            kind = "conclusions" if part == "conclusions" else "subsection"
            self.sub = self._section(text, kind, self.part, start)
            self.subsub = None


def _heading_like(text: str) -> bool:
    stripped = text.strip().replace("**", "")
    if not stripped or len(stripped) > 150 or len(stripped.split()) > 22:
        return False
    if stripped[-1] in ".;,!?":
        return False
    return stripped[0].isupper() or stripped[0].isdigit()


def _is_part(text: str, layout: Layout = DEFAULT_LAYOUT) -> bool:
    return any(rx.search(text) for _, rx in layout.parts)


def _body_start(source: str) -> int:
    """Offset after the table of contents (lines ending in a tab and a page number), or 0."""
    last = 0
    for m in re.finditer(r"[^\n]*\n?", source):
        if _TOC_LINE.match(m.group().rstrip("\n")):
            last = m.end()
    return last


def parse_structure(source: str, gazetteer: Gazetteer, layout: Layout = DEFAULT_LAYOUT) -> Structure:
    """Read sections, paragraphs, activity headings and sub-items from ``source``."""
    masked = mask_markup(source)
    b = _Builder(source, masked, gazetteer, layout)
    paragraph_rx, activity_rx = layout.paragraph, layout.activity
    body_start = _body_start(source)
    expected: int | None = None
    for line_no, m in enumerate(re.finditer(r"[^\n]*\n?", source), 1):
        line_start = m.start()
        if line_start < body_start or line_start == len(source):
            continue
        b.line = line_no
        line = m.group().rstrip("\n")
        markup = layout.heading_markup.match(line)
        if markup is not None and markup.end() > 0:  # "## Heading": blank the markup, offsets stay
            line = " " * markup.end() + line[markup.end() :]
        if len(line) > LONG_LINE:
            b.warn(f"a line of {len(line):,} characters (is the text one paragraph per line?)")
        end = line_start + len(line.rstrip())
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("|") and stripped.endswith("|"):
            continue  # a table row: tables of ratings are read with the activities
        para = paragraph_rx.match(line)
        if para is not None and int(para.group(2)) == 0:
            b.warn("paragraph number 0: paragraphs are numbered from 1; the line is not read as a paragraph")
            para = None
        if para is not None:
            number = int(para.group(2))
            if expected is None or number == expected or expected < number <= expected + 3:
                if expected is not None and number != expected:
                    b.warn(f"paragraph numbering jumps from {expected - 1} to {number}")
                b.paragraph_line(number, line_start + len(para.group(1)), end)
                expected = number + 1
                b.last_line_len = len(stripped)
                continue
            what = "repeats an earlier number" if number < expected else "jumps too far ahead"
            b.warn(
                f"paragraph number {number} {what} (expected {expected}); "
                "the line is not read as a new paragraph"
            )
        in_pow = b.part is not None and b.part.part == "pow-review" and b.theme is not None
        act = activity_rx.match(line) if in_pow else None
        if act is not None:
            b.activity_line(
                act.group(1), _clean(act.group(2)), line_start + len(line) - len(line.lstrip()), end
            )
            continue
        if b.activity is not None and b.open is None:
            item = _LETTER_ITEM.match(line) or _ROMAN_ITEM.match(line)
            if item is not None:
                b.item_line(item.group(1), _clean(item.group(2)), line_start, end)
                continue
            bullet = _BULLET_ITEM.match(line)
            if bullet is not None:
                b.item_line(None, _clean(bullet.group(1)), line_start, end)
                continue
        elif (
            b.activity is not None
            and b.open is not None
            and (_LETTER_ITEM.match(line) and not paragraph_rx.match(line))
        ):
            letter = _LETTER_ITEM.match(line)
            assert letter is not None
            b.item_line(letter.group(1), _clean(letter.group(2)), line_start, end)
            continue
        # Running title repeated at the top of the body (all capitals).
        if stripped.isupper() and len(stripped) > 30 and b.part is None:
            continue
        if b.open is not None and not _is_part(stripped.replace("**", " "), layout):
            opened = b.open
            prev_text = source[opened[1] : opened[2]].rstrip()
            cut_mid_sentence = not prev_text.endswith(_TERMINAL) and b.last_line_len >= 60
            if stripped[0].islower() or cut_mid_sentence or not _heading_like(stripped):
                b.continuation(end)
                b.last_line_len = len(stripped)
                continue
        if _heading_like(stripped) or _is_part(stripped.replace("**", " "), layout):
            b.close_paragraph()
            for text, offset in _split_bold(line):
                b.heading(_clean(text), line_start + offset)
            continue
        if b.activity is not None and b.open is None and not b.activity.items and not b.activity.paragraphs:
            b.activity.title = f"{b.activity.title} {_clean(stripped)}"  # title wrapped to a new line
            continue
        if b.paragraphs or b.open is not None:  # the title page before the first paragraph is metadata
            b.warn(f"text outside any paragraph: {stripped[:60]!r}")
    b.close_species_heading()
    b.close_paragraph()
    if b.paragraphs and not source[: b.paragraphs[-1].end].rstrip().rstrip("*_)]").endswith(_TERMINAL):
        b.line = source.count("\n", 0, b.paragraphs[-1].end) + 1
        b.warn(f"paragraph {b.paragraphs[-1].number} ends mid-sentence at the end of the text (truncated?)")
    if b.dropped_warnings:
        b.warnings.append(f"… and {b.dropped_warnings} more warnings")
    return Structure(b.sections, b.paragraphs, b.activities, b.species_headings, body_start, b.warnings)


def _clean(text: str) -> str:
    """Heading or title text without markup."""
    return collapse(mask_markup(text)).strip()


def _split_bold(line: str) -> list[tuple[str, int]]:
    """Split "Conclusions: ...**Successes**" into its plain and bold headings, with offsets."""
    pieces: list[tuple[str, int]] = []
    cursor = 0
    for m in _BOLD.finditer(line):
        if line[cursor : m.start()].strip():
            pieces.append((line[cursor : m.start()], cursor))
        pieces.append((m.group(1), m.start(1)))
        cursor = m.end()
    if line[cursor:].strip():
        pieces.append((line[cursor:], cursor))
    return [(t, o + len(t) - len(t.lstrip())) for t, o in pieces if _clean(t)]


def parse_report(
    source: str, lexicon: Lexicon, name: str = "report", layout: Layout = DEFAULT_LAYOUT
) -> Report:
    """Parse a whole report: structure, metadata, activities, profiles, mentions and relations.

    ``layout`` holds the patterns of the report family's layout (``ingest.layout``).
    """
    gazetteer = Gazetteer(lexicon)
    structure = parse_structure(source, gazetteer, layout)
    if not structure.paragraphs:
        raise NoParagraphsError(
            f"{name}: no numbered paragraphs found (expected lines like '1. The Programme of Work ...')"
        )
    masked = mask_markup(source)
    paragraphs = structure.paragraphs
    metadata = parse_metadata(source, structure.body_start, paragraphs, gazetteer)
    mentions = find_mentions(masked, source, paragraphs, gazetteer)
    activities = build_activities(source, masked, structure, lexicon, gazetteer, layout)
    profiles = parse_profiles(source, masked, structure, lexicon, gazetteer, mentions)
    statements = extract_statements(structure, mentions, lexicon, masked)
    warnings = list(structure.warnings)
    for activity in activities:
        pointer = activity.see_also or activity.external_references  # "See section 4.13"
        if activity.rating is None and activity.remark is None and activity.evidence and not pointer:
            line = source.count("\n", 0, activity.heading_span.start) + 1
            label = activity.code or activity.title
            why = "none at its first paragraph, none in a table"
            warnings.append(f"line {line}: activity {label} has evidence but no rating ({why})")
    return Report(
        source=source,
        name=name,
        sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
        metadata=metadata,
        sections=tuple(structure.sections),
        paragraphs=tuple(paragraphs),
        activities=tuple(activities),
        profiles=tuple(profiles),
        mentions=tuple(mentions),
        statements=tuple(statements),
        warnings=tuple(warnings),
    )
