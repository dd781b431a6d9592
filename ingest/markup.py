"""Writing the parser's text (described in ``ingest.formats``): the part the DOCX and PDF readers share.

Both readers turn styled runs into ``**bold**``, ``*italic*`` and ``[text](link)`` markup, join their
blocks into lines separated by blank lines, and word a library's error in one line of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["TOC", "brief", "emphasize", "join_blocks"]

TOC = re.compile(r"\S\t+\d+\s*$")  # "Introduction<tab>3": the parser skips a table of contents by it
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def brief(exc: object) -> str:
    """Return an exception's message on one line, to quote inside one of ours."""
    return " ".join(str(exc).split()) or type(exc).__name__


def emphasize(runs: Iterable[tuple[str, bool, bool, str | None]]) -> str:
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


def join_blocks(blocks: Iterable[str]) -> str:
    """Return ``blocks`` (paragraphs, headings, items) as the parser's text, blank lines between them."""
    return "\n\n".join(_line(block) for block in blocks) + "\n"


def _line(text: str) -> str:
    """One output line: tabs kept only where they mark a table-of-contents entry."""
    text = text.translate(_LIGATURES).replace("\n", " ").strip()
    return text if TOC.search(text) else text.replace("\t", " ")
