"""The section tree: parts, themes, species sub-headings, conclusions and their recipients."""

from __future__ import annotations


def _sections(report):
    return {s.key: s for s in report.sections}


def test_part_headings(mini_report):
    parts = [(s.key, s.heading) for s in mini_report.sections if s.kind == "part"]
    assert parts == [
        ("introduction", "Introduction"),
        ("species-status", "Conservation status and trends of CAMI Species"),
        ("pow-review", "Review of the implementation of the CAMI POW (2021-2025)"),
        ("conclusions", "Conclusions: successes, challenges and main conservation needs"),
    ]


def test_themes_come_from_the_body_not_the_table_of_contents(mini_report):
    # "Scientific knowledge" is not in the table of contents of the mini report.
    themes = [(s.heading, s.parent) for s in mini_report.sections if s.kind == "theme"]
    assert themes == [
        ("Transboundary Cooperation", "pow-review"),
        ("Scientific knowledge", "pow-review"),
        ("Industry and Infrastructure Development / Barriers to Movement", "pow-review"),
        ("Community engagement and sustainable use", "pow-review"),
        ("Species-specific Measures", "pow-review"),
    ]


def test_table_of_contents_lines_are_no_sections(mini_report):
    starts = [s.start for s in mini_report.sections]
    toc_end = mini_report.source.index("Conclusions: successes, challenges and main conservation needs\t8")
    assert all(start > toc_end for start in starts)


def test_species_headings_under_the_species_specific_theme(mini_report):
    species = [(s.heading, s.parent, s.species) for s in mini_report.sections if s.kind == "species"]
    base = "https://w3id.org/cami-kg/vocab/species/"
    assert species == [
        ("Snow Leopard", "species-status", base + "snow-leopard"),
        ("Mongolian Gazelle", "pow-review/species-specific-measures", base + "mongolian-gazelle"),
        ("Asiatic Cheetah", "pow-review/species-specific-measures", base + "asiatic-cheetah"),
        ("Kiang", "pow-review/species-specific-measures", base + "kiang"),
    ]


def test_conclusions_heading_with_a_glued_bold_sub_heading(mini_report):
    sections = _sections(mini_report)
    successes = sections["conclusions/successes"]
    assert successes.heading == "Successes"
    assert successes.kind == "conclusions"
    assert successes.parent == "conclusions"
    assert mini_report.source[successes.start :].startswith("Successes**")
    assert mini_report.paragraph(18).section == "conclusions/successes"


def test_recipients_line_ending_with_a_colon_is_a_sub_section(mini_report):
    sections = _sections(mini_report)
    key = "conclusions/recommendations/to-cami-range-states-with-the-support-of-ngos"
    recipients = sections[key]
    assert recipients.heading == "To CAMI Range States with the support of NGOs"
    assert recipients.kind == "recipients"
    assert recipients.parent == "conclusions/recommendations"
    assert mini_report.paragraph(19).section == "conclusions/recommendations"
    assert mini_report.paragraph(20).section == key


def test_section_order_is_document_order(mini_report):
    assert [s.order for s in mini_report.sections] == list(range(1, len(mini_report.sections) + 1))
    starts = [s.start for s in mini_report.sections]
    assert starts == sorted(starts)


def test_theme_after_a_paragraph_ending_in_an_italic_remark(snippet):
    # tests/data/snippet-remark-before-theme.md: the remark of paragraph 279 ends in ".*" and the theme
    # "Scientific knowledge" follows; it must not be read as the tail of the paragraph.
    report = snippet("snippet-remark-before-theme.md")
    themes = [s.heading for s in report.sections if s.kind == "theme"]
    assert themes == ["Capacity Development", "Scientific knowledge"]
    assert report.paragraph(279).text == (
        "Activity not clearly phrased to be evaluated, not clear who is to launch such meetings and for "
        "what purpose."
    )
    assert {a.code: a.theme for a in report.activities} == {
        "7.3": "Capacity Development",
        "8.3": "Scientific knowledge",
    }
