"""Qualified relations read from one sentence (report.statements)."""

from __future__ import annotations

V = "https://w3id.org/cami-kg/vocab/"
SMART = V + "practice/smart"


def _uses_smart(report):
    return [
        (s.subject, s.negated, s.paragraph, s.sentence)
        for s in report.statements
        if s.predicate == "usesPractice" and s.object == SMART
    ]


def _parse(parse, *paragraphs):
    body = "\n\n".join(f"{n}. {p}" for n, p in enumerate(paragraphs, start=1))
    return parse(
        "Review of the implementation of the CAMI POW (2021-2025)\n\n"
        f"Illegal Hunting, Possession and Trade\n\n{body}\n"
    )


def test_country_and_smart_in_one_sentence_give_a_uses_practice_statement(parse):
    report = _parse(parse, "Rangers were trained in 2023. Kazakhstan uses SMART in all protected areas.")
    assert _uses_smart(report) == [(V + "country/KZ", False, 1, 2)]
    (statement,) = report.statements
    assert report.source[statement.subject_mention.start : statement.subject_mention.end] == "Kazakhstan"
    assert report.source[statement.object_mention.start : statement.object_mention.end] == "SMART"


def test_statement_is_negated_when_the_country_clause_is_negated(parse):
    report = _parse(parse, "Kazakhstan has introduced SMART patrols, while Tajikistan has not yet done so.")
    assert _uses_smart(report) == [(V + "country/KZ", False, 1, 1), (V + "country/TJ", True, 1, 1)]


def test_statement_in_a_negated_sentence(parse):
    report = _parse(parse, "Tajikistan has not introduced SMART.")
    assert _uses_smart(report) == [(V + "country/TJ", True, 1, 1)]


def test_every_country_of_a_list_uses_the_practice(parse):
    report = _parse(
        parse,
        "Mongolia, Kazakhstan, Pakistan and Uzbekistan have introduced SMART across several protected areas.",
    )
    assert _uses_smart(report) == [
        (V + "country/MN", False, 1, 1),
        (V + "country/KZ", False, 1, 1),
        (V + "country/PK", False, 1, 1),
        (V + "country/UZ", False, 1, 1),
    ]
