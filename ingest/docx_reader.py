"""Word documents (.docx) as the text the parser reads, through python-docx.

Paragraphs come in reading order, table cells included. Heading styles (or an outline level) make
headings; Word list numbering is counted as Word shows it, since its numbers are not in the text; runs
that are deleted, moved away or hidden are left out; bold, italic and hyperlinks become markup.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.errors import DocumentFormatError
from ingest.markup import brief, emphasize, join_blocks

__all__ = ["read_docx"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: a legacy .doc or an encrypted Office file


def read_docx(data: bytes, path: Path) -> str:
    """Return the text of a Word document (the bytes of a .docx file) in the parser's format."""
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
            f"{path}: not a readable .docx file ({brief(exc)}); is it damaged?"
        ) from exc
    return join_blocks(text for _, text in blocks)


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
    marked = emphasize(runs)
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
