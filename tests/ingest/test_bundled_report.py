"""The bundled CAMI report as a whole, and the development set of activities in shared/eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"

THEMES = [
    "Transboundary Cooperation",
    "Illegal Hunting, Possession and Trade",
    "Industry and Infrastructure Development / Barriers to Movement",
    "Overgrazing and Livestock Competition",
    "Community engagement and sustainable use",
    "Good Governance of Natural Resource Management",
    "Capacity Development",
    "Scientific knowledge",
    "Coordination, Data Sharing and Review Processes",
    "Outreach and Awareness Raising",
    "Funding",
    "Synergies and Stakeholder Involvement",
    "Species-specific Measures",
]

# Every activity heading of the report (checked line by line), with the sub-items 1.2, 1.3 and 1.4 assess
# one by one; 1.1, 3.1-3.6 list theirs before the first paragraph and stay one activity each.
CODES = """
1.1 1.2.a 1.2.b 1.2.c 1.2.d 1.2.e 1.3.a 1.3.b 1.3.c 1.3.d 1.3.e 1.3.f 1.4.a 1.4.b 1.5 1.6 1.7 1.8
2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 3.1 3.2 3.3 3.4 3.5 3.6
4.1 4.2 4.3 4.4 4.5 4.6 4.7 4.8 4.9 4.10 4.11 4.12 4.13 4.14 4.15
5.2 5.3 5.5 5.6 5.7 5.11 5.13 5.14 5.15 6.2 6.3 6.4 6.5 7.1 7.2 7.3 7.4 7.5 8.2 8.3 8.4 8.6
29.6 29.9 30.1 30.2 30.4 31.2 31.3 31.4 31.6 31.10 31.11 32.1 32.2 32.4
9.1 9.2 9.4 9.5 11.1 11.2 11.3 11.4 11.5 11.6 11.7 11.8 12.2 15.1 15.2 15.3
16.1 16.2 16.3 16.4 16.5 16.6 16.7 16.8 16.9 16.10 16.11 16.12 16.13 16.14 16.15 16.16
18.1 18.2 18.3 18.4 18.5 18.6 19.2 19.3 19.4 19.5 19.6 19.7 19.8 19.9 19.10 19.11
20.1 20.2 20.3 20.4 20.5 20.6 20.7 20.8 20.9 21.1 22.1 22.2 22.3 22.4 22.5 22.6 22.7 22.8 22.9
24.1 24.2 24.3 24.4 24.5 24.6 24.7 24.8 24.9 24.10 24.11 24.12 24.13 24.14 24.15 24.16 25.1 25.2 25.3 25.4
""".split()  # noqa: SIM905


def test_paragraphs_numbered_without_gaps(report):
    assert [p.number for p in report.paragraphs] == list(range(1, 432))
    # The only things odd about the bundled report: three activities reviewed without a rating.
    assert report.warnings == (
        "line 363: activity 3.1 has evidence but no rating (none at its first paragraph, none in a table)",
        "line 532: activity 4.8 has evidence but no rating (none at its first paragraph, none in a table)",
        "line 816: activity 32.4 has evidence but no rating (none at its first paragraph, none in a table)",
    )


def test_paragraph_offsets(report):
    for p in report.paragraphs:
        assert report.source[p.start : p.end].startswith(f"{p.number}. ")


def test_themes(report):
    assert [s.heading for s in report.sections if s.kind == "theme"] == THEMES


def test_species_profiles(report):
    assert [p.name for p in report.profiles] == [
        "Argali", "Asiatic Cheetah", "Asiatic Wild Ass", "Bukhara Deer", "Gobi Bear", "Goitered Gazelle",
        "Mongolian Gazelle", "Persian Leopard", "Przewalski's Horse", "Saiga Antelope", "Snow Leopard",
        "Urial", "Wild Camel", "Wild Yak",
    ]  # fmt: skip


def test_every_activity_code(report):
    codes = [a.code for a in report.activities if a.code is not None]
    assert sorted(codes) == sorted(CODES)
    assert len(codes) == len(set(codes))


def test_species_headings_without_activity(report):
    bare = [
        (a.species, a.rating.label, a.rating.raw, a.evidence) for a in report.activities if a.code is None
    ]
    assert bare == [
        ("Asiatic Cheetah", "No information submitted", None, (331,)),
        ("Kiang", "No information submitted", "No information submitted.", (352,)),
        ("Wild Yak", "No information submitted", None, (408,)),
    ]


def _gold():
    return json.loads((EVAL / "dev_activities.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("gold", _gold(), ids=lambda g: g["code"] or g["species"])
def test_dev_activities(report, gold):
    (activity,) = [
        a
        for a in report.activities
        if a.code == gold["code"] and (a.code or a.species == gold.get("species"))
    ]
    found = {
        "code": activity.code,
        "theme": activity.theme,
        "species": activity.species,
        "rating": activity.rating.label if activity.rating else None,
        "rating_raw": activity.rating.raw if activity.rating else None,
        "see_also": [x.text for x in activity.see_also],
        "evidence_paragraphs": list(activity.evidence),
    }
    # Gold names the species of species-specific items only.
    assert found == {"species": None, **gold}
