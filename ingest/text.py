"""Pure text helpers: markup masking, sentence and clause boundaries, all offset-preserving.

The report is a markdown-ish conversion of a PDF/DOCX. Rather than rewrite it (and lose offsets), we
*mask* it: markup characters become spaces, so every index in the masked text is the same index in the
source, and evidence spans stay exact.
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["clauses", "collapse", "mask_markup", "sentence_spans"]

# [text](#) and [text](url) -> keep "text"; \( \) escapes -> keep the character; *, ** -> spaces.
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")
_ESCAPE = re.compile(r"\\([()\[\]*_$#.\-])")
_EMPHASIS = re.compile(r"\*+")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")


def mask_markup(text: str) -> str:
    """Return ``text`` with markdown markup replaced by spaces (same length, same offsets)."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            chars[i] = " "

    for m in _LINK.finditer(text):
        blank(m.start(), m.start() + 1)  # "["
        blank(m.end(1), m.end())  # "](...)"
    for m in _AUTOLINK.finditer(text):
        blank(m.start(), m.start() + 1)
        blank(m.end() - 1, m.end())
    for m in _ESCAPE.finditer(text):
        chars[m.start()] = " "
    masked = "".join(chars)
    return _EMPHASIS.sub(lambda m: " " * len(m.group()), masked)


def collapse(text: str) -> str:
    """Collapse runs of whitespace (line and page breaks included) to single spaces."""
    return " ".join(text.split())


# Tokens ending in a full stop that do not end a sentence.
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "eg",
    "ie",
    "etc",
    "al",
    "no",
    "nos",
    "rev",
    "doc",
    "inf",
    "vs",
    "cf",
    "approx",
    "st",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "spp",
    "sp",
    "ssp",
    "subsp",
    "var",
    "fig",
    "para",
    "paras",
    "vol",
    "ed",
    "eds",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "km",
    "ca",
    "c",
    "p",
    "pp",
    "co",
    "ltd",
    "inc",
    "u.s",
    "u.k",
    "n.b",
}
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (masked text) into sentence spans, trimmed of surrounding space."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _BOUNDARY.finditer(text, start, end):
        stop = m.end()
        head = text[cursor : m.start()]
        word = re.search(r"([A-Za-z][A-Za-z.]*)$", head)
        if word:
            token = word.group(1).lower().rstrip(".")
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha() and text[m.start()] == "."):
                continue  # "e.g. Mongolia", "Z. Moheb", "C. felus"
        spans.append(_trim(text, cursor, stop))
        cursor = stop
    if text[cursor:end].strip():
        spans.append(_trim(text, cursor, end))
    return [s for s in spans if s[1] > s[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Words that open a new clause: contrast and concession markers, and ", and" before a lower-case word
# ("... within Mongolia, and no coordinated monitoring with China has been reported").
_CLAUSE_OPENERS = re.compile(
    r"(?:;|(?<=[\s,(—–-])(?:but|while|whilst|although|though|whereas|however|unlike)\b"
    r"|(?<=,\s)(?:yet|except)\b|(?<=,\s)and(?=\s+(?-i:[a-z])))",
    re.IGNORECASE,
)
_SUBORDINATORS = {"while", "whilst", "although", "though", "whereas", "unlike"}
# Where the main clause starts after a subordinate one ("While A has done X, there is no Y"): a comma
# before a typical clause opener; failing that, a determiner that follows a noun without a comma
# ("... have piloted promising governance approaches these remain country-specific").
_MAIN_AFTER_COMMA = re.compile(
    r",\s+(?=(?:there|these|this|those|they|it|its|the|most|many|some|no|none|such|all|both|neither|only|"
    r"a|an|few|other|[A-Z][\w-]+\s+(?:has|have|is|are|was|were|does|did))\b)"
)
_MAIN_WITHOUT_COMMA = re.compile(
    r"(?<![,;])\s+(?<!\bof)(?<!\bin)(?<!\bfor)(?<!\bto)(?<!\bwith)(?<!\bon)(?<!\bby)(?<!\bat)"
    r"(?<!\bfrom)(?<!\ball)(?<!\bboth)(?<!\band)(?=(?:these|they|there\s+(?:is|are))\b)"
)


def _main_clause_start(text: str, start: int, end: int) -> int | None:
    """Offset where the main clause begins after a subordinate clause that starts at ``start``."""
    for rx in (_MAIN_AFTER_COMMA, _MAIN_WITHOUT_COMMA):
        m = rx.search(text, start, end)
        if m is not None:
            return m.end()
    comma = text.find(",", start, end)
    return comma + 1 if comma != -1 else None


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split the sentence ``text[start:end]`` into clause spans for negation scope."""
    cuts = [start]
    for m in _CLAUSE_OPENERS.finditer(text, start, end):
        if m.start() > cuts[-1]:
            cuts.append(m.start())
        if m.group().lower() in _SUBORDINATORS:
            main = _main_clause_start(text, m.end(), end)
            if main is not None:
                cuts.append(main)
    cuts.append(end)
    spans = sorted(set(cuts))
    return [(a, b) for a, b in pairwise(spans) if text[a:b].strip()]
