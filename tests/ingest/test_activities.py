"""POW activities and their assessments: codes, sub-items, evidence, ratings, remarks, cross-references."""

from __future__ import annotations

from ingest.records import SubItem

RATING = "https://w3id.org/cami-kg/vocab/rating/"


def _by_code(report):
    return {a.code: a for a in report.activities if a.code is not None}


def _by_species(report):
    return {a.species: a for a in report.activities if a.code is None}


def test_activity_codes_in_document_order(mini_report):
    assert [a.code for a in mini_report.activities] == [
        "1.1", "1.2.a", "1.2.b", "1.2.c", "1.2.d", "1.3", "1.4", "8.3", "3.2", "5.3", "18.2", "18.4",
        None, None,
    ]  # fmt: skip


def test_stray_full_stop_after_the_code_is_dropped(mini_report):
    activities = _by_code(mini_report)
    assert activities["1.3"].title == (
        "Increase awareness about the benefits of transboundary cooperation among governments and "
        "stakeholders."
    )
    assert activities["1.2.a"].parent == "1.2"
    assert activities["1.2.a"].parent_title == "Build on existing agreements, specifically:"


def test_italic_title_loses_its_markup(mini_report):
    assert (
        _by_code(mini_report)["1.4"].title
        == "Urge all CAMI Range States to become a contracting Party to CMS and CITES."
    )


def test_sub_items_with_paragraphs_between_them_become_activities(mini_report):
    activities = _by_code(mini_report)
    assert [(code, activities[code].title) for code in ("1.2.a", "1.2.b", "1.2.c", "1.2.d")] == [
        ("1.2.a", "Use the Transboundary Hotspots study to identify entry-points for enhanced cooperation;"),
        ("1.2.b", "Partner with and integrate migratory species conservation into relevant MEAs;"),
        ("1.2.c", "Establish working groups for each of the proposed priority sites;"),
        ("1.2.d", "Carry out targeted workshops for priority sites identified in the study;"),
    ]
    assert "1.2" not in activities
    assert {activities[code].parent for code in ("1.2.a", "1.2.b", "1.2.c", "1.2.d")} == {"1.2"}


def test_sub_items_listed_before_the_first_paragraph_stay_one_activity(mini_report):
    activity = _by_code(mini_report)["1.1"]
    assert activity.sub_items == (
        SubItem("a", "CMS to coordinate a review of the formal processes within each Range State; and"),
        SubItem("b", "Highlight areas where CMS and other conservation partners can have an influence."),
    )
    assert activity.evidence == (3, 4)
    assert activity.parent is None
    assert not any(code.startswith("1.1.") for code in _by_code(mini_report))


def test_nested_roman_sub_items(mini_report):
    activity = _by_code(mini_report)["3.2"]
    assert activity.sub_items == (
        SubItem(
            "a",
            "Update and develop where necessary:",
            (
                SubItem("i", "common standards for GIS and maps;"),
                SubItem("ii", "distribution maps (layers) per country per CAMI species;"),
            ),
        ),
        SubItem(
            "b", "Develop species-specific factsheets (including behaviour, ecology, key ecological needs);"
        ),
    )
    assert activity.evidence == (12,)


def test_unlettered_bullet_steps(mini_report):
    activity = _by_code(mini_report)["18.4"]
    assert activity.sub_items == (
        SubItem(None, "Conduct a policy study on the current legal framework for mechanized hay cutting;"),
        SubItem(None, "Map hay cutting occurrences."),
    )
    assert activity.evidence == (15,)


def test_evidence_runs_from_the_heading_to_the_next_heading(mini_report):
    evidence = {a.code or a.species: a.evidence for a in mini_report.activities}
    assert evidence == {
        "1.1": (3, 4),
        "1.2.a": (5, 6),
        "1.2.b": (7,),
        "1.2.c": (8,),
        "1.2.d": (8,),  # c) and d) are listed together and share paragraph 8
        "1.3": (9,),
        "1.4": (10,),
        "8.3": (11,),
        "3.2": (12,),
        "5.3": (13,),
        "18.2": (14,),
        "18.4": (15,),
        "Asiatic Cheetah": (16,),
        "Kiang": (17,),
    }


def test_theme_and_species_of_each_activity(mini_report):
    activities = _by_code(mini_report)
    assert activities["1.2.b"].theme == "Transboundary Cooperation"
    assert activities["1.2.b"].theme_key == "pow-review/transboundary-cooperation"
    assert activities["1.2.b"].species is None
    assert activities["8.3"].theme == "Scientific knowledge"
    assert activities["3.2"].theme == "Industry and Infrastructure Development / Barriers to Movement"
    assert activities["18.2"].theme == "Species-specific Measures"
    assert activities["18.2"].species == "Mongolian Gazelle"
    assert activities["18.2"].species_iri == "https://w3id.org/cami-kg/vocab/species/mongolian-gazelle"
    assert activities["18.2"].section == "pow-review/species-specific-measures/mongolian-gazelle"


def test_rating_normalized_and_as_written(mini_report):
    activity = _by_code(mini_report)["1.2.a"]
    rating = activity.rating
    assert (rating.label, rating.raw, rating.concept, rating.scope) == (
        "Partially achieved", "Partially achieved.", RATING + "partially-achieved", None,
    )  # fmt: skip
    assert mini_report.source[rating.span.start : rating.span.end] == "Partially achieved."
    assert activity.remark is None


def test_rating_variants_are_kept_apart(mini_report):
    activities = _by_code(mini_report)
    seen = {
        code: (activities[code].rating.label, activities[code].rating.concept)
        for code in ("1.2.a", "1.2.b", "8.3")
    }
    assert seen == {
        "1.2.a": ("Partially achieved", RATING + "partially-achieved"),
        "1.2.b": ("Partially implemented", RATING + "partially-implemented"),
        "8.3": ("Not fully achieved", RATING + "not-fully-achieved"),
    }


def test_rating_scoped_to_a_country(mini_report):
    rating = _by_code(mini_report)["18.2"].rating
    assert rating.label == "Achieved in Mongolia"
    assert rating.raw == "Achieved in Mongolia."
    assert rating.scope == "https://w3id.org/cami-kg/vocab/country/MN"
    assert rating.concept != RATING + "achieved"


def test_italic_remark_that_is_no_rating(mini_report):
    activity = _by_code(mini_report)["1.3"]
    assert activity.rating is None
    assert activity.remark == (
        "Activity not clearly phrased to be evaluated, not clear who is to launch such meetings and for "
        "what purpose."
    )


def test_paragraph_that_is_only_a_cross_reference_has_no_rating(mini_report):
    activity = _by_code(mini_report)["5.3"]
    assert activity.rating is None
    assert activity.remark is None
    assert [(x.text, x.activity, x.paragraphs) for x in activity.see_also] == [("4.13", "4.13", ())]


def test_rating_followed_by_a_paragraph_cross_reference(mini_report):
    for code in ("1.2.c", "1.2.d"):
        activity = _by_code(mini_report)[code]
        assert activity.rating.label == "Partially achieved"
        assert activity.rating.raw == "Partially achieved."
        assert [(x.text, x.activity, x.paragraphs) for x in activity.see_also] == [("5-6", None, (5, 6))]


def test_species_heading_without_activity_not_typeset_as_rating(mini_report):
    activity = _by_species(mini_report)["Asiatic Cheetah"]
    assert activity.code is None
    assert activity.species_iri == "https://w3id.org/cami-kg/vocab/species/asiatic-cheetah"
    assert activity.theme == "Species-specific Measures"
    assert activity.rating.label == "No information submitted"
    assert activity.rating.concept == RATING + "no-information-submitted"
    assert activity.rating.raw is None
    assert activity.evidence == (16,)


def test_species_heading_without_activity_typeset_as_rating(mini_report):
    activity = _by_species(mini_report)["Kiang"]
    assert activity.code is None
    assert activity.rating.label == "No information submitted"
    assert activity.rating.raw == "No information submitted."
    assert activity.evidence == (17,)


def test_species_with_activities_gets_no_bare_species_assessment(mini_report):
    assert set(_by_species(mini_report)) == {"Asiatic Cheetah", "Kiang"}


def test_cross_references_in_the_title(parse):
    report = parse(
        """Review of the implementation of the CAMI POW (2021-2025)

Illegal Hunting, Possession and Trade

2.2 Increase the technical capacity of rangers and other enforcement personnel (see also 7.4).

108. *Partially achieved.* Rangers were trained in Mongolia.
"""
    )
    (activity,) = report.activities
    assert activity.code == "2.2"
    assert activity.related == ("7.4",)
    assert activity.see_also == ()


def test_heading_span_points_at_the_heading_as_written(mini_report):
    spans = {
        a.code or a.species: mini_report.source[a.heading_span.start : a.heading_span.end]
        for a in mini_report.activities
    }
    assert (
        spans["1.1"] == "1.1 Develop an understanding and make best use of political processes, specifically:"
    )
    assert spans["1.2.c"] == "c) *Establish working groups for each of the proposed priority sites;*"
    assert spans["1.4"] == "1.4 *Urge all CAMI Range States to become a contracting Party to CMS and CITES.*"
    assert spans["Kiang"] == "Kiang"
