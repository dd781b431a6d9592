"""Write a markdown report as the DOCX and PDF its users receive (made by the tests, never committed).

The DOCX is laid out as a Word user would: headings in Heading styles, numbered paragraphs as Word
auto-numbered "List Number" paragraphs (the number is not in the text), italics and bold as run formatting,
links as hyperlinks, sub-items as list paragraphs, a table of contents with a right tab stop, the document
symbol as a running header and the page number as a footer. Page-break continuation lines of the markdown
are merged into their paragraph. Which line is a heading or a paragraph is taken from the parse of the
markdown, so the DOCX holds the same structure, typeset. ``relaid_docx`` lays the same document out as
other offices do; ``pdf_from_docx`` prints a DOCX with LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from ingest.lexicon import Lexicon
from ingest.mentions import Gazetteer
from ingest.parse import parse_report, parse_structure
from ingest.text import mask_markup

__all__ = ["docx_from_markdown", "pdf_from_docx", "relaid_docx"]

_INLINE = re.compile(r"\\([()\[\]*_$#.\-])|\[([^\]\n]*)\]\(([^)\n]*)\)|<(https?://[^>\s]+)>|(\*\*|\*)")
_ITEM = re.compile(r"^(\s*)(?:[-•]\s+)?((?:\(?[a-z]\)|[ivx]{1,5}\.)\s+.*)$")
_BULLET = re.compile(r"^(\s*)[-•]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d{1,4}\.\s+")


def _add_inline(paragraph: Paragraph, text: str, bold: bool = False, italic: bool = False) -> None:
    """Add markdown-ish ``text`` to ``paragraph`` as runs: emphasis as formatting, links as hyperlinks."""
    cursor = 0

    def plain(chunk: str) -> None:
        if chunk:
            run = paragraph.add_run(chunk)
            run.bold, run.italic = bold or None, italic or None

    for m in _INLINE.finditer(text):
        plain(text[cursor : m.start()])
        cursor = m.end()
        escaped, label, target, autolink, marker = m.groups()
        if escaped is not None:
            plain(escaped)
        elif label is not None:
            _add_link(paragraph, re.sub(r"\\(.)", r"\1", label), target, bold, italic)
        elif autolink is not None:
            _add_link(paragraph, autolink, autolink, bold, italic)
        elif marker == "**":
            bold = not bold
        else:
            italic = not italic  # a stray closing "*" of the conversion toggles nothing visible
    plain(text[cursor:])


def _add_link(paragraph: Paragraph, text: str, target: str, bold: bool, italic: bool) -> None:
    link = OxmlElement("w:hyperlink")
    if target.startswith("http"):
        link.set(qn("r:id"), paragraph.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    else:
        link.set(qn("w:anchor"), target.lstrip("#") or "_top")
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for flag, tag in ((bold, "w:b"), (italic, "w:i")):
        if flag:
            props.append(OxmlElement(tag))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    node = OxmlElement("w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def _add_page_number(paragraph: Paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    node = OxmlElement("w:t")
    node.text = "1"
    run.append(node)
    field.append(run)
    paragraph._p.append(field)


def docx_from_markdown(markdown: Path, target: Path, lexicon: Lexicon) -> Path:
    """Write the markdown report ``markdown`` as a Word document at ``target``."""
    source = markdown.read_text(encoding="utf-8")
    report = parse_report(source, lexicon, name=markdown.name)
    body_start = parse_structure(source, Gazetteer(lexicon)).body_start
    parents = {s.key: s.parent for s in report.sections}
    depth = {key: _depth(key, parents) for key in parents}
    headings = {s.start: s for s in report.sections}
    paragraphs = {p.start: p for p in report.paragraphs}

    document = Document()
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = report.metadata.symbol or ""
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_number(footer)
    width = section.page_width - section.left_margin - section.right_margin

    cursor = 0
    pending_bold: list[str] = []  # a bold title block spread over several lines
    for m in re.finditer(r"[^\n]*\n?", source):
        start, line = m.start(), m.group().rstrip("\n")
        if start < cursor or not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if pending_bold or (line.startswith("**") and line.count("**") == 1):
            pending_bold.append(line.strip())  # a bold title over several lines: one paragraph
            if line.rstrip().endswith("**") and len(pending_bold) > 1:
                _add_inline(document.add_paragraph(), "\n".join(pending_bold))  # lines kept as breaks
                pending_bold = []
            continue
        if start < body_start:
            block = document.add_paragraph()
            if "\t" in line:  # a table-of-contents entry: heading, tab, page number
                block.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            _add_inline(block, line.strip())
            continue
        starts = sorted(pos for pos in headings if start <= pos <= start + len(line))
        if starts:  # one line may hold two headings ("Conclusions: ...**Successes**")
            for pos, end in zip(starts, [*starts[1:], start + len(line)], strict=True):
                level = min(depth[headings[pos].key], 4)
                document.add_heading(" ".join(mask_markup(source[pos:end]).split()), level=level)
            continue
        para = paragraphs.get(start + indent)
        if para is not None:
            # The whole paragraph, page-break continuation lines included, is one Word paragraph.
            text = " ".join(source[para.start : para.end].split())
            block = document.add_paragraph(style="List Number")
            _add_inline(block, _NUMBER.sub("", text, count=1))
            cursor = para.end
            continue
        item = _ITEM.match(line)
        bullet = _BULLET.match(line)
        if item is not None or bullet is not None:
            deeper = (item or bullet).group(1) != ""  # type: ignore[union-attr]
            block = document.add_paragraph(style="List Bullet 2" if deeper else "List Bullet")
            _add_inline(block, item.group(2) if item is not None else bullet.group(2))  # type: ignore[union-attr]
            continue
        _add_inline(document.add_paragraph(), line.strip())  # activity headings ("1.2 Build on ...")
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def relaid_docx(source: Path, target: Path) -> Path:
    """The DOCX ``source`` laid out another way, as other offices do: justified A4 text in a sans font with
    space after each paragraph, and the paragraph numbers typed as text with a first-line indent instead of
    Word's numbering."""
    document = Document(str(source))
    for name in ("Normal", "List Number", "List Bullet", "List Bullet 2"):
        style = document.styles[name]
        style.font.name, style.font.size = "Liberation Sans", Pt(10)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        style.paragraph_format.space_after = Pt(6)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    number = 0
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name == "List Number":
            number += 1
            paragraph.style = document.styles["Normal"]
            paragraph.paragraph_format.first_line_indent = Pt(18)
            run = paragraph.add_run(f"{number}. ")
            paragraph._p.remove(run._r)
            paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, run._r)
    document.save(str(target))
    return target


def _depth(key: str | None, parents: dict[str, str | None]) -> int:
    """1 for a part heading, 2 for a theme, and so on: the Heading level of a section."""
    depth = 0
    while key is not None:
        depth, key = depth + 1, parents[key]
    return depth


def pdf_from_docx(docx: Path, outdir: Path, profile: Path) -> Path:
    """Print ``docx`` to PDF with LibreOffice (``soffice``), using a private profile directory."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("soffice missing: `make libreoffice` installs Debian's LibreOffice")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = outdir / f"{docx.stem}.pdf"
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
    return pdf
