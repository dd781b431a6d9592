"""Reports of the same family laid out otherwise are read by the same code: markdown headings, sub-items
without italics, ratings in bold or in a table of ratings with the shipped layout, and paragraph numbers
written "(12)" with a user's layout file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.errors import LayoutError
from ingest.lexicon import Lexicon
from ingest.load import load_layout, read_report
from ingest.records import Report

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "cami3-doc2-overview-report.md"
_RATING = re.compile(r"^(\s*\d{1,4}\. )\*([^*\n]+?)\*[ \t]*(?=\S)", re.MULTILINE)  # a rating, then text


def _relaid(text: str) -> str:
    """The bundled report with markdown headings, plain sub-items, half its ratings in bold and the other
    half moved out of the paragraphs into a table of ratings at the end."""
    lines = text.splitlines()
    out = []
    for line in lines:
        if line in (
            "Introduction",
            "Conclusions: successes, challenges and main conservation needs",
        ) or line.startswith("Review of the implementation"):
            line = f"# {line}"
        elif re.match(r"^\d{1,3}\.\d{1,3}\.? \S", line):
            line = f"### {line}"
        elif re.match(r"^\s*- [a-z]\) \*", line):
            line = line.replace("*", "")
        out.append(line)
    relaid = "\n".join(out) + "\n"
    table: list[str] = []
    count = 0

    def move(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        if count % 2:
            return f"{m.group(1)}**{m.group(2)}** "
        table.append(m.group(0))  # remembered by paragraph; the code comes from the parse below
        return m.group(1)

    relaid = _RATING.sub(move, relaid)
    return relaid, table  # type: ignore[return-value]


def _facts(report: Report) -> list[tuple[object, ...]]:
    return [
        (a.code, a.title, a.rating.label if a.rating else None, a.evidence, len(a.sub_items))
        for a in report.activities
    ]


def test_markdown_headings_bold_ratings_and_a_table_of_ratings(
    tmp_path: Path, lexicon: Lexicon, report: Report
):
    relaid, moved = _relaid(CORPUS.read_text(encoding="utf-8"))
    first = tmp_path / "first.md"
    first.write_text(relaid, encoding="utf-8")
    without = read_report(first, lexicon)
    # the ratings taken out of the paragraphs go into a table: activity code | title | rating
    moved_paragraphs = {int(m.split(".")[0]) for m in moved}
    rows = ["", "# Annex: ratings", "", "| Activity | Rating |", "|---|---|"]
    for activity in report.activities:
        if (
            activity.code
            and activity.rating
            and activity.evidence
            and activity.evidence[0] in moved_paragraphs
        ):
            rows.append(f"| {activity.code} | {activity.rating.raw} |")
    path = tmp_path / "relaid.md"
    path.write_text(relaid + "\n".join(rows) + "\n", encoding="utf-8")
    relaid_report = read_report(path, lexicon)
    assert len(rows) > 40 and len(moved_paragraphs) > 40
    assert _facts(relaid_report) == _facts(report)
    assert [p.number for p in relaid_report.paragraphs] == [p.number for p in report.paragraphs]
    # (sentence indices shift where a rating sentence left its paragraph for the table)
    assert {(m.concept, m.paragraph, m.negated) for m in relaid_report.mentions} == {
        (m.concept, m.paragraph, m.negated) for m in report.mentions
    }
    for a in relaid_report.activities:  # every rating's span points at the rating as written
        if a.rating and a.rating.span and a.rating.raw:
            assert relaid_report.source[a.rating.span.start : a.rating.span.end] == a.rating.raw
    # without the table, the moved ratings are missing (and reported), so the table did the work
    assert sum(1 for a in without.activities if a.rating) < sum(
        1 for a in relaid_report.activities if a.rating
    )
    assert any("no rating" in w for w in without.warnings)


def test_a_user_layout_file(tmp_path: Path, lexicon: Lexicon):
    mini = (Path(__file__).resolve().parent.parent / "data" / "mini_pow_report.md").read_text(
        encoding="utf-8"
    )
    parenthesised = re.sub(r"^(\s*)(\d{1,4})\. ", r"\1(\2) ", mini, flags=re.MULTILINE)
    path = tmp_path / "report.md"
    path.write_text(parenthesised, encoding="utf-8")
    layout_file = tmp_path / "layout.toml"
    layout_file.write_text("paragraph = '^(\\s*)\\((\\d{1,4})\\)\\s+(?=\\S)'\n", encoding="utf-8")
    custom = read_report(path, lexicon, layout=load_layout(layout_file))
    original_path = tmp_path / "original.md"
    original_path.write_text(mini, encoding="utf-8")
    original = read_report(original_path, lexicon)
    assert [(p.number, p.text) for p in custom.paragraphs] == [
        (p.number, p.text) for p in original.paragraphs
    ]
    assert _facts(custom) == _facts(original)


@pytest.mark.parametrize(
    "text, message",
    [
        ("paragraph = '('\n", "not a valid regular expression"),
        ("paragraph = '^\\d+'\n", "needs 2 group"),
        ("parts = [{key = 'annex', pattern = 'x'}]\n", "key among"),
        ("paragraph = \n", "not valid TOML"),
    ],
)
def test_a_broken_layout_file_is_one_clear_error(tmp_path: Path, text: str, message: str):
    path = tmp_path / "layout.toml"
    path.write_text(text, encoding="utf-8")
    load_layout.cache_clear()
    with pytest.raises(LayoutError, match=message):
        load_layout(path)
