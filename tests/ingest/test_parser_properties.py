"""Property-based tests of the parser (hypothesis): no text makes it crash, and every offset it reports
points at the text it quotes.

The texts are drawn from a report-shaped grammar (title lines, part headings, activity headings,
numbered paragraphs with ratings, markup, names from the vocabularies, unicode and junk) as well as from
arbitrary unicode, so both the structure-reading paths and the fallbacks get exercised.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import NoParagraphsError
from ingest.lexicon import Lexicon
from ingest.load import load_lexicon
from ingest.parse import parse_report
from ingest.records import Report
from ingest.text import collapse, mask_markup

LEXICON: Lexicon = load_lexicon()
NAMES = sorted({c.label for c in LEXICON.concepts.values()})[:400]

words = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(
        ["SMART", "poaching", "fences", "has not", "did not", "no", "anti-poaching", "e.g.", "(WCS)"]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12),
)
sentence = st.lists(words, min_size=1, max_size=14).map(lambda ws: " ".join(ws) + ".")
markup = st.sampled_from(["*", "**", "_", "[", "](#)", "(", ")", "—", "\t", "  ", ""])
rating = st.sampled_from(
    [
        "*Partially achieved.* ",
        "*Not achieved.* ",
        "*Achieved in Mongolia.* ",
        "*In progress.* ",
        "",
        "See 4.13. ",
    ]
)
heading = st.one_of(
    st.sampled_from(
        [
            "Introduction",
            "Conservation status and trends of CAMI Species",
            "Review of the implementation of the CAMI POW (2021-2025)",
            "Transboundary Cooperation",
            "Species-specific Measures",
            "Conclusions: successes, challenges and main conservation needs**Successes**",
            "Snow Leopard",
            "Kiang",
        ]
    ),
    st.sampled_from(NAMES),
)


@st.composite
def report_lines(draw: st.DrawFn) -> str:
    lines: list[str] = []
    number = draw(st.integers(0, 3))
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(
            st.sampled_from(["paragraph", "paragraph", "heading", "activity", "item", "blank", "junk"])
        )
        if kind == "paragraph":
            number += draw(st.sampled_from([1, 1, 1, 0, 2, -1, 40]))
            body = " ".join(draw(st.lists(sentence, min_size=1, max_size=3)))
            lead = draw(st.sampled_from(["", " ", "  "]))
            lines.append(f"{lead}{number}. {draw(rating)}{draw(markup)}{body}{draw(markup)}")
        elif kind == "heading":
            lines.append(draw(heading))
        elif kind == "activity":
            code = f"{draw(st.integers(1, 20))}.{draw(st.integers(1, 20))}"
            lines.append(f"{code}{draw(st.sampled_from(['', '.']))} {draw(sentence)}")
        elif kind == "item":
            lines.append(f"{draw(st.sampled_from(['- a) ', 'b) ', '- ', 'iv. ']))}*{draw(sentence)}*")
        elif kind == "blank":
            lines.append("")
        else:
            lines.append(draw(st.text(max_size=80)))
    if draw(st.booleans()):  # most of a report is its review part: activities are read only there
        lines[:0] = [
            "Review of the implementation of the CAMI POW (2021-2025)",
            "",
            "Transboundary Cooperation",
        ]
    return draw(st.sampled_from(["\n", "\n\n"])).join(lines)


def _parse(text: str) -> Report | None:
    try:
        return parse_report(text, LEXICON, name="generated.md")
    except NoParagraphsError:
        return None


def _check_offsets(report: Report) -> None:
    source = report.source
    masked = mask_markup(source)
    for paragraph in report.paragraphs:
        assert 0 <= paragraph.start <= paragraph.end <= len(source)
        assert source[paragraph.start :].lstrip().startswith(str(paragraph.number))
        assert collapse(masked[paragraph.start : paragraph.end]).endswith(paragraph.text)
        for s in paragraph.sentences:
            assert paragraph.start <= s.start <= s.end <= paragraph.end
            assert collapse(masked[s.start : s.end]) == s.text
    for mention in report.mentions:
        assert source[mention.start : mention.end] == mention.surface
    for activity in report.activities:
        rating = activity.rating
        if rating is not None and rating.span is not None and rating.raw is not None:
            assert (
                rating.raw in source[rating.span.start : rating.span.end]
                or source[rating.span.start : rating.span.end] in rating.raw
            )
    for warning in report.warnings:
        assert warning.startswith(("line ", "…"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_lines())
def test_report_shaped_text_never_crashes_and_offsets_point_at_the_quote(text: str):
    report = _parse(text)
    if report is not None:
        _check_offsets(report)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_any_text_never_crashes(text: str):
    report = _parse(text)
    if report is not None:
        _check_offsets(report)
