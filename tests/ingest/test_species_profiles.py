"""Species profiles: scientific names, Red List category, CITES/CMS listings, population estimates.

The snippet is ``tests/data/snippet-profiles.md``.
"""

from __future__ import annotations

import pytest

COUNTRY = "https://w3id.org/cami-kg/vocab/country/"
IUCN = "https://w3id.org/cami-kg/vocab/iucn-category/"


@pytest.fixture(scope="module")
def profiles(snippet):
    return {p.name: p for p in snippet("snippet-profiles.md").profiles}


def test_one_profile_per_species_heading(profiles):
    assert list(profiles) == [
        "Argali", "Asiatic Cheetah", "Asiatic Wild Ass", "Bukhara Deer", "Gobi Bear", "Przewalski's Horse",
        "Snow Leopard", "Wild Camel",
    ]  # fmt: skip


def test_misspelt_heading_is_kept_as_written(profiles):
    horse = profiles["Przewalski's Horse"]
    assert horse.heading == "Prezowski's Horse"
    assert horse.species == "https://w3id.org/cami-kg/vocab/species/przewalskis-horse"
    assert horse.paragraphs == (6,)


def test_scientific_names_in_italics_within_parentheses(profiles):
    assert {name: p.scientific_names for name, p in profiles.items() if p.scientific_names} == {
        "Argali": ("Ovis ammon",),
        "Asiatic Cheetah": ("Acinonyx jubatus venaticus",),
        "Bukhara Deer": ("Cervus hanglu bactrianus",),
        "Gobi Bear": ("Ursus arctos gobiensis",),
        "Przewalski's Horse": ("Equus ferus przewalskii",),
    }


def test_red_list_categories(profiles):
    assert {name: (p.iucn_category, p.iucn_concept) for name, p in profiles.items() if p.iucn_category} == {
        "Argali": ("Near Threatened", IUCN + "NT"),
        "Asiatic Cheetah": ("Critically Endangered", IUCN + "CR"),
        "Asiatic Wild Ass": ("Near Threatened", IUCN + "NT"),
        "Bukhara Deer": ("Least Concern", IUCN + "LC"),
        "Gobi Bear": ("Not separately assessed", IUCN + "not-separately-assessed"),
        # "reclassified ... from Extinct in the Wild to Endangered": the category now is Endangered.
        "Przewalski's Horse": ("Endangered", IUCN + "EN"),
    }


def test_red_list_category_span(snippet):
    report = snippet("snippet-profiles.md")
    argali = report.profiles[0]
    assert report.source[argali.iucn_span.start : argali.iucn_span.end] == "Near Threatened"
    assert argali.iucn_paragraph == 1


def _listings(profile):
    return [(x.convention, x.appendix, x.applies_to) for x in profile.listings]


def test_listings_per_convention(profiles):
    assert _listings(profiles["Argali"]) == [("CITES", "II", None), ("CMS", "II", None)]


def test_listing_of_both_conventions(profiles):
    assert _listings(profiles["Asiatic Cheetah"]) == [("CITES", "I", None), ("CMS", "I", None)]
    assert _listings(profiles["Gobi Bear"]) == [("CITES", "I", None), ("CMS", "I", None)]


def test_listing_split_by_subspecies(profiles):
    assert _listings(profiles["Asiatic Wild Ass"]) == [
        ("CITES", "I", "Gobi khulan, Indian khur"),
        ("CITES", "II", "Persian onager, Turkmen kulan"),
        ("CMS", "II", None),
    ]


def test_listing_in_two_appendices(profiles):
    assert _listings(profiles["Bukhara Deer"]) == [
        ("CITES", "II", None),
        ("CMS", "I", None),
        ("CMS", "II", None),
    ]


def test_estimate_value_as_written_with_year_and_place(profiles):
    (estimate,) = profiles["Asiatic Cheetah"].estimates
    assert (estimate.value, estimate.lower, estimate.upper) == ("fewer than 30", None, 30.0)
    assert estimate.year == "2025"
    assert (estimate.where, estimate.location) == ("Iran", COUNTRY + "IR")
    assert estimate.paragraph == 2


def test_estimate_over_a_period_of_years(profiles):
    (estimate,) = profiles["Wild Camel"].estimates
    assert (estimate.value, estimate.lower, estimate.upper) == ("approximately 664", 664.0, 664.0)
    assert estimate.year == "2019-2021"
    assert estimate.location == "https://w3id.org/cami-kg/vocab/place/great-gobi-a"
    assert estimate.where in {"Great Gobi A Special Protected Area", "GGASPA"}


def _estimates(profile, paragraph):
    return [(e.value, e.where, e.location) for e in profile.estimates if e.paragraph == paragraph]


def test_estimates_paired_with_places_by_respectively(profiles):
    assert _estimates(profiles["Snow Leopard"], 7) == [
        ("roughly 150–250", "Kyrgyzstan", COUNTRY + "KG"),
        ("180–220", "Tajikistan", COUNTRY + "TJ"),
    ]


def test_respectively_after_an_earlier_estimate_in_the_same_sentence(profiles):
    # Paragraph 46 of the CAMI report: the first figure is Kazakhstan's, the pair Kyrgyzstan's and
    # Tajikistan's.
    assert _estimates(profiles["Snow Leopard"], 8) == [
        ("152–189", "Kazakhstan", COUNTRY + "KZ"),
        ("roughly 150–250", "Kyrgyzstan", COUNTRY + "KG"),
        ("180–220", "Tajikistan", COUNTRY + "TJ"),
    ]


def test_estimate_place_from_an_earlier_sentence_of_the_paragraph(snippet):
    # tests/data/snippet-cheetah.md, paragraph 7 of the CAMI report: the cheetah survives only in Iran;
    # "the Middle East and South Asia" is its former range.
    (cheetah,) = snippet("snippet-cheetah.md").profiles
    assert [(e.value, e.year, e.where, e.location) for e in cheetah.estimates] == [
        ("fewer than 30", "2025", "Iran", COUNTRY + "IR"),
        ("as low as 26", "2025", "Iran", COUNTRY + "IR"),
    ]
