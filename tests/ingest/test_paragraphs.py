"""Numbered paragraphs and sentences: numbers, exact offsets, page breaks, indented lines.

The snippet is ``tests/data/snippet-paragraphs.md``.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def doc(snippet):
    return snippet("snippet-paragraphs.md")


def test_paragraph_numbers_in_order(doc):
    assert [p.number for p in doc.paragraphs] == [12, 13, 14, 15, 16, 17]


def test_paragraph_offsets_point_at_the_numbered_source(doc):
    for p in doc.paragraphs:
        assert doc.source[p.start : p.end].startswith(f"{p.number}. ")
    assert doc.paragraph(16).start == doc.source.index("16. Pakistan")
    assert doc.paragraph(16).end == doc.source.index("legislation.") + len("legislation.")


def test_paragraph_cut_mid_sentence_by_a_page_break_keeps_its_capitalised_continuation(doc):
    p = doc.paragraph(12)
    assert doc.source[p.start : p.end] == (
        "12. Kazakhstan and Mongolia signed a memorandum on joint patrols, and the first joint patrols "
        "took place in the\n\nGreat Gobi A Strictly Protected Area (see Annex 1)"
    )
    assert p.text == (
        "Kazakhstan and Mongolia signed a memorandum on joint patrols, and the first joint patrols took "
        "place in the Great Gobi A Strictly Protected Area (see Annex 1)"
    )
    # The continuation is no heading: no section is named after it.
    assert [s.heading for s in doc.sections] == [
        "Review of the implementation of the CAMI POW (2021-2025)",
        "Transboundary Cooperation",
        "Illegal Hunting, Possession and Trade",
    ]


def test_paragraph_continued_in_lower_case_after_a_page_break(doc):
    p = doc.paragraph(13)
    assert doc.source[p.start : p.end] == (
        "13. Habitat loss and degradation, driven by agricultural expansion,\n\ninfrastructure development, "
        "water diversion, and climate change, remain the most significant threats."
    )
    assert p.text == (
        "Habitat loss and degradation, driven by agricultural expansion, infrastructure development, water "
        "diversion, and climate change, remain the most significant threats."
    )


def test_indented_lines_are_paragraphs(doc):
    assert doc.paragraph(14).start == doc.source.index("14. Bilateral")
    assert doc.paragraph(15).start == doc.source.index("15. Turkmenistan")
    assert doc.paragraph(14).text == (
        "Bilateral cooperation between Tajikistan and Uzbekistan resulted in a standardized monitoring "
        "manual."
    )


def test_paragraphs_belong_to_the_section_they_sit_in(doc):
    assert [p.section for p in doc.paragraphs] == [
        "pow-review/transboundary-cooperation",
        "pow-review/transboundary-cooperation",
        "pow-review/transboundary-cooperation",
        "pow-review/transboundary-cooperation",
        "pow-review/illegal-hunting-possession-and-trade",
        "pow-review/illegal-hunting-possession-and-trade",
    ]


def test_sentences_do_not_split_at_abbreviations_and_initials(doc):
    sentences = doc.paragraph(17).sentences
    assert [s.text for s in sentences] == [
        "This overview draws on national reports, e.g. Mongolia's report on monitoring, and on studies "
        "such as Anile et al. 2024 and Z. Moheb.",
        "Rangers were trained in 2023.",
        "Is the programme on track?",
    ]
    assert [s.index for s in sentences] == [1, 2, 3]


def test_sentence_offsets_index_the_source(doc):
    sentences = doc.paragraph(17).sentences
    assert [doc.source[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert sentences[0].start == doc.source.index("This overview")
    assert sentences[1].start == doc.source.index("Rangers were")


def test_sentence_offsets_skip_italic_markup(mini_report):
    first, second = mini_report.paragraph(14).sentences
    assert mini_report.source[first.start : first.end] == "Achieved in Mongolia."
    assert first.text == "Achieved in Mongolia."
    assert mini_report.source[second.start : second.end] == "Mongolia has designated several sites."


def test_page_break_inside_a_paragraph_of_the_bundled_report(report):
    p = report.paragraph(15)
    assert p.text == (
        "Despite the encouraging upward trend, the species continues to face serious conservation "
        "challenges. Habitat loss and degradation, driven by agricultural expansion, infrastructure "
        "development, water diversion, and climate change, remain the most significant threats."
    )
    assert report.paragraph(16).text.startswith("Additionally, poaching, livestock competition")
