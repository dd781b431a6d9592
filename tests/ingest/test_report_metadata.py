"""Document metadata read from the front matter."""

from __future__ import annotations

COUNTRY = "https://w3id.org/cami-kg/vocab/country/"


def test_bundled_report_symbol_and_meeting(report):
    meta = report.metadata
    assert meta.symbol == "UNEP/CMS/CAMI3/Doc.2"
    assert meta.meeting == "THIRD MEETING OF RANGE STATES TO THE CMS CENTRAL ASIAN MAMMALS INITIATIVE (CAMI)"
    assert meta.title == (
        "DRAFT OVERVIEW REPORT ON THE IMPLEMENTATION OF THE PROGRAMME OF WORK FOR THE CENTRAL ASIAN MAMMALS "
        "INITIATIVE 2021-2026"
    )


def test_bundled_report_place_and_dates(report):
    meta = report.metadata
    assert meta.place == "Tashkent, Uzbekistan"
    assert meta.place_country == COUNTRY + "UZ"
    assert (meta.start_date, meta.end_date) == ("2025-06-24", "2025-06-26")


def test_bundled_report_preparer_and_programme(report):
    meta = report.metadata
    assert meta.preparer == "Conservation X Labs"
    assert meta.programme_period == "2021-2026"


def test_bundled_report_reporting_countries(report):
    assert sorted(report.metadata.reporting_countries) == [
        COUNTRY + code for code in ("KG", "KZ", "MN", "PK", "TJ", "TM", "UZ")
    ]


def test_metadata_of_another_report(mini_report):
    meta = mini_report.metadata
    assert meta.symbol == "UNEP/CMS/CAMI9/Doc.4"
    assert meta.place == "Ulaanbaatar, Mongolia"
    assert meta.place_country == COUNTRY + "MN"
    assert (meta.start_date, meta.end_date) == ("2024-05-03", "2024-05-05")
    assert meta.preparer == "Example Conservation Lab"
    assert meta.reporting_countries == (COUNTRY + "MN", COUNTRY + "KZ")
