"""The layout of a report family: the patterns the parser reads headings, paragraphs and ratings with.

The shipped layout (``ingest/layout.toml``) describes the CMS Programme-of-Work overview reports: parts
by their heading words, numbered paragraphs, activity headings "2.3 Title", the rating in italics or bold
at the start of an activity's first paragraph, or in a table of ratings. A report of the same family laid
out otherwise is read by the same code with other patterns: copy the file, change or add patterns, and
point ``CAMIKG_LAYOUT`` at it (see docs/layout.md). Pure: ``ingest.load`` reads the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import LayoutError

__all__ = ["DEFAULT_LAYOUT", "DEFAULT_LAYOUT_FILE", "DEFAULT_TOML", "PART_KEYS", "Layout", "layout_from_toml"]

DEFAULT_LAYOUT_FILE = Path(__file__).with_name("layout.toml")
PART_KEYS = ("introduction", "species-status", "pow-review", "conclusions")


@dataclass(frozen=True)
class Layout:
    paragraph: re.Pattern[str]
    activity: re.Pattern[str]
    heading_markup: re.Pattern[str]
    rating_leads: tuple[re.Pattern[str], ...]
    rating_table_row: re.Pattern[str]
    parts: tuple[tuple[str, re.Pattern[str]], ...]

    def text_start(self, source: str, start: int) -> int:
        """Where the text of the numbered paragraph starting at ``start`` begins (after its number)."""
        line_start = source.rfind("\n", 0, start) + 1
        line_end = source.find("\n", start)
        line = source[line_start : line_end if line_end >= 0 else len(source)]
        found = self.paragraph.match(line)
        return line_start + found.end() if found is not None else start


def _compile(source: str, key: str, pattern: Any, groups: int) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise LayoutError(f"{source}: {key} must be a regular expression string")
    try:
        compiled = re.compile(pattern, re.MULTILINE if key == "rating_table_row" else 0)
    except re.error as exc:
        raise LayoutError(f"{source}: {key} is not a valid regular expression ({exc})") from exc
    if compiled.groups < groups:
        raise LayoutError(f"{source}: {key} needs {groups} group(s), it has {compiled.groups}")
    return compiled


def layout_from_toml(text: str, source: str = "layout", base: dict[str, Any] | None = None) -> Layout:
    """A layout from TOML ``text``; keys it leaves out come from ``base`` (the shipped layout's values)."""
    try:
        data = {**(base or {}), **tomllib.loads(text)}
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"{source}: not valid TOML ({exc})") from exc
    keys = ("paragraph", "activity", "heading_markup", "rating_leads", "rating_table_row", "parts")
    missing = [k for k in keys if k not in data]
    if missing:
        raise LayoutError(f"{source}: missing {', '.join(missing)}")
    leads = data["rating_leads"]
    if not isinstance(leads, list) or not leads:
        raise LayoutError(f"{source}: rating_leads must be a list of patterns")
    parts = []
    for part in data["parts"]:
        key = part.get("key") if isinstance(part, dict) else None
        if key not in PART_KEYS:
            raise LayoutError(f"{source}: each [[parts]] needs a key among {', '.join(PART_KEYS)}")
        parts.append((key, _compile(source, f"parts.{key}", part.get("pattern"), 0)))
    return Layout(
        paragraph=_compile(source, "paragraph", data["paragraph"], 2),
        activity=_compile(source, "activity", data["activity"], 2),
        heading_markup=_compile(source, "heading_markup", data["heading_markup"], 0),
        rating_leads=tuple(_compile(source, "rating_leads", p, 1) for p in leads),
        rating_table_row=_compile(source, "rating_table_row", data["rating_table_row"], 2),
        parts=tuple(parts),
    )


# The shipped layout is package data, read once here; a user's layout file is read by ``ingest.load``.
DEFAULT_TOML = DEFAULT_LAYOUT_FILE.read_text(encoding="utf-8")
DEFAULT_LAYOUT = layout_from_toml(DEFAULT_TOML, str(DEFAULT_LAYOUT_FILE))
