"""PDFs as the text the parser reads, through pdfplumber's characters.

A PDF holds glyphs at positions, not paragraphs: lines are rebuilt from the characters' geometry,
running headers, footers and page numbers dropped, and lines grouped into paragraphs, headings and list
items by font size, gaps, indents, list labels and where the line before ends. Emphasis comes from
font names.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import DocumentFormatError
from ingest.markup import TOC, brief, emphasize, join_blocks

__all__ = ["read_pdf"]

_DASHES = "-‐‑–—/"  # a line broken after these joins the next without a space ("China-\nMongolia")
# A list label at the start of a printed line ("60.", "1.2", "a)", "(iv)"), and one glued to its text
# ("10.The"): the tab after a number that fills its indent leaves no gap in the PDF.
_LABEL = re.compile(r"(\d{1,4}(?:\.\d{1,3})*\.?|\(?[a-z]\)|\(?[ivx]{1,5}[.)])(?=\s|[A-Z(“\"‘'])")
_GLUED_LABEL = re.compile(r"(\d{1,4}\.|\(?[a-z]\)|\(?[ivx]{1,5}[.)])(?=[A-Z(“\"‘'])")
_NUMBER = re.compile(r"(\d{1,4})\.(?!\d)")
_BULLETS = set("•◦▪▫●○■□‣⁃∙·")


@dataclass
class _Line:
    """One printed line: its glyphs as (text, bold, italic), with spaces and tabs put back from gaps."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    glyphs: list[tuple[str, bool, bool]]
    first_word: float  # width of the first word, to tell whether it would have fitted on the line before

    @property
    def text(self) -> str:
        return "".join(g[0] for g in self.glyphs)

    def bold(self, which: slice = slice(None)) -> bool:
        letters = [g[1] for g in self.glyphs if g[0].isalnum()][which]
        return bool(letters) and all(letters)

    @property
    def label(self) -> str | None:
        m = _LABEL.match(self.text)
        return m.group(1) if m else None

    @property
    def bullet(self) -> bool:
        first = self.text[:1]
        return first in _BULLETS or "\ue000" <= first <= "\uf8ff"


def read_pdf(data: bytes, path: Path) -> str:
    """Return the text of a PDF (the bytes of a .pdf file) in the parser's format."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdftypes import PDFException
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for i, page in enumerate(pdf.pages):
                pages.append(_page_lines(i, page.chars))
                page.close()  # frees the page's parsed objects: a long report stays small in memory
    except (PdfminerException, MalformedPDFException, PDFException, PSException) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise DocumentFormatError(
                f"{path}: the PDF is encrypted (password-protected); give an unprotected copy"
            ) from exc
        raise DocumentFormatError(f"{path}: not a readable PDF ({brief(cause)}); is it damaged?") from exc
    if not any(pages):
        raise DocumentFormatError(
            f"{path}: the PDF has no text layer (a scanned image?); run OCR on it or give the DOCX or text"
        )
    _drop_running_lines(pages)
    return join_blocks(_blocks([line for page in pages for line in page]))


def _style(char: dict[str, Any]) -> tuple[bool, bool]:
    font = char.get("fontname", "").split("+")[-1].lower()
    matrix = char.get("matrix") or (1, 0, 0, 1, 0, 0)
    slanted = matrix[0] != 0 and abs(matrix[2] / matrix[0]) > 0.1  # a synthetic oblique
    bold = any(w in font for w in ("bold", "black", "heavy", "semibold", "demibold"))
    return bold, any(w in font for w in ("italic", "oblique")) or slanted


def _page_lines(page: int, chars: list[dict[str, Any]]) -> list[_Line]:
    """Rebuild the lines of a page from its characters."""
    rows: list[list[dict[str, Any]]] = []
    for char in sorted((c for c in chars if c.get("upright", True)), key=lambda c: (c["top"], c["x0"])):
        if rows and char["top"] - rows[-1][0]["top"] <= 0.5 * rows[-1][0]["size"]:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        ink = [c for c in row if not c["text"].isspace()]
        if not ink:
            continue
        size = statistics.median(c["size"] for c in ink)
        parts: dict[int, float] = {}  # index in ink -> the gap before it, where words part
        spaced, index = False, 0
        for char in row:
            if char["text"].isspace():
                spaced = True
                continue
            gap = char["x0"] - ink[index - 1]["x1"] if index else 0.0
            if index and (spaced or gap > 0.2 * size):
                parts[index] = gap
            spaced, index = False, index + 1
        glyphs: list[tuple[str, bool, bool]] = []
        for i, char in enumerate(ink):
            if i in parts:
                # A gap much wider than the line's others is a tab (a table-of-contents page number, a
                # table column), not the stretched spaces of justified text.
                wide = parts[i] > 2 * size
                if wide and (others := [g for j, g in parts.items() if j != i]):
                    wide = parts[i] > 3 * statistics.median(others)
                glyphs.append(("\t" if wide else " ", False, False))
            glyphs.append((char["text"], *_style(char)))
        x1 = ink[-1]["x1"]
        first_word = ink[min(parts, default=len(ink)) - 1]["x1"] - ink[0]["x0"]
        top, bottom = ink[0]["top"], max(c["bottom"] for c in ink)
        lines.append(_Line(page, top, bottom, ink[0]["x0"], x1, size, glyphs, first_word))
    return lines


def _drop_running_lines(pages: list[list[_Line]]) -> None:
    """Remove running headers and footers (lines repeated at the same place) and page numbers."""
    places: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for lines in pages:
        for line in {id(x): x for x in lines[:2] + lines[-2:]}.values():
            places[re.sub(r"\d+", "#", " ".join(line.text.split()))].append((line.page, line.top))
    running = set()
    for seen in places.values():
        for _, top in seen:
            pages_there = {p for p, t in seen if abs(t - top) <= 3}
            if len(pages_there) >= max(2, len(pages) // 2):
                running |= {(p, round(t, 1)) for p, t in seen if abs(t - top) <= 3}
    page_number = re.compile(r"\W*(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?\W*", re.I)
    for lines in pages:
        # A bare number alone at the top or bottom of a page, away from the text: a page number.
        for x, neighbour in ((lines[0], lines[1]), (lines[-1], lines[-2])) if len(lines) > 2 else ():
            apart = abs(x.top - neighbour.top) > 2.5 * max(x.size, neighbour.size)
            if apart and page_number.fullmatch(x.text):
                running.add((x.page, round(x.top, 1)))
        lines[:] = [x for x in lines if (x.page, round(x.top, 1)) not in running]


@dataclass
class _Layout:
    """What the body text of a document looks like: its font size, line gap and right margin."""

    body: float
    gap: float
    right: float
    expected: int | None = None  # the paragraph number that comes next

    @classmethod
    def of(cls, lines: list[_Line]) -> _Layout:
        sizes = Counter[float]()
        for line in lines:
            sizes[round(line.size, 1)] += len(line.glyphs)
        body = sizes.most_common(1)[0][0]
        plain = [x for x in lines if round(x.size, 1) == body]
        gaps = Counter(round(b.top - a.bottom, 1) for a, b in itertools.pairwise(plain) if a.page == b.page)
        right = sorted(x.x1 for x in plain)[int(0.98 * (len(plain) - 1))]
        return cls(body, max(gaps.most_common(1)[0][0], 0.0) if gaps else 0.2 * body, right)

    def starts_block(self, block: list[_Line], line: _Line) -> bool:
        """Whether ``line`` begins a new paragraph rather than continuing ``block``."""
        last, first = block[-1], block[0]
        if line.page == last.page and line.top - last.bottom > self.gap + 0.4 * min(last.size, line.size):
            return True
        if abs(line.size - last.size) > 0.5 or TOC.search(last.text) or TOC.search(line.text):
            return True  # another size, or a table-of-contents entry
        if last.bold() and line.bold():
            return False  # a bold title broken over lines
        if last.bold() != line.bold() and last.bold(slice(-1, None)) != line.bold(slice(0, 1)):
            return True
        if line.bullet:
            return True
        number = self.paragraph_number(line)
        if number is not None and line.x0 <= last.x0 + 2:
            # The next paragraph number (or one a little further on: the parser reports the jump).
            expected = self.expected or 1
            if expected <= number <= expected + 3:
                return True
        if line.label and not line.label.isdigit() and last.text.rstrip("\"'”’)]")[-1:] in ".!?:;":
            return True  # "8.6 Foster ...", "a) Use ..." after a finished sentence: a heading or an item
        if len(block) >= 2:  # continuation lines align; a line left or right of them starts anew
            if abs(line.x0 - block[1].x0) > 2:
                return True
        elif first.label or first.bullet:
            # A list item's next line hangs to its right, or (an indented first line) sits to its left;
            # a label in line with it starts the next item.
            if abs(line.x0 - first.x0) <= 2 and line.label:
                return True
        elif line.x0 > first.x0 + 2:
            return True
        # The line before ends short although this line's first word would have fitted there (with room
        # to spare: the typesetter's spaces are a little wider or narrower than ours).
        return last.x1 + 0.3 * last.size + line.first_word < self.right - 0.5 * last.size

    @staticmethod
    def paragraph_number(line: _Line) -> int | None:
        number = _NUMBER.fullmatch(line.label or "")
        return int(number.group(1)) if number else None

    def begin(self, line: _Line) -> None:
        """Note the paragraph number that ``line``, the first of a block, opens with."""
        number = self.paragraph_number(line)
        if number is not None and (self.expected is None or number >= self.expected):
            self.expected = number + 1

    def text(self, block: list[_Line]) -> str:
        """The block as one line of the parser's format."""
        glyphs: list[tuple[str, bool, bool]] = []
        for line in block:
            if glyphs:
                end, start = "".join(g[0] for g in glyphs[-2:]), line.text[:2]
                # "China-" + "Mongolia", "States" + "—one": a dash between words takes no space.
                dash = (end[-1:] in _DASHES and end[:1].isalnum() and start[:1].isalnum()) or (
                    start[:1] == "—" and start[1:2].isalnum() and end[-1:].isalnum()
                )
                if not dash:
                    glyphs.append((" ", False, False))
            glyphs.extend(line.glyphs)
        text = "".join(g[0] for g in glyphs)
        if block[0].bullet:
            rest = len(text) - len(text[1:].lstrip())
            return "- " + emphasize((*g, None) for g in _cut(glyphs, rest))
        label = _GLUED_LABEL.match(text)
        if label:
            glyphs.insert(_cut_index(glyphs, label.end()), (" ", False, False))
        if block[0].size > self.body + 0.5 and not (label and _NUMBER.fullmatch(label.group(1))):
            return " ".join("".join(g[0] for g in glyphs).split())  # a heading
        return emphasize((*g, None) for g in glyphs)


def _cut_index(glyphs: list[tuple[str, bool, bool]], offset: int) -> int:
    """Index of the glyph at character ``offset`` of the glyphs' joined text."""
    seen = 0
    for i, glyph in enumerate(glyphs):
        if seen >= offset:
            return i
        seen += len(glyph[0])
    return len(glyphs)


def _cut(glyphs: list[tuple[str, bool, bool]], offset: int) -> list[tuple[str, bool, bool]]:
    return glyphs[_cut_index(glyphs, offset) :]


def _blocks(lines: list[_Line]) -> Iterator[str]:
    """Group lines into paragraphs and headings, one text each, in reading order."""
    if not lines:
        return
    layout = _Layout.of(lines)
    block = [lines[0]]
    layout.begin(lines[0])
    for line in lines[1:]:
        if layout.starts_block(block, line):
            yield layout.text(block)
            block = [line]
            layout.begin(line)
        else:
            block.append(line)
    yield layout.text(block)
