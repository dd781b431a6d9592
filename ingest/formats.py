"""Report files in the formats users receive (markdown/text, DOCX, PDF) as the text the parser reads.

The parser reads a markdown-ish text: headings on their own lines, each numbered paragraph as one line
"60. ...", italics as ``*...*``, bold as ``**...**``, sub-items as "- a) ..." lines, blank lines between
blocks. DOCX comes through python-docx (Word auto-numbering is counted, since its numbers are not in the
text); PDF through pdfplumber's characters, with lines and paragraphs rebuilt from their geometry and
emphasis from font names. Offsets in the parsed report point into this text.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import DocumentFormatError, EmptyInputError, InputFileError, InputTooLargeError

__all__ = ["read_document"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: a legacy .doc or an encrypted Office file
_TOC = re.compile(r"\S\t+\d+\s*$")  # "Introduction<tab>3": the parser skips a table of contents by it
_DASHES = "-‐‑–—/"  # a line broken after these joins the next without a space ("China-\nMongolia")
# A list label at the start of a printed line ("60.", "1.2", "a)", "(iv)"), and one glued to its text
# ("10.The"): the tab after a number that fills its indent leaves no gap in the PDF.
_LABEL = re.compile(r"(\d{1,4}(?:\.\d{1,3})*\.?|\(?[a-z]\)|\(?[ivx]{1,5}[.)])(?=\s|[A-Z(“\"‘'])")
_GLUED_LABEL = re.compile(r"(\d{1,4}\.|\(?[a-z]\)|\(?[ivx]{1,5}[.)])(?=[A-Z(“\"‘'])")
_NUMBER = re.compile(r"(\d{1,4})\.(?!\d)")
_BULLETS = set("•◦▪▫●○■□‣⁃∙·")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def read_document(path: Path, max_bytes: int) -> str:
    """Return the text of a report file: .docx and .pdf are converted, anything else is read as text."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _nonempty(_docx_text(_read_bytes(path, max_bytes), path), path)
    if suffix == ".pdf":
        return _nonempty(_pdf_text(_read_bytes(path, max_bytes), path), path)
    if suffix in {".doc", ".odt", ".rtf"}:
        raise DocumentFormatError(f"{path}: {suffix} files are not read; save the report as .docx or .pdf")
    from ingest.load import read_text  # load imports this module for read_report

    return read_text(path, max_bytes)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        raise InputFileError(f"{path}: {'not a file' if path.exists() else 'no such file'}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLargeError(
                f"{path}: {size / 1e6:.1f} MB is more than the {max_bytes / 1e6:.0f} MB a report may have; "
                "split it into its reports (or raise CAMIKG_MAX_INPUT_BYTES)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror})") from exc


def _brief(exc: object) -> str:
    """An exception's message on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _nonempty(text: str, path: Path) -> str:
    if not text.strip():
        raise EmptyInputError(f"{path}: the document holds no text")
    return text


def _emphasize(runs: Iterable[tuple[str, bool, bool, str | None]]) -> str:
    """Join (text, bold, italic, link) runs into text with ``**bold**``, ``*italic*`` and ``[text](link)``.

    Markers hug the words: whitespace at the edge of a run goes outside them.
    """
    out: list[str] = []
    bold = italic = False
    link: str | None = None
    pending = ""
    for text, run_bold, run_italic, run_link in runs:
        for piece in re.split(r"(\s+)", text):
            if not piece:
                continue
            if piece.isspace():
                pending += piece
                continue
            if (run_bold, run_italic, run_link) != (bold, italic, link):
                out.append(("*" if italic else "") + ("**" if bold else ""))
                if run_link != link:
                    out.append(f"]({link})" if link else "")
                    out.append(pending + ("[" if run_link else ""))
                else:
                    out.append(pending)
                out.append(("**" if run_bold else "") + ("*" if run_italic else ""))
                bold, italic, link = run_bold, run_italic, run_link
            else:
                out.append(pending)
            pending = ""
            out.append(piece.replace("*", "\\*"))
    out.append(("*" if italic else "") + ("**" if bold else "") + (f"]({link})" if link else ""))
    return "".join(out).strip()


def _line(text: str) -> str:
    """One output line: tabs kept only where they mark a table-of-contents entry."""
    text = text.translate(_LIGATURES).replace("\n", " ").strip()
    return text if _TOC.search(text) else text.replace("\t", " ")


# --- DOCX -------------------------------------------------------------------------------------------


def _docx_text(data: bytes, path: Path) -> str:
    """Text of a Word document (the bytes of a .docx file) in the parser's format."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    if data.startswith(_OLE):
        raise DocumentFormatError(
            f"{path}: an encrypted (password-protected) Word file or a legacy .doc; "
            "remove the password or save it as .docx"
        )
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        blocks: list[tuple[str, str]] = []  # (kind, text): kind is heading | bold | list | body
        for paragraph in _paragraphs(document):
            kind, text = _docx_paragraph(paragraph, numbering)
            if not text:
                continue
            previous = blocks[-1] if blocks else None
            # A paragraph cut by a page break (a DOCX converted from PDF) goes on in lower case.
            if kind == "body" and text[0].islower() and previous and previous[0] in {"body", "list"}:
                blocks[-1] = (previous[0], f"{previous[1]} {text}")
            else:
                blocks.append((kind, text))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, TypeError, ValueError, XMLSyntaxError) as exc:
        raise DocumentFormatError(
            f"{path}: not a readable .docx file ({_brief(exc)}); is it damaged?"
        ) from exc
    return "\n\n".join(_line(text) for _, text in blocks) + "\n"


def _paragraphs(container: Any) -> Iterator[Any]:
    """Body paragraphs in reading order, table cells' paragraphs included."""
    from docx.text.paragraph import Paragraph

    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
        else:
            for row in item.rows:
                for cell in row.cells:
                    yield from _paragraphs(cell)


def _style_chain(style: Any) -> Iterator[Any]:
    while style is not None:
        yield style
        style = style.base_style


def _docx_paragraph(paragraph: Any, numbering: _Numbering) -> tuple[str, str]:
    from docx.oxml.ns import qn
    from docx.text.run import Run

    styles = list(_style_chain(paragraph.style))
    names = [s.name.lower() for s in styles if s.name]
    heading = any(n.startswith(("heading", "title")) for n in names) or any(
        s.element.pPr is not None and s.element.pPr.find(qn("w:outlineLvl")) is not None for s in styles
    )
    runs = []
    for r in paragraph._p.iter(qn("w:r")):
        if any(a.tag in {qn("w:del"), qn("w:moveFrom")} for a in r.iterancestors()):
            continue
        run = Run(r, paragraph)
        if _flag(run, styles, "hidden"):
            continue
        link = _link_target(r.getparent(), paragraph.part)
        runs.append((run.text, _flag(run, styles, "bold"), _flag(run, styles, "italic"), link))
    runs = _plain_urls(runs)
    text = "".join(r[0] for r in runs).strip()
    if not text:
        return "body", ""
    label, bullet = numbering.label(paragraph, styles)
    if heading:
        text = " ".join(text.split())
        return "heading", f"{label} {text}" if label and "." in label.rstrip(".") else text
    marked = _emphasize(runs)
    if bullet:
        return "list", f"- {marked}"
    if label and re.fullmatch(r"\d+(?:\.\d+)*\.?", label):
        return "list", f"{label} {marked}"
    if label:
        return "list", f"- {label} {marked}"
    return ("bold" if all(r[1] for r in runs if r[0].strip()) else "body"), marked


def _link_target(node: Any, part: Any) -> str | None:
    """The target of a ``w:hyperlink`` (a URL, or "#bookmark" inside the document), or None."""
    from docx.oxml.ns import qn

    if node is None or node.tag != qn("w:hyperlink"):
        return None
    rel = part.rels.get(node.get(qn("r:id")) or "")
    anchor = node.get(qn("w:anchor"))
    target = rel.target_ref if rel is not None else f"#{'' if anchor in {None, '_top'} else anchor}"
    return re.sub(r"[()\s]", lambda m: f"%{ord(m.group()):02X}", target)


def _plain_urls(runs: list[tuple[str, bool, bool, str | None]]) -> list[tuple[str, bool, bool, str | None]]:
    """Drop the link of a link that shows its own URL: it is text, not a reference to something named."""
    shown: dict[str, str] = defaultdict(str)
    for text, _, _, link in runs:
        if link:
            shown[link] += text
    return [(t, b, i, None if link and shown[link].strip() == link else link) for t, b, i, link in runs]


def _flag(run: Any, styles: list[Any], name: str) -> bool:
    """The effective value of a toggle property: the run, its character style, then the paragraph style."""
    value = getattr(run.font, name)
    for style in [*_style_chain(run.style), *styles]:
        if value is not None:
            break
        value = getattr(style.font, name)
    return bool(value)


class _Numbering:
    """Word list numbering: labels computed as Word shows them, counted per numbering id."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # id -> level -> (start, format, text)
        self.counters: dict[str, list[int | None]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # no numbering part: only "List Number" styles count
            return

        def levels_of(node: Any) -> dict[int, tuple[int, str, str]]:
            found = {}
            for lvl in node.iter(qn("w:lvl")):
                values = [lvl.find(qn(f"w:{tag}")) for tag in ("start", "numFmt", "lvlText")]
                start, fmt, text = (v.get(qn("w:val")) if v is not None else None for v in values)
                found[int(lvl.get(qn("w:ilvl"), "0"))] = (int(start or 1), fmt or "decimal", text or "")
            return found

        abstract = {a.get(qn("w:abstractNumId")): a for a in root.iter(qn("w:abstractNum"))}
        for num in root.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val")) if ref is not None else None)
            levels = levels_of(definition) if definition is not None else {}
            for override in num.iter(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                levels.update(levels_of(override))
                restart = override.find(qn("w:startOverride"))
                if restart is not None and ilvl in levels:
                    _, fmt, text = levels[ilvl]
                    levels[ilvl] = (int(restart.get(qn("w:val"))), fmt, text)
            self.levels[num.get(qn("w:numId"))] = levels

    def label(self, paragraph: Any, styles: list[Any]) -> tuple[str, bool]:
        """Count ``paragraph`` if it is a list item and return (its label, whether it is a bullet)."""
        num_id, ilvl = "", 0
        for props in [paragraph._p.pPr, *(s.element.pPr for s in styles)]:  # direct, then by style
            num_pr = props.numPr if props is not None else None
            if num_pr is not None and num_pr.numId is not None:
                num_id, ilvl = str(num_pr.numId.val), num_pr.ilvl.val if num_pr.ilvl is not None else 0
                break
        if num_id == "0":  # numbering switched off
            return "", False
        levels = self.levels.get(num_id)
        if not levels:  # a "List Number" style whose numbering is missing: count it all the same
            name = next((s.name for s in styles if s.name and s.name.startswith("List Number")), None)
            if name is None:
                return "", False
            num_id, ilvl, levels = f"style:{name}", 0, {0: (1, "decimal", "%1.")}
        start, fmt, template = levels.get(ilvl, (1, "decimal", f"%{ilvl + 1}."))
        if fmt == "bullet":
            return "", True
        counters = self.counters.setdefault(num_id, [None] * 9)
        current = counters[ilvl]
        counters[ilvl] = start if current is None else current + 1
        counters[ilvl + 1 :] = [None] * (8 - ilvl)

        def number(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            first, level_fmt, _ = levels.get(level, (1, "decimal", ""))
            return _format_number(counters[level] or first, level_fmt)

        return re.sub(r"%([1-9])", number, template).strip(), False


def _format_number(n: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = ""
        for value, digits in zip(
            (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
            ("m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"),
            strict=True,
        ):
            count, n = divmod(n, value)
            roman += digits * count
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt == "none":
        return ""
    return f"{n:02d}" if fmt == "decimalZero" else str(n)


# --- PDF --------------------------------------------------------------------------------------------


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


def _pdf_text(data: bytes, path: Path) -> str:
    """Text of a PDF (the bytes of a .pdf file) in the parser's format."""
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
        raise DocumentFormatError(f"{path}: not a readable PDF ({_brief(cause)}); is it damaged?") from exc
    if not any(pages):
        raise DocumentFormatError(
            f"{path}: the PDF has no text layer (a scanned image?); run OCR on it or give the DOCX or text"
        )
    _drop_running_lines(pages)
    return "\n\n".join(_line(block) for block in _blocks([line for page in pages for line in page])) + "\n"


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
        if abs(line.size - last.size) > 0.5 or _TOC.search(last.text) or _TOC.search(line.text):
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
            return "- " + _emphasize((*g, None) for g in _cut(glyphs, rest))
        label = _GLUED_LABEL.match(text)
        if label:
            glyphs.insert(_cut_index(glyphs, label.end()), (" ", False, False))
        if block[0].size > self.body + 0.5 and not (label and _NUMBER.fullmatch(label.group(1))):
            return " ".join("".join(g[0] for g in glyphs).split())  # a heading
        return _emphasize((*g, None) for g in glyphs)


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
